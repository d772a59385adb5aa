//! The Atom feeds of the region's change log, `application/atom+xml; charset=utf-8`, with
//! `?lang=es|en` (Spanish by default): `/changes.atom` (every entry) and
//! `/countries/{iso}/changes.atom` (the entries naming a country: an event it hosts or co-hosts,
//! a commitment it is responsible for). The newest [`crate::atom::ENTRIES`] entries, each as it
//! was written (see [`crate::atom`]).
//!
//! Rendered once per change of the log ([`crate::feed_cache`], keyed on its change counter),
//! served with a strong ETag and `Last-Modified` (the newest entry's time: entries are never
//! changed or removed, so it only grows), `304` to a client whose copy is current, gzip for
//! clients that ask, and `Cache-Control: public, max-age=300`. An unknown country is the site's
//! 404 page in the reader's language.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;

use app::domain::{Country, Lang};

use super::error::RouteError;
use super::feed::{FeedError, FeedQuery, respond_as};
use super::todo_feed::page_lang;
use crate::atom::{self, AtomInfo};
use crate::feed_cache::{FeedKey, Rendered};
use crate::state::AppState;

/// The Atom feed routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/changes.atom", get(get_all))
        .route("/countries/{iso}/changes.atom", get(get_country))
}

async fn get_all(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
    headers: HeaderMap,
) -> Result<Response, FeedError> {
    changes(&state, None, query.lang(), &headers).await
}

async fn get_country(
    State(state): State<AppState>,
    Path(iso): Path<String>,
    Query(query): Query<FeedQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(country) = Country::parse(&iso) else {
        let asked = uri.query().is_some_and(|q| q.contains("lang="));
        return RouteError::NotFound(page_lang(&query, &headers, asked)).into_response();
    };
    changes(&state, Some(country), query.lang(), &headers)
        .await
        .into_response()
}

async fn changes(
    state: &AppState,
    country: Option<Country>,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<Response, FeedError> {
    let version = state.store.changes_version().await?;
    let feed = state
        .feeds
        .get_or_render(
            FeedKey::Changes(country, lang),
            version,
            Utc::now(),
            || async {
                let entries = state.store.changes(country, atom::ENTRIES).await?;
                let info = AtomInfo {
                    base_url: &state.public_url,
                    country,
                    lang,
                };
                let text = atom::render(&entries, &info);
                Ok::<_, FeedError>(Rendered::new(text, atom::newest(&entries), None))
            },
        )
        .await?;
    Ok(respond_as(
        &feed,
        headers,
        "application/atom+xml; charset=utf-8",
    ))
}
