//! Event dates: exact days (optionally with local times) or a tentative month, resolved in the
//! event's own IANA zone, with daylight-saving gaps and overlaps refused rather than guessed.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
    Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Local start and end times of a timed event, in the event's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTimes {
    /// Local start time on the start date.
    pub start: NaiveTime,
    /// Local end time on the end date.
    pub end: NaiveTime,
}

/// When an event happens, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventDates {
    /// Known days, inclusive; all-day unless `times` is set.
    Exact {
        /// First day, local to the event.
        start: NaiveDate,
        /// Last day (inclusive), local to the event.
        end: NaiveDate,
        /// Local start and end times, for timed events.
        times: Option<LocalTimes>,
    },
    /// Only the month is known (a tentative event such as "February 2011").
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
}

/// Why a local date and time cannot be turned into one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LocalTimeError {
    /// The clock jumps over this local time (daylight-saving gap).
    #[error("local time does not exist (daylight-saving gap)")]
    Nonexistent,
    /// The local time happens twice (clocks set back).
    #[error("local time is ambiguous (clocks set back)")]
    Ambiguous,
}

/// A time typed in a form: `HH:MM`, or `HH:MM:SS` as a browser may send it, to the minute. The
/// forms show and the stores keep minutes, so seconds (a leap second `:60` too) are dropped
/// here: a time accepted with seconds would not come back the same through the edit form.
#[must_use]
pub fn form_time(value: &str) -> Option<NaiveTime> {
    let value = value.trim();
    let time = NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .ok()?;
    NaiveTime::from_hms_opt(time.hour(), time.minute(), 0)
}

/// Resolves a wall-clock time in `tz` to exactly one instant, refusing gaps and ambiguities.
///
/// # Errors
/// [`LocalTimeError`] when the local time falls in a daylight-saving gap or overlap.
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Tz>, LocalTimeError> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(dt) => Ok(dt),
        LocalResult::Ambiguous(_, _) => Err(LocalTimeError::Ambiguous),
        LocalResult::None => Err(LocalTimeError::Nonexistent),
    }
}

/// The first instant of a local day in `tz`: midnight, or the first minute after a gap at midnight
/// (some zones have changed clocks at midnight).
#[must_use]
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_time(NaiveTime::MIN);
    // A gap lasts at most a few hours; step forward by minutes until the clock exists.
    for _ in 0..(24 * 60) {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => {
                return dt.with_timezone(&Utc);
            }
            LocalResult::None => local += chrono::Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// The first day of `month` in `year`, if the month is valid.
#[must_use]
pub fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// The first day of the month after the one containing `date`.
#[must_use]
pub fn first_of_next_month(date: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

impl EventDates {
    /// The first local day the event may touch (the 1st for a month-only event).
    #[must_use]
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            EventDates::Exact { start, .. } => start,
            EventDates::Month { year, month } => {
                first_of_month(year, month).unwrap_or(NaiveDate::MIN)
            }
        }
    }

    /// The last local day (inclusive) the event may touch (the month's last for a month-only event).
    #[must_use]
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            EventDates::Exact { end, .. } => end,
            EventDates::Month { .. } => first_of_next_month(self.first_day())
                .and_then(|d| d.pred_opt())
                .unwrap_or(NaiveDate::MAX),
        }
    }

    /// True when only the month is known.
    #[must_use]
    pub fn is_month_only(&self) -> bool {
        matches!(self, EventDates::Month { .. })
    }

    /// The local times, for a timed event.
    #[must_use]
    pub fn times(&self) -> Option<LocalTimes> {
        match *self {
            EventDates::Exact { times, .. } => times,
            EventDates::Month { .. } => None,
        }
    }

    /// The instant the event starts (start of its first day for all-day and month-only events).
    ///
    /// # Errors
    /// [`LocalTimeError`] when a local time cannot be resolved in `tz`.
    pub fn starts_at(&self, tz: Tz) -> Result<DateTime<Utc>, LocalTimeError> {
        match self.times() {
            Some(times) => {
                Ok(resolve_local(tz, self.first_day().and_time(times.start))?.with_timezone(&Utc))
            }
            None => Ok(start_of_day(tz, self.first_day())),
        }
    }

    /// The instant the event ends (start of the day after its last day for all-day events).
    ///
    /// # Errors
    /// [`LocalTimeError`] when a local time cannot be resolved in `tz`.
    pub fn ends_at(&self, tz: Tz) -> Result<DateTime<Utc>, LocalTimeError> {
        match self.times() {
            Some(times) => {
                Ok(resolve_local(tz, self.last_day().and_time(times.end))?.with_timezone(&Utc))
            }
            None => Ok(start_of_day(tz, self.exclusive_end_day())),
        }
    }

    /// The day after the last day: the exclusive end of an all-day range (RFC 5545 §3.6.1).
    #[must_use]
    pub fn exclusive_end_day(&self) -> NaiveDate {
        self.last_day()
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX)
    }

    /// True when the event touches the local day `date`.
    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::country::Country;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[rstest]
    #[case(Country::BZ, -6)]
    #[case(Country::CR, -6)]
    #[case(Country::SV, -6)]
    #[case(Country::GT, -6)]
    #[case(Country::HN, -6)]
    #[case(Country::NI, -6)]
    #[case(Country::PA, -5)]
    #[case(Country::DO, -4)]
    #[case(Country::MX, -6)]
    #[case(Country::CA, -4)]
    #[case(Country::US, -4)]
    fn every_capital_zone_resolves_a_july_2024_morning(
        #[case] country: Country,
        #[case] hours: i64,
    ) {
        let dates = EventDates::Exact {
            start: d(2024, 7, 10),
            end: d(2024, 7, 10),
            times: Some(LocalTimes {
                start: t(9, 0),
                end: t(17, 0),
            }),
        };
        let start = dates.starts_at(country.capital_zone()).unwrap();
        let expected = Utc.from_utc_datetime(&d(2024, 7, 10).and_time(t(9, 0)))
            - chrono::Duration::hours(hours);
        assert_eq!(start, expected, "{country:?}");
    }

    #[test]
    fn mexico_city_had_daylight_saving_in_2010_and_none_in_2024() {
        let tz = Country::MX.capital_zone();
        let summer_2010 = resolve_local(tz, d(2010, 7, 1).and_time(t(12, 0))).unwrap();
        assert_eq!(
            summer_2010.with_timezone(&Utc).naive_utc(),
            d(2010, 7, 1).and_time(t(17, 0))
        );
        let summer_2024 = resolve_local(tz, d(2024, 7, 1).and_time(t(12, 0))).unwrap();
        assert_eq!(
            summer_2024.with_timezone(&Utc).naive_utc(),
            d(2024, 7, 1).and_time(t(18, 0))
        );
        // 2010's spring-forward gap (4 April, 02:00 → 03:00) no longer exists in 2024.
        assert_eq!(
            resolve_local(tz, d(2010, 4, 4).and_time(t(2, 30))),
            Err(LocalTimeError::Nonexistent)
        );
        assert!(resolve_local(tz, d(2024, 4, 7).and_time(t(2, 30))).is_ok());
    }

    #[test]
    fn new_york_spring_gap_is_nonexistent_and_fall_overlap_is_ambiguous() {
        let tz = Country::US.capital_zone();
        assert_eq!(
            resolve_local(tz, d(2024, 3, 10).and_time(t(2, 30))),
            Err(LocalTimeError::Nonexistent)
        );
        assert_eq!(
            resolve_local(tz, d(2024, 11, 3).and_time(t(1, 30))),
            Err(LocalTimeError::Ambiguous)
        );
        assert!(resolve_local(tz, d(2024, 3, 10).and_time(t(3, 30))).is_ok());
    }

    #[test]
    fn all_day_event_ends_at_the_start_of_the_following_day() {
        let tz = Country::SV.capital_zone();
        let dates = EventDates::Exact {
            start: d(2010, 12, 1),
            end: d(2010, 12, 3),
            times: None,
        };
        assert_eq!(dates.exclusive_end_day(), d(2010, 12, 4));
        assert_eq!(
            dates.ends_at(tz).unwrap().naive_utc(),
            d(2010, 12, 4).and_time(t(6, 0))
        );
    }

    #[test]
    fn month_only_event_spans_its_whole_month() {
        let dates = EventDates::Month {
            year: 2011,
            month: 2,
        };
        assert_eq!(dates.first_day(), d(2011, 2, 1));
        assert_eq!(dates.last_day(), d(2011, 2, 28));
        assert_eq!(dates.exclusive_end_day(), d(2011, 3, 1));
        assert!(dates.covers(d(2011, 2, 14)));
        assert!(!dates.covers(d(2011, 3, 1)));
        let december = EventDates::Month {
            year: 2010,
            month: 12,
        };
        assert_eq!(december.last_day(), d(2010, 12, 31));
    }
}
