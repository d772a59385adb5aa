//! Lines of an iCalendar file (RFC 5545 §3.1): the encoding checks, unfolding on bytes (so a fold
//! inside a multi-byte character is joined before decoding) with the limits on line length, and
//! the split of one logical line into name, parameters and value.

use super::{Defect, ImportError, MAX_LINE_CHARS};

/// A UTF-16 byte-order mark, or the NUL byte every ASCII character has in UTF-16.
pub(super) fn looks_like_utf16(bytes: &[u8]) -> bool {
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
pub(super) fn unfold(
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
pub(super) struct ContentLine<'a> {
    /// Upper-cased.
    pub(super) name: String,
    /// Upper-cased names; values without their quotes, several values joined by commas.
    pub(super) params: Vec<(String, String)>,
    /// The value, as written (escaped).
    pub(super) value: &'a str,
}

impl ContentLine<'_> {
    /// The value of the parameter `name` (upper-case), if given.
    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A property, parameter or component name: letters, digits, `-` and `_`.
pub(super) fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An [`ImportError::Malformed`] at `line`.
pub(super) fn malformed(line: usize, what: Defect) -> ImportError {
    ImportError::Malformed { line, what }
}

/// Splits a logical line. Every delimiter is ASCII, so byte positions are character boundaries.
pub(super) fn parse_line(number: usize, text: &str) -> Result<ContentLine<'_>, ImportError> {
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
