//! Coordination across the region: events that overlap, leave delegates too little time to travel
//! between countries, fall on public holidays, double-book a delegate, or (dates not yet fixed)
//! may clash; found by sorting and sweeping, never by comparing all pairs, and explained in
//! Spanish and English.
//!
//! # The rules
//! - **Cancelled events are ignored**: they will not take place. So are month-only events whose
//!   month is impossible (old data): nothing is known about when they happen.
//! - **Days** are always an event's local dates in its own zone: an event in Guatemala on 1–3
//!   December touches 1, 2 and 3 December, whatever the zone of the event it is compared with.
//!   Dates given backwards (old data) are read as the days between them.
//! - **Overlap**: two timed events overlap when their instants do (half-open: one ending at 12:00
//!   and another starting at 12:00 do not). Any other pair (all-day with all-day, or all-day with
//!   timed) overlaps when their days share at least one day: an all-day event takes its whole days,
//!   so a timed event on one of them is inside it. A timed event whose local times do not resolve
//!   (a daylight-saving gap or overlap in data that skipped validation, or an end not after its
//!   start) is taken as all-day on its dates.
//! - **Possible clash**: a month-only (tentative) event and any other event touching that month,
//!   including another month-only event. A possible clash is never also reported as an overlap or
//!   a travel gap, and month-only events are not checked against holidays: their days are unknown.
//! - **Travel gap**: two events hosted by different countries that do not overlap but leave fewer
//!   than [`Options::min_free_days`] free days between them. Free days are the days strictly
//!   between the last day of the earlier event and the first day of the later one: an event
//!   ending on 3 December and another starting on 6 December leave two (4 and 5 December); one
//!   starting on 5 December leaves one (enough by default); one starting on 4 December leaves none.
//!   Two timed events on the same day in different countries that do not overlap leave none.
//!   Every such pair in the region is reported, not only events that follow each other directly:
//!   each pair may share delegates, and a delegate's own next event is what matters.
//!   The host is where an event happens; co-hosts do not move it.
//! - **Audience**: two events share an audience when they are of the same kind, or when a
//!   delegation or a person is registered to both. A shared audience raises the severity of
//!   overlaps and travel gaps.
//! - **Double booking**: a person registered to two events that overlap, may clash, or leave too
//!   little time to travel, reported once per person and pair.
//! - **Holiday**: a public holiday of the host country on one of the event's days. Holidays are an
//!   input, so this module stays free of data crates.
//!
//! # Cost
//! [`find_conflicts`] sorts the events and sweeps them with active sets ordered by end, so it takes
//! O(n log n + r log r + h log h + k) for n events, r registrations, h holidays and k conflicting
//! pairs. The conflicts themselves can be quadratic (thousands of events in one month), so at most
//! [`Options::max_per_kind`] of each kind are kept; the others are still counted.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::event::{Event, EventDetails};
use super::lang::{Lang, Localized};

mod check;
mod explain;
mod legs;
mod sweep;
pub mod view;

pub use check::{Acknowledgement, DateCheck, MAX_ACK_NOTE, Warning, parse_ack_note};
#[cfg(test)]
mod tests;

pub use legs::{Leg, travel_legs};

/// One event as the engine sees it: its identity and its details, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    /// The stored event's id (`None` for an event not saved yet).
    pub id: Option<i64>,
    /// The iCalendar UID (empty for an event not saved yet); names the event in conflict keys.
    pub uid: &'a str,
    /// What, where and when.
    pub details: &'a EventDetails,
}

impl<'a> From<&'a Event> for Entry<'a> {
    fn from(event: &'a Event) -> Self {
        Entry {
            id: Some(event.id),
            uid: &event.uid,
            details: &event.details,
        }
    }
}

impl<'a> Entry<'a> {
    /// A proposed event as typed in a form: new (`existing` is `None`), or `existing` with new
    /// details (moved, confirmed, edited), keeping its identity.
    #[must_use]
    pub fn proposed(details: &'a EventDetails, existing: Option<&'a Event>) -> Self {
        Entry {
            id: existing.map(|e| e.id),
            uid: existing.map_or("", |e| e.uid.as_str()),
            details,
        }
    }
}

/// The engine's view of stored events, in the same order.
#[must_use]
pub fn entries(events: &[Event]) -> Vec<Entry<'_>> {
    events.iter().map(Entry::from).collect()
}

/// A person's registration to an event, as far as coordination needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Registration {
    /// The event's id; registrations to unknown events are ignored.
    pub event_id: i64,
    /// Who: a stable key that is also shown in explanations (a name or an e-mail address);
    /// empty when unknown.
    pub person: String,
    /// The delegation the person comes with (a country code, `OIM`, `RROCM`…); empty when none.
    pub delegation: String,
}

/// A public holiday of a member country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The country that observes it.
    pub country: Country,
    /// The day.
    pub date: NaiveDate,
    /// Its name, Spanish and English (either may be missing).
    pub name: Localized,
}

/// Fewest free days between events in different countries, by default.
pub const DEFAULT_MIN_FREE_DAYS: u32 = 1;
/// The largest accepted minimum of free days; larger settings are read as this.
pub const MAX_MIN_FREE_DAYS: u32 = 366;
/// How many conflicts of each kind a report keeps, by default.
pub const DEFAULT_MAX_PER_KIND: usize = 10_000;

/// How the engine judges and how much it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Fewest free days needed between events in different countries (at most
    /// [`MAX_MIN_FREE_DAYS`]; 0 turns travel gaps off).
    pub min_free_days: u32,
    /// How many conflicts of each kind [`find_conflicts`] keeps; the rest are only counted.
    pub max_per_kind: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_free_days: DEFAULT_MIN_FREE_DAYS,
            max_per_kind: DEFAULT_MAX_PER_KIND,
        }
    }
}

impl Options {
    /// The minimum of free days, bounded.
    fn min_free(self) -> i64 {
        i64::from(self.min_free_days.min(MAX_MIN_FREE_DAYS))
    }
}

/// How much a conflict matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Worth knowing: a possible clash, a holiday, a travel gap between unrelated events.
    Low,
    /// Worth a look: an overlap, a travel gap between events sharing an audience.
    Medium,
    /// Needs action: overlapping events sharing an audience, a person booked into both.
    High,
}

impl Severity {
    /// The stable code (for styles and exports).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// The severity's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            Severity::Low => crate::i18n::td_string!(l, coord_severity_low),
            Severity::Medium => crate::i18n::td_string!(l, coord_severity_medium),
            Severity::High => crate::i18n::td_string!(l, coord_severity_high),
        }
    }
}

/// What kind of conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictKind {
    /// Two events overlap.
    Overlap,
    /// A month-only event may clash with another event in its month.
    PossibleClash,
    /// Two events in different countries leave too little time to travel.
    TravelGap,
    /// An event falls on a public holiday of its host country.
    Holiday,
    /// A person is registered to two events that clash.
    DoubleBooking,
}

impl ConflictKind {
    /// All kinds.
    pub const ALL: [ConflictKind; 5] = [
        ConflictKind::Overlap,
        ConflictKind::PossibleClash,
        ConflictKind::TravelGap,
        ConflictKind::Holiday,
        ConflictKind::DoubleBooking,
    ];

    /// The stable code, first part of a conflict's key.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            ConflictKind::Overlap => "overlap",
            ConflictKind::PossibleClash => "possible-clash",
            ConflictKind::TravelGap => "travel-gap",
            ConflictKind::Holiday => "holiday",
            ConflictKind::DoubleBooking => "double-booking",
        }
    }

    /// The kind's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            ConflictKind::Overlap => crate::i18n::td_string!(l, coord_kind_overlap),
            ConflictKind::PossibleClash => crate::i18n::td_string!(l, coord_kind_possible_clash),
            ConflictKind::TravelGap => crate::i18n::td_string!(l, coord_kind_travel_gap),
            ConflictKind::Holiday => crate::i18n::td_string!(l, coord_kind_holiday),
            ConflictKind::DoubleBooking => crate::i18n::td_string!(l, coord_kind_double_booking),
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// How two events clash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clash {
    /// They overlap.
    Overlap,
    /// One has only its month set, and the other touches that month.
    Possible,
    /// They are in different countries with too few free days between them.
    TravelGap {
        /// Days strictly between the earlier event's last day and the later one's first day.
        free_days: u32,
        /// The minimum asked for.
        required: u32,
    },
}

/// What two events have in common, beyond their dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Audience {
    /// Both events are of the same kind.
    pub same_kind: bool,
    /// How many delegations are registered to both.
    pub delegations: u32,
    /// How many people are registered to both.
    pub people: u32,
}

impl Audience {
    /// True when anything is shared.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        self.same_kind || self.delegations > 0 || self.people > 0
    }
}

/// One conflict, borrowing the events, holiday or person it is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Conflict<'a> {
    /// Two events clash: overlap, possible clash or travel gap.
    Events {
        /// How.
        clash: Clash,
        /// The earlier event (for a possible clash, the month-only one).
        first: &'a Entry<'a>,
        /// The other event.
        second: &'a Entry<'a>,
        /// What they have in common.
        audience: Audience,
    },
    /// An event falls on a public holiday of its host country.
    Holiday {
        /// The event.
        event: &'a Entry<'a>,
        /// The holiday.
        holiday: &'a Holiday,
    },
    /// A person is registered to two events that clash.
    Person {
        /// How the events clash.
        clash: Clash,
        /// The person's key.
        person: &'a str,
        /// The earlier event.
        first: &'a Entry<'a>,
        /// The other event.
        second: &'a Entry<'a>,
    },
}

impl<'a> Conflict<'a> {
    /// What kind of conflict this is.
    #[must_use]
    pub fn kind(&self) -> ConflictKind {
        match self {
            Conflict::Events { clash, .. } => match clash {
                Clash::Overlap => ConflictKind::Overlap,
                Clash::Possible => ConflictKind::PossibleClash,
                Clash::TravelGap { .. } => ConflictKind::TravelGap,
            },
            Conflict::Holiday { .. } => ConflictKind::Holiday,
            Conflict::Person { .. } => ConflictKind::DoubleBooking,
        }
    }

    /// How much it matters: overlaps are medium and travel gaps low, one step higher when the
    /// events share an audience; possible clashes and holidays are low; a person booked into
    /// overlapping events is high, with too little time to travel medium, into a possible clash low.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match *self {
            Conflict::Events {
                clash, audience, ..
            } => match clash {
                Clash::Overlap if audience.is_shared() => Severity::High,
                Clash::Overlap => Severity::Medium,
                Clash::TravelGap { .. } if audience.is_shared() => Severity::Medium,
                Clash::TravelGap { .. } | Clash::Possible => Severity::Low,
            },
            Conflict::Holiday { .. } => Severity::Low,
            Conflict::Person { clash, .. } => match clash {
                Clash::Overlap => Severity::High,
                Clash::TravelGap { .. } => Severity::Medium,
                Clash::Possible => Severity::Low,
            },
        }
    }

    /// The events involved: one for a holiday, two otherwise.
    pub fn events(&self) -> impl Iterator<Item = &'a Entry<'a>> + use<'a> {
        let (one, two) = match *self {
            Conflict::Events { first, second, .. } | Conflict::Person { first, second, .. } => {
                (first, Some(second))
            }
            Conflict::Holiday { event, .. } => (event, None),
        };
        std::iter::once(one).chain(two)
    }

    /// The first day the conflict concerns (the earliest first day of its events, or the holiday).
    #[must_use]
    pub fn day(&self) -> NaiveDate {
        match *self {
            Conflict::Holiday { holiday, .. } => holiday.date,
            _ => self
                .events()
                .map(|e| sweep::first_day(e.details))
                .min()
                .unwrap_or(NaiveDate::MIN),
        }
    }

    /// A key that stays the same while the same events (and holiday or person) conflict in the same
    /// way, whatever their order or dates, so that an acknowledgement can be stored against it:
    /// `overlap:UID1:UID2` with the UIDs sorted, `holiday:UID:GT:2010-12-24`,
    /// `double-booking:UID1:UID2:PERSON`. An event not saved yet is named `new`.
    #[must_use]
    pub fn key(&self) -> String {
        let kind = self.kind().code();
        match *self {
            Conflict::Events { first, second, .. } => {
                let (a, b) = sorted_uids(first, second);
                format!("{kind}:{a}:{b}")
            }
            Conflict::Holiday { event, holiday } => format!(
                "{kind}:{}:{}:{}",
                uid_or_new(event),
                holiday.country.code(),
                holiday.date
            ),
            Conflict::Person {
                person,
                first,
                second,
                ..
            } => {
                let (a, b) = sorted_uids(first, second);
                format!("{kind}:{a}:{b}:{person}")
            }
        }
    }
}

fn uid_or_new<'a>(entry: &Entry<'a>) -> &'a str {
    if entry.uid.is_empty() {
        "new"
    } else {
        entry.uid
    }
}

fn sorted_uids<'a>(a: &Entry<'a>, b: &Entry<'a>) -> (&'a str, &'a str) {
    let (a, b) = (uid_or_new(a), uid_or_new(b));
    if a <= b { (a, b) } else { (b, a) }
}

/// All conflicts of a calendar, with how many of each kind exist.
#[derive(Debug, Clone, PartialEq)]
pub struct Report<'a> {
    /// The conflicts kept (at most [`Options::max_per_kind`] of each kind, the first found in date
    /// order), ordered by [`Conflict::day`], then kind.
    pub conflicts: Vec<Conflict<'a>>,
    found: [usize; ConflictKind::ALL.len()],
}

impl Report<'_> {
    /// How many conflicts of `kind` exist, including those not kept.
    #[must_use]
    pub fn found(&self, kind: ConflictKind) -> usize {
        self.found[kind.slot()]
    }

    /// True when some conflicts were counted but not kept.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.found.iter().sum::<usize>() > self.conflicts.len()
    }
}

/// Every conflict among `events`: overlaps, possible clashes, travel gaps, holidays (from
/// `holidays`) and double bookings (from `registrations`), by the rules of this module.
#[must_use]
pub fn find_conflicts<'a>(
    events: &'a [Entry<'a>],
    registrations: &'a [Registration],
    holidays: &'a [Holiday],
    options: Options,
) -> Report<'a> {
    sweep::find(events, registrations, holidays, options)
}

/// The conflicts that `candidate` (a new event, or a stored one with new details) would have with
/// `events`, as a form shows them before saving. Entries of `events` with the candidate's id or
/// UID (its stored version) are left out; registrations to that id count as the candidate's.
/// Compares the candidate with each event once (after sorting the registrations); nothing is
/// capped.
#[must_use]
pub fn conflicts_with<'a>(
    candidate: &'a Entry<'a>,
    events: &'a [Entry<'a>],
    registrations: &'a [Registration],
    holidays: &'a [Holiday],
    options: Options,
) -> Vec<Conflict<'a>> {
    sweep::candidate(candidate, events, registrations, holidays, options)
}

/// How two events clash, if they do, by the rules of this module (`None` also when either is
/// ignored, such as a cancelled event).
#[must_use]
pub fn clash(a: &Entry<'_>, b: &Entry<'_>, options: Options) -> Option<Clash> {
    let (a, b) = (sweep::Span::of(a.details)?, sweep::Span::of(b.details)?);
    sweep::relation(&a, &b, options.min_free())
}

/// Orders conflicts by day, then kind, keeping the order found among equals.
fn sort_conflicts(conflicts: &mut [Conflict<'_>]) {
    conflicts.sort_by(|a, b| match a.day().cmp(&b.day()) {
        Ordering::Equal => a.kind().cmp(&b.kind()),
        other => other,
    });
}
