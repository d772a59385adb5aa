//! What a store answers besides data: its errors, which rule a refused change broke, and who made
//! a change, as the audit log records it. Shared by every part of the store interface.

/// What can go wrong in a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row.
    #[error("not found")]
    NotFound,
    /// The change breaks a rule of the stored data; the [`Conflict`] says which.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// The database cannot be reached: PostgreSQL stopped or out of reach, no connection within
    /// the pool's wait, a connection lost mid-request. Nothing was saved; the same request may
    /// succeed in a moment, once the database is back (pages answer 503).
    #[error("the database is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// The database has no room left on its disk (SQLite's `SQLITE_FULL`, PostgreSQL's
    /// `disk_full`): the change was rolled back and nothing of it was saved (507).
    #[error("the database's disk is full: {0:#}")]
    DiskFull(anyhow::Error),
    /// Anything else (corrupt data, a failed statement, ...).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl StoreError {
    /// Whether this is a fault of the database itself ([`Unavailable`](Self::Unavailable) or
    /// [`DiskFull`](Self::DiskFull)) rather than of the request: the answer says so with its own
    /// status and page, and the request may be sent again unchanged later.
    #[must_use]
    pub fn is_fault(&self) -> bool {
        matches!(self, StoreError::Unavailable(_) | StoreError::DiskFull(_))
    }
}

/// Which rule a refused change broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    /// Another event has this slug.
    #[error("the slug is taken")]
    SlugTaken,
    /// Another event has this UID.
    #[error("the UID is taken")]
    UidTaken,
    /// An event was already imported from this source UID.
    #[error("the source UID was already imported")]
    ImportUidTaken,
    /// Another account has this e-mail.
    #[error("the e-mail has an account")]
    EmailTaken,
    /// The e-mail already has a live registration to the event.
    #[error("the e-mail is already registered")]
    AlreadyRegistered,
    /// This registration form was already sent.
    #[error("the form was already sent")]
    RepeatedSubmission,
    /// A published event cannot be deleted.
    #[error("the event is published")]
    Published,
    /// The record changed since the version the change was based on.
    #[error("the record changed meanwhile")]
    StaleVersion,
    /// The event does not take registrations (draft, cancelled or closed).
    #[error("registration is closed")]
    RegistrationClosed,
    /// No seat or delegation quota fits.
    #[error("no seat fits")]
    Full,
    /// The hold on a seat or waitlist place ran out before it was confirmed.
    #[error("the hold ran out")]
    HoldExpired,
    /// Another uniqueness rule, named by its constraint (or the database's message).
    #[error("duplicate: {0}")]
    Duplicate(String),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Who made a change, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    /// The account, when a person made it (none for demo data or the command line).
    pub account_id: Option<i64>,
    /// The account's email, or what made the change (`demo-data`, `command-line`).
    pub email: String,
}
