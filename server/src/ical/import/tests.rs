//! Tests of the ICS import reader: real exports, the source report's events, every rejection of a
//! hostile or malformed file, and the mapping of each property; one file per seam of the reader,
//! sharing the helpers and the Outlook export below.

mod candidate;
mod exports;
mod fuzz_found;
mod lines;
mod location;
mod messages;
mod reader;
mod values;

use app::domain::{Country, EventInput, EventKind, Field, Lang, Problem, ValidationErrors};
use chrono::{DateTime, TimeZone, Utc};
use rstest::rstest;

use super::candidate::*;
use super::location::*;
use super::values::*;
use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2010, 11, 16, 12, 0, 0).unwrap()
}

fn defaults(host: Country) -> ImportDefaults {
    ImportDefaults {
        host,
        lang: Lang::Es,
        kind: EventKind::Meeting,
        now: now(),
    }
}

/// Reads `text`, checking that every candidate not skipped passes validation.
fn read_as(text: &[u8], defaults: &ImportDefaults) -> Vec<Candidate> {
    let candidates = read_ics(text, defaults).unwrap();
    for c in &candidates {
        if c.skip.is_none() {
            assert!(c.input.validate().is_ok(), "{c:?}");
        }
    }
    candidates
}

fn read(text: &str, host: Country) -> Vec<Candidate> {
    read_as(text.as_bytes(), &defaults(host))
}

fn one(text: &str, host: Country) -> Candidate {
    let mut all = read(text, host);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

fn error(bytes: &[u8]) -> ImportError {
    read_ics(bytes, &defaults(Country::GT)).unwrap_err()
}

/// A calendar around `events`, with LF line ends.
fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Prueba//ES\n{events}END:VCALENDAR\n")
}

/// One VEVENT with `props` (each ending in a newline) in a calendar.
fn with_event(props: &str) -> String {
    calendar(&format!("BEGIN:VEVENT\nUID:e1@prueba\n{props}END:VEVENT\n"))
}

fn assert_bilingual(es: &str, en: &str) {
    assert!(!es.trim().is_empty() && !en.trim().is_empty());
    assert_ne!(es, en);
}

/// What Outlook 2016 writes for "Save as iCalendar": CRLF, Windows zone names, long lines folded
/// at 75 octets, X-MICROSOFT properties, HTML descriptions and reminders.
const OUTLOOK: &str = r#"BEGIN:VCALENDAR
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
VERSION:2.0
METHOD:PUBLISH
X-CALSTART:20101201T000000Z
X-CALEND:20101208T000000Z
X-WR-RELCALID:{0000002E-6A4F-2B3C-8D7E-1F2A3B4C5D6E}
X-WR-CALNAME:Calendario CRM
X-PRIMARY-CALENDAR:TRUE
X-MS-OLK-FORCEINSPECTOROPEN:TRUE
BEGIN:VTIMEZONE
TZID:Central America Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:-0600
TZOFFSETTO:-0600
END:STANDARD
END:VTIMEZONE
BEGIN:VTIMEZONE
TZID:Central Standard Time (Mexico)
BEGIN:STANDARD
DTSTART:16011028T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:-0500
TZOFFSETTO:-0600
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010404T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
TZOFFSETFROM:-0600
TZOFFSETTO:-0500
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
CLASS:PUBLIC
CREATED:20101117T153012Z
DESCRIPTION:Conferencia regional sobre trabajo forzado infantil\, trata de 
 personas y turismo sexual infantil.\n\nOrganizada con el apoyo de los Esta
 dos Unidos de América.\n
DTEND;TZID="Central America Standard Time":20101207T170000
DTSTAMP:20101117T160000Z
DTSTART;TZID="Central America Standard Time":20101206T090000
LAST-MODIFIED:20101117T153012Z
LOCATION:Hotel Westin Camino Real\, Ciudad de Guatemala\, Guatemala
PRIORITY:5
SEQUENCE:0
SUMMARY;LANGUAGE=es:Conferencia sobre trabajo forzado infantil\, trata de p
 ersonas y turismo sexual infantil
TRANSP:OPAQUE
UID:040000008200E00074C5B7101A82E00800000000D0C2A5B87E86CB010000000000000000
 10000000F3A1B6C3D2E4F5A6B7C8D9E0F1A2B3C4
X-ALT-DESC;FMTTYPE=text/html:<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2//E
 N">\n<HTML><BODY><P>Conferencia regional</P></BODY></HTML>
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
X-MICROSOFT-CDO-IMPORTANCE:1
X-MICROSOFT-DISALLOW-COUNTER:FALSE
X-MS-OLK-AUTOFILLLOCATION:FALSE
X-MS-OLK-CONFTYPE:0
BEGIN:VALARM
TRIGGER:-PT15M
ACTION:DISPLAY
DESCRIPTION:Reminder
END:VALARM
END:VEVENT
BEGIN:VEVENT
CLASS:PUBLIC
CREATED:20101117T153512Z
DESCRIPTION:\n
DTEND;VALUE=DATE:20101204
DTSTAMP:20101117T160000Z
DTSTART;VALUE=DATE:20101201
LOCATION:San Salvador\, El Salvador
SUMMARY;LANGUAGE=es:Taller de Modernización de la Legislación contra los d
 elitos de trata de personas y tráfico ilícito de migrantes
TRANSP:TRANSPARENT
UID:040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6A7B8
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
X-MICROSOFT-CDO-BUSYSTATUS:FREE
END:VEVENT
BEGIN:VEVENT
CLASS:PUBLIC
DTEND;TZID="Central Standard Time (Mexico)":20101110T110000
DTSTAMP:20101117T160000Z
DTSTART;TZID="Central Standard Time (Mexico)":20101110T100000
RRULE:FREQ=WEEKLY;UNTIL=20110223T160000Z;INTERVAL=1;BYDAY=WE;WKST=SU
SUMMARY;LANGUAGE=es:Llamada semanal de enlaces
UID:040000008200E00074C5B7101A82E00800000000BBBBBBBBBBBB
END:VEVENT
BEGIN:VEVENT
CLASS:PRIVATE
DTEND;TZID="Central America Standard Time":20101203T100000
DTSTAMP:20101117T160000Z
DTSTART;TZID="Central America Standard Time":20101203T090000
SUMMARY;LANGUAGE=es:Cita médica
UID:040000008200E00074C5B7101A82E00800000000CCCCCCCCCCCC
END:VEVENT
END:VCALENDAR
"#;

fn outlook() -> String {
    OUTLOOK.replace('\n', "\r\n")
}
