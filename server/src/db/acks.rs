//! The secretariat's acknowledgements of coordination conflicts.

use app::domain::coordination::Acknowledgement;
use app::ssr::{AuditActor, StoreError, StoreResult};
use chrono::{DateTime, Utc};

use super::map_err;
use super::sql_store::SqlStore;

/// A row of `conflict_acks`: key, substance, note, by whom, when (unix seconds).
type AckRow = (String, String, String, String, i64);

impl SqlStore {
    /// Records an acknowledgement, replacing an earlier one of the same conflict.
    pub(super) async fn acknowledge_conflict(
        &self,
        key: &str,
        substance: &str,
        note: &str,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "insert into conflict_acks (conflict_key, substance, note, account_id, by_email, \
             acknowledged_at) values ($1, $2, $3, $4, $5, $6) \
             on conflict (conflict_key) do update set substance = excluded.substance, \
             note = excluded.note, account_id = excluded.account_id, \
             by_email = excluded.by_email, acknowledged_at = excluded.acknowledged_at",
        )
        .bind(key)
        .bind(substance)
        .bind(note)
        .bind(by.account_id)
        .bind(&by.email)
        .bind(now.timestamp())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    /// Withdraws an acknowledgement; `NotFound` when there is none.
    pub(super) async fn unacknowledge_conflict(&self, key: &str) -> StoreResult<()> {
        let done = sqlx::query("delete from conflict_acks where conflict_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Every acknowledgement, by key.
    pub(super) async fn conflict_acks(&self) -> StoreResult<Vec<Acknowledgement>> {
        let rows: Vec<AckRow> = sqlx::query_as(
            "select conflict_key, substance, note, by_email, acknowledged_at from conflict_acks \
             order by conflict_key",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter()
            .map(|(key, substance, note, by, at)| {
                let at = DateTime::from_timestamp(at, 0).ok_or_else(|| {
                    StoreError::Other(anyhow::anyhow!("conflict_acks: bad time {at}"))
                })?;
                Ok(Acknowledgement {
                    key,
                    substance,
                    note,
                    by,
                    at,
                })
            })
            .collect()
    }
}
