//! Tests of the ICS import reader: real exports, the source report's events, every rejection of a
//! hostile or malformed file, and the mapping of each property.

use app::domain::{Country, EventKind, Field, Lang, Problem};
use chrono::{DateTime, TimeZone, Utc};
use rstest::rstest;

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

#[test]
fn outlook_export_with_windows_zones_is_read() {
    let candidates = read(&outlook(), Country::GT);
    assert_eq!(candidates.len(), 4);

    let conference = &candidates[0];
    assert_eq!(conference.skip, None);
    assert_eq!(
        conference.source_uid,
        "040000008200E00074C5B7101A82E00800000000D0C2A5B87E86CB01000000000000000010000000F3A1B6C3D2E4F5A6B7C8D9E0F1A2B3C4"
    );
    let input = &conference.input;
    assert_eq!(
        input.title_es,
        "Conferencia sobre trabajo forzado infantil, trata de personas y turismo sexual infantil"
    );
    assert_eq!(input.title_en, "");
    assert_eq!(
        input.description_es,
        "Conferencia regional sobre trabajo forzado infantil, trata de personas y turismo sexual infantil.\n\nOrganizada con el apoyo de los Estados Unidos de América."
    );
    assert_eq!(input.tz, "America/Guatemala");
    assert_eq!(
        (input.start_date.as_str(), input.end_date.as_str()),
        ("2010-12-06", "2010-12-07")
    );
    assert_eq!(
        (input.start_time.as_str(), input.end_time.as_str()),
        ("09:00", "17:00")
    );
    assert_eq!(input.city, "Ciudad de Guatemala");
    assert_eq!(input.venue, "Hotel Westin Camino Real");
    assert_eq!(input.status, "confirmed");
    assert_eq!(input.kind, "meeting");
    assert_eq!(input.host, "GT");
    assert_eq!(conference.suggested_host, Some(Country::GT));
    assert!(!conference.past);

    let workshop = &candidates[1];
    assert_eq!(workshop.skip, None);
    assert_eq!(workshop.input.start_date, "2010-12-01");
    assert_eq!(workshop.input.end_date, "2010-12-03");
    assert_eq!(workshop.input.start_time, "");
    assert_eq!(workshop.input.city, "San Salvador");
    assert_eq!(workshop.input.description_es, "");
    assert_eq!(workshop.suggested_host, Some(Country::SV));

    assert_eq!(candidates[2].skip, Some(SkipReason::Recurring));
    assert_eq!(candidates[3].skip, Some(SkipReason::Private));
}

#[test]
fn outlook_event_can_be_given_another_host() {
    let events = parse_ics(outlook().as_bytes()).unwrap();
    let workshop = events[1].to_candidate(&defaults(Country::SV));
    assert_eq!(workshop.input.host, "SV");
    assert_eq!(workshop.input.tz, "America/El_Salvador");
    assert_eq!(workshop.skip, None);
    assert_eq!(events[1].line(), workshop.line);
    assert_eq!(events[1].source_uid(), workshop.source_uid);
}

/// What Google Calendar writes for "Export": LF here (it writes CRLF, but files pass through
/// editors), UTC times, all-day dates, and a VTIMEZONE for the calendar's zone.
const GOOGLE: &str = r"BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Red de Funcionarios de Enlace
X-WR-TIMEZONE:America/Mexico_City
BEGIN:VTIMEZONE
TZID:America/Mexico_City
X-LIC-LOCATION:America/Mexico_City
BEGIN:STANDARD
TZOFFSETFROM:-0500
TZOFFSETTO:-0600
TZNAME:CST
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART:20101116T150000Z
DTEND:20101116T230000Z
DTSTAMP:20240102T101010Z
UID:3k4l5m6n7o8p9q0r1s2t3u4v5w@google.com
CREATED:20101001T170000Z
DESCRIPTION:Reunión de la Red con representantes de los países miembros.
LAST-MODIFIED:20101102T170000Z
LOCATION:Av. Constituyentes 3\, Centro\, 76000 Santiago de Querétaro\, Qro.
 \, México
SEQUENCE:2
STATUS:CONFIRMED
SUMMARY:Reunión de la Red de Funcionarios de Enlace
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20101008
DTEND;VALUE=DATE:20101009
DTSTAMP:20240102T101010Z
UID:0a1b2c3d4e5f6g7h8i9j@google.com
CREATED:20100901T170000Z
DESCRIPTION:
LAST-MODIFIED:20100901T170000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Reunión ministerial sobre delincuencia organizada trasnacional
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Tijuana:20101120T100000
DTEND;TZID=America/Tijuana:20101120T120000
DTSTAMP:20240102T101010Z
UID:tijuana@google.com
STATUS:TENTATIVE
SUMMARY:Visita a la frontera norte
LOCATION:Tijuana\, B.C.\, México
END:VEVENT
END:VCALENDAR
";

#[test]
fn google_export_with_utc_times_and_all_day_dates_is_read() {
    let candidates = read(GOOGLE, Country::MX);
    assert_eq!(candidates.len(), 3);

    let network = &candidates[0];
    assert_eq!(network.skip, None);
    assert_eq!(network.source_uid, "3k4l5m6n7o8p9q0r1s2t3u4v5w@google.com");
    // 15:00Z is 09:00 in Mexico City in November 2010 (UTC-6).
    assert_eq!(network.input.tz, "America/Mexico_City");
    assert_eq!(network.input.start_date, "2010-11-16");
    assert_eq!(network.input.end_date, "2010-11-16");
    assert_eq!(network.input.start_time, "09:00");
    assert_eq!(network.input.end_time, "17:00");
    assert_eq!(network.input.city, "Santiago de Querétaro");
    assert_eq!(network.input.venue, "Av. Constituyentes 3, Centro");
    assert!(!network.city_assumed);
    assert!(!network.past);

    let ministerial = &candidates[1];
    assert_eq!(ministerial.skip, None);
    assert_eq!(ministerial.input.start_date, "2010-10-08");
    assert_eq!(ministerial.input.end_date, "2010-10-08");
    assert_eq!(ministerial.input.city, "Ciudad de México");
    assert!(ministerial.city_assumed);
    assert!(ministerial.past);

    let border = &candidates[2];
    assert_eq!(border.skip, None);
    assert_eq!(border.input.tz, "America/Tijuana");
    assert_eq!(border.input.status, "tentative");
    assert_eq!(border.input.start_time, "10:00");
    assert_eq!(border.input.city, "Tijuana");
}

#[test]
fn english_calendars_fill_the_english_fields() {
    let defaults = ImportDefaults {
        lang: Lang::En,
        ..defaults(Country::MX)
    };
    let candidates = read_as(GOOGLE.as_bytes(), &defaults);
    let first = &candidates[0].input;
    assert_eq!(
        first.title_en,
        "Reunión de la Red de Funcionarios de Enlace"
    );
    assert_eq!(first.title_es, "");
    assert!(first.description_en.starts_with("Reunión de la Red"));
    assert_eq!(first.description_es, "");
    assert_eq!(candidates[1].input.city, "Mexico City");
}

#[test]
fn a_fold_inside_a_multi_byte_character_is_joined_before_decoding() {
    let mut bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:pliegue\r\nSUMMARY:Reuni".to_vec();
    bytes.extend_from_slice(&[0xC3, b'\r', b'\n', b' ', 0xB3]); // "ó" split by the fold
    bytes.extend_from_slice("n en Querétaro ".as_bytes());
    bytes.extend_from_slice(&[0xE2, 0x80, b'\r', b'\n', b'\t', 0x94]); // "—" split, tab fold
    bytes.extend_from_slice(" día uno\r\nDTSTART;VALUE=DATE:20101206\r\nLOCATION:Ciudad de Guatemala\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".as_bytes());
    let candidates = read_as(&bytes, &defaults(Country::GT));
    assert_eq!(
        candidates[0].input.title_es,
        "Reunión en Querétaro — día uno"
    );
    assert_eq!(candidates[0].skip, None);
}

/// The December 2010 events of the source report, as a host might keep them in Outlook.
const REPORT: &str = r"BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Prueba//Informe Queretaro//ES
BEGIN:VEVENT
UID:taller-legislacion@sv
DTSTART;VALUE=DATE:20101201
DTEND;VALUE=DATE:20101204
SUMMARY:Taller de Modernización de la Legislación contra los delitos de trata de personas y tráfico ilícito de migrantes en los países de la CRM
LOCATION:San Salvador\, El Salvador
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:conferencia-trabajo-forzado@gt
DTSTART;VALUE=DATE:20101206
DTEND;VALUE=DATE:20101208
SUMMARY:Conferencia sobre trabajo forzado infantil\, trata de personas y turismo sexual infantil
LOCATION:Ciudad de Guatemala\, Guatemala
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:ii-reunion-comites@sv
DTSTART;VALUE=DATE:20110201
DTEND;VALUE=DATE:20110301
SUMMARY:II Reunión de los Comités\, coaliciones y mesas sobre el tema de trata en la región
LOCATION:San Salvador\, El Salvador
STATUS:TENTATIVE
END:VEVENT
END:VCALENDAR
";

#[test]
fn the_december_2010_report_events_are_read_with_their_hosts() {
    let events = parse_ics(REPORT.as_bytes()).unwrap();
    let hosts = [Country::SV, Country::GT, Country::SV];
    let candidates: Vec<Candidate> = events
        .iter()
        .zip(hosts)
        .map(|(e, host)| e.to_candidate(&defaults(host)))
        .collect();
    for (c, host) in candidates.iter().zip(hosts) {
        assert_eq!(c.skip, None, "{c:?}");
        assert_eq!(c.suggested_host, Some(host));
    }
    let dates: Vec<_> = candidates
        .iter()
        .map(|c| {
            (
                c.input.city.as_str(),
                c.input.month.as_str(),
                c.input.start_date.as_str(),
                c.input.end_date.as_str(),
                c.input.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("San Salvador", "", "2010-12-01", "2010-12-03", "confirmed"),
            (
                "Ciudad de Guatemala",
                "",
                "2010-12-06",
                "2010-12-07",
                "confirmed"
            ),
            ("San Salvador", "2011-02", "", "", "tentative"),
        ]
    );
}

#[test]
fn our_own_feed_of_the_demo_events_reads_back_to_the_same_events() {
    let demo = crate::demo::validated().unwrap();
    let events: Vec<app::domain::Event> = demo
        .iter()
        .map(|(slug, details)| app::domain::Event {
            id: 1,
            slug: (*slug).to_owned(),
            uid: format!("{slug}@enlace.test"),
            details: details.clone(),
            revision: 0,
            version: 0,
            published: true,
            cancel_reason: String::new(),
            cancelled_at: None,
            created_at: now(),
            updated_at: now(),
        })
        .collect();
    let feed = crate::ical::render(
        &events,
        &crate::ical::FeedInfo {
            name: "Enlace",
            description: "Calendario",
            base_url: "https://enlace.test",
            lang: Lang::Es,
        },
    );
    let imported = parse_ics(feed.as_bytes()).unwrap();
    assert_eq!(imported.len(), events.len());
    for (event, imported) in events.iter().zip(&imported) {
        let d = &event.details;
        let candidate = imported.to_candidate(&ImportDefaults {
            host: d.host,
            lang: Lang::Es,
            kind: d.kind,
            now: now(),
        });
        assert_eq!(candidate.skip, None, "{candidate:?}");
        assert_eq!(candidate.source_uid, event.uid);
        let back = candidate.input.validate().unwrap();
        assert_eq!(back.title.es, d.title.es);
        assert_eq!(back.city, d.city);
        assert_eq!(back.dates, d.dates);
        assert_eq!(back.status, d.status);
        assert_eq!(back.tz, d.tz);
        assert!(back.description.es.starts_with(&d.description.es));
    }
}

// Rejections of the whole file: one test each.

#[test]
fn a_file_over_the_limit_is_too_large() {
    let bytes = vec![b' '; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        error(&bytes),
        ImportError::TooLarge {
            max_bytes: MAX_IMPORT_BYTES
        }
    );
}

#[rstest]
#[case::little_endian_with_bom(&[0xFF, 0xFE, b'B', 0, b'E', 0])]
#[case::big_endian_with_bom(&[0xFE, 0xFF, 0, b'B', 0, b'E'])]
#[case::without_bom(&[b'B', 0, b'E', 0, b'G', 0])]
fn utf16_is_refused_with_a_hint_to_save_as_utf8(#[case] bytes: &[u8]) {
    assert_eq!(error(bytes), ImportError::Utf16);
    assert!(ImportError::Utf16.message(Lang::Es).contains("UTF-8"));
}

#[test]
fn windows_1252_text_is_not_utf8_at_its_line() {
    let mut bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Reuni".to_vec();
    bytes.push(0xF3); // "ó" in Windows-1252
    bytes.extend_from_slice(b"n\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    assert_eq!(error(&bytes), ImportError::NotUtf8 { line: 3 });
}

#[test]
fn a_utf8_byte_order_mark_is_ignored() {
    let text = format!(
        "\u{FEFF}{}",
        with_event("SUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\n")
    );
    assert_eq!(one(&text, Country::SV).skip, None);
}

#[rstest]
#[case::nothing(b"")]
#[case::blank_lines(b" \r\n\r\n\t\n")]
#[case::only_a_bom(b"\xEF\xBB\xBF")]
fn an_empty_file_is_empty(#[case] bytes: &[u8]) {
    assert_eq!(error(bytes), ImportError::Empty);
}

#[rstest]
#[case::vcard(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n")]
#[case::html(b"<!DOCTYPE html>\n<html><body>Calendario</body></html>\n")]
#[case::png(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")]
#[case::csv(b"Subject,Start Date\r\nTaller,12/01/2010\r\n")]
#[case::bare_event(b"BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\n")]
fn a_file_without_a_vcalendar_is_not_a_calendar(#[case] bytes: &[u8]) {
    assert_eq!(error(bytes), ImportError::NotACalendar);
}

#[test]
fn a_calendar_without_events_has_no_events() {
    let text = calendar("BEGIN:VTODO\nSUMMARY:Tarea\nEND:VTODO\n");
    assert_eq!(error(text.as_bytes()), ImportError::NoEvents);
}

#[test]
fn an_end_that_does_not_match_its_begin_is_malformed() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VTODO\nEND:VCALENDAR\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 4,
            what: Defect::MismatchedEnd {
                open: "VEVENT".into(),
                found: "VTODO".into()
            }
        }
    );
}

#[test]
fn a_truncated_file_is_unclosed() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Taller\r\nDTSTART:2010\r\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 4,
            what: Defect::Unclosed {
                name: "VEVENT".into()
            }
        }
    );
}

#[test]
fn an_end_without_begin_is_malformed() {
    let text = format!(
        "{}END:VCALENDAR\n",
        with_event("SUMMARY:x\nDTSTART;VALUE=DATE:20101201\n")
    );
    let lines = text.lines().count();
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: lines,
            what: Defect::EndWithoutBegin {
                name: "VCALENDAR".into()
            }
        }
    );
}

#[test]
fn content_after_the_calendar_is_malformed() {
    let text = format!(
        "{}BEGIN:VEVENT\nEND:VEVENT\n",
        with_event("SUMMARY:x\nDTSTART;VALUE=DATE:20101201\n")
    );
    assert!(matches!(
        error(text.as_bytes()),
        ImportError::Malformed {
            what: Defect::OutsideCalendar,
            ..
        }
    ));
}

#[test]
fn a_line_without_a_colon_is_malformed_at_its_line() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY Taller\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 3,
            what: Defect::NoColon
        }
    );
}

#[test]
fn an_unclosed_quote_in_a_parameter_is_malformed() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=\"America/Guatemala:20101206T090000\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 3,
            what: Defect::UnclosedQuote
        }
    );
}

#[test]
fn a_continuation_with_nothing_before_it_is_malformed() {
    let text = "BEGIN:VCALENDAR\n\n continuación\nEND:VCALENDAR\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 3,
            what: Defect::OrphanContinuation
        }
    );
}

#[test]
fn components_nested_too_deep_are_refused_at_the_first_level_too_many() {
    let text = "BEGIN:VCALENDAR\nBEGIN:X-A\nBEGIN:X-B\nBEGIN:X-C\nBEGIN:X-D\nEND:X-D\nEND:X-C\nEND:X-B\nEND:X-A\nEND:VCALENDAR\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::TooDeep {
            line: 5,
            max: MAX_DEPTH
        }
    );
}

#[test]
fn a_nesting_bomb_of_ten_thousand_begins_errors_at_once() {
    let mut text = String::from("BEGIN:VCALENDAR\n");
    text.push_str(&"BEGIN:X-BOMBA\n".repeat(10_000));
    text.push_str(&"END:X-BOMBA\n".repeat(10_000));
    text.push_str("END:VCALENDAR\n");
    assert_eq!(
        error(text.as_bytes()),
        ImportError::TooDeep {
            line: 5,
            max: MAX_DEPTH
        }
    );
}

#[test]
fn nested_events_are_misplaced() {
    let mut text = String::from("BEGIN:VCALENDAR\n");
    text.push_str(&"BEGIN:VEVENT\n".repeat(10_000));
    assert_eq!(
        error(text.as_bytes()),
        ImportError::Malformed {
            line: 3,
            what: Defect::Misplaced {
                name: "VEVENT".into()
            }
        }
    );
}

fn many_events(n: usize) -> String {
    let events: String = (0..n)
        .map(|i| {
            format!(
                "BEGIN:VEVENT\nUID:{i}@prueba\nSUMMARY:Evento {i}\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\nEND:VEVENT\n"
            )
        })
        .collect();
    calendar(&events)
}

#[test]
fn more_than_the_maximum_of_events_is_refused() {
    assert_eq!(
        error(many_events(MAX_IMPORT_EVENTS + 1).as_bytes()),
        ImportError::TooManyEvents {
            max: MAX_IMPORT_EVENTS
        }
    );
}

#[test]
fn exactly_the_maximum_of_events_is_read() {
    let candidates = read(&many_events(MAX_IMPORT_EVENTS), Country::SV);
    assert_eq!(candidates.len(), MAX_IMPORT_EVENTS);
    assert!(candidates.iter().all(|c| c.skip.is_none()));
}

#[test]
fn an_absurdly_long_line_is_refused() {
    let text = with_event(&format!("SUMMARY:{}\n", "á".repeat(MAX_LINE_CHARS)));
    assert_eq!(
        error(text.as_bytes()),
        ImportError::LineTooLong {
            line: 6,
            max: MAX_LINE_CHARS
        }
    );
}

#[test]
fn an_absurdly_long_line_made_of_folds_is_refused_early() {
    let folds = " continuación de la línea\r\n".repeat(1_000);
    let text = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:x\r\n{folds}END:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    assert_eq!(
        error(text.as_bytes()),
        ImportError::LineTooLong {
            line: 3,
            max: MAX_LINE_CHARS
        }
    );
}

#[test]
fn a_bare_carriage_return_inside_a_line_is_refused() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Taller\rBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_eq!(
        error(text.as_bytes()),
        ImportError::StrayCarriageReturn { line: 3 }
    );
}

fn every_error() -> Vec<ImportError> {
    let defects = [
        Defect::OrphanContinuation,
        Defect::NoColon,
        Defect::BadName,
        Defect::UnclosedQuote,
        Defect::EndWithoutBegin { name: "X".into() },
        Defect::MismatchedEnd {
            open: "VEVENT".into(),
            found: "VTODO".into(),
        },
        Defect::Unclosed {
            name: "VEVENT".into(),
        },
        Defect::Misplaced {
            name: "VEVENT".into(),
        },
        Defect::OutsideCalendar,
    ];
    let mut errors = vec![
        ImportError::TooLarge {
            max_bytes: MAX_IMPORT_BYTES,
        },
        ImportError::Utf16,
        ImportError::NotUtf8 { line: 7 },
        ImportError::Empty,
        ImportError::NotACalendar,
        ImportError::NoEvents,
        ImportError::TooDeep { line: 5, max: 4 },
        ImportError::TooManyEvents { max: 500 },
        ImportError::LineTooLong {
            line: 9,
            max: MAX_LINE_CHARS,
        },
        ImportError::StrayCarriageReturn { line: 3 },
    ];
    errors.extend(
        defects
            .into_iter()
            .map(|what| ImportError::Malformed { line: 12, what }),
    );
    errors
}

#[test]
fn every_error_reads_differently_in_each_language() {
    for e in every_error() {
        assert_bilingual(&e.message(Lang::Es), &e.message(Lang::En));
        assert_eq!(e.to_string(), e.message(Lang::En));
    }
}

#[test]
fn errors_name_their_line() {
    for e in every_error() {
        let line = match &e {
            ImportError::NotUtf8 { line }
            | ImportError::TooDeep { line, .. }
            | ImportError::LineTooLong { line, .. }
            | ImportError::StrayCarriageReturn { line }
            | ImportError::Malformed { line, .. } => *line,
            _ => continue,
        };
        assert!(e.message(Lang::Es).starts_with(&format!("Línea {line}:")));
        assert!(e.message(Lang::En).starts_with(&format!("Line {line}:")));
    }
}

// Injection and hostile input.

#[test]
fn an_escaped_begin_in_a_summary_stays_one_title() {
    let text = with_event(
        r"SUMMARY:Taller\nBEGIN:VEVENT\nSUMMARY:Intruso\nEND:VEVENT\n de prueba
DTSTART;VALUE=DATE:20101201
LOCATION:San Salvador
DESCRIPTION:Uno\nBEGIN:VEVENT\nDos
",
    );
    let candidate = one(&text, Country::SV);
    assert_eq!(candidate.skip, None);
    assert_eq!(
        candidate.input.title_es,
        "Taller BEGIN:VEVENT SUMMARY:Intruso END:VEVENT  de prueba"
    );
    assert_eq!(candidate.input.description_es, "Uno\nBEGIN:VEVENT\nDos");
}

#[test]
fn a_folded_begin_stays_part_of_the_value() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Taller\r\n BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20101201\r\nLOCATION:San Salvador\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let candidate = one(text, Country::SV);
    assert_eq!(candidate.input.title_es, "TallerBEGIN:VEVENT");
    assert_eq!(candidate.skip, None);
}

#[test]
fn text_escapes_are_undone() {
    let text = with_event(
        r"SUMMARY:Uno\, dos\; tres \\ cuatro\: cinco C:\Datos
DESCRIPTION:Línea uno\nLínea dos\NLínea tres\, con coma
DTSTART;VALUE=DATE:20101201
LOCATION:San Salvador
",
    );
    let input = one(&text, Country::SV).input;
    assert_eq!(input.title_es, r"Uno, dos; tres \ cuatro: cinco C:\Datos");
    assert_eq!(
        input.description_es,
        "Línea uno\nLínea dos\nLínea tres, con coma"
    );
}

#[test]
fn every_truncation_of_an_outlook_export_is_an_error_or_events_never_a_panic() {
    let bytes = outlook().into_bytes();
    for end in 0..bytes.len() {
        let _ = read_ics(&bytes[..end], &defaults(Country::GT));
    }
}

#[test]
fn random_damage_to_an_export_never_panics() {
    let original = outlook().into_bytes();
    let mut state: u64 = 0x5DEE_CE66_D1CE_5EED;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let alphabet = b"\r\n :;,\"\\=TZ0\xC3\xB3\x00BEGIN";
    for _ in 0..2_000 {
        let mut bytes = original.clone();
        for _ in 0..(next() % 8 + 1) {
            let at = usize::try_from(next()).unwrap() % bytes.len();
            let b = alphabet[usize::try_from(next()).unwrap() % alphabet.len()];
            bytes[at] = b;
        }
        let _ = read_ics(&bytes, &defaults(Country::GT));
    }
}

// Events that are read but cannot be imported.

#[rstest]
#[case::rrule("RRULE:FREQ=WEEKLY;COUNT=4\n", SkipReason::Recurring)]
#[case::rdate("RDATE;VALUE=DATE:20101208\n", SkipReason::Recurring)]
#[case::exception("RECURRENCE-ID;VALUE=DATE:20101201\n", SkipReason::Recurring)]
#[case::cancelled("STATUS:CANCELLED\n", SkipReason::Cancelled)]
#[case::private("CLASS:PRIVATE\n", SkipReason::Private)]
#[case::confidential("CLASS:CONFIDENTIAL\n", SkipReason::Private)]
fn series_cancelled_and_private_events_are_skipped(
    #[case] extra: &str,
    #[case] reason: SkipReason,
) {
    let text = with_event(&format!(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\n{extra}"
    ));
    let candidate = one(&text, Country::SV);
    assert_eq!(candidate.skip, Some(reason));
    assert_eq!(candidate.input.title_es, "Taller");
}

#[test]
fn a_calendar_sent_to_cancel_cancels_its_events() {
    let text = "BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:a\nSUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(one(text, Country::SV).skip, Some(SkipReason::Cancelled));
}

#[test]
fn an_event_without_a_title_is_skipped() {
    let text = with_event("SUMMARY:   \nDTSTART;VALUE=DATE:20101201\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoTitle));
    let text = with_event("DTSTART;VALUE=DATE:20101201\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoTitle));
}

#[test]
fn an_event_without_a_start_is_skipped() {
    let text = with_event("SUMMARY:Taller\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoStart));
}

#[test]
fn a_timed_event_without_an_end_is_skipped() {
    let text = with_event("SUMMARY:Taller\nDTSTART;TZID=America/El_Salvador:20101201T090000\n");
    assert_eq!(one(&text, Country::SV).skip, Some(SkipReason::NoEnd));
}

#[rstest]
#[case("DTSTART;VALUE=DATE:20101301\n", "DTSTART")]
#[case("DTSTART:2010-12-01T09:00\n", "DTSTART")]
#[case("DTSTART:20101201T0900\nDTEND:20101201T1000\n", "DTSTART")]
#[case("DTSTART:20101201T090000\nDTEND;VALUE=DATE:20101202\n", "DTEND")]
#[case("DTSTART:20101201T090000\nDURATION:P1Y\n", "DURATION")]
#[case("DTSTART:20101201T090000\nDURATION:-PT1H\n", "DURATION")]
#[case("DTSTART;VALUE=DATE:20101201\nDURATION:P99999999999D\n", "DURATION")]
fn an_unreadable_date_is_skipped_naming_its_property(#[case] dates: &str, #[case] property: &str) {
    let text = with_event(&format!("SUMMARY:Taller\n{dates}"));
    match one(&text, Country::SV).skip {
        Some(SkipReason::BadDate { property: p, .. }) => assert_eq!(p, property),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_zone_is_skipped_with_its_name() {
    let text = with_event(
        "SUMMARY:Taller\nDTSTART;TZID=Mars/Olympus:20101201T090000\nDTEND;TZID=Mars/Olympus:20101201T100000\n",
    );
    assert_eq!(
        one(&text, Country::SV).skip,
        Some(SkipReason::UnknownZone("Mars/Olympus".into()))
    );
}

#[test]
fn a_repeated_uid_is_skipped_after_its_first_event() {
    let event = "BEGIN:VEVENT\nUID:mismo\nSUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\nEND:VEVENT\n";
    let candidates = read(&calendar(&event.repeat(2)), Country::SV);
    assert_eq!(candidates[0].skip, None);
    assert_eq!(candidates[1].skip, Some(SkipReason::Duplicate));
}

#[test]
fn an_event_the_form_would_refuse_is_skipped_with_the_form_errors() {
    let long = "x".repeat(app::domain::event::MAX_DESCRIPTION + 1);
    let text = with_event(&format!(
        "SUMMARY:Taller\u{7}\nDESCRIPTION:{long}\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\n"
    ));
    let Some(SkipReason::Invalid(errors)) = one(&text, Country::SV).skip else {
        panic!("not invalid");
    };
    assert!(
        errors
            .for_field(Field::TitleEs)
            .any(|p| p == Problem::ControlCharacters)
    );
    assert!(errors.for_field(Field::DescriptionEs).any(|p| p
        == Problem::TooLong {
            max: app::domain::event::MAX_DESCRIPTION
        }));
}

#[test]
fn an_end_before_the_start_is_invalid() {
    let text = with_event(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101205\nDTEND;VALUE=DATE:20101201\nLOCATION:San Salvador\n",
    );
    assert!(matches!(
        one(&text, Country::SV).skip,
        Some(SkipReason::Invalid(_))
    ));
}

#[test]
fn every_skip_reason_reads_differently_in_each_language() {
    let mut errors = ValidationErrors::default();
    errors.push(Field::City, Problem::Required);
    let reasons = [
        SkipReason::Recurring,
        SkipReason::Cancelled,
        SkipReason::Private,
        SkipReason::Duplicate,
        SkipReason::NoTitle,
        SkipReason::NoStart,
        SkipReason::NoEnd,
        SkipReason::BadDate {
            property: "DTSTART".into(),
            value: "2010".into(),
        },
        SkipReason::UnknownZone("Mars/Olympus".into()),
        SkipReason::Invalid(errors),
    ];
    for r in reasons {
        assert_bilingual(&r.message(Lang::Es), &r.message(Lang::En));
    }
}

// Dates, times and zones.

fn timed(dates: &str, host: Country) -> EventInput {
    let text = with_event(&format!("SUMMARY:Reunión\nLOCATION:Sede\n{dates}"));
    let candidate = one(&text, host);
    assert_eq!(candidate.skip, None, "{candidate:?}");
    candidate.input
}

fn when(input: &EventInput) -> [&str; 5] {
    [
        &input.tz,
        &input.start_date,
        &input.start_time,
        &input.end_date,
        &input.end_time,
    ]
}

#[rstest]
#[case::one_day_without_end("DTSTART;VALUE=DATE:20101206\n", "2010-12-06")]
#[case::one_day_same_end(
    "DTSTART;VALUE=DATE:20101206\nDTEND;VALUE=DATE:20101206\n",
    "2010-12-06"
)]
#[case::exclusive_end(
    "DTSTART;VALUE=DATE:20101206\nDTEND;VALUE=DATE:20101208\n",
    "2010-12-07"
)]
#[case::date_without_value_param("DTSTART:20101206\nDTEND:20101207\n", "2010-12-06")]
#[case::duration_days("DTSTART;VALUE=DATE:20101206\nDURATION:P3D\n", "2010-12-08")]
#[case::duration_one_day("DTSTART;VALUE=DATE:20101206\nDURATION:P1D\n", "2010-12-06")]
#[case::duration_week("DTSTART;VALUE=DATE:20101206\nDURATION:P1W\n", "2010-12-12")]
fn all_day_events_end_the_day_before_their_exclusive_end(#[case] dates: &str, #[case] last: &str) {
    let input = timed(dates, Country::GT);
    assert_eq!(input.start_date, "2010-12-06");
    assert_eq!(input.end_date, last);
    assert_eq!(
        (input.start_time.as_str(), input.end_time.as_str()),
        ("", "")
    );
    assert_eq!(input.tz, "America/Guatemala");
}

#[rstest]
#[case::zoned(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/Guatemala:20101206T170000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "17:00"],
)]
#[case::multi_day(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/Guatemala:20101207T130000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-07", "13:00"],
)]
#[case::end_in_another_zone(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDTEND;TZID=America/New_York:20101206T190000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "18:00"],
)]
#[case::floating_in_the_capital_zone(
    "DTSTART:20101206T090000\nDTEND:20101206T100000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::utc_in_the_capital_zone(
    "DTSTART:20101206T150000Z\nDTEND:20101207T010000Z\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "19:00"],
)]
#[case::tzid_utc_like_z(
    "DTSTART;TZID=UTC:20101206T150000\nDTEND;TZID=Etc/UTC:20101206T160000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::seconds_dropped(
    "DTSTART;TZID=America/Guatemala:20101206T090045\nDTEND;TZID=America/Guatemala:20101206T105959\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:59"],
)]
#[case::duration_hours_minutes(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDURATION:PT1H30M\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:30"],
)]
#[case::duration_days_and_hours(
    "DTSTART;TZID=America/Guatemala:20101206T090000\nDURATION:P1DT8H\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-07", "17:00"],
)]
#[case::quoted_tzid(
    "DTSTART;TZID=\"America/Tegucigalpa\":20101206T090000\nDTEND;TZID=\"America/Tegucigalpa\":20101206T100000\n",
    ["America/Tegucigalpa", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::mozilla_prefix(
    "DTSTART;TZID=/mozilla.org/20050126_1/America/Managua:20101206T090000\nDTEND;TZID=/mozilla.org/20050126_1/America/Managua:20101206T100000\n",
    ["America/Managua", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
#[case::lower_case_windows_name(
    "DTSTART;TZID=central america standard time:20101206T090000\nDTEND;TZID=central america standard time:20101206T100000\n",
    ["America/Guatemala", "2010-12-06", "09:00", "2010-12-06", "10:00"],
)]
fn timed_events_are_local_to_their_zone(#[case] dates: &str, #[case] expected: [&str; 5]) {
    assert_eq!(when(&timed(dates, Country::GT)), expected);
}

#[test]
fn utc_times_follow_the_host_capital_across_years() {
    let dates = "DTSTART:20240315T150000Z\nDTEND:20240315T170000Z\n";
    // Mexico City has had no daylight-saving time since 2022; New York was on EDT.
    assert_eq!(
        when(&timed(dates, Country::MX)),
        [
            "America/Mexico_City",
            "2024-03-15",
            "09:00",
            "2024-03-15",
            "11:00"
        ]
    );
    assert_eq!(
        when(&timed(dates, Country::US)),
        [
            "America/New_York",
            "2024-03-15",
            "11:00",
            "2024-03-15",
            "13:00"
        ]
    );
}

#[test]
fn a_zone_described_by_the_file_is_found_through_x_lic_location() {
    let text = calendar(
        "BEGIN:VTIMEZONE\nTZID:Zona personalizada 1\nX-LIC-LOCATION:America/Tegucigalpa\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:a\nSUMMARY:Taller\nLOCATION:Sede\nDTSTART;TZID=Zona personalizada 1:20101206T090000\nDTEND;TZID=Zona personalizada 1:20101206T100000\nEND:VEVENT\n",
    );
    assert_eq!(one(&text, Country::HN).input.tz, "America/Tegucigalpa");
}

#[rstest]
#[case("Central America Standard Time", "America/Guatemala")]
#[case("Central Standard Time (Mexico)", "America/Mexico_City")]
#[case("Mountain Standard Time (Mexico)", "America/Mazatlan")]
#[case("Pacific Standard Time (Mexico)", "America/Tijuana")]
#[case("Eastern Standard Time (Mexico)", "America/Cancun")]
#[case("Eastern Standard Time", "America/New_York")]
#[case("Central Standard Time", "America/Chicago")]
#[case("Mountain Standard Time", "America/Denver")]
#[case("US Mountain Standard Time", "America/Phoenix")]
#[case("Pacific Standard Time", "America/Los_Angeles")]
#[case("Canada Central Standard Time", "America/Regina")]
#[case("Atlantic Standard Time", "America/Halifax")]
#[case("Newfoundland Standard Time", "America/St_Johns")]
#[case("SA Pacific Standard Time", "America/Panama")]
#[case("SA Western Standard Time", "America/Santo_Domingo")]
#[case("UTC", "UTC")]
fn windows_zone_names_map_to_iana_zones(#[case] windows: &str, #[case] iana: &str) {
    assert_eq!(resolve_zone(windows, None).map(|tz| tz.name()), Some(iana));
}

#[test]
fn an_overlong_zone_name_is_unknown_without_a_search() {
    let name = "a/".repeat(MAX_TZID_CHARS);
    assert_eq!(resolve_zone(&name, None), None);
}

#[test]
fn a_time_in_a_daylight_saving_gap_is_invalid() {
    let text = with_event(
        "SUMMARY:Reunión\nLOCATION:Sede\nDTSTART;TZID=America/New_York:20240310T023000\nDTEND;TZID=America/New_York:20240310T100000\n",
    );
    let Some(SkipReason::Invalid(errors)) = one(&text, Country::US).skip else {
        panic!("not invalid");
    };
    assert!(
        errors
            .for_field(Field::StartTime)
            .any(|p| p == Problem::NonexistentTime)
    );
}

// Status, place, identity.

#[rstest]
#[case("STATUS:TENTATIVE\n", "tentative")]
#[case("STATUS:CONFIRMED\n", "confirmed")]
#[case("", "confirmed")]
fn status_maps_to_the_form(#[case] status: &str, #[case] code: &str) {
    let text = with_event(&format!(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Sede\n{status}"
    ));
    assert_eq!(one(&text, Country::GT).input.status, code);
}

#[test]
fn only_a_tentative_whole_month_becomes_a_month_only_event() {
    let month = "DTSTART;VALUE=DATE:20110201\nDTEND;VALUE=DATE:20110301\n";
    let text = with_event(&format!(
        "SUMMARY:II Reunión (fechas por confirmar)\nLOCATION:Sede\nSTATUS:TENTATIVE\n{month}"
    ));
    let input = one(&text, Country::SV).input;
    assert_eq!(input.month, "2011-02");
    assert_eq!(input.title_es, "II Reunión");
    let text = with_event(&format!("SUMMARY:Feria\nLOCATION:Sede\n{month}"));
    let input = one(&text, Country::SV).input;
    assert_eq!(input.month, "");
    assert_eq!(input.end_date, "2011-02-28");
}

#[rstest]
#[case(
    "Hotel Camino Real, Ciudad de Guatemala, Guatemala",
    Country::GT,
    "Hotel Camino Real",
    "Ciudad de Guatemala"
)]
#[case("San Salvador, El Salvador", Country::GT, "", "San Salvador")]
#[case(
    "Av. Constituyentes 3, Centro, 76000 Santiago de Querétaro, Qro., México",
    Country::MX,
    "Av. Constituyentes 3, Centro",
    "Santiago de Querétaro"
)]
#[case(
    "1600 Pennsylvania Ave NW, Washington, DC 20500, USA",
    Country::US,
    "1600 Pennsylvania Ave NW",
    "Washington"
)]
#[case("Ciudad de México, D.F., México", Country::MX, "", "Ciudad de México")]
#[case("Ciudad de Panamá, Panamá", Country::PA, "", "Ciudad de Panamá")]
#[case("Sala B", Country::SV, "", "Sala B")]
#[case("Guatemala", Country::GT, "", "")]
#[case("Guatemala", Country::SV, "", "Guatemala")]
#[case(" , ,", Country::SV, "", "")]
#[case("", Country::SV, "", "")]
fn location_splits_into_venue_and_city(
    #[case] location: &str,
    #[case] host: Country,
    #[case] venue: &str,
    #[case] city: &str,
) {
    assert_eq!(
        split_location(location, host),
        (venue.to_owned(), city.to_owned())
    );
}

#[test]
fn a_location_naming_only_the_country_assumes_the_capital() {
    let text = with_event("SUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Guatemala\n");
    let candidate = one(&text, Country::GT);
    assert_eq!(candidate.input.city, "Ciudad de Guatemala");
    assert!(candidate.city_assumed);
    assert_eq!(candidate.suggested_host, Some(Country::GT));
}

#[test]
fn a_valarm_description_is_not_the_event_description() {
    let text = with_event(
        "SUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Sede\nBEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Reminder\nSUMMARY:Alarma\nEND:VALARM\n",
    );
    let input = one(&text, Country::GT).input;
    assert_eq!(input.description_es, "");
    assert_eq!(input.title_es, "Taller");
}

#[test]
fn an_event_without_uid_is_identified_by_its_content_not_its_timestamp() {
    let event = |stamp: &str, title: &str| {
        calendar(&format!(
            "BEGIN:VEVENT\nDTSTAMP:{stamp}\nSUMMARY:{title}\nDTSTART;VALUE=DATE:20101206\nLOCATION:Sede\nEND:VEVENT\n"
        ))
    };
    let a = one(&event("20240101T000000Z", "Taller"), Country::GT).source_uid;
    let b = one(&event("20250101T000000Z", "Taller"), Country::GT).source_uid;
    let c = one(&event("20240101T000000Z", "Otro"), Country::GT).source_uid;
    assert!(a.starts_with("sha256:") && a.len() == 7 + 32, "{a}");
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn an_overlong_uid_is_replaced_by_its_hash() {
    let uid = "u".repeat(MAX_UID_CHARS + 1);
    let text = calendar(&format!(
        "BEGIN:VEVENT\nUID:{uid}\nSUMMARY:Taller\nDTSTART;VALUE=DATE:20101206\nLOCATION:Sede\nEND:VEVENT\n"
    ));
    let candidate = one(&text, Country::GT);
    assert!(candidate.source_uid.starts_with("sha256:"));
}

#[test]
fn candidates_serialize_for_the_preview() {
    let candidates = read(&outlook(), Country::GT);
    let json = serde_json::to_string(&candidates).unwrap();
    let back: Vec<Candidate> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, candidates);
}
