//! Golden and structural tests of the feed rendering.

use app::domain::{Event, EventDetails, EventInput, Lang};
use chrono::{DateTime, TimeZone, Utc};

use super::{FeedInfo, render};

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).unwrap()
}

fn event(slug: &str, details: EventDetails, revision: i64) -> Event {
    Event {
        id: 1,
        slug: slug.to_owned(),
        uid: format!("{slug}@enlace.test"),
        details,
        revision,
        version: revision,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: at(1_288_000_000),
        updated_at: at(1_289_000_000),
    }
}

fn demo_events() -> Vec<Event> {
    crate::demo::validated()
        .unwrap()
        .into_iter()
        .map(|(slug, d)| event(slug, d, 0))
        .collect()
}

fn timed(host: &str, date: &str, start: &str, end: &str) -> EventDetails {
    EventInput {
        host: host.into(),
        city: "Ciudad".into(),
        kind: "meeting".into(),
        title_es: "Reunión".into(),
        start_date: date.into(),
        start_time: start.into(),
        end_time: end.into(),
        ..EventInput::default()
    }
    .validate()
    .unwrap()
}

fn feed(lang: Lang) -> FeedInfo<'static> {
    FeedInfo {
        name: "Enlace",
        description: "Calendario",
        base_url: "https://enlace.example",
        lang,
    }
}

/// Undoes line folding (RFC 5545 §3.1).
fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

#[test]
fn demo_feed_matches_the_golden_file() {
    let mut events = demo_events();
    events.push(event(
        "timed-mexico-2010",
        timed("MX", "2010-07-01", "09:00", "17:00"),
        2,
    ));
    let text = render(&events, &feed(Lang::Es));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ical/golden/demo-es.ics");
    // `UPDATE_GOLDEN=1` rewrites the file after a deliberate change; review its diff before committing.
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, golden);
}

#[test]
fn every_line_is_crlf_terminated_and_at_most_75_octets() {
    let mut events = demo_events();
    events[0].details.title.es = "Título larguísimo con acentos áéíóú y eñes ñññ ".repeat(6);
    let text = render(&events, &feed(Lang::Es));
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\r') && !line.contains('\n'));
    }
}

#[test]
fn all_day_events_end_the_day_after_their_last_day() {
    let unfolded = unfold(&render(&demo_events(), &feed(Lang::Es)));
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20101201"));
    assert!(unfolded.contains("DTEND;VALUE=DATE:20101204"));
    // February 2011, month-only: the whole month, transparent, tentative, and said so in the title.
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20110201"));
    assert!(unfolded.contains("DTEND;VALUE=DATE:20110301"));
    assert!(unfolded.contains("TRANSP:TRANSPARENT"));
    assert!(unfolded.contains("(fechas por confirmar)"));
}

#[test]
fn stamps_come_from_the_last_change_so_unchanged_data_gives_identical_bytes() {
    let events = demo_events();
    let first = render(&events, &feed(Lang::En));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(first, render(&events, &feed(Lang::En)));
    assert!(first.contains("DTSTAMP:20101105T233320Z"));
}

#[test]
fn every_tzid_used_has_its_vtimezone_before_the_first_event() {
    let events = vec![
        event("a", timed("US", "2024-03-12", "09:00", "10:00"), 0),
        event("b", timed("GT", "2024-03-12", "09:00", "10:00"), 0),
        event("c", timed("US", "2023-11-06", "09:00", "10:00"), 0),
    ];
    let text = unfold(&render(&events, &feed(Lang::En)));
    for zone in ["America/New_York", "America/Guatemala"] {
        assert_eq!(
            text.matches(&format!("TZID:{zone}\r\n")).count(),
            1,
            "{zone}"
        );
        assert!(text.find(&format!("TZID:{zone}\r\n")) < text.find("BEGIN:VEVENT"));
        assert!(text.contains(&format!("DTSTART;TZID={zone}:")));
    }
    assert!(!text.contains("RDATE"));
}

#[test]
fn hostile_titles_cannot_inject_properties_or_components() {
    let mut events = demo_events();
    events.truncate(1);
    events[0].details.title.en = "Evil\r\nBEGIN:VEVENT\r\nSUMMARY:x; a,b \\ c".into();
    events[0].details.description.en = "line\rDTSTART:19990101".into();
    let text = render(&events, &feed(Lang::En));
    // The words may appear escaped inside a value, but never at the start of a content line.
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("BEGIN:VEVENT"))
            .count(),
        1
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("SUMMARY")).count(), 1);
    assert_eq!(text.lines().filter(|l| l.starts_with("DTSTART")).count(), 1);
    let unfolded = unfold(&text);
    assert!(unfolded.contains(r"SUMMARY:Evil\nBEGIN:VEVENT\nSUMMARY:x\; a\,b \\ c"));
}

#[test]
fn cancelled_events_say_so_in_their_summary_and_status() {
    let mut events = demo_events();
    events.truncate(1);
    events[0].details.status = app::domain::EventStatus::Cancelled;
    let es = unfold(&render(&events, &feed(Lang::Es)));
    assert!(es.contains("STATUS:CANCELLED"));
    assert!(es.contains("SUMMARY:CANCELADO: "));
    let en = unfold(&render(&events, &feed(Lang::En)));
    assert!(en.contains("SUMMARY:CANCELLED: "));
}

#[test]
fn no_organizer_or_attendee_turns_the_feed_into_invitations() {
    let text = render(&demo_events(), &feed(Lang::Es));
    assert!(!text.contains("ORGANIZER") && !text.contains("ATTENDEE"));
    assert!(text.contains("METHOD:PUBLISH"));
}

/// Found by the `feed_roundtrip` fuzz target: one event's feed is named after its title, and the
/// zones went before the first text reading `BEGIN:VEVENT`, here inside the NAME line, which
/// broke the file (our own reader refused it as malformed).
#[test]
fn fuzz_found_a_title_reading_begin_vevent_keeps_the_zones_before_the_event() {
    let mut details = timed("GT", "2010-12-06", "09:00", "17:00");
    details.title.es = "Reunión BEGIN:VEVENT".into();
    let events = vec![event("reunion-2010", details, 0)];
    let title = "Reunión BEGIN:VEVENT";
    let info = FeedInfo {
        name: title,
        description: title,
        ..feed(Lang::Es)
    };
    let text = render(&events, &info);
    assert!(text.contains("\r\nNAME:Reunión BEGIN:VEVENT\r\n"), "{text}");
    let zone = text.find("\r\nBEGIN:VTIMEZONE\r\n").unwrap();
    assert!(zone < text.find("\r\nBEGIN:VEVENT\r\n").unwrap(), "{text}");
    assert!(zone > text.find("\r\nX-PUBLISHED-TTL:").unwrap(), "{text}");
    assert_eq!(super::import::parse_ics(text.as_bytes()).unwrap().len(), 1);
}

/// Found by the `feed_roundtrip` fuzz target: the feed's name and description were written raw
/// in NAME (which the crate does not escape) and with their carriage returns in the other
/// properties, so a line break or a separator in a name broke or changed the file.
#[test]
fn fuzz_found_a_feed_name_with_line_breaks_and_separators_stays_one_value() {
    let name = "Taller\r\nX-EVIL:1, a; b\\";
    let info = FeedInfo {
        name,
        description: name,
        ..feed(Lang::Es)
    };
    let text = render(&demo_events()[..1], &info);
    let unfolded = unfold(&text);
    for property in ["NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC"] {
        let line = format!("\r\n{property}:Taller\\nX-EVIL:1\\, a\\; b\\\\\r\n");
        assert!(unfolded.contains(&line), "{property}: {unfolded}");
    }
    assert!(!text.lines().any(|l| l.starts_with("X-EVIL")));
    assert_eq!(super::import::parse_ics(text.as_bytes()).unwrap().len(), 1);
}
