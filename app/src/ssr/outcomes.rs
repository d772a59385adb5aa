//! The store's meeting outcomes: records, agreements, commitments with their members' statuses
//! and progress notes, and the region's change log. Every write happens in one transaction with
//! its audit-log line, the change-log entries it causes and a bump of the `outcomes` counter
//! (which keys the to-do feeds' ETag), so a saved change is always logged and told.
//! Authorization is the use cases' ([`crate::usecase::outcomes`]); the store checks nothing but
//! its versions.

use chrono::{DateTime, NaiveDate, Utc};

use super::error::{AuditActor, StoreResult};
use crate::domain::changes::{ChangeEntry, NewChange};
use crate::domain::country::Country;
use crate::domain::lang::Localized;
use crate::domain::outcomes::{Agreement, Commitment, MeetingRecord, ProgressNote, RecordStatus};
use crate::domain::time::EventDates;

/// What identifies a stored commitment and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentMeta {
    /// Database identity (`/commitments/{id}`).
    pub id: i64,
    /// Its `VTODO` UID, stable for life.
    pub uid: String,
    /// Bumped by every change of it (its `SEQUENCE`; the version a form was based on).
    pub sequence: i64,
    /// When it last changed (`LAST-MODIFIED`, `DTSTAMP`).
    pub updated_at: DateTime<Utc>,
}

/// A stored meeting record: the domain's record, and beside each commitment its identity
/// (`meta[i][j]` belongs to `record.agreements[i].commitments[j]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// The record, agreements in number order, commitments in their order.
    pub record: MeetingRecord,
    /// Each commitment's identity, in the same shape.
    pub meta: Vec<Vec<CommitmentMeta>>,
    /// Bumped by every change of the header (the version a form was based on).
    pub version: i64,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

/// The meeting a commitment comes from, as lists and feeds show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRef {
    /// The event's id.
    pub event_id: i64,
    /// The event's slug.
    pub slug: String,
    /// The event's UID (a to-do's `RELATED-TO`).
    pub uid: String,
    /// The event's title.
    pub event_title: Localized,
    /// The record's title.
    pub title: Localized,
    /// The event's dates.
    pub dates: EventDates,
    /// The record's status (drafts are listed only to those who may write them).
    pub status: RecordStatus,
    /// The event's hosts: main host first, then co-hosts (they may write the record).
    pub hosts: Vec<Country>,
}

/// One commitment with where it comes from: a row of the follow-up board, a to-do of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentRow {
    /// Its identity and version.
    pub meta: CommitmentMeta,
    /// Its meeting.
    pub meeting: MeetingRef,
    /// Its agreement's number.
    pub agreement: u32,
    /// The commitment, with its members' statuses and notes.
    pub commitment: Commitment,
    /// For a `before {event}` due point, that event's first day, when it is not cancelled
    /// (the to-do's `DUE` is the day before).
    pub due_event_first_day: Option<NaiveDate>,
}

/// A follow-up of one commitment: its new state (status moved by the domain, members' roll-up
/// done) and the note added, if any, at the version it was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp<'a> {
    /// The commitment's id.
    pub id: i64,
    /// The sequence the change was based on: a different stored one is
    /// [`super::Conflict::StaleVersion`] and nothing is written.
    pub expected_sequence: i64,
    /// Its new state (only status and members' statuses are written from it).
    pub commitment: &'a Commitment,
    /// The progress note added.
    pub note: Option<&'a ProgressNote>,
    /// The change-log entries it causes (a status change), written in the same transaction.
    pub changes: &'a [NewChange],
}

/// Meeting outcomes, implemented by both backends.
#[async_trait::async_trait]
pub trait OutcomeStore: Send + Sync {
    /// The record of the event `event_id`, if it has one (drafts included).
    async fn record(&self, event_id: i64) -> StoreResult<Option<StoredRecord>>;

    /// Creates the record of `record.event_id` (with `expected_version` `None`; a record already
    /// there is [`super::Conflict::StaleVersion`]) or replaces its header (title, place, status,
    /// preamble, delegations) at `expected_version`. Its agreements are not touched.
    async fn save_record_header(
        &self,
        record: &MeetingRecord,
        expected_version: Option<i64>,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord>;

    /// Adds an agreement to the record of `event_id` (`replacing` `None`) or replaces the text,
    /// number and events of agreement `replacing`, keeping its commitments, at the record's
    /// `expected_version` (which it bumps: agreements are part of the record's version). Another
    /// agreement with the same number, or another version, is
    /// [`super::Conflict::StaleVersion`]; no agreement `replacing` is `NotFound`.
    /// `agreement.commitments` are not written (see [`OutcomeStore::add_commitment`]).
    async fn save_agreement(
        &self,
        event_id: i64,
        replacing: Option<u32>,
        agreement: &Agreement,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Deletes agreement `number` of the record of `event_id`, with its commitments, at the
    /// record's `expected_version` (bumped; another is [`super::Conflict::StaleVersion`]).
    async fn delete_agreement(
        &self,
        event_id: i64,
        number: u32,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Adds a commitment (with its members' statuses, for all delegations) at the end of
    /// agreement `agreement` of the record of `event_id`, with a new UID.
    async fn add_commitment(
        &self,
        event_id: i64,
        agreement: u32,
        commitment: &Commitment,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta>;

    /// Replaces a commitment's wording, parties, due point and statuses (the record writers'
    /// edit) at `expected_sequence`; its notes are kept. Bumps its sequence.
    async fn edit_commitment(
        &self,
        id: i64,
        expected_sequence: i64,
        commitment: &Commitment,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta>;

    /// Deletes a commitment with its notes, at `expected_sequence` (another is
    /// [`super::Conflict::StaleVersion`]).
    async fn delete_commitment(
        &self,
        id: i64,
        expected_sequence: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Writes a follow-up (status, members' statuses, a note). Bumps the sequence.
    async fn follow_up(
        &self,
        update: FollowUp<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<CommitmentMeta>;

    /// Writes a whole record at once, replacing any record of its event (demo data, the
    /// command line), with the change-log entries it causes.
    async fn replace_record(
        &self,
        record: &MeetingRecord,
        changes: &[NewChange],
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredRecord>;

    /// One commitment with its meeting.
    async fn commitment(&self, id: i64) -> StoreResult<CommitmentRow>;

    /// Every commitment of every record (drafts included only with `include_drafts`), by
    /// meeting date, agreement number and position.
    async fn commitments(&self, include_drafts: bool) -> StoreResult<Vec<CommitmentRow>>;

    /// A number every write of outcomes increases, in its own transaction (the to-do feeds'
    /// cache key and ETag).
    async fn outcomes_version(&self) -> StoreResult<i64>;

    /// Writes a change-log entry on its own (time-triggered entries: a deadline within 7 days,
    /// a commitment falling due). True if written, false if its key already was.
    async fn add_change(&self, change: &NewChange, now: DateTime<Utc>) -> StoreResult<bool>;

    /// The latest `limit` change-log entries, newest first; only those concerning `country`
    /// when given.
    async fn changes(&self, country: Option<Country>, limit: u32) -> StoreResult<Vec<ChangeEntry>>;

    /// The change-log entries written in `[from, to)`, oldest first (a digest's week).
    async fn changes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<ChangeEntry>>;

    /// A number every change-log entry increases (the Atom feeds' cache key and ETag).
    async fn changes_version(&self) -> StoreResult<i64>;
}
