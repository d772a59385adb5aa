//! The rights and checks of the outcome use cases, without a store.
