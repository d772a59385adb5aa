//! Inputs the `feed_roundtrip` fuzz target found (`crate::fuzz`): our own feeds, read back.

use super::*;
use crate::ical::{FeedInfo, render};
use app::domain::event::MAX_DESCRIPTION;

fn feed_of(details: app::domain::EventDetails, lang: Lang) -> String {
    let event = app::domain::Event {
        id: 1,
        slug: "taller-2011".into(),
        uid: "taller-2011@enlace".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: now(),
        updated_at: now(),
    };
    let info = FeedInfo {
        name: "Enlace",
        description: "Calendario",
        base_url: "https://enlace.test",
        lang,
    };
    render(std::slice::from_ref(&event), &info)
}

fn workshop(dates: &[(&str, &str)]) -> app::domain::EventDetails {
    let mut input = EventInput {
        host: "SV".into(),
        city: "San Salvador".into(),
        kind: "workshop".into(),
        title_es: "Taller".into(),
        ..EventInput::default()
    };
    for (field, value) in dates {
        let value = (*value).to_owned();
        match *field {
            "month" => input.month = value,
            "status" => input.status = value,
            "tz" => input.tz = value,
            "start_date" => input.start_date = value,
            "start_time" => input.start_time = value,
            "end_time" => input.end_time = value,
            "description_es" => input.description_es = value,
            other => panic!("{other}"),
        }
    }
    input.validate().unwrap()
}

/// Every month-only event's title gets "(fechas por confirmar)" in a feed; a confirmed one (an
/// edit can make one) came back as the month's days with the words in its title.
#[test]
fn fuzz_found_a_confirmed_month_only_event_comes_back_without_the_suffix() {
    let details = workshop(&[("month", "2011-02"), ("status", "confirmed")]);
    let text = feed_of(details, Lang::Es);
    assert!(text.contains("SUMMARY:Taller (fechas por confirmar)"));
    let candidate = one(std::str::from_utf8(text.as_bytes()).unwrap(), Country::SV);
    assert_eq!(candidate.skip, None);
    assert_eq!(candidate.input.title_es, "Taller");
    assert_eq!(
        (
            candidate.input.start_date.as_str(),
            candidate.input.end_date.as_str()
        ),
        ("2011-02-01", "2011-02-28")
    );
}

/// A description at its limit made of commas is twice as long escaped, and the whole feed was
/// refused as having a line too long. Now the file reads; that one event, whose description is
/// over the limit once the feed adds its link, is skipped and says why.
#[test]
fn fuzz_found_a_description_of_commas_at_its_limit_leaves_the_feed_readable() {
    let commas = ",".repeat(MAX_DESCRIPTION);
    let text = feed_of(
        workshop(&[("start_date", "2011-02-07"), ("description_es", &commas)]),
        Lang::Es,
    );
    let candidates = read_ics(text.as_bytes(), &defaults(Country::SV)).unwrap();
    let Some(SkipReason::Invalid(errors)) = &candidates[0].skip else {
        panic!("{:?}", candidates[0].skip);
    };
    assert_eq!(
        errors.items()[0].problem,
        Problem::TooLong {
            max: MAX_DESCRIPTION
        }
    );
}

/// A time in UTC (or a zone that is UTC by another name) is shown in the capital's zone; at
/// 05:30 UTC on 7 November 2010 New York's clock shows 01:30 twice, which the form cannot hold,
/// so the event was skipped. It now stays in UTC, at the same instant.
#[test]
fn fuzz_found_a_utc_time_the_capital_shows_twice_stays_in_utc() {
    for dtstart in [
        "DTSTART:20101107T053000Z\nDTEND:20101107T070000Z\n",
        "DTSTART;TZID=Etc/GMT0:20101107T053000\nDTEND;TZID=Etc/GMT0:20101107T070000\n",
    ] {
        let text = with_event(&format!("SUMMARY:Llamada\n{dtstart}"));
        let candidate = one(&text, Country::US);
        assert_eq!(candidate.skip, None, "{dtstart}");
        assert_eq!(candidate.input.tz, "UTC");
        assert_eq!(candidate.input.start_time, "05:30");
        let details = candidate.input.validate().unwrap();
        assert_eq!(
            details.starts_at().unwrap(),
            Utc.with_ymd_and_hms(2010, 11, 7, 5, 30, 0).unwrap()
        );
    }
    // An hour later New York's clock shows it once: the capital's zone, as before.
    let text = with_event("SUMMARY:Llamada\nDTSTART:20101107T073000Z\nDTEND:20101107T080000Z\n");
    assert_eq!(one(&text, Country::US).input.tz, "America/New_York");
}

/// Found by the `ics_structured` fuzz target, which reads every clean file folded and unfolded:
/// a writer may fold any line (RFC 5545 §3.1), the first too, and a file whose `BEGIN:VCALENDAR`
/// was folded was refused as not a calendar.
#[test]
fn fuzz_found_a_folded_first_line_is_still_a_calendar() {
    let plain = with_event("SUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\n");
    for folded in [
        plain.replacen("BEGIN:VCALENDAR", "BEGIN:VCALENDA\n R", 1),
        plain.replacen("BEGIN:VCALENDAR", "B\r\n\tEGIN:VCAL\r\n ENDAR", 1),
    ] {
        let mut candidate = one(&folded, Country::SV);
        assert_eq!(candidate.skip, None);
        candidate.line = 0;
        let mut expected = one(&plain, Country::SV);
        expected.line = 0;
        assert_eq!(candidate, expected);
    }
    // Still not a calendar: a fold must continue a line that reads BEGIN:VCALENDAR.
    assert_eq!(error(b"BEGIN:VCAL\nENDAR\n"), ImportError::NotACalendar);
}
