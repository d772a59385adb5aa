//! Public pages rendered once per change instead of once per request: the home page, the month
//! calendar and an event's page, as anyone without a session sees them.
//!
//! - **What may be cached**: a `GET` of one of those paths from a request carrying no cookie but
//!   the language choice and the anti-forgery cookie (a session, kept form input or a one-time
//!   message make the page someone's own), answered `200` with HTML that holds no form (no
//!   anti-forgery token) and sets no `Cache-Control` of its own. The key is the path with its
//!   query, the language cookie and `Accept-Language` as sent.
//! - **When it is still right**: each request first reads the page's stamp in one query
//!   ([`app::ssr::Store::page_stamp`]): the events' change counter (every change of events
//!   increases it in its own transaction, as for the feeds) and, for an event's page, its
//!   registration settings, its seats and the end of its next hold, and the outcomes' counter
//!   ([`app::ssr::outcomes::OutcomeStore::outcomes_version`]: its meeting record and the
//!   follow-up of its commitments show on it). A page is served again only
//!   under an equal stamp, so a change made through any server on the same database shows at
//!   once, and at most [`MAX_AGE`] after it was rendered (the time of day: the upcoming list,
//!   today's mark, a deadline passing).
//! - **The nonce**: the stored body has this response's script nonce masked; a page served
//!   again gets the nonce of its own request (the one its `Content-Security-Policy` names).
//!
//! A page served from here is the same bytes the renderer would make, so its `ETag` and `304`
//! ([`super::caching`]) are unchanged.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::ssr::store::PageStamp;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use quick_cache::Weighter;

use crate::state::AppState;

/// How long a rendered page is served at most.
pub const MAX_AGE: Duration = Duration::from_secs(10);
/// Bytes of pages kept at most (the least used go first).
const CAPACITY_BYTES: u64 = 4 << 20;
/// A page larger than this is not kept.
const MAX_PAGE_BYTES: usize = 256 << 10;
/// A request whose key would be longer than this is not served from here.
const MAX_KEY_BYTES: usize = 1024;
/// The cookies a cached page may be served with: the language choice (part of the key) and the
/// anti-forgery cookie (no cached page holds a form, so none needs it).
const NEUTRAL_COOKIES: [&str; 2] = [crate::routes::lang::COOKIE, crate::keys::CSRF_COOKIE];
/// What stands for the nonce in a stored body (HTML has no NUL characters).
const NONCE_MARK: &str = "\u{0}nonce\u{0}";
/// The name of the hidden field every form of the site carries.
const FORM_TOKEN_FIELD: &str = "authenticity_token";

/// The rendered public pages, kept until their stamp changes.
pub struct PageCache {
    pages: quick_cache::sync::Cache<Key, Arc<Page>, ByBytes>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(256, CAPACITY_BYTES, ByBytes),
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq)]
struct Key {
    uri: String,
    lang_cookie: Option<String>,
    accept_language: Option<String>,
}

/// What a kept page is still right under: the page's stamp and, for an event's page, the
/// outcomes' counter (its record and commitments).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    page: PageStamp,
    outcomes: Option<i64>,
}

struct Page {
    stamp: Stamp,
    made: Instant,
    headers: HeaderMap,
    /// The body, with the nonce masked by [`NONCE_MARK`].
    body: String,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<Key, Arc<Page>> for ByBytes {
    fn weight(&self, key: &Key, page: &Arc<Page>) -> u64 {
        u64::try_from(key.uri.len() + page.body.len() + 512).unwrap_or(u64::MAX)
    }
}

/// The middleware: serves a public page from the cache while its stamp is unchanged, and keeps
/// what the renderer makes for the next request.
pub async fn cached_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some((key, slug, nonce)) = cacheable(&req) else {
        return next.run(req).await;
    };
    // The stamp is read before the page: a change between the two makes the kept page newer
    // than its stamp, so the next request renders again (never the other way round).
    let page = match state
        .store
        .page_stamp(slug.as_deref(), chrono::Utc::now())
        .await
    {
        Ok(stamp) => stamp,
        // The page itself says what is wrong with the database.
        Err(_) => return next.run(req).await,
    };
    let outcomes = match slug {
        Some(_) => match state.store.outcomes_version().await {
            Ok(version) => Some(version),
            Err(_) => return next.run(req).await,
        },
        None => None,
    };
    let stamp = Stamp { page, outcomes };
    if let Some(page) = state.pages.pages.get(&key)
        && page.stamp == stamp
        && page.made.elapsed() < MAX_AGE
    {
        return page.response(&nonce);
    }
    let response = next.run(req).await;
    keep(&state.pages, key, stamp, &nonce, response).await
}

/// The request's key, event slug (for an event's page) and nonce, when its page may come from
/// the cache.
fn cacheable(req: &Request) -> Option<(Key, Option<String>, String)> {
    if req.method() != Method::GET {
        return None;
    }
    let slug = public_page(req.uri().path())?;
    let headers = req.headers();
    let mut lang_cookie = None;
    for pair in headers
        .get_all(header::COOKIE)
        .iter()
        .map(|v| v.to_str().ok())
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .flat_map(|v| v.split(';'))
    {
        let (name, value) = pair.trim().split_once('=').unwrap_or((pair.trim(), ""));
        if name.is_empty() {
            continue;
        }
        if !NEUTRAL_COOKIES.contains(&name) {
            return None;
        }
        if name == crate::routes::lang::COOKIE {
            lang_cookie = Some(value.to_owned());
        }
    }
    let accept_language = match headers.get(header::ACCEPT_LANGUAGE) {
        Some(v) => Some(v.to_str().ok()?.to_owned()),
        None => None,
    };
    let uri = req.uri().path_and_query()?.as_str().to_owned();
    let key = Key {
        uri,
        lang_cookie,
        accept_language,
    };
    let size = key.uri.len()
        + key.lang_cookie.as_ref().map_or(0, String::len)
        + key.accept_language.as_ref().map_or(0, String::len);
    if size > MAX_KEY_BYTES {
        return None;
    }
    let nonce = req.extensions().get::<Nonce>()?.to_string();
    (!nonce.is_empty()).then_some((key, slug.map(str::to_owned), nonce))
}

/// Which public page `path` is: `Some(None)` for the home page and the month calendar,
/// `Some(Some(slug))` for an event's page, `None` for any other.
fn public_page(path: &str) -> Option<Option<&str>> {
    match path {
        "/" | "/calendar" => Some(None),
        _ => {
            let slug = path.strip_prefix("/events/")?;
            (!slug.is_empty() && !slug.contains('/')).then_some(Some(slug))
        }
    }
}

/// Keeps `response` as the page of `key` under `stamp` when it is a public page, and answers it.
async fn keep(
    cache: &PageCache,
    key: Key,
    stamp: Stamp,
    nonce: &str,
    response: Response,
) -> Response {
    let keepable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CACHE_CONTROL)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keepable {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(error = %e, "could not read a page's body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if bytes.len() <= MAX_PAGE_BYTES
        && let Ok(text) = std::str::from_utf8(&bytes)
        && !text.contains(FORM_TOKEN_FIELD)
        && !text.contains(NONCE_MARK)
    {
        let mut headers = parts.headers.clone();
        headers.remove(header::SET_COOKIE);
        headers.remove(header::CONTENT_LENGTH);
        let page = Page {
            stamp,
            made: Instant::now(),
            headers,
            body: text.replace(nonce, NONCE_MARK),
        };
        cache.pages.insert(key, Arc::new(page));
    }
    Response::from_parts(parts, Body::from(bytes))
}

impl Page {
    fn response(&self, nonce: &str) -> Response {
        let mut response = Response::new(Body::from(self.body.replace(NONCE_MARK, nonce)));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_home_page_the_calendar_and_event_pages_are_public() {
        assert_eq!(public_page("/"), Some(None));
        assert_eq!(public_page("/calendar"), Some(None));
        assert_eq!(public_page("/events/taller"), Some(Some("taller")));
        for other in [
            "/events/",
            "/events/taller/register",
            "/events/taller/participants",
            "/calendar.ics",
            "/sign-in",
            "/registrations/resend",
        ] {
            assert_eq!(public_page(other), None, "{other}");
        }
    }

    fn request(cookie: Option<&str>) -> Request {
        let mut builder = Request::get("/events/taller?x=1").header("accept-language", "en");
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        let mut req = builder.body(Body::empty()).unwrap();
        req.extensions_mut().insert(Nonce::new());
        req
    }

    #[test]
    fn a_session_or_any_other_cookie_makes_the_page_someones_own() {
        let (key, slug, nonce) = cacheable(&request(None)).unwrap();
        assert_eq!(key.uri, "/events/taller?x=1");
        assert_eq!(key.accept_language.as_deref(), Some("en"));
        assert_eq!(slug.as_deref(), Some("taller"));
        assert!(!nonce.is_empty());
        let neutral = cacheable(&request(Some("i18n_pref_locale=es; enlace_csrf=abc"))).unwrap();
        assert_eq!(neutral.0.lang_cookie.as_deref(), Some("es"));
        for own in [
            "enlace_session=t",
            "i18n_pref_locale=es; enlace_form=x",
            "enlace_new_link=y",
        ] {
            assert!(cacheable(&request(Some(own))).is_none(), "{own}");
        }
        let mut post = request(None);
        *post.method_mut() = Method::POST;
        assert!(cacheable(&post).is_none());
    }

    fn page(body: &str) -> Response {
        let mut response = Response::new(Body::from(body.to_owned()));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            "text/html; charset=utf-8".parse().unwrap(),
        );
        response
            .headers_mut()
            .insert(header::SET_COOKIE, "enlace_csrf=z".parse().unwrap());
        response
    }

    fn stamp(events: i64) -> Stamp {
        Stamp {
            page: PageStamp {
                events,
                event: None,
            },
            outcomes: None,
        }
    }

    #[tokio::test]
    async fn a_kept_page_gets_the_new_nonce_and_no_cookie_and_pages_with_forms_are_not_kept() {
        let cache = PageCache::default();
        let (key, _, nonce) = cacheable(&request(None)).unwrap();
        let html = format!("<script nonce=\"{nonce}\">x</script><p>hola</p>");
        let first = keep(&cache, key.clone(), stamp(1), &nonce, page(&html)).await;
        assert!(first.headers().contains_key(header::SET_COOKIE));
        let kept = cache.pages.get(&key).unwrap();
        assert_eq!(kept.stamp, stamp(1));
        let again = kept.response("NEW");
        assert!(!again.headers().contains_key(header::SET_COOKIE));
        let body = axum::body::to_bytes(again.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            "<script nonce=\"NEW\">x</script><p>hola</p>"
        );

        let cache = PageCache::default();
        let form = format!("<form><input name=\"authenticity_token\" value=\"{nonce}\"></form>");
        keep(&cache, key.clone(), stamp(1), &nonce, page(&form)).await;
        assert!(cache.pages.get(&key).is_none(), "a page with a form");
        let mut private = page("<p>mine</p>");
        private
            .headers_mut()
            .insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
        keep(&cache, key.clone(), stamp(1), &nonce, private).await;
        assert!(cache.pages.get(&key).is_none(), "a page that says no-store");
        let mut missing = page("<p>no</p>");
        *missing.status_mut() = StatusCode::NOT_FOUND;
        keep(&cache, key.clone(), stamp(1), &nonce, missing).await;
        assert!(cache.pages.get(&key).is_none(), "a 404");
    }
}
