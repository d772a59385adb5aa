//! The embedded SQLite backend: one file, WAL mode, foreign keys on.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::rows::Sql;

/// A store in a SQLite file.
pub struct SqliteStore {
    pool: SqlitePool,
    sql: Sql,
    locking: super::registrations::Locking,
    /// One writer of seats at a time in this process, so registrations queue here instead of
    /// spinning on SQLite's busy handler; other processes are still kept out by `BEGIN IMMEDIATE`.
    write_gate: Option<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` and applies `migrations/sqlite`.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        Ok(Self {
            pool,
            sql: Sql::new("group_concat(c.country, ',')"),
            locking: super::registrations::SQLITE_LOCKING,
            write_gate: Some(tokio::sync::Mutex::new(())),
        })
    }
}

super::impl_store!(SqliteStore);
super::impl_registration_store!(SqliteStore, sqlx::Sqlite);
