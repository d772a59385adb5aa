//! Server-only parts of the app: the store interface that both database backends implement.

pub mod error;
pub mod passwords;
pub mod personal_data;
pub mod registrations;
pub mod store;
pub mod tokens;

pub use personal_data::PersonalDataStore;
pub use registrations::{NewRegistration, RegistrationRecord, RegistrationStore};
pub use store::{
    AuditActor, AuditEntry, Conflict, EventQuery, EventUpdate, NewAccount, NewImported, Store,
    StoreError, StoreResult,
};
