//! From database errors to the store's: a missing row is `NotFound`, a broken uniqueness rule the
//! [`Conflict`] it stands for. PostgreSQL names the broken constraint; SQLite only says which
//! columns, so each rule is known by both. A database out of reach is `Unavailable`, a full disk
//! `DiskFull`: faults of the database, which pages answer with their own status (503, 507).

use app::ssr::{Conflict, StoreError};

/// Each uniqueness rule the code tells apart: its constraint or index name (as in the
/// migrations, which PostgreSQL reports), the columns SQLite's message names, and its conflict.
const UNIQUE_RULES: [(&str, &str, Conflict); 6] = [
    ("events_slug_key", "events.slug", Conflict::SlugTaken),
    ("events_uid_key", "events.uid", Conflict::UidTaken),
    (
        "events_import_uid_key",
        "events.import_uid",
        Conflict::ImportUidTaken,
    ),
    ("accounts_email_key", "accounts.email", Conflict::EmailTaken),
    (
        "registrations_live_email_key",
        "registrations.event_id, registrations.email",
        Conflict::AlreadyRegistered,
    ),
    (
        "registrations_submission_key",
        "registrations.submission_hash",
        Conflict::RepeatedSubmission,
    ),
];

/// Maps sqlx errors: missing rows to `NotFound`, unique violations to `Conflict`, a database out
/// of reach to `Unavailable`, a full disk to `DiskFull`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(unique_conflict(db.constraint(), db.message()))
        }
        e if is_disk_full(&e) => StoreError::DiskFull(e.into()),
        e if is_unavailable(&e) => StoreError::Unavailable(e.into()),
        other => StoreError::Other(other.into()),
    }
}

/// SQLite's primary result code `SQLITE_FULL` (the low byte of an extended code).
const SQLITE_FULL: i64 = 13;

/// PostgreSQL's `disk_full`.
const PG_DISK_FULL: &str = "53100";

/// Whether the database said its disk is full: SQLite's `SQLITE_FULL` (its codes are numbers)
/// or PostgreSQL's `disk_full` (its SQLSTATEs are five characters).
fn is_disk_full(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = e else {
        return false;
    };
    db.code().is_some_and(|code| {
        code == PG_DISK_FULL || code.parse::<i64>().is_ok_and(|n| n & 0xff == SQLITE_FULL)
    })
}

/// Whether the database could not be reached: no connection within the pool's wait (every
/// attempt refused or timed out), a connection's socket failing, or PostgreSQL saying it is
/// shutting down, starting, or not accepting connections (SQLSTATE class `08`, `57P01` to
/// `57P03`, `53300`).
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_sqlstate(&code)),
        _ => false,
    }
}

/// PostgreSQL's SQLSTATEs for a server out of reach: connection exceptions (class `08`),
/// `admin_shutdown`, `crash_shutdown`, `cannot_connect_now`, `too_many_connections`.
fn unavailable_sqlstate(code: &str) -> bool {
    code.len() == 5
        && (code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300"))
}

/// The conflict of a unique violation, from PostgreSQL's constraint name or SQLite's message
/// (`UNIQUE constraint failed: events.slug`).
fn unique_conflict(constraint: Option<&str>, message: &str) -> Conflict {
    let sqlite_columns = message.strip_prefix("UNIQUE constraint failed: ");
    for (name, columns, conflict) in UNIQUE_RULES {
        if constraint == Some(name) || sqlite_columns == Some(columns) {
            return conflict;
        }
    }
    Conflict::Duplicate(constraint.unwrap_or(message).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_of_the_database_have_their_own_kinds() {
        let io = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(is_unavailable(&sqlx::Error::Io(io())));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
        assert!(matches!(
            map_err(sqlx::Error::PoolTimedOut),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            map_err(sqlx::Error::Io(io())),
            StoreError::Unavailable(_)
        ));
        for code in ["08006", "08001", "57P01", "57P03", "53300"] {
            assert!(unavailable_sqlstate(code), "{code}");
        }
        for code in ["23505", "40001", "57014", "13", "08"] {
            assert!(!unavailable_sqlstate(code), "{code}");
        }
    }

    #[tokio::test]
    async fn sqlite_full_is_a_full_disk() {
        // A database limited to its current pages: the next page it needs fails as a full disk.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect("sqlite::memory:").await.unwrap();
        let mut conn = pool.acquire().await.unwrap();
        sqlx::query("create table t (x text)")
            .execute(&mut *conn)
            .await
            .unwrap();
        let pages: i64 = sqlx::query_scalar("pragma page_count")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "pragma max_page_count = {pages}"
        )))
        .execute(&mut *conn)
        .await
        .unwrap();
        let e = sqlx::query("insert into t values (zeroblob(100000))")
            .execute(&mut *conn)
            .await
            .unwrap_err();
        assert!(matches!(map_err(e), StoreError::DiskFull(_)));
    }

    #[test]
    fn both_databases_name_the_same_rules() {
        assert_eq!(
            unique_conflict(Some("events_import_uid_key"), "duplicate key value"),
            Conflict::ImportUidTaken
        );
        assert_eq!(
            unique_conflict(None, "UNIQUE constraint failed: events.import_uid"),
            Conflict::ImportUidTaken
        );
        assert_eq!(
            unique_conflict(
                None,
                "UNIQUE constraint failed: registrations.event_id, registrations.email"
            ),
            Conflict::AlreadyRegistered
        );
        assert_eq!(
            unique_conflict(Some("registrations_submission_key"), "duplicate"),
            Conflict::RepeatedSubmission
        );
        assert_eq!(
            unique_conflict(None, "UNIQUE constraint failed: sessions.token_hash"),
            Conflict::Duplicate("UNIQUE constraint failed: sessions.token_hash".into())
        );
    }
}
