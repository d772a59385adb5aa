//! The one store interface of Enlace. SQLite and PostgreSQL implement it in the server crate; the
//! app only ever sees `Arc<dyn Store>`.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::account::Account;
use crate::domain::coordination::Acknowledgement;
use crate::domain::lifecycle::Outcome;
use crate::domain::{Country, Event, EventDates, EventDetails};
use crate::ssr::outbox::Letters;

pub use super::error::{Conflict, StoreError, StoreResult};

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
    /// Events whose last local day is on or after `first`, by start (the feeds' window).
    Since {
        /// First day.
        first: NaiveDate,
    },
    /// Every event, by start.
    All,
}

pub use super::error::AuditActor;

/// What a public page depends on (see [`Store::page_stamp`]): equal stamps, equal pages (but
/// for the time of day, which a cache bounds by age).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageStamp {
    /// The events' change counter.
    pub events: i64,
    /// For an event's page, when it exists: its registration settings, its seats, and the end
    /// of its next hold (when its seats change by time alone), in unix seconds.
    pub event: Option<(
        crate::domain::registration::RegistrationSettings,
        crate::domain::registration::SeatCounts,
        Option<i64>,
    )>,
}
pub use crate::domain::lifecycle::AuditEntry;

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Normalised email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: crate::domain::access::Role,
    /// Argon2id PHC string, or none until set through a one-time link.
    pub password_hash: Option<String>,
}

/// An event change to store, already checked by the domain.
#[derive(Debug, Clone)]
pub struct EventUpdate<'a> {
    /// The version the change was based on; a different stored version means a conflict.
    pub expected_version: i64,
    /// The domain's outcome.
    pub outcome: &'a Outcome,
    /// The audit log's name for the change.
    pub action: &'a str,
    /// The cancellation reason, for a cancellation.
    pub cancel_reason: Option<&'a str>,
    /// Publish a draft.
    pub publish: bool,
}

/// One event of an ICS import, checked by the domain and ready to store.
#[derive(Debug, Clone)]
pub struct NewImported {
    /// Its free slug.
    pub slug: String,
    /// Its own new UID (feeds use it).
    pub uid: String,
    /// What the file said, for the host chosen in the preview.
    pub details: EventDetails,
    /// The UID it had in its source calendar; unique among events, so a file imported twice
    /// adds nothing the second time.
    pub import_uid: String,
}

/// The persistence interface.
#[async_trait::async_trait]
pub trait Store:
    super::registrations::RegistrationStore
    + super::personal_data::PersonalDataStore
    + super::outbox::OutboxStore
    + super::outcomes::OutcomeStore
    + super::digest::DigestStore
    + Send
    + Sync
    + 'static
{
    /// Answers when the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Number of events stored.
    async fn count_events(&self) -> StoreResult<i64>;

    /// Lists events.
    async fn list_events(&self, query: EventQuery) -> StoreResult<Vec<Event>>;

    /// One event by its slug.
    async fn event_by_slug(&self, slug: &str) -> StoreResult<Event>;

    /// Stores a new event with the given slug and UID; `Conflict::SlugTaken` or
    /// `Conflict::UidTaken` if either is taken.
    async fn create_event(
        &self,
        slug: &str,
        uid: &str,
        details: &EventDetails,
        now: DateTime<Utc>,
    ) -> StoreResult<Event> {
        let by = AuditActor {
            account_id: None,
            email: "demo-data".into(),
        };
        self.create_event_by(slug, uid, details, true, &by, now)
            .await
    }

    /// Stores a new event (a draft unless `published`), recording who created it.
    async fn create_event_by(
        &self,
        slug: &str,
        uid: &str,
        details: &EventDetails,
        published: bool,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<Event>;

    /// Applies a checked change if the event is still at `expected_version`
    /// (`Conflict::StaleVersion` if not),
    /// keeping the previous dates and writing the audit log, in one transaction, which also holds
    /// the event's seat lock and moves up whoever now fits from the waitlist (a larger capacity,
    /// say), with each promoted person's mail from `mail`.
    async fn update_event(
        &self,
        id: i64,
        update: EventUpdate<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Event>;

    /// Deletes a draft at `expected_version`; `Conflict::Published` if it was published,
    /// `Conflict::StaleVersion` if it changed since.
    async fn delete_draft(
        &self,
        id: i64,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The dates an event had before it was moved, newest first.
    async fn previous_dates(&self, event_id: i64) -> StoreResult<Vec<(EventDates, DateTime<Utc>)>>;

    /// An event's audit log, newest first.
    async fn audit_log(&self, event_id: i64) -> StoreResult<Vec<AuditEntry>>;

    /// Every event including drafts, for hosts' dashboards: those `country` hosts or co-hosts, or
    /// all when `None`.
    async fn events_for_hosts(&self, country: Option<Country>) -> StoreResult<Vec<Event>>;

    /// Creates an account; `Conflict::EmailTaken` if the email is taken.
    async fn create_account(&self, new: &NewAccount, now: DateTime<Utc>) -> StoreResult<Account>;

    /// An account and its password hash, by normalised email.
    async fn account_by_email(&self, email: &str) -> StoreResult<(Account, Option<String>)>;

    /// An account by id.
    async fn account_by_id(&self, id: i64) -> StoreResult<Account>;

    /// Every account, secretariat first.
    async fn list_accounts(&self) -> StoreResult<Vec<Account>>;

    /// Disables or re-enables an account; disabling ends its sessions.
    async fn set_account_disabled(&self, id: i64, disabled: bool) -> StoreResult<()>;

    /// Sets an account's password hash.
    async fn set_password_hash(&self, id: i64, hash: &str) -> StoreResult<()>;

    /// Stores a session (by the hash of its token) until `expires`.
    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The account of a live session; `NotFound` when missing or expired.
    async fn session_account(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Account>;

    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// Stores a one-time password link (by the hash of its token) until `expires`, revoking the
    /// account's earlier links in the same transaction.
    async fn create_password_link(
        &self,
        token_hash: &str,
        account_id: i64,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The account of a live password link, without using it up; `NotFound` otherwise.
    async fn password_link_account(&self, token_hash: &str, now: DateTime<Utc>)
    -> StoreResult<i64>;

    /// Uses up a password link and sets the password, in one transaction that also revokes the
    /// account's other links and ends every session of it; `NotFound` if the link is missing,
    /// expired or already used. Returns the account's id.
    async fn use_password_link(
        &self,
        token_hash: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64>;

    /// Until when sign-in is locked for the address whose key is `key_hash`, if it is at `now`.
    async fn sign_in_locked_until(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>>;

    /// Records a failed sign-in for `key_hash` and returns how many failed since its window
    /// opened (a first failure, or one after the window closed, opens a new window ending at
    /// `window_ends`). Expired records are removed first.
    async fn record_sign_in_failure(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
        window_ends: DateTime<Utc>,
    ) -> StoreResult<i64>;

    /// Locks sign-in for `key_hash` until `until`, its count of failures starting again after.
    async fn lock_sign_in(&self, key_hash: &str, until: DateTime<Utc>) -> StoreResult<()>;

    /// Forgets the failed sign-ins and the lock of `key_hash` (a sign-in or a new password).
    async fn clear_sign_in_failures(&self, key_hash: &str) -> StoreResult<()>;

    /// Keeps a form's input (JSON) under `id` until `expires`.
    async fn save_form_draft(
        &self,
        id: &str,
        body: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Takes back a kept form input, removing it.
    async fn take_form_draft(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<String>>;

    /// Reads a kept form input without removing it (the import preview reads its batch more
    /// than once); `None` when missing or expired.
    async fn peek_form_draft(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<String>>;

    /// Deletes the kept form input and the sessions that expired by `now` (the periodic clean-up;
    /// saving never scans for them). Returns how many rows went.
    async fn delete_expired(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    /// Which of `uids` are already the source UID (`import_uid`) of an imported event.
    async fn imported_uids(&self, uids: &[String]) -> StoreResult<Vec<String>>;

    /// Stores imported events (drafts unless `published`) in one transaction, recording each in
    /// the audit log as an import; all or nothing: `Conflict::ImportUidTaken` (or `SlugTaken`,
    /// `UidTaken`) when a source UID, slug or UID is already taken. Returns how many were stored.
    async fn import_events(
        &self,
        events: &[NewImported],
        published: bool,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<usize>;

    /// Records the one-time marker `key`; true if this call recorded it, false if it already was.
    async fn claim_once(&self, key: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    /// A number that every change to events increases, in the change's own transaction: rendered
    /// feeds are cached under it, so they are rendered once per change, not once per request.
    async fn events_version(&self) -> StoreResult<i64>;

    /// What a public page depends on at `now`, read in one query: the events' change counter
    /// and, for an event's page (`slug`), its registration settings, its seats and the end of
    /// its next hold. A page rendered under an equal stamp is still right.
    async fn page_stamp(&self, slug: Option<&str>, now: DateTime<Utc>) -> StoreResult<PageStamp>;

    /// Records the secretariat's acknowledgement of the conflict `key` (with its current
    /// `substance` and a note), replacing an earlier one of the same conflict.
    async fn acknowledge_conflict(
        &self,
        key: &str,
        substance: &str,
        note: &str,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Withdraws the acknowledgement of the conflict `key`; `NotFound` when there is none.
    async fn unacknowledge_conflict(&self, key: &str) -> StoreResult<()>;

    /// Every acknowledgement of a conflict, by key.
    async fn conflict_acks(&self) -> StoreResult<Vec<Acknowledgement>>;
}

/// The shared handle to the store, as put in Leptos context and axum state.
pub type DynStore = Arc<dyn Store>;
