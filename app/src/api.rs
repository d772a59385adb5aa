//! Server functions: thin calls from pages to the store, with a typed error that crosses the wire.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::Event;
use crate::domain::calendar::Month;

pub mod coordination;
pub mod feeds;
pub mod import;
pub mod manage;
pub mod outcomes;
pub mod personal_data;
pub mod registrations;
pub mod session;

pub use crate::error::{AppError, set_status_for};

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

/// Loads one event by slug, with its earlier dates and, once published, its seats: three small
/// queries, however many registrations it has. Drafts are found only by their hosts and the
/// secretariat; for anyone else they do not exist.
#[server]
pub async fn get_event(slug: String) -> Result<manage::EventPage, AppError> {
    let deps = manage::deps()?;
    let viewer = manage::viewer_account();
    let event = crate::usecase::events::visible(&deps, viewer.as_ref(), &slug)
        .await
        .map_err(manage::refused)?;
    let store = &deps.store;
    let previous = store.previous_dates(event.id).await?;
    let seats = if event.published {
        let now = chrono::Utc::now();
        let (settings, counts) = store.seat_summary(event.id, now).await?;
        Some(registrations::seats(&event, &settings, counts, now))
    } else {
        None
    };
    Ok(manage::EventPage {
        event,
        previous,
        seats,
    })
}
