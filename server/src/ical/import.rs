//! Reads an uploaded `.ics` file (an Outlook or Google Calendar export) into candidate events for
//! the import preview: pure (no HTTP, no database), bounded in time and memory, and refusing a
//! malformed or hostile file with a clear, bilingual [`ImportError`] instead of a panic.
//!
//! # Why a reader of our own rather than `icalendar::parser`
//! icalendar 0.17's `parser::read_calendar` (nom) is a poor fit for untrusted uploads:
//! - its `component` parser calls itself once per nested `BEGIN` with no depth limit, so a small
//!   file of a few thousand nested `BEGIN:` lines overflows the stack, which aborts the whole
//!   server rather than returning an error;
//! - its `unfold` works on `&str`, so the file must be valid UTF-8 *before* unfolding, while RFC
//!   5545 §3.1 warns that simple writers fold in the middle of a multi-byte sequence: such lines
//!   only become valid UTF-8 once unfolded, which must therefore happen on bytes;
//! - a bare CR inside a line is kept in the value, where other clients see a line break, and errors
//!   are English strings whose line numbers refer to the unfolded text, not to the user's file.
//!
//! The little of the format an import needs is simple, so this module reads it in one linear
//! pass without recursion: unfold physical lines into logical lines first (RFC 5545 §3.1), so that
//! a property value can never become a component, then split each logical line into name,
//! parameters and value (§3.1, §3.2), and follow `BEGIN`/`END` on an explicit stack of at most
//! [`MAX_DEPTH`] components. Only the properties of a VEVENT itself are read (not those of its
//! VALARMs), and only TZID and X-LIC-LOCATION of a VTIMEZONE: zones are taken from the time-zone
//! database by name, never from the offsets a file claims.
//!
//! The reader is split along its seams: [`lines`] unfolds physical lines and splits logical ones,
//! [`reader`] follows the components, [`values`] reads property values (text, dates, zones,
//! durations), [`candidate`] turns a VEVENT into form input, and [`location`] guesses venue, city
//! and country from a LOCATION.

mod candidate;
mod lines;
mod location;
mod reader;
mod skip;
mod values;

use app::domain::{Country, EventKind, Lang};
use app::i18n::td_string;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use self::candidate::{Candidate, ImportedEvent};
use self::lines::{looks_like_utf16, unfold};
use self::reader::Reader;
pub use self::skip::SkipReason;

/// Largest accepted file, in bytes.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
/// Most events (VEVENTs) in one file, skipped ones included.
pub const MAX_IMPORT_EVENTS: usize = 500;
/// Deepest nesting of components: VCALENDAR › VEVENT › VALARM is 3, VCALENDAR › VTIMEZONE ›
/// STANDARD is 3; one level is left for vendor extensions.
pub const MAX_DEPTH: usize = 4;
/// Longest logical line after unfolding, in characters: a description at its limit with every
/// character escaped (two characters each, as in a description of commas), followed by the link
/// our feeds add, fits with room to spare.
pub const MAX_LINE_CHARS: usize = 2 * app::domain::event::MAX_DESCRIPTION + 4_000;
/// Longest UID kept as is; a longer one is replaced by its hash.
const MAX_UID_CHARS: usize = 255;
/// Longest zone name looked up (longer ones are unknown); keeps the suffix search linear.
const MAX_TZID_CHARS: usize = 200;
/// How much of a name or value taken from the file an error message quotes.
const QUOTE_CHARS: usize = 60;

/// What applies to every event of one import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportDefaults {
    /// The host country given to every event (changeable per event through
    /// [`ImportedEvent::to_candidate`]).
    pub host: Country,
    /// The language the file's titles and descriptions are written in: their text goes into this
    /// language's fields, the other language's stay empty.
    pub lang: Lang,
    /// The kind given to every event.
    pub kind: EventKind,
    /// The current instant, to mark events that are already over.
    pub now: DateTime<Utc>,
}

/// Why a file cannot be read at all; nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    /// Larger than `max_bytes`.
    TooLarge {
        /// The limit.
        max_bytes: usize,
    },
    /// UTF-16 text (a byte-order mark, or NUL bytes between ASCII letters).
    Utf16,
    /// Not UTF-8 (for example Windows-1252) from this logical line on.
    NotUtf8 {
        /// The line where the bad bytes are.
        line: usize,
    },
    /// Nothing but white space.
    Empty,
    /// Does not begin with `BEGIN:VCALENDAR` (another kind of file).
    NotACalendar,
    /// A calendar without any VEVENT.
    NoEvents,
    /// Broken structure or syntax.
    Malformed {
        /// The line where the problem shows.
        line: usize,
        /// What is wrong.
        what: Defect,
    },
    /// Components nested deeper than `max`.
    TooDeep {
        /// The `BEGIN` that goes one level too deep.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// More than `max` VEVENTs.
    TooManyEvents {
        /// The limit.
        max: usize,
    },
    /// A logical line (after unfolding) longer than `max` characters.
    LineTooLong {
        /// Where the logical line begins.
        line: usize,
        /// The limit.
        max: usize,
    },
    /// A carriage return that does not end a line: clients disagree on whether it breaks the line,
    /// so the file's structure would be ambiguous.
    StrayCarriageReturn {
        /// The physical line holding it.
        line: usize,
    },
}

impl ImportError {
    /// The explanation in `lang`, naming the line where that helps.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let locale = lang.locale();
        match self {
            ImportError::TooLarge { max_bytes } => {
                let mb = max_bytes / (1024 * 1024);
                td_string!(locale, import_error_too_large, mb = mb)
            }
            ImportError::Utf16 => td_string!(locale, import_error_utf16).to_owned(),
            ImportError::NotUtf8 { line } => td_string!(locale, import_error_not_utf8, line = line),
            ImportError::Empty => td_string!(locale, import_error_empty).to_owned(),
            ImportError::NotACalendar => td_string!(locale, import_error_not_a_calendar).to_owned(),
            ImportError::NoEvents => td_string!(locale, import_error_no_events).to_owned(),
            ImportError::Malformed { line, what } => {
                let what = what.message(lang);
                td_string!(locale, import_error_malformed, line = line, what = what)
            }
            ImportError::TooDeep { line, max } => {
                td_string!(locale, import_error_too_deep, line = line, max = max)
            }
            ImportError::TooManyEvents { max } => {
                td_string!(locale, import_error_too_many_events, max = max)
            }
            ImportError::LineTooLong { line, max } => {
                td_string!(locale, import_error_line_too_long, line = line, max = max)
            }
            ImportError::StrayCarriageReturn { line } => {
                td_string!(locale, import_error_stray_cr, line = line)
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {}

/// What is wrong with the syntax or structure at one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Defect {
    /// A folded continuation (starting with a space or tab) with no line before it.
    OrphanContinuation,
    /// No `:` between the name and the value.
    NoColon,
    /// A property or component name with characters other than letters, digits, `-` and `_`.
    BadName,
    /// A parameter value opened with `"` and never closed.
    UnclosedQuote,
    /// `END` with no component open.
    EndWithoutBegin {
        /// The name after `END:`.
        name: String,
    },
    /// `END` of another component than the one open.
    MismatchedEnd {
        /// The open component.
        open: String,
        /// The name after `END:`.
        found: String,
    },
    /// The file ends inside a component.
    Unclosed {
        /// The innermost open component.
        name: String,
    },
    /// A VEVENT, VTIMEZONE or VCALENDAR somewhere RFC 5545 §3.6 does not allow it.
    Misplaced {
        /// The component.
        name: String,
    },
    /// A line after the calendar's `END:VCALENDAR`.
    OutsideCalendar,
}

impl Defect {
    /// The explanation in `lang`, lower-case, to follow "Line n:".
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let locale = lang.locale();
        match self {
            Defect::OrphanContinuation => {
                td_string!(locale, import_defect_orphan_continuation).to_owned()
            }
            Defect::NoColon => td_string!(locale, import_defect_no_colon).to_owned(),
            Defect::BadName => td_string!(locale, import_defect_bad_name).to_owned(),
            Defect::UnclosedQuote => td_string!(locale, import_defect_unclosed_quote).to_owned(),
            Defect::EndWithoutBegin { name } => {
                td_string!(locale, import_defect_end_without_begin, name = name)
            }
            Defect::MismatchedEnd { open, found } => {
                td_string!(
                    locale,
                    import_defect_mismatched_end,
                    open = open,
                    found = found
                )
            }
            Defect::Unclosed { name } => td_string!(locale, import_defect_unclosed, name = name),
            Defect::Misplaced { name } => td_string!(locale, import_defect_misplaced, name = name),
            Defect::OutsideCalendar => {
                td_string!(locale, import_defect_outside_calendar).to_owned()
            }
        }
    }
}

/// Reads `bytes` as an iCalendar file and returns one candidate per VEVENT, in file order.
///
/// # Errors
/// [`ImportError`] when the file as a whole cannot be read; single events that cannot be imported
/// are candidates with a [`SkipReason`] instead.
pub fn read_ics(bytes: &[u8], defaults: &ImportDefaults) -> Result<Vec<Candidate>, ImportError> {
    Ok(parse_ics(bytes)?
        .iter()
        .map(|event| event.to_candidate(defaults))
        .collect())
}

/// Reads the structure of `bytes` and returns its VEVENTs, host-independent.
///
/// # Errors
/// [`ImportError`] when the file as a whole cannot be read.
pub fn parse_ics(bytes: &[u8]) -> Result<Vec<ImportedEvent>, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            max_bytes: MAX_IMPORT_BYTES,
        });
    }
    if looks_like_utf16(bytes) {
        return Err(ImportError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes.trim_ascii_start();
    if head.is_empty() {
        return Err(ImportError::Empty);
    }
    // Checked on the raw bytes, so that an image or a spreadsheet is "not a calendar" rather than
    // "not UTF-8" or "stray carriage return"; unfolded, since a writer may fold any line.
    if !first_line_unfolded(head, 15).eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
        return Err(ImportError::NotACalendar);
    }
    let mut reader = Reader::default();
    let last_line = unfold(bytes, |number, text| reader.line(number, text))?;
    reader.finish(last_line)
}

/// The first `n` bytes of the first line of `bytes`, its folds (a line end followed by a space
/// or a tab, RFC 5545 §3.1) taken out.
fn first_line_unfolded(bytes: &[u8], n: usize) -> Vec<u8> {
    let mut line = Vec::with_capacity(n);
    let mut rest = bytes;
    while line.len() < n {
        match rest {
            [b'\r', b'\n', b' ' | b'\t', tail @ ..] | [b'\n', b' ' | b'\t', tail @ ..] => {
                rest = tail;
            }
            [b'\r' | b'\n', ..] | [] => break,
            [byte, tail @ ..] => {
                line.push(*byte);
                rest = tail;
            }
        }
    }
    line
}

#[cfg(test)]
mod tests;
