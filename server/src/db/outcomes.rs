//! `OutcomeStore` for [`SqlStore`]: meeting records, agreements, commitments, and the change log
//! (in `changes`). Every write is one transaction with its audit line (event: the meeting's), the
//! change-log entries it was given and a bump of the `outcomes` counter; versions (a record's
//! `version`, a commitment's `sequence`) are checked in the write's `where`.

use app::domain::Country;
use app::domain::changes::{ChangeEntry, NewChange};
use app::domain::outcomes::{Agreement, Commitment, MeetingRecord};
use app::ssr::{
    AuditActor, CommitmentMeta, CommitmentRow, Conflict, FollowUp, OutcomeStore, StoreError,
    StoreResult, StoredRecord,
};
use chrono::{DateTime, Utc};

use super::changes::insert_changes;
use super::map_err;
use super::outcomes_rows::{Scope, commitment_rows, load_record};
use super::outcomes_write as w;
use super::sql_store::SqlStore;

fn stale() -> StoreError {
    StoreError::Conflict(Conflict::StaleVersion)
}

impl SqlStore {
    /// The stored commitment `id`'s identity after a write.
    async fn commitment_meta(&self, id: i64) -> StoreResult<CommitmentMeta> {
        Ok(OutcomeStore::commitment(self, id).await?.meta)
    }

    /// A stale `id` is `StaleVersion` when it still exists, `NotFound` when it is gone.
    async fn stale_or_gone(&self, conn: &mut sqlx::AnyConnection, id: i64) -> StoreError {
        match w::commitment_owner(conn, id).await {
            Ok(_) => stale(),
            Err(e) => e,
        }
    }
}

#[async_trait::async_trait]
impl OutcomeStore for SqlStore {
    async fn record(&self, event_id: i64) -> StoreResult<Option<StoredRecord>> {
        load_record(&self.pool, event_id).await
    }

    async fn save_record_header(
        &self,
        record: &MeetingRecord,
        expected_version: Option<i64>,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord> {
        let mut tx = self.begin().await?;
        let slug = w::event_slug(&mut tx, record.event_id).await?;
        let (written, action) = match expected_version {
            None => (
                w::insert_header(&mut tx, record, now).await?,
                "record_created",
            ),
            Some(v) => (
                w::update_header(&mut tx, record, v, now).await?,
                "record_saved",
            ),
        };
        if !written {
            return Err(stale());
        }
        let what = format!("record {}", record.status.code());
        w::audit(&mut tx, record.event_id, &slug, by, action, what, now).await?;
        insert_changes(&mut tx, changes, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        load_record(&self.pool, record.event_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn save_agreement(
        &self,
        event_id: i64,
        replacing: Option<u32>,
        agreement: &Agreement,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let slug = w::event_slug(&mut tx, event_id).await?;
        w::bump_record(&mut tx, event_id, expected_version, now).await?;
        match replacing {
            None => {
                if !w::insert_agreement(&mut tx, event_id, agreement).await? {
                    return Err(stale());
                }
            }
            Some(number) => {
                let done = sqlx::query(
                    "update agreements set number = $1, text_es = $2, text_en = $3, events = $4 \
                     where event_id = $5 and number = $6",
                )
                .bind(i64::from(agreement.number))
                .bind(&agreement.text.es)
                .bind(&agreement.text.en)
                .bind(agreement.events.join(","))
                .bind(event_id)
                .bind(i64::from(number))
                .execute(&mut *tx)
                .await
                .map_err(|e| match map_err(e) {
                    StoreError::Conflict(_) => stale(),
                    other => other,
                })?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
            }
        }
        let what = match replacing {
            Some(n) => format!("agreement {n} saved as {}", agreement.number),
            None => format!("agreement {} added", agreement.number),
        };
        w::audit(&mut tx, event_id, &slug, by, "agreement_saved", what, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)
    }

    async fn delete_agreement(
        &self,
        event_id: i64,
        number: u32,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let slug = w::event_slug(&mut tx, event_id).await?;
        w::bump_record(&mut tx, event_id, expected_version, now).await?;
        let done = sqlx::query("delete from agreements where event_id = $1 and number = $2")
            .bind(event_id)
            .bind(i64::from(number))
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let what = format!("agreement {number} deleted with its commitments");
        w::audit(&mut tx, event_id, &slug, by, "agreement_deleted", what, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)
    }

    async fn add_commitment(
        &self,
        event_id: i64,
        agreement: u32,
        commitment: &Commitment,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        let mut tx = self.begin().await?;
        let slug = w::event_slug(&mut tx, event_id).await?;
        let meta = w::insert_commitment(&mut tx, event_id, agreement, commitment, by, now).await?;
        let what = format!("commitment {} added to agreement {agreement}", meta.id);
        w::audit(&mut tx, event_id, &slug, by, "commitment_added", what, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(meta)
    }

    async fn edit_commitment(
        &self,
        id: i64,
        expected_sequence: i64,
        commitment: &Commitment,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        let mut tx = self.begin().await?;
        let (event_id, slug, _, _) = w::commitment_owner(&mut tx, id).await?;
        if !w::update_commitment(&mut tx, id, expected_sequence, commitment, now).await? {
            return Err(stale());
        }
        w::write_members(&mut tx, id, commitment).await?;
        let what = format!("commitment {id} edited");
        w::audit(&mut tx, event_id, &slug, by, "commitment_edited", what, now).await?;
        insert_changes(&mut tx, changes, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        self.commitment_meta(id).await
    }

    async fn delete_commitment(
        &self,
        id: i64,
        expected_sequence: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (event_id, slug, _, _) = w::commitment_owner(&mut tx, id).await?;
        let done = sqlx::query("delete from commitments where id = $1 and sequence = $2")
            .bind(id)
            .bind(expected_sequence)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(stale());
        }
        let what = format!("commitment {id} deleted with its notes");
        w::audit(
            &mut tx,
            event_id,
            &slug,
            by,
            "commitment_deleted",
            what,
            now,
        )
        .await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)
    }

    async fn follow_up(
        &self,
        update: FollowUp<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        let mut tx = self.begin().await?;
        let id = update.id;
        let (event_id, slug, old_status, _) = w::commitment_owner(&mut tx, id).await?;
        let done = sqlx::query(
            "update commitments set status = $1, sequence = sequence + 1, updated_at = $2 \
             where id = $3 and sequence = $4",
        )
        .bind(update.commitment.status.code())
        .bind(now.timestamp())
        .bind(id)
        .bind(update.expected_sequence)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(self.stale_or_gone(&mut tx, id).await);
        }
        w::write_members(&mut tx, id, update.commitment).await?;
        if let Some(note) = update.note {
            w::insert_note(&mut tx, id, note, by, now).await?;
        }
        let mut what = format!(
            "commitment {id}: status {old_status} to {}",
            update.commitment.status.code()
        );
        if update.note.is_some() {
            what.push_str("; progress note added");
        }
        w::audit(
            &mut tx,
            event_id,
            &slug,
            by,
            "commitment_followed_up",
            what,
            now,
        )
        .await?;
        insert_changes(&mut tx, update.changes, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        self.commitment_meta(id).await
    }

    async fn replace_record(
        &self,
        record: &MeetingRecord,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord> {
        let mut tx = self.begin().await?;
        let slug = w::event_slug(&mut tx, record.event_id).await?;
        sqlx::query("delete from meeting_records where event_id = $1")
            .bind(record.event_id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if !w::insert_header(&mut tx, record, now).await? {
            return Err(stale());
        }
        for agreement in &record.agreements {
            if !w::insert_agreement(&mut tx, record.event_id, agreement).await? {
                return Err(stale());
            }
            for c in &agreement.commitments {
                w::insert_commitment(&mut tx, record.event_id, agreement.number, c, by, now)
                    .await?;
            }
        }
        let what = format!(
            "record replaced: {} agreements, {} commitments",
            record.agreements.len(),
            record.commitments().count()
        );
        w::audit(
            &mut tx,
            record.event_id,
            &slug,
            by,
            "record_replaced",
            what,
            now,
        )
        .await?;
        insert_changes(&mut tx, changes, now).await?;
        w::bump_outcomes(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        load_record(&self.pool, record.event_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn commitment(&self, id: i64) -> StoreResult<CommitmentRow> {
        commitment_rows(&self.pool, Scope::One(id), true)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }

    async fn commitments(&self, include_drafts: bool) -> StoreResult<Vec<CommitmentRow>> {
        commitment_rows(&self.pool, Scope::All, include_drafts).await
    }

    async fn outcomes_version(&self) -> StoreResult<i64> {
        SqlStore::counter(self, "outcomes").await
    }

    async fn add_change(&self, change: &NewChange, now: DateTime<Utc>) -> StoreResult<bool> {
        SqlStore::add_change(self, change, now).await
    }

    async fn changes(&self, country: Option<Country>, limit: u32) -> StoreResult<Vec<ChangeEntry>> {
        SqlStore::changes(self, country, limit).await
    }

    async fn changes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<ChangeEntry>> {
        SqlStore::changes_between(self, from, to).await
    }

    async fn changes_version(&self) -> StoreResult<i64> {
        SqlStore::counter(self, "changes").await
    }
}
