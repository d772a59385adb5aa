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

/// Writes the file line by line, folding and ending lines as the draws say.
struct Writer {
    out: Vec<u8>,
    crlf: bool,
    fold_odds: u8,
}

impl Writer {
    /// Writes one content line, folded at random byte positions (75 octets or anywhere), ended
    /// with CRLF or LF.
    fn line(&mut self, u: &mut Unstructured<'_>, content: &[u8]) {
        if self.fold_odds == 0 || !chance(u, 1, self.fold_odds) {
            self.out.extend_from_slice(content);
        } else {
            let mut rest = content;
            while !rest.is_empty() {
                let width = if chance(u, 1, 2) {
                    75
                } else {
                    usize::try_from(int(u, 1..=80)).unwrap_or(1)
                };
                let (head, tail) = rest.split_at(width.min(rest.len()));
                self.out.extend_from_slice(head);
                rest = tail;
                if !rest.is_empty() {
                    self.end();
                    self.out.push(pick(u, &[b' ', b'\t']));
                }
            }
        }
        if chance(u, 1, 40) {
            self.crlf = !self.crlf;
        }
        self.end();
    }

    fn end(&mut self) {
        self.out
            .extend_from_slice(if self.crlf { b"\r\n" } else { b"\n" });
    }

    fn text_line(&mut self, u: &mut Unstructured<'_>, content: &str) {
        self.line(u, content.as_bytes());
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
fn when(u: &mut Unstructured<'_>, near: NaiveDate) -> String {
    let date = near
        .checked_add_signed(chrono::TimeDelta::days(int(u, -2..=40)))
        .unwrap_or(near);
    let time = chrono::NaiveTime::from_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .with_hour(u32::try_from(int(u, 0..=23)).unwrap_or(0))
        .and_then(|t| t.with_minute(u32::try_from(int(u, 0..=59)).unwrap_or(0)))
        .unwrap_or_default();
    let ymd = format!("{:04}{:02}{:02}", date.year(), date.month(), date.day());
    match int(u, 0..=12) {
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
fn tzid(u: &mut Unstructured<'_>) -> String {
    match int(u, 0..=6) {
        0..=1 => String::new(),
        2..=3 => format!(";TZID={}", zone(u).name()),
        4 => format!(";TZID={}", pick(u, ODD_TZIDS)),
        5 => format!(";TZID=\"{}\"", zone(u).name()),
        _ => format!(";TZID={}", text(u, 2).replace(['\r', '\n'], "")),
    }
}

/// One date property of an event.
fn date_property(u: &mut Unstructured<'_>, w: &mut Writer, name: &str, near: NaiveDate) {
    let value_param = match int(u, 0..=5) {
        0 => ";VALUE=DATE",
        1 => ";VALUE=DATE-TIME",
        _ => "",
    };
    let line = format!("{name}{value_param}{}:{}", tzid(u), when(u, near));
    w.text_line(u, &line);
}

/// One VEVENT's properties, in any order, with now and then a nested component.
fn event(u: &mut Unstructured<'_>, w: &mut Writer, index: usize) {
    let line = pick(u, &["BEGIN:VEVENT", "begin:vevent", "BEGIN:VEVENT "]);
    w.text_line(u, line);
    let near = day(u);
    for _ in 0..int(u, 0..=14) {
        match int(u, 0..=17) {
            0 => {
                let uid = match int(u, 0..=4) {
                    0 => String::new(),
                    1 => "repeated@enlace.test".to_owned(),
                    2 => text(u, 2),
                    _ => format!("{index}-{}@enlace.test", int(u, 0..=1_000_000)),
                };
                let line = format!("UID:{}", escaped(u, &uid));
                w.text_line(u, &line);
            }
            1 | 2 => {
                let title = if chance(u, 1, 2) {
                    words(u)
                } else {
                    text(u, 4)
                };
                let lang = pick(u, &["", ";LANGUAGE=es", ";LANGUAGE=\"en\""]);
                let line = format!("SUMMARY{lang}:{}", escaped(u, &title));
                w.text_line(u, &line);
            }
            3 => {
                let description = text(u, 6);
                let line = format!("DESCRIPTION:{}", escaped(u, &description));
                w.text_line(u, &line);
            }
            4 => {
                let place = match int(u, 0..=2) {
                    0 => text(u, 4),
                    1 => format!(
                        "{}, {}",
                        words(u),
                        pick(
                            u,
                            &[
                                "San Salvador",
                                "76000 Santiago de Querétaro, Qro.",
                                "Guatemala"
                            ]
                        )
                    ),
                    _ => format!("Hotel {}, Ciudad de Panamá, Panamá", words(u)),
                };
                let line = format!("LOCATION:{}", escaped(u, &place));
                w.text_line(u, &line);
            }
            5..=7 => date_property(u, w, "DTSTART", near),
            8..=9 => date_property(u, w, "DTEND", near),
            10 => {
                let line = format!("DURATION:{}", pick(u, DURATIONS));
                w.text_line(u, &line);
            }
            11 => {
                let status = pick(
                    u,
                    &["TENTATIVE", "CONFIRMED", "CANCELLED", "cancelled", "x"],
                );
                w.text_line(u, &format!("STATUS:{status}"));
            }
            12 => {
                let class = pick(u, &["PUBLIC", "PRIVATE", "CONFIDENTIAL", "private"]);
                w.text_line(u, &format!("CLASS:{class}"));
            }
            13 => {
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
            14 => nested(u, w, 2),
            15 => hostile_line(u, w),
            _ => {
                let line = format!(
                    "X-{}:{}",
                    pick(u, &["ALT-DESC", "MS-OLK", "A_B"]),
                    text(u, 2).replace(['\r', '\n'], "")
                );
                w.text_line(u, &line);
            }
        }
    }
    let line = pick(u, &["END:VEVENT", "END:VEVENT", "END:VALARM", "end:vevent"]);
    w.text_line(u, line);
}

/// A component inside another, nested deeper now and then (past the limit too).
fn nested(u: &mut Unstructured<'_>, w: &mut Writer, depth: usize) {
    let name = pick(
        u,
        &["VALARM", "X-VENDOR", "VEVENT", "VTIMEZONE", "STANDARD"],
    );
    w.text_line(u, &format!("BEGIN:{name}"));
    w.text_line(u, "TRIGGER:-PT15M");
    if depth < 6 && chance(u, 1, 3) {
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
        4 => w.out.extend_from_slice(b" orphan continuation\r\n"),
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

/// A whole calendar file.
pub fn calendar(u: &mut Unstructured<'_>) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        crlf: chance(u, 1, 2),
        fold_odds: pick(u, &[0, 1, 4]),
    };
    if chance(u, 1, 10) {
        w.out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    if chance(u, 1, 10) {
        w.out.extend_from_slice(b"\r\n  \n");
    }
    let line = pick(
        u,
        &["BEGIN:VCALENDAR", "begin:vcalendar", "BEGIN:VCALENDAR\t"],
    );
    w.text_line(u, line);
    w.text_line(u, "VERSION:2.0");
    w.text_line(u, "PRODID:-//Fuzz//ES");
    if chance(u, 1, 4) {
        let line = pick(u, &["METHOD:PUBLISH", "METHOD:CANCEL", "METHOD:REQUEST"]);
        w.text_line(u, line);
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
        if chance(u, 1, 30) {
            hostile_line(u, &mut w);
        }
    }
    if !chance(u, 1, 20) {
        w.text_line(u, "END:VCALENDAR");
    }
    if chance(u, 1, 20) {
        w.text_line(u, "X-AFTER:the end");
    }
    w.out
}
