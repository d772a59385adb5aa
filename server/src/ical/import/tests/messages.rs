//! The messages of every error and skip reason, in both languages.

use super::*;

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

#[test]
fn messages_read_as_written_with_their_values() {
    let mismatched = ImportError::Malformed {
        line: 12,
        what: Defect::MismatchedEnd {
            open: "VEVENT".into(),
            found: "VTODO".into(),
        },
    };
    let too_large = ImportError::TooLarge {
        max_bytes: MAX_IMPORT_BYTES,
    };
    let bad_date = SkipReason::BadDate {
        property: "DTSTART".into(),
        value: "2010".into(),
    };
    let cases = [
        (
            too_large.message(Lang::Es),
            "El archivo es demasiado grande: el máximo es 2 MB. Exporte un intervalo de fechas más corto.",
        ),
        (
            too_large.message(Lang::En),
            "The file is too large: the limit is 2 MB. Export a shorter range of dates.",
        ),
        (
            mismatched.message(Lang::Es),
            "Línea 12: se esperaba END:VEVENT y se encontró END:VTODO.",
        ),
        (
            mismatched.message(Lang::En),
            "Line 12: expected END:VEVENT but found END:VTODO.",
        ),
        (
            ImportError::TooDeep { line: 5, max: 4 }.message(Lang::En),
            "Line 5: components nested more than 4 levels deep; this is not a valid calendar export.",
        ),
        (
            ImportError::Empty.message(Lang::Es),
            "El archivo está vacío.",
        ),
        (
            bad_date.message(Lang::Es),
            "Fecha no válida en DTSTART: «2010».",
        ),
        (
            bad_date.message(Lang::En),
            "Invalid date in DTSTART: “2010”.",
        ),
        (
            SkipReason::UnknownZone("Mars/Olympus".into()).message(Lang::En),
            "Unknown time zone: “Mars/Olympus” (an IANA name such as America/Guatemala is expected).",
        ),
        (SkipReason::Cancelled.message(Lang::En), "Cancelled event."),
    ];
    for (message, expected) in cases {
        assert_eq!(message, expected);
    }
    let mut errors = ValidationErrors::default();
    errors.push(Field::City, Problem::Required);
    errors.push(Field::Venue, Problem::Required);
    let invalid = SkipReason::Invalid(errors.clone());
    assert_eq!(
        invalid.message(Lang::Es),
        format!(
            "No cumple las reglas de un evento: {}",
            errors.describe(Lang::Es).replace('\n', "; ")
        )
    );
}
