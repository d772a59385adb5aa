//! Failed sign-ins per address and the lockout they lead to, kept in the database so that every
//! instance and every restart sees them. Addresses are keyed by a hash (the use case's), the same
//! way whether or not an account has them.

use app::ssr::StoreResult;
use chrono::{DateTime, Utc};

use super::map_err;
use super::sql_store::SqlStore;

impl SqlStore {
    /// Until when sign-in is locked for `key_hash`, if it still is at `now`.
    pub(super) async fn sign_in_locked_until(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        let until: Option<i64> = sqlx::query_scalar(
            "select locked_until from sign_in_failures \
             where key_hash = $1 and locked_until is not null and locked_until > $2",
        )
        .bind(key_hash)
        .bind(now.timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(until.and_then(|t| DateTime::from_timestamp(t, 0)))
    }

    /// Records one failure and returns the failures of the open window; expired rows (closed
    /// windows, ended locks) go first, through their index.
    pub(super) async fn record_sign_in_failure(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
        window_ends: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        sqlx::query("delete from sign_in_failures where expires_at <= $1")
            .bind(now.timestamp())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        let failures: i64 = sqlx::query_scalar(
            "insert into sign_in_failures (key_hash, failures, locked_until, expires_at) \
             values ($1, 1, null, $2) \
             on conflict (key_hash) do update set failures = sign_in_failures.failures + 1 \
             returning failures",
        )
        .bind(key_hash)
        .bind(window_ends.timestamp())
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        Ok(failures)
    }

    /// Locks `key_hash` until `until`; the row then lives as long as the lock.
    pub(super) async fn lock_sign_in(
        &self,
        key_hash: &str,
        until: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "update sign_in_failures set failures = 0, locked_until = $2, expires_at = $2 \
             where key_hash = $1",
        )
        .bind(key_hash)
        .bind(until.timestamp())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    /// Forgets `key_hash`'s failures and lock.
    pub(super) async fn clear_sign_in_failures(&self, key_hash: &str) -> StoreResult<()> {
        sqlx::query("delete from sign_in_failures where key_hash = $1")
            .bind(key_hash)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }
}
