//! The plain axum routes beside the Leptos pages: feeds, health, the language switch, and the
//! handlers of every form (sign-in, event management, accounts, ICS import).

// Handlers answer refusals with a ready `Response` (a redirect or an error page) through `?`-style
// early returns; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod accounts;
pub mod atom;
pub mod coordination;
pub mod date_check;
pub mod error;
pub mod feed;
pub mod forms;
pub mod health;
pub mod import;
pub mod kept;
pub mod lang;
pub mod manage;
pub mod outcomes;
pub mod personal_data;
pub mod registrations;
pub mod session;
pub mod todo_feed;

use axum::Router;
use axum::extract::Request;

use crate::state::AppState;

/// Every non-Leptos route, merged in one place.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(feed::router())
        .merge(todo_feed::router())
        .merge(atom::router())
        .merge(health::router())
        .merge(lang::router())
        .merge(session::router())
        .merge(manage::router())
        .merge(outcomes::router())
        .merge(accounts::router())
        .merge(import::router())
        .merge(coordination::router())
        .merge(registrations::router())
        .merge(personal_data::router())
        .merge(crate::digest::routes::router())
        .merge(crate::export::commitments::route::router())
}

/// Sends `/events/{slug}.ics` to the event feed. The router cannot match a suffix after a
/// parameter, and `/events/{slug}` belongs to the Leptos event page, so the URI is rewritten
/// before routing.
pub async fn rewrite_event_feed(mut req: Request) -> Request {
    let path = req.uri().path();
    if let Some(slug) = path
        .strip_prefix("/events/")
        .and_then(|rest| rest.strip_suffix(".ics"))
        && !slug.is_empty()
        && !slug.contains('/')
    {
        let query = req
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        if let Ok(uri) = format!("{}/{slug}{query}", feed::EVENT_FEED_PREFIX).parse() {
            *req.uri_mut() = uri;
        }
    }
    req
}
