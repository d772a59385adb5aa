//! Events: what they are, their kinds and statuses, and the validation of a proposed event.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::error::{Field, Problem, ValidationErrors};
use super::lang::{Lang, Localized};
use super::text;
use super::time::{EventDates, LocalTimeError, LocalTimes};

/// What kind of gathering an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    /// A working event, usually one to three days (*taller*).
    Workshop,
    /// A conference (*conferencia*).
    Conference,
    /// A meeting (*reunión*).
    Meeting,
}

impl EventKind {
    /// All kinds.
    pub const ALL: [EventKind; 3] = [
        EventKind::Workshop,
        EventKind::Conference,
        EventKind::Meeting,
    ];

    /// The stable code stored and used in URLs.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Workshop => "workshop",
            EventKind::Conference => "conference",
            EventKind::Meeting => "meeting",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The kind's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EventKind::Workshop, Lang::Es) => "Taller",
            (EventKind::Workshop, Lang::En) => "Workshop",
            (EventKind::Conference, Lang::Es) => "Conferencia",
            (EventKind::Conference, Lang::En) => "Conference",
            (EventKind::Meeting, Lang::Es) => "Reunión",
            (EventKind::Meeting, Lang::En) => "Meeting",
        }
    }
}

/// Where an event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventStatus {
    /// Proposed; dates may change.
    Tentative,
    /// Dates confirmed by the host.
    Confirmed,
    /// Moved to new dates.
    Postponed,
    /// Will not take place; stays visible, marked cancelled.
    Cancelled,
}

impl EventStatus {
    /// All statuses.
    pub const ALL: [EventStatus; 4] = [
        EventStatus::Tentative,
        EventStatus::Confirmed,
        EventStatus::Postponed,
        EventStatus::Cancelled,
    ];

    /// The stable code stored in the database.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            EventStatus::Tentative => "tentative",
            EventStatus::Confirmed => "confirmed",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<EventStatus> {
        EventStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    /// The status's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EventStatus::Tentative, Lang::Es) => "Por confirmar",
            (EventStatus::Tentative, Lang::En) => "Tentative",
            (EventStatus::Confirmed, Lang::Es) => "Confirmado",
            (EventStatus::Confirmed, Lang::En) => "Confirmed",
            (EventStatus::Postponed, Lang::Es) => "Aplazado",
            (EventStatus::Postponed, Lang::En) => "Postponed",
            (EventStatus::Cancelled, Lang::Es) => "Cancelado",
            (EventStatus::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

/// A published event, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Database identity.
    pub id: i64,
    /// The event's part of its page URL (`/events/{slug}`).
    pub slug: String,
    /// The iCalendar UID; never changes, even when the event is postponed (RFC 5545 §3.8.4.7).
    pub uid: String,
    /// The validated content.
    pub details: EventDetails,
    /// Bumped by every change that matters to a calendar; the feeds' SEQUENCE.
    pub revision: i64,
    /// Bumped by every change at all; a save based on an older version is refused.
    pub version: i64,
    /// False for a draft: seen only by its hosts and the secretariat, deletable.
    pub published: bool,
    /// Why the event was cancelled (empty otherwise).
    pub cancel_reason: String,
    /// When the event was cancelled, if it is (feeds keep it for 30 days from then).
    pub cancelled_at: Option<DateTime<Utc>>,
    /// When the event was created.
    pub created_at: DateTime<Utc>,
    /// When the event last changed; the feeds' DTSTAMP and LAST-MODIFIED.
    pub updated_at: DateTime<Utc>,
}

/// The content of an event, valid by construction through [`EventInput::validate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDetails {
    /// The hosting member state.
    pub host: Country,
    /// Co-hosting member states (never the host itself).
    pub cohosts: Vec<Country>,
    /// City.
    pub city: String,
    /// Venue (may be empty when not yet known).
    pub venue: String,
    /// The IANA zone the event's dates and times are local to.
    pub tz: Tz,
    /// Kind.
    pub kind: EventKind,
    /// Title, Spanish and English.
    pub title: Localized,
    /// Description, Spanish and English.
    pub description: Localized,
    /// Status.
    pub status: EventStatus,
    /// Seats, when limited.
    pub capacity: Option<u32>,
    /// When it happens.
    pub dates: EventDates,
}

impl EventDetails {
    /// The instant the event starts.
    ///
    /// # Errors
    /// Only for data that skipped validation; validated details always resolve.
    pub fn starts_at(&self) -> Result<DateTime<Utc>, LocalTimeError> {
        self.dates.starts_at(self.tz)
    }

    /// The instant the event ends.
    ///
    /// # Errors
    /// Only for data that skipped validation; validated details always resolve.
    pub fn ends_at(&self) -> Result<DateTime<Utc>, LocalTimeError> {
        self.dates.ends_at(self.tz)
    }

    /// All hosting countries: the host first, then the co-hosts.
    pub fn hosts(&self) -> impl Iterator<Item = Country> + '_ {
        std::iter::once(self.host).chain(self.cohosts.iter().copied())
    }
}

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
    let value = value.trim();
    NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S"))
        .map_err(|_| errors.push(field, Problem::InvalidTime))
        .ok()
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

/// A URL slug from a title and a start date: lower-case ASCII words joined by hyphens, accents
/// folded, at most about 60 characters, ending with the year (`taller-legislacion-2010`).
#[must_use]
pub fn slug_base(title: &str, year: i32) -> String {
    let folded: String = title
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .collect();
    let mut slug = String::new();
    for word in folded.split_whitespace() {
        if slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() || slug == "new" {
        slug.push_str("evento");
    }
    format!("{slug}-{year}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_end_with_the_year() {
        assert_eq!(
            slug_base("Taller de Modernización: ¡Legislación!", 2010),
            "taller-de-modernizacion-legislacion-2010"
        );
        assert_eq!(slug_base("<script>", 2027), "script-2027");
        assert_eq!(slug_base("!!!", 2027), "evento-2027");
        assert!(slug_base(&"palabra ".repeat(40), 2027).len() <= 66);
    }

    #[test]
    fn details_round_trip_through_the_form() {
        let details = workshop().validate().unwrap();
        let input = EventInput::from_details(&details);
        assert_eq!(input.validate().unwrap(), details);
    }

    fn workshop() -> EventInput {
        EventInput {
            host: "SV".into(),
            city: "San Salvador".into(),
            kind: "workshop".into(),
            title_es: "Taller de Modernización de la Legislación".into(),
            start_date: "2010-12-01".into(),
            end_date: "2010-12-03".into(),
            ..EventInput::default()
        }
    }

    fn problems(input: &EventInput) -> Vec<(Field, Problem)> {
        input
            .validate()
            .unwrap_err()
            .items()
            .iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn valid_workshop_defaults_to_the_host_capital_zone() {
        let details = workshop().validate().unwrap();
        assert_eq!(details.tz, chrono_tz::America::El_Salvador);
        assert_eq!(details.status, EventStatus::Tentative);
    }

    #[test]
    fn city_can_override_the_zone() {
        let input = EventInput {
            host: "MX".into(),
            tz: "America/Tijuana".into(),
            ..workshop()
        };
        assert_eq!(input.validate().unwrap().tz, chrono_tz::America::Tijuana);
    }

    #[test]
    fn end_before_start_is_refused() {
        let input = EventInput {
            end_date: "2010-11-30".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(Field::EndDate, Problem::EndBeforeStart)]
        );
    }

    #[test]
    fn unknown_zone_and_country_are_refused() {
        let input = EventInput {
            host: "FR".into(),
            tz: "Mars/Olympus".into(),
            ..workshop()
        };
        let found = problems(&input);
        assert!(found.contains(&(Field::Host, Problem::UnknownCountry)));
        assert!(found.contains(&(Field::TimeZone, Problem::UnknownZone)));
    }

    #[test]
    fn time_in_a_daylight_saving_gap_is_refused() {
        let input = EventInput {
            host: "US".into(),
            start_date: "2024-03-10".into(),
            end_date: "2024-03-10".into(),
            start_time: "02:30".into(),
            end_time: "10:00".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(Field::StartTime, Problem::NonexistentTime)]
        );
    }

    #[test]
    fn ambiguous_time_is_refused() {
        let input = EventInput {
            host: "CA".into(),
            start_date: "2024-11-03".into(),
            end_date: "2024-11-03".into(),
            start_time: "01:30".into(),
            end_time: "10:00".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(Field::StartTime, Problem::AmbiguousTime)]
        );
    }

    #[test]
    fn overlong_title_and_control_characters_are_refused() {
        let input = EventInput {
            title_es: "x".repeat(MAX_TITLE + 1),
            city: "San\u{7}Salvador".into(),
            ..workshop()
        };
        let found = problems(&input);
        assert!(found.contains(&(Field::TitleEs, Problem::TooLong { max: MAX_TITLE })));
        assert!(found.contains(&(Field::City, Problem::ControlCharacters)));
    }

    #[test]
    fn descriptions_may_have_line_breaks_but_titles_may_not() {
        let input = EventInput {
            description_es: "Línea uno\r\nLínea dos".into(),
            ..workshop()
        };
        assert_eq!(
            input.validate().unwrap().description.es,
            "Línea uno\nLínea dos"
        );
        let input = EventInput {
            title_en: "A\nB".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(Field::TitleEn, Problem::ControlCharacters)]
        );
    }

    #[test]
    fn month_only_event_needs_a_valid_month() {
        let input = EventInput {
            month: "2011-02".into(),
            ..workshop()
        };
        assert_eq!(
            input.validate().unwrap().dates,
            EventDates::Month {
                year: 2011,
                month: 2
            }
        );
        let input = EventInput {
            month: "2011-13".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(Field::Month, Problem::InvalidMonth)]
        );
    }

    #[test]
    fn cohosts_drop_the_host_and_duplicates() {
        let input = EventInput {
            cohosts: vec!["gt".into(), "SV".into(), "GT".into()],
            ..workshop()
        };
        assert_eq!(input.validate().unwrap().cohosts, vec![Country::GT]);
    }

    #[test]
    fn capacity_must_be_a_positive_number() {
        let input = EventInput {
            capacity: "-3".into(),
            ..workshop()
        };
        assert_eq!(
            problems(&input),
            vec![(
                Field::Capacity,
                Problem::InvalidNumber { max: MAX_CAPACITY }
            )]
        );
        let input = EventInput {
            capacity: "50".into(),
            ..workshop()
        };
        assert_eq!(input.validate().unwrap().capacity, Some(50));
    }
}
