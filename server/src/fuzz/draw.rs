//! Values drawn from fuzzer bytes for the server's targets: text aimed at iCalendar and form
//! encodings (delimiters, escapes, folding across multi-byte characters, line ends, lengths at
//! the limits). Every draw succeeds: once the bytes run out, `arbitrary` gives the first choice
//! or the smallest value.

use arbitrary::{Arbitrary, Unstructured};

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

/// Pieces that iCalendar writers and readers get wrong: TEXT escapes and what they escape,
/// the separators of parameters and lists, line ends of every kind, content that looks like a
/// property or a component, characters of two, three and four bytes (a fold may split them),
/// white space `trim` removes or keeps, controls, and the names the location heuristics read.
const PIECES: &[&str] = &[
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\\n",
    "\\N",
    "\\,",
    "\\;",
    "\\:",
    "\\\\",
    ",",
    ";",
    ":",
    "\"",
    "=",
    "^",
    "\r\nBEGIN:VEVENT\r\n",
    "\nEND:VCALENDAR\n",
    "\r\n ",
    "SUMMARY:x",
    "ñ",
    "€",
    "😀",
    "e\u{301}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{200b}",
    " (fechas por confirmar)",
    " (dates to be confirmed)",
    "CANCELADO: ",
    "Guatemala",
    "El Salvador",
    "México",
    "Ciudad de México",
    "EE. UU.",
    "Qro.",
    "76000",
    "https://enlace.example/events/x",
];

/// Characters repeated up to a limit, of one to four bytes in UTF-8.
const LONG_CHARS: &[char] = &['a', 'ñ', '€', '😀', ',', '\\', '\n'];

/// Lengths at and around the limits (places, titles, UIDs, lines, descriptions), in characters.
const LENGTHS: &[usize] = &[
    1, 74, 75, 76, 199, 200, 201, 255, 256, 299, 300, 301, 9_999, 10_000, 10_001, 19_999, 20_000,
    20_001,
];

/// Free text: up to `pieces` pieces, each arbitrary text, one of [`PIECES`], or a run of one
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

/// Plain words, valid as a title or a place.
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
        "Hotel",
        "Camino",
        "Real",
        "Workshop",
        "on",
        "migration",
    ];
    let n = int(u, 1..=6);
    (0..n).map(|_| pick(u, WORDS)).collect::<Vec<_>>().join(" ")
}

/// Any IANA zone chrono-tz knows.
pub fn zone(u: &mut Unstructured<'_>) -> chrono_tz::Tz {
    pick(u, &chrono_tz::TZ_VARIANTS)
}
