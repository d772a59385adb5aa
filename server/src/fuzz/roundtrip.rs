//! The feed renderer round-tripped through the importer: events that pass the event form's
//! validation, rendered as one feed and read back, are the same events, modulo what a feed does
//! not carry or the import documents:
//! - the title in the feed's language (the other language's when it has none) comes back in that
//!   language's field, the other one empty; the description comes back followed by the event's
//!   link, as the feed writes it;
//! - days, local times, and for timed events the zone and the instants, are kept; an all-day
//!   event comes back in the host capital's zone (a `VALUE=DATE` has none), a timed event in a
//!   zone that is UTC under another name in the capital's zone at the same instants;
//! - a month-only event comes back month-only when tentative (the placeholder the feed writes),
//!   as the whole month's days otherwise; a postponed event comes back tentative, a cancelled one
//!   is skipped as cancelled;
//! - co-hosts, capacity and kind are not in a feed; the venue and city are guessed back from the
//!   LOCATION, so they are compared only for plain names.

use app::domain::event::{MAX_DESCRIPTION, MAX_TITLE, slug_base};
use app::domain::{
    Country, Event, EventDetails, EventInput, EventKind, EventStatus, Field, Lang, Problem,
};
use arbitrary::Unstructured;
use chrono::{DateTime, Datelike, Offset, TimeZone, Utc};

use super::draw::{chance, int, pick, text, words, zone};
use crate::ical::import::{ImportDefaults, SkipReason, parse_ics};
use crate::ical::{FeedInfo, render};

/// City and venue names the LOCATION heuristic reads back exactly: no comma, digit, country
/// name or region abbreviation.
const PLAIN_PLACES: &[&str] = &[
    "San Salvador",
    "Antigua Guatemala",
    "Santiago de Querétaro",
    "Tegucigalpa",
    "Hotel Camino Real",
    "Centro de Convenciones",
    "Ministerio de Relaciones Exteriores",
];

const BASE_URL: &str = "https://enlace.example";

/// A place: plain (`true`, compared after the round trip) or hostile text.
fn place(u: &mut Unstructured<'_>, may_be_empty: bool) -> (String, bool) {
    match int(u, 0..=5) {
        0 if may_be_empty => (String::new(), true),
        0..=3 => (pick(u, PLAIN_PLACES).to_owned(), true),
        _ => (text(u, 3), false),
    }
}

/// An event form that is usually valid, with text aimed at the feed's escaping and folding.
fn form(u: &mut Unstructured<'_>) -> (EventInput, bool) {
    let host = pick(u, &Country::ALL);
    let (city, plain_city) = place(u, false);
    let (venue, plain_venue) = place(u, true);
    // From 1901 to 2199: an event at the edge of the years the form accepts may fall outside
    // them in the capital's zone.
    let start = chrono::NaiveDate::from_ymd_opt(1901, 1, 1)
        .and_then(|d| {
            d.checked_add_days(chrono::Days::new(
                u64::try_from(int(u, 0..=109_000)).unwrap_or(0),
            ))
        })
        .unwrap_or_default();
    let end = start
        .checked_add_days(chrono::Days::new(
            u64::try_from(int(u, 0..=40)).unwrap_or(0),
        ))
        .unwrap_or(start);
    let timed = chance(u, 1, 2);
    let time = |u: &mut Unstructured<'_>| format!("{:02}:{:02}", int(u, 0..=23), int(u, 0..=59));
    let title = |u: &mut Unstructured<'_>| match int(u, 0..=3) {
        0 => String::new(),
        1 => text(u, 4),
        _ => words(u),
    };
    let input = EventInput {
        host: host.code().to_owned(),
        city,
        venue,
        tz: if chance(u, 1, 4) {
            String::new()
        } else {
            zone(u).name().to_owned()
        },
        kind: pick(u, &EventKind::ALL).code().to_owned(),
        title_es: title(u),
        title_en: title(u),
        description_es: if chance(u, 1, 2) {
            text(u, 6)
        } else {
            String::new()
        },
        description_en: if chance(u, 1, 2) {
            text(u, 6)
        } else {
            String::new()
        },
        status: pick(u, &EventStatus::ALL).code().to_owned(),
        month: if chance(u, 1, 6) {
            start.format("%Y-%m").to_string()
        } else {
            String::new()
        },
        start_date: start.to_string(),
        end_date: end.to_string(),
        start_time: if timed { time(u) } else { String::new() },
        end_time: if timed { time(u) } else { String::new() },
        ..EventInput::default()
    };
    (input, plain_city && plain_venue)
}

fn event(index: usize, details: EventDetails, u: &mut Unstructured<'_>) -> Event {
    let year = details.dates.first_day().year();
    let slug = format!(
        "{}-{index}",
        slug_base(details.title.pick(Lang::Es).text, year)
    );
    let at = |secs: i64| {
        Utc.timestamp_opt(secs, 0)
            .single()
            .unwrap_or(DateTime::UNIX_EPOCH)
    };
    Event {
        id: i64::try_from(index).unwrap_or(0),
        uid: format!("{:08x}-{index}@enlace", int(u, 0..=u32::MAX.into())),
        slug,
        details,
        revision: int(u, 0..=1000),
        version: 1,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: at(1_288_000_000),
        updated_at: at(int(u, 1_288_000_000..=1_900_000_000)),
    }
}

/// The first few thousand characters of `text`, for a message.
fn shorten(text: &str) -> String {
    text.chars().take(4_000).collect()
}

/// The description a feed in `lang` gives `event`: its own, then its link.
fn described(event: &Event, lang: Lang) -> String {
    let url = format!("{BASE_URL}/events/{}", event.slug);
    let text = event.details.description.pick(lang).text;
    if text.trim().is_empty() {
        url
    } else {
        format!("{text}\n\n{url}")
    }
}

/// The status an event comes back with.
fn status_back(status: EventStatus) -> EventStatus {
    match status {
        EventStatus::Confirmed => EventStatus::Confirmed,
        _ => EventStatus::Tentative,
    }
}

/// Checks that `back` is `event` after the round trip through a feed in `lang`.
fn same_event(event: &Event, back: &EventDetails, lang: Lang, plain: bool) {
    let d = &event.details;
    let at = shorten(&format!("{event:?} back as {back:?}"));
    assert_eq!(back.title.raw(lang), d.title.pick(lang).text, "title: {at}");
    assert_eq!(back.title.raw(lang.other()), "", "other title: {at}");
    assert_eq!(
        back.description.raw(lang),
        described(event, lang),
        "description: {at}"
    );
    assert_eq!(back.host, d.host);
    assert_eq!(back.status, status_back(d.status), "status: {at}");
    let tentative_month =
        d.dates.is_month_only() && status_back(d.status) == EventStatus::Tentative;
    if d.dates.is_month_only() {
        assert_eq!(
            back.dates.is_month_only(),
            tentative_month,
            "month only: {at}"
        );
    }
    let same_days = || {
        assert_eq!(
            back.dates.first_day(),
            d.dates.first_day(),
            "first day: {at}"
        );
        assert_eq!(back.dates.last_day(), d.dates.last_day(), "last day: {at}");
        assert_eq!(back.dates.times(), d.dates.times(), "times: {at}");
    };
    if d.dates.times().is_none() {
        same_days();
        assert_eq!(back.tz, d.host.capital_zone(), "all-day zone: {at}");
        return;
    }
    if back.tz == d.tz {
        assert_eq!(back.starts_at(), d.starts_at(), "start instant: {at}");
        assert_eq!(back.ends_at(), d.ends_at(), "end instant: {at}");
        same_days();
    } else {
        // The same instants, to the minute the form keeps (old offsets had seconds).
        let near = |a: Result<DateTime<Utc>, _>, b: Result<DateTime<Utc>, _>| match (a, b) {
            (Ok(a), Ok(b)) => (a - b).num_seconds().abs() < 60,
            _ => false,
        };
        assert!(near(back.starts_at(), d.starts_at()), "start instant: {at}");
        assert!(near(back.ends_at(), d.ends_at()), "end instant: {at}");
        // Only a zone that is UTC under another name changes: to the capital's, or to UTC when
        // the capital's clock shows the time twice; the days and times are then the new zone's.
        assert!(
            back.tz == d.host.capital_zone() || back.tz == chrono_tz::Tz::UTC,
            "zone {} came back as {}",
            d.tz,
            back.tz
        );
        let utc = |at: DateTime<Utc>| d.tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        assert!(
            d.starts_at().is_ok_and(|at| utc(at).local_minus_utc() == 0),
            "zone {} changed, and it is not UTC",
            d.tz
        );
    }
    if plain {
        assert_eq!(back.city, d.city, "city: {at}");
        assert_eq!(back.venue, d.venue, "venue: {at}");
    }
}

/// The target: up to four events from `data`, validated, rendered in one feed in either
/// language, read back and compared.
///
/// # Panics
/// When rendering or reading panics, or an event does not come back the same.
pub fn feed_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut events = Vec::new();
    let mut plain = Vec::new();
    for index in 0..usize::try_from(int(&mut u, 1..=4)).unwrap_or(1) {
        let (input, plain_place) = form(&mut u);
        if let Ok(details) = input.validate() {
            events.push(event(index, details, &mut u));
            plain.push(plain_place);
        }
    }
    if events.is_empty() {
        return;
    }
    let lang = pick(&mut u, &[Lang::Es, Lang::En]);
    // A collection feed's name is a fixed text; one event's feed is named after its title.
    let title = events[0].details.title.pick(lang).text.to_owned();
    let (name, description) = match int(&mut u, 0..=2) {
        0 => (
            "Enlace: calendario de la CRM".to_owned(),
            "Talleres, conferencias y reuniones".to_owned(),
        ),
        1 => (title.clone(), title),
        // Any text, as long as a title.
        _ => {
            let mut short = || text(&mut u, 2).chars().take(MAX_TITLE).collect::<String>();
            (short(), short())
        }
    };
    let feed = render(
        &events,
        &FeedInfo {
            name: &name,
            description: &description,
            base_url: BASE_URL,
            lang,
        },
    );
    let imported = match parse_ics(feed.as_bytes()) {
        Ok(imported) => imported,
        Err(e) => panic!("our own feed is refused: {e:?}\n{}", shorten(&feed)),
    };
    assert_eq!(imported.len(), events.len(), "{}", shorten(&feed));
    for ((event, imported), plain) in events.iter().zip(&imported).zip(plain) {
        let d = &event.details;
        let candidate = imported.to_candidate(&ImportDefaults {
            host: d.host,
            lang,
            kind: d.kind,
            now: Utc::now(),
        });
        assert_eq!(candidate.source_uid, event.uid);
        assert_eq!(candidate.suggested_host, Some(d.host), "{candidate:?}");
        if d.status == EventStatus::Cancelled {
            assert_eq!(candidate.skip, Some(SkipReason::Cancelled));
            continue;
        }
        if described(event, lang).chars().count() > MAX_DESCRIPTION {
            // A description within the link's length of its limit is too long once the feed
            // adds the link: the import says so.
            let Some(SkipReason::Invalid(errors)) = &candidate.skip else {
                panic!("a description too long is kept: {:?}", candidate.skip);
            };
            assert!(
                errors.items().iter().all(|e| matches!(
                    e.field,
                    Field::DescriptionEs | Field::DescriptionEn
                ) && e.problem
                    == (Problem::TooLong {
                        max: MAX_DESCRIPTION
                    })),
                "{errors:?}"
            );
            continue;
        }
        if let Some(skip) = &candidate.skip {
            panic!(
                "skipped: {skip:?}\n{}",
                shorten(&format!("{event:?}\n{feed}"))
            );
        }
        let back = match candidate.input.validate() {
            Ok(back) => back,
            Err(errors) => panic!("{errors:?} {candidate:?}"),
        };
        same_event(event, &back, lang, plain);
    }
}
