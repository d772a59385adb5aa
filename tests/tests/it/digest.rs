//! Issue 15's e-mail digest against the real server and the real SMTP sink: subscribing with a
//! double opt-in (the same answer for any address), the weekly digest of the past week's changes
//! (parsed, with `List-Unsubscribe` and `List-Unsubscribe-Post`), its one-click unsubscribe (one
//! `POST`, no session, no form token; a used or wrong link gets the same page), an empty week that
//! sends nothing, and the reminders 14 days before a commitment's due date.
//!
//! The weekly job runs on the server every five minutes on the real clock; these stories run the
//! same round ([`server::digest::run_once`]) on the same database at instants of their choosing
//! (the server's outbox then sends what it queued): production has no way to set the clock.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use app::domain::access::Role;
use app::domain::outcomes::{
    Agreement, Commitment, CommitmentStatus, DuePoint, MeetingRecord, Party, RecordStatus,
};
use app::ssr::AuditActor;
use app::usecase::digest::send_reminders;

use app::domain::changes::{ChangeKind, NewChange};
use app::domain::digest::DigestSchedule;
use app::domain::lang::Localized;
use app::domain::{Country, Event, Lang};
use app::ssr::OutgoingMail;
use app::usecase::{Deps, MailReason, MailedLink, Mailer};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_backends;
use crate::people::{Person, account, workshop};
use crate::registrations::{SmtpSink, location};

/// The site secret of these servers (the digest's unsubscribe tokens are sealed under it).
const SECRET: &str = "el secreto de las pruebas del resumen semanal, 2026";

/// The test's own use-case dependencies on the server's database: the same secret, no mailer
/// (the server's outbox sends what is queued).
struct Quiet;

impl Mailer for Quiet {
    fn registration_mail(
        &self,
        _: MailReason,
        _: &Event,
        _: &app::domain::registration::Registration,
        _: Option<(&str, i64)>,
    ) -> OutgoingMail {
        unreachable!("the digest stories register nobody")
    }

    fn links_mail(&self, _: Lang, _: &str, _: &[MailedLink<'_>], _: &str) -> OutgoingMail {
        unreachable!("the digest stories mail no links")
    }

    fn queued(&self) {}
}

pub(crate) async fn spawn(backend: Backend, sink: &SmtpSink) -> (TestApp, Deps) {
    let db = TestDb::new(backend).await;
    let app = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[
            ("ENLACE_SMTP_URL", &sink.url()),
            ("ENLACE_MAIL_FROM", "Enlace <enlace@crm.test>"),
            ("ENLACE_SECRET", SECRET),
        ],
    )
    .await;
    let deps = Deps {
        store: app.store.clone(),
        mail: Arc::new(Quiet),
        sealer: app::ssr::seal::Sealer::new(&app::ssr::secret::SiteSecret::new(SECRET).unwrap()),
        registration: app::usecase::RegistrationPolicy {
            hold: chrono::Duration::hours(24),
            mail_configured: true,
        },
    };
    (app, deps)
}

/// The first path on `base` in `body` starting with `prefix`.
fn link(body: &str, base: &str, prefix: &str) -> String {
    body.split_whitespace()
        .filter_map(|w| w.strip_prefix(base))
        .find(|p| p.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {body}"))
        .to_owned()
}

fn find<'a>(mails: &'a [Value], to: &str, subject_start: &str) -> &'a Value {
    mails
        .iter()
        .find(|m| m["to"] == to && m["subject"].as_str().unwrap().starts_with(subject_start))
        .unwrap_or_else(|| panic!("no mail to {to} about {subject_start:?}: {mails:#?}"))
}

/// Subscribes `email` (following `countries`, in `lang`) and confirms through the mailed link;
/// `already` is how many mails the sink holds before.
async fn subscribe_and_confirm(
    app: &TestApp,
    sink: &SmtpSink,
    email: &str,
    countries: &[&str],
    lang: &str,
    already: usize,
) {
    let me = Person::anonymous(app).await;
    let page = me.get_text("/digest").await;
    assert!(
        page.contains("name=\"countries\"") && page.contains("action=\"/digest\""),
        "{page}"
    );
    let mut fields = vec![("email", email), ("lang", lang)];
    fields.extend(countries.iter().map(|c| ("countries", *c)));
    let r = me.post("/digest", &fields).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/digest?sent=1".into())
    );
    let mails = sink.wait_for(already + 1).await;
    let subject = if lang == "en" {
        "Confirm your subscription"
    } else {
        "Confirme su suscripción"
    };
    let mail = find(&mails, email, subject);
    assert!(mail["list_unsubscribe"].is_null(), "{mail}");
    let confirm = link(
        mail["body"].as_str().unwrap(),
        &app.base_url,
        "/digest/confirm/",
    );
    // Opening the link (as a scanner would) confirms nothing: the page has a button.
    let page = me.get_text(&confirm).await;
    assert!(page.contains(&format!("action=\"{confirm}\"")), "{page}");
    let before = app.store.confirmed_subscriptions().await.unwrap().len();
    let r = me.post(&confirm, &[]).await;
    assert_eq!(location(&r), "/digest?confirmed=1");
    assert_eq!(
        app.store.confirmed_subscriptions().await.unwrap().len(),
        before + 1
    );
    // A link used twice confirms nothing more.
    let r = me.post(&confirm, &[]).await;
    assert_eq!(location(&r), "/digest?expired=1");
}

fn change(key: &str, countries: Vec<Country>, title: &str) -> NewChange {
    NewChange {
        key: key.into(),
        kind: ChangeKind::CommitmentStatus,
        event_id: None,
        path: "/commitments".into(),
        countries,
        title: Localized::new(format!("{title} (es)"), format!("{title} (en)")),
        summary: Localized::new("Pendiente → Cumplido", "Pending → Done"),
    }
}

/// A minute past the slot after `now`.
fn next_slot(now: DateTime<Utc>, weeks: i64) -> DateTime<Utc> {
    DigestSchedule::default().latest_slot(now + chrono::Duration::days(7 * weeks))
        + chrono::Duration::minutes(1)
}

/// The answer to an anonymous, cookie-less post of `path` (a mail client's one click).
async fn one_click(app: &TestApp, path: &str) -> (u16, String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(format!("{}{path}", app.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, to, r.text().await.unwrap())
}

async fn the_weekly_digest_arrives_and_unsubscribes_with_one_click(backend: Backend) {
    let sink = SmtpSink::start().await;
    let (app, deps) = spawn(backend, &sink).await;
    subscribe_and_confirm(&app, &sink, "mx@test.org", &["MX"], "en", 0).await;
    subscribe_and_confirm(&app, &sink, "region@test.org", &[], "es", 1).await;

    // The form answers the same for a subscribed address and a new one.
    let asker = Person::anonymous(&app).await;
    let mut answers = Vec::new();
    for email in ["mx@test.org", "nadie@test.org"] {
        let r = asker
            .post("/digest", &[("email", email), ("lang", "es")])
            .await;
        answers.push((r.status().as_u16(), location(&r)));
    }
    assert_eq!(answers[0], answers[1]);
    let mails = sink.wait_for(4).await;
    assert_eq!(mails.len(), 4, "{mails:#?}");
    // Bad input: the form again, with the input kept and the error.
    let r = asker
        .post(
            "/digest",
            &[("email", "no"), ("countries", "XX"), ("lang", "es")],
        )
        .await;
    assert_eq!(location(&r), "/digest");
    let page = asker.get_text("/digest").await;
    assert!(page.contains("Choose countries from the list."), "{page}");
    assert!(page.contains("value=\"no\""), "{page}");

    let now = Utc::now();
    app.store
        .add_change(&change("t:mx", vec![Country::MX], "México cumplió"), now)
        .await
        .unwrap();
    app.store
        .add_change(&change("t:gt", vec![Country::GT], "Guatemala avanzó"), now)
        .await
        .unwrap();
    let (weekly, _) = server::digest::run_once(&deps, &app.base_url, next_slot(now, 1)).await;
    let weekly = weekly.unwrap();
    assert!(weekly.claimed.is_some(), "{weekly:?}");
    assert_eq!(weekly.queued, 2, "{weekly:?}");
    // Once per week: the same round again (another server) queues nothing.
    let (again, _) = server::digest::run_once(&deps, &app.base_url, next_slot(now, 1)).await;
    assert_eq!(again.unwrap().queued, 0);

    let mails = sink.wait_for(6).await;
    assert_eq!(mails.len(), 6, "{mails:#?}");
    let mx = find(&mails, "mx@test.org", "Enlace: what changed");
    let body = mx["body"].as_str().unwrap();
    assert!(
        body.contains("México cumplió (en)") && !body.contains("Guatemala"),
        "{body}"
    );
    let unsubscribe = link(body, &app.base_url, "/digest/unsubscribe/");
    assert_eq!(
        mx["list_unsubscribe"].as_str().unwrap(),
        format!("<{}{unsubscribe}>", app.base_url)
    );
    assert_eq!(mx["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    let region = find(&mails, "region@test.org", "Enlace: lo que cambió");
    let body = region["body"].as_str().unwrap();
    assert!(
        body.contains("México cumplió (es)") && body.contains("Guatemala avanzó (es)"),
        "{body}"
    );

    // The link's page has a button and unsubscribes nothing; the page is the same for a wrong
    // token.
    let visitor = Person::anonymous(&app).await;
    let page = visitor.get_text(&unsubscribe).await;
    assert!(
        page.contains(&format!("action=\"{unsubscribe}\"")),
        "{page}"
    );
    assert_eq!(app.store.confirmed_subscriptions().await.unwrap().len(), 2);
    let wrong = "/digest/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let other = visitor.get_text(wrong).await;
    assert_eq!(
        strip_nonces(&page.replace(&unsubscribe, "")),
        strip_nonces(&other.replace(wrong, ""))
    );
    // One click: one post, no session, no form token.
    let first = one_click(&app, &unsubscribe).await;
    assert_eq!((first.0, first.1.as_str()), (303, "/digest/unsubscribed"));
    let left = app.store.confirmed_subscriptions().await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].subscription.email, "region@test.org");
    // Used twice, or wrong: the same calm answer.
    assert_eq!(one_click(&app, &unsubscribe).await, first);
    assert_eq!(one_click(&app, wrong).await, first);
    let done = visitor.get_text("/digest/unsubscribed").await;
    assert!(
        done.contains("If this link belonged to a subscription"),
        "{done}"
    );

    // The next week nothing changed: no digest goes out.
    let (empty, _) = server::digest::run_once(&deps, &app.base_url, next_slot(now, 2)).await;
    let empty = empty.unwrap();
    assert!(empty.claimed.is_some(), "{empty:?}");
    assert_eq!(empty.queued, 0, "an empty digest is not sent: {empty:?}");
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert_eq!(sink.read().len(), 6);
}

/// A page with its per-request tokens (script nonces, the form token) emptied.
fn strip_nonces(page: &str) -> String {
    let mut out = page.to_owned();
    for attr in [
        "crossorigin=\"",
        "nonce=\"",
        "name=\"authenticity_token\" value=\"",
    ] {
        let mut from = 0;
        while let Some(at) = out[from..].find(attr) {
            let start = from + at + attr.len();
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            out.replace_range(start..end, "");
            from = start;
        }
    }
    out
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// A final record of `event` with one agreement: Mexico's open commitment and a done one, both
/// due on 10 April 2031, and Guatemala's undated one.
fn record(event: &Event) -> MeetingRecord {
    let commitment = |parties: Vec<Party>, status, due| Commitment {
        parties,
        action: Localized::new(
            "Compartir el convenio marco con la RROCM",
            "Share the framework agreement with the RROCM",
        ),
        due,
        status,
        members: BTreeMap::new(),
        notes: Vec::new(),
    };
    MeetingRecord {
        event_id: event.id,
        event_slug: event.slug.clone(),
        title: Localized::new("Informe de la reunión", "Report of the meeting"),
        place: "Ciudad de México".into(),
        dates: event.details.dates,
        dates_tentative: false,
        status: RecordStatus::Final,
        preamble: Localized::default(),
        delegations: vec![Country::GT, Country::MX],
        agreements: vec![Agreement {
            number: 1,
            text: Localized::new("Acuerdo", "Agreement"),
            events: Vec::new(),
            commitments: vec![
                commitment(
                    vec![Party::Member(Country::MX)],
                    CommitmentStatus::Pending,
                    DuePoint::On(day("2031-04-10")),
                ),
                commitment(
                    vec![Party::Member(Country::MX)],
                    CommitmentStatus::Done,
                    DuePoint::On(day("2031-04-10")),
                ),
                commitment(
                    vec![Party::Member(Country::GT)],
                    CommitmentStatus::Pending,
                    DuePoint::Periodically,
                ),
            ],
        }],
    }
}

async fn officials_are_reminded_fourteen_days_and_one_day_before(backend: Backend) {
    let sink = SmtpSink::start().await;
    let (app, deps) = spawn(backend, &sink).await;
    account(&app, "mx@test.org", Role::Official(Country::MX)).await;
    let gone = account(&app, "antes@test.org", Role::Official(Country::MX)).await;
    app.store.set_account_disabled(gone.id, true).await.unwrap();
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let event = workshop(&app, "reunion-2031", Country::MX, None, true).await;
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    app.store
        .replace_record(&record(&event), &[], &by, Utc::now())
        .await
        .unwrap();
    let id = app.store.commitments(false).await.unwrap()[0].meta.id;
    let base = app.base_url.clone();
    let remind = |now: &str| {
        let (deps, base, now) = (deps.clone(), base.clone(), at(now));
        async move { send_reminders(&deps, &base, now).await.unwrap() }
    };
    // 15 days before in Mexico City (UTC-6): nothing yet.
    assert_eq!(remind("2031-03-26T12:00:00Z").await.mailed, 0);
    // 14 days before: Mexico's enabled official, once.
    assert_eq!(remind("2031-03-27T12:00:00Z").await.mailed, 1);
    assert_eq!(remind("2031-03-27T18:00:00Z").await.mailed, 0);
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail["to"], "mx@test.org");
    let subject = mail["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("Recordatorio") && subject.contains("Reminder"),
        "{subject}"
    );
    let body = mail["body"].as_str().unwrap();
    assert!(
        body.contains("Share the framework agreement with the RROCM"),
        "{body}"
    );
    assert!(
        body.contains("(días restantes: 14)") && body.contains("(days left: 14)"),
        "{body}"
    );
    assert!(body.contains(&format!("/commitments#c-{id}")), "{body}");
    // Within 7 days: the change log says it falls due, once.
    let report = remind("2031-04-04T12:00:00Z").await;
    assert_eq!((report.mailed, report.due_entries), (0, 1));
    assert_eq!(remind("2031-04-05T12:00:00Z").await.due_entries, 0);
    let told = app.store.changes(Some(Country::MX), 20).await.unwrap();
    let key = format!("commitment-due:{id}:2031-04-10");
    let entry = told.iter().find(|e| e.change.key == key);
    assert!(
        entry.is_some_and(|e| e.change.kind == ChangeKind::CommitmentDue),
        "{told:#?}"
    );
    // The day before: the 1-day reminder; after the last day, nothing.
    assert_eq!(remind("2031-04-09T12:00:00Z").await.mailed, 1);
    assert_eq!(remind("2031-04-11T12:00:00Z").await.mailed, 0);
    let mails = sink.wait_for(2).await;
    assert!(mails.iter().all(|m| m["to"] == "mx@test.org"), "{mails:#?}");
    assert!(
        mails
            .iter()
            .any(|m| m["body"].as_str().unwrap().contains("(days left: 1)")),
        "{mails:#?}"
    );
}

on_backends!(
    both: [
        the_weekly_digest_arrives_and_unsubscribes_with_one_click,
        officials_are_reminded_fourteen_days_and_one_day_before,
    ],
    sqlite_only: [],
);
