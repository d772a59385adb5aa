//! The month calendar's layout: weeks from Monday, multi-day events as bars spanning their days,
//! stacked in lanes so that bars never overlap; month-only events kept apart from the grid.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::time::{EventDates, first_of_month, first_of_next_month};

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM` (years 1900 to 2200).
    #[must_use]
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1900..=2200).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// The month containing `date`.
    #[must_use]
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Its first day.
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        first_of_month(self.year, self.month).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The following month.
    #[must_use]
    pub fn next(self) -> Month {
        first_of_next_month(self.first_day()).map_or(self, Month::of)
    }

    /// The preceding month.
    #[must_use]
    pub fn prev(self) -> Month {
        self.first_day().pred_opt().map_or(self, Month::of)
    }

    /// `YYYY-MM`.
    #[must_use]
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// One event's bar within one week: columns are 0 (Monday) to 6 (Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// Index of the event in the list given to [`layout`].
    pub event: usize,
    /// First column covered.
    pub start_col: u32,
    /// Number of columns covered (1 to 7).
    pub span: u32,
    /// The lane (row under the day numbers), from 0.
    pub lane: u32,
    /// The event started before this week (the bar continues from the left).
    pub continues_before: bool,
    /// The event goes on after this week.
    pub continues_after: bool,
}

/// One week row of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// The seven days, Monday first (days of neighbouring months included).
    pub days: Vec<NaiveDate>,
    /// The bars, by lane then column.
    pub bars: Vec<Bar>,
    /// Number of lanes used.
    pub lanes: u32,
}

/// The laid-out month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLayout {
    /// The month shown.
    pub month: Month,
    /// Its week rows.
    pub weeks: Vec<Week>,
    /// Indexes of month-only events of this month, listed apart from the grid.
    pub month_only: Vec<usize>,
}

/// Lays out `events` (their dates, local to each event) on the grid of `month`.
#[must_use]
pub fn layout(month: Month, events: &[EventDates]) -> MonthLayout {
    let first = month.first_day();
    let last = month.last_day();
    let grid_start = first - Days::new(u64::from(first.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    let mut week_start = grid_start;
    while week_start <= last {
        let days: Vec<NaiveDate> = (0..7)
            .filter_map(|i| week_start.checked_add_days(Days::new(i)))
            .collect();
        let week_end = days.last().copied().unwrap_or(week_start);
        let mut spans: Vec<(usize, NaiveDate, NaiveDate)> = events
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.is_month_only())
            .filter(|(_, d)| d.first_day() <= week_end && d.last_day() >= week_start)
            .map(|(i, d)| (i, d.first_day().max(week_start), d.last_day().min(week_end)))
            .collect();
        // Longer bars first, then earlier starts: the usual calendar packing.
        spans.sort_by_key(|&(i, s, e)| (s, std::cmp::Reverse(e), i));
        let mut lane_ends: Vec<NaiveDate> = Vec::new();
        let mut bars = Vec::new();
        for (i, s, e) in spans {
            let lane = lane_ends
                .iter()
                .position(|&end| end < s)
                .unwrap_or(lane_ends.len());
            if lane == lane_ends.len() {
                lane_ends.push(e);
            } else {
                lane_ends[lane] = e;
            }
            let col = |d: NaiveDate| u32::try_from((d - week_start).num_days()).unwrap_or(0);
            bars.push(Bar {
                event: i,
                start_col: col(s),
                span: col(e) - col(s) + 1,
                lane: u32::try_from(lane).unwrap_or(u32::MAX),
                continues_before: events[i].first_day() < week_start,
                continues_after: events[i].last_day() > week_end,
            });
        }
        bars.sort_by_key(|b| (b.lane, b.start_col));
        weeks.push(Week {
            days,
            bars,
            lanes: u32::try_from(lane_ends.len()).unwrap_or(u32::MAX),
        });
        week_start = week_start + Days::new(7);
    }
    let month_only = events
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d, EventDates::Month { year, month: m } if *year == month.year && *m == month.month))
        .map(|(i, _)| i)
        .collect();
    MonthLayout {
        month,
        weeks,
        month_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn exact(s: NaiveDate, e: NaiveDate) -> EventDates {
        EventDates::Exact {
            start: s,
            end: e,
            times: None,
        }
    }

    #[test]
    fn december_2010_starts_on_a_monday_grid_with_five_weeks() {
        let m = Month::parse("2010-12").unwrap();
        let l = layout(m, &[]);
        assert_eq!(l.weeks.len(), 5);
        assert_eq!(l.weeks[0].days[0], d(2010, 11, 29));
        assert_eq!(l.weeks[4].days[6], d(2011, 1, 2));
    }

    #[test]
    fn multi_day_workshop_spans_its_three_days() {
        let m = Month::parse("2010-12").unwrap();
        let events = [
            exact(d(2010, 12, 1), d(2010, 12, 3)),
            exact(d(2010, 12, 6), d(2010, 12, 7)),
        ];
        let l = layout(m, &events);
        let bar = l.weeks[0].bars[0];
        assert_eq!((bar.event, bar.start_col, bar.span, bar.lane), (0, 2, 3, 0));
        let bar = l.weeks[1].bars[0];
        assert_eq!((bar.event, bar.start_col, bar.span), (1, 0, 2));
    }

    #[test]
    fn month_only_events_stay_off_the_grid() {
        let m = Month::parse("2011-02").unwrap();
        let events = [
            EventDates::Month {
                year: 2011,
                month: 2,
            },
            EventDates::Month {
                year: 2011,
                month: 3,
            },
        ];
        let l = layout(m, &events);
        assert_eq!(l.month_only, vec![0]);
        assert!(l.weeks.iter().all(|w| w.bars.is_empty()));
    }

    #[test]
    fn months_parse_and_step_across_years() {
        let m = Month::parse("2010-12").unwrap();
        assert_eq!(m.next().key(), "2011-01");
        assert_eq!(m.next().prev(), m);
        assert_eq!(Month::parse("2010-1"), None);
        assert_eq!(Month::parse("2010-13"), None);
        assert_eq!(Month::parse("abcd-ef"), None);
    }

    proptest! {
        #[test]
        fn bars_cover_exactly_their_days_and_never_collide(
            spans in prop::collection::vec((0u64..40, 0u64..12), 0..25)
        ) {
            let base = d(2010, 11, 20);
            let events: Vec<_> = spans
                .iter()
                .map(|&(s, len)| exact(base + Days::new(s), base + Days::new(s + len)))
                .collect();
            let l = layout(Month::parse("2010-12").unwrap(), &events);
            for week in &l.weeks {
                let mut used = std::collections::HashSet::new();
                for bar in &week.bars {
                    for c in bar.start_col..bar.start_col + bar.span {
                        prop_assert!(used.insert((bar.lane, c)), "collision");
                        prop_assert!(events[bar.event].covers(week.days[c as usize]));
                    }
                }
                for (i, e) in events.iter().enumerate() {
                    for (c, day) in week.days.iter().enumerate() {
                        if e.covers(*day) {
                            let c = u32::try_from(c).unwrap();
                            prop_assert!(week.bars.iter().any(|b| b.event == i && b.start_col <= c && c < b.start_col + b.span));
                        }
                    }
                }
            }
        }
    }
}
