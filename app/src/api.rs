//! Server functions: thin calls from pages to the store, with a typed error that crosses the wire.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::Event;
use crate::domain::calendar::Month;

pub mod coordination;
pub mod feeds;
pub mod import;
pub mod manage;
pub mod registrations;
pub mod session;

/// An error a page can show: not found, or a generic failure (details stay in the server log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nothing at this address (404).
    #[error("not found")]
    NotFound,
    /// The request was malformed (400).
    #[error("bad request")]
    BadRequest,
    /// Something failed on the server (500); the cause is logged, not shown.
    #[error("internal error")]
    Internal,
    /// Not signed in (the page offers to sign in).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed (403).
    #[error("forbidden")]
    Forbidden,
    /// The call itself failed (network, decoding).
    #[error("server function failed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
impl From<crate::ssr::StoreError> for AppError {
    fn from(e: crate::ssr::StoreError) -> Self {
        match e {
            crate::ssr::StoreError::NotFound => AppError::NotFound,
            other => {
                tracing_log(&other);
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn tracing_log(e: &crate::ssr::StoreError) {
    leptos::logging::error!("store error: {e:#}");
}

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status_for(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::BadRequest => http::StatusCode::BAD_REQUEST,
            // The server function already answered with a redirect to sign in: keep it.
            AppError::Unauthenticated => return,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Internal | AppError::ServerFn(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
        };
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

#[cfg(feature = "ssr")]
pub(crate) fn store() -> Result<crate::ssr::store::DynStore, AppError> {
    use_context::<crate::ssr::store::DynStore>().ok_or(AppError::Internal)
}

/// What the home page shows: upcoming events, or the most recent ones when none are upcoming.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeEvents {
    /// Events not over yet, soonest first.
    pub upcoming: Vec<Event>,
    /// The latest past events, most recent first (filled only when nothing is upcoming).
    pub recent: Vec<Event>,
}

/// Loads the home page's events.
#[server]
pub async fn get_home_events() -> Result<HomeEvents, AppError> {
    use crate::ssr::EventQuery;
    let store = store()?;
    let now = chrono::Utc::now();
    let upcoming = store
        .list_events(EventQuery::Upcoming { now, limit: 20 })
        .await?;
    let recent = if upcoming.is_empty() {
        store
            .list_events(EventQuery::Past { now, limit: 10 })
            .await?
    } else {
        Vec::new()
    };
    Ok(HomeEvents { upcoming, recent })
}

/// Loads the events touching a month (given as `YYYY-MM`; empty means the current month).
#[server]
pub async fn get_month_events(month: Option<String>) -> Result<(Month, Vec<Event>), AppError> {
    use crate::ssr::EventQuery;
    let month = match month.as_deref().map(str::trim) {
        None | Some("") => Month::of(chrono::Utc::now().date_naive()),
        Some(raw) => Month::parse(raw).ok_or(AppError::BadRequest)?,
    };
    let events = store()?
        .list_events(EventQuery::Days {
            first: month.first_day(),
            last: month.last_day(),
        })
        .await?;
    Ok((month, events))
}

/// Loads one event by slug, with its earlier dates. Drafts are found only by their hosts and the
/// secretariat; for anyone else they do not exist.
#[server]
pub async fn get_event(slug: String) -> Result<manage::EventPage, AppError> {
    let store = store()?;
    let event = store.event_by_slug(&slug).await?;
    if !event.published {
        let hosts: Vec<_> = event.details.hosts().collect();
        let viewer = manage::viewer_account();
        if !crate::domain::access::allowed(
            viewer.map(|a| a.actor()).as_ref(),
            crate::domain::access::Action::Edit,
            &hosts,
        ) {
            return Err(AppError::NotFound);
        }
    }
    let previous = store.previous_dates(event.id).await?;
    Ok(manage::EventPage { event, previous })
}
