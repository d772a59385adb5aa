//! The use cases of Enlace: every write and every authorization decision, in one place that both
//! the server's form handlers and the server functions call. Handlers parse a request into a
//! command, call one use case, and render its answer or its [`Refusal`]; nothing here knows HTTP.
//!
//! - [`access`]: the one `authorize(viewer, target, action)`.
//! - [`events`]: proposing an event and its lifecycle (edit, confirm, postpone, cancel, delete).
//! - [`coordination`]: the regional analysis, the date check before saving, acknowledgements.
//! - [`accounts`]: the secretariat's accounts and one-time password links; signing in and out.
//! - [`import`]: importing a calendar file: its batch, its preview, the chosen events.
//! - [`registrations`]: registering, the delegate's own changes, the hosts' settings.
//! - [`resend`]: mailing an address its links again, the same answer whether registered or not.
//! - [`outcomes`]: meeting records, their agreements and commitments, and following them up.
//! - [`personal_data`]: retention, a delegate's copy and deletion of their data, erasure by address.

pub mod access;
pub mod accounts;
pub mod coordination;
pub mod events;
pub mod import;
pub mod outcomes;
pub mod personal_data;
pub mod registrations;
pub mod resend;

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

pub use crate::ssr::outbox::MailReason;
use crate::ssr::outbox::OutgoingMail;

/// One live registration in the "send me my links again" mail, with its new manage token.
#[derive(Debug, Clone, Copy)]
pub struct MailedLink<'a> {
    /// Its event.
    pub event: &'a crate::domain::Event,
    /// The registration.
    pub registration: &'a crate::domain::registration::Registration,
    /// Its new manage token (its feed is generation 0 of it).
    pub manage_token: &'a str,
}

/// The mail port: use cases say what to tell whom and get the message back, composed; the store
/// queues it in the same transaction as the change it is about, and the server's sender delivers
/// it (SMTP or the log) with retries.
pub trait Mailer: Send + Sync {
    /// The message telling the delegate of `registration` about it, for `reason`. `manage` is the
    /// manage token and its feed generation, known only right after registering.
    fn registration_mail(
        &self,
        reason: MailReason,
        event: &crate::domain::Event,
        registration: &crate::domain::registration::Registration,
        manage: Option<(&str, i64)>,
    ) -> OutgoingMail;

    /// The message to `to`, in `lang`, listing each of their live registrations with its new
    /// manage link, and their merged personal feed (`person_feed_token`).
    fn links_mail(
        &self,
        lang: crate::domain::Lang,
        to: &str,
        links: &[MailedLink<'_>],
        person_feed_token: &str,
    ) -> OutgoingMail;

    /// Mail was just queued: the sender should look now rather than at its next round.
    fn queued(&self);
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
    /// Something failed inside (500; 503 when the database is unreachable, 507 when its disk is
    /// full: see [`StoreError::is_fault`]); the cause is logged by whoever answers.
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
            Refusal::Internal(StoreError::Unavailable(e)) => {
                leptos::logging::warn!("database unavailable: {e:#}");
                AppError::Unavailable
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
