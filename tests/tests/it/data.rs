//! Personal data against the real server: the retention pass erases the registrations of events
//! long over and keeps counts per delegation (run by the server at start, and by three
//! "instances" at once), a delegate downloads their data and deletes their registration (the
//! seat goes on), and the secretariat erases a person by address without leaving the address or
//! the name anywhere in the audit log, nor, on SQLite, in the database files.

use std::sync::Arc;
use std::time::Duration;

use app::domain::access::Role;
use app::domain::registration::{
    Delegation, RegistrationDetails, RegistrationSettings, RegistrationStatus,
};
use app::domain::{Country, Event, EventInput, Lang};
use app::ssr::tokens::{feed_token, new_token, token_hash};
use app::ssr::{AuditActor, NewRegistration};
use app::usecase::personal_data::retention_pass;
use app::usecase::{Deps, MailReason, Mailer};

use crate::helpers::{Backend, Spawn, TestApp, input};
use crate::on_both_backends;
use crate::people::{Person, account, borrowed, workshop};

/// Mail of the in-process "instances": nobody is told anything.
struct NoMail;

impl Mailer for NoMail {
    fn registration_mail(
        &self,
        _: MailReason,
        _: &Event,
        _: &app::domain::registration::Registration,
        _: Option<(&str, i64)>,
    ) {
    }
}

fn actor() -> AuditActor {
    AuditActor {
        account_id: None,
        email: "test".into(),
    }
}

/// Opens registration on `event`, with `capacity` seats.
async fn open(app: &TestApp, event: &Event, capacity: Option<u32>) {
    let settings = RegistrationSettings {
        open: true,
        capacity,
        ..RegistrationSettings::default()
    };
    app.store
        .set_registration_settings(event.id, &settings, &actor(), chrono::Utc::now())
        .await
        .unwrap();
}

/// A published Guatemalan event stored directly (its dates may be long past), open.
async fn stored_event(
    app: &TestApp,
    slug: &str,
    input: EventInput,
    capacity: Option<u32>,
) -> Event {
    let event = app.insert(slug, &input.validate().unwrap()).await;
    open(app, &event, capacity).await;
    event
}

/// Registers through the store (the form refuses events that are over); returns the manage token.
async fn store_register(
    app: &TestApp,
    event: &Event,
    name: &str,
    delegation: Delegation,
) -> String {
    let details = RegistrationDetails {
        name: name.into(),
        email: format!("{}@delegados.test", name.to_lowercase().replace(' ', ".")),
        delegation,
        institution: "Ministerio de Gobernación".into(),
        position: "Directora".into(),
        lang: Lang::Es,
        arrival: None,
        departure: None,
        hotel: true,
        transfer: false,
        dietary: "Sin gluten".into(),
        accessibility: String::new(),
        interpretation: None,
        visa_letter: true,
    };
    let token = new_token();
    let new = NewRegistration {
        details: &details,
        token_hash: token_hash(&token),
        feed_hash: token_hash(&feed_token(&token, 0)),
        submission: None,
    };
    app.store
        .register(event.id, &new, chrono::Utc::now())
        .await
        .unwrap();
    token
}

/// A complete registration form.
fn form(name: &str, email: &str, delegation: &str) -> Vec<(String, String)> {
    [
        ("name", name),
        ("email", email),
        ("delegation", delegation),
        ("institution", "Ministerio de Relaciones Exteriores"),
        ("position", "Directora de Asuntos Migratorios"),
        ("lang", "es"),
        ("arrival_date", "2031-03-02"),
        ("arrival_time", "14:30"),
        ("arrival_flight", "CM 201"),
        ("departure_date", "2031-03-05"),
        ("departure_time", "08:15"),
        ("departure_flight", "CM 202"),
        ("hotel", "on"),
        ("transfer", "on"),
        ("dietary", "Vegetariana"),
        ("accessibility", "Silla de ruedas"),
        ("interpretation", "en"),
        ("visa_letter", "on"),
        ("consent", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Registers through the form; returns the manage token.
async fn form_register(
    person: &Person,
    slug: &str,
    name: &str,
    email: &str,
    delegation: &str,
) -> String {
    let fields = form(name, email, delegation);
    let response = person
        .post(&format!("/events/{slug}/register"), &borrowed(&fields))
        .await;
    assert_eq!(response.status().as_u16(), 303, "registering {name}");
    let to = response.headers()["location"].to_str().unwrap().to_owned();
    let path = to.split('?').next().unwrap();
    path.strip_prefix("/registrations/")
        .unwrap_or_else(|| panic!("went to {to}"))
        .to_owned()
}

async fn status_of(app: &TestApp, path: &str) -> u16 {
    app.client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every text of the audit log, in one string.
async fn audit_text(app: &TestApp) -> String {
    let sql = "select event_slug, account_email, action, changes from audit_log";
    let rows: Vec<(String, String, String, String)> = if app.db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.db.url).await.unwrap();
        let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&app.db.url).await.unwrap();
        let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    };
    rows.into_iter()
        .map(|(a, b, c, d)| format!("{a} {b} {c} {d}\n"))
        .collect()
}

/// The bytes of the SQLite database and its write-ahead log (none on PostgreSQL).
fn sqlite_files(app: &TestApp) -> Option<Vec<u8>> {
    let path = app.db.url.strip_prefix("sqlite://")?;
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(wal);
    }
    Some(bytes)
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

async fn in_process_deps(app: &TestApp) -> Deps {
    let settings = server::config::Settings::from_lookup(|k| {
        (k == "DATABASE_URL").then(|| app.db.url.clone())
    })
    .unwrap();
    Deps {
        store: server::db::connect(&settings).await.unwrap(),
        mail: Arc::new(NoMail),
    }
}

fn counts_line(csv: &str, name: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no line for {name} in {csv}"))
        .to_owned()
}

async fn retention_erases_old_personal_data_and_keeps_counts(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let old = stored_event(
        &app,
        "viejo-2020",
        input("GT", "2020-03-02", "2020-03-04"),
        Some(2),
    )
    .await;
    let tentative = EventInput {
        month: "2020-05".into(),
        start_date: String::new(),
        end_date: String::new(),
        ..input("MX", "", "")
    };
    let month_only = stored_event(&app, "mayo-2020", tentative, None).await;
    let today = chrono::Utc::now().date_naive();
    let days = |n: u64| (today - chrono::Days::new(n)).to_string();
    let recent = stored_event(&app, "reciente", input("GT", &days(5), &days(3)), None).await;
    let ana = store_register(&app, &old, "Ana Alvarado", Delegation::Country(Country::GT)).await;
    let beto = store_register(&app, &old, "Beto Barrios", Delegation::Country(Country::GT)).await;
    store_register(
        &app,
        &old,
        "Carla Cienfuegos",
        Delegation::Country(Country::SV),
    )
    .await;
    store_register(
        &app,
        &old,
        "Dora Dubon",
        Delegation::Other("Red Niñez Libre".into()),
    )
    .await;
    // Beto cancels: Carla moves up; Dora still waits.
    let beto_id = app
        .store
        .registration_by_token(&token_hash(&beto))
        .await
        .unwrap()
        .registration
        .id;
    app.store
        .cancel_registration(beto_id, chrono::Utc::now())
        .await
        .unwrap();
    store_register(
        &app,
        &month_only,
        "Eva Espinoza",
        Delegation::Country(Country::MX),
    )
    .await;
    let fabi = store_register(
        &app,
        &recent,
        "Fabiola Fuentes",
        Delegation::Country(Country::GT),
    )
    .await;
    let ana_feed = format!("/feeds/{}.ics", feed_token(&ana, 0));
    assert_eq!(
        status_of(&app, &ana_feed).await,
        200,
        "the feed works before"
    );

    // The server erases at start: restart it (default retention, 180 days) and wait.
    let db = app.stop().await;
    let app = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[("ENLACE_FEED_MONTHS_BACK", "240")],
    )
    .await;
    let mut left = usize::MAX;
    for _ in 0..150 {
        left = app
            .store
            .registrations_for_event(old.id)
            .await
            .unwrap()
            .len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(left, 0, "the retention pass at start erased the old event");
    assert!(
        app.store
            .registrations_for_event(month_only.id)
            .await
            .unwrap()
            .is_empty(),
        "a tentative event of May 2020 is long over too"
    );
    let kept = app.store.registrations_for_event(recent.id).await.unwrap();
    assert_eq!(kept.len(), 1, "an event that ended days ago keeps its data");
    assert_eq!(kept[0].details.name, "Fabiola Fuentes");
    assert!(
        app.store
            .registration_by_token(&token_hash(&fabi))
            .await
            .is_ok()
    );
    assert_eq!(status_of(&app, &ana_feed).await, 404, "the feed stops");

    // What is kept: counts per delegation and status, and when.
    let kept = app.store.kept_of_event(old.id).await.unwrap();
    let erased_at = kept.retention_erased_at.expect("marked as erased");
    assert!((chrono::Utc::now() - erased_at).num_minutes() < 5);
    let count = |d: &str, s: RegistrationStatus| {
        kept.counts
            .iter()
            .find(|c| c.delegation == d && c.status == s)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count("GT", RegistrationStatus::Confirmed), 1);
    assert_eq!(count("GT", RegistrationStatus::Cancelled), 1);
    assert_eq!(count("SV", RegistrationStatus::Confirmed), 1);
    assert_eq!(count("OTHER", RegistrationStatus::Waitlisted), 1);
    assert_eq!(kept.counts.len(), 4, "{:?}", kept.counts);

    // The hosts' page and exports say so and show the counts, and nobody's data.
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let day = erased_at.with_timezone(&old.details.tz).date_naive();
    let date = app::domain::format::date(Lang::En, day);
    let page = sec.get_text("/events/viejo-2020/participants").await;
    assert!(
        page.contains(&format!("was erased on {date} under the retention policy")),
        "{page}"
    );
    assert!(
        page.contains("Guatemala") && page.contains("Other organisations"),
        "{page}"
    );
    assert!(
        !page.contains("Alvarado") && !page.contains("@delegados.test"),
        "{page}"
    );
    let logistics = sec.get_text("/events/viejo-2020/logistics").await;
    assert!(
        logistics.contains(&format!("was erased on {date}")),
        "{logistics}"
    );
    let csv = sec
        .get("/events/viejo-2020/exports/participants.csv?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(counts_line(&csv, "Guatemala"), "Guatemala,1,0,1");
    assert_eq!(counts_line(&csv, "El Salvador"), "El Salvador,1,0,0");
    assert_eq!(
        counts_line(&csv, "Other organisations"),
        "Other organisations,0,1,0"
    );
    assert!(csv.contains(&format!("erased on {date}")), "{csv}");
    assert!(!csv.contains("Alvarado") && !csv.contains("Niñez"), "{csv}");
    let xlsx = sec
        .get("/events/viejo-2020/exports/logistics.xlsx?lang=es")
        .await;
    assert_eq!(xlsx.status().as_u16(), 200);

    // One audit line per event, counts only.
    let log = app.store.audit_log(old.id).await.unwrap();
    let erasures: Vec<_> = log
        .iter()
        .filter(|e| e.action == "erase-retention")
        .collect();
    assert_eq!(erasures.len(), 1, "{log:?}");
    assert_eq!(erasures[0].who, "retention-policy");
    assert_eq!(erasures[0].changes[0].field, "personal_data_erased");
    assert_eq!(erasures[0].changes[0].new, "4");
    let audit = audit_text(&app).await;
    for gone in [
        "Alvarado",
        "Barrios",
        "Cienfuegos",
        "Dubon",
        "Espinoza",
        "@delegados.test",
        "Niñez",
    ] {
        assert!(!audit.contains(gone), "{gone} in the audit log: {audit}");
    }

    // Three instances at once on another old event: each registration is erased and counted
    // once, with one audit line.
    let again = stored_event(
        &app,
        "viejo-2019",
        input("SV", "2019-06-10", "2019-06-11"),
        None,
    )
    .await;
    for n in 0..30 {
        let country = [Country::GT, Country::SV, Country::HN][n % 3];
        store_register(
            &app,
            &again,
            &format!("Persona {n}"),
            Delegation::Country(country),
        )
        .await;
    }
    let (a, b, c) = (
        in_process_deps(&app).await,
        in_process_deps(&app).await,
        in_process_deps(&app).await,
    );
    let now = chrono::Utc::now();
    let (ra, rb, rc) = tokio::join!(
        retention_pass(&a, 180, now),
        retention_pass(&b, 180, now),
        retention_pass(&c, 180, now)
    );
    let reports = [ra.unwrap(), rb.unwrap(), rc.unwrap()];
    assert_eq!(
        reports.iter().map(|r| r.registrations).sum::<u32>(),
        30,
        "{reports:?}"
    );
    assert_eq!(
        reports.iter().map(|r| r.events).sum::<u32>(),
        1,
        "{reports:?}"
    );
    let kept = app.store.kept_of_event(again.id).await.unwrap();
    assert_eq!(kept.counts.len(), 3, "{:?}", kept.counts);
    assert!(
        kept.counts
            .iter()
            .all(|c| c.count == 10 && c.status == RegistrationStatus::Confirmed)
    );
    let log = app.store.audit_log(again.id).await.unwrap();
    assert_eq!(
        log.iter().filter(|e| e.action == "erase-retention").count(),
        1
    );
    // Nothing is left for a fourth run.
    assert_eq!(retention_pass(&a, 180, now).await.unwrap().registrations, 0);
}

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
    retention_erases_old_personal_data_and_keeps_counts,
    a_delegate_downloads_their_data,
    deleting_my_registration_erases_it_and_frees_the_seat,
    the_secretariat_erases_a_person_by_address,
);
