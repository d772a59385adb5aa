//! Personal data against the real server: the retention pass erases the registrations of events
//! long over and keeps counts per delegation (run by the server at start, and by three
//! "instances" at once: [`retention`]), a delegate downloads their data and deletes their
//! registration (the seat goes on), and the secretariat erases a person by address without
//! leaving the address or the name anywhere in the audit log, nor, on SQLite, in the database
//! files ([`erasure`]). This file holds what both share.

use std::sync::Arc;

use app::domain::registration::{Delegation, RegistrationDetails, RegistrationSettings};
use app::domain::{Event, EventInput, Lang};
use app::ssr::tokens::{feed_token, new_token, token_hash};
use app::ssr::{AuditActor, NewRegistration};
use app::usecase::{Deps, MailReason, Mailer};

use crate::helpers::TestApp;
use crate::people::{Person, borrowed};

mod erasure;
mod retention;

/// Mail of the in-process "instances": nobody is told anything.
pub(super) struct NoMail;

impl Mailer for NoMail {
    fn registration_mail(
        &self,
        reason: MailReason,
        event: &Event,
        registration: &app::domain::registration::Registration,
        _: Option<(&str, i64)>,
    ) -> app::ssr::OutgoingMail {
        app::ssr::OutgoingMail {
            to: registration.details.email.clone(),
            subject: "-".into(),
            body: "-".into(),
            ics: None,
            ics_name: String::new(),
            kind: reason.kind(),
            event_id: Some(event.id),
            list_unsubscribe: None,
        }
    }

    fn links_mail(
        &self,
        _: app::domain::Lang,
        to: &str,
        _: &[app::usecase::MailedLink<'_>],
        _: &str,
    ) -> app::ssr::OutgoingMail {
        app::ssr::OutgoingMail {
            to: to.into(),
            subject: "-".into(),
            body: "-".into(),
            ics: None,
            ics_name: String::new(),
            kind: app::domain::outbox::MailKind::Links,
            event_id: None,
            list_unsubscribe: None,
        }
    }

    fn queued(&self) {}
}

pub(super) fn actor() -> AuditActor {
    AuditActor {
        account_id: None,
        email: "test".into(),
    }
}

/// Opens registration on `event`, with `capacity` seats.
pub(super) async fn open(app: &TestApp, event: &Event, capacity: Option<u32>) {
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
pub(super) async fn stored_event(
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
pub(super) async fn store_register(
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
        hold: chrono::Duration::hours(24),
    };
    app.store
        .register(
            event.id,
            &new,
            chrono::Utc::now(),
            &app::ssr::outbox::no_letters,
        )
        .await
        .unwrap();
    token
}

/// A complete registration form.
pub(super) fn form(name: &str, email: &str, delegation: &str) -> Vec<(String, String)> {
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
pub(super) async fn form_register(
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

pub(super) async fn status_of(app: &TestApp, path: &str) -> u16 {
    app.client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Every text of the audit log, in one string.
pub(super) async fn audit_text(app: &TestApp) -> String {
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
pub(super) fn sqlite_files(app: &TestApp) -> Option<Vec<u8>> {
    let path = app.db.url.strip_prefix("sqlite://")?;
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(wal);
    }
    Some(bytes)
}

pub(super) fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

pub(super) async fn in_process_deps(app: &TestApp) -> Deps {
    let settings = server::config::Settings::from_lookup(|k| {
        (k == "DATABASE_URL").then(|| app.db.url.clone())
    })
    .unwrap();
    Deps {
        store: server::db::connect(&settings).await.unwrap(),
        mail: Arc::new(NoMail),
        registration: app::usecase::RegistrationPolicy {
            hold: chrono::Duration::hours(24),
            mail_configured: false,
        },
        sealer: app::ssr::seal::Sealer::new(
            &app::ssr::secret::SiteSecret::new(&app::ssr::secret::SiteSecret::generate()).unwrap(),
        ),
    }
}

pub(super) fn counts_line(csv: &str, name: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no line for {name} in {csv}"))
        .to_owned()
}
