//! The store: one SQL implementation of `Store` and `RegistrationStore` over `sqlx::Any`, for
//! SQLite and PostgreSQL alike. Every instant is stored as unix seconds and every zone, date and
//! time as text, so the queries bind and read only integers and text; the few real differences
//! between the two databases are the [`Dialect`]'s.
//!
//! The implementation is split by aggregate: `events`, `accounts` (with sessions and password
//! links), `forms` (kept form input), `imports`, `acks` (conflict acknowledgements),
//! `registrations` (with `seats`, the locked changes of seats, `modes`, the registration modes'
//! own changes, and `links`, the private feeds and links mailed again), `outbox` (the mail
//! queue), `personal_data` (erasures and what they keep) and `secrets` (the site secret kept when
//! none is configured); `rows` and `registration_rows` read rows back into the domain,
//! `statements` holds the shared SQL.

mod accounts;
mod acks;
mod batch;
mod changes;
pub mod dialect;
mod errors;
mod events;
mod forms;
mod imports;
mod links;
mod modes;
mod outbox;
mod outcomes;
mod outcomes_rows;
mod outcomes_write;
mod personal_data;
mod registration_rows;
mod registrations;
mod rows;
mod seats;
mod secrets;
mod sign_in;
mod sql_store;
mod statements;
mod store;

pub use dialect::Dialect;
pub(crate) use errors::map_err;
pub use sql_store::SqlStore;

use std::sync::Arc;

use anyhow::Context;
use app::domain::registration::RegistrationMode;
use app::ssr::store::DynStore;

use crate::config::Settings;

/// Opens the store named by the settings' `DATABASE_URL` and applies its migrations. New events
/// start in confirm mode when mail is configured (`ENLACE_SMTP_URL`), else open.
///
/// # Errors
/// When the database cannot be reached, created or migrated.
pub async fn connect(settings: &Settings) -> anyhow::Result<DynStore> {
    Ok(open(settings).await?)
}

/// [`connect`], as the store itself (for what only the server asks of it: the site secret,
/// session settings).
///
/// # Errors
/// When the database cannot be reached, created or migrated.
pub async fn open(settings: &Settings) -> anyhow::Result<Arc<SqlStore>> {
    let url = settings.database_url.as_str();
    let dialect =
        Dialect::of_url(url).context("DATABASE_URL must start with sqlite:// or postgres://")?;
    if dialect == Dialect::Sqlite
        && let Some(dir) = settings.sqlite_dir().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let store = SqlStore::connect_with(url, dialect, settings.db_timeouts)
        .await
        .with_context(|| format!("opening {}", dialect.name()))?
        .with_new_event_mode(RegistrationMode::default_for(settings.smtp_url.is_some()));
    Ok(Arc::new(store))
}
