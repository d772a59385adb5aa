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

/// Every event, as labels name them (public data: what the lists and feeds show).
#[cfg(feature = "ssr")]
async fn all_events(deps: &crate::usecase::Deps) -> Result<Vec<crate::domain::Event>, AppError> {
    Ok(deps.store.list_events(crate::ssr::EventQuery::All).await?)
}

/// The record of the event `slug`, if the viewer may read one (a draft only its writers). A
/// refusal is no record: the event page itself never redirects to sign in for it.
#[server]
pub async fn get_record(slug: String) -> Result<Option<RecordView>, AppError> {
    use crate::usecase::{Refusal, outcomes};
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = match outcomes::record(&deps, viewer.as_ref(), &slug).await {
        Ok(read) => read,
        Err(Refusal::NotFound | Refusal::Forbidden | Refusal::SignInRequired) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let Some(stored) = read.record else {
        return Ok(None);
    };
    // Who may follow up which commitment is the use cases' rule.
    let updatable = stored
        .record
        .commitments()
        .zip(stored.meta.iter().flatten())
        .filter(|((_, c), _)| outcomes::follow_up_right(viewer.as_ref(), c).is_some())
        .map(|(_, meta)| meta.id)
        .collect();
    let events = all_events(&deps).await?;
    Ok(Some(shape::record_view(
        &stored,
        &read.event,
        &events,
        read.may_write,
        updatable,
        public_url(),
        chrono::Utc::now(),
    )))
}

/// The record's editor (its writers only).
#[server]
pub async fn get_record_editor(slug: String) -> Result<EditorPage, AppError> {
    use crate::usecase::{Refusal, outcomes};
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let read = outcomes::record(&deps, viewer.as_ref(), &slug)
        .await
        .map_err(super::manage::refused)?;
    if !read.may_write {
        let refusal = if viewer.is_none() {
            Refusal::SignInRequired
        } else {
            Refusal::Forbidden
        };
        return Err(super::manage::refused(refusal));
    }
    let events = all_events(&deps).await?;
    Ok(shape::editor_page(
        &read.event,
        read.record.as_ref(),
        &events,
    ))
}

/// One commitment, with what the viewer may update of it.
#[server]
pub async fn get_commitment(id: String) -> Result<CommitmentPage, AppError> {
    use crate::usecase::outcomes;
    let id: i64 = id.trim().parse().map_err(|_| AppError::NotFound)?;
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let row = outcomes::commitment(&deps, viewer.as_ref(), id)
        .await
        .map_err(super::manage::refused)?;
    let share = outcomes::follow_up_right(viewer.as_ref(), &row.commitment);
    let events = all_events(&deps).await?;
    Ok(shape::commitment_page(
        &row,
        share,
        &events,
        public_url(),
        chrono::Utc::now(),
    ))
}

/// The viewer's own party: an official's country (the board's default).
#[cfg(feature = "ssr")]
fn own_party(
    viewer: Option<&crate::domain::account::Account>,
) -> Option<crate::domain::outcomes::Party> {
    use crate::domain::access::Role;
    match viewer?.role {
        Role::Official(country) => Some(crate::domain::outcomes::Party::Member(country)),
        Role::Secretariat => None,
    }
}

/// The follow-up board for `query`.
#[server]
pub async fn get_board(query: BoardQuery) -> Result<Board, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let rows = crate::usecase::outcomes::commitments(&deps, viewer.as_ref())
        .await
        .map_err(super::manage::refused)?;
    let events = all_events(&deps).await?;
    Ok(shape::board(
        &rows,
        &events,
        &query,
        own_party(viewer.as_ref()),
        chrono::Utc::now(),
    ))
}

/// The printable follow-up report for `query` (its meeting and "before" filters): the
/// commitments the viewer may see, under the agreements of their meetings' records.
#[server]
pub async fn get_report(query: BoardQuery) -> Result<Report, AppError> {
    use crate::usecase::outcomes;
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let rows = outcomes::commitments(&deps, viewer.as_ref())
        .await
        .map_err(super::manage::refused)?;
    let mut slugs: Vec<&str> = Vec::new();
    for row in &rows {
        if !slugs.contains(&row.meeting.slug.as_str()) {
            slugs.push(&row.meeting.slug);
        }
    }
    if let Some(meeting) = query
        .meeting
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        && !slugs.contains(&meeting)
    {
        slugs.push(meeting);
    }
    let mut records = Vec::new();
    for slug in slugs {
        if let Ok(read) = outcomes::record(&deps, viewer.as_ref(), slug).await
            && let Some(stored) = read.record
        {
            records.push((stored, read.event));
        }
    }
    let events = all_events(&deps).await?;
    Ok(shape::report(
        &rows,
        &records,
        &events,
        &query,
        chrono::Utc::now(),
    ))
}
