//! The store itself: its pool, dialect and statements, how it opens, and the few store-wide
//! questions (is the database there, the events' change counter, one-time markers).

use app::domain::registration::RegistrationMode;
use app::ssr::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use sqlx::{Any, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use super::dialect::{Dialect, SqliteSync};
use super::map_err;
use super::statements::Sql;
use crate::config::DbTimeouts;

/// Enlace's store in a SQLite file or a PostgreSQL database.
#[derive(Debug)]
pub struct SqlStore {
    pub(super) pool: AnyPool,
    pub(super) dialect: Dialect,
    pub(super) sql: Sql,
    /// One writer of seats at a time in this process (SQLite only, see
    /// [`Dialect::gates_writers`]).
    write_gate: Option<Mutex<()>>,
    /// The registration mode new events start with (see [`SqlStore::with_new_event_mode`]).
    pub(super) new_event_mode: RegistrationMode,
}

/// A transaction that may change seats, with the in-process write gate it holds (if any): the
/// gate is released when this is dropped, after the transaction ended.
pub(super) struct SeatsTx<'a> {
    /// The open transaction.
    pub tx: Transaction<'static, Any>,
    _gate: Option<MutexGuard<'a, ()>>,
}

impl SeatsTx<'_> {
    /// Commits, then lets the next writer in.
    pub async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await.map_err(map_err)
    }
}

impl SqlStore {
    /// Opens the database at `url` (creating a missing SQLite file), sets it up and applies the
    /// dialect's migrations.
    ///
    /// # Errors
    /// When the database cannot be reached, opened or migrated.
    pub async fn connect(url: &str, dialect: Dialect) -> Result<Self, sqlx::Error> {
        Self::connect_with(url, dialect, DbTimeouts::default()).await
    }

    /// [`connect`](Self::connect), with PostgreSQL's time limits `timeouts` on every connection.
    ///
    /// # Errors
    /// When the database cannot be reached, opened or migrated.
    pub async fn connect_with(
        url: &str,
        dialect: Dialect,
        timeouts: DbTimeouts,
    ) -> Result<Self, sqlx::Error> {
        Self::open_pool(url, dialect, dialect.pool_options(timeouts)).await
    }

    /// Opens a SQLite file at `url` with `sync` instead of the server's `synchronous = full`:
    /// for the durability benchmark only, which compares the two. Nothing in the server calls
    /// it, and no setting reaches it.
    ///
    /// # Errors
    /// When the file cannot be opened or migrated.
    #[doc(hidden)]
    pub async fn connect_sqlite_for_benchmark(
        url: &str,
        sync: SqliteSync,
    ) -> Result<Self, sqlx::Error> {
        let dialect = Dialect::Sqlite;
        let options = dialect.pool_options_with(DbTimeouts::default(), sync);
        Self::open_pool(url, dialect, options).await
    }

    async fn open_pool(
        url: &str,
        dialect: Dialect,
        options: sqlx::any::AnyPoolOptions,
    ) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let pool = options.connect(&dialect.connect_url(url)).await?;
        if let Some(setup) = dialect.setup() {
            sqlx::query(setup).execute(&pool).await?;
        }
        dialect.migrator().run(&pool).await?;
        Ok(Self {
            pool,
            dialect,
            sql: Sql::new(dialect),
            write_gate: dialect.gates_writers().then(|| Mutex::new(())),
            new_event_mode: RegistrationMode::Open,
        })
    }

    /// Sets the registration mode new events (created or imported) start with; open unless set.
    #[must_use]
    pub fn with_new_event_mode(mut self, mode: RegistrationMode) -> Self {
        self.new_event_mode = mode;
        self
    }

    /// Opens a plain transaction.
    pub(super) async fn begin(&self) -> StoreResult<Transaction<'static, Any>> {
        self.pool.begin().await.map_err(map_err)
    }

    /// Waits for this process's turn to write. On SQLite one writer at a time: concurrent
    /// writers (sign-ups, the mail outbox marking what it sent) queue here, in order, instead of
    /// meeting on SQLite's busy handler, whose sleeps grow to 100 ms; on PostgreSQL no wait.
    pub(super) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.write_gate {
            Some(gate) => Some(gate.lock().await),
            None => None,
        }
    }

    /// Opens a transaction that changes seats: after the in-process gate, with the dialect's
    /// [`begin_seats`](Dialect::begin_seats) statement.
    pub(super) async fn begin_seats(&self) -> StoreResult<SeatsTx<'_>> {
        let gate = self.write_turn().await;
        let tx = self
            .pool
            .begin_with(self.dialect.begin_seats())
            .await
            .map_err(map_err)?;
        Ok(SeatsTx { tx, _gate: gate })
    }

    /// Answers when the database answers.
    pub(super) async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    /// The events' change counter.
    pub(super) async fn events_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar("select n from change_counters where name = 'events'")
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }

    /// Records the one-time marker `key`; true if this call recorded it.
    pub(super) async fn claim_once(&self, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "insert into app_meta (key, value) values ($1, $2) on conflict (key) do nothing",
        )
        .bind(key)
        .bind(now.to_rfc3339())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(done.rows_affected() == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_sqlite_file_is_created_in_wal_mode_with_its_pragmas() {
        let dir = std::env::temp_dir().join(format!("enlace-store-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/new.db", dir.display());
        let store = SqlStore::connect(&url, Dialect::Sqlite).await.unwrap();
        // Every connection of the pool gets them, not only the first: three held at once.
        let mut conns = Vec::new();
        for _ in 0..3 {
            conns.push(store.pool.acquire().await.unwrap());
        }
        for conn in &mut conns {
            let mode: String = sqlx::query_scalar("pragma journal_mode")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
            for (pragma, expected) in [
                ("pragma foreign_keys", 1),
                // full: every commit is fsynced before it returns (2; normal is 1).
                ("pragma synchronous", 2),
                ("pragma busy_timeout", 10_000),
                ("pragma secure_delete", 1),
            ] {
                let value: i64 = sqlx::query_scalar(pragma)
                    .fetch_one(&mut **conn)
                    .await
                    .unwrap();
                assert_eq!(value, expected, "{pragma}");
            }
        }
        drop(conns);
        assert_eq!(store.events_version().await.unwrap(), 0, "migrated");
        store.pool.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }
}
