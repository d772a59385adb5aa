//! The two store backends and what they share: row mapping, SQL, and the `Store` implementation
//! written once as a macro over the pool type (no trait-bound soup, no `sqlx::Any`).

pub mod postgres;
pub mod registrations;
pub mod rows;
pub mod sqlite;
mod store_impl;

pub(crate) use registrations::impl_registration_store;
pub(crate) use store_impl::impl_store;

use std::sync::Arc;

use anyhow::Context;
use app::ssr::StoreError;
use app::ssr::store::DynStore;

use crate::config::Settings;

/// Opens the store named by the settings' `DATABASE_URL` and applies its migrations.
///
/// # Errors
/// When the database cannot be reached, created or migrated.
pub async fn connect(settings: &Settings) -> anyhow::Result<DynStore> {
    let url = settings.database_url.as_str();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(
            postgres::PgStore::connect(url)
                .await
                .context("opening PostgreSQL")?,
        ))
    } else if url.starts_with("sqlite:") {
        if let Some(dir) = settings.sqlite_dir().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok(Arc::new(
            sqlite::SqliteStore::connect(url)
                .await
                .context("opening SQLite")?,
        ))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
    }
}

/// Maps sqlx errors: missing rows to `NotFound`, unique violations to `Conflict`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
            db.constraint()
                .map_or_else(|| db.message().to_owned(), str::to_owned),
        ),
        other => StoreError::Other(other.into()),
    }
}
