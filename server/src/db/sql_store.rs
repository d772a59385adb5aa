//! The store itself: its pool, dialect and statements, how it opens, and the few store-wide
//! questions (is the database there, the events' change counter, one-time markers).

use super::batch::{Gate, Member};
use app::domain::registration::RegistrationMode;
use app::ssr::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use sqlx::{Any, Transaction};

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
    /// One writer at a time in this process, the changes of seats in batches (SQLite only, see
    /// [`Dialect::gates_writers`]).
    write_gate: Option<Gate>,
    /// The registration mode new events start with (see [`SqlStore::with_new_event_mode`]).
    pub(super) new_event_mode: RegistrationMode,
}

/// A transaction that may change seats: on PostgreSQL its own; on SQLite this writer's part of
/// a batch behind the in-process write turn (see [`super::batch`]). Dropped without
/// [`commit`](Self::commit), its changes are undone.
pub(super) struct SeatsTx<'a> {
    /// The transaction, as a connection.
    pub tx: SeatsConn,
    _store: std::marker::PhantomData<&'a SqlStore>,
}

/// The connection of a [`SeatsTx`].
pub(super) enum SeatsConn {
    /// A transaction of its own (PostgreSQL).
    Own(Transaction<'static, Any>),
    /// A part of the open batch (SQLite).
    Batched(Member),
}

impl std::ops::Deref for SeatsConn {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &sqlx::AnyConnection {
        match self {
            SeatsConn::Own(tx) => tx,
            SeatsConn::Batched(member) => &member.batch.tx,
        }
    }
}

impl std::ops::DerefMut for SeatsConn {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        match self {
            SeatsConn::Own(tx) => tx,
            SeatsConn::Batched(member) => &mut member.batch.tx,
        }
    }
}

impl SeatsTx<'_> {
    /// Commits (on SQLite: once the batch this is part of is committed), then lets the next
    /// writer in.
    pub async fn commit(self) -> StoreResult<()> {
        match self.tx {
            SeatsConn::Own(tx) => tx.commit().await.map_err(map_err),
            SeatsConn::Batched(member) => member.finish().await,
        }
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
            write_gate: dialect.gates_writers().then(Gate::default),
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

    /// Opens a transaction that changes seats (or writes the mail outbox: every SQLite writer
    /// of this process that could meet sign-ups): on SQLite, a part of the batch behind the
    /// in-process write turn (`begin immediate`, see [`super::batch`]); on PostgreSQL, its own,
    /// with the dialect's [`begin_seats`](Dialect::begin_seats) statement.
    pub(super) async fn begin_seats(&self) -> StoreResult<SeatsTx<'_>> {
        let tx = match &self.write_gate {
            Some(gate) => SeatsConn::Batched(gate.begin(&self.pool).await?),
            None => SeatsConn::Own(
                self.pool
                    .begin_with(self.dialect.begin_seats())
                    .await
                    .map_err(map_err)?,
            ),
        };
        Ok(SeatsTx {
            tx,
            _store: std::marker::PhantomData,
        })
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
                ("pragma cache_size", -1024),
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
