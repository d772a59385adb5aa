//! Enlace's server: configuration, the two database backends, the calendar feeds and the axum
//! router that serves the Leptos app.

// Deeply nested view types exceed the default limit when components are not erased (release builds).
#![recursion_limit = "256"]

pub mod atom;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod digest;
pub mod export;
pub mod feed_cache;
#[cfg(any(test, fuzzing))]
pub mod fuzz;
pub mod holds;
pub mod housekeeping;
pub mod ical;
pub mod keys;
pub mod limits;
pub mod mail;
pub mod notify;
pub mod outbox;
pub mod redact;
pub mod retention;
pub mod routes;
pub mod startup;
pub mod state;
pub mod web;
