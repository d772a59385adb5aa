//! `OutcomeStore` for [`SqlStore`]: meeting records, agreements, commitments, and the change log
//! (in `changes`).

use app::domain::Country;
use app::domain::changes::{ChangeEntry, NewChange};
use app::domain::outcomes::{Agreement, Commitment, MeetingRecord};
use app::ssr::{
    AuditActor, CommitmentMeta, CommitmentRow, FollowUp, OutcomeStore, StoreError, StoreResult,
    StoredRecord,
};
use chrono::{DateTime, Utc};

use super::sql_store::SqlStore;

/// Not written yet (issue 15, in progress).
fn pending() -> StoreError {
    StoreError::Other(anyhow::anyhow!("meeting records are not stored yet"))
}

#[async_trait::async_trait]
impl OutcomeStore for SqlStore {
    async fn record(&self, _event_id: i64) -> StoreResult<Option<StoredRecord>> {
        Err(pending())
    }

    async fn save_record_header(
        &self,
        _record: &MeetingRecord,
        _expected_version: Option<i64>,
        _changes: &[NewChange],
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord> {
        Err(pending())
    }

    async fn save_agreement(
        &self,
        _event_id: i64,
        _replacing: Option<u32>,
        _agreement: &Agreement,
        _expected_version: i64,
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        Err(pending())
    }

    async fn delete_agreement(
        &self,
        _event_id: i64,
        _number: u32,
        _expected_version: i64,
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        Err(pending())
    }

    async fn add_commitment(
        &self,
        _event_id: i64,
        _agreement: u32,
        _commitment: &Commitment,
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        Err(pending())
    }

    async fn edit_commitment(
        &self,
        _id: i64,
        _expected_sequence: i64,
        _commitment: &Commitment,
        _changes: &[NewChange],
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        Err(pending())
    }

    async fn delete_commitment(
        &self,
        _id: i64,
        _expected_sequence: i64,
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        Err(pending())
    }

    async fn follow_up(
        &self,
        _update: FollowUp<'_>,
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta> {
        Err(pending())
    }

    async fn replace_record(
        &self,
        _record: &MeetingRecord,
        _changes: &[NewChange],
        _by: &AuditActor,
        _now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord> {
        Err(pending())
    }

    async fn commitment(&self, _id: i64) -> StoreResult<CommitmentRow> {
        Err(pending())
    }

    async fn commitments(&self, _include_drafts: bool) -> StoreResult<Vec<CommitmentRow>> {
        Err(pending())
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
