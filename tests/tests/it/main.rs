//! End-to-end tests: the real `enlace` binary on a loopback port, on a temporary SQLite file and on
//! a real PostgreSQL database, read by real calendar parsers and a real browser.
//!
//! Every story runs on SQLite; the stories whose behaviour depends on the database (the store
//! contract, concurrent sign-ups and seats, feeds: see `on_both_backends!`) on PostgreSQL too.
//! PostgreSQL comes from `TEST_DATABASE_URL` (the README's test command starts a server and sets
//! it); without it the PostgreSQL tests fail rather than pass empty. The binary and the site must
//! be newer than their sources (`fresh`).

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

mod fresh;
mod helpers;
mod people;

mod a11y;
mod access;
mod assets;
mod backup;
mod browser;
mod coordination;
mod crash;
mod data;
mod digest;
mod edits;
mod feeds;
mod health;
mod hosts;
mod http;
mod import;
mod instances;
mod limits;
mod load;
mod modes;
mod outage;
mod outbox;
mod outcomes_feeds;
mod outcomes_pages;
mod outcomes_store;
mod page_cache;
mod pages;
mod registrations;
mod shutdown;
mod store;

/// Generates the `sqlite` and `postgres` test modules: every story runs on SQLite, and the ones
/// listed under `both` on PostgreSQL too.
macro_rules! on_backends {
    (both: [$($both:ident),* $(,)?], sqlite_only: [$($lite:ident),* $(,)?] $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $both() {
                    super::$both($crate::helpers::Backend::Sqlite).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $lite() {
                    super::$lite($crate::helpers::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $both() {
                    super::$both($crate::helpers::Backend::Postgres).await;
                }
            )*
        }
    };
}
pub(crate) use on_backends;

/// Stories whose behaviour depends on the database (the store contract, concurrency, seats,
/// feeds): once per backend.
macro_rules! on_both_backends {
    ($($story:ident),* $(,)?) => {
        $crate::on_backends!(both: [$($story),*], sqlite_only: []);
    };
}
pub(crate) use on_both_backends;

/// Stories about pages, forms, rights and files, whose behaviour does not depend on the database:
/// on SQLite only (PostgreSQL runs the same SQL in the stories on both backends).
macro_rules! on_sqlite_only {
    ($($story:ident),* $(,)?) => {
        $crate::on_backends!(both: [], sqlite_only: [$($story),*]);
    };
}
pub(crate) use on_sqlite_only;
