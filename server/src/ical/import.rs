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

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use app::domain::time::first_of_next_month;
use app::domain::{Country, EventInput, EventKind, EventStatus, Lang, ValidationErrors};
use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Largest accepted file, in bytes.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
/// Most events (VEVENTs) in one file, skipped ones included.
pub const MAX_IMPORT_EVENTS: usize = 500;
/// Deepest nesting of components: VCALENDAR › VEVENT › VALARM is 3, VCALENDAR › VTIMEZONE ›
/// STANDARD is 3; one level is left for vendor extensions.
pub const MAX_DEPTH: usize = 4;
/// Longest logical line after unfolding, in characters: a description at its limit, escaped,
/// fits with room to spare.
pub const MAX_LINE_CHARS: usize = 20_000;
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

/// One event of the file as the form would receive it, with the reason it cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The event's UID, or `sha256:…` of its content when it has none; used to skip events
    /// already imported.
    pub source_uid: String,
    /// The line of the file where the event begins.
    pub line: usize,
    /// The event as form input, filled as far as the file allows (also for skipped events, so the
    /// preview can show what they are).
    pub input: EventInput,
    /// True when the file gave no usable city and the host capital was assumed.
    pub city_assumed: bool,
    /// True when the event ended before [`ImportDefaults::now`] (the preview may leave it unticked).
    pub past: bool,
    /// The member state the LOCATION ends with, when it names one: a better host than the default.
    pub suggested_host: Option<Country>,
    /// Why the event cannot be imported; `None` when `input` passes [`EventInput::validate`].
    pub skip: Option<SkipReason>,
}

/// Why one event of a readable file cannot be imported; shown beside it in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SkipReason {
    /// A series (RRULE, RDATE) or one occurrence of a series (RECURRENCE-ID): a series cannot be
    /// one event.
    Recurring,
    /// STATUS:CANCELLED, or a calendar sent with METHOD:CANCEL.
    Cancelled,
    /// CLASS:PRIVATE or CLASS:CONFIDENTIAL: a personal appointment must not become public.
    Private,
    /// Its UID already appeared earlier in the file.
    Duplicate,
    /// No SUMMARY, or an empty one.
    NoTitle,
    /// No DTSTART.
    NoStart,
    /// A start time but neither DTEND nor DURATION.
    NoEnd,
    /// A date, date-time or duration that cannot be read.
    BadDate {
        /// The property (DTSTART, DTEND, DURATION).
        property: String,
        /// Its value, shortened.
        value: String,
    },
    /// A TZID that is neither an IANA name, nor a Windows name, nor described by the file.
    UnknownZone(String),
    /// The event does not pass the form's validation.
    Invalid(ValidationErrors),
}

impl SkipReason {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SkipReason::Recurring, Lang::Es) => "Evento periódico (una serie o una fecha de una serie): una serie no se puede importar como un solo evento; cree sus fechas una por una.".into(),
            (SkipReason::Recurring, Lang::En) => "Recurring event (a series or one date of a series): a series cannot be imported as one event; create its dates one by one.".into(),
            (SkipReason::Cancelled, Lang::Es) => "Evento cancelado.".into(),
            (SkipReason::Cancelled, Lang::En) => "Cancelled event.".into(),
            (SkipReason::Private, Lang::Es) => "Evento marcado como privado o confidencial: no se publica.".into(),
            (SkipReason::Private, Lang::En) => "Event marked private or confidential: it is not published.".into(),
            (SkipReason::Duplicate, Lang::Es) => "UID repetido: el mismo evento aparece antes en el archivo.".into(),
            (SkipReason::Duplicate, Lang::En) => "Repeated UID: the same event appears earlier in the file.".into(),
            (SkipReason::NoTitle, Lang::Es) => "Sin título (SUMMARY).".into(),
            (SkipReason::NoTitle, Lang::En) => "No title (SUMMARY).".into(),
            (SkipReason::NoStart, Lang::Es) => "Sin fecha de inicio (DTSTART).".into(),
            (SkipReason::NoStart, Lang::En) => "No start date (DTSTART).".into(),
            (SkipReason::NoEnd, Lang::Es) => "Tiene hora de inicio pero no de fin (DTEND o DURATION).".into(),
            (SkipReason::NoEnd, Lang::En) => "Has a start time but no end (DTEND or DURATION).".into(),
            (SkipReason::BadDate { property, value }, Lang::Es) => format!("Fecha no válida en {property}: «{value}»."),
            (SkipReason::BadDate { property, value }, Lang::En) => format!("Invalid date in {property}: “{value}”."),
            (SkipReason::UnknownZone(name), Lang::Es) => format!("Zona horaria desconocida: «{name}» (se espera un nombre IANA como America/Guatemala)."),
            (SkipReason::UnknownZone(name), Lang::En) => format!("Unknown time zone: “{name}” (an IANA name such as America/Guatemala is expected)."),
            (SkipReason::Invalid(errors), Lang::Es) => format!("No cumple las reglas de un evento: {}", errors.describe(lang).replace('\n', "; ")),
            (SkipReason::Invalid(errors), Lang::En) => format!("Does not meet the rules for an event: {}", errors.describe(lang).replace('\n', "; ")),
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
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
        match (self, lang) {
            (ImportError::TooLarge { max_bytes }, Lang::Es) => format!("El archivo es demasiado grande: el máximo es {} MB. Exporte un intervalo de fechas más corto.", max_bytes / (1024 * 1024)),
            (ImportError::TooLarge { max_bytes }, Lang::En) => format!("The file is too large: the limit is {} MB. Export a shorter range of dates.", max_bytes / (1024 * 1024)),
            (ImportError::Utf16, Lang::Es) => "El archivo está codificado en UTF-16. Guárdelo como UTF-8 (o expórtelo de nuevo desde su calendario) e inténtelo otra vez.".into(),
            (ImportError::Utf16, Lang::En) => "The file is encoded as UTF-16. Save it as UTF-8 (or export it again from your calendar) and try again.".into(),
            (ImportError::NotUtf8 { line }, Lang::Es) => format!("Línea {line}: el texto no está en UTF-8 (¿Windows-1252 o Latin-1?). Guarde el archivo como UTF-8 e inténtelo otra vez."),
            (ImportError::NotUtf8 { line }, Lang::En) => format!("Line {line}: the text is not UTF-8 (Windows-1252 or Latin-1?). Save the file as UTF-8 and try again."),
            (ImportError::Empty, Lang::Es) => "El archivo está vacío.".into(),
            (ImportError::Empty, Lang::En) => "The file is empty.".into(),
            (ImportError::NotACalendar, Lang::Es) => "El archivo no es un calendario iCalendar (.ics): debe empezar con BEGIN:VCALENDAR.".into(),
            (ImportError::NotACalendar, Lang::En) => "The file is not an iCalendar (.ics) calendar: it must begin with BEGIN:VCALENDAR.".into(),
            (ImportError::NoEvents, Lang::Es) => "El calendario no contiene ningún evento (VEVENT).".into(),
            (ImportError::NoEvents, Lang::En) => "The calendar contains no events (VEVENT).".into(),
            (ImportError::Malformed { line, what }, Lang::Es) => format!("Línea {line}: {}.", what.message(lang)),
            (ImportError::Malformed { line, what }, Lang::En) => format!("Line {line}: {}.", what.message(lang)),
            (ImportError::TooDeep { line, max }, Lang::Es) => format!("Línea {line}: componentes anidados en más de {max} niveles; no es una exportación de calendario válida."),
            (ImportError::TooDeep { line, max }, Lang::En) => format!("Line {line}: components nested more than {max} levels deep; this is not a valid calendar export."),
            (ImportError::TooManyEvents { max }, Lang::Es) => format!("El archivo tiene más de {max} eventos. Exporte un intervalo de fechas más corto."),
            (ImportError::TooManyEvents { max }, Lang::En) => format!("The file has more than {max} events. Export a shorter range of dates."),
            (ImportError::LineTooLong { line, max }, Lang::Es) => format!("Línea {line}: una línea (con sus continuaciones) supera los {max} caracteres."),
            (ImportError::LineTooLong { line, max }, Lang::En) => format!("Line {line}: a line (with its continuations) is longer than {max} characters."),
            (ImportError::StrayCarriageReturn { line }, Lang::Es) => format!("Línea {line}: retorno de carro (CR) suelto dentro de una línea; las líneas deben terminar en CRLF o LF. El archivo está dañado o manipulado."),
            (ImportError::StrayCarriageReturn { line }, Lang::En) => format!("Line {line}: a stray carriage return (CR) inside a line; lines must end in CRLF or LF. The file is damaged or tampered with."),
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
        match (self, lang) {
            (Defect::OrphanContinuation, Lang::Es) => {
                "línea de continuación (empieza con un espacio) sin una línea anterior".into()
            }
            (Defect::OrphanContinuation, Lang::En) => {
                "continuation line (starting with a space) with no line before it".into()
            }
            (Defect::NoColon, Lang::Es) => "falta «:» entre el nombre y el valor".into(),
            (Defect::NoColon, Lang::En) => "missing “:” between the name and the value".into(),
            (Defect::BadName, Lang::Es) => "nombre de propiedad o componente no válido".into(),
            (Defect::BadName, Lang::En) => "invalid property or component name".into(),
            (Defect::UnclosedQuote, Lang::Es) => "comillas sin cerrar en un parámetro".into(),
            (Defect::UnclosedQuote, Lang::En) => "unclosed quotes in a parameter".into(),
            (Defect::EndWithoutBegin { name }, Lang::Es) => format!("END:{name} sin su BEGIN"),
            (Defect::EndWithoutBegin { name }, Lang::En) => format!("END:{name} without its BEGIN"),
            (Defect::MismatchedEnd { open, found }, Lang::Es) => {
                format!("se esperaba END:{open} y se encontró END:{found}")
            }
            (Defect::MismatchedEnd { open, found }, Lang::En) => {
                format!("expected END:{open} but found END:{found}")
            }
            (Defect::Unclosed { name }, Lang::Es) => {
                format!("el archivo termina sin END:{name} (¿está incompleto?)")
            }
            (Defect::Unclosed { name }, Lang::En) => {
                format!("the file ends without END:{name} (is it truncated?)")
            }
            (Defect::Misplaced { name }, Lang::Es) => {
                format!("BEGIN:{name} no puede ir aquí (dentro de otro componente)")
            }
            (Defect::Misplaced { name }, Lang::En) => {
                format!("BEGIN:{name} is not allowed here (inside another component)")
            }
            (Defect::OutsideCalendar, Lang::Es) => {
                "contenido fuera de BEGIN:VCALENDAR … END:VCALENDAR".into()
            }
            (Defect::OutsideCalendar, Lang::En) => {
                "content outside BEGIN:VCALENDAR … END:VCALENDAR".into()
            }
        }
    }
}

/// A date property as written: its value, TZID and whether it is declared a DATE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct RawDate {
    value: String,
    tzid: Option<String>,
    value_is_date: bool,
    /// The IANA name the file's VTIMEZONE gives this TZID in X-LIC-LOCATION.
    alias: Option<String>,
}

/// One VEVENT of a readable file, before it is given a host: what [`read_ics`] turns into a
/// [`Candidate`], kept so a candidate can be made again for another host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedEvent {
    line: usize,
    source_uid: String,
    duplicate: bool,
    cancelled_by_method: bool,
    recurring: bool,
    summary: Option<String>,
    description: Option<String>,
    location: Option<String>,
    status: Option<String>,
    class: Option<String>,
    start: Option<RawDate>,
    end: Option<RawDate>,
    duration: Option<String>,
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
    // "not UTF-8" or "stray carriage return".
    if !head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"BEGIN:VCALENDAR"))
    {
        return Err(ImportError::NotACalendar);
    }
    let mut reader = Reader::default();
    let last_line = unfold(bytes, |number, text| reader.line(number, text))?;
    reader.finish(last_line)
}

/// A UTF-16 byte-order mark, or the NUL byte every ASCII character has in UTF-16.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, b, ..] => (*a == 0) != (*b == 0),
        _ => false,
    }
}

/// Characters in a slice of UTF-8 bytes: the bytes that do not continue a sequence.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// Splits `bytes` into physical lines (CRLF or LF), joins folded continuations (RFC 5545 §3.1)
/// byte by byte, and calls `each` with every non-empty logical line, decoded, and the number of
/// the physical line it starts on. Returns the number of the last non-empty physical line.
fn unfold(
    bytes: &[u8],
    mut each: impl FnMut(usize, &str) -> Result<(), ImportError>,
) -> Result<usize, ImportError> {
    fn flush(
        start: usize,
        buffer: &[u8],
        each: &mut impl FnMut(usize, &str) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        // Decoded only now: a fold may split a multi-byte character.
        let text = std::str::from_utf8(buffer).map_err(|_| ImportError::NotUtf8 { line: start })?;
        each(start, text)
    }

    let mut buffer: Vec<u8> = Vec::new();
    // Where the pending logical line starts (0: none) and its length in characters.
    let mut start = 0usize;
    let mut chars = 0usize;
    let mut last = 0usize;
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.contains(&b'\r') {
            return Err(ImportError::StrayCarriageReturn { line: number });
        }
        if let [b' ' | b'\t', rest @ ..] = raw {
            if start == 0 {
                return Err(ImportError::Malformed {
                    line: number,
                    what: Defect::OrphanContinuation,
                });
            }
            chars += count_chars(rest);
            if chars > MAX_LINE_CHARS {
                return Err(ImportError::LineTooLong {
                    line: start,
                    max: MAX_LINE_CHARS,
                });
            }
            buffer.extend_from_slice(rest);
            continue;
        }
        if start != 0 {
            flush(start, &buffer, &mut each)?;
        }
        buffer.clear();
        start = 0;
        if raw.is_empty() {
            continue;
        }
        chars = count_chars(raw);
        if chars > MAX_LINE_CHARS {
            return Err(ImportError::LineTooLong {
                line: number,
                max: MAX_LINE_CHARS,
            });
        }
        start = number;
        last = number;
        buffer.extend_from_slice(raw);
    }
    if start != 0 {
        flush(start, &buffer, &mut each)?;
    }
    Ok(last)
}

/// One logical line split into its parts (RFC 5545 §3.1): `name *(";" param) ":" value`.
struct ContentLine<'a> {
    /// Upper-cased.
    name: String,
    /// Upper-cased names; values without their quotes, several values joined by commas.
    params: Vec<(String, String)>,
    value: &'a str,
}

impl ContentLine<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn malformed(line: usize, what: Defect) -> ImportError {
    ImportError::Malformed { line, what }
}

/// Splits a logical line. Every delimiter is ASCII, so byte positions are character boundaries.
fn parse_line(number: usize, text: &str) -> Result<ContentLine<'_>, ImportError> {
    let bytes = text.as_bytes();
    let name_end = bytes
        .iter()
        .position(|b| *b == b';' || *b == b':')
        .ok_or_else(|| malformed(number, Defect::NoColon))?;
    let name = &text[..name_end];
    if !is_name(name) {
        return Err(malformed(number, Defect::BadName));
    }
    let mut params = Vec::new();
    let mut i = name_end;
    while bytes.get(i) == Some(&b';') {
        i += 1;
        let key_start = i;
        while let Some(b) = bytes.get(i)
            && !matches!(b, b'=' | b';' | b':')
        {
            i += 1;
        }
        let key = text[key_start..i].trim().to_ascii_uppercase();
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            loop {
                if bytes.get(i) == Some(&b'"') {
                    let close = bytes[i + 1..]
                        .iter()
                        .position(|b| *b == b'"')
                        .ok_or_else(|| malformed(number, Defect::UnclosedQuote))?;
                    value.push_str(&text[i + 1..i + 1 + close]);
                    i += close + 2;
                } else {
                    let part_start = i;
                    while let Some(b) = bytes.get(i)
                        && !matches!(b, b',' | b';' | b':')
                    {
                        i += 1;
                    }
                    value.push_str(&text[part_start..i]);
                }
                if bytes.get(i) == Some(&b',') {
                    value.push(',');
                    i += 1;
                } else {
                    break;
                }
            }
        }
        params.push((key, value));
    }
    if bytes.get(i) != Some(&b':') {
        return Err(malformed(number, Defect::NoColon));
    }
    Ok(ContentLine {
        name: name.to_ascii_uppercase(),
        params,
        value: &text[i + 1..],
    })
}

/// The first `QUOTE_CHARS` characters of `text`, to quote in a message.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().nth(QUOTE_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// A VEVENT being read.
struct RawEvent {
    uid: Option<String>,
    event: ImportedEvent,
    /// The lines that identify the event when it has no UID.
    fingerprint: String,
}

/// A VTIMEZONE being read.
#[derive(Default)]
struct RawZone {
    tzid: Option<String>,
    location: Option<String>,
}

/// The structure pass: an explicit stack of open components, never recursion.
#[derive(Default)]
struct Reader {
    stack: Vec<String>,
    seen_calendar: bool,
    method_cancel: bool,
    events_seen: usize,
    events: Vec<ImportedEvent>,
    event: Option<RawEvent>,
    zone: Option<RawZone>,
    aliases: HashMap<String, String>,
}

impl Reader {
    fn line(&mut self, number: usize, text: &str) -> Result<(), ImportError> {
        let parsed = parse_line(number, text);
        if self.stack.is_empty() && !self.seen_calendar {
            // Before the calendar: anything but BEGIN:VCALENDAR means another kind of file.
            return match parsed {
                Ok(line)
                    if line.name == "BEGIN"
                        && line.value.trim().eq_ignore_ascii_case("VCALENDAR") =>
                {
                    self.begin(number, line.value)
                }
                _ => Err(ImportError::NotACalendar),
            };
        }
        let line = parsed?;
        match line.name.as_str() {
            "BEGIN" => self.begin(number, line.value),
            "END" => self.end(number, line.value),
            _ => self.property(number, text, &line),
        }
    }

    fn component_name(number: usize, value: &str) -> Result<String, ImportError> {
        let name = value.trim();
        if is_name(name) {
            Ok(name.to_ascii_uppercase())
        } else {
            Err(malformed(number, Defect::BadName))
        }
    }

    fn begin(&mut self, number: usize, value: &str) -> Result<(), ImportError> {
        let name = Self::component_name(number, value)?;
        let depth = self.stack.len();
        if depth >= MAX_DEPTH {
            return Err(ImportError::TooDeep {
                line: number,
                max: MAX_DEPTH,
            });
        }
        let misplaced = || {
            malformed(
                number,
                Defect::Misplaced {
                    name: shorten(&name),
                },
            )
        };
        match (name.as_str(), depth) {
            ("VCALENDAR", 0) => {
                self.seen_calendar = true;
                self.method_cancel = false;
            }
            (_, 0) => return Err(malformed(number, Defect::OutsideCalendar)),
            ("VCALENDAR", _) => return Err(misplaced()),
            ("VEVENT", 1) => {
                self.events_seen += 1;
                if self.events_seen > MAX_IMPORT_EVENTS {
                    return Err(ImportError::TooManyEvents {
                        max: MAX_IMPORT_EVENTS,
                    });
                }
                self.event = Some(RawEvent::new(number));
            }
            ("VTIMEZONE", 1) => self.zone = Some(RawZone::default()),
            // RFC 5545 §3.6: events and zones are children of the calendar only.
            ("VEVENT" | "VTIMEZONE", _) => return Err(misplaced()),
            _ => {}
        }
        self.stack.push(name);
        Ok(())
    }

    fn end(&mut self, number: usize, value: &str) -> Result<(), ImportError> {
        let name = Self::component_name(number, value)?;
        match self.stack.pop() {
            None => {
                return Err(malformed(
                    number,
                    Defect::EndWithoutBegin {
                        name: shorten(&name),
                    },
                ));
            }
            Some(open) if open != name => {
                return Err(malformed(
                    number,
                    Defect::MismatchedEnd {
                        open: shorten(&open),
                        found: shorten(&name),
                    },
                ));
            }
            Some(_) => {}
        }
        if self.stack.len() == 1 {
            match name.as_str() {
                "VEVENT" => {
                    if let Some(raw) = self.event.take() {
                        self.events.push(raw.finish(self.method_cancel));
                    }
                }
                "VTIMEZONE" => {
                    if let Some(RawZone {
                        tzid: Some(tzid),
                        location: Some(location),
                    }) = self.zone.take()
                    {
                        self.aliases.insert(tzid, location);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn property(
        &mut self,
        number: usize,
        text: &str,
        line: &ContentLine<'_>,
    ) -> Result<(), ImportError> {
        match self.stack.as_slice() {
            [] => return Err(malformed(number, Defect::OutsideCalendar)),
            [_] if line.name == "METHOD" && line.value.trim().eq_ignore_ascii_case("CANCEL") => {
                self.method_cancel = true;
            }
            [_, component] => match component.as_str() {
                "VEVENT" => {
                    if let Some(event) = &mut self.event {
                        event.record(text, line);
                    }
                }
                "VTIMEZONE" => {
                    if let Some(zone) = &mut self.zone {
                        let value = Some(line.value.trim().to_owned());
                        match line.name.as_str() {
                            "TZID" => zone.tzid = value,
                            "X-LIC-LOCATION" => zone.location = value,
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            // Inside VALARM, STANDARD, DAYLIGHT and the like: nothing an import needs.
            _ => {}
        }
        Ok(())
    }

    fn finish(mut self, last_line: usize) -> Result<Vec<ImportedEvent>, ImportError> {
        if let Some(open) = self.stack.last() {
            return Err(malformed(
                last_line,
                Defect::Unclosed {
                    name: shorten(open),
                },
            ));
        }
        if !self.seen_calendar {
            return Err(ImportError::NotACalendar);
        }
        if self.events.is_empty() {
            return Err(ImportError::NoEvents);
        }
        let mut seen = HashSet::new();
        for event in &mut self.events {
            for date in [&mut event.start, &mut event.end].into_iter().flatten() {
                date.alias = date
                    .tzid
                    .as_ref()
                    .and_then(|tzid| self.aliases.get(tzid.trim_matches('"')))
                    .cloned();
            }
            event.duplicate = !seen.insert(event.source_uid.clone());
        }
        Ok(self.events)
    }
}

impl RawEvent {
    fn new(line: usize) -> Self {
        RawEvent {
            uid: None,
            event: ImportedEvent {
                line,
                source_uid: String::new(),
                duplicate: false,
                cancelled_by_method: false,
                recurring: false,
                summary: None,
                description: None,
                location: None,
                status: None,
                class: None,
                start: None,
                end: None,
                duration: None,
            },
            fingerprint: String::new(),
        }
    }

    /// Keeps what the import needs; the first occurrence of a property wins.
    fn record(&mut self, text: &str, line: &ContentLine<'_>) {
        fn once(slot: &mut Option<String>, value: String) {
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        let e = &mut self.event;
        let date = || RawDate {
            value: line.value.trim().to_owned(),
            tzid: line.param("TZID").map(|t| t.trim().to_owned()),
            value_is_date: line
                .param("VALUE")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("DATE")),
            alias: None,
        };
        match line.name.as_str() {
            "UID" => once(&mut self.uid, unescape(line.value).trim().to_owned()),
            "SUMMARY" => once(&mut e.summary, unescape(line.value)),
            "DESCRIPTION" => once(&mut e.description, unescape(line.value)),
            "LOCATION" => once(&mut e.location, unescape(line.value)),
            "STATUS" => once(&mut e.status, line.value.trim().to_ascii_uppercase()),
            "CLASS" => once(&mut e.class, line.value.trim().to_ascii_uppercase()),
            "DURATION" => once(&mut e.duration, line.value.trim().to_owned()),
            "DTSTART" if e.start.is_none() => e.start = Some(date()),
            "DTEND" if e.end.is_none() => e.end = Some(date()),
            "RRULE" | "RDATE" | "EXRULE" | "RECURRENCE-ID" => e.recurring = true,
            _ => {}
        }
        if matches!(
            line.name.as_str(),
            "SUMMARY" | "DESCRIPTION" | "LOCATION" | "DTSTART" | "DTEND" | "DURATION"
        ) {
            self.fingerprint.push_str(text);
            self.fingerprint.push('\n');
        }
    }

    fn finish(self, method_cancel: bool) -> ImportedEvent {
        let mut event = self.event;
        event.cancelled_by_method = method_cancel;
        event.source_uid = match self.uid {
            Some(uid) if !uid.is_empty() && uid.chars().count() <= MAX_UID_CHARS => uid,
            Some(uid) if !uid.is_empty() => hash_id(&uid),
            // DTSTAMP is left out of the fingerprint: Google sets it to the time of the export.
            _ => hash_id(&self.fingerprint),
        };
        event
    }
}

/// `sha256:` and the first 128 bits of the SHA-256 of `text`, in hex.
fn hash_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::from("sha256:");
    for byte in digest.iter().take(16) {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Undoes TEXT escaping (RFC 5545 §3.3.11): `\n` and `\N` become a line break, `\,` `\;` `\\`
/// their character; `\:` (written by some exporters) a colon; any other backslash stays.
fn unescape(value: &str) -> String {
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
fn single_line(text: &str) -> String {
    text.replace(['\n', '\t'], " ").trim().to_owned()
}

/// When a date property says the event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
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
fn resolve_zone(tzid: &str, alias: Option<&str>) -> Option<Tz> {
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
fn read_when(property: &str, raw: &RawDate) -> Result<When, SkipReason> {
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
fn parse_duration(text: &str) -> Option<TimeDelta> {
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

/// The event's days and times, local to `zone`.
struct Dates {
    start: NaiveDate,
    end: NaiveDate,
    times: Option<(NaiveTime, NaiveTime)>,
    zone: Tz,
}

/// `when` as a wall-clock time in `zone`.
fn local_in(when: When, zone: Tz) -> Option<NaiveDateTime> {
    match when {
        When::Date(d) => Some(d.and_time(NaiveTime::MIN)),
        When::Floating(local) => Some(local),
        When::Utc(utc) => Some(utc.and_utc().with_timezone(&zone).naive_local()),
        When::Zoned(local, tz) if tz == zone => Some(local),
        When::Zoned(local, tz) => Some(
            tz.from_local_datetime(&local)
                .earliest()?
                .with_timezone(&zone)
                .naive_local(),
        ),
    }
}

impl ImportedEvent {
    /// The event's UID, or a hash of its content when it has none.
    #[must_use]
    pub fn source_uid(&self) -> &str {
        &self.source_uid
    }

    /// The line of the file where the event begins.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The event as a candidate for `defaults` (its host, language, kind and current time).
    #[must_use]
    pub fn to_candidate(&self, defaults: &ImportDefaults) -> Candidate {
        let host = defaults.host;
        let title = self.summary.as_deref().map(single_line).unwrap_or_default();
        let description = self
            .description
            .as_deref()
            .map(|d| d.trim().to_owned())
            .unwrap_or_default();
        let location = self.location.as_deref().unwrap_or("");
        let suggested_host = location_parts(location)
            .last()
            .and_then(|part| country_named(part));
        let (venue, city) = split_location(location, host);
        let city_assumed = city.is_empty();
        let city = if city_assumed {
            capital_city(host, defaults.lang).to_owned()
        } else {
            city
        };
        let tentative = self.status.as_deref() == Some("TENTATIVE");
        let mut input = EventInput {
            host: host.code().to_owned(),
            city,
            venue,
            tz: host.capital_zone().name().to_owned(),
            kind: defaults.kind.code().to_owned(),
            status: if tentative {
                EventStatus::Tentative
            } else {
                EventStatus::Confirmed
            }
            .code()
            .to_owned(),
            ..EventInput::default()
        };
        let mut skip = self.structural_skip(&title);
        match self.dates(host) {
            Ok(dates) => fill_dates(&mut input, &dates, tentative),
            Err(reason) => skip = skip.or(Some(reason)),
        }
        let title = if input.month.is_empty() {
            title
        } else {
            strip_month_suffix(&title).to_owned()
        };
        match defaults.lang {
            Lang::Es => (input.title_es, input.description_es) = (title, description),
            Lang::En => (input.title_en, input.description_en) = (title, description),
        }
        let mut past = false;
        if skip.is_none() {
            match input.validate() {
                Ok(details) => past = details.ends_at().is_ok_and(|end| end <= defaults.now),
                Err(errors) => skip = Some(SkipReason::Invalid(errors)),
            }
        }
        Candidate {
            source_uid: self.source_uid.clone(),
            line: self.line,
            input,
            city_assumed,
            past,
            suggested_host,
            skip,
        }
    }

    /// Reasons to skip that do not depend on dates or validation, most telling first.
    fn structural_skip(&self, title: &str) -> Option<SkipReason> {
        if self.status.as_deref() == Some("CANCELLED") || self.cancelled_by_method {
            Some(SkipReason::Cancelled)
        } else if self.recurring {
            Some(SkipReason::Recurring)
        } else if matches!(self.class.as_deref(), Some("PRIVATE" | "CONFIDENTIAL")) {
            Some(SkipReason::Private)
        } else if self.duplicate {
            Some(SkipReason::Duplicate)
        } else if title.is_empty() {
            Some(SkipReason::NoTitle)
        } else if self.start.is_none() {
            Some(SkipReason::NoStart)
        } else {
            None
        }
    }

    /// Days and times: all-day dates with an exclusive DTEND (RFC 5545 §3.6.1), or times local to
    /// the start's zone (UTC and floating times in the host capital's zone).
    fn dates(&self, host: Country) -> Result<Dates, SkipReason> {
        let start_raw = self.start.as_ref().ok_or(SkipReason::NoStart)?;
        let start = read_when("DTSTART", start_raw)?;
        let end = self
            .end
            .as_ref()
            .map(|raw| read_when("DTEND", raw))
            .transpose()?;
        let bad = |property: &str, value: &str| SkipReason::BadDate {
            property: property.to_owned(),
            value: shorten(value),
        };
        let duration = match &self.duration {
            Some(text) => Some(parse_duration(text).ok_or_else(|| bad("DURATION", text))?),
            None => None,
        };
        let end_value = || self.end.as_ref().map_or("", |e| e.value.as_str());
        let capital = host.capital_zone();
        if let When::Date(first) = start {
            let last = match (end, duration) {
                (Some(When::Date(exclusive)), _) if exclusive == first => first,
                (Some(When::Date(exclusive)), _) => exclusive
                    .pred_opt()
                    .ok_or_else(|| bad("DTEND", end_value()))?,
                (Some(_), _) => return Err(bad("DTEND", end_value())),
                (None, Some(duration)) if duration.num_days() > 1 => {
                    let extra = u64::try_from(duration.num_days() - 1).unwrap_or(0);
                    first
                        .checked_add_days(Days::new(extra))
                        .ok_or_else(|| bad("DURATION", self.duration.as_deref().unwrap_or("")))?
                }
                (None, _) => first,
            };
            return Ok(Dates {
                start: first,
                end: last,
                times: None,
                zone: capital,
            });
        }
        let zone = match start {
            When::Zoned(_, tz) => tz,
            _ => capital,
        };
        let start_local = local_in(start, zone).ok_or_else(|| bad("DTSTART", &start_raw.value))?;
        let end_local = match (end, duration) {
            (Some(When::Date(_)), _) => return Err(bad("DTEND", end_value())),
            (Some(end), _) => local_in(end, zone).ok_or_else(|| bad("DTEND", end_value()))?,
            // Nominal arithmetic on the wall clock: the duration of a meeting, not of an instant.
            (None, Some(duration)) => start_local
                .checked_add_signed(duration)
                .ok_or_else(|| bad("DURATION", self.duration.as_deref().unwrap_or("")))?,
            (None, None) => return Err(SkipReason::NoEnd),
        };
        Ok(Dates {
            start: start_local.date(),
            end: end_local.date(),
            times: Some((start_local.time(), end_local.time())),
            zone,
        })
    }
}

/// Writes `dates` into the form fields; a tentative all-day event covering exactly one calendar
/// month is the month-only placeholder our own feeds write, so it becomes one again.
fn fill_dates(input: &mut EventInput, dates: &Dates, tentative: bool) {
    input.tz = dates.zone.name().to_owned();
    let whole_month = dates.times.is_none()
        && dates.start.day() == 1
        && first_of_next_month(dates.start) == dates.end.succ_opt();
    if tentative && whole_month {
        input.month = dates.start.format("%Y-%m").to_string();
        return;
    }
    input.start_date = dates.start.format("%Y-%m-%d").to_string();
    input.end_date = dates.end.format("%Y-%m-%d").to_string();
    if let Some((start, end)) = dates.times {
        // The form has minutes; seconds are dropped.
        input.start_time = start.format("%H:%M").to_string();
        input.end_time = end.format("%H:%M").to_string();
    }
}

/// A title without the "(dates to be confirmed)" our feeds add to month-only events.
fn strip_month_suffix(title: &str) -> &str {
    [" (fechas por confirmar)", " (dates to be confirmed)"]
        .iter()
        .find_map(|suffix| title.strip_suffix(suffix))
        .unwrap_or(title)
}

/// Lower-case ASCII letters and digits of `text`, accents folded, other characters dropped, words
/// separated by one space: "EE. UU." and "ee uu" compare equal.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_whitespace() && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Other names of a member state in addresses.
fn aliases(country: Country) -> &'static [&'static str] {
    match country {
        Country::US => &[
            "usa",
            "ee uu",
            "eeuu",
            "eua",
            "estados unidos",
            "united states",
        ],
        Country::MX => &["estados unidos mexicanos"],
        Country::DO => &["rep dominicana"],
        _ => &[],
    }
}

/// The member state a part of a LOCATION names (in either language, or a common abbreviation;
/// never a bare ISO code, which "Los Angeles, CA" would misread).
fn country_named(part: &str) -> Option<Country> {
    let part = fold(part);
    Country::ALL.into_iter().find(|c| {
        part == fold(c.name(Lang::Es))
            || part == fold(c.name(Lang::En))
            || aliases(*c).contains(&part.as_str())
    })
}

/// A part that is a state or province rather than a city: "Qro.", "D.F.", "DC", "ON".
fn is_region_abbreviation(part: &str) -> bool {
    let letters = part.chars().filter(|c| c.is_alphabetic()).count();
    (part.ends_with('.') && part.chars().count() <= 10)
        || (letters <= 5
            && part
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.' || c == ' '))
}

/// The non-empty comma-separated parts of a LOCATION.
fn location_parts(location: &str) -> Vec<String> {
    single_line(location)
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Venue and city from a LOCATION such as "Hotel Camino Real, 76000 Santiago de Querétaro, Qro.,
/// México": the city is the last part that is not a country nor a region abbreviation, without
/// its postal code; the venue is what comes before it. An empty city means none was found.
/// A heuristic: the preview shows the result for the host to check.
fn split_location(location: &str, host: Country) -> (String, String) {
    let parts = location_parts(location);
    let last = parts.len().saturating_sub(1);
    // The host's name goes anywhere; another member state's only last, after the city.
    let is_country = |i: usize, part: &str| match country_named(part) {
        Some(c) => c == host || (i == last && i > 0),
        None => false,
    };
    let without_postal_code = |part: &str| {
        part.split_whitespace()
            .filter(|word| !word.chars().any(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let candidates = || {
        parts
            .iter()
            .enumerate()
            .rev()
            .filter(|(i, part)| !is_country(*i, part))
    };
    let chosen = candidates()
        .map(|(i, part)| (i, without_postal_code(part)))
        .find(|(_, city)| !city.is_empty() && !is_region_abbreviation(city))
        .or_else(|| candidates().next().map(|(i, part)| (i, (*part).to_owned())));
    match chosen {
        Some((i, city)) => (parts[..i].join(", "), city),
        None => (String::new(), String::new()),
    }
}

/// The capital's name, for events whose file gives no city.
fn capital_city(host: Country, lang: Lang) -> &'static str {
    match (host, lang) {
        (Country::BZ, _) => "Belmopan",
        (Country::CA, _) => "Ottawa",
        (Country::CR, _) => "San José",
        (Country::DO, _) => "Santo Domingo",
        (Country::SV, _) => "San Salvador",
        (Country::GT, Lang::Es) => "Ciudad de Guatemala",
        (Country::GT, Lang::En) => "Guatemala City",
        (Country::HN, _) => "Tegucigalpa",
        (Country::MX, Lang::Es) => "Ciudad de México",
        (Country::MX, Lang::En) => "Mexico City",
        (Country::NI, _) => "Managua",
        (Country::PA, Lang::Es) => "Ciudad de Panamá",
        (Country::PA, Lang::En) => "Panama City",
        (Country::US, _) => "Washington, D. C.",
    }
}

#[cfg(test)]
mod tests;
