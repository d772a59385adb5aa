//! Events reduced to spans of days and instants, and how two spans clash.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::coordination::{Clash, ConflictKind};
use crate::domain::country::Country;
use crate::domain::event::{EventDetails, EventKind, EventStatus};
use crate::domain::time::{EventDates, first_of_month};

/// The first local day of an event, as the engine reads it (dates given backwards are swapped).
pub(in crate::domain::coordination) fn first_day(details: &EventDetails) -> NaiveDate {
    details.dates.first_day().min(details.dates.last_day())
}

/// The last local day of an event, as the engine reads it.
pub(in crate::domain::coordination) fn last_day(details: &EventDetails) -> NaiveDate {
    details.dates.first_day().max(details.dates.last_day())
}

pub(in crate::domain::coordination) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// An event reduced to what the rules look at.
#[derive(Debug, Clone, Copy)]
pub(in crate::domain::coordination) struct Span {
    /// First local day, as a day number.
    pub(in crate::domain::coordination) first: i64,
    /// Last local day (inclusive), as a day number.
    pub(in crate::domain::coordination) last: i64,
    /// Start and end instants of a timed event whose times resolve; `None` when compared by days.
    pub(in crate::domain::coordination) instants: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Only the month is known.
    pub(in crate::domain::coordination) month_only: bool,
    /// Where it happens.
    pub(in crate::domain::coordination) host: Country,
    /// Its kind.
    pub(in crate::domain::coordination) kind: EventKind,
}

impl Span {
    /// The span of an event, or `None` when the engine ignores it (cancelled, impossible month).
    pub(in crate::domain::coordination) fn of(details: &EventDetails) -> Option<Span> {
        if details.status == EventStatus::Cancelled {
            return None;
        }
        let month_only = match details.dates {
            EventDates::Month { year, month } => {
                first_of_month(year, month)?;
                true
            }
            EventDates::Exact { .. } => false,
        };
        let instants = details.dates.times().and_then(|_| {
            let (start, end) = (details.starts_at().ok()?, details.ends_at().ok()?);
            (end > start).then_some((start, end))
        });
        Some(Span {
            first: day_number(first_day(details)),
            last: day_number(last_day(details)),
            instants,
            month_only,
            host: details.host,
            kind: details.kind,
        })
    }
}

/// How two events clash by the module's rules, given the minimum of free days.
pub(in crate::domain::coordination) fn relation(
    a: &Span,
    b: &Span,
    min_free: i64,
) -> Option<Clash> {
    let days_meet = a.first <= b.last && b.first <= a.last;
    if a.month_only || b.month_only {
        return days_meet.then_some(Clash::Possible);
    }
    let overlap = match (a.instants, b.instants) {
        (Some((s1, e1)), Some((s2, e2))) => s1 < e2 && s2 < e1,
        _ => days_meet,
    };
    if overlap {
        return Some(Clash::Overlap);
    }
    if a.host == b.host {
        return None;
    }
    // Days strictly between the earlier's last day and the later's first; none when the days meet
    // (two timed events on the same day that do not overlap).
    let free = (a.first.max(b.first) - a.last.min(b.last) - 1).max(0);
    (free < min_free).then(|| Clash::TravelGap {
        free_days: u32::try_from(free).unwrap_or(u32::MAX),
        required: u32::try_from(min_free).unwrap_or(u32::MAX),
    })
}

pub(in crate::domain::coordination) fn kind_of(clash: Clash) -> ConflictKind {
    match clash {
        Clash::Overlap => ConflictKind::Overlap,
        Clash::Possible => ConflictKind::PossibleClash,
        Clash::TravelGap { .. } => ConflictKind::TravelGap,
    }
}
