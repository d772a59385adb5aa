//! A page its client left is rendered to its end all the same, and thrown away.
//!
//! A Leptos page owns the request's reactive tree, which its body stream tears down after its
//! last chunk, once every task of the page (resources, `<Suspense>` effects) has finished. When
//! the client goes away first, the server drops the page at once: the handler's future while it
//! renders, or the body after the headers. The tree is then torn down on one thread while those
//! tasks still run on the other workers: they read signals and contexts already gone and panic
//! ("already been disposed", "tried to use <A/> outside a <Router/>"). So a page (a `GET` or
//! `HEAD`) is rendered in a task of its own, which a client that leaves does not cancel, and an
//! HTML body dropped before its end is read to its end in the background (its last chunk ends
//! the tree the ordinary way). Both within the request's time limit; it costs what the page would
//! have cost had the client stayed.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tracing::Instrument;

/// The middleware, with the request time limit (`ENLACE_REQUEST_TIMEOUT_SECS`) as its state.
pub async fn finish_pages(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return next.run(req).await;
    }
    // The time limit's own layer answers the client first; this one only ends a page nobody
    // waits for any more.
    let orphan_limit = limit + Duration::from_secs(1);
    let page = tokio::spawn(tokio::time::timeout(orphan_limit, next.run(req)).in_current_span());
    let response = match page.await {
        Ok(Ok(response)) => response,
        Ok(Err(_)) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    response.map(|body| {
        Body::new(Finished {
            inner: Some(body),
            limit,
        })
    })
}

/// A body that, dropped before its end, has its rest read in the background.
struct Finished {
    /// The body until it has ended.
    inner: Option<Body>,
    /// How long its rest may take.
    limit: Duration,
}

impl HttpBody for Finished {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            // Ended (or failed): nothing left to finish.
            self.inner = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for Finished {
    fn drop(&mut self) {
        let Some(mut rest) = self.inner.take() else {
            return;
        };
        if rest.is_end_stream() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let limit = self.limit;
        runtime.spawn(async move {
            let read = async { while let Some(Ok(_)) = rest.frame().await {} };
            if tokio::time::timeout(limit, read).await.is_err() {
                tracing::warn!(?limit, "a page its client left was still rendering");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    const LIMIT: Duration = Duration::from_secs(5);

    /// A page in three chunks, a pause between them, whose end sets `ended` (as a Leptos page
    /// ends its reactive tree after its last chunk).
    fn app(ended: Arc<AtomicBool>, content_type: &'static str) -> Router {
        let page = move || {
            let ended = ended.clone();
            async move {
                let (tx, rx) = tokio::sync::mpsc::channel(1);
                tokio::spawn(async move {
                    for chunk in ["<html>", "<body>", "</html>"] {
                        if tx.send(Bytes::from(chunk)).await.is_err() {
                            return;
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    ended.store(true, Ordering::SeqCst);
                });
                Response::builder()
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::new(Chunks(rx)))
                    .unwrap()
            }
        };
        Router::new()
            .route("/", get(page))
            .layer(axum::middleware::from_fn_with_state(LIMIT, finish_pages))
    }

    /// A handler that takes 200 ms, then sets `done`; at `/` for `GET` and `POST`.
    fn slow(done: Arc<AtomicBool>) -> Router {
        let handler = move || {
            let done = done.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(200)).await;
                done.store(true, Ordering::SeqCst);
                "done"
            }
        };
        Router::new()
            .route("/", get(handler.clone()).post(handler))
            .layer(axum::middleware::from_fn_with_state(LIMIT, finish_pages))
    }

    /// Whether the slow handler finished though its client left after 50 ms.
    async fn left_during_the_handler(method: Method) -> bool {
        let done = Arc::new(AtomicBool::new(false));
        let request = Request::builder()
            .method(method)
            .uri("/")
            .body(Body::empty())
            .unwrap();
        let answer = slow(done.clone()).oneshot(request);
        assert!(
            tokio::time::timeout(Duration::from_millis(50), answer)
                .await
                .is_err()
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        done.load(Ordering::SeqCst)
    }

    /// A body of the chunks a channel receives.
    struct Chunks(tokio::sync::mpsc::Receiver<Bytes>);

    impl HttpBody for Chunks {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
        }
    }

    async fn drop_after_first_frame(content_type: &'static str) -> bool {
        let ended = Arc::new(AtomicBool::new(false));
        let request = Request::get("/").body(Body::empty()).unwrap();
        let response = app(ended.clone(), content_type)
            .oneshot(request)
            .await
            .unwrap();
        let mut body = response.into_body();
        assert!(body.frame().await.is_some());
        // The client goes away.
        drop(body);
        tokio::time::sleep(Duration::from_millis(300)).await;
        ended.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn an_abandoned_page_is_read_to_its_end() {
        assert!(drop_after_first_frame("text/html; charset=utf-8").await);
    }

    #[tokio::test]
    async fn other_abandoned_bodies_are_dropped_at_once() {
        assert!(!drop_after_first_frame("text/calendar").await);
    }

    #[tokio::test]
    async fn a_page_whose_client_left_while_it_rendered_is_rendered_to_its_end() {
        assert!(left_during_the_handler(Method::GET).await);
    }

    #[tokio::test]
    async fn a_form_whose_client_left_is_cancelled_as_before() {
        assert!(!left_during_the_handler(Method::POST).await);
    }
}
