//! Body limits per route, checked before a body is read: a declared `Content-Length` over the
//! route's limit is answered at once with a 413 page in the reader's language (the body is never
//! read), and a body sent without a length is cut off at the limit while it is read (the form
//! extractors then answer the same 413).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use app::domain::Lang;

use crate::routes::error::page_with_text;
use crate::routes::forms::request_lang;

/// Every form, and every other request: 64 KiB.
pub const FORM_LIMIT: usize = 64 * 1024;

/// The event forms (`/events/new`, `/events/{slug}/edit`), whose two descriptions may each hold
/// 10,000 characters, percent-encoded: 256 KiB.
pub const EVENT_FORM_LIMIT: usize = 256 * 1024;

/// The limit of the request being handled (a request extension), for the 413 page of a body cut
/// off while it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimit(pub usize);

/// The body limit of `method` `path`; `None` for the `.ics` upload (`POST /import`), which
/// checks its declared length itself against its own 2 MB limit (to answer on the form).
#[must_use]
pub fn limit_for(method: &Method, path: &str) -> Option<usize> {
    if method == Method::POST {
        if path == "/import" {
            return None;
        }
        let event_form = path == "/events/new"
            || path
                .strip_prefix("/events/")
                .and_then(|rest| rest.strip_suffix("/edit"))
                .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'));
        if event_form {
            return Some(EVENT_FORM_LIMIT);
        }
    }
    Some(FORM_LIMIT)
}

/// The declared `Content-Length`, if any and readable.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The middleware: refuses a declared length over the limit without reading the body, and limits
/// the body as it is read otherwise.
pub async fn limit_bodies(req: Request, next: Next) -> Response {
    let Some(max) = limit_for(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
    if declared_length(req.headers()).is_some_and(|n| n > max as u64) {
        return too_large(request_lang(req.headers()), max);
    }
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(BodyLimit(max));
    let body = Body::new(http_body_util::Limited::new(body, max));
    next.run(Request::from_parts(parts, body)).await
}

/// The 413 page: what may be sent, in the reader's language. The connection is closed after it
/// (the body was not read).
#[must_use]
pub fn too_large(lang: Lang, max: usize) -> Response {
    let kb = (max / 1024).to_string();
    let text = app::i18n::td_string!(lang.locale(), hh_too_large, kb = kb);
    let mut response = page_with_text(StatusCode::PAYLOAD_TOO_LARGE, lang, &text);
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::post;
    use tower::ServiceExt;

    #[test]
    fn each_route_has_its_limit() {
        assert_eq!(limit_for(&Method::POST, "/signin"), Some(FORM_LIMIT));
        assert_eq!(limit_for(&Method::GET, "/"), Some(FORM_LIMIT));
        assert_eq!(
            limit_for(&Method::POST, "/events/new"),
            Some(EVENT_FORM_LIMIT)
        );
        assert_eq!(
            limit_for(&Method::POST, "/events/taller/edit"),
            Some(EVENT_FORM_LIMIT)
        );
        assert_eq!(
            limit_for(&Method::POST, "/events/a/b/edit"),
            Some(FORM_LIMIT)
        );
        assert_eq!(limit_for(&Method::POST, "/import"), None);
        assert_eq!(limit_for(&Method::POST, "/import/abc"), Some(FORM_LIMIT));
    }

    fn app() -> Router {
        Router::new()
            .route(
                "/signin",
                post(|body: axum::body::Bytes| async move { body.len().to_string() }),
            )
            .layer(axum::middleware::from_fn(limit_bodies))
    }

    /// A body that never sends anything: a handler that waited for it would hang.
    struct Never;

    impl axum::body::HttpBody for Never {
        type Data = axum::body::Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
            std::task::Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_declared_length_over_the_limit_is_refused_unread() {
        let req = Request::post("/signin")
            .header(header::CONTENT_LENGTH, (FORM_LIMIT + 1).to_string())
            .header(header::ACCEPT_LANGUAGE, "es")
            .body(Body::new(Never))
            .unwrap();
        let response = tokio::time::timeout(std::time::Duration::from_secs(5), app().oneshot(req))
            .await
            .expect("answered without reading the body")
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(response.headers()[header::CONNECTION], "close");
        let page = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let page = String::from_utf8(page.to_vec()).unwrap();
        assert!(page.contains("como máximo 64 KB"), "{page}");
    }

    #[tokio::test]
    async fn a_body_without_a_length_is_cut_at_the_limit() {
        // Requests built here carry no Content-Length header: only the limit on reading applies.
        let small = Request::post("/signin")
            .body(Body::from(vec![b'a'; 1000]))
            .unwrap();
        let response = app().oneshot(small).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let big = Request::post("/signin")
            .body(Body::from(vec![b'a'; FORM_LIMIT + 1]))
            .unwrap();
        let response = app().oneshot(big).await.unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
