//! The store's e-mail digest: subscriptions with their double opt-in and one-click unsubscribe
//! (only the SHA-256 of each token is kept, and the unsubscribe token sealed), the secretariat's
//! schedule, and mail queued once under a one-time key (the week's digest, each reminder), the
//! key and the mail in one transaction so that a retried job or a second server queues nothing
//! twice and a crash loses nothing half-written.

use chrono::{DateTime, Utc};

use super::error::StoreResult;
use super::outbox::OutgoingMail;
use crate::domain::digest::{DigestSchedule, Subscription};

/// A subscription waiting for its confirmation, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSubscription {
    /// What was asked for.
    pub subscription: Subscription,
    /// The SHA-256 of the confirmation link's token.
    pub confirm_hash: String,
    /// The SHA-256 of the unsubscribe link's token.
    pub unsubscribe_hash: String,
    /// That token, sealed (context: [`unsubscribe_context`] of its hash).
    pub unsubscribe_sealed: String,
}

/// The sealing context of an unsubscribe token whose hash is `hash`.
#[must_use]
pub fn unsubscribe_context(hash: &str) -> String {
    format!("digest-unsubscribe:{hash}")
}

/// A confirmed subscription, as the weekly job reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmedSubscription {
    /// Its row.
    pub id: i64,
    /// What it follows.
    pub subscription: Subscription,
    /// The SHA-256 of its unsubscribe token.
    pub unsubscribe_hash: String,
    /// Its unsubscribe token, sealed.
    pub unsubscribe_sealed: String,
}

/// The digest's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestSettings {
    /// When it goes out.
    pub schedule: DigestSchedule,
    /// Where the last digest stopped.
    pub last_until: Option<DateTime<Utc>>,
}

/// The digest, implemented by both backends.
#[async_trait::async_trait]
pub trait DigestStore: Send + Sync {
    /// Stores `pending` and queues its confirmation `mail`, in one transaction, unless the
    /// address already has [`MAX_PENDING_PER_ADDRESS`](crate::domain::digest::MAX_PENDING_PER_ADDRESS)
    /// unconfirmed subscriptions younger than `not_before` (then nothing is written). True if
    /// written.
    async fn add_subscription(
        &self,
        pending: &PendingSubscription,
        mail: &OutgoingMail,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Confirms the unconfirmed subscription whose confirmation token hashes to `confirm_hash`
    /// and was created at or after `not_before`; it replaces every other subscription of its
    /// address. False when there is none (a wrong, used or expired link).
    async fn confirm_subscription(
        &self,
        confirm_hash: &str,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Deletes the subscription whose unsubscribe token hashes to `unsubscribe_hash`; false
    /// when there is none.
    async fn unsubscribe(&self, unsubscribe_hash: &str) -> StoreResult<bool>;

    /// Every confirmed subscription, by id.
    async fn confirmed_subscriptions(&self) -> StoreResult<Vec<ConfirmedSubscription>>;

    /// Deletes the unconfirmed subscriptions created before `before`; how many went.
    async fn delete_unconfirmed(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    /// The schedule and where the last digest stopped.
    async fn digest_settings(&self) -> StoreResult<DigestSettings>;

    /// Sets the schedule.
    async fn save_digest_schedule(
        &self,
        schedule: DigestSchedule,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Records the one-time marker `key` and queues `mail`, in one transaction; when `until` is
    /// given, the last digest's end is set to it. Nothing is written and false returned when
    /// `key` already was recorded.
    async fn queue_once(
        &self,
        key: &str,
        mail: &[OutgoingMail],
        until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
