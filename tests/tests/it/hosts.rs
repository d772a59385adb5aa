//! Host governments manage their events: the authorization matrix, the lifecycle, concurrent
//! edits, kept input, accounts, and the command-line secretariat account.

use app::domain::access::{Action, Role};
use app::domain::{Country, EventStatus};

use crate::helpers::{Backend, Spawn, TestApp};
use crate::people::{Person, account, borrowed, fields_of, workshop};

crate::on_sqlite_only!(
    authorization_matrix_is_enforced_for_every_role_action_and_host,
    an_official_proposes_confirms_postpones_and_cancels_a_workshop,
    a_stale_edit_is_refused_and_the_input_is_kept,
    invalid_input_is_explained_next_to_the_field_and_kept,
    a_session_that_expired_mid_form_keeps_the_input_through_sign_in,
    forms_without_the_anti_forgery_token_are_refused,
    the_secretariat_creates_an_official_who_sets_a_password_by_one_time_link,
    a_secretariat_account_is_created_from_the_command_line,
    repeated_sign_in_attempts_are_slowed_down,
    postpone_errors_come_back_to_the_postpone_form,
);

async fn repeated_sign_in_attempts_are_slowed_down(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let guesser = Person::anonymous(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = guesser
            .post(
                "/signin",
                &[("email", "gt@test.org"), ("password", "wrong guess 123")],
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses.contains(&429),
        "no attempt was refused: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 429),
        "{statuses:?}"
    );
    // Only sign-in is limited: pages still answer.
    assert_eq!(guesser.get("/").await.status().as_u16(), 200);
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Guatemala,
    ElSalvador,
    Disabled,
    Secretariat,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Hosted {
    Guatemala,
    ElSalvador,
    Both,
}

impl Hosted {
    fn hosts(self) -> (Country, Option<Country>) {
        match self {
            Hosted::Guatemala => (Country::GT, None),
            Hosted::ElSalvador => (Country::SV, None),
            Hosted::Both => (Country::GT, Some(Country::SV)),
        }
    }
}

/// What the cell must answer.
#[derive(Debug, PartialEq)]
enum Expect {
    Allowed,
    Forbidden,
    SignIn,
}

fn expected(who: Who, action: Action, hosted: Hosted) -> Expect {
    let covers = |c: Country| {
        let (h, co) = hosted.hosts();
        h == c || co == Some(c)
    };
    match (who, action) {
        (Who::Anonymous | Who::Disabled, _) => Expect::SignIn,
        (Who::Secretariat, _) => Expect::Allowed,
        (_, Action::ManageAccounts | Action::Coordinate | Action::ErasePersonalData) => {
            Expect::Forbidden
        }
        // Only the main host publishes, or changes the hosts.
        (Who::Guatemala, Action::Publish | Action::ChangeHosts)
            if hosted.hosts().0 == Country::GT =>
        {
            Expect::Allowed
        }
        (Who::ElSalvador, Action::Publish | Action::ChangeHosts)
            if hosted.hosts().0 == Country::SV =>
        {
            Expect::Allowed
        }
        (_, Action::Publish | Action::ChangeHosts) => Expect::Forbidden,
        (Who::Guatemala, _) if covers(Country::GT) => Expect::Allowed,
        (Who::ElSalvador, _) if covers(Country::SV) => Expect::Allowed,
        _ => Expect::Forbidden,
    }
}

async fn perform(
    person: &Person,
    app: &TestApp,
    action: Action,
    hosted: Hosted,
    n: usize,
) -> reqwest::Response {
    let (host, cohost) = hosted.hosts();
    let slug = format!("m{n}");
    let draft = matches!(action, Action::Delete | Action::Publish);
    let event = workshop(app, &slug, host, cohost, !draft).await;
    match action {
        Action::Propose => {
            let mut fields = fields_of(&event);
            fields.retain(|(k, _)| k != "version");
            fields.push(("title_es".into(), format!("Propuesta {n}")));
            person.post("/events/new", &borrowed(&fields)).await
        }
        Action::Edit => {
            let mut fields = fields_of(&event);
            fields.push(("city".into(), "Antigua Guatemala".into()));
            person
                .post(&format!("/events/{slug}/edit"), &borrowed(&fields))
                .await
        }
        Action::Confirm => {
            person
                .post(&format!("/events/{slug}/confirm"), &[("version", "0")])
                .await
        }
        Action::Postpone => {
            let form = [
                ("version", "0"),
                ("start_date", "2031-04-07"),
                ("end_date", "2031-04-08"),
            ];
            person
                .post(&format!("/events/{slug}/postpone"), &form)
                .await
        }
        Action::Cancel => {
            person
                .post(
                    &format!("/events/{slug}/cancel"),
                    &[("version", "0"), ("reason", "Tormenta")],
                )
                .await
        }
        Action::Delete => {
            person
                .post(&format!("/events/{slug}/delete"), &[("version", "0")])
                .await
        }
        Action::ViewAudit => person.get(&format!("/events/{slug}/audit")).await,
        Action::ManageAccounts => person.get("/admin/accounts").await,
        Action::Coordinate => person.get("/coordination").await,
        Action::ErasePersonalData => person.get("/admin/erase").await,
        Action::ManageRegistrations => person.get(&format!("/events/{slug}/participants")).await,
        Action::Publish => {
            let mut fields = fields_of(&event);
            fields.push(("publish".into(), "on".into()));
            person
                .post(&format!("/events/{slug}/edit"), &borrowed(&fields))
                .await
        }
        Action::ChangeHosts => {
            let mut fields = fields_of(&event);
            fields.push(("cohosts".into(), "HN".into()));
            person
                .post(&format!("/events/{slug}/edit"), &borrowed(&fields))
                .await
        }
    }
}

async fn authorization_matrix_is_enforced_for_every_role_action_and_host(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    let off = account(&app, "off@test.org", Role::Official(Country::GT)).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let disabled = Person::signed_in(&app, "off@test.org").await;
    app.store.set_account_disabled(off.id, true).await.unwrap();
    let people = [
        (Who::Anonymous, Person::anonymous(&app).await),
        (Who::Guatemala, Person::signed_in(&app, "gt@test.org").await),
        (
            Who::ElSalvador,
            Person::signed_in(&app, "sv@test.org").await,
        ),
        (Who::Disabled, disabled),
        (
            Who::Secretariat,
            Person::signed_in(&app, "sec@test.org").await,
        ),
    ];
    let mut n = 0;
    let mut cells = 0;
    for (who, person) in &people {
        for action in Action::ALL {
            for hosted in [Hosted::Guatemala, Hosted::ElSalvador, Hosted::Both] {
                n += 1;
                let response = perform(person, &app, action, hosted, n).await;
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                let got = match status {
                    200 => Expect::Allowed,
                    302 | 303 if location.starts_with("/signin") => Expect::SignIn,
                    303 => Expect::Allowed,
                    403 => Expect::Forbidden,
                    other => panic!("{who:?} {action:?} {hosted:?}: unexpected {other} {location}"),
                };
                assert_eq!(
                    got,
                    expected(*who, action, hosted),
                    "{who:?} {action:?} {hosted:?} ({status} {location})"
                );
                if got == Expect::Allowed && matches!(action, Action::Cancel) {
                    let event = app.store.event_by_slug(&format!("m{n}")).await.unwrap();
                    assert_eq!(
                        event.details.status,
                        EventStatus::Cancelled,
                        "the allowed cancel took effect"
                    );
                }
                if got != Expect::Allowed && matches!(action, Action::Edit) {
                    let event = app.store.event_by_slug(&format!("m{n}")).await.unwrap();
                    assert_eq!(
                        event.details.city, "Ciudad",
                        "a refused edit changed nothing"
                    );
                }
                if got != Expect::Allowed && matches!(action, Action::Publish) {
                    let event = app.store.event_by_slug(&format!("m{n}")).await.unwrap();
                    assert!(!event.published, "a refused publication changed nothing");
                }
                if matches!(action, Action::ChangeHosts) {
                    let event = app.store.event_by_slug(&format!("m{n}")).await.unwrap();
                    assert_eq!(
                        event.details.cohosts.contains(&Country::HN),
                        got == Expect::Allowed,
                        "{who:?} {hosted:?}: the hosts changed only when allowed"
                    );
                }
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 5 * Action::ALL.len() * 3);
}

async fn an_official_proposes_confirms_postpones_and_cancels_a_workshop(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: true }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let proposed = gt
        .post(
            "/events/new",
            &[
                ("host", "GT"),
                ("kind", "workshop"),
                ("title_es", "Taller sobre identificación de víctimas"),
                ("title_en", "Workshop on identifying victims"),
                ("city", "Ciudad de Guatemala"),
                ("start_date", "2031-05-12"),
                ("end_date", "2031-05-13"),
                ("publish", "on"),
            ],
        )
        .await;
    assert_eq!(proposed.status().as_u16(), 303);
    let manage = proposed.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        manage,
        "/events/taller-sobre-identificacion-de-victimas-2031/manage"
    );
    let slug = "taller-sobre-identificacion-de-victimas-2031";
    let event = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(
        (event.details.status, event.revision, event.published),
        (EventStatus::Tentative, 0, true)
    );

    assert_eq!(
        gt.post(&format!("/events/{slug}/confirm"), &[("version", "0")])
            .await
            .status()
            .as_u16(),
        303
    );
    let event = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(
        (event.details.status, event.revision),
        (EventStatus::Confirmed, 1)
    );

    let moved = gt
        .post(
            &format!("/events/{slug}/postpone"),
            &[
                ("version", "1"),
                ("start_date", "2031-06-02"),
                ("end_date", "2031-06-03"),
            ],
        )
        .await;
    assert_eq!(moved.status().as_u16(), 303);
    let postponed = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(
        (postponed.details.status, postponed.revision),
        (EventStatus::Postponed, 2)
    );
    assert_eq!(postponed.uid, event.uid, "postponing keeps the identity");
    let public = gt.get_text(&format!("/events/{slug}")).await;
    assert!(
        public.contains("Previous dates") && public.contains("12–13 May 2031"),
        "previous dates shown"
    );
    assert!(public.contains("2–3 June 2031"));

    // A change calendars need not hear of: the version moves, the revision does not.
    let mut fields = fields_of(&postponed);
    fields.push(("description_es".into(), "Con interpretación".into()));
    assert_eq!(
        gt.post(&format!("/events/{slug}/edit"), &borrowed(&fields))
            .await
            .status()
            .as_u16(),
        303
    );
    let edited = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!((edited.revision, edited.version), (2, 3));

    let cancelled = gt
        .post(
            &format!("/events/{slug}/cancel"),
            &[("version", "3"), ("reason", "Huracán en la región")],
        )
        .await;
    assert_eq!(cancelled.status().as_u16(), 303);
    let event = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(
        (event.details.status, event.revision),
        (EventStatus::Cancelled, 3)
    );
    let public = gt.get_text(&format!("/events/{slug}")).await;
    assert!(public.contains("Huracán en la región"));
    let calendar = gt.get_text("/calendar?month=2031-06").await;
    assert!(
        calendar.contains("Workshop on identifying victims"),
        "a cancelled event stays listed"
    );
    let feed = gt.get_text(&format!("/events/{slug}.ics")).await;
    assert!(
        feed.contains("STATUS:CANCELLED") && feed.contains("SEQUENCE:3"),
        "{feed}"
    );

    // A published event cannot be deleted; and the audit log tells the story.
    let delete = gt
        .post(&format!("/events/{slug}/delete"), &[("version", "4")])
        .await;
    assert_eq!(delete.status().as_u16(), 409);
    let audit = gt.get_text(&format!("/events/{slug}/audit")).await;
    for action in ["create", "confirm", "postpone", "edit", "cancel"] {
        assert!(
            audit.contains(&format!("<td>{action}</td>")),
            "audit {action}"
        );
    }
    assert!(audit.contains("gt@test.org"));

    // And the official cannot touch an El Salvador event.
    let sv_event = app
        .store
        .event_by_slug("taller-modernizacion-legislacion-trata-trafico-2010")
        .await
        .unwrap();
    let mut fields = fields_of(&sv_event);
    fields.push(("city".into(), "Otra".into()));
    let refused = gt
        .post(
            &format!("/events/{}/edit", sv_event.slug),
            &borrowed(&fields),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
}

async fn postpone_errors_come_back_to_the_postpone_form(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    workshop(&app, "w", Country::GT, None, true).await;
    let form = [
        ("version", "0"),
        ("form", "postpone"),
        ("start_date", "2031-04-09"),
        ("end_date", "2031-04-07"),
    ];
    let response = gt.post("/events/w/postpone", &form).await;
    assert_eq!(response.headers()["location"], "/events/w/manage");
    let page = gt.get_text("/events/w/manage").await;
    let postpone = page
        .find("id=\"postpone-heading\"")
        .expect("postpone section");
    let edit_part = &page[..postpone];
    assert!(
        !edit_part.contains("The end is before the start."),
        "the edit form stays clean"
    );
    assert!(page[postpone..].contains("The end is before the start."));
    assert!(
        page[postpone..].contains("value=\"2031-04-09\""),
        "the postpone input is kept"
    );
    assert_eq!(
        app.store.event_by_slug("w").await.unwrap().version,
        0,
        "nothing saved"
    );
}

async fn a_stale_edit_is_refused_and_the_input_is_kept(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let event = workshop(&app, "w", Country::GT, None, true).await;
    let tab_one = fields_of(&event);
    let mut tab_two = fields_of(&event);
    let mut first = tab_one.clone();
    first.push(("venue".into(), "Hotel Uno".into()));
    assert_eq!(
        gt.post("/events/w/edit", &borrowed(&first))
            .await
            .status()
            .as_u16(),
        303
    );
    tab_two.push(("venue".into(), "Hotel Dos".into()));
    let stale = gt.post("/events/w/edit", &borrowed(&tab_two)).await;
    assert_eq!(stale.status().as_u16(), 303);
    assert_eq!(
        app.store.event_by_slug("w").await.unwrap().details.venue,
        "Hotel Uno",
        "no silent overwrite"
    );
    let page = gt.get_text("/events/w/manage").await;
    assert!(
        page.contains("Someone else changed this event"),
        "clear message"
    );
    assert!(
        page.contains("value=\"Hotel Dos\""),
        "the later tab's input is kept"
    );
}

async fn invalid_input_is_explained_next_to_the_field_and_kept(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    let sv = Person::signed_in(&app, "sv@test.org").await;
    let response = sv
        .post(
            "/events/new",
            &[
                ("host", "SV"),
                ("kind", "workshop"),
                ("title_es", "<script>alert(1)</script> Taller"),
                ("city", "San Salvador"),
                ("start_date", "2031-05-12"),
                ("end_date", "2031-05-10"),
                ("tz", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(response.headers()["location"], "/events/new");
    assert_eq!(app.store.count_events().await.unwrap(), 0, "nothing saved");
    let page = sv.get_text("/events/new").await;
    assert!(
        page.contains("id=\"end_date-error\""),
        "error next to the field"
    );
    assert!(page.contains("The end is before the start."));
    assert!(page.contains("Unknown time zone"));
    assert!(
        page.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; Taller\""),
        "input kept, as text"
    );
    assert!(!page.contains("<script>alert(1)"));
}

async fn a_session_that_expired_mid_form_keeps_the_input_through_sign_in(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let person = Person::anonymous(&app).await;
    let response = person
        .post(
            "/events/new",
            &[
                ("host", "GT"),
                ("title_es", "Taller que no se pierde"),
                ("city", "Cobán"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/signin?next=/events/new");
    let signed = person
        .post(
            "/signin?next=/events/new",
            &[
                ("email", "gt@test.org"),
                ("password", crate::people::PASSWORD),
            ],
        )
        .await;
    assert_eq!(signed.headers()["location"], "/events/new");
    let page = person.get_text("/events/new").await;
    assert!(
        page.contains("value=\"Taller que no se pierde\""),
        "typed input survived the expired session"
    );
    assert!(page.contains("value=\"Cobán\""));
}

async fn forms_without_the_anti_forgery_token_are_refused(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let mut gt = Person::signed_in(&app, "gt@test.org").await;
    workshop(&app, "w", Country::GT, None, true).await;
    gt.token = "forged".into();
    let response = gt
        .post("/events/w/cancel", &[("version", "0"), ("reason", "x")])
        .await;
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(
        app.store.event_by_slug("w").await.unwrap().details.status,
        EventStatus::Tentative
    );
}

async fn the_secretariat_creates_an_official_who_sets_a_password_by_one_time_link(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let created = sec
        .post(
            "/admin/accounts",
            &[
                ("email", "Ana@MinGob.gob.gt"),
                ("name", "Ana"),
                ("country", "GT"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 303);
    let page = sec.get_text("/admin/accounts").await;
    let at = page
        .find("/password/")
        .expect("the one-time link is shown once");
    let link: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    assert!(link.len() > "/password/".len() + 40, "{link}");

    let ana = Person::anonymous(&app).await;
    let short = ana
        .post(
            &link,
            &[("password", "corta"), ("password_confirm", "corta")],
        )
        .await;
    assert_eq!(
        short.headers()["location"],
        link.as_str(),
        "refused, back to the form"
    );
    let set = ana
        .post(
            &link,
            &[
                ("password", crate::people::PASSWORD),
                ("password_confirm", crate::people::PASSWORD),
            ],
        )
        .await;
    assert_eq!(set.headers()["location"], "/signin?welcome=1");
    let reused = ana
        .post(
            &link,
            &[
                ("password", crate::people::PASSWORD),
                ("password_confirm", crate::people::PASSWORD),
            ],
        )
        .await;
    assert_eq!(reused.status().as_u16(), 404, "a link works once");
    Person::signed_in(&app, "ana@mingob.gob.gt").await;
}

async fn a_secretariat_account_is_created_from_the_command_line(backend: Backend) {
    use std::io::Write;
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut child = std::process::Command::new(crate::helpers::binary())
        .args([
            "admin",
            "create",
            "--email",
            "st@crm.test",
            "--name",
            "Secretaría",
        ])
        .env("DATABASE_URL", &app.db.url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", crate::people::PASSWORD).as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let sec = Person::signed_in(&app, "st@crm.test").await;
    assert_eq!(sec.get("/admin/accounts").await.status().as_u16(), 200);
    // No default or weak password is accepted.
    let weak = std::process::Command::new(crate::helpers::binary())
        .args(["admin", "create", "--email", "weak@crm.test"])
        .env("DATABASE_URL", &app.db.url)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!weak.status.success());
}
