//! The time-triggered entries of the change log: an upcoming published event whose registration
//! is open and closes within 7 days (its deadline, inclusive, counted in the event's own zone) is
//! told once, with the key `deadline-soon:{event}:{deadline}`. Run by each periodic clean-up
//! round ([`crate::housekeeping`]); the key makes a second round, or a second server on the same
//! database, write nothing more. A deadline moved later is a new deadline, told again.

use app::domain::{Event, EventStatus};
use app::ssr::store::DynStore;
use app::ssr::{EventQuery, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};

use super::told::{About, deadline_soon};

/// How many days ahead a deadline is news.
pub const DAYS_AHEAD: i64 = 7;

/// Upcoming events looked at, at most (a region has far fewer).
const LOOKED_AT: u32 = 1000;

/// Whether `deadline` (the last day to register) falls within [`DAYS_AHEAD`] days of `today`,
/// today included; a deadline already past is not.
#[must_use]
pub fn closes_soon(deadline: NaiveDate, today: NaiveDate) -> bool {
    let left = (deadline - today).num_days();
    (0..=DAYS_AHEAD).contains(&left)
}

/// The event's calendar day at `now`, in its own zone.
#[must_use]
pub fn today_at(event: &Event, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&event.details.tz).date_naive()
}

/// One round: tells every deadline closing soon not told yet; returns how many it wrote.
///
/// # Errors
/// The store's.
pub async fn run_once(store: &DynStore, now: DateTime<Utc>) -> StoreResult<usize> {
    let events = store
        .list_events(EventQuery::Upcoming {
            now,
            limit: LOOKED_AT,
        })
        .await?;
    let mut written = 0;
    for event in events
        .iter()
        .filter(|e| e.published && e.details.status != EventStatus::Cancelled)
    {
        let settings = store.registration_settings(event.id).await?;
        let Some(deadline) = settings.deadline.filter(|_| settings.open) else {
            continue;
        };
        if !closes_soon(deadline, today_at(event, now)) {
            continue;
        }
        let change = deadline_soon(About::of(event), deadline);
        if store.add_change(&change, now).await? {
            written += 1;
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seven_days_ahead_today_included_and_nothing_past() {
        let today = day(2026, 12, 1);
        assert!(closes_soon(today, today));
        assert!(closes_soon(day(2026, 12, 8), today));
        assert!(!closes_soon(day(2026, 12, 9), today));
        assert!(!closes_soon(day(2026, 11, 30), today));
    }
}
