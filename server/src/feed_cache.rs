//! Rendered feeds, kept until the data changes: a feed is rendered (and gzipped, and hashed for
//! its ETag) once per change of the events, not once per request, so serving a thousand
//! subscribers costs a thousand cheap lookups and one render.
//!
//! An entry is valid while the store's change counter ([`app::ssr::Store::events_version`]) is
//! the one it was rendered at, and until its `valid_until` (the next instant an event leaves the
//! feed by the time window alone). Concurrent requests for a stale feed wait for one render.

use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use app::domain::feed::FeedScope;
use app::domain::{Country, Lang};
use axum::body::Bytes;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Which feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedKey {
    /// A collection feed in a language.
    Scope(FeedScope, Lang),
    /// One event's feed (by slug) in a language.
    Event(String, Lang),
    /// The to-do feed of commitments (a country's, or the region's) in a language.
    Todos(Option<Country>, Lang),
    /// The Atom feed of changes (a country's, or the region's) in a language.
    Changes(Option<Country>, Lang),
}

/// A feed ready to serve.
#[derive(Debug)]
pub struct Rendered {
    /// The iCalendar text.
    pub body: Bytes,
    /// The same, gzipped (for clients that ask).
    pub gzip: Bytes,
    /// Strong ETag of `body` (the gzipped form's is this with `-gz`).
    pub etag: String,
    /// The feed's Last-Modified.
    pub last_modified: Option<DateTime<Utc>>,
    /// When the feed changes by the clock alone (an event leaves the window).
    pub valid_until: Option<DateTime<Utc>>,
}

impl Rendered {
    /// Hashes and compresses a rendered feed.
    #[must_use]
    pub fn new(
        text: String,
        last_modified: Option<DateTime<Utc>>,
        valid_until: Option<DateTime<Utc>>,
    ) -> Self {
        let digest = Sha256::digest(text.as_bytes());
        let etag = format!(
            "\"{}\"",
            digest
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        // The gzip header's time stays zero, so equal feeds give equal bytes.
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(text.len() / 4),
            flate2::Compression::default(),
        );
        let gzip = match encoder
            .write_all(text.as_bytes())
            .and_then(|()| encoder.finish())
        {
            Ok(bytes) => Bytes::from(bytes),
            // Writing to memory does not fail; if it ever did, clients get the plain body.
            Err(_) => Bytes::new(),
        };
        Rendered {
            body: Bytes::from(text),
            gzip,
            etag,
            last_modified,
            valid_until,
        }
    }

    /// The gzipped representation's ETag.
    #[must_use]
    pub fn gzip_etag(&self) -> String {
        format!("{}-gz\"", self.etag.trim_end_matches('"'))
    }
}

type Slot = Arc<tokio::sync::Mutex<Option<(i64, Arc<Rendered>)>>>;

/// The cache of rendered feeds.
#[derive(Default)]
pub struct FeedCache {
    slots: Mutex<HashMap<FeedKey, Slot>>,
    renders: AtomicU64,
}

impl FeedCache {
    /// How many feeds have been rendered since start.
    #[must_use]
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }

    fn slot(&self, key: &FeedKey) -> Slot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slots.entry(key.clone()).or_default().clone()
    }

    fn forget(&self, key: &FeedKey) {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slots.remove(key);
    }

    /// The feed `key` at data version `version`: the cached one if still valid at `now`, else
    /// what `render` gives (cached unless it fails; a failed key is forgotten, so unknown
    /// slugs take no room).
    ///
    /// # Errors
    /// `render`'s error.
    pub async fn get_or_render<E, F, Fut>(
        &self,
        key: FeedKey,
        version: i64,
        now: DateTime<Utc>,
        render: F,
    ) -> Result<Arc<Rendered>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Rendered, E>>,
    {
        let slot = self.slot(&key);
        let mut entry = slot.lock().await;
        if let Some((at, rendered)) = entry.as_ref()
            && *at == version
            && rendered.valid_until.is_none_or(|until| now < until)
        {
            return Ok(rendered.clone());
        }
        match render().await {
            Ok(rendered) => {
                self.renders.fetch_add(1, Ordering::Relaxed);
                let rendered = Arc::new(rendered);
                *entry = Some((version, rendered.clone()));
                Ok(rendered)
            }
            Err(e) => {
                drop(entry);
                self.forget(&key);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn key() -> FeedKey {
        FeedKey::Scope(FeedScope::All, Lang::Es)
    }

    fn rendered(text: &str, until: Option<DateTime<Utc>>) -> Rendered {
        Rendered::new(text.to_owned(), None, until)
    }

    #[tokio::test]
    async fn renders_once_per_version() {
        let cache = FeedCache::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        for _ in 0..100 {
            let feed = cache
                .get_or_render(key(), 7, now, || async {
                    Ok::<_, ()>(rendered("BEGIN:VCALENDAR", None))
                })
                .await
                .unwrap();
            assert_eq!(&feed.body[..], b"BEGIN:VCALENDAR");
        }
        assert_eq!(cache.renders(), 1);
        cache
            .get_or_render(key(), 8, now, || async {
                Ok::<_, ()>(rendered("changed", None))
            })
            .await
            .unwrap();
        assert_eq!(cache.renders(), 2);
        // Another language is another feed.
        cache
            .get_or_render(FeedKey::Scope(FeedScope::All, Lang::En), 8, now, || async {
                Ok::<_, ()>(rendered("en", None))
            })
            .await
            .unwrap();
        assert_eq!(cache.renders(), 3);
    }

    #[tokio::test]
    async fn the_clock_expires_an_entry_when_an_event_leaves_the_window() {
        let cache = FeedCache::default();
        let until = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let before = until - chrono::Duration::seconds(1);
        for now in [before, before, until] {
            cache
                .get_or_render(key(), 1, now, || async {
                    Ok::<_, ()>(rendered("x", Some(until)))
                })
                .await
                .unwrap();
        }
        assert_eq!(cache.renders(), 2);
    }

    #[tokio::test]
    async fn concurrent_requests_for_a_stale_feed_wait_for_one_render() {
        let cache = Arc::new(FeedCache::default());
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move {
                    cache
                        .get_or_render(key(), 1, now, || async {
                            tokio::task::yield_now().await;
                            Ok::<_, ()>(rendered("x", None))
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap().is_ok());
        }
        assert_eq!(cache.renders(), 1);
    }

    #[tokio::test]
    async fn failures_are_not_kept() {
        let cache = FeedCache::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let missing = FeedKey::Event("no-such-event".into(), Lang::Es);
        let result = cache
            .get_or_render(missing, 1, now, || async { Err::<Rendered, _>("404") })
            .await;
        assert!(result.is_err());
        assert!(cache.slots.lock().unwrap().is_empty());
    }

    #[test]
    fn equal_text_gives_equal_bytes_and_tags() {
        let a = rendered("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", None);
        let b = rendered("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", None);
        assert_eq!(a.etag, b.etag);
        assert_eq!(a.gzip, b.gzip);
        assert_ne!(a.etag, a.gzip_etag());
        assert!(a.gzip_etag().starts_with('"') && a.gzip_etag().ends_with("-gz\""));
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&a.gzip[..]), &mut plain)
            .unwrap();
        assert_eq!(plain.as_bytes(), &a.body[..]);
    }
}
