//! The structure of the file: components that do not match, close or belong where they are,
//! nesting and event limits, damaged files that must never panic, and the identity of events.

use super::*;

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

#[test]
fn a_calendar_sent_to_cancel_cancels_its_events() {
    let text = "BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nUID:a\nSUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nEND:VEVENT\nEND:VCALENDAR\n";
    assert_eq!(one(text, Country::SV).skip, Some(SkipReason::Cancelled));
}

#[test]
fn a_repeated_uid_is_skipped_after_its_first_event() {
    let event = "BEGIN:VEVENT\nUID:mismo\nSUMMARY:Taller\nDTSTART;VALUE=DATE:20101201\nLOCATION:San Salvador\nEND:VEVENT\n";
    let candidates = read(&calendar(&event.repeat(2)), Country::SV);
    assert_eq!(candidates[0].skip, None);
    assert_eq!(candidates[1].skip, Some(SkipReason::Duplicate));
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
