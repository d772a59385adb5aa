//! Enlace's web app: the pure domain, the Leptos pages and components, and the server functions.
//! Compiled with `ssr` into the server and with `hydrate` into the browser's WebAssembly.

// Deeply nested view types exceed the default limit when components are not erased (release builds).
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod assets;
#[cfg(feature = "hydrate")]
pub mod browser;
pub mod components;
pub mod domain;
pub mod error;
pub mod flash;
#[cfg(any(test, fuzzing))]
pub mod fuzz;
#[cfg(test)]
mod i18n_keys;
pub mod msg;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod usecase;
pub mod viewer;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
