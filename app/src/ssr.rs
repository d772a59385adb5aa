//! Server-only parts of the app: the store interface that both database backends implement.

pub mod store;

pub use store::{EventQuery, Store, StoreError, StoreResult};
