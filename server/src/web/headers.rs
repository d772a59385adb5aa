//! Security headers on every response: a Content-Security-Policy whose scripts must carry this
//! response's nonce (Leptos puts it on its hydration and resource scripts), `nosniff`, a referrer
//! policy (none at all from pages whose address holds a secret token), no framing, and HSTS when
//! the site is served over https.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};

/// The addresses whose path holds a secret token or a private id: the manage pages of a
/// registration, password links, personal feeds, import previews. Their responses send no
/// `Referer` at all, so the token never leaves in one (not even to this site's own assets).
pub const PRIVATE_PREFIXES: &[&str] = &["/registrations/", "/password/", "/feeds/", "/import/"];

/// What the headers depend on, set once at start.
#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    /// Send `Strict-Transport-Security` (the public URL is https).
    pub hsts: bool,
}

/// The Content-Security-Policy of a response whose inline scripts carry `nonce`. Scripts: this
/// site's files and the nonce's inline ones only (no `unsafe-inline`), and WebAssembly
/// compilation for the hydrated app. Styles: this site's stylesheet; `style` *attributes* are
/// allowed (the calendar and the coordination timeline place their bars with them), `<style>`
/// elements are not.
#[must_use]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The referrer policy for `path`: `no-referrer` under [`PRIVATE_PREFIXES`].
#[must_use]
pub fn referrer_policy(path: &str) -> &'static str {
    if PRIVATE_PREFIXES.iter().any(|p| path.starts_with(p)) {
        "no-referrer"
    } else {
        "strict-origin-when-cross-origin"
    }
}

/// The middleware: makes this request's nonce (for the Leptos renderer, through the request's
/// extensions: see [`provide_request_nonce`]) and sets the headers on the response.
pub async fn security_headers(
    State(policy): State<SecurityHeaders>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    let referrer = referrer_policy(req.uri().path());
    req.extensions_mut().insert(nonce.clone());
    let mut response = next.run(req).await;
    set_headers(response.headers_mut(), &nonce, referrer, policy.hsts);
    // A 304 keeps the stored page with the stored policy: a new nonce would block its scripts
    // (see super::caching).
    if response.status() == axum::http::StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .remove(header::CONTENT_SECURITY_POLICY);
    }
    response
}

fn set_headers(headers: &mut HeaderMap, nonce: &str, referrer: &'static str, hsts: bool) {
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(nonce),
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, referrer);
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    if hsts {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
}

/// For the Leptos renderer's context: the nonce [`security_headers`] made for this request, so
/// the scripts Leptos writes carry the one the header allows (Leptos would otherwise make its
/// own).
pub fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_nonced_inline_scripts_and_no_framing() {
        let csp = content_security_policy("abc");
        let script = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap();
        assert!(script.contains("'nonce-abc'"));
        assert!(!script.contains("unsafe-inline"));
        assert!(!script.contains("'unsafe-eval'"));
        for directive in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{directive}");
        }
    }

    #[test]
    fn pages_with_tokens_send_no_referrer() {
        for path in [
            "/registrations/abc",
            "/registrations/abc/cancel",
            "/password/abc",
            "/feeds/0123.ics",
            "/import/abc",
        ] {
            assert_eq!(referrer_policy(path), "no-referrer", "{path}");
        }
        for path in ["/", "/events/x", "/import", "/calendar"] {
            assert_eq!(
                referrer_policy(path),
                "strict-origin-when-cross-origin",
                "{path}"
            );
        }
    }

    #[test]
    fn hsts_only_when_asked() {
        let mut h = HeaderMap::new();
        set_headers(&mut h, "n", "no-referrer", false);
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        set_headers(&mut h, "n", "no-referrer", true);
        assert_eq!(
            h[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains"
        );
    }
}
