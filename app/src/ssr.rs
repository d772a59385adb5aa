//! Server-only parts of the app: the store interface that both database backends implement.

pub mod error;
pub mod outbox;
pub mod passwords;
pub mod registrations;
pub mod store;
pub mod tokens;

pub use outbox::{Letters, MailReason, OutboxStore, OutgoingMail, QueuedMail};
pub use registrations::{NewRegistration, RegistrationRecord, RegistrationStore, Reissued};
pub use store::{
    AuditActor, AuditEntry, Conflict, EventQuery, EventUpdate, NewAccount, NewImported, Store,
    StoreError, StoreResult,
};
