//! The to-do feeds of meeting commitments, `text/calendar; charset=utf-8`, with `?lang=es|en`
//! (Spanish by default): `/commitments.ics` (every commitment of a final record) and
//! `/countries/{iso}/commitments.ics` (those binding one country: listed, or one of "all
//! delegations", with its own status). See [`crate::ical::todo`].
//!
//! As the event feeds: rendered once per change of the data ([`crate::feed_cache`], keyed on
//! both the outcomes' and the events' change counters, since a "before {event}" due date moves
//! with the event), served with a strong ETag, `304` to a client whose copy is current, gzip for
//! clients that ask, and `Cache-Control: public, max-age=300`. No `Last-Modified`: a commitment
//! deleted, a record made draft again or an event moved changes the feed without any newer
//! commitment, so only the bytes can tell a client that it changed. An unknown country is the
//! site's 404 page in the reader's language.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use sha2::{Digest, Sha256};

use app::domain::{Country, Lang};

use super::error::RouteError;
use super::feed::{FeedError, FeedQuery, respond_as};
use super::forms::request_lang;
use crate::feed_cache::{FeedKey, Rendered};
use crate::ical::{FeedInfo, todo};
use crate::state::AppState;

/// The to-do feed routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commitments.ics", get(get_all))
        .route("/countries/{iso}/commitments.ics", get(get_country))
}

/// One cache version from two change counters: equal only when both are (a 64-bit digest, so
/// two different pairs meeting is not a practical concern).
#[must_use]
pub fn combined_version(outcomes: i64, events: i64) -> i64 {
    let digest = Sha256::new()
        .chain_update(outcomes.to_be_bytes())
        .chain_update(events.to_be_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

async fn get_all(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    todos(&state, None, query.lang(), &headers).await
}

/// The reader's language for a page: `?lang=` when given, else the request's.
pub(super) fn page_lang(query: &FeedQuery, headers: &HeaderMap, asked: bool) -> Lang {
    if asked {
        query.lang()
    } else {
        request_lang(headers)
    }
}

async fn get_country(
    State(state): State<AppState>,
    Path(iso): Path<String>,
    Query(query): Query<FeedQuery>,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Response {
    let Some(country) = Country::parse(&iso) else {
        let asked = uri.query().is_some_and(|q| q.contains("lang="));
        return RouteError::NotFound(page_lang(&query, &headers, asked)).into_response();
    };
    todos(&state, Some(country), query.lang(), &headers)
        .await
        .into_response()
}

async fn todos(
    state: &AppState,
    country: Option<Country>,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<Response, FeedError> {
    let outcomes = state.store.outcomes_version().await?;
    let events = state.store.events_version().await?;
    let version = combined_version(outcomes, events);
    let feed = state
        .feeds
        .get_or_render(
            FeedKey::Todos(country, lang),
            version,
            Utc::now(),
            || async {
                let rows = state.store.commitments(false).await?;
                let carried = todo::select(&rows, country);
                let text = todo::render(
                    &carried,
                    country,
                    &FeedInfo {
                        name: &todo::name(country, lang),
                        description: todo::description_of_feed(lang),
                        base_url: &state.public_url,
                        lang,
                    },
                );
                Ok::<_, FeedError>(Rendered::new(text, None, None))
            },
        )
        .await?;
    Ok(respond_as(&feed, headers, "text/calendar; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_counter_changes_the_version() {
        let v = combined_version(3, 7);
        assert_eq!(v, combined_version(3, 7));
        assert_ne!(v, combined_version(4, 7));
        assert_ne!(v, combined_version(3, 8));
        assert_ne!(combined_version(1, 2), combined_version(2, 1));
    }
}
