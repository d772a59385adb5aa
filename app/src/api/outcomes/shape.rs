//! Shapes what the outcome use cases answer into what the pages show: commitment views with
//! their "before" events named and overdue marked at `now`, the board, the report. No decision
//! about who may see what is made here; the use cases made it.

use chrono::{DateTime, Utc};

use super::board::{self, BoardQuery, CommitmentView, EventLabel, meeting_label, view_of};
use super::{
    Board, CommitmentPage, EditorPage, RecordView, Report, ReportAgreement, ReportMeeting,
};
use crate::domain::event::{Event, EventStatus};
use crate::domain::outcomes::{MeetingRecord, Party, Share};
use crate::ssr::outcomes::{CommitmentMeta, CommitmentRow, MeetingRef, StoredRecord};

/// An event as labels name it.
#[must_use]
pub fn event_label(e: &Event) -> EventLabel {
    EventLabel {
        slug: e.slug.clone(),
        title: e.details.title.clone(),
        dates: e.details.dates,
        cancelled: e.details.status == EventStatus::Cancelled,
    }
}

/// The meeting reference of a stored record, for its commitments' rows.
fn meeting_of(record: &MeetingRecord, event_title: &crate::domain::Localized) -> MeetingRef {
    MeetingRef {
        event_id: record.event_id,
        slug: record.event_slug.clone(),
        uid: String::new(),
        event_title: event_title.clone(),
        title: record.title.clone(),
        dates: record.dates,
        status: record.status,
        hosts: Vec::new(),
    }
}

/// The rows of a stored record's commitments, in its shape.
fn rows_of(
    stored: &StoredRecord,
    event_title: &crate::domain::Localized,
    events: &[EventLabel],
) -> Vec<Vec<CommitmentRow>> {
    let meeting = meeting_of(&stored.record, event_title);
    stored
        .record
        .agreements
        .iter()
        .zip(&stored.meta)
        .map(|(a, metas)| {
            a.commitments
                .iter()
                .zip(metas)
                .map(|(c, meta): (_, &CommitmentMeta)| CommitmentRow {
                    meta: meta.clone(),
                    meeting: meeting.clone(),
                    agreement: a.number,
                    due_event_first_day: c
                        .due
                        .event()
                        .and_then(|slug| events.iter().find(|e| e.slug == slug))
                        .filter(|e| !e.cancelled)
                        .map(|e| e.dates.first_day()),
                    commitment: c.clone(),
                })
                .collect()
        })
        .collect()
}

/// The record as the event page shows it: `updatable` are the ids the viewer may follow up.
#[must_use]
pub fn record_view(
    stored: &StoredRecord,
    event: &Event,
    events: &[Event],
    may_write: bool,
    updatable: Vec<i64>,
    base: String,
    now: DateTime<Utc>,
) -> RecordView {
    let labels: Vec<EventLabel> = events.iter().map(event_label).collect();
    let commitments = rows_of(stored, &event.details.title, &labels)
        .iter()
        .map(|rows| rows.iter().map(|r| view_of(r, &labels, now)).collect())
        .collect();
    RecordView {
        record: stored.record.clone(),
        commitments,
        events: labels,
        may_write,
        updatable,
        base,
    }
}

/// The editor: the record (if any) and the events it may name.
#[must_use]
pub fn editor_page(event: &Event, stored: Option<&StoredRecord>, events: &[Event]) -> EditorPage {
    EditorPage {
        slug: event.slug.clone(),
        event_title: event.details.title.clone(),
        record: stored.map(|s| s.record.clone()),
        version: stored.map(|s| s.version),
        meta: stored
            .map(|s| {
                s.meta
                    .iter()
                    .map(|m| m.iter().map(|c| (c.id, c.sequence)).collect())
                    .collect()
            })
            .unwrap_or_default(),
        events: events
            .iter()
            .filter(|e| e.id != event.id)
            .map(event_label)
            .collect(),
    }
}

/// One commitment's page.
#[must_use]
pub fn commitment_page(
    row: &CommitmentRow,
    share: Option<Share>,
    events: &[Event],
    base: String,
    now: DateTime<Utc>,
) -> CommitmentPage {
    let labels: Vec<EventLabel> = events.iter().map(event_label).collect();
    CommitmentPage {
        view: view_of(row, &labels, now),
        share,
        base,
    }
}

/// The board from every commitment the viewer may see.
#[must_use]
pub fn board(
    rows: &[CommitmentRow],
    events: &[Event],
    query: &BoardQuery,
    own: Option<Party>,
    now: DateTime<Utc>,
) -> Board {
    let labels: Vec<EventLabel> = events.iter().map(event_label).collect();
    let views = rows.iter().map(|r| view_of(r, &labels, now)).collect();
    board::build(views, &labels, query, own, now)
}

/// The follow-up report: the board's rows (meeting and "before" filters; every party, every
/// status) under their meetings and agreements, from the viewer's records (`records`, each with
/// its event). Filtered by meeting, every agreement of the meeting is listed, also those without
/// commitments; otherwise only the agreements with commitments kept.
#[must_use]
pub fn report(
    rows: &[CommitmentRow],
    records: &[(StoredRecord, Event)],
    events: &[Event],
    query: &BoardQuery,
    now: DateTime<Utc>,
) -> Report {
    let all = BoardQuery {
        party: Some(String::new()),
        status: None,
        meeting: None,
        before: query.before.clone(),
    };
    let mut filters = board(rows, events, &all, None, now);
    // Every record the viewer may see is a meeting to report on, with commitments or not.
    filters.meetings = records
        .iter()
        .map(|(s, e)| meeting_label(&meeting_of(&s.record, &e.details.title)))
        .collect();
    let wanted = query
        .meeting
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if let Some(m) = wanted {
        if records.iter().any(|(s, _)| s.record.event_slug == m) {
            filters.applied.meeting = Some(m.to_owned());
        } else {
            filters
                .errors
                .push(board::problem("meeting", board::unknown_event));
        }
    }
    let by_meeting = filters.applied.meeting.clone();
    let before = filters
        .applied
        .before
        .as_ref()
        .and_then(|slug| filters.events.iter().find(|e| &e.slug == slug).cloned());
    let mut meetings = Vec::new();
    for (stored, event) in records {
        let r = &stored.record;
        let shown: Vec<&CommitmentView> = filters
            .rows
            .iter()
            .filter(|v| v.meeting.slug == r.event_slug)
            .collect();
        let this_one = by_meeting.as_deref() == Some(r.event_slug.as_str());
        if (by_meeting.is_some() && !this_one) || (by_meeting.is_none() && shown.is_empty()) {
            continue;
        }
        let agreements: Vec<ReportAgreement> = r
            .agreements
            .iter()
            .map(|a| ReportAgreement {
                number: a.number,
                text: a.text.clone(),
                commitments: shown
                    .iter()
                    .filter(|v| v.agreement == a.number)
                    .map(|v| (*v).clone())
                    .collect(),
            })
            .filter(|a| this_one || !a.commitments.is_empty())
            .collect();
        meetings.push(ReportMeeting {
            meeting: meeting_label(&meeting_of(r, &event.details.title)),
            place: r.place.clone(),
            dates_tentative: r.dates_tentative,
            agreements,
        });
    }
    Report {
        filters,
        meetings,
        generated: now
            .with_timezone(&crate::domain::outcomes::REGION_ZONE)
            .date_naive(),
        before,
    }
}
