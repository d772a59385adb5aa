//! Reading records and commitments as a viewer may see them: a draft record, and its
//! commitments, only to those who may write it (the secretariat and the hosting countries'
//! officials); a final record to everyone.

use crate::domain::account::Account;
use crate::domain::outcomes::{RecordStatus, may_write_record};
use crate::domain::{Country, Event};
use crate::ssr::{CommitmentRow, StoredRecord};

use super::super::{Deps, Outcome, Refusal};

/// An event's page's view of its record.
#[derive(Debug, Clone)]
pub struct RecordView {
    /// The event (as [`crate::usecase::events::visible`] finds it).
    pub event: Event,
    /// Its record, when it has one the viewer may see (a draft only to its writers).
    pub record: Option<StoredRecord>,
    /// Whether the viewer may write the record (create it, edit its header, agreements and
    /// commitments).
    pub may_write: bool,
}

/// Whether `viewer` may write the record of an event hosted by `hosts` (main host first).
fn writes(viewer: Option<&Account>, hosts: &[Country]) -> bool {
    viewer.is_some_and(|a| may_write_record(&a.actor(), hosts))
}

/// Whether `viewer` may see a record of `status` on an event hosted by `hosts`: a final record
/// everyone, a draft only those who may write it.
#[must_use]
pub fn may_see_record(viewer: Option<&Account>, status: RecordStatus, hosts: &[Country]) -> bool {
    status.is_public() || writes(viewer, hosts)
}

/// The record of the event `slug` for `viewer`, with whether they may write it. A draft event is
/// found only by its hosts and the secretariat (`NotFound` for anyone else); a draft record is
/// `record: None` for those who may not write it.
///
/// # Errors
/// `NotFound`, or the store's failure.
pub async fn record(deps: &Deps, viewer: Option<&Account>, slug: &str) -> Outcome<RecordView> {
    let event = super::super::events::visible(deps, viewer, slug).await?;
    let hosts: Vec<Country> = event.details.hosts().collect();
    let may_write = writes(viewer, &hosts);
    let record = deps
        .store
        .record(event.id)
        .await?
        .filter(|r| may_see_record(viewer, r.record.status, &hosts));
    Ok(RecordView {
        event,
        record,
        may_write,
    })
}

/// Every commitment of every record `viewer` may see (drafts' only to their writers), by
/// meeting date, agreement number and position: the follow-up board, "our commitments", the
/// feeds (with `viewer` `None`: final records only).
///
/// # Errors
/// The store's failure.
pub async fn commitments(deps: &Deps, viewer: Option<&Account>) -> Outcome<Vec<CommitmentRow>> {
    let drafts = viewer.is_some_and(|a| !a.disabled);
    let rows = deps.store.commitments(drafts).await?;
    Ok(rows
        .into_iter()
        .filter(|r| may_see_record(viewer, r.meeting.status, &r.meeting.hosts))
        .collect())
}

/// One commitment for `viewer`: `NotFound` when it is unknown or in a draft they may not write.
///
/// # Errors
/// `NotFound`, or the store's failure.
pub async fn commitment(deps: &Deps, viewer: Option<&Account>, id: i64) -> Outcome<CommitmentRow> {
    let row = deps.store.commitment(id).await?;
    if !may_see_record(viewer, row.meeting.status, &row.meeting.hosts) {
        return Err(Refusal::NotFound);
    }
    Ok(row)
}
