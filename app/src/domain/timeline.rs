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

/// The day columns a bar's label needs to be read, at a range of `days` columns: about a sixth of
/// the track (some 10rem of a 60rem track), so 31 columns at six months, 6 at one month.
#[must_use]
pub fn label_columns(days: i64) -> i64 {
    ((days + 5) / 6).max(1)
}

/// Where one event's item goes on the timeline track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarPlace {
    /// First grid column of the item (1-based).
    pub start: i64,
    /// Columns the item spans.
    pub span: i64,
    /// Whether the bar is too narrow for its label: then it is drawn as a swatch of the event's
    /// days with the full title beside it, in an item of [`label_columns`] columns.
    pub narrow: bool,
    /// Columns of the item before the swatch (narrow items only).
    pub lead: i64,
    /// The swatch's columns: the event's days within the range.
    pub width: i64,
    /// Columns of the item after the swatch (narrow items only).
    pub trail: i64,
    /// Whether the title goes before the swatch: a narrow bar too near the end of the range for
    /// its title to fit after it; its item then ends with the swatch.
    pub title_first: bool,
}

impl BarPlace {
    /// Lays out a bar over columns `[a, b)` of a track of `days` columns (from
    /// [`MonthRange::columns`]).
    #[must_use]
    pub fn new(days: i64, (a, b): (i64, i64)) -> BarPlace {
        let width = (b - a).max(1);
        let need = label_columns(days).min(days);
        if width >= need {
            return BarPlace {
                start: a,
                span: width,
                narrow: false,
                lead: 0,
                width,
                trail: 0,
                title_first: false,
            };
        }
        // The item must end by the track's last column: when the title does not fit after the
        // swatch, the item ends with the swatch and the title goes before it.
        let title_first = a + need > days + 1;
        let start = if title_first {
            (a + width - need).max(1)
        } else {
            a
        };
        let lead = a - start;
        BarPlace {
            start,
            span: need,
            narrow: true,
            lead,
            width,
            trail: need - lead - width,
            title_first,
        }
    }
}

/// The query of the coordination page zoomed to one month, keeping the status and kind filters
/// when they are real codes (anything else was ignored by the page anyway).
#[must_use]
pub fn zoom_query(month: Month, status: Option<&str>, kind: Option<&str>) -> String {
    let key = month.key();
    let mut query = format!("/coordination?from={key}&to={key}");
    if let Some(s) = status.and_then(EventStatus::parse) {
        query.push_str("&status=");
        query.push_str(s.code());
    }
    if let Some(k) = kind.and_then(EventKind::parse) {
        query.push_str("&kind=");
        query.push_str(k.code());
    }
    query
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
    fn labels_need_a_sixth_of_the_track() {
        assert_eq!(label_columns(182), 31);
        assert_eq!(label_columns(184), 31);
        assert_eq!(label_columns(31), 6);
        assert_eq!(label_columns(7), 2);
        assert_eq!(label_columns(1), 1);
        assert_eq!(label_columns(0), 1);
    }

    #[test]
    fn narrow_bars_get_room_for_their_title_and_stay_on_the_track() {
        // Six months (184 days): a 3-day workshop is too narrow for its label.
        let range = MonthRange::new(month("2010-07"), month("2010-12"));
        let days = range.days();
        assert_eq!(days, 184);
        let cols = range
            .columns(day("2010-07-05"), day("2010-07-07"))
            .expect("in range");
        let place = BarPlace::new(days, cols);
        assert!(place.narrow);
        assert_eq!((place.start, place.span), (5, 31));
        assert_eq!((place.lead, place.width, place.trail), (0, 3, 28));
        assert!(!place.title_first);
        // Near the end, the item starts earlier and the title goes first.
        let cols = range
            .columns(day("2010-12-30"), day("2010-12-31"))
            .expect("in range");
        let place = BarPlace::new(days, cols);
        assert!(place.narrow && place.title_first);
        assert_eq!(
            place.start + place.span,
            days + 1,
            "ends on the last column"
        );
        assert_eq!((place.lead, place.width, place.trail), (29, 2, 0));
        // A little earlier, the title still gets the whole item before the swatch.
        let cols = range
            .columns(day("2010-12-06"), day("2010-12-07"))
            .expect("in range");
        let place = BarPlace::new(days, cols);
        assert!(place.narrow && place.title_first);
        assert_eq!(place.start + place.span, cols.1, "ends with the swatch");
        assert_eq!((place.lead, place.width, place.trail), (29, 2, 0));
        // A long event keeps its own columns.
        let cols = range
            .columns(day("2010-08-01"), day("2010-09-30"))
            .expect("in range");
        let place = BarPlace::new(days, cols);
        assert!(!place.narrow);
        assert_eq!((place.start, place.span), (cols.0, cols.1 - cols.0));
        // Zoomed to one month, a 7-day bar holds its label; the 3-day workshop still needs room.
        let july = MonthRange::new(month("2010-07"), month("2010-07"));
        let cols = july
            .columns(day("2010-07-05"), day("2010-07-11"))
            .expect("in range");
        assert!(!BarPlace::new(july.days(), cols).narrow);
        let cols = july
            .columns(day("2010-07-05"), day("2010-07-07"))
            .expect("in range");
        assert!(BarPlace::new(july.days(), cols).narrow);
    }

    #[test]
    fn month_links_zoom_and_keep_real_filters() {
        assert_eq!(
            zoom_query(month("2010-12"), Some("tentative"), Some("workshop")),
            "/coordination?from=2010-12&to=2010-12&status=tentative&kind=workshop"
        );
        assert_eq!(
            zoom_query(month("2011-02"), Some("<x>"), Some("")),
            "/coordination?from=2011-02&to=2011-02"
        );
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
