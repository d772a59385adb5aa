//! Which reminders of a commitment's due date are due at an instant: the officials of each
//! responsible member state are reminded [`REMINDER_DAYS`] (14 and 1) days before its last day
//! ([`DuePoint::last_day`](crate::domain::outcomes::DuePoint::last_day)), the days counted in
//! that country's own zone ([`Party::today`]), while its share is open; and when it falls due
//! within [`DUE_SOON_DAYS`] (7) days, the change log says so once.
//!
//! A reminder is due from its day until the next one takes over (a server that was down on the
//! day sends it late rather than never): the 14-day one while 2 to 14 days are left, the 1-day
//! one while 1 or 0 are left; never once overdue. Each is sent once (its [`DueReminder::key`]).

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::country::Country;
use crate::domain::outcomes::{Commitment, Party};

/// How many days before the last day the reminders go: 14, then 1.
pub const REMINDER_DAYS: [i64; 2] = [14, 1];

/// Within how many days of its last day a commitment "falls due" in the change log.
pub const DUE_SOON_DAYS: i64 = 7;

/// A reminder due: to the officials of `country`, `days` (14 or 1) before `last_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueReminder {
    /// Whose officials are reminded.
    pub country: Country,
    /// Which reminder: 14 or 1 (days before the last day).
    pub days: i64,
    /// The commitment's last day.
    pub last_day: NaiveDate,
    /// The days actually left in the country's zone (at most `days`).
    pub left: i64,
}

impl DueReminder {
    /// The one-time key of this reminder of commitment `id`:
    /// `reminder:{id}:{last day}:{14|1}:{ISO country}` (per country, since each counts its days
    /// in its own zone; a new due date is reminded again).
    #[must_use]
    pub fn key(&self, id: i64) -> String {
        format!(
            "reminder:{id}:{}:{}:{}",
            self.last_day,
            self.days,
            self.country.code()
        )
    }
}

/// Which reminder is due with `left` days to go: 14 for 2..=14, 1 for 0..=1, none otherwise.
#[must_use]
pub fn reminder_for(left: i64) -> Option<i64> {
    match left {
        2..=14 => Some(REMINDER_DAYS[0]),
        0..=1 => Some(REMINDER_DAYS[1]),
        _ => None,
    }
}

/// The reminders of `commitment` due at `now`: one per responsible member state whose share is
/// open (pending or in progress; for all delegations each member's own), in the order of its
/// shares. None without a last day (`event_first_day`: the first day of a `before` event that
/// is not cancelled), and none for the IOM, the RROCM or the secretariat (they have no officials).
#[must_use]
pub fn reminders_due(
    commitment: &Commitment,
    event_first_day: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Vec<DueReminder> {
    let Some(last_day) = commitment.due.last_day(event_first_day) else {
        return Vec::new();
    };
    commitment
        .shares()
        .into_iter()
        .filter(|(_, status)| status.is_open())
        .filter_map(|(party, _)| {
            let country = party.country()?;
            let left = (last_day - Party::Member(country).today(now)).num_days();
            reminder_for(left).map(|days| DueReminder {
                country,
                days,
                last_day,
                left,
            })
        })
        .collect()
}

/// The last day of `commitment` when it falls due within [`DUE_SOON_DAYS`] at `now` for any
/// responsible party whose share is open (each in its own zone): the change log's
/// `commitment-due:{id}:{last day}` entry is written then.
#[must_use]
pub fn falls_due_soon(
    commitment: &Commitment,
    event_first_day: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Option<NaiveDate> {
    let last_day = commitment.due.last_day(event_first_day)?;
    commitment
        .shares()
        .into_iter()
        .any(|(party, status)| {
            status.is_open()
                && (0..=DUE_SOON_DAYS).contains(&(last_day - party.today(now)).num_days())
        })
        .then_some(last_day)
}
