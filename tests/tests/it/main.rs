//! End-to-end tests: the real `enlace` binary on a loopback port, on a temporary SQLite file and on
//! a real PostgreSQL database, read by real calendar parsers and a real browser.
//!
//! Every story runs once per backend. PostgreSQL comes from `TEST_DATABASE_URL` (the README's test
//! command starts a server and sets it); without it the PostgreSQL tests fail rather than pass empty.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

mod helpers;
mod people;

mod browser;
mod coordination;
mod feeds;
mod health;
mod hosts;
mod import;
mod pages;
mod registrations;
mod store;

/// Generates `sqlite` and `postgres` test modules calling each story with its backend.
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    super::$story($crate::helpers::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    super::$story($crate::helpers::Backend::Postgres).await;
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;
