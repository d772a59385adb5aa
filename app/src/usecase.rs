//! The use cases of Enlace: every write and every authorization decision, in one place that both
//! the server's form handlers and the server functions call. Handlers parse a request into a
//! command, call one use case, and render its answer or its [`Refusal`]; nothing here knows HTTP.
//!
//! - [`access`]: the one `authorize(viewer, target, action)`.
//! - [`events`]: proposing an event and its lifecycle (edit, confirm, postpone, cancel, delete).
//! - [`coordination`]: the regional analysis, the date check before saving, acknowledgements.
//! - [`accounts`]: the secretariat's accounts and one-time password links; signing in and out.
//! - [`import`]: importing a calendar file: its batch, its preview, the chosen events.
//! - [`personal_data`]: retention, a delegate's copy and deletion of their data, erasure by address.

pub mod access;
pub mod accounts;
pub mod coordination;
pub mod events;
pub mod import;
pub mod personal_data;
pub mod registrations;

use std::sync::Arc;

use crate::domain::account::Account;
use crate::domain::coordination::DateCheck;
use crate::flash::FlashError;
use crate::msg::Msg;
use crate::ssr::store::DynStore;
use crate::ssr::{AuditActor, StoreError};

pub use access::{Target, authorize};

/// What the use cases need from the outside world.
#[derive(Clone)]
pub struct Deps {
    /// The store, SQLite or PostgreSQL.
    pub store: DynStore,
    /// Where mail to delegates goes.
    pub mail: Arc<dyn Mailer>,
    /// Seals what the server keeps and reads back (keyed by the site secret).
    pub sealer: crate::ssr::seal::Sealer,
    /// How this server takes registrations.
    pub registration: RegistrationPolicy,
}

/// How this server takes registrations (from its settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationPolicy {
    /// How long a place is held in confirm mode (`ENLACE_HOLD_HOURS`, 24 h by default).
    pub hold: chrono::Duration,
    /// Whether mail reaches delegates (`ENLACE_SMTP_URL` set): confirm mode needs it.
    pub mail_configured: bool,
}

/// Why a mail goes to a delegate.
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

/// The mail port: the server sends (or logs) mail; use cases only say what to tell whom.
pub trait Mailer: Send + Sync {
    /// Tells the delegate of `registration` about it, for `reason`. `manage` is the manage token
    /// and its feed generation, known only right after registering. Never fails the caller:
    /// delivery problems are the mailer's to log.
    fn registration_mail(
        &self,
        reason: MailReason,
        event: &crate::domain::Event,
        registration: &crate::domain::registration::Registration,
        manage: Option<(&str, i64)>,
    );
}

/// Why a use case did not do what was asked. Handlers turn each into an answer: a page with a
/// status, or the form again with the input kept.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Nothing there (404), or nothing this viewer may know of.
    #[error("not found")]
    NotFound,
    /// Not signed in: sign in first (the input is kept).
    #[error("sign-in required")]
    SignInRequired,
    /// Signed in, but not allowed (403).
    #[error("forbidden")]
    Forbidden,
    /// The input is invalid: the form again with these errors.
    #[error("invalid input")]
    Invalid(Vec<FlashError>),
    /// The new dates conflict with other events: the form again, with a "save anyway" choice.
    #[error("the dates conflict with other events")]
    DatesConflict(Box<DateCheck>),
    /// Refused for a reason the person can act on: the form again with this message.
    #[error("refused: {0:?}")]
    Rejected(Msg),
    /// Refused with a page of its own (409).
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    /// The request itself is malformed (400).
    #[error("bad request: {0:?}")]
    BadRequest(Msg),
    /// Something failed inside (500); the cause is logged by whoever answers.
    #[error(transparent)]
    Internal(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Refusal::NotFound,
            other => Refusal::Internal(other),
        }
    }
}

impl From<Refusal> for crate::error::AppError {
    fn from(r: Refusal) -> Self {
        use crate::error::AppError;
        match r {
            Refusal::NotFound => AppError::NotFound,
            Refusal::SignInRequired => AppError::Unauthenticated,
            Refusal::Forbidden => AppError::Forbidden,
            Refusal::Invalid(_) | Refusal::BadRequest(_) => AppError::BadRequest,
            Refusal::DatesConflict(_) | Refusal::Rejected(_) | Refusal::Conflict(_) => {
                AppError::BadRequest
            }
            Refusal::Internal(e) => {
                leptos::logging::error!("store error: {e:#}");
                AppError::Internal
            }
        }
    }
}

/// The result of a use case.
pub type Outcome<T> = Result<T, Refusal>;

/// Who the audit log says made a change.
#[must_use]
pub fn audit_actor(account: &Account) -> AuditActor {
    AuditActor {
        account_id: Some(account.id),
        email: account.email.clone(),
    }
}
