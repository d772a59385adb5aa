//! Meeting outcomes: reading a meeting's record and the commitments across meetings as a viewer
//! may see them, writing a record (its header, agreements and commitments) and following up a
//! commitment. Every write is authorized here with the domain's rules
//! ([`may_write_record`](crate::domain::outcomes::may_write_record) with the event's hosts,
//! [`update_right`](crate::domain::outcomes::update_right)), validated by the domain, and stored
//! at the version its form was based on, with its audit line and the change-log entries it
//! causes, in one transaction.
//!
//! - [`read`]: the record of an event, every commitment, one commitment;
//! - [`record`]: the record's header and its agreements;
//! - [`commitments`]: adding, editing, deleting and following up a commitment;
//! - [`told`]: the change-log entries a record or a status change causes, told now in both
//!   languages.

pub mod commitments;
pub mod read;
pub mod record;
#[cfg(test)]
mod tests;
pub mod told;

pub use commitments::{
    FollowUpRequest, add_commitment, delete_commitment, edit_commitment, follow_up,
    follow_up_right, plan_follow_up,
};
pub use read::{RecordView, commitment, commitments, may_see_record, record};
pub use record::{delete_agreement, save_agreement, save_record};
pub use told::{record_changes, status_changes};

use crate::domain::Lang;
use crate::domain::outcomes::{OutcomeErrors, Place};
use crate::flash::FlashError;
use crate::msg::Msg;
use crate::ssr::StoreError;

use super::Refusal;

/// The form field a problem belongs to: the field's own name for a single form; for a whole
/// record (demo data) `agreements[i].name` or `agreements[i].commitments[j].name`.
#[must_use]
pub fn field_name(place: Place, name: &str) -> String {
    match place {
        Place::Form => name.to_owned(),
        Place::Agreement(i) => format!("agreements[{i}].{name}"),
        Place::Commitment {
            agreement,
            commitment,
        } => format!("agreements[{agreement}].commitments[{commitment}].{name}"),
    }
}

/// The domain's problems as the form's errors, each at its field, in both languages.
#[must_use]
pub fn flash_errors(errors: &OutcomeErrors) -> Vec<FlashError> {
    errors
        .items()
        .iter()
        .map(|e| FlashError {
            field: field_name(e.place, e.field.name()),
            es: e.problem.message(Lang::Es),
            en: e.problem.message(Lang::En),
        })
        .collect()
}

/// `Refusal::Invalid` with the domain's problems.
fn invalid(errors: &OutcomeErrors) -> Refusal {
    Refusal::Invalid(flash_errors(errors))
}

/// A store failure of a write: a stale version is `Conflict(stale)`, a vanished row `NotFound`,
/// anything else `Internal`.
fn write_failed(e: StoreError, stale: Msg) -> Refusal {
    match e {
        StoreError::Conflict(_) => Refusal::Conflict(stale),
        StoreError::NotFound => Refusal::NotFound,
        other => Refusal::Internal(other),
    }
}
