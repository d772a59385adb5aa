//! Property values (RFC 5545 §3.3): TEXT unescaping, DATE and DATE-TIME, the zone a TZID names
//! (IANA, Windows or the file's own VTIMEZONE, never the offsets the file claims), and DURATION.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::skip::SkipReason;
use super::{MAX_TZID_CHARS, QUOTE_CHARS};

/// A date property as written: its value, TZID and whether it is declared a DATE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct RawDate {
    /// The value, trimmed.
    pub(super) value: String,
    /// The TZID parameter, trimmed.
    pub(super) tzid: Option<String>,
    /// True with `VALUE=DATE`.
    pub(super) value_is_date: bool,
    /// The IANA name the file's VTIMEZONE gives this TZID in X-LIC-LOCATION.
    pub(super) alias: Option<String>,
}

/// The first `QUOTE_CHARS` characters of `text`, to quote in a message.
pub(super) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().nth(QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Undoes TEXT escaping (RFC 5545 §3.3.11): `\n` and `\N` become a line break, `\,` `\;` `\\`
/// their character; `\:` (written by some exporters) a colon; any other backslash stays.
pub(super) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ (',' | ';' | '\\' | ':')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A single-line field (title, city, venue): line breaks and tabs become spaces.
pub(super) fn single_line(text: &str) -> String {
    text.replace(['\n', '\t'], " ").trim().to_owned()
}

/// When a date property says the event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum When {
    /// An all-day date.
    Date(NaiveDate),
    /// A local time with no zone (RFC 5545 §3.3.5 form 1): taken in the host capital's zone.
    Floating(NaiveDateTime),
    /// A UTC time (form 2, or a TZID naming UTC).
    Utc(NaiveDateTime),
    /// A local time in a zone (form 3).
    Zoned(NaiveDateTime, Tz),
}

/// Reads `n` ASCII digits.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYYMMDD`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 {
        return None;
    }
    let year = i32::try_from(digits(text.get(0..4)?)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(text.get(4..6)?)?, digits(text.get(6..8)?)?)
}

/// `YYYYMMDDTHHMMSS`, with an optional `Z`; a leap second reads as :59.
fn parse_date_time(text: &str) -> Option<(NaiveDateTime, bool)> {
    let (text, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (date, time) = text.split_once(['T', 't'])?;
    if time.len() != 6 {
        return None;
    }
    let second = digits(time.get(4..6)?)?.min(59);
    let time = NaiveTime::from_hms_opt(digits(time.get(0..2)?)?, digits(time.get(2..4)?)?, second)?;
    Some((parse_date(date)?.and_time(time), utc))
}

/// Windows zone names as Outlook writes them in TZID, and the IANA zone for the region (CLDR's
/// `windowsZones.xml`, with the territory of a member state where CLDR's default is elsewhere).
const WINDOWS_ZONES: [(&str, Tz); 26] = [
    ("Central America Standard Time", Tz::America__Guatemala),
    ("Central Standard Time (Mexico)", Tz::America__Mexico_City),
    ("Mountain Standard Time (Mexico)", Tz::America__Mazatlan),
    ("Pacific Standard Time (Mexico)", Tz::America__Tijuana),
    ("Eastern Standard Time (Mexico)", Tz::America__Cancun),
    ("Eastern Standard Time", Tz::America__New_York),
    (
        "US Eastern Standard Time",
        Tz::America__Indiana__Indianapolis,
    ),
    ("Central Standard Time", Tz::America__Chicago),
    ("Mountain Standard Time", Tz::America__Denver),
    ("US Mountain Standard Time", Tz::America__Phoenix),
    ("Pacific Standard Time", Tz::America__Los_Angeles),
    ("Alaskan Standard Time", Tz::America__Anchorage),
    ("Hawaiian Standard Time", Tz::Pacific__Honolulu),
    ("Canada Central Standard Time", Tz::America__Regina),
    ("Atlantic Standard Time", Tz::America__Halifax),
    ("Newfoundland Standard Time", Tz::America__St_Johns),
    ("Yukon Standard Time", Tz::America__Whitehorse),
    ("SA Pacific Standard Time", Tz::America__Panama),
    ("SA Western Standard Time", Tz::America__Santo_Domingo),
    ("GMT Standard Time", Tz::Europe__London),
    ("W. Europe Standard Time", Tz::Europe__Berlin),
    ("Romance Standard Time", Tz::Europe__Paris),
    ("Central European Standard Time", Tz::Europe__Warsaw),
    ("Greenwich Standard Time", Tz::Atlantic__Reykjavik),
    ("UTC", Tz::UTC),
    ("Coordinated Universal Time", Tz::UTC),
];

/// The zone a TZID names: an IANA name; the file's own VTIMEZONE X-LIC-LOCATION; a Windows name;
/// or the last IANA-looking part of a prefixed name (`/mozilla.org/20050126_1/America/Guatemala`).
pub(super) fn resolve_zone(tzid: &str, alias: Option<&str>) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"').trim();
    if name.chars().count() > MAX_TZID_CHARS {
        return None;
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    if let Some(tz) = alias
        .filter(|a| a.chars().count() <= MAX_TZID_CHARS)
        .and_then(|a| a.trim().parse::<Tz>().ok())
    {
        return Some(tz);
    }
    if let Some((_, tz)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(name))
    {
        return Some(*tz);
    }
    name.match_indices('/')
        .find_map(|(i, _)| name[i + 1..].parse::<Tz>().ok())
}

/// Zones that are UTC under another name: times in them are converted like `…Z` times.
fn is_utc(tz: Tz) -> bool {
    matches!(
        tz,
        Tz::UTC
            | Tz::Etc__UTC
            | Tz::UCT
            | Tz::Etc__UCT
            | Tz::GMT
            | Tz::Etc__GMT
            | Tz::GMT0
            | Tz::Etc__GMT0
            | Tz::Etc__GMTPlus0
            | Tz::Etc__GMTMinus0
            | Tz::GMTPlus0
            | Tz::GMTMinus0
            | Tz::Greenwich
            | Tz::Etc__Greenwich
            | Tz::Universal
            | Tz::Etc__Universal
            | Tz::Zulu
            | Tz::Etc__Zulu
    )
}

/// Reads one DTSTART or DTEND (RFC 5545 §3.3.4, §3.3.5).
pub(super) fn read_when(property: &str, raw: &RawDate) -> Result<When, SkipReason> {
    let bad = || SkipReason::BadDate {
        property: property.to_owned(),
        value: shorten(&raw.value),
    };
    let is_date = raw.value_is_date || !raw.value.contains(['T', 't']);
    if is_date {
        return parse_date(&raw.value).map(When::Date).ok_or_else(bad);
    }
    let (local, utc) = parse_date_time(&raw.value).ok_or_else(bad)?;
    if utc {
        return Ok(When::Utc(local));
    }
    match &raw.tzid {
        None => Ok(When::Floating(local)),
        Some(tzid) => match resolve_zone(tzid, raw.alias.as_deref()) {
            Some(tz) if is_utc(tz) => Ok(When::Utc(local)),
            Some(tz) => Ok(When::Zoned(local, tz)),
            None => Err(SkipReason::UnknownZone(shorten(tzid.trim_matches('"')))),
        },
    }
}

/// A DURATION (RFC 5545 §3.3.6): `P[n]W` or `P[n]D[T[n]H[n]M[n]S]`; negative ones are refused.
pub(super) fn parse_duration(text: &str) -> Option<TimeDelta> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let rest = text.strip_prefix(['P', 'p'])?;
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = number
                .unwrap_or(0)
                .checked_mul(10)?
                .checked_add(i64::from(d))?;
            if n > 1_000_000_000 {
                return None;
            }
            number = Some(n);
            continue;
        }
        let unit = match (c.to_ascii_uppercase(), in_time) {
            ('T', false) if number.is_none() => {
                in_time = true;
                continue;
            }
            ('W', false) => 7 * 86_400,
            ('D', false) => 86_400,
            ('H', true) => 3_600,
            ('M', true) => 60,
            ('S', true) => 1,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
        any = true;
    }
    if number.is_some() || !any {
        return None;
    }
    TimeDelta::try_seconds(total)
}
