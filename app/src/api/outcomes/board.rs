//! The follow-up board's content, built from the commitments a viewer may see: rows, grouped by
//! responsible party (each member of "all delegations" with its own status), filtered by party,
//! status, meeting and "due before {event}", overdue marked at `now` in each party's own zone,
//! and the summary count per party and status. Pure: the server function feeds it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::Localized;
use crate::domain::outcomes::{Commitment, CommitmentStatus, Party, ProgressNote, is_overdue};
use crate::domain::time::EventDates;
use crate::flash::FlashError;

/// The board's filters, as the GET form sends them (`?party=MX&status=pending&meeting=…&before=…`).
/// `party` absent means the viewer's own country for an official; present and empty, every party.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoardQuery {
    /// A party code, or empty for all.
    pub party: Option<String>,
    /// A status code, or empty for all.
    pub status: Option<String>,
    /// A meeting's slug, or empty for all.
    pub meeting: Option<String>,
    /// An event's slug: only commitments whose last day is before it starts.
    pub before: Option<String>,
}

/// An event as a filter or a due point names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLabel {
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: Localized,
    /// Its dates.
    pub dates: EventDates,
    /// True when cancelled (not offered as "due before").
    pub cancelled: bool,
}

/// The meeting a commitment comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLabel {
    /// The event's slug.
    pub slug: String,
    /// The event's title.
    pub event_title: Localized,
    /// The record's title.
    pub title: Localized,
    /// The event's dates.
    pub dates: EventDates,
    /// True while the record is a draft (shown only to its writers).
    pub draft: bool,
}

/// One commitment as the board, the report and the record show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentView {
    /// Its id (`/commitments/{id}`).
    pub id: i64,
    /// Its version (what a follow-up form was based on).
    pub sequence: i64,
    /// Its meeting.
    pub meeting: MeetingLabel,
    /// Its agreement's number.
    pub agreement: u32,
    /// The commitment.
    pub commitment: Commitment,
    /// The event of a "before" due point, when known.
    pub due_event: Option<EventLabel>,
    /// The last day to carry it out, when it has one.
    pub last_day: Option<NaiveDate>,
    /// The first day of the "before" event, when it is not cancelled.
    pub due_event_first_day: Option<NaiveDate>,
    /// The parties it is overdue for at the time of the page.
    pub overdue: Vec<Party>,
}

impl CommitmentView {
    /// The commitment's latest progress notes, newest first.
    #[must_use]
    pub fn notes_newest_first(&self) -> Vec<ProgressNote> {
        self.commitment.notes.iter().rev().cloned().collect()
    }
}

/// One line under a party's heading: a commitment and that party's share of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupItem {
    /// The position of the commitment in [`Board::rows`].
    pub row: usize,
    /// The party's status (a member's own for all delegations).
    pub status: CommitmentStatus,
    /// Overdue for this party.
    pub overdue: bool,
}

/// A responsible party's commitments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyGroup {
    /// The party.
    pub party: Party,
    /// Its commitments.
    pub items: Vec<GroupItem>,
}

/// A party's count per status, in [`CommitmentStatus::ALL`] order, and how many are overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryLine {
    /// The party.
    pub party: Party,
    /// Pending, in progress, done, dropped.
    pub counts: [u32; 4],
    /// Of those, overdue.
    pub overdue: u32,
}

impl SummaryLine {
    /// Every commitment of the party.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

/// The follow-up board.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Board {
    /// Every commitment shown, by meeting date and agreement.
    pub rows: Vec<CommitmentView>,
    /// The rows grouped by party, in [`Party::all`] order.
    pub groups: Vec<PartyGroup>,
    /// The counts per party and status.
    pub summary: Vec<SummaryLine>,
    /// The filters as applied (the party filled in for an official who gave none).
    pub applied: BoardQuery,
    /// The meetings with a record the viewer may see, for the meeting filter.
    pub meetings: Vec<MeetingLabel>,
    /// The events offered as "due before".
    pub events: Vec<EventLabel>,
    /// What was wrong with the filters (an unknown party, status, meeting or event).
    pub errors: Vec<FlashError>,
}

/// A value that is there and not blank.
fn given(value: Option<&String>) -> Option<&str> {
    value.map(|v| v.trim()).filter(|v| !v.is_empty())
}

pub(super) fn problem(field: &str, key: fn(crate::domain::Lang) -> &'static str) -> FlashError {
    use crate::domain::Lang;
    FlashError {
        field: field.into(),
        es: key(Lang::Es).into(),
        en: key(Lang::En).into(),
    }
}

fn unknown_choice(lang: crate::domain::Lang) -> &'static str {
    crate::i18n::td_string!(lang.locale(), ocp_filter_unknown)
}

pub(super) fn unknown_event(lang: crate::domain::Lang) -> &'static str {
    crate::i18n::td_string!(lang.locale(), ocp_filter_unknown_event)
}

fn cancelled_event(lang: crate::domain::Lang) -> &'static str {
    crate::i18n::td_string!(lang.locale(), ocp_filter_cancelled_event)
}

/// The meeting of a stored commitment, as labels show it.
#[cfg(feature = "ssr")]
#[must_use]
pub fn meeting_label(m: &crate::ssr::outcomes::MeetingRef) -> MeetingLabel {
    MeetingLabel {
        slug: m.slug.clone(),
        event_title: m.event_title.clone(),
        title: m.title.clone(),
        dates: m.dates,
        draft: !m.status.is_public(),
    }
}

/// The view of one stored commitment at `now`, naming its "before" event from `events`.
#[cfg(feature = "ssr")]
#[must_use]
pub fn view_of(
    row: &crate::ssr::outcomes::CommitmentRow,
    events: &[EventLabel],
    now: DateTime<Utc>,
) -> CommitmentView {
    let due_event = row
        .commitment
        .due
        .event()
        .and_then(|slug| events.iter().find(|e| e.slug == slug))
        .cloned();
    let first_day = row.due_event_first_day;
    CommitmentView {
        id: row.meta.id,
        sequence: row.meta.sequence,
        meeting: meeting_label(&row.meeting),
        agreement: row.agreement,
        last_day: row.commitment.due.last_day(first_day),
        due_event_first_day: first_day,
        overdue: crate::domain::outcomes::overdue_parties(&row.commitment, now, first_day),
        due_event,
        commitment: row.commitment.clone(),
    }
}

/// What the filters ask for, checked: the party (`own` when none was given), status, meeting
/// and the "before" event's first day, with what was wrong.
struct Filters<'a> {
    party: Option<Party>,
    status: Option<CommitmentStatus>,
    meeting: Option<&'a str>,
    before: Option<(&'a str, NaiveDate)>,
    errors: Vec<FlashError>,
}

impl<'a> Filters<'a> {
    fn read(
        query: &'a BoardQuery,
        own: Option<Party>,
        meetings: &[MeetingLabel],
        events: &[EventLabel],
    ) -> Filters<'a> {
        let mut errors = Vec::new();
        let party = match &query.party {
            None => own,
            Some(code) if code.trim().is_empty() => None,
            Some(code) => {
                let parsed = Party::parse(code).filter(|p| *p != Party::AllDelegations);
                if parsed.is_none() {
                    errors.push(problem("party", unknown_choice));
                }
                parsed
            }
        };
        let status = given(query.status.as_ref()).and_then(|code| {
            let parsed = CommitmentStatus::parse(code);
            if parsed.is_none() {
                errors.push(problem("status", unknown_choice));
            }
            parsed
        });
        let meeting = given(query.meeting.as_ref()).and_then(|slug| {
            let known = meetings.iter().any(|m| m.slug == slug);
            if !known {
                errors.push(problem("meeting", unknown_event));
            }
            known.then_some(slug)
        });
        let before = given(query.before.as_ref()).and_then(|slug| {
            match events.iter().find(|e| e.slug == slug) {
                None => {
                    errors.push(problem("before", unknown_event));
                    None
                }
                Some(e) if e.cancelled => {
                    errors.push(problem("before", cancelled_event));
                    None
                }
                Some(e) => Some((slug, e.dates.first_day())),
            }
        });
        Filters {
            party,
            status,
            meeting,
            before,
            errors,
        }
    }

    /// Whether a commitment passes the meeting and "before" filters.
    fn keeps(&self, view: &CommitmentView) -> bool {
        self.meeting.is_none_or(|m| view.meeting.slug == m)
            && self
                .before
                .is_none_or(|(_, first)| view.last_day.is_some_and(|last| last < first))
    }
}

/// The meetings of `rows`, each once, in order.
#[must_use]
pub fn meetings_of(rows: &[CommitmentView]) -> Vec<MeetingLabel> {
    let mut meetings: Vec<MeetingLabel> = Vec::new();
    for row in rows {
        if !meetings.iter().any(|m| m.slug == row.meeting.slug) {
            meetings.push(row.meeting.clone());
        }
    }
    meetings
}

/// Builds the board from every commitment the viewer may see (`all`, by meeting date and
/// agreement), the events that may be named (`events`), the viewer's own party (`own`: an
/// official's country, the default party filter) at `now`.
#[must_use]
pub fn build(
    all: Vec<CommitmentView>,
    events: &[EventLabel],
    query: &BoardQuery,
    own: Option<Party>,
    now: DateTime<Utc>,
) -> Board {
    let meetings = meetings_of(&all);
    let filters = Filters::read(query, own, &meetings, events);
    let rows: Vec<CommitmentView> = all.into_iter().filter(|v| filters.keeps(v)).collect();
    let mut groups: Vec<PartyGroup> = Vec::new();
    let mut summary: Vec<SummaryLine> = Vec::new();
    for p in Party::all()
        .into_iter()
        .filter(|p| *p != Party::AllDelegations)
        .filter(|p| filters.party.is_none_or(|wanted| wanted == *p))
    {
        let mut items = Vec::new();
        let mut line = SummaryLine {
            party: p,
            counts: [0; 4],
            overdue: 0,
        };
        for (i, view) in rows.iter().enumerate() {
            let Some(share) = view.commitment.status_of(p) else {
                continue;
            };
            if filters.status.is_some_and(|s| s != share) {
                continue;
            }
            let overdue = is_overdue(&view.commitment, p, now, view.due_event_first_day);
            let at = CommitmentStatus::ALL
                .iter()
                .position(|s| *s == share)
                .unwrap_or(0);
            line.counts[at] += 1;
            line.overdue += u32::from(overdue);
            items.push(GroupItem {
                row: i,
                status: share,
                overdue,
            });
        }
        if !items.is_empty() {
            groups.push(PartyGroup { party: p, items });
            summary.push(line);
        }
    }
    Board {
        rows,
        groups,
        summary,
        applied: BoardQuery {
            party: Some(
                filters
                    .party
                    .map(|p| p.code().to_owned())
                    .unwrap_or_default(),
            ),
            status: filters.status.map(|s| s.code().to_owned()),
            meeting: filters.meeting.map(str::to_owned),
            before: filters.before.map(|(slug, _)| slug.to_owned()),
        },
        meetings,
        events: events.iter().filter(|e| !e.cancelled).cloned().collect(),
        errors: filters.errors,
    }
}

#[cfg(test)]
#[path = "board_tests.rs"]
mod tests;
