//! Server-only parts of the app: the store interface that both database backends implement.

pub mod coordination;
pub mod store;
pub mod tokens;

pub use store::{
    AuditActor, AuditEntry, EventQuery, EventUpdate, NewAccount, NewImported, Store, StoreError,
    StoreResult,
};
