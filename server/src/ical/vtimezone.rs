//! VTIMEZONE components (RFC 5545 §3.6.5) generated from the time-zone database, which the
//! icalendar crate does not write. One STANDARD or DAYLIGHT sub-component per transition, never
//! RDATE lists: Mozilla's ical.js reads only the first date of such a list.

use std::fmt::Write;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The offset rules in force at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    /// Total offset from UTC, in seconds.
    offset: i32,
    /// True during daylight-saving time.
    dst: bool,
    /// The abbreviation, when the database has a real one.
    name: Option<String>,
}

fn observance(tz: Tz, at: DateTime<Utc>) -> Observance {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    let name = offset
        .abbreviation()
        .filter(|a| a.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_owned);
    Observance {
        offset: i32::try_from(
            offset.base_utc_offset().num_seconds() + offset.dst_offset().num_seconds(),
        )
        .unwrap_or(0),
        dst: !offset.dst_offset().is_zero(),
        name,
    }
}

/// A change of observance at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: Observance,
    to: Observance,
}

/// Finds every transition in `[start, end)`: daily probes, then a binary search to the second.
fn transitions(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<Transition> {
    let step = Duration::hours(12);
    let mut found = Vec::new();
    let mut t = start;
    let mut current = observance(tz, t);
    while t < end {
        let next = (t + step).min(end);
        let after = observance(tz, next);
        if after != current {
            // The change happened in (t, next]: narrow it to the first second of `after`.
            let (mut lo, mut hi) = (t, next);
            while (hi - lo) > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if observance(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition {
                at: hi,
                from: current,
                to: after.clone(),
            });
            current = after;
        }
        t = next;
    }
    found
}

fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn write_observance(
    out: &mut String,
    onset_local: chrono::NaiveDateTime,
    from: &Observance,
    to: &Observance,
) {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    let _ = write!(out, "BEGIN:{kind}\r\n");
    let _ = write!(out, "DTSTART:{}\r\n", onset_local.format("%Y%m%dT%H%M%S"));
    let _ = write!(out, "TZOFFSETFROM:{}\r\n", format_offset(from.offset));
    let _ = write!(out, "TZOFFSETTO:{}\r\n", format_offset(to.offset));
    let name = to.name.clone().unwrap_or_else(|| format_offset(to.offset));
    let _ = write!(out, "TZNAME:{name}\r\n");
    let _ = write!(out, "END:{kind}\r\n");
}

/// The VTIMEZONE of `tz` covering the years `from_year` to `to_year` (inclusive), CRLF-terminated.
///
/// The first sub-component states the observance in force on 1 January of `from_year`; each later
/// one is a transition, its DTSTART the local wall-clock time of the change in the offset before it
/// (RFC 5545 §3.6.5).
#[must_use]
pub fn vtimezone(tz: Tz, from_year: i32, to_year: i32) -> String {
    let start_day = NaiveDate::from_ymd_opt(from_year, 1, 1).unwrap_or(NaiveDate::MIN);
    let end_day =
        NaiveDate::from_ymd_opt(to_year.saturating_add(1), 1, 1).unwrap_or(NaiveDate::MAX);
    let start = Utc.from_utc_datetime(&start_day.and_time(chrono::NaiveTime::MIN));
    let end = Utc.from_utc_datetime(&end_day.and_time(chrono::NaiveTime::MIN));
    let mut out = String::new();
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let initial = observance(tz, start);
    let initial_local = start.naive_utc() + Duration::seconds(i64::from(initial.offset));
    write_observance(&mut out, initial_local, &initial, &initial);
    for tr in transitions(tz, start, end) {
        let onset_local = tr.at.naive_utc() + Duration::seconds(i64::from(tr.from.offset));
        write_observance(&mut out, onset_local, &tr.from, &tr.to);
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mexico_city_2010_has_its_april_and_october_changes() {
        let text = vtimezone(chrono_tz::America::Mexico_City, 2010, 2010);
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:America/Mexico_City\r\n\
             BEGIN:STANDARD\r\nDTSTART:20091231T180000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\nEND:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20100404T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nDTSTART:20101031T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\nEND:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn mexico_city_2024_has_no_daylight_saving() {
        let text = vtimezone(chrono_tz::America::Mexico_City, 2024, 2024);
        assert!(!text.contains("DAYLIGHT"));
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1);
    }

    #[test]
    fn new_york_gets_two_transitions_a_year() {
        let text = vtimezone(chrono_tz::America::New_York, 2023, 2024);
        assert_eq!(text.matches("BEGIN:DAYLIGHT").count(), 2);
        assert!(text.contains(
            "DTSTART:20240310T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT"
        ));
        assert!(text.contains(
            "DTSTART:20241103T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST"
        ));
        assert!(!text.contains("RDATE"));
    }

    #[test]
    fn offsets_are_written_with_sign_and_optional_seconds() {
        assert_eq!(format_offset(-6 * 3600), "-0600");
        assert_eq!(format_offset(0), "+0000");
        assert_eq!(format_offset(-(5 * 3600 + 30 * 60 + 15)), "-053015");
    }
}
