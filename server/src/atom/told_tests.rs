//! What an event's changes tell the log: keys, kinds, both languages, the hosts.

use app::domain::changes::ChangeKind;
use app::domain::lifecycle::{Transition, apply};
use app::domain::{Country, Event, EventDates, EventInput, EventStatus};
use chrono::{DateTime, NaiveDate, Utc};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn event(published: bool) -> Event {
    let details = EventInput {
        host: "SV".into(),
        cohosts: vec!["GT".into()],
        city: "San Salvador".into(),
        kind: "workshop".into(),
        title_es: "Taller".into(),
        title_en: "Workshop".into(),
        start_date: "2031-03-03".into(),
        end_date: "2031-03-04".into(),
        ..EventInput::default()
    }
    .validate()
    .unwrap();
    Event {
        id: 7,
        slug: "taller".into(),
        uid: "taller@enlace.test".into(),
        details,
        revision: 1,
        version: 4,
        published,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: DateTime::<Utc>::UNIX_EPOCH,
        updated_at: DateTime::<Utc>::UNIX_EPOCH,
    }
}

#[test]
fn a_postponement_tells_the_old_and_the_new_dates_in_both_languages() {
    let current = event(true);
    let new = EventDates::Exact {
        start: day(2031, 4, 7),
        end: day(2031, 4, 8),
        times: None,
    };
    let outcome = apply(&current.details, Transition::Postpone { dates: new }).unwrap();
    let told = of_update(&current, &outcome, false, None);
    assert_eq!(told.len(), 1);
    let c = &told[0];
    assert_eq!(c.key, "event-postponed:7:5");
    assert_eq!(c.kind, ChangeKind::EventPostponed);
    assert_eq!(c.event_id, Some(7));
    assert_eq!(c.path, "/events/taller");
    assert_eq!(c.countries, vec![Country::SV, Country::GT]);
    assert_eq!(c.title.es, "Nuevas fechas: Taller");
    assert_eq!(c.title.en, "New dates: Workshop");
    assert!(
        c.summary.es.contains("3–4 de marzo de 2031")
            && c.summary.es.contains("7–8 de abril de 2031"),
        "{}",
        c.summary.es
    );
    assert!(c.summary.en.starts_with("Was: "), "{}", c.summary.en);
    assert!(c.summary.en.contains("2031"), "{}", c.summary.en);
}

#[test]
fn a_cancellation_tells_the_reason_and_a_draft_tells_only_its_publication() {
    let current = event(true);
    let outcome = apply(
        &current.details,
        Transition::Cancel {
            reason: "Sin quórum".into(),
        },
    )
    .unwrap();
    assert_eq!(outcome.details.status, EventStatus::Cancelled);
    let told = of_update(&current, &outcome, false, Some("Sin quórum"));
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].key, "event-cancelled:7");
    assert_eq!(told[0].kind, ChangeKind::EventCancelled);
    assert!(told[0].summary.es.ends_with("Motivo: Sin quórum"));

    let draft = event(false);
    assert!(of_update(&draft, &outcome, false, None).is_empty());
    let told = of_update(&draft, &outcome, true, None);
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].key, "event-published:7");
    assert_eq!(told[0].title.en, "New event: Workshop");
    assert!(
        told[0].summary.es.ends_with("San Salvador, El Salvador."),
        "{}",
        told[0].summary.es
    );
}

#[test]
fn registration_and_deadlines_have_their_own_keys() {
    let e = event(true);
    let opened = registration_opened(About::of(&e), Some(day(2031, 2, 20)), 5);
    assert_eq!(opened.key, "registration-opened:7:5");
    assert_eq!(opened.kind, ChangeKind::RegistrationOpened);
    assert!(
        opened.summary.es.contains("20 de febrero de 2031"),
        "{}",
        opened.summary.es
    );
    let open_ended = registration_opened(About::of(&e), None, 6);
    assert_eq!(
        open_ended.summary.en,
        "Registration is open, with no deadline."
    );
    let soon = deadline_soon(About::of(&e), day(2031, 2, 20));
    assert_eq!(soon.key, "deadline-soon:7:2031-02-20");
    assert_eq!(soon.kind, ChangeKind::DeadlineSoon);
    assert_eq!(soon.title.en, "Registration closes soon: Workshop");
}
