//! Calendar feeds: `GET /calendar.ics` (every event) and `GET /events/{slug}.ics` (one event),
//! `text/calendar; charset=utf-8`, with `?lang=es|en` (Spanish by default), a strong ETag and
//! Last-Modified so unchanged feeds answer 304.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use app::domain::{Event, Lang};
use app::ssr::{EventQuery, StoreError};

use crate::ical::{self, FeedInfo};
use crate::state::AppState;

/// Where `/events/{slug}.ics` is routed after the rewrite.
pub const EVENT_FEED_PREFIX: &str = "/feeds/events";

/// The feed routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/calendar.ics", get(get_all))
        .route(&format!("{EVENT_FEED_PREFIX}/{{slug}}"), get(get_event))
}

#[derive(Deserialize)]
struct FeedQuery {
    lang: Option<String>,
}

impl FeedQuery {
    fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(Lang::Es)
    }
}

/// Errors of the feed routes.
enum FeedError {
    /// 404: no such event.
    NotFound,
    /// 500: the store failed (logged, not shown).
    Internal,
}

impl From<StoreError> for FeedError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => FeedError::NotFound,
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
                "evento no encontrado / event not found",
            )
                .into_response(),
            FeedError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "error interno / internal error",
            )
                .into_response(),
        }
    }
}

async fn get_all(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let lang = query.lang();
    let events = state.store.list_events(EventQuery::All).await?;
    let (name, description) = match lang {
        Lang::Es => (
            "Enlace: calendario de la CRM",
            "Talleres, conferencias y reuniones de la Conferencia Regional sobre Migración",
        ),
        Lang::En => (
            "Enlace: RCM calendar",
            "Workshops, conferences and meetings of the Regional Conference on Migration",
        ),
    };
    Ok(respond(&state, &events, name, description, lang, &headers))
}

async fn get_event(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    let lang = query.lang();
    let event = state.store.event_by_slug(&slug).await?;
    let name = event.details.title.pick(lang).text.to_owned();
    Ok(respond(
        &state,
        std::slice::from_ref(&event),
        &name,
        &name,
        lang,
        &headers,
    ))
}

fn respond(
    state: &AppState,
    events: &[Event],
    name: &str,
    description: &str,
    lang: Lang,
    headers: &HeaderMap,
) -> Response {
    let body = ical::render(
        events,
        &FeedInfo {
            name,
            description,
            base_url: &state.public_url,
            lang,
        },
    );
    let last_modified = events.iter().map(|e| e.updated_at).max();
    conditional(body, last_modified, headers)
}

fn etag(body: &str) -> String {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}-{:x}\"", hasher.finish(), body.len())
}

/// Answers 304 when the client's copy is current (RFC 9110 §13.1), the body otherwise.
fn conditional(
    body: String,
    last_modified: Option<DateTime<Utc>>,
    headers: &HeaderMap,
) -> Response {
    let tag = etag(&body);
    let http_date = last_modified.map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    let not_modified = match headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        Some(inm) => inm.split(',').any(|t| t.trim() == tag || t.trim() == "*"),
        None => match (
            headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok()),
            last_modified,
        ) {
            (Some(ims), Some(lm)) => DateTime::parse_from_rfc2822(ims)
                .is_ok_and(|since| lm.timestamp() <= since.timestamp()),
            _ => false,
        },
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if let Some(Ok(v)) = http_date.map(|d| HeaderValue::from_str(&d)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}
