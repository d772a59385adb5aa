//! What differs between SQLite and PostgreSQL, in one place: how a URL is opened and set up,
//! which migrations run, how co-hosts are aggregated, and how a change of seats takes the event's
//! lock. Everything else is the same SQL on both.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, Connection};

use crate::config::DbTimeouts;

/// The schema of SQLite databases.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");

/// The schema of PostgreSQL databases.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// The per-connection settings of SQLite besides its [`SqliteSync`]: wait up to 10 s for another
/// writer, enforce foreign keys, and overwrite deleted content with zeros (erased personal data
/// must not linger in free space of the file).
const SQLITE_PRAGMAS: [&str; 4] = [
    "pragma busy_timeout = 10000",
    "pragma foreign_keys = on",
    "pragma secure_delete = on",
    // 1 MiB of page cache per connection (SQLite's default is 2 MiB), eight connections: the
    // operating system caches the file anyway, and the server's memory stays small.
    "pragma cache_size = -1024",
];

/// How long a request waits for a PostgreSQL connection: when the server is down every attempt
/// is refused or times out, and the page answers 503 after this wait rather than hanging.
pub const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// When SQLite syncs a commit to the disk. The server always runs [`SqliteSync::Full`];
/// [`SqliteSync::Normal`] exists only so the durability benchmark can measure what `full` costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteSync {
    /// `synchronous = full`: every commit's write-ahead log is fsynced before the commit returns,
    /// so a registration answered "saved" survives a power loss or an operating-system crash,
    /// not only the death of the process.
    Full,
    /// `synchronous = normal`: the log is fsynced at checkpoints only. A killed process loses
    /// nothing (the log is in the operating system's cache), but a power loss may lose the last
    /// commits, already answered "saved". Benchmarks only.
    Normal,
}

impl SqliteSync {
    /// Its pragma.
    #[must_use]
    pub fn pragma(self) -> &'static str {
        match self {
            Self::Full => "pragma synchronous = full",
            Self::Normal => "pragma synchronous = normal",
        }
    }
}

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// One embedded file, WAL mode.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Dialect {
    /// The dialect a `DATABASE_URL` names, if any.
    #[must_use]
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else {
            None
        }
    }

    /// The database's name, for messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }

    /// The URL to open: SQLite's file is created when missing (`mode=rwc`) unless the URL
    /// chooses another mode.
    #[must_use]
    pub fn connect_url(self, url: &str) -> String {
        match self {
            Self::Sqlite if !url.contains("mode=") => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            }
            _ => url.to_owned(),
        }
    }

    /// The pool: SQLite's connections get their pragmas as they open (`synchronous = full`),
    /// PostgreSQL's their time limits (`timeouts`), and a request waits at most
    /// [`PG_ACQUIRE_TIMEOUT`] for one.
    #[must_use]
    pub fn pool_options(self, timeouts: DbTimeouts) -> AnyPoolOptions {
        self.pool_options_with(timeouts, SqliteSync::Full)
    }

    /// [`pool_options`](Self::pool_options) with SQLite's `sync` (the benchmark's way to compare;
    /// the server always uses `Full`).
    #[must_use]
    pub fn pool_options_with(self, timeouts: DbTimeouts, sync: SqliteSync) -> AnyPoolOptions {
        match self {
            // A file's connection does not break between uses as a network's can: no test
            // query before each use (a round trip to the connection's thread per query).
            Self::Sqlite => AnyPoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .after_connect(move |conn, _meta| Box::pin(sqlite_pragmas(conn, sync)))
                .after_release(|conn, _meta| Box::pin(sqlite_reusable(conn))),
            Self::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(PG_ACQUIRE_TIMEOUT)
                .after_connect(move |conn, _meta| Box::pin(postgres_timeouts(conn, timeouts))),
        }
    }

    /// What runs once on a new pool, before the migrations: SQLite's write-ahead log, which the
    /// file keeps once set.
    #[must_use]
    pub fn setup(self) -> Option<&'static str> {
        match self {
            Self::Sqlite => Some("pragma journal_mode = wal"),
            Self::Postgres => None,
        }
    }

    /// The migrations of this dialect's schema (`migrations/sqlite` or `migrations/postgres`).
    #[must_use]
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Self::Sqlite => &SQLITE_MIGRATIONS,
            Self::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// The co-hosts of event `e` (from `event_cohosts c`) as one comma-separated text.
    #[must_use]
    pub fn cohost_list(self) -> &'static str {
        match self {
            Self::Sqlite => "group_concat(c.country, ',')",
            Self::Postgres => "string_agg(c.country, ',' order by c.country)",
        }
    }

    /// The statement that opens a change of seats. SQLite's `begin immediate` takes the
    /// database's write lock at once (a deferred transaction that reads and then writes fails
    /// when another writer got in between); PostgreSQL's plain `begin`, with the row lock below.
    #[must_use]
    pub fn begin_seats(self) -> &'static str {
        match self {
            Self::Sqlite => "begin immediate",
            Self::Postgres => "begin",
        }
    }

    /// What ends the read of the event that a change of seats locks: `for update` on PostgreSQL;
    /// nothing on SQLite, whose write lock already covers the whole database.
    #[must_use]
    pub fn lock_row(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres => " for update",
        }
    }

    /// What ends the read of the mail a sender claims: `for update skip locked` on PostgreSQL, so
    /// concurrent senders (other servers on the same database) pass over each other's rows
    /// instead of waiting for them; nothing on SQLite, where the claiming update holds the
    /// database's write lock anyway.
    #[must_use]
    pub fn skip_locked(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres => " for update skip locked",
        }
    }

    /// Whether changes of seats queue inside this process: on SQLite one writer at a time, so
    /// concurrent sign-ups wait here instead of spinning on the busy handler (other processes
    /// are still kept out by `begin immediate`).
    #[must_use]
    pub fn gates_writers(self) -> bool {
        self == Self::Sqlite
    }
}

async fn sqlite_pragmas(conn: &mut AnyConnection, sync: SqliteSync) -> Result<(), sqlx::Error> {
    for pragma in SQLITE_PRAGMAS.into_iter().chain([sync.pragma()]) {
        sqlx::query(pragma).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether a SQLite connection given back to the pool may serve again. A commit that failed for
/// a full disk (`SQLITE_FULL`) is rolled back by SQLite itself; sqlx then fails to roll it back
/// again and still counts a transaction open, so every later `begin` on that connection would
/// fail. Such a connection is closed instead (the pool opens a fresh one), after what was queued
/// on it (the rollback of a transaction dropped unfinished) has run. A connection with no
/// transaction open is reusable at once, with no round trip to its thread.
async fn sqlite_reusable(conn: &mut AnyConnection) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    conn.ping().await?;
    let reusable = !conn.is_in_transaction();
    if !reusable {
        tracing::warn!("a SQLite connection left in a failed transaction is closed");
    }
    Ok(reusable)
}

/// Sets PostgreSQL's time limits for the session of a new pooled connection: a statement that
/// runs too long, a lock waited for too long, or a transaction left idle too long is ended by the
/// server instead of holding a connection (and its locks) indefinitely.
async fn postgres_timeouts(conn: &mut AnyConnection, t: DbTimeouts) -> Result<(), sqlx::Error> {
    let ms = |d: Duration| d.as_millis().to_string();
    sqlx::query(
        "select set_config('statement_timeout', $1, false), \
         set_config('lock_timeout', $2, false), \
         set_config('idle_in_transaction_session_timeout', $3, false)",
    )
    .bind(ms(t.statement))
    .bind(ms(t.lock))
    .bind(ms(t.idle_in_transaction))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_dialect() {
        assert_eq!(
            Dialect::of_url("sqlite://data/enlace.db"),
            Some(Dialect::Sqlite)
        );
        assert_eq!(
            Dialect::of_url("postgresql://u@h/db"),
            Some(Dialect::Postgres)
        );
        assert_eq!(Dialect::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn sqlite_files_are_created_unless_a_mode_is_chosen() {
        let s = Dialect::Sqlite;
        assert_eq!(
            s.connect_url("sqlite://data/enlace.db"),
            "sqlite://data/enlace.db?mode=rwc"
        );
        assert_eq!(
            s.connect_url("sqlite://x.db?cache=shared"),
            "sqlite://x.db?cache=shared&mode=rwc"
        );
        assert_eq!(
            s.connect_url("sqlite://x.db?mode=ro"),
            "sqlite://x.db?mode=ro"
        );
        assert_eq!(
            Dialect::Postgres.connect_url("postgres://u@h/db"),
            "postgres://u@h/db"
        );
    }
}
