//! The registration form as typed, and its checks against the event: one
//! [`ValidationErrors`] with every problem, field by field.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::{Delegation, Interpretation, RegistrationDetails, Travel};
use crate::domain::email::Email;
use crate::domain::error::{Field, Problem, ValidationErrors};
use crate::domain::event::Event;
use crate::domain::form::checked;
use crate::domain::lang::Lang;
use crate::domain::text;
use crate::domain::time::form_time;

/// Arrival may be at most this many days before the event's first day (and departure this many
/// after its last): more is almost always a typo, and the hosts plan hotels around it.
pub const MAX_TRAVEL_DAYS: i64 = 7;
/// Longest name, institution, position or organisation, in characters.
pub const MAX_SHORT: usize = 200;
/// Longest dietary or accessibility note, in characters.
pub const MAX_NOTE: usize = 1000;
/// Longest flight number, in characters.
pub const MAX_FLIGHT: usize = 12;

/// The registration form as typed: every field a string, checked by
/// [`RegistrationInput::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RegistrationInput {
    pub name: String,
    pub email: String,
    pub delegation: String,
    pub organisation: String,
    pub institution: String,
    pub position: String,
    pub lang: String,
    pub arrival_date: String,
    pub arrival_time: String,
    pub arrival_flight: String,
    pub departure_date: String,
    pub departure_time: String,
    pub departure_flight: String,
    pub hotel: bool,
    pub transfer: bool,
    pub dietary: String,
    pub accessibility: String,
    pub interpretation: String,
    pub visa_letter: bool,
    pub consent: bool,
}

impl RegistrationInput {
    /// Builds from form fields read by name (checkboxes are `on` when ticked).
    #[must_use]
    pub fn from_fields(get: impl Fn(&str) -> String) -> Self {
        RegistrationInput {
            name: get("name"),
            email: get("email"),
            delegation: get("delegation"),
            organisation: get("organisation"),
            institution: get("institution"),
            position: get("position"),
            lang: get("lang"),
            arrival_date: get("arrival_date"),
            arrival_time: get("arrival_time"),
            arrival_flight: get("arrival_flight"),
            departure_date: get("departure_date"),
            departure_time: get("departure_time"),
            departure_flight: get("departure_flight"),
            hotel: checked(&get("hotel")),
            transfer: checked(&get("transfer")),
            dietary: get("dietary"),
            accessibility: get("accessibility"),
            interpretation: get("interpretation"),
            visa_letter: checked(&get("visa_letter")),
            consent: checked(&get("consent")),
        }
    }

    /// The form's values for stored details (consent is already given).
    #[must_use]
    pub fn from_details(d: &RegistrationDetails) -> Self {
        let date = |t: &Option<Travel>| t.as_ref().map(|t| t.date.to_string()).unwrap_or_default();
        let time = |t: &Option<Travel>| {
            t.as_ref()
                .and_then(|t| t.time)
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default()
        };
        let flight = |t: &Option<Travel>| t.as_ref().map(|t| t.flight.clone()).unwrap_or_default();
        RegistrationInput {
            name: d.name.clone(),
            email: d.email.clone(),
            delegation: d.delegation.code().to_owned(),
            organisation: d.delegation.organisation().to_owned(),
            institution: d.institution.clone(),
            position: d.position.clone(),
            lang: d.lang.code().to_owned(),
            arrival_date: date(&d.arrival),
            arrival_time: time(&d.arrival),
            arrival_flight: flight(&d.arrival),
            departure_date: date(&d.departure),
            departure_time: time(&d.departure),
            departure_flight: flight(&d.departure),
            hotel: d.hotel,
            transfer: d.transfer,
            dietary: d.dietary.clone(),
            accessibility: d.accessibility.clone(),
            interpretation: d
                .interpretation
                .map(|i| i.code().to_owned())
                .unwrap_or_default(),
            visa_letter: d.visa_letter,
            consent: true,
        }
    }

    /// Checks every field against the event's dates; all problems at once.
    ///
    /// # Errors
    /// Every problem found, by field.
    pub fn validate(&self, event: &Event) -> Result<RegistrationDetails, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check(Field::Name, text::required(&self.name, MAX_SHORT));
        let email = errors.check(Field::Email, Email::parse(&self.email));
        let organisation = errors.check(
            Field::Organisation,
            text::clean(&self.organisation, MAX_SHORT, false),
        );
        let delegation = if self.delegation.trim() == "OTHER" {
            match organisation.as_deref() {
                Some("") => {
                    errors.push(Field::Organisation, Problem::Required);
                    None
                }
                Some(name) => Delegation::from_parts("OTHER", name),
                // Its problem is recorded already.
                None => None,
            }
        } else {
            let d = Delegation::from_parts(&self.delegation, "");
            if d.is_none() {
                let problem = if self.delegation.trim().is_empty() {
                    Problem::Required
                } else {
                    Problem::UnknownChoice
                };
                errors.push(Field::Delegation, problem);
            }
            d
        };
        let institution = errors.check(
            Field::Institution,
            text::required(&self.institution, MAX_SHORT),
        );
        let position = errors.check(
            Field::Position,
            text::clean(&self.position, MAX_SHORT, false),
        );
        let lang = if self.lang.trim().is_empty() {
            Some(Lang::Es)
        } else {
            Lang::parse(self.lang.trim())
        };
        if lang.is_none() {
            errors.push(Field::Lang, Problem::UnknownChoice);
        }
        let arrival = travel(
            &mut errors,
            [Field::ArrivalDate, Field::ArrivalTime, Field::ArrivalFlight],
            [&self.arrival_date, &self.arrival_time, &self.arrival_flight],
        );
        let departure = travel(
            &mut errors,
            [
                Field::DepartureDate,
                Field::DepartureTime,
                Field::DepartureFlight,
            ],
            [
                &self.departure_date,
                &self.departure_time,
                &self.departure_flight,
            ],
        );
        check_trip(&mut errors, event, arrival.as_ref(), departure.as_ref());
        if (self.hotel || self.transfer) && (arrival.is_none() || departure.is_none()) {
            let field = if arrival.is_none() {
                Field::ArrivalDate
            } else {
                Field::DepartureDate
            };
            if !errors.has(field) {
                errors.push(field, Problem::TravelDatesNeeded);
            }
        }
        let dietary = errors.check(Field::Dietary, text::clean(&self.dietary, MAX_NOTE, true));
        let accessibility = errors.check(
            Field::Accessibility,
            text::clean(&self.accessibility, MAX_NOTE, true),
        );
        let interpretation = if self.interpretation.trim().is_empty() {
            None
        } else {
            let i = Interpretation::parse(&self.interpretation);
            if i.is_none() {
                errors.push(Field::Interpretation, Problem::UnknownChoice);
            }
            i
        };
        if !self.consent {
            errors.push(Field::Consent, Problem::ConsentRequired);
        }
        let valid = errors.is_empty();
        match (
            name,
            email,
            delegation,
            institution,
            position,
            lang,
            dietary,
            accessibility,
        ) {
            (
                Some(name),
                Some(email),
                Some(delegation),
                Some(institution),
                Some(position),
                Some(lang),
                Some(dietary),
                Some(accessibility),
            ) if valid => Ok(RegistrationDetails {
                name,
                email: email.into_string(),
                delegation,
                institution,
                position,
                lang,
                arrival,
                departure,
                hotel: self.hotel,
                transfer: self.transfer,
                dietary,
                accessibility,
                interpretation,
                visa_letter: self.visa_letter,
            }),
            _ => Err(errors),
        }
    }
}

/// Arrival and departure against the event's days and each other.
fn check_trip(
    errors: &mut ValidationErrors,
    event: &Event,
    arrival: Option<&Travel>,
    departure: Option<&Travel>,
) {
    let first = event.details.dates.first_day();
    let last = event.details.dates.last_day();
    let window = Duration::days(MAX_TRAVEL_DAYS);
    if let Some(a) = arrival
        && (a.date < first - window || a.date > last)
    {
        errors.push(
            Field::ArrivalDate,
            Problem::ArrivalOutOfRange {
                days: MAX_TRAVEL_DAYS,
            },
        );
    }
    if let Some(d) = departure
        && (d.date < first || d.date > last + window)
    {
        errors.push(
            Field::DepartureDate,
            Problem::DepartureOutOfRange {
                days: MAX_TRAVEL_DAYS,
            },
        );
    }
    if let (Some(a), Some(d)) = (arrival, departure) {
        let backwards = d.date < a.date
            || (d.date == a.date && matches!((a.time, d.time), (Some(at), Some(dt)) if dt <= at));
        if backwards {
            errors.push(Field::DepartureDate, Problem::DepartureBeforeArrival);
        }
    }
}

/// One leg: all empty is no travel; a time or flight without a date asks for the date.
fn travel(errors: &mut ValidationErrors, fields: [Field; 3], raw: [&String; 3]) -> Option<Travel> {
    let [date_f, time_f, flight_f] = fields;
    let [date, time, flight] = raw.map(|s| s.trim());
    let flight_ok = flight.chars().count() <= MAX_FLIGHT
        && flight
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if !flight_ok {
        errors.push(flight_f, Problem::InvalidFlight);
    }
    let parsed_time = if time.is_empty() {
        None
    } else {
        let t = form_time(time);
        if t.is_none() {
            errors.push(time_f, Problem::InvalidTime);
        }
        t
    };
    if date.is_empty() {
        if !time.is_empty() || !flight.is_empty() {
            errors.push(date_f, Problem::Required);
        }
        return None;
    }
    let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        errors.push(date_f, Problem::InvalidDate);
        return None;
    };
    Some(Travel {
        date: day,
        time: parsed_time,
        flight: flight
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    })
}
