//! When the weekly digest goes out: on the day of the week and at the hour the secretariat set
//! (Monday 08:00 by default), in the region's zone ([`REGION_ZONE`]); and which stretch of the
//! change log it covers: from where the last digest stopped (at most [`MAX_SPAN_DAYS`] back; a
//! week back for the first one) to the latest such slot. Each week has one key, so with two
//! servers on one database one digest goes out per week.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::outcomes::REGION_ZONE;

/// The longest stretch one digest covers (a server that was down for months sends one digest of
/// the last four weeks, not a flood).
pub const MAX_SPAN_DAYS: i64 = 28;

/// The day and hour of the weekly digest, in the region's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSchedule {
    /// The day of the week.
    pub weekday: Weekday,
    /// The hour, 0 to 23.
    pub hour: u32,
}

impl Default for DigestSchedule {
    fn default() -> Self {
        DigestSchedule {
            weekday: Weekday::Mon,
            hour: 8,
        }
    }
}

impl DigestSchedule {
    /// From the stored numbers: the day from Monday (0) to Sunday (6), the hour from 0 to 23.
    #[must_use]
    pub fn from_numbers(day: u32, hour: u32) -> Option<DigestSchedule> {
        let weekday = Weekday::try_from(u8::try_from(day).ok()?).ok()?;
        (hour < 24).then_some(DigestSchedule { weekday, hour })
    }

    /// The day as stored: Monday 0 to Sunday 6.
    #[must_use]
    pub fn day_number(&self) -> u32 {
        self.weekday.num_days_from_monday()
    }

    /// The latest slot at or before `now`: the last time it was this day and hour in the region.
    #[must_use]
    pub fn latest_slot(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let today = now.with_timezone(&REGION_ZONE).date_naive();
        (0..=8)
            .filter_map(|back| today.checked_sub_signed(Duration::days(back)))
            .filter(|day| day.weekday() == self.weekday)
            .map(|day| region_instant(day, self.hour))
            .find(|at| *at <= now)
            .unwrap_or(now)
    }
}

/// The instant of `hour`:00 on `day` in the region's zone (the first such instant; an hour a
/// clock change skipped counts from the hour after).
fn region_instant(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    (hour..hour + 3)
        .filter_map(|h| day.and_hms_opt(h % 24, 0, 0))
        .find_map(|local| REGION_ZONE.from_local_datetime(&local).earliest())
        .map_or_else(
            || Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)),
            |at| at.with_timezone(&Utc),
        )
}

/// One week's digest: its key and the stretch of the change log it covers, `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestWindow {
    /// `digest:{ISO year}-W{week}` of the slot's day in the region: one digest per week.
    pub key: String,
    /// The first instant covered.
    pub from: DateTime<Utc>,
    /// The slot: the first instant not covered.
    pub to: DateTime<Utc>,
}

impl DigestWindow {
    /// True when it covers nothing (the last digest already reached its slot).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.from >= self.to
    }
}

/// The digest due at `now` under `schedule`, given where the last one stopped (`last_until`):
/// it ends at the latest slot and starts where the last one stopped (no entry told twice, none
/// skipped when the day or hour changed), a week back for the first, at most
/// [`MAX_SPAN_DAYS`] back.
#[must_use]
pub fn digest_window(
    schedule: DigestSchedule,
    last_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> DigestWindow {
    let to = schedule.latest_slot(now);
    let from = last_until
        .unwrap_or(to - Duration::days(7))
        .max(to - Duration::days(MAX_SPAN_DAYS));
    let week = to.with_timezone(&REGION_ZONE).date_naive().iso_week();
    DigestWindow {
        key: format!("digest:{}-W{:02}", week.year(), week.week()),
        from,
        to,
    }
}
