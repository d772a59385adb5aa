//! The event form's input and its validation into [`EventDetails`].

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{EventDetails, EventKind, EventStatus};
use crate::domain::country::Country;
use crate::domain::error::{Field, Problem, ValidationErrors};
use crate::domain::lang::Localized;
use crate::domain::text;
use crate::domain::time::{EventDates, LocalTimes, form_time};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 10_000;
/// Longest city or venue, in characters.
pub const MAX_PLACE: usize = 200;
/// Largest capacity.
pub const MAX_CAPACITY: u32 = 100_000;

/// An event as typed in a form or given in demo data: unvalidated text fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventInput {
    /// ISO code of the host.
    pub host: String,
    /// ISO codes of co-hosts.
    pub cohosts: Vec<String>,
    /// City.
    pub city: String,
    /// Venue.
    pub venue: String,
    /// IANA zone; empty means the host capital's.
    pub tz: String,
    /// Kind code.
    pub kind: String,
    /// Spanish title.
    pub title_es: String,
    /// English title.
    pub title_en: String,
    /// Spanish description.
    pub description_es: String,
    /// English description.
    pub description_en: String,
    /// Status code; empty means tentative.
    pub status: String,
    /// Capacity; empty means unlimited.
    pub capacity: String,
    /// `YYYY-MM` for a month-only event; empty for exact dates.
    pub month: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// `YYYY-MM-DD`; empty means the start date.
    pub end_date: String,
    /// `HH:MM`; empty for all-day events.
    pub start_time: String,
    /// `HH:MM`; required with a start time.
    pub end_time: String,
}

fn parse_date(errors: &mut ValidationErrors, field: Field, value: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) if (1900..=2200).contains(&chrono::Datelike::year(&date)) => Some(date),
        _ => {
            errors.push(field, Problem::InvalidDate);
            None
        }
    }
}

fn parse_time(errors: &mut ValidationErrors, field: Field, value: &str) -> Option<NaiveTime> {
    let time = form_time(value);
    if time.is_none() {
        errors.push(field, Problem::InvalidTime);
    }
    time
}

impl EventInput {
    /// The form input that describes `d` (to prefill an edit form).
    #[must_use]
    pub fn from_details(d: &EventDetails) -> Self {
        let (month, start_date, end_date) = match d.dates {
            EventDates::Month { year, month } => (
                format!("{year:04}-{month:02}"),
                String::new(),
                String::new(),
            ),
            EventDates::Exact { start, end, .. } => {
                (String::new(), start.to_string(), end.to_string())
            }
        };
        let times = d.dates.times();
        EventInput {
            host: d.host.code().into(),
            cohosts: d.cohosts.iter().map(|c| c.code().to_owned()).collect(),
            city: d.city.clone(),
            venue: d.venue.clone(),
            tz: d.tz.name().into(),
            kind: d.kind.code().into(),
            title_es: d.title.es.clone(),
            title_en: d.title.en.clone(),
            description_es: d.description.es.clone(),
            description_en: d.description.en.clone(),
            status: d.status.code().into(),
            capacity: d.capacity.map(|c| c.to_string()).unwrap_or_default(),
            month,
            start_date,
            end_date,
            start_time: times
                .map(|t| t.start.format("%H:%M").to_string())
                .unwrap_or_default(),
            end_time: times
                .map(|t| t.end.format("%H:%M").to_string())
                .unwrap_or_default(),
        }
    }

    /// Reads the form's fields by input name (`cohosts` as a comma-separated list).
    pub fn from_fields(get: impl Fn(&str) -> String) -> Self {
        EventInput {
            host: get("host"),
            cohosts: get("cohosts")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            city: get("city"),
            venue: get("venue"),
            tz: get("tz"),
            kind: get("kind"),
            title_es: get("title_es"),
            title_en: get("title_en"),
            description_es: get("description_es"),
            description_en: get("description_en"),
            status: get("status"),
            capacity: get("capacity"),
            month: get("month"),
            start_date: get("start_date"),
            end_date: get("end_date"),
            start_time: get("start_time"),
            end_time: get("end_time"),
        }
    }

    /// Validates every field, collecting all problems at once.
    ///
    /// # Errors
    /// [`ValidationErrors`] listing each field's problem, in both languages.
    pub fn validate(&self) -> Result<EventDetails, ValidationErrors> {
        let mut errors = ValidationErrors::default();

        let host = Country::parse(&self.host);
        if host.is_none() {
            errors.push(Field::Host, Problem::UnknownCountry);
        }
        let mut cohosts = Vec::new();
        for code in self.cohosts.iter().filter(|c| !c.trim().is_empty()) {
            match Country::parse(code) {
                Some(c) if Some(c) == host => {}
                Some(c) if !cohosts.contains(&c) => cohosts.push(c),
                Some(_) => {}
                None => errors.push(Field::Cohosts, Problem::UnknownCountry),
            }
        }
        cohosts.sort_unstable();

        let city = errors
            .check(Field::City, text::required(&self.city, MAX_PLACE))
            .unwrap_or_default();
        let venue = errors
            .check(Field::Venue, text::clean(&self.venue, MAX_PLACE, false))
            .unwrap_or_default();

        let tz = if self.tz.trim().is_empty() {
            host.map(Country::capital_zone)
        } else {
            let parsed = self.tz.trim().parse::<Tz>().ok();
            if parsed.is_none() {
                errors.push(Field::TimeZone, Problem::UnknownZone);
            }
            parsed
        };

        let kind = EventKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(Field::Kind, Problem::Required);
        }
        let status = if self.status.trim().is_empty() {
            Some(EventStatus::Tentative)
        } else {
            EventStatus::parse(&self.status)
        };
        if status.is_none() {
            errors.push(Field::Status, Problem::Required);
        }

        let title_es = errors.check(
            Field::TitleEs,
            text::clean(&self.title_es, MAX_TITLE, false),
        );
        let title_en = errors.check(
            Field::TitleEn,
            text::clean(&self.title_en, MAX_TITLE, false),
        );
        // Refused titles have their problem already; only two blank ones make a missing title.
        if title_es.as_deref() == Some("") && title_en.as_deref() == Some("") {
            errors.push(Field::TitleEs, Problem::Required);
        }
        let title = Localized::new(title_es.unwrap_or_default(), title_en.unwrap_or_default());
        let description = Localized::new(
            errors
                .check(
                    Field::DescriptionEs,
                    text::clean(&self.description_es, MAX_DESCRIPTION, true),
                )
                .unwrap_or_default(),
            errors
                .check(
                    Field::DescriptionEn,
                    text::clean(&self.description_en, MAX_DESCRIPTION, true),
                )
                .unwrap_or_default(),
        );

        let capacity = match self.capacity.trim() {
            "" => None,
            raw => match raw.parse::<u32>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
                _ => {
                    errors.push(
                        Field::Capacity,
                        Problem::InvalidNumber { max: MAX_CAPACITY },
                    );
                    None
                }
            },
        };

        let dates = self.validate_dates(&mut errors, tz);

        match (host, tz, kind, status, dates) {
            (Some(host), Some(tz), Some(kind), Some(status), Some(dates)) if errors.is_empty() => {
                Ok(EventDetails {
                    host,
                    cohosts,
                    city,
                    venue,
                    tz,
                    kind,
                    title,
                    description,
                    status,
                    capacity,
                    dates,
                })
            }
            _ => Err(errors),
        }
    }

    fn validate_dates(&self, errors: &mut ValidationErrors, tz: Option<Tz>) -> Option<EventDates> {
        let month = self.month.trim();
        if !month.is_empty() {
            let parsed = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
                .ok()
                .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)));
            return match parsed {
                Some(d) => Some(EventDates::Month {
                    year: chrono::Datelike::year(&d),
                    month: chrono::Datelike::month(&d),
                }),
                None => {
                    errors.push(Field::Month, Problem::InvalidMonth);
                    None
                }
            };
        }
        let start = parse_date(errors, Field::StartDate, &self.start_date)?;
        let end = if self.end_date.trim().is_empty() {
            Some(start)
        } else {
            parse_date(errors, Field::EndDate, &self.end_date)
        }?;
        if end < start {
            errors.push(Field::EndDate, Problem::EndBeforeStart);
            return None;
        }
        if (end - start).num_days() > 366 {
            errors.push(Field::EndDate, Problem::TooLongSpan);
            return None;
        }
        let times = match (self.start_time.trim(), self.end_time.trim()) {
            ("", "") => None,
            (_, "") => {
                errors.push(Field::EndTime, Problem::Required);
                return None;
            }
            ("", _) => {
                errors.push(Field::StartTime, Problem::Required);
                return None;
            }
            (s, e) => {
                let start_time = parse_time(errors, Field::StartTime, s);
                let end_time = parse_time(errors, Field::EndTime, e);
                Some(LocalTimes {
                    start: start_time?,
                    end: end_time?,
                })
            }
        };
        let dates = EventDates::Exact { start, end, times };
        if let (Some(tz), Some(_)) = (tz, times) {
            let starts = dates.starts_at(tz);
            let ends = dates.ends_at(tz);
            if let Err(e) = starts {
                errors.push(Field::StartTime, Problem::from(e));
            }
            if let Err(e) = ends {
                errors.push(Field::EndTime, Problem::from(e));
            }
            if let (Ok(s), Ok(e)) = (starts, ends)
                && e <= s
            {
                errors.push(Field::EndTime, Problem::EndBeforeStart);
            }
        }
        errors.is_empty().then_some(dates)
    }
}
