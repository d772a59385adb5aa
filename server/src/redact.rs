//! Keeping secrets out of the logs: the request log and the logged mail show paths and links with
//! every token replaced by `<redacted>`, and no query string. A token is the segment after
//! `/registrations/` (manage links, and anything under them), `/password/` (one-time password
//! links), `/import/` (an upload's preview), `/feeds/` or `/feeds/person/` (personal feeds),
//! `/digest/confirm/` or `/digest/unsubscribe/` (the digest's links), and, as a safety net for routes added later, any segment that looks like one of Enlace's tokens
//! (32 or more URL-safe characters with a capital letter, or 32 or more hex digits).

use axum::http::Uri;

/// What a token is replaced with.
pub const PLACEHOLDER: &str = "<redacted>";

/// Path segments after which the next segment is a token.
const BEFORE_TOKEN: [&str; 3] = ["registrations", "password", "import"];

/// Segments after `/registrations/` that are pages of their own, not tokens.
const NOT_TOKENS: [&str; 1] = ["resend"];

/// A request's path for the log: tokens redacted, the query (which may carry a return path or a
/// token) replaced by the placeholder.
#[must_use]
pub fn uri(uri: &Uri) -> String {
    let path = path(uri.path());
    match uri.query() {
        Some(_) => format!("{path}?{PLACEHOLDER}"),
        None => path,
    }
}

/// A path with its tokens redacted.
#[must_use]
pub fn path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let before = i.checked_sub(1).map_or("", |p| segments[p]);
        let two_before = i.checked_sub(2).map_or("", |p| segments[p]);
        let secret = (BEFORE_TOKEN.contains(&before) && !NOT_TOKENS.contains(segment))
            || (before == "feeds" && *segment != "events" && *segment != "person")
            || (before == "person" && two_before == "feeds")
            || (two_before == "digest" && (before == "confirm" || before == "unsubscribe"))
            || looks_like_token(segment);
        out.push(if secret && !segment.is_empty() {
            redact_segment(segment)
        } else {
            (*segment).to_owned()
        });
    }
    out.join("/")
}

/// A text (a mail's body) with the tokens of every link in it redacted.
#[must_use]
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            out.push_str(&redact_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&redact_word(&word));
    out
}

/// One word of a text: a link (`scheme://host/path` or `/path`) gets its path redacted; the
/// query and fragment of a link are dropped.
fn redact_word(word: &str) -> String {
    let (prefix, rest) = match word.find("://") {
        Some(at) => {
            let after = at + 3;
            match word[after..].find('/') {
                Some(slash) => word.split_at(after + slash),
                None => return word.to_owned(),
            }
        }
        None if word.starts_with('/') => ("", word),
        None => return word.to_owned(),
    };
    let (link_path, query) = match rest.find(['?', '#']) {
        Some(at) => (&rest[..at], true),
        None => (rest, false),
    };
    let mut out = format!("{prefix}{}", path(link_path));
    if query {
        out.push('?');
        out.push_str(PLACEHOLDER);
    }
    out
}

/// The token at the start of a segment replaced, what follows it (`.ics`) kept.
fn redact_segment(segment: &str) -> String {
    let end = segment
        .find(|c: char| !is_token_char(c))
        .unwrap_or(segment.len());
    format!("{PLACEHOLDER}{}", &segment[end..])
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Whether a segment looks like a token: 32 or more URL-safe characters with a capital letter
/// (random base64: a slug is lower case), or 32 or more hex digits; a `.ics` after it aside.
fn looks_like_token(segment: &str) -> bool {
    let core = segment.strip_suffix(".ics").unwrap_or(segment);
    core.len() >= 32
        && core.chars().all(is_token_char)
        && (core.chars().any(|c| c.is_ascii_uppercase())
            || core.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANAGE: &str = "Zm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTBfYWJjZGVmZ2g";
    const FEED: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    #[test]
    fn token_segments_are_redacted_and_the_rest_kept() {
        for (given, expected) in [
            (
                format!("/registrations/{MANAGE}"),
                "/registrations/<redacted>",
            ),
            (
                format!("/registrations/{MANAGE}/cancel"),
                "/registrations/<redacted>/cancel",
            ),
            ("/registrations/resend".to_owned(), "/registrations/resend"),
            (format!("/feeds/{FEED}.ics"), "/feeds/<redacted>.ics"),
            (
                format!("/feeds/person/{MANAGE}.ics"),
                "/feeds/person/<redacted>.ics",
            ),
            (
                "/feeds/events/taller-regional-sobre-trata-de-personas-2010".to_owned(),
                "/feeds/events/taller-regional-sobre-trata-de-personas-2010",
            ),
            (format!("/password/{MANAGE}"), "/password/<redacted>"),
            ("/import/abc".to_owned(), "/import/<redacted>"),
            ("/import".to_owned(), "/import"),
            (
                "/events/taller/participants".to_owned(),
                "/events/taller/participants",
            ),
            (format!("/confirm/{MANAGE}"), "/confirm/<redacted>"),
            (
                "/digest/unsubscribe/abc".to_owned(),
                "/digest/unsubscribe/<redacted>",
            ),
            (
                "/digest/confirm/abc".to_owned(),
                "/digest/confirm/<redacted>",
            ),
            ("/digest/settings".to_owned(), "/digest/settings"),
            (format!("/x/{FEED}"), "/x/<redacted>"),
            ("/".to_owned(), "/"),
        ] {
            assert_eq!(path(&given), expected, "{given}");
        }
    }

    #[test]
    fn queries_are_dropped() {
        let u: Uri = format!("/signin?next=/password/{MANAGE}").parse().unwrap();
        assert_eq!(uri(&u), "/signin?<redacted>");
        let u: Uri = format!("/registrations/{MANAGE}?new=1").parse().unwrap();
        assert_eq!(uri(&u), "/registrations/<redacted>?<redacted>");
        let u: Uri = "/calendar".parse().unwrap();
        assert_eq!(uri(&u), "/calendar");
    }

    #[test]
    fn links_in_a_mail_lose_their_tokens() {
        let body = format!(
            "Dear Ana,\n\nManage:\nhttps://enlace.example.org/registrations/{MANAGE}\n\
             Feed: webcal://enlace.example.org/feeds/{FEED}.ics\n\
             All: http://127.0.0.1:3000/feeds/person/{MANAGE}.ics?lang=es\n\
             Event page: https://enlace.example.org/events/taller-2031\n\
             Lost it? https://enlace.example.org/registrations/resend\n"
        );
        let redacted = text(&body);
        assert!(
            !redacted.contains(MANAGE) && !redacted.contains(FEED),
            "{redacted}"
        );
        assert!(redacted.contains("https://enlace.example.org/registrations/<redacted>\n"));
        assert!(redacted.contains("webcal://enlace.example.org/feeds/<redacted>.ics\n"));
        assert!(redacted.contains("/feeds/person/<redacted>.ics?<redacted>\n"));
        assert!(redacted.contains("https://enlace.example.org/events/taller-2031\n"));
        assert!(redacted.contains("/registrations/resend\n"));
        assert!(redacted.starts_with("Dear Ana,\n\nManage:\n"));
    }

    #[test]
    fn slugs_are_not_mistaken_for_tokens() {
        assert!(!looks_like_token(
            "taller-regional-sobre-trata-de-personas-2010"
        ));
        assert!(looks_like_token(MANAGE));
        assert!(looks_like_token(&format!("{FEED}.ics")));
        assert!(!looks_like_token("short"));
    }
}
