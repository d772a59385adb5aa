//! Registration modes against the real server and a real SMTP sink: confirm by e-mail (the seat
//! is held, the manage link goes only to the address, opening it and confirming gives the seat;
//! a hold that runs out gives the seat to the next person, who is mailed, both when the next seat
//! decision comes first and through the periodic release), approval by the hosts (pending until
//! a host approves; another country's official is refused), concurrent sign-ups in confirm mode
//! that never overbook, and the settings form's refusals.

use std::time::Duration;

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::{Registration, RegistrationMode, RegistrationStatus};
use serde_json::Value;

mod approval;
mod concurrency;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_backends;
use crate::people::{Person, account, workshop};
use crate::registrations::{SmtpSink, form, location, post, registrations, with};
use approval::{
    approval_mode_waits_for_the_hosts_of_the_event,
    the_settings_form_refuses_unknown_modes_and_confirm_without_mail,
};
use concurrency::concurrent_sign_ups_in_confirm_mode_never_overbook;

/// A server with mail through `sink`, releasing expired holds every `sweep` seconds.
pub(super) async fn spawn(backend: Backend, sink: &SmtpSink, sweep: &str) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[
            ("ENLACE_SMTP_URL", &sink.url()),
            ("ENLACE_MAIL_FROM", "Enlace <enlace@crm.test>"),
            ("ENLACE_HOLD_SWEEP_SECONDS", sweep),
        ],
    )
    .await
}

/// The Guatemalan official posts the registration settings form: open, `capacity`, `mode`.
pub(super) async fn settings(
    official: &Person,
    slug: &str,
    capacity: &str,
    mode: &str,
) -> reqwest::Response {
    let fields = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), capacity.into()),
        ("mode".into(), mode.into()),
    ];
    post(official, &format!("/events/{slug}/registration"), &fields).await
}

/// A published GT workshop whose official set it to `mode` with `capacity` seats.
pub(super) async fn event_in_mode(
    app: &TestApp,
    official: &Person,
    slug: &str,
    capacity: &str,
    mode: &str,
) -> app::domain::Event {
    let event = workshop(app, slug, Country::GT, None, true).await;
    let saved = settings(official, slug, capacity, mode).await;
    assert_eq!(
        location(&saved),
        format!("/events/{slug}/participants?saved=1")
    );
    event
}

/// The manage path in the mail to `to` that carries one (the only place it is, in confirm mode).
fn mailed_manage_path(app: &TestApp, mails: &[Value], to: &str) -> String {
    let prefix = format!("{}/registrations/", app.base_url);
    let body = mails
        .iter()
        .filter(|m| m["to"] == to)
        .filter_map(|m| m["body"].as_str())
        .find(|b| b.contains(&prefix))
        .unwrap_or_else(|| panic!("no mail to {to} with a manage link: {mails:?}"));
    let start = body.find(&prefix).unwrap() + app.base_url.len();
    let end = body[start..]
        .find(|c: char| c.is_whitespace())
        .map_or(body.len(), |n| start + n);
    body[start..end].to_owned()
}

pub(super) fn by_email<'a>(all: &'a [Registration], email: &str) -> &'a Registration {
    all.iter().find(|r| r.details.email == email).unwrap()
}

/// Polls the store until `check` holds (up to 20 s).
async fn eventually(app: &TestApp, event_id: i64, check: impl Fn(&[Registration]) -> bool) {
    for _ in 0..100 {
        let all = app.store.registrations_for_event(event_id).await.unwrap();
        if check(&all) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!(
        "never happened: {:?}",
        app.store.registrations_for_event(event_id).await.unwrap()
    );
}

async fn confirm_mode_holds_the_seat_until_the_mailed_link_confirms_it(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, "3600").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;

    // With mail configured, a new event confirms by e-mail unless its hosts choose otherwise.
    let proposal = [
        ("host", "GT"),
        ("city", "Antigua Guatemala"),
        ("kind", "workshop"),
        ("title_es", "Taller confirmado"),
        ("title_en", "Confirmed workshop"),
        ("start_date", "2031-03-03"),
        ("end_date", "2031-03-04"),
        ("publish", "on"),
    ];
    let posted = official.post("/events/new", &proposal).await;
    let slug = location(&posted)
        .trim_start_matches("/events/")
        .trim_end_matches("/manage")
        .to_owned();
    let event = app.store.event_by_slug(&slug).await.unwrap();
    let current = app.store.registration_settings(event.id).await.unwrap();
    assert_eq!(current.mode, RegistrationMode::Confirm);
    let page = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(page.contains("Confirm by e-mail"), "{page}");
    // Settings sent without a mode (an older form) keep the event's mode.
    let fields = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "1".into()),
    ];
    post(&official, &format!("/events/{slug}/registration"), &fields).await;
    let current = app.store.registration_settings(event.id).await.unwrap();
    assert_eq!(current.mode, RegistrationMode::Confirm);
    assert_eq!(current.capacity, Some(1));

    // Ana registers: the browser is told to look for the mail, not given the manage link.
    let path = format!("/events/{slug}/register");
    let delegate = Person::anonymous(&app).await;
    let hint = delegate.get_text(&path).await;
    assert!(hint.contains("confirm your e-mail address"), "{hint}");
    let nonce = "c".repeat(40);
    let ana = with(
        form("Anabela Quiñónez", "ana@minex.gob.gt", "GT"),
        "submission",
        &nonce,
    );
    let r = post(&delegate, &path, &ana).await;
    assert_eq!(location(&r), format!("{path}?sent=1"));
    // The same form again (a double click) lands there too, and registers once.
    let again = post(&delegate, &path, &ana).await;
    assert_eq!(location(&again), format!("{path}?sent=1"));
    let sent = delegate.get_text(&format!("{path}?sent=1")).await;
    assert!(sent.contains("Check your e-mail"), "{sent}");
    // Her seat is held (it counts as taken); Berta gets a held waitlist place.
    let r = post(&delegate, &path, &form("Berta", "berta@test.org", "SV")).await;
    assert_eq!(location(&r), format!("{path}?sent=1"));
    let all = registrations(&app, &event).await;
    assert_eq!(all.len(), 2);
    assert_eq!(
        by_email(&all, "ana@minex.gob.gt").status,
        RegistrationStatus::Held
    );
    let until = by_email(&all, "ana@minex.gob.gt").hold_until.unwrap();
    let expected = chrono::Utc::now() + chrono::Duration::hours(24);
    assert!((until - expected).num_seconds().abs() < 120, "{until}");
    assert_eq!(
        by_email(&all, "berta@test.org").status,
        RegistrationStatus::Waitlisted
    );
    assert!(by_email(&all, "berta@test.org").hold_until.is_some());
    let public = delegate.get_text(&format!("/events/{slug}")).await;
    assert!(public.contains("1 of 1 seats taken"), "{public}");
    // Held is not coming yet: the logistics plan lists confirmed people only.
    let plan = official
        .get_text(&format!("/events/{slug}/logistics"))
        .await;
    assert!(!plan.contains("Anabela Quiñónez"), "{plan}");
    let list = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(list.contains("Held · until"), "{list}");

    // The mail, in her language, carries the manage link and says until when the seat is held.
    let mails = sink.wait_for(2).await;
    let mail = mails
        .iter()
        .find(|m| m["to"] == "ana@minex.gob.gt")
        .unwrap();
    assert_eq!(
        mail["subject"],
        "Confirme su inscripción: Taller confirmado"
    );
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains("America/Guatemala"), "{body}");
    let manage = mailed_manage_path(&app, &mails, "ana@minex.gob.gt");

    // Opening it shows the hold, in the event's zone, and the confirm button; nothing changes yet.
    let page = delegate.get_text(&manage).await;
    assert!(page.contains("Your seat is held until"), "{page}");
    assert!(page.contains("(America/Guatemala)"), "{page}");
    assert!(
        page.contains(&format!("action=\"{manage}/confirm\"")),
        "{page}"
    );
    assert_eq!(
        by_email(&registrations(&app, &event).await, "ana@minex.gob.gt").status,
        RegistrationStatus::Held
    );
    // Confirming gives her the seat, once; a second click changes nothing.
    let r = delegate.post(&format!("{manage}/confirm"), &[]).await;
    assert_eq!(location(&r), format!("{manage}?confirmed=1"));
    let r = delegate.post(&format!("{manage}/confirm"), &[]).await;
    assert_eq!(location(&r), format!("{manage}?confirmed=1"));
    let ana_now = by_email(&registrations(&app, &event).await, "ana@minex.gob.gt").clone();
    assert_eq!(ana_now.status, RegistrationStatus::Confirmed);
    assert_eq!(ana_now.hold_until, None);
    let page = delegate.get_text(&manage).await;
    assert!(page.contains("Your registration is confirmed."), "{page}");
    assert!(!page.contains("/confirm\""), "{page}");
    let plan = official
        .get_text(&format!("/events/{slug}/logistics"))
        .await;
    assert!(plan.contains("Anabela Quiñónez"), "{plan}");
}

async fn an_expired_hold_gives_its_seat_to_the_next_person(backend: Backend) {
    let sink = SmtpSink::start().await;
    // No periodic release during this story: the next seat decision must settle by itself.
    let app = spawn(backend, &sink, "3600").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = event_in_mode(&app, &official, "vencida", "1", "confirm").await;
    let path = format!("/events/{}/register", event.slug);
    let person = Person::anonymous(&app).await;
    post(&person, &path, &form("Primera", "uno@test.org", "GT")).await;
    post(
        &person,
        &path,
        &with(form("Segunda", "dos@test.org", "SV"), "lang", "en"),
    )
    .await;
    post(&person, &path, &form("Tercera", "tres@test.org", "MX")).await;
    // The second confirms her waitlist place.
    let mails = sink.wait_for(3).await;
    let second = mailed_manage_path(&app, &mails, "dos@test.org");
    person.post(&format!("{second}/confirm"), &[]).await;
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "dos@test.org").status,
        RegistrationStatus::Waitlisted
    );
    assert_eq!(by_email(&all, "dos@test.org").hold_until, None);

    // The first never confirms: her hold runs out (moved into the past in the database).
    app.db
        .execute(&format!(
            "update registrations set hold_until = 1000 where event_id = {} and email = 'uno@test.org'",
            event.id
        ))
        .await;
    // Not yet released, it takes no seat: the public count and "confirm now" both see it free.
    let public = person.get_text(&format!("/events/{}", event.slug)).await;
    assert!(public.contains("0 of 1 seats taken"), "{public}");
    // A newcomer does not take that seat ahead of the people waiting: it goes to the second.
    post(&person, &path, &form("Cuarta", "cuatro@test.org", "CR")).await;
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "uno@test.org").status,
        RegistrationStatus::Expired
    );
    assert_eq!(
        by_email(&all, "dos@test.org").status,
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        by_email(&all, "tres@test.org").status,
        RegistrationStatus::Waitlisted
    );
    assert_eq!(
        by_email(&all, "cuatro@test.org").status,
        RegistrationStatus::Waitlisted
    );
    // She is told, in English.
    let mails = sink.wait_for(5).await;
    assert!(
        mails.iter().any(
            |m| m["to"] == "dos@test.org" && m["subject"] == "Seat confirmed: Workshop vencida"
        ),
        "{mails:?}"
    );
    // The first one's link says what happened, and confirming is refused clearly.
    let first = mailed_manage_path(&app, &mails, "uno@test.org");
    let page = person.get_text(&first).await;
    assert!(page.contains("was not confirmed in time"), "{page}");
    let r = person.post(&format!("{first}/confirm"), &[]).await;
    assert_eq!(location(&r), first);
}

async fn an_expired_hold_takes_no_seat_and_cannot_be_confirmed_before_its_release(
    backend: Backend,
) {
    let sink = SmtpSink::start().await;
    // No periodic release during this story.
    let app = spawn(backend, &sink, "3600").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = event_in_mode(&app, &official, "vencida-dos", "1", "confirm").await;
    let path = format!("/events/{}/register", event.slug);
    let person = Person::anonymous(&app).await;
    post(&person, &path, &form("Eva", "eva@test.org", "GT")).await;
    post(&person, &path, &form("Flor", "flor@test.org", "SV")).await;
    let mails = sink.wait_for(2).await;
    let eva = mailed_manage_path(&app, &mails, "eva@test.org");
    app.db
        .execute(&format!(
            "update registrations set hold_until = 1000 where event_id = {} and email = 'eva@test.org'",
            event.id
        ))
        .await;
    // Too late to confirm, even before the release: refused, and said so on her page.
    let r = person.post(&format!("{eva}/confirm"), &[]).await;
    assert_eq!(location(&r), eva);
    let page = person.get_text(&eva).await;
    assert!(page.contains("was not confirmed in time"), "{page}");
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "eva@test.org").status,
        RegistrationStatus::Held
    );
    assert!(by_email(&all, "eva@test.org").hold_until.is_some());
    // "Confirm now" for the person waiting: the expired, unreleased seat counts as free.
    let flor = by_email(&all, "flor@test.org").id;
    let r = official
        .post(
            &format!("/events/{}/participants/{flor}/promote", event.slug),
            &[],
        )
        .await;
    assert_eq!(
        location(&r),
        format!("/events/{}/participants?promoted=1", event.slug)
    );
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "flor@test.org").status,
        RegistrationStatus::Held
    );
}

async fn the_periodic_release_gives_expired_seats_away_and_mails(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, "1").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = event_in_mode(&app, &official, "barrido", "1", "confirm").await;
    let path = format!("/events/{}/register", event.slug);
    let person = Person::anonymous(&app).await;
    post(&person, &path, &form("Primera", "uno@test.org", "GT")).await;
    post(
        &person,
        &path,
        &with(form("Segunda", "dos@test.org", "SV"), "lang", "en"),
    )
    .await;
    sink.wait_for(2).await;
    app.db
        .execute(&format!(
            "update registrations set hold_until = 1000 where event_id = {} and email = 'uno@test.org'",
            event.id
        ))
        .await;
    // Nobody registers: the periodic release gives the seat on by itself. The second had not
    // confirmed her address yet, so her seat is held (with the hold she had).
    eventually(&app, event.id, |all| {
        by_email(all, "uno@test.org").status == RegistrationStatus::Expired
            && by_email(all, "dos@test.org").status == RegistrationStatus::Held
    })
    .await;
    let mails = sink.wait_for(3).await;
    // Her first mail and this one share the subject: this one says a seat opened up.
    let told = mails.iter().any(|m| {
        m["to"] == "dos@test.org"
            && m["subject"] == "Confirm your registration: Workshop barrido"
            && m["body"].as_str().unwrap().contains("A seat opened up")
    });
    assert!(told, "{mails:?}");
}

// Both backends: every story here decides seats under the event's lock. SQLite only: the
// settings form's refusals and the defaults without mail.
on_backends!(
    both: [
        confirm_mode_holds_the_seat_until_the_mailed_link_confirms_it,
        an_expired_hold_gives_its_seat_to_the_next_person,
        an_expired_hold_takes_no_seat_and_cannot_be_confirmed_before_its_release,
        the_periodic_release_gives_expired_seats_away_and_mails,
        approval_mode_waits_for_the_hosts_of_the_event,
        concurrent_sign_ups_in_confirm_mode_never_overbook,
    ],
    sqlite_only: [
        the_settings_form_refuses_unknown_modes_and_confirm_without_mail,
    ],
);
