//! Registrations against the real server: the delegate's whole story (register, mail through a real
//! SMTP sink, manage link, change of flight, host's manifest and exports), 200 sign-ups at once
//! that must never overbook, refusals, the personal feed and its replacement.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::access::Role;
use app::domain::registration::{RegistrationMode, RegistrationSettings, RegistrationStatus};
use app::domain::{Country, Event};
use app::ssr::AuditActor;
use serde_json::Value;

use crate::feeds::{PARSERS, check_parser, parse, uids};
use crate::helpers::{Backend, Spawn, TestApp, TestDb, python, workspace};
use crate::on_backends;
use crate::people::{Person, account, workshop};

/// A real SMTP server (aiosmtpd, from PyPI) writing what it receives to a Maildir.
pub(crate) struct SmtpSink {
    child: tokio::process::Child,
    dir: PathBuf,
    port: u16,
}

impl SmtpSink {
    pub(crate) async fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir =
            std::env::temp_dir().join(format!("enlace-mail-{}", uuid::Uuid::new_v4().simple()));
        let child = tokio::process::Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&dir)
            .kill_on_drop(true)
            .spawn()
            .expect("starting the SMTP sink (aiosmtpd)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink { child, dir, port };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the SMTP sink did not start");
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub(crate) fn read(&self) -> Vec<Value> {
        if !self.dir.join("new").exists() {
            return Vec::new();
        }
        let out = std::process::Command::new(python())
            .arg("tests/mail/read_maildir.py")
            .arg(&self.dir)
            .current_dir(workspace())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    }

    /// Waits (up to a minute: mail is sent in the background) until `n` messages arrived.
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..300 {
            let mails = self.read();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("expected {n} messages, got {:?}", self.read());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) async fn spawn_with_mail(backend: Backend, sink: &SmtpSink) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[
            ("ENLACE_FEED_MONTHS_BACK", "240"),
            ("ENLACE_SMTP_URL", &sink.url()),
            ("ENLACE_MAIL_FROM", "Enlace <enlace@crm.test>"),
        ],
    )
    .await
}

/// An upcoming Guatemalan workshop (3–4 March 2031) open for registration.
pub(crate) async fn open_workshop(
    app: &TestApp,
    slug: &str,
    capacity: Option<u32>,
    quota: Option<u32>,
) -> Event {
    let event = workshop(app, slug, Country::GT, None, true).await;
    open_registration(app, event.id, capacity, quota).await;
    event
}

/// Opens registration to event `event_id` (open mode, no deadline) with `capacity` and `quota`.
pub(crate) async fn open_registration(
    app: &TestApp,
    event_id: i64,
    capacity: Option<u32>,
    quota: Option<u32>,
) {
    let settings = RegistrationSettings {
        open: true,
        capacity,
        quota,
        deadline: None,
        mode: RegistrationMode::Open,
    };
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    app.store
        .set_registration_settings(event_id, &settings, &by, chrono::Utc::now())
        .await
        .unwrap();
}

/// A complete registration form.
pub(crate) fn form(name: &str, email: &str, delegation: &str) -> Vec<(String, String)> {
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
        ("interpretation", "en"),
        ("visa_letter", "on"),
        ("consent", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

pub(crate) fn with(
    mut fields: Vec<(String, String)>,
    key: &str,
    value: &str,
) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

pub(crate) async fn post(
    person: &Person,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    person.post(path, &crate::people::borrowed(fields)).await
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The manage path (`/registrations/{token}`) a registration redirected to.
pub(crate) fn manage_path(response: &reqwest::Response) -> String {
    assert_eq!(response.status().as_u16(), 303, "registering");
    let to = location(response);
    assert!(to.starts_with("/registrations/"), "went to {to}");
    to.split('?').next().unwrap().to_owned()
}

/// The value of the read-only feed address on a manage page.
pub(crate) fn feed_url(page: &str) -> String {
    let start = page.find("id=\"feed-url\"").unwrap();
    let value = page[start..].find("value=\"").unwrap() + start + 7;
    let end = page[value..].find('"').unwrap() + value;
    page[value..end].to_owned()
}

pub(crate) async fn registrations(
    app: &TestApp,
    event: &Event,
) -> Vec<app::domain::registration::Registration> {
    app.store.registrations_for_event(event.id).await.unwrap()
}

async fn a_delegate_registers_changes_a_flight_and_the_host_sees_it(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    // The Guatemalan official posts an upcoming workshop, published.
    let proposal = [
        ("host", "GT"),
        ("city", "Antigua Guatemala"),
        ("kind", "workshop"),
        ("title_es", "Taller taller-trata-2031"),
        ("title_en", "Workshop on trafficking 2031"),
        ("start_date", "2031-03-03"),
        ("end_date", "2031-03-04"),
        ("publish", "on"),
    ];
    let posted = official.post("/events/new", &proposal).await;
    assert_eq!(posted.status().as_u16(), 303);
    let to = location(&posted);
    let new_slug = to
        .strip_prefix("/events/")
        .and_then(|rest| rest.strip_suffix("/manage"))
        .unwrap_or_else(|| panic!("went to {to}"));
    let event = app.store.event_by_slug(new_slug).await.unwrap();
    assert!(event.published);
    let slug = &event.slug;

    // The Guatemalan official opens registration from the participant page.
    let page = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(page.contains("No registrations yet."), "{page}");
    // The server has mail, so new events confirm by e-mail; this story is first come.
    let settings = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "30".into()),
        ("quota".into(), "5".into()),
        ("deadline".into(), "2031-02-20".into()),
        ("mode".into(), "open".into()),
    ];
    let saved = post(
        &official,
        &format!("/events/{slug}/registration"),
        &settings,
    )
    .await;
    assert_eq!(
        location(&saved),
        format!("/events/{slug}/participants?saved=1")
    );

    // The public page offers registration; the delegate registers without an account.
    let delegate = Person::anonymous(&app).await;
    let public = delegate.get_text(&format!("/events/{slug}")).await;
    assert!(
        public.contains(&format!("/events/{slug}/register")),
        "{public}"
    );
    assert!(public.contains("0 of 30 seats taken"), "{public}");
    let form_page = delegate.get_text(&format!("/events/{slug}/register")).await;
    assert!(form_page.contains("name=\"submission\""), "{form_page}");
    let response = post(
        &delegate,
        &format!("/events/{slug}/register"),
        &form("Ana Pérez Núñez", "Ana.Perez@minex.gob.gt", "GT"),
    )
    .await;
    let manage = manage_path(&response);
    assert!(location(&response).ends_with("?new=1"));
    let token = manage.trim_start_matches("/registrations/");
    assert!(token.len() >= 43, "a token of at least 256 bits: {token}");
    // Only its hash is stored.
    let stored = registrations(&app, &event).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].status, RegistrationStatus::Confirmed);
    assert_eq!(stored[0].details.email, "ana.perez@minex.gob.gt");

    let mine = delegate.get_text(&location(&response)).await;
    assert!(mine.contains("Registration received!"), "{mine}");
    assert!(mine.contains("Your registration is confirmed."), "{mine}");
    assert!(mine.contains("Ana Pérez Núñez"));

    // The confirmation mail: in Spanish (her choice), with the manage link and the event attached.
    let mails = sink.wait_for(1).await;
    let mail = &mails[0];
    assert_eq!(mail["to"], "ana.perez@minex.gob.gt");
    assert_eq!(
        mail["subject"],
        "Inscripción confirmada: Taller taller-trata-2031"
    );
    let body = mail["body"].as_str().unwrap();
    assert!(
        body.contains(&format!("{}{manage}", app.base_url)),
        "{body}"
    );
    assert!(body.contains("/feeds/"), "{body}");
    let attachment = &mail["attachments"][0];
    assert_eq!(attachment["filename"], "evento.ics");
    assert_eq!(attachment["content_type"], "text/calendar");
    let ics = attachment["text"].as_str().unwrap();
    for parser in ["icalendar", "ical.js"] {
        assert_eq!(
            uids(&parse(parser, ics)),
            vec![event.uid.clone()],
            "{parser}"
        );
    }

    // She changes her arrival flight through the manage link.
    let mut changed = form("ignored", "ignored@x.org", "MX");
    changed = with(changed, "arrival_flight", "av 652");
    changed = with(changed, "arrival_time", "21:05");
    let response = post(&delegate, &manage, &changed).await;
    assert_eq!(location(&response), format!("{manage}?saved=1"));
    let stored = registrations(&app, &event).await;
    let arrival = stored[0].details.arrival.clone().unwrap();
    assert_eq!(arrival.flight, "AV 652");
    // Name, address and delegation stay as registered.
    assert_eq!(stored[0].details.name, "Ana Pérez Núñez");
    assert_eq!(stored[0].details.delegation.code(), "GT");

    // The host sees her in the arrival manifest and in the exports.
    let plan = official
        .get_text(&format!("/events/{slug}/logistics"))
        .await;
    assert!(plan.contains("AV 652") && plan.contains("21:05"), "{plan}");
    assert!(plan.contains("Ana Pérez Núñez"));
    let xlsx = official
        .get(&format!("/events/{slug}/exports/logistics.xlsx?lang=en"))
        .await;
    assert_eq!(xlsx.status().as_u16(), 200);
    assert_eq!(
        xlsx.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = xlsx.bytes().await.unwrap();
    let cells = xlsx_text(&bytes);
    assert!(cells.iter().any(|c| c == "AV 652"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "Ana Pérez Núñez"), "{cells:?}");
    let people = official
        .get(&format!("/events/{slug}/exports/participants.xlsx?lang=es"))
        .await
        .bytes()
        .await
        .unwrap();
    let cells = xlsx_text(&people);
    assert!(
        cells.iter().any(|c| c == "ana.perez@minex.gob.gt"),
        "{cells:?}"
    );
    let csv = official
        .get(&format!("/events/{slug}/exports/participants.csv?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Ana Pérez Núñez") && csv.contains("AV 652"),
        "{csv}"
    );

    // Personal data stays with the hosts and the secretariat.
    let other = Person::signed_in(&app, "sv@test.org").await;
    for path in ["participants", "logistics"] {
        let r = other.get(&format!("/events/{slug}/{path}")).await;
        assert_eq!(r.status().as_u16(), 403, "{path}");
    }
    let r = other
        .get(&format!("/events/{slug}/exports/participants.csv"))
        .await;
    assert_eq!(r.status().as_u16(), 403);
    let r = delegate
        .get(&format!("/events/{slug}/exports/participants.csv"))
        .await;
    assert_eq!(r.status().as_u16(), 303, "anonymous: to sign in");
}

/// Every cell of every sheet, as text, read by an independent reader (calamine).
fn xlsx_text(bytes: &[u8]) -> Vec<String> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            out.extend(row.iter().map(ToString::to_string));
        }
    }
    out
}

const DELEGATIONS: [&str; 16] = [
    "BZ", "CA", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV", "US", "IOM", "RROCM", "OTHER",
    "OTHER", "OTHER",
];

fn quota_key(i: usize) -> (String, String) {
    let code = DELEGATIONS[i % DELEGATIONS.len()];
    let organisation = if code == "OTHER" {
        format!("Organización {}", i % DELEGATIONS.len())
    } else {
        String::new()
    };
    (code.to_owned(), organisation)
}

async fn two_hundred_at_once_never_overbook_and_cancellations_promote_in_order(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let event = open_workshop(&app, "concurrencia", Some(50), Some(5)).await;
    let person = Person::anonymous(&app).await;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (code, organisation) = quota_key(i);
        let mut fields = form(&format!("Delegada {i}"), &format!("d{i}@test.org"), &code);
        fields = with(fields, "organisation", &organisation);
        let client = person.client.clone();
        let token = person.token.clone();
        let url = format!("{}/events/{}/register", app.base_url, event.slug);
        fields.push(("authenticity_token".into(), token));
        tasks.push(tokio::spawn(async move {
            let r = client.post(url).form(&fields).send().await.unwrap();
            (r.status().as_u16(), location(&r))
        }));
    }
    let mut managed = HashMap::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let (status, to) = task.await.unwrap();
        assert_eq!(status, 303, "request {i} answered {status}");
        assert!(
            to.starts_with("/registrations/"),
            "request {i} went to {to}"
        );
        managed.insert(
            format!("d{i}@test.org"),
            to.split('?').next().unwrap().to_owned(),
        );
    }
    let elapsed = started.elapsed();
    println!(
        "{backend:?}: 200 concurrent registrations in {:.2} s = {:.0} registrations/s",
        elapsed.as_secs_f64(),
        200.0 / elapsed.as_secs_f64()
    );
    let all = registrations(&app, &event).await;
    assert_eq!(all.len(), 200, "nothing lost");
    let confirmed: Vec<_> = all
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .collect();
    let waitlisted: Vec<_> = all
        .iter()
        .filter(|r| r.status == RegistrationStatus::Waitlisted)
        .collect();
    // 16 delegations × 5 = 80 seats' worth of quota for 50 seats: exactly 50 confirmed.
    assert_eq!(confirmed.len(), 50);
    assert_eq!(waitlisted.len(), 150);
    let mut per: HashMap<String, usize> = HashMap::new();
    for r in &confirmed {
        *per.entry(r.details.delegation.quota_key()).or_default() += 1;
    }
    assert!(per.values().all(|n| *n <= 5), "{per:?}");
    let positions: Vec<u32> = waitlisted
        .iter()
        .map(|r| r.waitlist_position.unwrap())
        .collect();
    assert_eq!(positions, (1..=150).collect::<Vec<u32>>());

    // Three confirmed people cancel: each time, the first waitlisted person whose delegation still
    // has quota moves up.
    for victim in confirmed.iter().take(3) {
        let before = registrations(&app, &event).await;
        let mut per: HashMap<String, usize> = HashMap::new();
        for r in before
            .iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed && r.id != victim.id)
        {
            *per.entry(r.details.delegation.quota_key()).or_default() += 1;
        }
        let expected = before
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .find(|r| {
                per.get(&r.details.delegation.quota_key())
                    .copied()
                    .unwrap_or(0)
                    < 5
            })
            .map(|r| r.id);
        let path = &managed[&victim.details.email];
        let r = person.post(&format!("{path}/cancel"), &[]).await;
        assert_eq!(location(&r), format!("{path}?cancelled=1"));
        let after = registrations(&app, &event).await;
        let promoted: Vec<i64> = after
            .iter()
            .filter(|r| {
                r.status == RegistrationStatus::Confirmed
                    && before
                        .iter()
                        .any(|b| b.id == r.id && b.status == RegistrationStatus::Waitlisted)
            })
            .map(|r| r.id)
            .collect();
        assert_eq!(promoted, expected.into_iter().collect::<Vec<_>>());
        let seats = after
            .iter()
            .filter(|r| r.status == RegistrationStatus::Confirmed)
            .count();
        assert_eq!(seats, 50);
    }
}

async fn refusals_are_clear_and_lose_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let event = open_workshop(&app, "rechazos", Some(10), None).await;
    let slug = event.slug.clone();
    let path = format!("/events/{slug}/register");
    let person = Person::anonymous(&app).await;

    // Bad input: every problem named in the reader's language, what was typed kept.
    let mut bad = form("Ana", "ana@@minex", "GT");
    bad = with(bad, "departure_date", "2031-03-01");
    let r = post(&person, &path, &bad).await;
    assert_eq!(location(&r), path);
    let page = person.get_text(&path).await;
    assert!(page.contains("Not a valid e-mail address"), "{page}");
    assert!(
        page.contains("The departure is before the arrival."),
        "{page}"
    );
    assert!(page.contains("value=\"ana@@minex\""), "kept: {page}");
    let es = Person::anonymous(&app).await;
    post(&es, &path, &bad).await;
    let page = es
        .client
        .get(format!("{}{path}", app.base_url))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("No es una dirección de correo válida"),
        "{page}"
    );
    assert!(registrations(&app, &event).await.is_empty());

    // The same form sent twice (a double click): one registration, both land on its page.
    let nonce = "n".repeat(40);
    let once = with(form("Berta", "berta@test.org", "SV"), "submission", &nonce);
    let first = post(&person, &path, &once).await;
    let second = post(&person, &path, &once).await;
    assert_eq!(manage_path(&first), location(&second));
    assert_eq!(registrations(&app, &event).await.len(), 1);

    // The same address again, from another form: refused with a clear message.
    let again = post(&person, &path, &form("Berta", "BERTA@test.org", "SV")).await;
    assert_eq!(location(&again), path);
    let page = person.get_text(&path).await;
    assert!(
        page.contains("There is already a registration for this event with that e-mail address"),
        "{page}"
    );
    assert_eq!(registrations(&app, &event).await.len(), 1);

    // Manage links: wrong, malformed or for nothing: the same 404, no hint.
    for bad in [
        "/registrations/x".to_owned(),
        format!("/registrations/{}", "A".repeat(43)),
    ] {
        let r = person.get(&bad).await;
        assert_eq!(r.status().as_u16(), 404, "{bad}");
        let r = person.post(&format!("{bad}/cancel"), &[]).await;
        assert_eq!(r.status().as_u16(), 404, "{bad}");
    }
    let feed = person.get(&format!("/feeds/{}.ics", "0".repeat(64))).await;
    assert_eq!(feed.status().as_u16(), 404);

    // Closed registration, a passed deadline and a cancelled event are refused, saving nothing.
    let closed = workshop(&app, "cerrado", Country::GT, None, true).await;
    let r = post(
        &person,
        &format!("/events/{}/register", closed.slug),
        &form("C", "c@test.org", "GT"),
    )
    .await;
    assert_eq!(location(&r), format!("/events/{}/register", closed.slug));
    let page = person
        .get_text(&format!("/events/{}/register", closed.slug))
        .await;
    assert!(
        page.contains("Registration for this event is not open."),
        "{page}"
    );
    let late = open_workshop(&app, "tarde", None, None).await;
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    let past_deadline = RegistrationSettings {
        open: true,
        capacity: None,
        quota: None,
        deadline: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        mode: RegistrationMode::Open,
    };
    app.store
        .set_registration_settings(late.id, &past_deadline, &by, chrono::Utc::now())
        .await
        .unwrap();
    post(
        &person,
        &format!("/events/{}/register", late.slug),
        &form("D", "d@test.org", "GT"),
    )
    .await;
    let page = person
        .get_text(&format!("/events/{}/register", late.slug))
        .await;
    assert!(
        page.contains("The registration deadline has passed."),
        "{page}"
    );
    app.db
        .execute(&format!(
            "update events set status = 'cancelled', cancelled_at = 1 where id = {}",
            event.id
        ))
        .await;
    post(&person, &path, &form("E", "e@test.org", "GT")).await;
    let page = person.get_text(&path).await;
    assert!(page.contains("This event was cancelled"), "{page}");
    assert_eq!(registrations(&app, &event).await.len(), 1);
    assert!(registrations(&app, &closed).await.is_empty());
    assert!(registrations(&app, &late).await.is_empty());

    // A manage link stops working months after its event: moved into the past, it is a 404.
    let manage = manage_path(&first);
    assert_eq!(person.get(&manage).await.status().as_u16(), 200);
    app.db
        .execute(&format!(
            "update events set start_date = '2020-01-01', end_date = '2020-01-02' where id = {}",
            event.id
        ))
        .await;
    assert_eq!(person.get(&manage).await.status().as_u16(), 404);
}

async fn the_waitlist_moves_up_by_hand_and_when_capacity_grows(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = open_workshop(&app, "espera", Some(1), None).await;
    let slug = &event.slug;
    let path = format!("/events/{slug}/register");
    let person = Person::anonymous(&app).await;
    let first = post(&person, &path, &form("Primera", "uno@test.org", "GT")).await;
    manage_path(&first);
    let second = post(
        &person,
        &path,
        &with(form("Segunda", "dos@test.org", "SV"), "lang", "en"),
    )
    .await;
    let mine = person.get_text(&manage_path(&second)).await;
    assert!(
        mine.contains("You are on the waitlist, in place 1."),
        "{mine}"
    );
    let third = post(&person, &path, &form("Tercera", "tres@test.org", "MX")).await;
    manage_path(&third);

    // By hand: refused while full, with a clear message.
    let all = registrations(&app, &event).await;
    let r = official
        .post(
            &format!("/events/{slug}/participants/{}/promote", all[2].id),
            &[],
        )
        .await;
    assert_eq!(location(&r), format!("/events/{slug}/participants"));
    let page = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(
        page.contains("There is no free seat for this person"),
        "{page}"
    );

    // Capacity grows to 2: the first in line moves up and is told, in English.
    let settings = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "2".into()),
    ];
    post(
        &official,
        &format!("/events/{slug}/registration"),
        &settings,
    )
    .await;
    let all = registrations(&app, &event).await;
    assert_eq!(all[1].status, RegistrationStatus::Confirmed);
    assert_eq!(all[2].status, RegistrationStatus::Waitlisted);
    let mails = sink.wait_for(4).await;
    let promoted: Vec<&Value> = mails.iter().filter(|m| m["to"] == "dos@test.org").collect();
    assert!(
        promoted
            .iter()
            .any(|m| m["subject"] == "Seat confirmed: Workshop espera"),
        "{mails:?}"
    );

    // Capacity 3, then by hand: the third moves up too.
    let settings = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "nonsense".into()),
    ];
    post(
        &official,
        &format!("/events/{slug}/registration"),
        &settings,
    )
    .await;
    let page = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(
        page.contains("Must be a whole number from 1 to 100000."),
        "{page}"
    );
    let settings = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "3".into()),
    ];
    post(
        &official,
        &format!("/events/{slug}/registration"),
        &settings,
    )
    .await;
    let all = registrations(&app, &event).await;
    assert!(
        all.iter()
            .all(|r| r.status == RegistrationStatus::Confirmed)
    );
}

async fn the_personal_feed_lists_my_events_and_can_be_replaced(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    // A timed event in Mexico City (over a daylight-saving change elsewhere in the region) and an
    // all-day one, so the parsers' instants are worth comparing with the domain's.
    let mut timed = crate::helpers::input("MX", "2031-03-04", "2031-03-04");
    timed.start_time = "09:30".into();
    timed.end_time = "18:00".into();
    let a = app.insert("feed-a", &timed.validate().unwrap()).await;
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    let open = RegistrationSettings {
        open: true,
        ..RegistrationSettings::default()
    };
    app.store
        .set_registration_settings(a.id, &open, &by, chrono::Utc::now())
        .await
        .unwrap();
    let b = open_workshop(&app, "feed-b", None, None).await;
    let c = open_workshop(&app, "feed-c", None, None).await;
    let person = Person::anonymous(&app).await;
    let me = form("Carla", "carla@test.org", "CR");
    let ra = manage_path(&post(&person, &format!("/events/{}/register", a.slug), &me).await);
    let rb = manage_path(&post(&person, &format!("/events/{}/register", b.slug), &me).await);
    // Someone else's registration is not in my feed.
    post(
        &person,
        &format!("/events/{}/register", c.slug),
        &form("Otra", "otra@test.org", "CR"),
    )
    .await;

    let page = person.get_text(&ra).await;
    let url = feed_url(&page);
    assert!(
        url.starts_with(&app.base_url) && url.ends_with(".ics"),
        "{url}"
    );
    let path = url.trim_start_matches(&app.base_url).to_owned();
    assert_eq!(
        path.len(),
        "/feeds/".len() + 64 + ".ics".len(),
        "256-bit token: {path}"
    );
    let r = person.get(&path).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let text = r.text().await.unwrap();
    assert!(text.contains("X-WR-CALNAME:Enlace: mis eventos"), "{text}");
    // A registration's feed carries its own event only (issue 11: the person's other
    // registrations are reachable only through the feed mailed to the address).
    let expected = vec![a.uid.clone()];
    let mine = [app.store.event_by_id(a.id).await.unwrap()];
    for parser in PARSERS {
        let parsed = parse(parser, &text);
        assert_eq!(uids(&parsed), expected, "{parser}");
        check_parser(parser, &parsed, &mine);
    }
    let again = person
        .client
        .get(format!("{}{path}", app.base_url))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);

    // Cancelling a registration stops its feed; the other registration's feed stays.
    let b_feed = feed_url(&person.get_text(&rb).await)
        .trim_start_matches(&app.base_url)
        .to_owned();
    let text = person.get_text(&b_feed).await;
    assert!(text.contains(&b.uid) && !text.contains(&a.uid), "{text}");
    person.post(&format!("{rb}/cancel"), &[]).await;
    assert_eq!(person.get(&b_feed).await.status().as_u16(), 404);
    let text = person.get_text(&path).await;
    assert!(text.contains(&a.uid) && !text.contains(&b.uid), "{text}");

    // A new address: the old one answers 404 from now on.
    let r = person.post(&format!("{ra}/feed"), &[]).await;
    assert_eq!(location(&r), format!("{ra}?feed=new#feed"));
    assert_eq!(person.get(&path).await.status().as_u16(), 404);
    let page = person.get_text(&ra).await;
    let new_path = feed_url(&page).trim_start_matches(&app.base_url).to_owned();
    assert_ne!(new_path, path);
    assert_eq!(person.get(&new_path).await.status().as_u16(), 200);
}

async fn the_secretariat_sees_a_delegate_booked_twice(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let gt = open_workshop(&app, "doble-gt", None, None).await;
    // The same days in El Salvador.
    let sv_input = crate::helpers::input("SV", "2031-03-03", "2031-03-04");
    let sv = app.insert("doble-sv", &sv_input.validate().unwrap()).await;
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    let open = RegistrationSettings {
        open: true,
        ..RegistrationSettings::default()
    };
    app.store
        .set_registration_settings(sv.id, &open, &by, chrono::Utc::now())
        .await
        .unwrap();
    let person = Person::anonymous(&app).await;
    let me = form("Dora", "dora@test.org", "HN");
    let mut paths = Vec::new();
    for e in [&gt, &sv] {
        paths.push(manage_path(
            &post(&person, &format!("/events/{}/register", e.slug), &me).await,
        ));
    }
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let page = sec.get_text("/coordination?from=2031-03&to=2031-03").await;
    assert!(
        page.contains("dora@test.org is registered to both"),
        "{page}"
    );
    let csv = sec
        .get("/coordination.csv?from=2031-03&to=2031-03")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Double booking"), "{csv}");
    // Once she cancels one, the double booking is gone.
    person.post(&format!("{}/cancel", paths[0]), &[]).await;
    let page = sec.get_text("/coordination?from=2031-03&to=2031-03").await;
    assert!(!page.contains("dora@test.org"), "{page}");
}

// Both backends: concurrent sign-ups, seats moving up, the refusals a unique index decides (a form
// sent twice, an address registered twice: each backend names the violated index its own way),
// the personal feed, and the one story that changes a stored registration. SQLite only: the
// browser and the coordination page.
on_backends!(
    both: [
        a_delegate_registers_changes_a_flight_and_the_host_sees_it,
        two_hundred_at_once_never_overbook_and_cancellations_promote_in_order,
        refusals_are_clear_and_lose_nothing,
        the_waitlist_moves_up_by_hand_and_when_capacity_grows,
        the_personal_feed_lists_my_events_and_can_be_replaced,
    ],
    sqlite_only: [
        registering_in_a_browser_with_and_without_javascript,
        the_secretariat_sees_a_delegate_booked_twice,
    ],
);

/// The whole story: a delegate registers in a real browser, gets the manage link and the
/// mail, changes her arrival flight, and the Guatemalan host finds it in the arrival manifest and
/// the XLSX export; a second delegate registers with JavaScript off.
async fn registering_in_a_browser_with_and_without_javascript(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let event = open_workshop(&app, "taller-navegador", Some(40), Some(5)).await;
    let artifacts = workspace().join(format!("target/test-artifacts/{backend:?}").to_lowercase());
    let output = tokio::process::Command::new("node")
        .arg("tests/e2e/registration.mjs")
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .env("SLUG", &event.slug)
        .env("ARTIFACTS", &artifacts)
        .output()
        .await
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("not ok"), "{stdout}");
    let all = registrations(&app, &event).await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].details.arrival.clone().unwrap().flight, "TA 390");
    assert_eq!(all[1].details.lang, app::domain::Lang::Es);
    assert!(
        all.iter()
            .all(|r| r.status == RegistrationStatus::Confirmed)
    );
    assert!(artifacts.join("registration-nojs-es.png").exists());

    let mails = sink.wait_for(2).await;
    let lucia = mails
        .iter()
        .find(|m| m["to"] == "lucia@migracion.gob.hn")
        .unwrap();
    assert!(
        lucia["body"].as_str().unwrap().contains("/registrations/"),
        "{lucia}"
    );
    let official = Person::signed_in(&app, "gt@test.org").await;
    let slug = &event.slug;
    let plan = official
        .get_text(&format!("/events/{slug}/logistics"))
        .await;
    assert!(
        plan.contains("TA 390") && plan.contains("Lucía Hernández"),
        "{plan}"
    );
    let xlsx = official
        .get(&format!("/events/{slug}/exports/logistics.xlsx?lang=es"))
        .await
        .bytes()
        .await
        .unwrap();
    let cells = xlsx_text(&xlsx);
    assert!(cells.iter().any(|c| c == "TA 390"), "{cells:?}");
}
