//! Hostile and near-valid form values drawn from fuzzer bytes: free text with control characters,
//! odd white space and lengths at every limit, dates and times in and out of range and format,
//! zone names, codes and numbers. Every draw succeeds: once the bytes run out, `arbitrary` gives
//! the first choice or the smallest value, so a short input is a small, plain case.

use arbitrary::{Arbitrary, Unstructured};
use chrono::{Datelike, Days, NaiveDate};

/// One of `items` (the first when the bytes have run out). `items` must not be empty.
pub fn pick<T: Copy>(u: &mut Unstructured<'_>, items: &[T]) -> T {
    u.choose(items).map_or(items[0], |item| *item)
}

/// A number in `range` (its start when the bytes have run out).
pub fn int(u: &mut Unstructured<'_>, range: std::ops::RangeInclusive<i64>) -> i64 {
    let start = *range.start();
    u.int_in_range(range).unwrap_or(start)
}

/// True `numerator` times in `denominator`; false once the bytes have run out (where
/// `arbitrary`'s own `ratio` is always true).
pub fn chance(u: &mut Unstructured<'_>, numerator: u8, denominator: u8) -> bool {
    !u.is_empty() && u.ratio(numerator, denominator).unwrap_or(false)
}

/// Pieces that have broken text handling somewhere: line ends of every kind, controls, white
/// space that `trim` does or does not remove, zero-width and direction marks, combining marks,
/// characters outside the BMP, the delimiters of iCalendar, CSV and URLs, and names the location
/// heuristics look for.
const PIECES: &[&str] = &[
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{fffd}",
    "e\u{301}",
    "ñ",
    "Ñ",
    "á",
    "ß",
    "İ",
    "😀",
    "𝕏",
    ",",
    ";",
    ":",
    "\\",
    "\\n",
    "\\,",
    "\"",
    "'",
    "=1+1",
    "@",
    "%00",
    "%2F",
    "&",
    "+",
    "<script>",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    " (fechas por confirmar)",
    " (dates to be confirmed)",
    "CANCELADO: ",
    "Guatemala",
    "México",
    "EE. UU.",
    "D.F.",
    "76000",
    "Qro.",
    "OTHER",
    "GT",
];

/// Characters repeated to reach a length limit: one byte, two, three and four in UTF-8.
const LONG_CHARS: &[char] = &['a', 'ñ', '€', '😀', ' ', '\n'];

/// Lengths at and around the domain's limits (flight, e-mail parts, places, titles, notes,
/// descriptions), in characters.
const LENGTHS: &[usize] = &[
    1, 11, 12, 13, 63, 64, 65, 199, 200, 201, 253, 254, 255, 299, 300, 301, 999, 1000, 1001, 9_999,
    10_000, 10_001,
];

/// Free text: up to `pieces` pieces, each arbitrary text, one hostile piece, or a run of one
/// character to a length at a limit.
pub fn text(u: &mut Unstructured<'_>, pieces: i64) -> String {
    let mut out = String::new();
    for _ in 0..int(u, 0..=pieces) {
        match int(u, 0..=7) {
            0 | 1 => out.push_str(<&str>::arbitrary(u).unwrap_or("")),
            2 => out.push(char::arbitrary(u).unwrap_or('a')),
            3 => {
                let c = pick(u, LONG_CHARS);
                let n = pick(u, LENGTHS);
                out.extend(std::iter::repeat_n(c, n));
            }
            _ => out.push_str(pick(u, PIECES)),
        }
    }
    out
}

/// Plain words, mostly valid as a title, city or name.
pub fn words(u: &mut Unstructured<'_>) -> String {
    const WORDS: &[&str] = &[
        "Taller",
        "Reunión",
        "Conferencia",
        "regional",
        "sobre",
        "trata",
        "de",
        "personas",
        "Ciudad",
        "San",
        "Salvador",
        "Hotel",
        "Camino",
        "Real",
        "Ana",
        "Pérez",
        "Workshop",
        "on",
        "migration",
    ];
    let n = int(u, 1..=6);
    (0..n).map(|_| pick(u, WORDS)).collect::<Vec<_>>().join(" ")
}

/// How hostile one case is: one field in `n` gets a hostile value, the others a plain one. Drawn
/// once per case, so that some cases are wholly valid (and reach the checks after validation)
/// and others wholly hostile.
#[derive(Debug, Clone, Copy)]
pub struct Odds(pub u8);

impl Odds {
    /// One of 1 (every field hostile), 3, 10 or 40.
    pub fn draw(u: &mut Unstructured<'_>) -> Odds {
        Odds(pick(u, &[1, 3, 10, 40]))
    }

    /// Whether the next field is hostile.
    pub fn hostile(self, u: &mut Unstructured<'_>) -> bool {
        self.0 <= 1 || chance(u, 1, self.0)
    }
}

/// A field that is plain words, or (hostile) hostile text or empty.
pub fn field(u: &mut Unstructured<'_>, odds: Odds, pieces: i64) -> String {
    if !odds.hostile(u) {
        return words(u);
    }
    match int(u, 0..=5) {
        0 => String::new(),
        1 => words(u),
        _ => text(u, pieces),
    }
}

/// A day from 1890 to 2210 (the domain accepts 1900 to 2200).
pub fn day(u: &mut Unstructured<'_>) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap_or(NaiveDate::MIN);
    let offset = u64::try_from(int(u, 0..=320 * 366)).unwrap_or(0);
    base.checked_add_days(Days::new(offset)).unwrap_or(base)
}

/// A day near `around`: a few days before it to a year and a bit after.
pub fn day_near(u: &mut Unstructured<'_>, around: NaiveDate, before: i64, after: i64) -> NaiveDate {
    let delta = int(u, -before..=after);
    around
        .checked_add_signed(chrono::TimeDelta::days(delta))
        .unwrap_or(around)
}

/// `date` as a form sends it, or a near miss: other formats, signs, out-of-range parts, padding.
pub fn date_text(u: &mut Unstructured<'_>, odds: Odds, date: NaiveDate) -> String {
    if !odds.hostile(u) {
        return date.format("%Y-%m-%d").to_string();
    }
    match int(u, 0..=10) {
        0..=4 => date.format("%Y-%m-%d").to_string(),
        5 => format!(" {} ", date.format("%Y-%m-%d")),
        6 => format!(
            "{:04}-{:02}-{:02}",
            int(u, 0..=10_000),
            int(u, 0..=13),
            int(u, 0..=32)
        ),
        7 => format!("{}-{}-{}", date.year(), date.month(), date.day()),
        8 => pick(
            u,
            &[
                "+2010-01-01",
                "-0001-12-31",
                "0000-01-01",
                "20101206",
                "2010-12-06T09:00",
                "2010-02-29",
                "2012-02-29",
                "2200-12-31",
                "2201-01-01",
                "1899-12-31",
                "10000-01-01",
                "+10000-01-01",
                "262143-12-31",
                "+262143-12-31",
                "-262144-01-01",
                "2010-12-06\n",
                "２０１０-１２-０６",
            ],
        )
        .to_owned(),
        9 => String::new(),
        _ => text(u, 3),
    }
}

/// A time as a form sends it (`HH:MM`, sometimes with seconds), or a near miss.
pub fn time_text(u: &mut Unstructured<'_>, odds: Odds) -> String {
    let plain = |u: &mut Unstructured<'_>| format!("{:02}:{:02}", int(u, 0..=23), int(u, 0..=59));
    if !odds.hostile(u) {
        return plain(u);
    }
    match int(u, 0..=9) {
        0..=3 => plain(u),
        4 => format!(
            "{:02}:{:02}:{:02}",
            int(u, 0..=23),
            int(u, 0..=59),
            int(u, 0..=60)
        ),
        5 => format!("{}:{}", int(u, 0..=30), int(u, 0..=70)),
        6 => pick(
            u,
            &[
                "24:00",
                "23:59:60",
                "00:00",
                "23:59",
                "9:05",
                " 09:00 ",
                "09h00",
                "09:00 am",
                "-1:00",
                "09:00:00.5",
                "99:99",
            ],
        )
        .to_owned(),
        7 => String::new(),
        _ => text(u, 2),
    }
}

/// A code from `valid` (in any case, sometimes padded), empty, or garbage.
pub fn code(u: &mut Unstructured<'_>, odds: Odds, valid: &[&str]) -> String {
    if !odds.hostile(u) {
        return pick(u, valid).to_owned();
    }
    match int(u, 0..=6) {
        0..=1 => pick(u, valid).to_owned(),
        2 => pick(u, valid).to_uppercase(),
        3 => format!(" {} ", pick(u, valid).to_lowercase()),
        4 => String::new(),
        _ => text(u, 2),
    }
}

/// A whole number as typed: in range, at the limits, negative, huge, signed, padded, or text.
pub fn number_text(u: &mut Unstructured<'_>, odds: Odds) -> String {
    if !odds.hostile(u) {
        return int(u, 1..=200).to_string();
    }
    match int(u, 0..=5) {
        0..=1 => int(u, 0..=200).to_string(),
        2 => pick(
            u,
            &[
                "0",
                "1",
                "99999",
                "100000",
                "100001",
                "-1",
                "+5",
                " 5 ",
                "4294967295",
                "4294967296",
                "1e3",
                "5.0",
                "٣",
            ],
        )
        .to_owned(),
        3 => String::new(),
        _ => text(u, 2),
    }
}

/// An IANA zone name from chrono-tz's whole list (odd zones included: midnight gaps, half-hour
/// offsets, the far south and the date line), or a near miss.
pub fn zone_text(u: &mut Unstructured<'_>, odds: Odds) -> String {
    let any = |u: &mut Unstructured<'_>| {
        let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        pick(u, &names).to_owned()
    };
    if !odds.hostile(u) {
        return if chance(u, 1, 2) {
            String::new()
        } else {
            any(u)
        };
    }
    match int(u, 0..=5) {
        0..=1 => any(u),
        2 => String::new(),
        3 => pick(
            u,
            &[
                "America/Guatemala",
                "America/Havana",
                "America/Santiago",
                "America/Asuncion",
                "Asia/Tehran",
                "Australia/Lord_Howe",
                "Pacific/Apia",
                "Pacific/Kiritimati",
                "Antarctica/Troll",
                "Etc/GMT+12",
                "Etc/GMT-14",
                "UTC",
                "america/guatemala",
                "America/Guatemala ",
                "Central America Standard Time",
                "Mars/Olympus_Mons",
            ],
        )
        .to_owned(),
        _ => text(u, 2),
    }
}
