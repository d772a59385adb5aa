//! Encodings, unfolding and the syntax of one line: size and encoding checks, folds inside
//! multi-byte characters, missing colons, open quotes, orphan continuations, long lines and stray
//! carriage returns.

use super::*;

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

#[test]
fn a_folded_begin_stays_part_of_the_value() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Taller\r\n BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20101201\r\nLOCATION:San Salvador\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let candidate = one(text, Country::SV);
    assert_eq!(candidate.input.title_es, "TallerBEGIN:VEVENT");
    assert_eq!(candidate.skip, None);
}
