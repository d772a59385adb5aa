//! Calendar feeds, `text/calendar; charset=utf-8`, with `?lang=es|en` (Spanish by default):
//! `/calendar.ics` (every published event), `/countries/{iso}/calendar.ics` (events a country
//! hosts or co-hosts), `/kinds/{kind}/calendar.ics` and `/events/{slug}.ics` (one event).
//!
//! Each feed is rendered once per change of the data (see [`crate::feed_cache`]) and served with
//! a strong ETag and Last-Modified, answering 304 to a client whose copy is current; gzipped only
//! for clients that ask.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use app::domain::feed::{FeedScope, FeedWindow};
use app::domain::{Country, EventKind, Lang};
use app::ssr::{EventQuery, StoreError};

use crate::feed_cache::{FeedKey, Rendered};
use crate::ical::{self, FeedInfo};
use crate::state::AppState;

/// Where `/events/{slug}.ics` is routed after the rewrite.
pub const EVENT_FEED_PREFIX: &str = "/feeds/events";

/// The feed routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar.ics", get(get_all))
        .route("/countries/{iso}/calendar.ics", get(get_country))
        .route("/kinds/{kind}/calendar.ics", get(get_kind))
        .route(&format!("{EVENT_FEED_PREFIX}/{{slug}}"), get(get_event))
        .route("/feeds/{file}", get(get_registration))
        .route("/feeds/person/{file}", get(get_person))
}

/// A feed's query: `?lang=es|en`.
#[derive(Deserialize)]
pub(super) struct FeedQuery {
    lang: Option<String>,
}

impl FeedQuery {
    /// The language asked for; Spanish by default.
    pub(super) fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::Es)
    }
}

/// Errors of the feed routes.
pub enum FeedError {
    /// 404: no such feed.
    NotFound,
    /// 500: the store failed (logged, not shown).
    Internal,
    /// 503: the database is unreachable (calendar apps try again later).
    Unavailable,
}

impl From<StoreError> for FeedError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => FeedError::NotFound,
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %e, "feed: database unavailable");
                FeedError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "feed failed");
                FeedError::Internal
            }
        }
    }
}

impl IntoResponse for FeedError {
    fn into_response(self) -> Response {
        match self {
            FeedError::NotFound => (
                StatusCode::NOT_FOUND,
                "calendario no encontrado / calendar not found",
            )
                .into_response(),
            FeedError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "error interno / internal error",
            )
                .into_response(),
            FeedError::Unavailable => {
                let text = format!(
                    "{} / {}",
                    app::i18n::td_string!(Lang::Es.locale(), fault_feed_unavailable),
                    app::i18n::td_string!(Lang::En.locale(), fault_feed_unavailable)
                );
                let retry = super::error::RETRY_AFTER_SECS;
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, retry.to_string())],
                    text,
                )
                    .into_response()
            }
        }
    }
}

async fn get_all(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    collection(&state, FeedScope::All, query.lang(), &headers).await
}

async fn get_country(
    State(state): State<AppState>,
    Path(iso): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let country = Country::parse(&iso).ok_or(FeedError::NotFound)?;
    collection(&state, FeedScope::Country(country), query.lang(), &headers).await
}

async fn get_kind(
    State(state): State<AppState>,
    Path(kind): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let kind = EventKind::parse(&kind).ok_or(FeedError::NotFound)?;
    collection(&state, FeedScope::Kind(kind), query.lang(), &headers).await
}

async fn collection(
    state: &AppState,
    scope: FeedScope,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<Response, FeedError> {
    let now = Utc::now();
    let version = state.store.events_version().await?;
    let window = FeedWindow {
        months_back: state.settings.feed_months_back,
    };
    let feed = state
        .feeds
        .get_or_render(FeedKey::Scope(scope, lang), version, now, || async {
            // Events that left the window lately still count for Last-Modified.
            let since = window
                .first_day(now.date_naive())
                .checked_sub_months(chrono::Months::new(2))
                .unwrap_or(chrono::NaiveDate::MIN);
            let candidates = state
                .store
                .list_events(EventQuery::Since { first: since })
                .await?;
            let carried = window.select(scope, &candidates, now);
            let text = ical::render(
                &carried,
                &FeedInfo {
                    name: &scope.name(lang),
                    description: &scope.description(lang),
                    base_url: &state.public_url,
                    lang,
                },
            );
            Ok::<_, FeedError>(Rendered::new(
                text,
                window.last_modified(scope, &candidates, &carried, now),
                window.next_exit(Some(scope), &candidates, now),
            ))
        })
        .await?;
    Ok(respond(&feed, headers))
}

async fn get_event(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let lang = query.lang();
    let now = Utc::now();
    let version = state.store.events_version().await?;
    let key = FeedKey::Event(slug.clone(), lang);
    let feed = state
        .feeds
        .get_or_render(key, version, now, || async {
            let event = state.store.event_by_slug(&slug).await?;
            if !event.published {
                return Err(FeedError::NotFound);
            }
            let carried = if FeedWindow::keeps_event(&event, now) {
                vec![event.clone()]
            } else {
                Vec::new()
            };
            let name = event.details.title.pick(lang).text.to_owned();
            let text = ical::render(
                &carried,
                &FeedInfo {
                    name: &name,
                    description: &name,
                    base_url: &state.public_url,
                    lang,
                },
            );
            let left = FeedWindow::cancelled_until(&event).filter(|t| *t <= now);
            let until = FeedWindow::cancelled_until(&event).filter(|t| *t > now);
            Ok(Rendered::new(text, Some(event.updated_at).max(left), until))
        })
        .await?;
    Ok(respond(&feed, &headers))
}

/// `/feeds/{token}.ics`: the feed of one registration, at the address shown on its manage page:
/// its own event only (never the person's other registrations, since anyone who types an
/// address can register it), while the registration is live. A cancelled registration, an
/// unknown or a replaced token all answer the same 404: nobody holding an old address learns
/// anything from it, and the delegate was told of the cancellation by mail and on the page.
async fn get_registration(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let token = file.strip_suffix(".ics").ok_or(FeedError::NotFound)?;
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FeedError::NotFound);
    }
    let event = state
        .store
        .registration_feed(&app::ssr::tokens::token_hash(token))
        .await?;
    Ok(personal(&state, &[event], query.lang(), &headers))
}

/// `/feeds/person/{token}.ics`: every live registration of one address, merged; its address is
/// only ever mailed to that address (the "send me my links again" mail), one at a time: a new
/// one replaces the old, which then answers 404.
async fn get_person(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let token = file.strip_suffix(".ics").ok_or(FeedError::NotFound)?;
    if token.len() < 32
        || token.len() > 128
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(FeedError::NotFound);
    }
    let events = state
        .store
        .person_feed(&app::ssr::tokens::token_hash(token))
        .await?;
    Ok(personal(&state, &events, query.lang(), &headers))
}

/// A private feed of `events`, rendered per request (one subscriber per feed), with a strong
/// ETag but no Last-Modified: a cancelled registration removes an event without changing it, so
/// only the bytes can tell a client that the feed changed.
fn personal(
    state: &AppState,
    events: &[app::domain::Event],
    lang: Lang,
    headers: &HeaderMap,
) -> Response {
    let now = Utc::now();
    let window = FeedWindow {
        months_back: state.settings.feed_months_back,
    };
    let carried = window.select(FeedScope::All, events, now);
    let l = lang.locale();
    let name = app::i18n::td_string!(l, feed_personal_name);
    let description = app::i18n::td_string!(l, feed_personal_description);
    let text = ical::render(
        &carried,
        &FeedInfo {
            name,
            description,
            base_url: &state.public_url,
            lang,
        },
    );
    let feed = Arc::new(Rendered::new(text, None, None));
    let mut response = respond(&feed, headers);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Whether the client takes gzip (`Accept-Encoding`, honouring `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Answers a calendar feed (see [`respond_as`]).
fn respond(feed: &Arc<Rendered>, headers: &HeaderMap) -> Response {
    respond_as(feed, headers, "text/calendar; charset=utf-8")
}

/// Answers 304 when the client's copy is current (RFC 9110 §13.1.1-2: `If-None-Match` wins over
/// `If-Modified-Since`), the feed otherwise, as `content_type`.
pub(super) fn respond_as(
    feed: &Arc<Rendered>,
    headers: &HeaderMap,
    content_type: &'static str,
) -> Response {
    let gzip = accepts_gzip(headers) && !feed.gzip.is_empty();
    let tag = if gzip {
        feed.gzip_etag()
    } else {
        feed.etag.clone()
    };
    let not_modified = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(inm) => inm
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t == tag || t == feed.etag || t == feed.gzip_etag()),
        None => match (
            headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok()),
            feed.last_modified,
        ) {
            (Some(ims), Some(lm)) => DateTime::parse_from_rfc2822(ims)
                .is_ok_and(|since| lm.timestamp() <= since.timestamp()),
            _ => false,
        },
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else if gzip {
        let mut r = feed.gzip.clone().into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        feed.body.clone().into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if let Some(Ok(v)) = feed
        .last_modified
        .map(|t| HeaderValue::from_str(&http_date(t)))
    {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn gzip_only_when_asked_and_not_refused() {
        assert!(accepts_gzip(&with(
            header::ACCEPT_ENCODING,
            "gzip, deflate, br"
        )));
        assert!(accepts_gzip(&with(
            header::ACCEPT_ENCODING,
            "br;q=1.0, gzip;q=0.8"
        )));
        assert!(!accepts_gzip(&with(
            header::ACCEPT_ENCODING,
            "gzip;q=0, identity"
        )));
        assert!(!accepts_gzip(&with(header::ACCEPT_ENCODING, "identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn conditional_requests() {
        let t = DateTime::from_timestamp(1_291_593_600, 0).unwrap();
        let feed = Arc::new(Rendered::new("BEGIN:VCALENDAR".into(), Some(t), None));
        let fresh = respond(&feed, &HeaderMap::new());
        assert_eq!(fresh.status(), StatusCode::OK);
        assert_eq!(fresh.headers()[header::ETAG], feed.etag.as_str());
        assert_eq!(
            respond(&feed, &with(header::IF_NONE_MATCH, &feed.etag)).status(),
            StatusCode::NOT_MODIFIED
        );
        assert_eq!(
            respond(&feed, &with(header::IF_NONE_MATCH, "\"other\"")).status(),
            StatusCode::OK
        );
        assert_eq!(
            respond(&feed, &with(header::IF_MODIFIED_SINCE, &http_date(t))).status(),
            StatusCode::NOT_MODIFIED
        );
        let earlier = http_date(t - chrono::Duration::seconds(1));
        assert_eq!(
            respond(&feed, &with(header::IF_MODIFIED_SINCE, &earlier)).status(),
            StatusCode::OK
        );
        let gz = respond(&feed, &with(header::ACCEPT_ENCODING, "gzip"));
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gz.headers()[header::ETAG], feed.gzip_etag().as_str());
    }
}
