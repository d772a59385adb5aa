//! Server-only parts of the app: the store interface that both database backends implement, the
//! site secret and the keys derived from it, sealing, tokens and password hashing.

pub mod digest;
pub mod error;
pub mod outbox;
pub mod outcomes;
pub mod passwords;
pub mod personal_data;
pub mod registrations;
pub mod seal;
pub mod secret;
pub mod store;
pub mod tokens;

pub use outbox::{Letters, MailReason, OutboxStore, OutgoingMail, QueuedMail};
pub use outcomes::{
    CommitmentMeta, CommitmentRow, FollowUp, MeetingRef, OutcomeStore, StoredRecord,
};
pub use personal_data::PersonalDataStore;
pub use registrations::{
    Admission, NewRegistration, RegistrationRecord, RegistrationStore, Reissued,
};
pub use store::{
    AuditActor, AuditEntry, Conflict, EventQuery, EventUpdate, NewAccount, NewImported, Store,
    StoreError, StoreResult,
};
