//! What a meeting record holds: its agreements, their commitments, due points and progress notes;
//! and the changes of status a follow-up makes, checked.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::OutcomeProblem;
use super::party::Party;
use super::status::{CommitmentStatus, RecordStatus, may_move, roll_up, roll_up_percent};
use crate::domain::country::Country;
use crate::domain::event::{Event, EventStatus};
use crate::domain::lang::{Lang, Localized};
use crate::domain::time::EventDates;
use crate::i18n::td_string;

/// What validation needs to know of an event a record belongs to or names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRef {
    /// Database identity.
    pub id: i64,
    /// The event's slug (`/events/{slug}`).
    pub slug: String,
    /// Its status (a cancelled event cannot be a due point).
    pub status: EventStatus,
    /// Its dates, as precisely as known.
    pub dates: EventDates,
}

impl EventRef {
    /// The reference to a stored event.
    #[must_use]
    pub fn of(event: &Event) -> EventRef {
        EventRef {
            id: event.id,
            slug: event.slug.clone(),
            status: event.details.status,
            dates: event.details.dates,
        }
    }

    /// True when the event's dates are not settled: tentative, or only the month known.
    #[must_use]
    pub fn dates_tentative(&self) -> bool {
        self.dates.is_month_only() || self.status == EventStatus::Tentative
    }
}

/// By when a commitment is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DuePoint {
    /// By this day (inclusive), in each responsible party's own zone.
    On(NaiveDate),
    /// Before a later event starts (for example the network's next meeting), by its slug.
    Before {
        /// The event's slug.
        event: String,
    },
    /// Once a condition is met ("once the final version exists").
    When(Localized),
    /// Again and again, with no end ("periodically").
    Periodically,
    /// The record states no due point.
    Unstated,
}

impl DuePoint {
    /// The stored code of the kind: `on`, `before`, `when`, `periodically` or `unstated`.
    #[must_use]
    pub fn kind_code(&self) -> &'static str {
        match self {
            DuePoint::On(_) => "on",
            DuePoint::Before { .. } => "before",
            DuePoint::When(_) => "when",
            DuePoint::Periodically => "periodically",
            DuePoint::Unstated => "unstated",
        }
    }

    /// The kind's name in `lang`, for a form's choice.
    #[must_use]
    pub fn kind_label(code: &str, lang: Lang) -> Option<&'static str> {
        let l = lang.locale();
        Some(match code {
            "on" => td_string!(l, oc_due_on),
            "before" => td_string!(l, oc_due_before),
            "when" => td_string!(l, oc_due_when),
            "periodically" => td_string!(l, oc_due_periodically),
            "unstated" => td_string!(l, oc_due_unstated),
            _ => return None,
        })
    }

    /// The slug of the event it waits for, for `Before`.
    #[must_use]
    pub fn event(&self) -> Option<&str> {
        match self {
            DuePoint::Before { event } => Some(event),
            _ => None,
        }
    }

    /// The last day to carry it out: the day itself for `On`, the day before the event's first
    /// day for `Before` (`event_first_day`: that event's, `None` when it is cancelled or unknown);
    /// none for the other kinds. This is the to-do's `DUE` date.
    #[must_use]
    pub fn last_day(&self, event_first_day: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            DuePoint::On(day) => Some(*day),
            DuePoint::Before { .. } => event_first_day.and_then(|d| d.pred_opt()),
            DuePoint::When(_) | DuePoint::Periodically | DuePoint::Unstated => None,
        }
    }
}

/// A dated note on how a commitment is going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    /// The day it was written, in the writer's zone.
    pub on: NaiveDate,
    /// Whose progress it tells: a responsible party (a member, for all delegations).
    pub party: Party,
    /// The note, in one language or both.
    pub text: Localized,
}

/// Who does what, by when, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// The responsible parties, sorted, without repeats; `[AllDelegations]` alone or without it.
    pub parties: Vec<Party>,
    /// What they do.
    pub action: Localized,
    /// By when.
    pub due: DuePoint,
    /// Where it stands; for all delegations, always the [`roll_up`] of `members`.
    pub status: CommitmentStatus,
    /// For all delegations, each member's own status; empty otherwise.
    pub members: BTreeMap<Country, CommitmentStatus>,
    /// Progress notes, oldest first.
    pub notes: Vec<ProgressNote>,
}

/// What an RFC 5545 `VTODO` shows of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TodoFields {
    /// `STATUS`: `NEEDS-ACTION`, `IN-PROCESS`, `COMPLETED` or `CANCELLED`.
    pub status: &'static str,
    /// `PERCENT-COMPLETE`, 0 to 100.
    pub percent: u8,
    /// `DUE;VALUE=DATE`, where the commitment has a date.
    pub due: Option<NaiveDate>,
}

impl Commitment {
    /// True for an "all delegations" commitment (one status per member).
    #[must_use]
    pub fn is_all_delegations(&self) -> bool {
        self.parties == [Party::AllDelegations]
    }

    /// True when `party` is responsible: listed, or a member of all delegations.
    #[must_use]
    pub fn binds(&self, party: Party) -> bool {
        self.status_of(party).is_some()
    }

    /// Where `party`'s share stands: a member's own status for all delegations, the shared
    /// status for a listed party; `None` when the party is not responsible.
    #[must_use]
    pub fn status_of(&self, party: Party) -> Option<CommitmentStatus> {
        if self.parties.contains(&party) {
            return Some(self.status);
        }
        match party {
            Party::Member(c) if self.is_all_delegations() => self.members.get(&c).copied(),
            _ => None,
        }
    }

    /// The parties whose days count for being overdue, with their statuses: each member for all
    /// delegations, otherwise the listed parties sharing the status.
    #[must_use]
    pub fn shares(&self) -> Vec<(Party, CommitmentStatus)> {
        if self.is_all_delegations() {
            self.members
                .iter()
                .map(|(c, s)| (Party::Member(*c), *s))
                .collect()
        } else {
            self.parties.iter().map(|p| (*p, self.status)).collect()
        }
    }

    /// `PERCENT-COMPLETE`: the status's, or the members' roll-up.
    #[must_use]
    pub fn percent(&self) -> u8 {
        if self.is_all_delegations() {
            roll_up_percent(self.members.values().copied())
        } else {
            self.status.percent()
        }
    }

    /// What a to-do shows: status, percent and the due date (see [`DuePoint::last_day`]).
    #[must_use]
    pub fn todo(&self, event_first_day: Option<NaiveDate>) -> TodoFields {
        TodoFields {
            status: self.status.vtodo_status(),
            percent: self.percent(),
            due: self.due.last_day(event_first_day),
        }
    }

    /// Moves the shared status to `to`.
    ///
    /// # Errors
    /// [`OutcomeProblem::PerMember`] for all delegations (use [`Commitment::move_member`]);
    /// [`OutcomeProblem::MoveNotAllowed`] when [`may_move`] refuses.
    pub fn move_to(&mut self, to: CommitmentStatus) -> Result<(), OutcomeProblem> {
        if self.is_all_delegations() {
            return Err(OutcomeProblem::PerMember);
        }
        if !may_move(self.status, to) {
            return Err(OutcomeProblem::MoveNotAllowed {
                from: self.status,
                to,
            });
        }
        self.status = to;
        Ok(())
    }

    /// Adds a progress note, kept in date order (a note of the same day goes after the others).
    ///
    /// # Errors
    /// [`OutcomeProblem::NotAMember`] when the note's party is not responsible for the
    /// commitment (for all delegations, a note is a member's).
    pub fn add_note(&mut self, note: ProgressNote) -> Result<(), OutcomeProblem> {
        if !self.binds(note.party) || note.party == Party::AllDelegations {
            return Err(OutcomeProblem::NotAMember);
        }
        let at = self.notes.partition_point(|n| n.on <= note.on);
        self.notes.insert(at, note);
        Ok(())
    }

    /// Moves one member's status to `to`, and the overall status to the new roll-up.
    ///
    /// # Errors
    /// [`OutcomeProblem::NotAMember`] when `member` is not among all delegations (or the
    /// commitment is not theirs); [`OutcomeProblem::MoveNotAllowed`] when [`may_move`] refuses.
    pub fn move_member(
        &mut self,
        member: Country,
        to: CommitmentStatus,
    ) -> Result<(), OutcomeProblem> {
        if !self.is_all_delegations() {
            return Err(OutcomeProblem::NotAMember);
        }
        let Some(current) = self.members.get_mut(&member) else {
            return Err(OutcomeProblem::NotAMember);
        };
        if !may_move(*current, to) {
            return Err(OutcomeProblem::MoveNotAllowed { from: *current, to });
        }
        *current = to;
        self.status = roll_up(self.members.values().copied());
        Ok(())
    }
}

/// A numbered agreement (*acuerdo*) of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Its number in the report, from 1.
    pub number: u32,
    /// Its text, Spanish and English.
    pub text: Localized,
    /// The slugs of the events it names.
    pub events: Vec<String>,
    /// What it commits someone to (often nothing).
    pub commitments: Vec<Commitment>,
}

/// The record of a meeting, workshop or conference: its report and what it agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// The event it belongs to.
    pub event_id: i64,
    /// That event's slug.
    pub event_slug: String,
    /// The report's title.
    pub title: Localized,
    /// Where the meeting took place, as the report says.
    pub place: String,
    /// When: the event's dates.
    pub dates: EventDates,
    /// True when those dates are not settled (a tentative or month-only event): shown as such.
    pub dates_tentative: bool,
    /// Draft, or final and public.
    pub status: RecordStatus,
    /// The report's opening paragraph (may be empty).
    pub preamble: Localized,
    /// The member states whose delegations took part: the members of "all delegations".
    pub delegations: Vec<Country>,
    /// The agreements, by number.
    pub agreements: Vec<Agreement>,
}

impl MeetingRecord {
    /// "Dates to be confirmed" in `lang`, when the record's dates are tentative.
    #[must_use]
    pub fn tentative_note(&self, lang: Lang) -> Option<&'static str> {
        self.dates_tentative
            .then(|| td_string!(lang.locale(), oc_dates_tentative))
    }

    /// Every commitment, with the number of its agreement.
    pub fn commitments(&self) -> impl Iterator<Item = (u32, &Commitment)> + '_ {
        self.agreements
            .iter()
            .flat_map(|a| a.commitments.iter().map(move |c| (a.number, c)))
    }
}
