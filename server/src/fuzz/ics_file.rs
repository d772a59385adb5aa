//! Near-valid iCalendar files with hostile fields, written from fuzzer bytes: VTIMEZONEs and
//! VEVENTs with odd TZIDs (IANA, Windows, prefixed, quoted, unknown, huge), dates and date-times
//! in and out of range and format, durations, UIDs (missing, repeated, huge), long and escaped
//! text, folds anywhere (inside a multi-byte character too), mixed line ends, nesting past the
//! limit, too many events, and now and then a line of bytes that are not UTF-8 or not a line.

use arbitrary::Unstructured;
use chrono::{Datelike, NaiveDate, Timelike};

use super::draw::{chance, int, pick, text, words, zone};

/// TZIDs other than IANA names: Windows names Outlook writes, prefixed and quoted names, UTC's
/// aliases, unknown and odd ones.
const ODD_TZIDS: &[&str] = &[
    "Central America Standard Time",
    "\"Central Standard Time (Mexico)\"",
    "Eastern Standard Time",
    "SA Pacific Standard Time",
    "/mozilla.org/20050126_1/America/Guatemala",
    "/America/El_Salvador",
    "America/Guatemala/",
    "\"America/New_York\"",
    "UTC",
    "Etc/GMT+5",
    "GMT",
    "Z",
    "Mars/Olympus_Mons",
    "America/Nowhere",
    "",
    " ",
    "\"\"",
    "(UTC-06:00) Central America",
    "Tzid;With;Semicolons",
    "\"Quoted: with, separators;\"",
    "ñ/😀",
];

/// DURATION values: valid ones, huge, negative, empty and malformed.
const DURATIONS: &[&str] = &[
    "PT1H",
    "PT90M",
    "P1D",
    "P2W",
    "P1DT2H30M",
    "PT0S",
    "p1d",
    "+P3D",
    "-PT1H",
    "P",
    "PT",
    "P1Y",
    "P1H",
    "PT1D",
    "P999999999W",
    "P1000000001D",
    "PT9223372036854775807S",
    "P106751991167300D",
    "P1DT",
    "PT1H1H",
    "",
];

/// One piece of the file: a content line, or bytes written as they are (a BOM, blank lines, a
/// continuation with nothing before it).
enum Chunk {
    Line { content: Vec<u8>, crlf: bool },
    Raw(Vec<u8>),
}

/// Collects the file's lines as the draws say; [`Writer::encode`] then folds and ends them.
struct Writer {
    chunks: Vec<Chunk>,
    crlf: bool,
    fold_odds: u8,
    /// One draw in this many is hostile (0: none).
    hostile_odds: u8,
}

impl Writer {
    /// Whether the next choice is a hostile one.
    fn hostile(&self, u: &mut Unstructured<'_>) -> bool {
        self.hostile_odds != 0 && chance(u, 1, self.hostile_odds)
    }

    /// One content line, ended with CRLF or LF (a hostile file may switch between them).
    fn line(&mut self, u: &mut Unstructured<'_>, content: &[u8]) {
        if self.hostile(u) && chance(u, 1, 10) {
            self.crlf = !self.crlf;
        }
        self.chunks.push(Chunk::Line {
            content: content.to_vec(),
            crlf: self.crlf,
        });
    }

    fn text_line(&mut self, u: &mut Unstructured<'_>, content: &str) {
        self.line(u, content.as_bytes());
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.chunks.push(Chunk::Raw(bytes.to_vec()));
    }

    /// The file's bytes, each line folded (when `fold`) at random byte positions, at 75 octets
    /// or anywhere, inside a multi-byte character too (RFC 5545 §3.1 allows it).
    fn encode(&self, u: &mut Unstructured<'_>, fold: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in &self.chunks {
            let (content, crlf) = match chunk {
                Chunk::Raw(bytes) => {
                    out.extend_from_slice(bytes);
                    continue;
                }
                Chunk::Line { content, crlf } => (content.as_slice(), *crlf),
            };
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            let mut rest = content;
            while fold && self.fold_odds != 0 && chance(u, 1, self.fold_odds) && rest.len() > 1 {
                let width = if chance(u, 1, 2) { 75 } else { int(u, 1..=80) };
                let width = usize::try_from(width).unwrap_or(1).min(rest.len() - 1);
                let (head, tail) = rest.split_at(width);
                out.extend_from_slice(head);
                out.extend_from_slice(end);
                out.push(pick(u, b" \t"));
                rest = tail;
            }
            out.extend_from_slice(rest);
            out.extend_from_slice(end);
        }
        out
    }
}

/// What TEXT escaping a writer would do, or none (so that `,` `;` `\` and line breaks reach
/// the reader raw).
fn escaped(u: &mut Unstructured<'_>, value: &str) -> String {
    if chance(u, 1, 4) {
        return value.replace(['\r', '\n'], " ");
    }
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A day from 1800 to 2300.
fn day(u: &mut Unstructured<'_>) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or(NaiveDate::MIN);
    let days = u64::try_from(int(u, 0..=500 * 366)).unwrap_or(0);
    base.checked_add_days(chrono::Days::new(days))
        .unwrap_or(base)
}

/// A DATE or DATE-TIME value near `near` (`YYYYMMDD`, `YYYYMMDDTHHMMSS`, `…Z`), or a near miss.
fn when(u: &mut Unstructured<'_>, w: &Writer, near: NaiveDate, shape: i64) -> String {
    let days = if w.hostile(u) {
        int(u, -2..=40)
    } else {
        int(u, 0..=3)
    };
    let date = near
        .checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(near);
    let time = chrono::NaiveTime::from_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .with_hour(u32::try_from(int(u, 0..=23)).unwrap_or(0))
        .and_then(|t| t.with_minute(u32::try_from(int(u, 0..=59)).unwrap_or(0)))
        .unwrap_or_default();
    let ymd = format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    let choice = if w.hostile(u) { int(u, 0..=12) } else { shape };
    match choice {
        0..=2 => ymd,
        3..=6 => format!("{ymd}T{}", time.format("%H%M%S")),
        7..=8 => format!("{ymd}T{}Z", time.format("%H%M%S")),
        9 => format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}",
            int(u, 0..=9999),
            int(u, 0..=13),
            int(u, 0..=32),
            int(u, 0..=25),
            int(u, 0..=61),
            int(u, 0..=61)
        ),
        10 => pick(
            u,
            &[
                "",
                "2010120",
                "20101206T",
                "20101206T0900",
                "20101206t090000z",
                "20101206T090000ZZ",
                "20101206T235960",
                "99991231T235959Z",
                "00000101",
                "+20101206",
                "２０１０１２０６",
                "20101206T090000+0600",
                "2010-12-06",
                "20101206T090000.5Z",
            ],
        )
        .to_owned(),
        _ => text(u, 2),
    }
}

/// A TZID parameter (`;TZID=…`), or nothing.
fn tzid(u: &mut Unstructured<'_>, w: &Writer) -> String {
    let choices = if w.hostile(u) { 0..=6 } else { 0..=5 };
    match int(u, choices) {
        0..=1 => String::new(),
        2..=3 => format!(";TZID={}", zone(u).name()),
        4 => format!(";TZID={}", pick(u, ODD_TZIDS)),
        5 => format!(";TZID=\"{}\"", zone(u).name()),
        _ => format!(";TZID={}", text(u, 2).replace(['\r', '\n'], "")),
    }
}

/// One date property of an event.
fn date_property(
    u: &mut Unstructured<'_>,
    w: &mut Writer,
    name: &str,
    near: NaiveDate,
    shape: i64,
) {
    let value_param = match int(u, 0..=5) {
        0 => ";VALUE=DATE",
        1 => ";VALUE=DATE-TIME",
        _ => "",
    };
    let zone = tzid(u, w);
    let value = when(u, w, near, shape);
    let line = format!("{name}{value_param}{zone}:{value}");
    w.text_line(u, &line);
}

/// The properties an event has: each of its own kind, in the file's order.
#[derive(Clone, Copy)]
enum Prop {
    Uid,
    Summary,
    Description,
    Location,
    Start,
    End,
    Duration,
    Status,
    Class,
    Series,
    Nested,
    Hostile,
    Extension,
}

/// Writes one property of an event.
fn property(
    u: &mut Unstructured<'_>,
    w: &mut Writer,
    prop: Prop,
    index: usize,
    near: NaiveDate,
    shape: i64,
) {
    match prop {
        Prop::Uid => {
            let uid = match int(u, 0..=6) {
                0 => String::new(),
                1 => "repeated@enlace.test".to_owned(),
                2 => text(u, 2),
                _ => format!("{index}-{}@enlace.test", int(u, 0..=1_000_000)),
            };
            let line = format!("UID:{}", escaped(u, &uid));
            w.text_line(u, &line);
        }
        Prop::Summary => {
            let title = if w.hostile(u) { text(u, 4) } else { words(u) };
            let lang = pick(u, &["", ";LANGUAGE=es", ";LANGUAGE=\"en\""]);
            let line = format!("SUMMARY{lang}:{}", escaped(u, &title));
            w.text_line(u, &line);
        }
        Prop::Description => {
            let description = text(u, 6);
            let line = format!("DESCRIPTION:{}", escaped(u, &description));
            w.text_line(u, &line);
        }
        Prop::Location => {
            let place = match int(u, 0..=3) {
                0 => text(u, 4),
                1 => format!("{}, San Salvador", words(u)),
                2 => format!("{}, 76000 Santiago de Querétaro, Qro., México", words(u)),
                _ => format!("Hotel {}, Ciudad de Panamá, Panamá", words(u)),
            };
            let line = format!("LOCATION:{}", escaped(u, &place));
            w.text_line(u, &line);
        }
        Prop::Start => date_property(u, w, "DTSTART", near, shape),
        Prop::End => {
            // A day or two after the start, as an end is, in the same shape.
            let later = near.checked_add_days(chrono::Days::new(1)).unwrap_or(near);
            date_property(u, w, "DTEND", later, shape);
        }
        Prop::Duration => {
            let line = format!("DURATION:{}", pick(u, DURATIONS));
            w.text_line(u, &line);
        }
        Prop::Status => {
            let status = pick(
                u,
                &["TENTATIVE", "CONFIRMED", "CONFIRMED", "CANCELLED", "x"],
            );
            w.text_line(u, &format!("STATUS:{status}"));
        }
        Prop::Class => {
            let class = pick(
                u,
                &["PUBLIC", "PUBLIC", "PRIVATE", "CONFIDENTIAL", "private"],
            );
            w.text_line(u, &format!("CLASS:{class}"));
        }
        Prop::Series => {
            let line = pick(
                u,
                &[
                    "RRULE:FREQ=WEEKLY",
                    "RECURRENCE-ID:20101206",
                    "RDATE:20101207",
                ],
            );
            w.text_line(u, line);
        }
        Prop::Nested => nested(u, w, 2),
        Prop::Hostile => hostile_line(u, w),
        Prop::Extension => {
            let name = pick(u, &["ALT-DESC", "MS-OLK", "A_B"]);
            let value = text(u, 2).replace(['\r', '\n'], "");
            w.text_line(u, &format!("X-{name}:{value}"));
        }
    }
}

/// One VEVENT: usually a title, a start and an end or a duration, a UID and a place, then
/// properties of any kind, in any order.
fn event(u: &mut Unstructured<'_>, w: &mut Writer, index: usize) {
    let begin = if w.hostile(u) {
        pick(u, &["begin:vevent", "BEGIN:VEVENT ", "BEGIN: VEVENT"])
    } else {
        "BEGIN:VEVENT"
    };
    w.text_line(u, begin);
    let near = day(u);
    let mut props = Vec::new();
    for (prop, odds) in [
        (Prop::Uid, 9),
        (Prop::Summary, 9),
        (Prop::Start, 9),
        (Prop::End, 7),
        (Prop::Duration, 2),
        (Prop::Location, 6),
        (Prop::Description, 4),
    ] {
        if chance(u, odds, 10) {
            props.push(prop);
        }
    }
    for _ in 0..int(u, 0..=3) {
        props.push(pick(
            u,
            &[
                Prop::Status,
                Prop::Class,
                Prop::Extension,
                Prop::Nested,
                Prop::Summary,
                Prop::Start,
            ],
        ));
        if w.hostile(u) {
            props.push(pick(u, &[Prop::Series, Prop::Hostile, Prop::Nested]));
        }
    }
    // A shuffle: every property swapped with one drawn after it.
    for i in 0..props.len() {
        let j = usize::try_from(int(u, 0..=i64::try_from(props.len() - 1 - i).unwrap_or(0)))
            .unwrap_or(0);
        props.swap(i, i + j);
    }
    // All-day, local or UTC: the start and the end alike, as writers do.
    let shape = pick(u, &[0, 3, 7]);
    for prop in props {
        property(u, w, prop, index, near, shape);
    }
    let end = if w.hostile(u) {
        pick(u, &["END:VALARM", "end:vevent", "END:VTODO"])
    } else {
        "END:VEVENT"
    };
    w.text_line(u, end);
}

/// A component inside another, nested deeper now and then (past the limit too).
fn nested(u: &mut Unstructured<'_>, w: &mut Writer, depth: usize) {
    let name = if w.hostile(u) {
        pick(u, &["VEVENT", "VTIMEZONE", "VCALENDAR", "X-VENDOR"])
    } else {
        pick(u, &["VALARM", "X-VENDOR", "STANDARD"])
    };
    w.text_line(u, &format!("BEGIN:{name}"));
    w.text_line(u, "TRIGGER:-PT15M");
    if depth < 6 && w.hostile(u) {
        nested(u, w, depth + 1);
    }
    w.text_line(u, &format!("END:{name}"));
}

/// A VTIMEZONE naming a zone by TZID, with or without the IANA name in X-LIC-LOCATION.
fn timezone(u: &mut Unstructured<'_>, w: &mut Writer) {
    w.text_line(u, "BEGIN:VTIMEZONE");
    let id = if chance(u, 1, 2) {
        pick(u, ODD_TZIDS).to_owned()
    } else {
        zone(u).name().to_owned()
    };
    w.text_line(u, &format!("TZID:{id}"));
    if chance(u, 2, 3) {
        let location = if chance(u, 3, 4) {
            zone(u).name().to_owned()
        } else {
            text(u, 2).replace(['\r', '\n'], "")
        };
        w.text_line(u, &format!("X-LIC-LOCATION:{location}"));
    }
    w.text_line(u, "BEGIN:STANDARD");
    w.text_line(u, "DTSTART:16010101T000000");
    w.text_line(u, "TZOFFSETFROM:-0600");
    w.text_line(u, "TZOFFSETTO:+1400");
    w.text_line(u, "END:STANDARD");
    w.text_line(u, "END:VTIMEZONE");
}

/// A line no writer should write: not UTF-8, no colon, a bare CR, NUL bytes, an orphan or
/// endless continuation, a stray END, a line at the length limit.
fn hostile_line(u: &mut Unstructured<'_>, w: &mut Writer) {
    match int(u, 0..=9) {
        0 => w.line(u, b"SUMMARY:caf\xE9 \xC3"),
        1 => w.line(u, b"no colon here"),
        2 => w.line(u, b"SUMMARY:a\rb"),
        3 => w.line(u, b"S\0U:\0"),
        4 => w.raw(b" orphan continuation\r\n"),
        5 => {
            let line = pick(u, &["END:VCALENDAR", "END:VTODO", "END:"]);
            w.text_line(u, line);
        }
        6 => {
            let n = pick(u, &[19_990usize, 20_000, 20_001]);
            let line = format!("DESCRIPTION:{}", "ñ".repeat(n - 12));
            w.text_line(u, &line);
        }
        7 => w.line(u, b"DTSTART;TZID=\"unclosed:20101206T090000"),
        8 => {
            let n = usize::try_from(int(u, 0..=40)).unwrap_or(0);
            let raw = u.bytes(n).unwrap_or(b"");
            w.line(u, raw);
        }
        _ => w.text_line(u, "BEGIN:VCALENDAR"),
    }
}

/// A calendar file, written twice: with its lines folded as drawn, and not folded at all. A
/// file with nothing hostile in it must read the same both ways.
pub struct Calendar {
    /// The lines folded.
    pub folded: Vec<u8>,
    /// The same lines, unfolded.
    pub unfolded: Vec<u8>,
    /// Nothing hostile was drawn: the file is valid iCalendar but for its values.
    pub clean: bool,
}

/// A whole calendar file.
pub fn calendar(u: &mut Unstructured<'_>) -> Calendar {
    let mut w = Writer {
        chunks: Vec::new(),
        crlf: chance(u, 1, 2),
        fold_odds: pick(u, &[0, 1, 4]),
        hostile_odds: pick(u, &[0, 0, 20, 4]),
    };
    if chance(u, 1, 10) {
        w.raw(b"\xEF\xBB\xBF");
    }
    if chance(u, 1, 10) {
        w.raw(b"\r\n\n");
    }
    let begin = if w.hostile(u) {
        pick(
            u,
            &["begin:vcalendar", "BEGIN:VCALENDAR\t", "BEGIN:VCALENDARX"],
        )
    } else {
        "BEGIN:VCALENDAR"
    };
    w.text_line(u, begin);
    w.text_line(u, "VERSION:2.0");
    w.text_line(u, "PRODID:-//Fuzz//ES");
    if chance(u, 1, 4) {
        let method = pick(
            u,
            &[
                "METHOD:PUBLISH",
                "METHOD:PUBLISH",
                "METHOD:CANCEL",
                "METHOD:REQUEST",
            ],
        );
        w.text_line(u, method);
    }
    for _ in 0..int(u, 0..=2) {
        timezone(u, &mut w);
    }
    let events = if chance(u, 1, 50) {
        int(u, 495..=505)
    } else {
        int(u, 0..=6)
    };
    for index in 0..usize::try_from(events).unwrap_or(0) {
        event(u, &mut w, index);
        if w.hostile(u) {
            hostile_line(u, &mut w);
        }
    }
    if !w.hostile(u) {
        w.text_line(u, "END:VCALENDAR");
    }
    if w.hostile(u) {
        w.text_line(u, "X-AFTER:the end");
    }
    Calendar {
        unfolded: w.encode(u, false),
        folded: w.encode(u, true),
        clean: w.hostile_odds == 0,
    }
}
