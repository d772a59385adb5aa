//! A page its client stopped reading is rendered to its end all the same, and thrown away.
//!
//! A Leptos page's body is a stream that owns the request's reactive tree and tears it down after
//! its last chunk, once every task of the page (resources, `<Suspense>` effects) has finished.
//! When the client goes away first, the server drops that body at once, and the tree is torn
//! down on one thread while those tasks still run on the other workers: they read signals and
//! contexts already gone and panic ("already been disposed", "called use_resolved_path outside a
//! <Router>"), or deadlock inside the reactive runtime. So an HTML body dropped before its end
//! is handed to a task of its own that reads it to the end (its last chunk ends the tree the
//! ordinary way), within [`FINISH_LIMIT`]. It costs what the page would have cost had the client
//! stayed.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;
use hyper::body::{Body as HttpBody, Frame, SizeHint};

/// How long an abandoned page may go on rendering before it is dropped after all.
pub const FINISH_LIMIT: Duration = Duration::from_secs(30);

/// The middleware: HTML bodies are read to their end even when their client leaves.
pub async fn finish_pages(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    response.map(|body| Body::new(Finished { inner: Some(body) }))
}

/// A body that, dropped before its end, has its rest read in the background.
struct Finished {
    /// The body until it has ended.
    inner: Option<Body>,
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
        runtime.spawn(async move {
            let read = async { while let Some(Ok(_)) = rest.frame().await {} };
            if tokio::time::timeout(FINISH_LIMIT, read).await.is_err() {
                tracing::warn!(limit = ?FINISH_LIMIT, "an abandoned page was still rendering");
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
            .layer(axum::middleware::from_fn(finish_pages))
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
}
