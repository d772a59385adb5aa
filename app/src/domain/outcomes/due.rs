//! When a commitment is overdue: on calendar days, in each responsible party's own zone.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::Commitment;
use super::party::Party;

/// Whether `commitment` is overdue for `party` at `now`. The rule: the commitment has a last day
/// ([`DuePoint::last_day`](super::DuePoint::last_day): an `On` date, or the day before a
/// `Before` event's first day, `event_first_day`), the party's share is still open (pending or
/// in progress), and in the party's own zone ([`Party::zone`]: a member's capital, the region's
/// for the IOM, the RROCM and the secretariat) the calendar day is already after that last day.
/// So a commitment due on 31 January is overdue from 1 February 00:00 in Mexico City for Mexico,
/// and from 1 February 00:00 in Santo Domingo, two hours earlier, for the Dominican Republic.
///
/// For all delegations, a member counts with its own status; `Party::AllDelegations` itself is
/// overdue when any member is. A party not responsible is never overdue.
#[must_use]
pub fn is_overdue(
    commitment: &Commitment,
    party: Party,
    now: DateTime<Utc>,
    event_first_day: Option<NaiveDate>,
) -> bool {
    if party == Party::AllDelegations && commitment.is_all_delegations() {
        return !overdue_parties(commitment, now, event_first_day).is_empty();
    }
    let Some(last) = commitment.due.last_day(event_first_day) else {
        return false;
    };
    match commitment.status_of(party) {
        Some(status) if status.is_open() => party.today(now) > last,
        _ => false,
    }
}

/// The parties `commitment` is overdue for at `now` (the members, for all delegations), in
/// order: what the follow-up board marks.
#[must_use]
pub fn overdue_parties(
    commitment: &Commitment,
    now: DateTime<Utc>,
    event_first_day: Option<NaiveDate>,
) -> Vec<Party> {
    let Some(last) = commitment.due.last_day(event_first_day) else {
        return Vec::new();
    };
    commitment
        .shares()
        .into_iter()
        .filter(|(party, status)| status.is_open() && party.today(now) > last)
        .map(|(party, _)| party)
        .collect()
}

/// The days left for `party` until `commitment`'s last day at `now` (0 on the last day itself,
/// negative once overdue); `None` without a last day or when the party is not responsible. For
/// reminders 14 days and 1 day before.
#[must_use]
pub fn days_left(
    commitment: &Commitment,
    party: Party,
    now: DateTime<Utc>,
    event_first_day: Option<NaiveDate>,
) -> Option<i64> {
    let last = commitment.due.last_day(event_first_day)?;
    commitment.status_of(party)?;
    Some((last - party.today(now)).num_days())
}
