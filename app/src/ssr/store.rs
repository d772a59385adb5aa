//! The one store interface of Enlace. SQLite and PostgreSQL implement it in the server crate; the
//! app only ever sees `Arc<dyn Store>`.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Event, EventDetails};

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken (the constraint's name says which).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Anything else (connection, corrupt data, ...).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which events to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventQuery {
    /// Events not yet over at `now`, soonest first.
    Upcoming {
        /// The present instant.
        now: DateTime<Utc>,
        /// At most this many.
        limit: u32,
    },
    /// Events over by `now`, most recent first.
    Past {
        /// The present instant.
        now: DateTime<Utc>,
        /// At most this many.
        limit: u32,
    },
    /// Events touching any local day from `first` to `last` (inclusive), by start.
    Days {
        /// First day.
        first: NaiveDate,
        /// Last day.
        last: NaiveDate,
    },
    /// Every event, by start.
    All,
}

/// The persistence interface.
#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers when the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Number of events stored.
    async fn count_events(&self) -> StoreResult<i64>;

    /// Lists events.
    async fn list_events(&self, query: EventQuery) -> StoreResult<Vec<Event>>;

    /// One event by its slug.
    async fn event_by_slug(&self, slug: &str) -> StoreResult<Event>;

    /// Stores a new event with the given slug and UID; `Conflict` if either is taken.
    async fn create_event(
        &self,
        slug: &str,
        uid: &str,
        details: &EventDetails,
        now: DateTime<Utc>,
    ) -> StoreResult<Event>;

    /// Records the one-time marker `key`; true if this call recorded it, false if it already was.
    async fn claim_once(&self, key: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// The time of the most recent change to any event, for feed caching.
    async fn last_change(&self) -> StoreResult<Option<DateTime<Utc>>>;
}

/// The shared handle to the store, as put in Leptos context and axum state.
pub type DynStore = Arc<dyn Store>;
