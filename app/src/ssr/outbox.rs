//! The mail outbox as the store keeps it: a message is composed by the use case (through the mail
//! port) and written by the store in the same transaction as the change that causes it, so a
//! saved registration always has its mail queued; a sender task then claims due rows, sends them
//! and records the outcome (see [`crate::domain::outbox`] for the retry rules).

use chrono::{DateTime, Utc};

use super::error::StoreResult;
use crate::domain::outbox::{MailKind, MailProblem};
use crate::domain::registration::Registration;

/// Why a mail goes to a delegate about their registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailReason {
    /// They registered (a seat or the waitlist).
    Registered,
    /// They moved up from the waitlist.
    Promoted,
    /// Their registration was cancelled.
    Cancelled,
    /// The hosts approved their registration (a seat or the waitlist).
    Approved,
    /// The hosts declined their registration.
    Declined,
}

impl MailReason {
    /// The outbox's kind of mail for this reason.
    #[must_use]
    pub fn kind(self) -> MailKind {
        match self {
            Self::Registered => MailKind::Registered,
            Self::Promoted => MailKind::Promoted,
            Self::Cancelled => MailKind::Cancelled,
            Self::Approved => MailKind::Approved,
            Self::Declined => MailKind::Declined,
        }
    }
}

/// A message ready to queue: everything the sender needs, composed before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body (it may hold private links: erased once sent).
    pub body: String,
    /// An iCalendar attachment, if any.
    pub ics: Option<String>,
    /// The attachment's file name.
    pub ics_name: String,
    /// Why it was written.
    pub kind: MailKind,
    /// The event it is about (none for the links mail, which may cover several).
    pub event_id: Option<i64>,
    /// The one-click unsubscribe address (RFC 8058) of a digest: sent as `List-Unsubscribe`
    /// with `List-Unsubscribe-Post`; it holds a token, so it is erased with the body.
    pub list_unsubscribe: Option<String>,
}

/// A queued message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// Its row.
    pub id: i64,
    /// Attempts before this one.
    pub attempts: u32,
    /// The message.
    pub mail: OutgoingMail,
}

/// What a change of seats writes to its delegates, asked by the store inside the change's
/// transaction for each registration the change touched (the registration as it now stands);
/// `None` writes nothing.
pub type Letters<'a> =
    &'a (dyn Fn(MailReason, &Registration) -> Option<OutgoingMail> + Send + Sync);

/// A [`Letters`] that writes nothing (seed data, tests).
#[must_use]
pub fn no_letters(_: MailReason, _: &Registration) -> Option<OutgoingMail> {
    None
}

/// The outbox, implemented by both backends.
#[async_trait::async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues mail on its own (changes that write mail in their own transaction do it there).
    async fn queue_mail(&self, mail: &[OutgoingMail], now: DateTime<Utc>) -> StoreResult<()>;

    /// Makes every pending message due at `now` (a restart retries at once); returns how many
    /// were waiting.
    async fn retry_pending_now(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    /// Claims up to `limit` pending messages due at `now` and not claimed by anyone else, until
    /// `lease_until`: no other sender (in this process or another server) gets them before then.
    /// Oldest first.
    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<QueuedMail>>;

    /// Records that message `id` was sent: its body and attachment are erased, its metadata
    /// kept.
    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;

    /// Gives back messages `ids`, claimed until `lease_until` and neither sent nor failed (their
    /// sender stopped first): due again at once for any sender, attempts unchanged. A message
    /// claimed since by another sender (another lease) is left alone.
    async fn release_mail(&self, ids: &[i64], lease_until: DateTime<Utc>) -> StoreResult<()>;

    /// Records a failed attempt (the `attempts`-th): tried again at `retry_at`, or, when `None`,
    /// given up (its body and attachment then erased too).
    async fn mail_failed(
        &self,
        id: i64,
        attempts: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;

    /// The mail about event `event_id` that failed or waits to be tried again, newest first.
    async fn undelivered_mail(&self, event_id: i64) -> StoreResult<Vec<MailProblem>>;
}
