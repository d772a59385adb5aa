//! Dates and times written out for people, in Spanish and English.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;

use super::lang::Lang;
use super::time::EventDates;

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS_ES: [&str; 7] = [
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const WEEKDAYS_SHORT_ES: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
const WEEKDAYS_SHORT_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The month's name in `lang` (`month` from 1 to 12).
#[must_use]
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Es => MONTHS_ES[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// The weekday's name in `lang` (0 = Monday).
#[must_use]
pub fn weekday_name(lang: Lang, monday_index: usize, short: bool) -> &'static str {
    let i = monday_index.min(6);
    match (lang, short) {
        (Lang::Es, false) => WEEKDAYS_ES[i],
        (Lang::En, false) => WEEKDAYS_EN[i],
        (Lang::Es, true) => WEEKDAYS_SHORT_ES[i],
        (Lang::En, true) => WEEKDAYS_SHORT_EN[i],
    }
}

/// "febrero de 2011" / "February 2011".
#[must_use]
pub fn month_year(lang: Lang, year: i32, month: u32) -> String {
    match lang {
        Lang::Es => format!("{} de {year}", month_name(lang, month)),
        Lang::En => format!("{} {year}", month_name(lang, month)),
    }
}

/// "1 de diciembre de 2010" / "1 December 2010".
#[must_use]
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Es => format!(
            "{} de {} de {}",
            d.day(),
            month_name(lang, d.month()),
            d.year()
        ),
        Lang::En => format!("{} {} {}", d.day(), month_name(lang, d.month()), d.year()),
    }
}

/// A day range written compactly: "1–3 de diciembre de 2010", "30 November – 2 December 2010".
#[must_use]
pub fn date_range(lang: Lang, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return date(lang, start);
    }
    let same_year = start.year() == end.year();
    let same_month = same_year && start.month() == end.month();
    match lang {
        Lang::Es if same_month => format!(
            "{}–{} de {} de {}",
            start.day(),
            end.day(),
            month_name(lang, end.month()),
            end.year()
        ),
        Lang::En if same_month => format!(
            "{}–{} {} {}",
            start.day(),
            end.day(),
            month_name(lang, end.month()),
            end.year()
        ),
        Lang::Es if same_year => format!(
            "{} de {} – {}",
            start.day(),
            month_name(lang, start.month()),
            date(lang, end)
        ),
        Lang::En if same_year => format!(
            "{} {} – {}",
            start.day(),
            month_name(lang, start.month()),
            date(lang, end)
        ),
        _ => format!("{} – {}", date(lang, start), date(lang, end)),
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
    format!(
        "{}, {}",
        date(lang, instant.date_naive()),
        time(instant.time())
    )
}

/// An event's dates in its own zone, with "(dates to be confirmed)" for month-only events.
#[must_use]
pub fn event_dates(lang: Lang, dates: &EventDates) -> String {
    match *dates {
        EventDates::Month { year, month } => match lang {
            Lang::Es => format!("{} (fechas por confirmar)", month_year(lang, year, month)),
            Lang::En => format!("{} (dates to be confirmed)", month_year(lang, year, month)),
        },
        EventDates::Exact {
            start,
            end,
            times: None,
        } => date_range(lang, start, end),
        EventDates::Exact {
            start,
            end,
            times: Some(times),
        } if start == end => {
            format!(
                "{}, {}–{}",
                date(lang, start),
                time(times.start),
                time(times.end)
            )
        }
        EventDates::Exact {
            start,
            end,
            times: Some(times),
        } => format!(
            "{}, {} – {}, {}",
            date(lang, start),
            time(times.start),
            date(lang, end),
            time(times.end)
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
