//! Dates and times written out for people, in Spanish and English (the words and patterns are
//! the `fmt_` keys of the locales).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

use super::lang::Lang;
use super::time::EventDates;
use crate::i18n::td_string;

/// The month's name in `lang` (`month` from 1 to 12).
#[must_use]
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    let l = lang.locale();
    match month.clamp(1, 12) {
        1 => td_string!(l, fmt_month_january),
        2 => td_string!(l, fmt_month_february),
        3 => td_string!(l, fmt_month_march),
        4 => td_string!(l, fmt_month_april),
        5 => td_string!(l, fmt_month_may),
        6 => td_string!(l, fmt_month_june),
        7 => td_string!(l, fmt_month_july),
        8 => td_string!(l, fmt_month_august),
        9 => td_string!(l, fmt_month_september),
        10 => td_string!(l, fmt_month_october),
        11 => td_string!(l, fmt_month_november),
        _ => td_string!(l, fmt_month_december),
    }
}

/// The weekday's name in `lang` (0 = Monday).
#[must_use]
pub fn weekday_name(lang: Lang, monday_index: usize, short: bool) -> &'static str {
    let l = lang.locale();
    match (monday_index.min(6), short) {
        (0, false) => td_string!(l, fmt_weekday_monday),
        (1, false) => td_string!(l, fmt_weekday_tuesday),
        (2, false) => td_string!(l, fmt_weekday_wednesday),
        (3, false) => td_string!(l, fmt_weekday_thursday),
        (4, false) => td_string!(l, fmt_weekday_friday),
        (5, false) => td_string!(l, fmt_weekday_saturday),
        (_, false) => td_string!(l, fmt_weekday_sunday),
        (0, true) => td_string!(l, fmt_weekday_short_monday),
        (1, true) => td_string!(l, fmt_weekday_short_tuesday),
        (2, true) => td_string!(l, fmt_weekday_short_wednesday),
        (3, true) => td_string!(l, fmt_weekday_short_thursday),
        (4, true) => td_string!(l, fmt_weekday_short_friday),
        (5, true) => td_string!(l, fmt_weekday_short_saturday),
        (_, true) => td_string!(l, fmt_weekday_short_sunday),
    }
}

/// "febrero de 2011" / "February 2011".
#[must_use]
pub fn month_year(lang: Lang, year: i32, month: u32) -> String {
    td_string!(
        lang.locale(),
        fmt_month_year,
        month = month_name(lang, month),
        year = year
    )
}

/// "1 de diciembre de 2010" / "1 December 2010".
#[must_use]
pub fn date(lang: Lang, d: NaiveDate) -> String {
    td_string!(
        lang.locale(),
        fmt_date,
        day = d.day(),
        month = month_name(lang, d.month()),
        year = d.year()
    )
}

/// A day range written compactly: "1–3 de diciembre de 2010", "30 November – 2 December 2010".
#[must_use]
pub fn date_range(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return date(lang, start);
    }
    let l = lang.locale();
    let same_year = start.year() == end.year();
    let same_month = same_year && start.month() == end.month();
    if same_month {
        td_string!(
            l,
            fmt_range_in_month,
            first = start.day(),
            last = end.day(),
            month = month_name(lang, end.month()),
            year = end.year()
        )
    } else if same_year {
        td_string!(
            l,
            fmt_range_in_year,
            first = start.day(),
            month = month_name(lang, start.month()),
            end = date(lang, end)
        )
    } else {
        td_string!(
            l,
            fmt_range,
            start = date(lang, start),
            end = date(lang, end)
        )
    }
}

/// "09:30" (24-hour clock, as used across the region's official documents).
#[must_use]
pub fn time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// An instant shown in `tz`: "6 de diciembre de 2010, 09:00".
#[must_use]
pub fn instant_in(lang: Lang, instant: DateTime<Tz>) -> String {
    wall_clock(lang, instant.naive_local())
}

/// A wall-clock date and time: "6 de diciembre de 2010, 09:00".
#[must_use]
pub fn wall_clock(lang: Lang, at: NaiveDateTime) -> String {
    td_string!(
        lang.locale(),
        fmt_instant,
        date = date(lang, at.date()),
        time = time(at.time())
    )
}

/// A span of wall-clock times, the day written once when both ends share it:
/// "1 July 2024, 11:00–19:00", or "30 November 2010, 22:00 – 1 December 2010, 06:00".
#[must_use]
pub fn wall_clock_span(lang: Lang, start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() {
        format!("{}–{}", wall_clock(lang, start), time(end.time()))
    } else {
        format!("{} – {}", wall_clock(lang, start), wall_clock(lang, end))
    }
}

/// An event's dates in its own zone, with "(dates to be confirmed)" for month-only events.
#[must_use]
pub fn event_dates(lang: Lang, dates: &EventDates) -> String {
    let l = lang.locale();
    match *dates {
        EventDates::Month { year, month } => {
            td_string!(l, fmt_month_only, month = month_year(lang, year, month))
        }
        EventDates::Exact {
            start,
            end,
            times: None,
        } => date_range(lang, start, end),
        EventDates::Exact {
            start,
            end,
            times: Some(times),
        } if start == end => td_string!(
            l,
            fmt_day_with_times,
            date = date(lang, start),
            start = time(times.start),
            end = time(times.end)
        ),
        EventDates::Exact {
            start,
            end,
            times: Some(times),
        } => td_string!(
            l,
            fmt_days_with_times,
            start_date = date(lang, start),
            start = time(times.start),
            end_date = date(lang, end),
            end = time(times.end)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::LocalTimes;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_read_naturally_in_both_languages() {
        assert_eq!(
            date_range(Lang::Es, d(2010, 12, 1), d(2010, 12, 3)),
            "1–3 de diciembre de 2010"
        );
        assert_eq!(
            date_range(Lang::En, d(2010, 12, 1), d(2010, 12, 3)),
            "1–3 December 2010"
        );
        assert_eq!(
            date_range(Lang::En, d(2010, 11, 30), d(2010, 12, 2)),
            "30 November – 2 December 2010"
        );
        assert_eq!(
            date_range(Lang::Es, d(2010, 12, 30), d(2011, 1, 2)),
            "30 de diciembre de 2010 – 2 de enero de 2011"
        );
        assert_eq!(
            date_range(Lang::Es, d(2010, 11, 16), d(2010, 11, 16)),
            "16 de noviembre de 2010"
        );
    }

    #[test]
    fn month_only_and_timed_events_are_written_out() {
        let month = EventDates::Month {
            year: 2011,
            month: 2,
        };
        assert_eq!(
            event_dates(Lang::Es, &month),
            "febrero de 2011 (fechas por confirmar)"
        );
        let timed = EventDates::Exact {
            start: d(2010, 11, 16),
            end: d(2010, 11, 16),
            times: Some(LocalTimes {
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            }),
        };
        assert_eq!(
            event_dates(Lang::En, &timed),
            "16 November 2010, 09:00–17:30"
        );
    }
}
