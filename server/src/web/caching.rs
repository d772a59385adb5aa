//! Caching: the site's content-hashed names, and the `Cache-Control`, `Vary` and `ETag` headers.
//!
//! - `/pkg/` files with a content hash in their name (`enlace.<16 hex>.wasm`, see
//!   `scripts/build.sh`) never change: `public, max-age=31536000, immutable`, and
//!   `Vary: Accept-Encoding` (their `.br` and `.gz` siblings are served to who accepts them).
//!   Other `/pkg/` files (a build without hashes) are revalidated: `no-cache`.
//! - HTML pages without a `Cache-Control` of their own (the private ones say `no-store`) are
//!   revalidated on every use: `no-cache`, `private` too when the request carries a session or
//!   the answer sets a cookie (the anti-forgery cookie: the page's forms hold its token, which no
//!   shared cache may hand to someone else), and a weak `ETag`; a repeat with a matching
//!   `If-None-Match` gets `304 Not Modified` without a body.
//! - The body holds this response's script nonce, new on every request: the `ETag` hashes the
//!   body with the nonce masked out, so an unchanged page has the same tag. A 304 carries no
//!   `Content-Security-Policy` ([`super::headers`] leaves it off): the browser keeps the headers
//!   a 304 does not carry (RFC 9111, 4.3.4), so its stored body stays with the stored policy and
//!   the nonce they share.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::config::LeptosOptions;
use leptos::nonce::Nonce;
use sha2::{Digest, Sha256};

/// `Cache-Control` of a file whose name holds its content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of an HTML page anyone may get.
pub const REVALIDATE: &str = "no-cache";
/// `Cache-Control` of an HTML page for one person (a session, or a cookie set by the answer).
pub const REVALIDATE_PRIVATE: &str = "private, no-cache";

/// Makes Leptos and the stylesheet use the hashed names when the site has a hash file
/// (`<site root>/<pkg>/hash.txt`, written by `scripts/build.sh`); without one, the plain names
/// (`cargo leptos watch`, a build without hashes). Leptos reads the file beside its binary unless
/// the path is absolute, so it is given the absolute one.
pub fn use_hashed_names(options: &mut LeptosOptions) {
    let file = Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join("hash.txt");
    let Ok(file) = std::path::absolute(&file) else {
        return;
    };
    if !file.is_file() {
        tracing::info!(file = %file.display(), "no hash file: assets have their plain names");
        return;
    }
    options.hash_files = true;
    options.hash_file = file.to_string_lossy().into();
    app::assets::use_hash_file(
        PathBuf::from(&file),
        &options.site_pkg_dir,
        &options.output_name,
    );
}

/// Whether a file name holds a content hash: `<name>.<16 hex digits>.<extension>[.br|.gz]`.
#[must_use]
pub fn is_hashed(file_name: &str) -> bool {
    let name = file_name
        .strip_suffix(".br")
        .or_else(|| file_name.strip_suffix(".gz"))
        .unwrap_or(file_name);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts.first().is_some_and(|p| !p.is_empty())
        && parts
            .get(parts.len() - 2)
            .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The middleware (inside compression: the tag is of the page's own bytes).
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if let Some(file) = path.strip_prefix("/pkg/") {
        let mut response = next.run(req).await;
        if response.status() == StatusCode::OK {
            let name = file.rsplit('/').next().unwrap_or(file);
            let control = if is_hashed(name) {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            let h = response.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(control));
            h.insert(
                header::VARY,
                HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
            );
        }
        return response;
    }
    let nonce = req.extensions().get::<Nonce>().map(ToString::to_string);
    let is_get = req.method() == Method::GET;
    let signed_in = has_cookie(req.headers(), crate::auth::SESSION_COOKIE);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    if !is_html(response.headers()) || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let private = signed_in || parts.headers.contains_key(header::SET_COOKIE);
    parts.headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if private {
            REVALIDATE_PRIVATE
        } else {
            REVALIDATE
        }),
    );
    if !is_get || parts.status != StatusCode::OK {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "could not read a page's body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = etag(&bytes, nonce.as_deref());
    let Ok(value) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::ETAG, value);
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split_once('=').is_some_and(|(n, _)| n == name))
}

/// The weak entity tag of a page: SHA-256 (first 16 hex digits) of its body with every
/// occurrence of this response's nonce masked out.
#[must_use]
pub fn etag(body: &[u8], nonce: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    match nonce.filter(|n| !n.is_empty()) {
        Some(nonce) => {
            let nonce = nonce.as_bytes();
            let mut rest = body;
            while let Some(at) = find(rest, nonce) {
                hasher.update(&rest[..at]);
                hasher.update(b"\0nonce\0");
                rest = &rest[at + nonce.len()..];
            }
            hasher.update(rest);
        }
        None => hasher.update(body),
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `If-None-Match` against a tag, with the weak comparison (RFC 9110, 13.1.2).
fn matches(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let tag = opaque(tag);
    list.split(',').any(|t| t.trim() == "*" || opaque(t) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        for name in [
            "enlace.0123456789abcdef.wasm",
            "enlace.0123456789abcdef.js.br",
            "enlace.0123456789abcdef.css.gz",
        ] {
            assert!(is_hashed(name), "{name}");
        }
        for name in [
            "enlace.css",
            "enlace.wasm.br",
            "enlace.0123456789abcde.js",
            "enlace.0123456789abcdeg.js",
            ".0123456789abcdef.js",
            "hash.txt",
        ] {
            assert!(!is_hashed(name), "{name}");
        }
    }

    #[test]
    fn the_tag_ignores_the_nonce_but_not_the_page() {
        let a = etag(b"<script nonce=\"AAA\">x</script>AAA", Some("AAA"));
        let b = etag(b"<script nonce=\"BBB\">x</script>BBB", Some("BBB"));
        assert_eq!(a, b);
        assert!(a.starts_with("W/\"") && a.len() == 20, "{a}");
        assert_ne!(a, etag(b"<script nonce=\"BBB\">y</script>BBB", Some("BBB")));
        assert_ne!(a, etag(b"<script nonce=\"AAA\">x</script>AAA", None));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let tag = "W/\"0011\"";
        for header in ["W/\"0011\"", "\"0011\"", "\"x\", W/\"0011\"", "*"] {
            assert!(matches(&HeaderValue::from_static(header), tag), "{header}");
        }
        assert!(!matches(&HeaderValue::from_static("W/\"0012\""), tag));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; enlace_session=t"),
        );
        assert!(has_cookie(&h, "enlace_session"));
        assert!(!has_cookie(&h, "enlace"));
    }
}
