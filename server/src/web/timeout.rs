//! A time limit on each request's handling (body included): past it the request is dropped and
//! the client gets a 503 page in its language, so a stuck handler or a client that trickles its
//! body cannot hold a task and its database connection.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::routes::error::page_with_text;
use crate::routes::forms::request_lang;

/// The middleware, with the limit as its state.
pub async fn limit_time(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let lang = request_lang(req.headers());
    let path = req.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            // The path only: a query may hold what should not be logged.
            tracing::warn!(%path, ?limit, "request timed out");
            let text = app::i18n::td_string!(lang.locale(), hh_timed_out);
            page_with_text(StatusCode::SERVICE_UNAVAILABLE, lang, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    fn app(limit: Duration) -> Router {
        Router::new()
            .route("/quick", get(|| async { "done" }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    "late"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(limit, limit_time))
    }

    #[tokio::test]
    async fn a_request_over_its_time_gets_a_503_page() {
        let limit = Duration::from_millis(100);
        let quick = Request::get("/quick")
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(app(limit).oneshot(quick).await.unwrap().status(), 200);
        let slow = Request::get("/slow")
            .header("accept-language", "en")
            .body(axum::body::Body::empty())
            .unwrap();
        let started = std::time::Instant::now();
        let response = app(limit).oneshot(slow).await.unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let page = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&page).contains("took too long"));
    }
}
