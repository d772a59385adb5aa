//! A delegate downloads their data and deletes their registration (the seat goes on); the
//! secretariat erases a person by address (officials may not), leaving neither the address nor
//! the name in the audit log, nor, on SQLite, in the database files.

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::RegistrationStatus;
use app::ssr::tokens::{feed_token, new_token, token_hash};

use super::{audit_text, form_register, holds, open, sqlite_files, status_of};
use crate::helpers::{Backend, Spawn, TestApp};
use crate::on_both_backends;
use crate::people::{Person, account, workshop};

async fn a_delegate_downloads_their_data(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let event = workshop(&app, "taller-datos", Country::GT, None, true).await;
    open(&app, &event, None).await;
    let delegate = Person::anonymous(&app).await;
    let token = form_register(
        &delegate,
        "taller-datos",
        "Gabriela Gómez",
        "Gabriela@Minex.gob.gt",
        "GT",
    )
    .await;
    let mine = delegate.get_text(&format!("/registrations/{token}")).await;
    assert!(
        mine.contains(&format!("/registrations/{token}/data.json")),
        "{mine}"
    );
    assert!(mine.contains("Delete my registration and data"), "{mine}");

    let response = delegate
        .get(&format!("/registrations/{token}/data.json"))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let h = response.headers();
    assert_eq!(h["content-type"], "application/json");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"enlace-taller-datos.json\""
    );
    assert_eq!(h["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    assert!(!body.contains(&token), "never the token");
    assert!(!body.contains(&token_hash(&token)), "never its hash");
    assert!(
        !body.contains(&token_hash(&feed_token(&token, 0))),
        "never the feed's hash"
    );
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let r = &json["registration"];
    assert_eq!(r["name"], "Gabriela Gómez");
    assert_eq!(r["email"], "gabriela@minex.gob.gt");
    assert_eq!(r["delegation"], "GT");
    assert_eq!(r["institution"], "Ministerio de Relaciones Exteriores");
    assert_eq!(r["position"], "Directora de Asuntos Migratorios");
    assert_eq!(r["status"], "confirmed");
    assert_eq!(r["arrival"]["date"], "2031-03-02");
    assert_eq!(r["arrival"]["flight"], "CM 201");
    assert_eq!(r["departure"]["flight"], "CM 202");
    assert_eq!(r["hotel"], true);
    assert_eq!(r["transfer"], true);
    assert_eq!(r["dietary"], "Vegetariana");
    assert_eq!(r["accessibility"], "Silla de ruedas");
    assert_eq!(r["interpretation"], "en");
    assert_eq!(r["visa_letter"], true);
    for instant in ["consent_at", "created_at", "updated_at"] {
        assert!(
            r[instant].as_str().is_some_and(|s| s.starts_with("20")),
            "{instant}: {r}"
        );
    }
    assert_eq!(json["event"]["slug"], "taller-datos");
    assert_eq!(json["event"]["first_day"], "2031-03-03");
    assert_eq!(json["event"]["host"], "GT");
    assert!(json["notice"].as_str().unwrap().contains("Enlace"));
    assert_eq!(
        status_of(&app, &format!("/registrations/{}/data.json", new_token())).await,
        404
    );
}

async fn deleting_my_registration_erases_it_and_frees_the_seat(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let event = workshop(&app, "taller-borrar", Country::GT, None, true).await;
    open(&app, &event, Some(1)).await;
    let first = Person::anonymous(&app).await;
    let second = Person::anonymous(&app).await;
    let hugo = form_register(
        &first,
        "taller-borrar",
        "Hugo Hernández",
        "hugo@minex.gob.gt",
        "GT",
    )
    .await;
    let irma = form_register(
        &second,
        "taller-borrar",
        "Irma Ixcot",
        "irma@minex.gob.gt",
        "GT",
    )
    .await;
    let irma_status = || async {
        app.store
            .registration_by_token(&token_hash(&irma))
            .await
            .unwrap()
            .registration
            .status
    };
    assert_eq!(irma_status().await, RegistrationStatus::Waitlisted);
    let here = format!("/registrations/{hugo}");
    let feed = format!("/feeds/{}.ics", feed_token(&hugo, 0));
    assert_eq!(status_of(&app, &feed).await, 200);

    // The first button only asks; the question posts.
    let ask = first.get_text(&format!("{here}?erase=confirm")).await;
    assert!(
        ask.contains("Delete your registration and all its data now?"),
        "{ask}"
    );
    assert!(ask.contains(&format!("action=\"{here}/erase\"")), "{ask}");
    let unconfirmed = first.post(&format!("{here}/erase"), &[]).await;
    assert_eq!(unconfirmed.status().as_u16(), 400);
    assert!(
        app.store
            .registration_by_token(&token_hash(&hugo))
            .await
            .is_ok()
    );
    let forged = Person::anonymous(&app).await;
    let mut other = forged;
    other.token = "forged".into();
    let refused = other
        .post(&format!("{here}/erase"), &[("confirm", "yes")])
        .await;
    assert_eq!(refused.status().as_u16(), 403, "anti-forgery checked");

    let deleted = first
        .post(&format!("{here}/erase"), &[("confirm", "yes")])
        .await;
    assert_eq!(deleted.status().as_u16(), 303);
    assert_eq!(deleted.headers()["location"], "/registration-deleted");
    let page = first.get_text("/registration-deleted").await;
    assert!(page.contains("This registration was deleted"), "{page}");

    // Gone: the manage link, the download, the feed; the seat went to Irma.
    assert_eq!(status_of(&app, &here).await, 404);
    assert_eq!(status_of(&app, &format!("{here}/data.json")).await, 404);
    assert_eq!(status_of(&app, &feed).await, 404);
    assert_eq!(irma_status().await, RegistrationStatus::Confirmed);
    assert!(
        app.store
            .registrations_of_address("hugo@minex.gob.gt")
            .await
            .unwrap()
            .is_empty()
    );
    let kept = app.store.kept_of_event(event.id).await.unwrap();
    assert_eq!(kept.retention_erased_at, None);
    assert_eq!(kept.counts.len(), 1);
    assert_eq!(kept.counts[0].status, RegistrationStatus::Cancelled);
    let log = app.store.audit_log(event.id).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "erase-own").count(), 1);
    let audit = audit_text(&app).await;
    assert!(
        !audit.contains("hugo@") && !audit.contains("Hernández"),
        "{audit}"
    );
    // A second post finds nothing.
    let again = first
        .post(&format!("{here}/erase"), &[("confirm", "yes")])
        .await;
    assert_eq!(again.status().as_u16(), 404);
}

async fn the_secretariat_erases_a_person_by_address(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let one = workshop(&app, "taller-uno", Country::GT, None, true).await;
    open(&app, &one, Some(1)).await;
    let two = workshop(&app, "taller-dos", Country::GT, None, true).await;
    open(&app, &two, None).await;
    let person = Person::anonymous(&app).await;
    let email = "xiomara.quintanilla@minex.gob.sv";
    let name = "Xiomara Quintanilla";
    form_register(&person, "taller-uno", name, email, "SV").await;
    form_register(&person, "taller-dos", name, email, "SV").await;
    let yolanda = form_register(
        &person,
        "taller-uno",
        "Yolanda Yat",
        "yolanda@minex.gob.gt",
        "GT",
    )
    .await;
    let of_x = || async {
        app.store
            .registrations_of_address(email)
            .await
            .unwrap()
            .len()
    };
    assert_eq!(of_x().await, 2);
    if let Some(files) = sqlite_files(&app) {
        assert!(holds(&files, email), "the address is stored before");
    }
    let erase = [
        ("email", "  Xiomara.Quintanilla@MINEX.gob.sv "),
        ("confirm", "on"),
    ];

    // Officials may not, nor anyone signed out.
    let official = Person::signed_in(&app, "gt@test.org").await;
    assert_eq!(official.get("/admin/erase").await.status().as_u16(), 403);
    assert_eq!(
        official
            .post("/admin/erase", &erase)
            .await
            .status()
            .as_u16(),
        403
    );
    let anonymous = Person::anonymous(&app).await;
    let response = anonymous.post("/admin/erase", &erase).await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/signin")
    );
    assert_eq!(of_x().await, 2, "nothing erased by them");

    // The secretariat, from the accounts page; first without ticking the box.
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let accounts = sec.get_text("/admin/accounts").await;
    assert!(accounts.contains("href=\"/admin/erase\""), "{accounts}");
    let form_page = sec.get_text("/admin/erase").await;
    assert!(form_page.contains("action=\"/admin/erase\""), "{form_page}");
    let unticked = sec.post("/admin/erase", &erase[..1]).await;
    assert_eq!(unticked.headers()["location"], "/admin/erase");
    let page = sec.get_text("/admin/erase").await;
    assert!(page.contains("tick the box"), "{page}");
    assert_eq!(of_x().await, 2);

    let done = sec.post("/admin/erase", &erase).await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(done.headers()["location"], "/admin/erase");
    let page = sec.get_text("/admin/erase").await;
    assert!(
        page.contains("Personal data erased: 2 registration(s) in 2 event(s)."),
        "{page}"
    );
    assert!(
        !page.contains("xiomara"),
        "the answer does not repeat the address: {page}"
    );
    assert_eq!(of_x().await, 0);
    let y = app
        .store
        .registration_by_token(&token_hash(&yolanda))
        .await
        .unwrap();
    assert_eq!(
        y.registration.status,
        RegistrationStatus::Confirmed,
        "the freed seat went on"
    );

    // The audit log: one line per event, counts and totals only, by the secretariat.
    for event in [&one, &two] {
        let log = app.store.audit_log(event.id).await.unwrap();
        let lines: Vec<_> = log.iter().filter(|e| e.action == "erase-request").collect();
        assert_eq!(lines.len(), 1, "{log:?}");
        assert_eq!(lines[0].who, "sec@test.org");
        assert!(
            lines[0]
                .changes
                .iter()
                .any(|c| c.new == "2 registrations in 2 events")
        );
    }
    let audit = audit_text(&app).await;
    for trace in ["xiomara", "quintanilla", "minex.gob.sv"] {
        assert!(
            !audit.to_lowercase().contains(trace),
            "{trace} in the audit log: {audit}"
        );
    }
    // Nor anywhere in the SQLite files (deleted rows are zeroed, the log is folded in).
    if let Some(files) = sqlite_files(&app) {
        for trace in [email, name, "Quintanilla"] {
            assert!(
                !holds(&files, trace),
                "{trace} is still in the database files"
            );
        }
    }

    let again = sec.post("/admin/erase", &erase).await;
    assert_eq!(again.status().as_u16(), 303);
    let page = sec.get_text("/admin/erase").await;
    assert!(page.contains("nothing was erased"), "{page}");
}

on_both_backends!(
    a_delegate_downloads_their_data,
    deleting_my_registration_erases_it_and_frees_the_seat,
    the_secretariat_erases_a_person_by_address,
);
