//! The event form's target: any input to [`EventInput::validate`] either fails with problems, or
//! gives details that keep every documented invariant and come back unchanged through the edit
//! form ([`EventInput::from_details`]).

use arbitrary::Unstructured;
use chrono::Datelike;

use super::draw::{
    Odds, chance, code, date_text, day, day_near, field, int, number_text, pick, text, time_text,
    zone_text,
};
use super::{assert_clean, assert_single_line};
use crate::domain::event::{MAX_CAPACITY, MAX_DESCRIPTION, MAX_PLACE, MAX_TITLE, slug_base};
use crate::domain::lifecycle::{self, Transition};
use crate::domain::{Country, EventDates, EventDetails, EventInput, EventKind, EventStatus, Lang};

/// Every member state's code.
fn country_codes() -> Vec<&'static str> {
    Country::ALL.iter().map(|c| c.code()).collect()
}

/// An event form as posted: mostly near-valid (so that the checks after the first are reached),
/// with hostile values in any field.
#[must_use]
pub fn event_input(u: &mut Unstructured<'_>) -> EventInput {
    let countries = country_codes();
    let o = Odds::draw(u);
    let start = day(u);
    let end = day_near(u, start, 3, 370);
    let timed = chance(u, 1, 2);
    let month_only = chance(u, 1, 8);
    EventInput {
        host: code(u, o, &countries),
        cohosts: (0..int(u, 0..=4)).map(|_| code(u, o, &countries)).collect(),
        city: field(u, o, 4),
        venue: field(u, o, 4),
        tz: zone_text(u, o),
        kind: code(u, o, &["workshop", "conference", "meeting"]),
        title_es: field(u, o, 6),
        title_en: field(u, o, 6),
        description_es: if chance(u, 1, 2) {
            text(u, 8)
        } else {
            String::new()
        },
        description_en: if chance(u, 1, 3) {
            text(u, 8)
        } else {
            String::new()
        },
        status: code(
            u,
            o,
            &["tentative", "confirmed", "postponed", "cancelled", ""],
        ),
        capacity: if chance(u, 1, 2) {
            number_text(u, o)
        } else {
            String::new()
        },
        month: if month_only {
            match int(u, 0..=3) {
                0 if o.hostile(u) => format!("{:04}-{:02}", int(u, 1890..=2210), int(u, 0..=13)),
                1 if o.hostile(u) => text(u, 2),
                _ => start.format("%Y-%m").to_string(),
            }
        } else {
            String::new()
        },
        start_date: date_text(u, o, start),
        end_date: if chance(u, 1, 4) {
            String::new()
        } else {
            date_text(u, o, end)
        },
        start_time: if timed {
            time_text(u, o)
        } else {
            String::new()
        },
        end_time: if timed || chance(u, 1, 10) {
            time_text(u, o)
        } else {
            String::new()
        },
    }
}

/// Checks what [`EventInput::validate`] promises of the details it accepts.
///
/// # Panics
/// When one of them does not hold.
pub fn assert_event_details(d: &EventDetails) {
    for (i, c) in d.cohosts.iter().enumerate() {
        assert_ne!(*c, d.host, "a co-host is the host: {d:?}");
        if let Some(next) = d.cohosts.get(i + 1) {
            assert!(c < next, "co-hosts not sorted and unique: {d:?}");
        }
    }
    assert!(!d.city.is_empty(), "no city: {d:?}");
    assert_single_line(&d.city, MAX_PLACE);
    assert_single_line(&d.venue, MAX_PLACE);
    assert_single_line(&d.title.es, MAX_TITLE);
    assert_single_line(&d.title.en, MAX_TITLE);
    assert!(!d.title.is_empty(), "no title: {d:?}");
    assert_clean(&d.description.es, MAX_DESCRIPTION, true);
    assert_clean(&d.description.en, MAX_DESCRIPTION, true);
    if let Some(c) = d.capacity {
        assert!((1..=MAX_CAPACITY).contains(&c), "capacity {c}");
    }
    let (first, last) = (d.dates.first_day(), d.dates.last_day());
    assert!(first <= last, "ends before it starts: {d:?}");
    for day in [first, last] {
        assert!(
            (1900..=2200).contains(&day.year()),
            "year out of range: {d:?}"
        );
    }
    if let EventDates::Exact { start, end, .. } = d.dates {
        assert!((end - start).num_days() <= 366, "longer than a year: {d:?}");
    }
    let starts = d.starts_at();
    let ends = d.ends_at();
    assert!(starts.is_ok() && ends.is_ok(), "unresolved times: {d:?}");
    if let (Ok(s), Ok(e)) = (starts, ends) {
        assert!(e > s, "ends at or before it starts ({s} .. {e}): {d:?}");
    }
}

/// Checks a slug: lower-case ASCII words joined by single hyphens, ending with the year.
///
/// # Panics
/// When it does not hold.
pub fn assert_slug(slug: &str, year: i32) {
    let suffix = format!("-{year}");
    let words = slug
        .strip_suffix(&suffix)
        .unwrap_or_else(|| panic!("slug {slug:?} does not end with {suffix:?}"));
    assert!(!words.is_empty() && words.len() <= 60, "slug {slug:?}");
    assert!(
        words.split('-').all(|w| !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
        "slug {slug:?}"
    );
    assert_ne!(words, "new", "slug {slug:?} would shadow /events/new");
}

/// The target: an event form from `data`, validated; what is accepted is checked, edited back
/// and validated again.
///
/// # Panics
/// When validation panics, or accepts details that break an invariant or do not round-trip.
pub fn event_form(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let input = event_input(&mut u);
    let Ok(details) = input.validate() else {
        return;
    };
    assert_event_details(&details);
    let again = EventInput::from_details(&details).validate();
    assert_eq!(
        again.as_ref(),
        Ok(&details),
        "the edit form of accepted details is refused or differs: {input:?}"
    );
    let year = details.dates.first_day().year();
    assert_slug(&slug_base(details.title.pick(Lang::Es).text, year), year);
    // Codes parse back to what they are, whatever the case or padding they came in.
    assert_eq!(EventKind::parse(details.kind.code()), Some(details.kind));
    assert_eq!(
        EventStatus::parse(details.status.code()),
        Some(details.status)
    );
    let lang = pick(&mut u, &[Lang::Es, Lang::En]);
    let _ = lifecycle::created(&details);
    let _ = crate::domain::format::event_dates(lang, &details.dates);
    transitions(&mut u, &details);
}

/// Cancelling with any reason, and postponing to the dates of any other accepted form.
fn transitions(u: &mut Unstructured<'_>, details: &EventDetails) {
    let reason = text(u, 4);
    if let Ok(outcome) = lifecycle::apply(
        details,
        Transition::Cancel {
            reason: reason.clone(),
        },
    ) {
        let kept = reason.trim();
        assert!(!kept.is_empty(), "an empty reason was accepted");
        assert!(
            kept.chars().count() <= lifecycle::MAX_REASON,
            "a reason too long"
        );
        assert!(
            !kept.chars().any(|c| c.is_control() && c != '\n'),
            "a reason with control characters: {kept:?}"
        );
        assert_eq!(outcome.details.status, EventStatus::Cancelled);
    }
    if let Ok(other) = event_input(u).validate()
        && let Ok(outcome) = lifecycle::apply(details, Transition::Postpone { dates: other.dates })
    {
        assert_eq!(outcome.details.dates, other.dates);
        assert_eq!(outcome.previous_dates, Some(details.dates));
    }
}
