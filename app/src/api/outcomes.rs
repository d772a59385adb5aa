//! Server functions of the meeting outcomes' pages: the record on an event page, the record's
//! editor, a commitment with its follow-up rights, the follow-up board and the printable report.
//! Each calls one use case ([`crate::usecase::outcomes`]), which decides what the viewer may
//! see and do; here the answer is only shaped for the page.

pub mod board;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::Localized;
use crate::domain::outcomes::{MeetingRecord, Share};
pub use board::{
    Board, BoardQuery, CommitmentView, EventLabel, GroupItem, MeetingLabel, PartyGroup, SummaryLine,
};

/// A record as the event page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    /// The record (a draft only for its writers).
    pub record: MeetingRecord,
    /// Each agreement's commitments, in the record's shape.
    pub commitments: Vec<Vec<CommitmentView>>,
    /// The events the agreements name.
    pub events: Vec<EventLabel>,
    /// The viewer may write the record (a link to the editor).
    pub may_write: bool,
    /// The commitments the viewer may follow up.
    pub updatable: Vec<i64>,
    /// The site's public address, printed after links on paper.
    pub base: String,
}

/// The record's editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorPage {
    /// The event's slug.
    pub slug: String,
    /// The event's title.
    pub event_title: Localized,
    /// The record, when there is one.
    pub record: Option<MeetingRecord>,
    /// Its version.
    pub version: Option<i64>,
    /// Each commitment's id and sequence, in the record's shape.
    pub meta: Vec<Vec<(i64, i64)>>,
    /// The events an agreement may name or a commitment wait for.
    pub events: Vec<EventLabel>,
}

/// One commitment's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentPage {
    /// The commitment.
    pub view: CommitmentView,
    /// What the viewer may update of it.
    pub share: Option<Share>,
    /// The site's public address.
    pub base: String,
}

/// The printable follow-up report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The filters (meeting, "due before").
    pub filters: Board,
    /// Each meeting, with what it agreed and what became of it.
    pub meetings: Vec<ReportMeeting>,
    /// The day it was made (in the region's zone).
    pub generated: NaiveDate,
    /// The "due before" event, when filtered by one.
    pub before: Option<EventLabel>,
}

/// A meeting in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMeeting {
    /// The meeting.
    pub meeting: MeetingLabel,
    /// Where it took place.
    pub place: String,
    /// Its dates are not settled.
    pub dates_tentative: bool,
    /// Its agreements with their commitments' follow-up.
    pub agreements: Vec<ReportAgreement>,
}

/// An agreement in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportAgreement {
    /// Its number.
    pub number: u32,
    /// Its text.
    pub text: Localized,
    /// Its commitments (those the filters keep).
    pub commitments: Vec<CommitmentView>,
}

#[cfg(feature = "ssr")]
mod shape;

/// The site's public address, for printed links.
#[cfg(feature = "ssr")]
fn public_url() -> String {
    use_context::<super::feeds::FeedSettings>()
        .map(|s| s.public_url.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

/// The record of the event `slug`, if the viewer may read one (a draft only its writers).
#[server]
pub async fn get_record(slug: String) -> Result<Option<RecordView>, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = crate::usecase::outcomes::record_page(&deps, viewer.as_ref(), &slug)
        .await
        .map_err(super::manage::refused)?;
    Ok(read.map(|r| {
        shape::record_view(
            &r.stored,
            &r.event,
            &r.events,
            r.may_write,
            r.updatable,
            public_url(),
            chrono::Utc::now(),
        )
    }))
}

/// The record's editor (its writers only).
#[server]
pub async fn get_record_editor(slug: String) -> Result<EditorPage, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let editor = crate::usecase::outcomes::editor(&deps, viewer.as_ref(), &slug)
        .await
        .map_err(super::manage::refused)?;
    Ok(shape::editor_page(
        &editor.event,
        editor.stored.as_ref(),
        &editor.events,
    ))
}

/// One commitment, with what the viewer may update of it.
#[server]
pub async fn get_commitment(id: String) -> Result<CommitmentPage, AppError> {
    let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = crate::usecase::outcomes::commitment_page(&deps, viewer.as_ref(), id)
        .await
        .map_err(super::manage::refused)?;
    Ok(shape::commitment_page(
        &read.row,
        read.share,
        &read.events,
        public_url(),
        chrono::Utc::now(),
    ))
}

/// The follow-up board for `query`.
#[server]
pub async fn get_board(query: BoardQuery) -> Result<Board, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = crate::usecase::outcomes::board(&deps, viewer.as_ref())
        .await
        .map_err(super::manage::refused)?;
    Ok(shape::board(
        &read.rows,
        &read.events,
        &query,
        read.own,
        chrono::Utc::now(),
    ))
}

/// The printable follow-up report for `query` (its meeting and "before" filters).
#[server]
pub async fn get_report(query: BoardQuery) -> Result<Report, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = crate::usecase::outcomes::report(&deps, viewer.as_ref())
        .await
        .map_err(super::manage::refused)?;
    Ok(shape::report(
        &read.rows,
        &read.records,
        &read.events,
        &query,
        chrono::Utc::now(),
    ))
}
