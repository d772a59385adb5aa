//! The ICS import reader's targets: any bytes ([`ics_bytes`]) and near-valid calendars with
//! hostile fields ([`ics_structured`], written by [`super::ics_file`]). The reader never panics:
//! a file is refused with an error both languages can explain, or read into candidates, each
//! either skipped with a reason or passing the event form's validation.

use app::domain::{Country, EventKind, Lang};
use chrono::{DateTime, TimeZone, Utc};

use crate::ical::import::{
    Candidate, ImportDefaults, ImportError, MAX_IMPORT_EVENTS, SkipReason, parse_ics, read_ics,
};

/// The hosts a file is read for: the capitals' zones differ (and so floating and UTC times).
const HOSTS: [Country; 3] = [Country::GT, Country::MX, Country::US];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2010, 11, 16, 12, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// Checks that an error is explained in both languages.
fn explained(error: &ImportError) {
    let (es, en) = (error.message(Lang::Es), error.message(Lang::En));
    assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{error:?}");
}

/// Checks that a skip is explained in both languages.
fn skip_explained(reason: &SkipReason) {
    for lang in [Lang::Es, Lang::En] {
        assert!(!reason.message(lang).trim().is_empty(), "{reason:?}");
    }
}

/// Reads `bytes` as an upload and checks every promise of the reader; returns how many events it
/// read (0 for a refused file).
///
/// # Panics
/// When the reader panics or breaks a promise.
pub fn check_import(bytes: &[u8]) -> usize {
    let events = match parse_ics(bytes) {
        Ok(events) => events,
        Err(error) => {
            explained(&error);
            let defaults = ImportDefaults {
                host: Country::GT,
                lang: Lang::Es,
                kind: EventKind::Meeting,
                now: now(),
            };
            assert_eq!(read_ics(bytes, &defaults).err(), Some(error));
            return 0;
        }
    };
    assert!(
        !events.is_empty() && events.len() <= MAX_IMPORT_EVENTS,
        "{} events",
        events.len()
    );
    for (i, host) in HOSTS.into_iter().enumerate() {
        let lang = if i % 2 == 0 { Lang::Es } else { Lang::En };
        let defaults = ImportDefaults {
            host,
            lang,
            kind: EventKind::Workshop,
            now: now(),
        };
        let mut previous_line = 0;
        for event in &events {
            let candidate = event.to_candidate(&defaults);
            assert!(candidate.line > previous_line, "lines out of order");
            previous_line = candidate.line;
            let uid = &candidate.source_uid;
            assert!(
                !uid.is_empty() && uid.chars().count() <= 255,
                "source UID {uid:?}"
            );
            match &candidate.skip {
                Some(reason) => skip_explained(reason),
                None => {
                    let details = match candidate.input.validate() {
                        Ok(details) => details,
                        Err(errors) => panic!(
                            "a candidate not skipped fails validation: {errors:?} {candidate:?}"
                        ),
                    };
                    let (starts, ends) = (details.starts_at(), details.ends_at());
                    assert!(
                        matches!((starts, ends), (Ok(s), Ok(e)) if e > s),
                        "{candidate:?}"
                    );
                }
            }
        }
    }
    events.len()
}

/// The target of any bytes as an uploaded file.
///
/// # Panics
/// When the reader panics or breaks a promise.
pub fn ics_bytes(data: &[u8]) {
    check_import(data);
}

/// The target of a near-valid calendar with hostile fields, written from `data`.
///
/// # Panics
/// When the reader panics or breaks a promise.
pub fn ics_structured(data: &[u8]) {
    let file = super::ics_file::calendar(&mut arbitrary::Unstructured::new(data));
    check_import(&file.folded);
    if file.clean {
        // Folding is no change (RFC 5545 §3.1): but for line numbers, the same answer.
        let defaults = ImportDefaults {
            host: Country::MX,
            lang: Lang::Es,
            kind: EventKind::Workshop,
            now: now(),
        };
        let read = |bytes: &[u8]| without_lines(read_ics(bytes, &defaults));
        assert_eq!(
            read(&file.folded),
            read(&file.unfolded),
            "folding changes the reading of\n{}",
            String::from_utf8_lossy(&file.folded)
        );
    }
}

/// A reading with its line numbers left out.
fn without_lines(read: Result<Vec<Candidate>, ImportError>) -> Result<Vec<Candidate>, ImportError> {
    match read {
        Ok(mut candidates) => {
            for c in &mut candidates {
                c.line = 0;
            }
            Ok(candidates)
        }
        Err(mut error) => {
            match &mut error {
                ImportError::NotUtf8 { line }
                | ImportError::Malformed { line, .. }
                | ImportError::TooDeep { line, .. }
                | ImportError::LineTooLong { line, .. }
                | ImportError::StrayCarriageReturn { line } => *line = 0,
                _ => {}
            }
            Err(error)
        }
    }
}
