//! The structure pass over the logical lines: `BEGIN`/`END` followed on an explicit stack of at
//! most [`MAX_DEPTH`] components, never recursion; the properties of each VEVENT kept, and the
//! TZID and X-LIC-LOCATION of each VTIMEZONE.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::candidate::ImportedEvent;
use super::lines::{ContentLine, is_name, malformed, parse_line};
use super::values::{RawDate, shorten, unescape};
use super::{Defect, ImportError, MAX_DEPTH, MAX_IMPORT_EVENTS, MAX_UID_CHARS};

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
pub(super) struct Reader {
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
    /// Reads one logical line that starts on line `number` of the file.
    pub(super) fn line(&mut self, number: usize, text: &str) -> Result<(), ImportError> {
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

    /// The events read, once the file has ended at `last_line`, with their zone aliases and
    /// repeated UIDs marked.
    pub(super) fn finish(mut self, last_line: usize) -> Result<Vec<ImportedEvent>, ImportError> {
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
