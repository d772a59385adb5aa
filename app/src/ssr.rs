//! Server-only parts of the app: the store interface that both database backends implement.

pub mod error;
pub mod passwords;
pub mod registrations;
pub mod store;
pub mod tokens;

pub use registrations::{Admission, NewRegistration, RegistrationRecord, RegistrationStore};
pub use store::{
    AuditActor, AuditEntry, Conflict, EventQuery, EventUpdate, NewAccount, NewImported, Store,
    StoreError, StoreResult,
};
