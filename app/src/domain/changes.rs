//! The region's change log: what changed (an event published, postponed or cancelled, a
//! registration opened or closing soon, a meeting record published or made final, a commitment's
//! status changed or falling due), told in both languages **when it happens** and kept as told.
//! The Atom feeds and the e-mail digest read these entries; nothing is recomputed from today's
//! state, so an entry's id, time and words never change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::country::Country;
use crate::domain::lang::Localized;

/// What kind of change an entry tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChangeKind {
    /// An event was published (it appears in the calendar).
    EventPublished,
    /// An event's dates moved (the entry tells the old and the new dates).
    EventPostponed,
    /// An event was cancelled.
    EventCancelled,
    /// An event opened its registration.
    RegistrationOpened,
    /// An event's registration deadline is within 7 days.
    DeadlineSoon,
    /// A meeting record was published (entered as final).
    RecordPublished,
    /// A draft meeting record was made final.
    RecordFinal,
    /// A commitment's status changed (a member's, for all delegations).
    CommitmentStatus,
    /// A commitment falls due (its last day is near).
    CommitmentDue,
}

impl ChangeKind {
    /// Every kind.
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::EventPublished,
        ChangeKind::EventPostponed,
        ChangeKind::EventCancelled,
        ChangeKind::RegistrationOpened,
        ChangeKind::DeadlineSoon,
        ChangeKind::RecordPublished,
        ChangeKind::RecordFinal,
        ChangeKind::CommitmentStatus,
        ChangeKind::CommitmentDue,
    ];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::EventPublished => "event_published",
            ChangeKind::EventPostponed => "event_postponed",
            ChangeKind::EventCancelled => "event_cancelled",
            ChangeKind::RegistrationOpened => "registration_opened",
            ChangeKind::DeadlineSoon => "deadline_soon",
            ChangeKind::RecordPublished => "record_published",
            ChangeKind::RecordFinal => "record_final",
            ChangeKind::CommitmentStatus => "commitment_status",
            ChangeKind::CommitmentDue => "commitment_due",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A change, told when it happens, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewChange {
    /// A key naming this change once (`commitment-status:{id}:{sequence}`,
    /// `deadline-soon:{event id}:{deadline}`...): a second entry with the same key is not
    /// written, so a change told twice (a retried job, two instances) is told once.
    pub key: String,
    /// Its kind.
    pub kind: ChangeKind,
    /// The event it is about, if any (a commitment's meeting).
    pub event_id: Option<i64>,
    /// The site path it links to (`/events/{slug}`, `/commitments#c-{id}`).
    pub path: String,
    /// The member states it concerns (an event's hosts, a commitment's responsible members):
    /// a country's feed and digest show the entries naming it. Empty: region-wide only.
    pub countries: Vec<Country>,
    /// Its title, in both languages.
    pub title: Localized,
    /// What changed, in both languages (old and new dates for a postponement, old and new
    /// status for a commitment).
    pub summary: Localized,
}

/// A stored change-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// Its stable id (the Atom entry's id is derived from it).
    pub id: i64,
    /// When it was written: the time of the change.
    pub at: DateTime<Utc>,
    /// What was told.
    pub change: NewChange,
}

impl NewChange {
    /// True when the entry concerns `country` (a country's feed).
    #[must_use]
    pub fn concerns(&self, country: Country) -> bool {
        self.countries.contains(&country)
    }
}
