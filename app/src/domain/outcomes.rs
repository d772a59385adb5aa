//! Meeting outcomes: the record of a meeting (its report), its numbered agreements (*acuerdos*)
//! and their commitments (*compromisos*: who does what, by when), followed up across meetings.
//! Pure: the store, use cases, pages and feeds build on these rules.
//!
//! - [`party`]: the responsible parties and the zone each counts its days in;
//! - [`status`]: commitment statuses, the moves allowed, the "all delegations" roll-up, `VTODO`
//!   status and percent; the record's draft/final status;
//! - [`model`]: records, agreements, commitments, due points and progress notes;
//! - [`due`]: overdue, on calendar days in each responsible party's own zone;
//! - [`permit`]: who writes a record and who follows up which commitment;
//! - [`input`], [`commitment_input`]: the forms and their validation, with [`error`]'s bilingual
//!   problems;
//! - [`demo`]: the source report of 16 November 2010 as demo data.

pub mod commitment_input;
pub mod demo;
pub mod due;
pub mod error;
pub mod input;
pub mod model;
pub mod party;
pub mod permit;
pub mod status;
#[cfg(test)]
mod tests;

pub use commitment_input::{CommitmentInput, MAX_ACTION, MAX_CONDITION, MAX_NOTE, NoteInput};
pub use demo::demo_record;
pub use due::{days_left, is_overdue, overdue_parties};
pub use error::{OutcomeError, OutcomeErrors, OutcomeField, OutcomeProblem, Place};
pub use input::{
    AgreementInput, MAX_NUMBER, MAX_PLACE, MAX_TEXT, MAX_TITLE, RecordContext, RecordInput,
};
pub use model::{
    Agreement, Commitment, DuePoint, EventRef, MeetingRecord, ProgressNote, TodoFields,
};
pub use party::{Party, REGION_ZONE};
pub use permit::{Share, may_update, may_update_share, may_write_record, update_right};
pub use status::{CommitmentStatus, RecordStatus, may_move, roll_up, roll_up_percent};
