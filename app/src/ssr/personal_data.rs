//! The store's side of personal data: erasing registrations (in one transaction that holds the
//! event's lock, so it is safe beside sign-ups and on several servers at once), what is kept of
//! them (counts), and the reads the delegate's copy and the erasure by address need.

use chrono::{DateTime, NaiveDate, Utc};

use super::error::{AuditActor, StoreResult};
use crate::domain::personal_data::my_data::StoredTimes;
use crate::domain::personal_data::{ErasedCount, ErasureReason, RequestTotals};
use crate::domain::registration::Registration;

/// Which registrations of one event to erase, and how.
#[derive(Debug, Clone)]
pub struct Erasure<'a> {
    /// The event.
    pub event_id: i64,
    /// These registrations of it; `None` for all of them.
    pub ids: Option<&'a [i64]>,
    /// Cancel the live ones first and give their seats to whoever now fits (the event is not
    /// over); otherwise each is counted with the status it had.
    pub free_seats: bool,
    /// Why (the audit log's action; `Retention` also marks the event as erased).
    pub reason: ErasureReason,
    /// For a request, its totals over every event (for the audit log).
    pub request: Option<RequestTotals>,
    /// Who erased.
    pub by: &'a AuditActor,
}

/// What an erasure did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// What it erased, counted by delegation and status (empty when there was nothing left: the
    /// erasure ran already, here or on another server).
    pub counts: Vec<ErasedCount>,
    /// Those who moved up into the freed seats.
    pub promoted: Vec<Registration>,
}

impl Erased {
    /// How many registrations were erased.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.counts.iter().map(|c| c.count).sum()
    }
}

/// What is kept of an event's erased registrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// When the retention policy erased the event's personal data, if it did.
    pub retention_erased_at: Option<DateTime<Utc>>,
    /// Every erased registration of the event (by retention or on request), counted.
    pub counts: Vec<ErasedCount>,
}

/// Personal data in the store, implemented by both backends.
#[async_trait::async_trait]
pub trait PersonalDataStore: Send + Sync {
    /// The events that still hold registrations and whose last day is on or before `last_day`.
    async fn events_with_registrations_until(&self, last_day: NaiveDate) -> StoreResult<Vec<i64>>;

    /// Erases registrations: in one transaction that holds the event's lock, counts them by
    /// delegation and status into what is kept, deletes their rows, promotes whoever now fits
    /// when `free_seats`, and writes one audit line with the counts (none when nothing was left).
    async fn erase_registrations(
        &self,
        erasure: &Erasure<'_>,
        now: DateTime<Utc>,
        mail: super::outbox::Letters<'_>,
    ) -> StoreResult<Erased>;

    /// What is kept of an event's erased registrations.
    async fn kept_of_event(&self, event_id: i64) -> StoreResult<Kept>;

    /// Every registration (id and event) of an address, live or cancelled.
    async fn registrations_of_address(&self, email: &str) -> StoreResult<Vec<(i64, i64)>>;

    /// What the store keeps of a registration beside the domain's fields.
    async fn stored_times(&self, id: i64) -> StoreResult<StoredTimes>;

    /// Drops kept form input that mentions `email` (a refused registration form keeps what was
    /// typed for a while); returns how many.
    async fn forget_form_input_of(&self, email: &str) -> StoreResult<u64>;

    /// Makes erased data unreadable on disk where the database allows it from here: on SQLite,
    /// folds the write-ahead log into the file (deleted rows are zeroed) and empties it.
    async fn settle_erasure(&self) -> StoreResult<()>;
}
