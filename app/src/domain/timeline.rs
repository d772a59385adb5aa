//! The regional timeline's geometry: which day columns an event's bar spans within a range of
//! months, so the coordination page can lay bars out on a CSS grid without JavaScript.

use chrono::NaiveDate;

use super::calendar::Month;
use super::event::{Event, EventKind, EventStatus};
use super::time::EventDates;

/// The most months one timeline shows.
pub const MAX_MONTHS: u32 = 24;

/// A range of whole months, first to last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthRange {
    /// First month.
    pub first: Month,
    /// Last month (not before `first`, at most [`MAX_MONTHS`] after it).
    pub last: Month,
}

impl MonthRange {
    /// A range from `first` to `last`, put in order and cut to [`MAX_MONTHS`].
    #[must_use]
    pub fn new(first: Month, last: Month) -> Self {
        let (first, mut last) = if last.first_day() < first.first_day() {
            (last, first)
        } else {
            (first, last)
        };
        let mut count = 1;
        let mut m = first;
        while m != last && count < MAX_MONTHS {
            m = m.next();
            count += 1;
        }
        last = m;
        MonthRange { first, last }
    }

    /// First day shown.
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        self.first.first_day()
    }

    /// Last day shown.
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.last.last_day()
    }

    /// The months, in order.
    #[must_use]
    pub fn months(self) -> Vec<Month> {
        let mut out = vec![self.first];
        while out.last().is_some_and(|m| *m != self.last) && out.len() < MAX_MONTHS as usize {
            let next = out.last().map_or(self.first, |m| m.next());
            out.push(next);
        }
        out
    }

    /// Number of day columns.
    #[must_use]
    pub fn days(self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// The 1-based grid columns `[start, end)` of a span of days, clipped to the range; `None`
    /// when it falls outside.
    #[must_use]
    pub fn columns(self, first: NaiveDate, last: NaiveDate) -> Option<(i64, i64)> {
        let (first, last) = if last < first {
            (last, first)
        } else {
            (first, last)
        };
        if last < self.first_day() || first > self.last_day() {
            return None;
        }
        let start = (first.max(self.first_day()) - self.first_day()).num_days() + 1;
        let end = (last.min(self.last_day()) - self.first_day()).num_days() + 2;
        Some((start, end))
    }

    /// The columns of an event's dates (a month-only event spans its month).
    #[must_use]
    pub fn event_columns(self, dates: &EventDates) -> Option<(i64, i64)> {
        self.columns(dates.first_day(), dates.last_day())
    }

    /// Whether the range touches a span of days.
    #[must_use]
    pub fn touches(self, first: NaiveDate, last: NaiveDate) -> bool {
        self.columns(first, last).is_some()
    }
}

/// The filters of the coordination page, already read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    /// Months shown.
    pub range: MonthRange,
    /// Only this status.
    pub status: Option<EventStatus>,
    /// Only this kind.
    pub kind: Option<EventKind>,
}

impl Filters {
    /// Reads the page's query. Missing or unreadable months give a default: the six months from
    /// today's, or, when nothing is ahead, the six months up to the last event's.
    #[must_use]
    pub fn read(
        events: &[Event],
        from: Option<&str>,
        to: Option<&str>,
        status: Option<&str>,
        kind: Option<&str>,
        today: NaiveDate,
    ) -> Filters {
        let from = from.and_then(Month::parse);
        let to = to.and_then(Month::parse);
        let anchor =
            if events.is_empty() || events.iter().any(|e| e.details.dates.last_day() >= today) {
                Month::of(today)
            } else {
                let last = events
                    .iter()
                    .map(|e| e.details.dates.first_day())
                    .max()
                    .unwrap_or(today);
                let mut m = Month::of(last);
                for _ in 0..5 {
                    m = m.prev();
                }
                m
            };
        let range = match (from, to) {
            (Some(f), Some(t)) => MonthRange::new(f, t),
            (Some(f), None) => MonthRange::new(f, nth(f, 5)),
            (None, Some(t)) => MonthRange::new(back(t, 5), t),
            (None, None) => MonthRange::new(anchor, nth(anchor, 5)),
        };
        Filters {
            range,
            status: status.and_then(EventStatus::parse),
            kind: kind.and_then(EventKind::parse),
        }
    }

    /// Whether an event is shown.
    #[must_use]
    pub fn keeps(&self, event: &Event) -> bool {
        let d = &event.details;
        self.range.touches(d.dates.first_day(), d.dates.last_day())
            && self.status.is_none_or(|s| d.status == s)
            && self.kind.is_none_or(|k| d.kind == k)
    }
}

fn nth(m: Month, n: u32) -> Month {
    (0..n).fold(m, |m, _| m.next())
}

fn back(m: Month, n: u32) -> Month {
    (0..n).fold(m, |m, _| m.prev())
}

/// The page's filters, as its GET form sends them (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CoordinationQuery {
    /// First month, `YYYY-MM`.
    pub from: Option<String>,
    /// Last month, `YYYY-MM`.
    pub to: Option<String>,
    /// A status code, or empty for all.
    pub status: Option<String>,
    /// A kind code, or empty for all.
    pub kind: Option<String>,
}

/// The range and the events of the coordination page for `query`.
#[cfg(feature = "ssr")]
#[must_use]
pub fn coordination_events(
    all: &[Event],
    query: &CoordinationQuery,
    today: NaiveDate,
) -> (MonthRange, Vec<Event>) {
    let filters = Filters::read(
        all,
        query.from.as_deref(),
        query.to.as_deref(),
        query.status.as_deref(),
        query.kind.as_deref(),
        today,
    );
    let mut events: Vec<Event> = all.iter().filter(|e| filters.keeps(e)).cloned().collect();
    events.sort_by_key(|e| (e.details.dates.first_day(), e.id));
    (filters.range, events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("valid month")
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

    #[test]
    fn bars_are_clipped_to_the_range() {
        let range = MonthRange::new(month("2010-12"), month("2011-02"));
        assert_eq!(range.days(), 31 + 31 + 28);
        assert_eq!(
            range.columns(day("2010-12-01"), day("2010-12-03")),
            Some((1, 4))
        );
        assert_eq!(
            range.columns(day("2010-11-28"), day("2010-12-02")),
            Some((1, 3))
        );
        assert_eq!(
            range.columns(day("2011-02-27"), day("2011-03-05")),
            Some((89, 91))
        );
        assert_eq!(range.columns(day("2010-11-01"), day("2010-11-30")), None);
        let feb = EventDates::Month {
            year: 2011,
            month: 2,
        };
        assert_eq!(range.event_columns(&feb), Some((63, 91)));
    }

    #[test]
    fn the_default_range_shows_what_is_ahead_or_else_the_last_events() {
        let today = day("2026-11-28");
        let f = Filters::read(&[], None, None, None, None, today);
        assert_eq!(f.range, MonthRange::new(month("2026-11"), month("2027-04")));
        let f = Filters::read(
            &[],
            Some("2010-12"),
            Some("nonsense"),
            Some("x"),
            None,
            today,
        );
        assert_eq!(f.range, MonthRange::new(month("2010-12"), month("2011-05")));
        assert_eq!(f.status, None);
    }

    #[test]
    fn ranges_are_ordered_and_bounded() {
        let range = MonthRange::new(month("2012-01"), month("2010-01"));
        assert_eq!(range.first, month("2010-01"));
        assert_eq!(range.months().len(), MAX_MONTHS as usize);
        assert_eq!(range.last, month("2011-12"));
        let one = MonthRange::new(month("2010-12"), month("2010-12"));
        assert_eq!(one.months(), vec![month("2010-12")]);
    }
}
