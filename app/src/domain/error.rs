//! Validation errors, each tied to a form field and explained in Spanish and English: the one
//! model every form uses (events, registrations, registration settings, accounts).

use serde::{Deserialize, Serialize};

mod field;

pub use field::Field;

use super::lang::Lang;
use super::time::LocalTimeError;
use crate::i18n::td_string;

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// The field must be filled in.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// Holds control characters.
    ControlCharacters,
    /// Not a member state's ISO code.
    UnknownCountry,
    /// Not an IANA time zone.
    UnknownZone,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    /// Not a `YYYY-MM` month.
    InvalidMonth,
    /// Not an `HH:MM` time.
    InvalidTime,
    /// The end comes before the start.
    EndBeforeStart,
    /// More than a year long.
    TooLongSpan,
    /// The local time is skipped by a daylight-saving change.
    NonexistentTime,
    /// The local time happens twice.
    AmbiguousTime,
    /// Not a whole number between 1 and `max`.
    InvalidNumber {
        /// The largest accepted value.
        max: u32,
    },
    /// Not an e-mail address.
    InvalidEmail,
    /// Not a choice the form offers.
    UnknownChoice,
    /// Not a flight number (letters, digits, spaces and hyphens).
    InvalidFlight,
    /// Departure before arrival.
    DepartureBeforeArrival,
    /// Arrival more than `days` before the event, or after it ends.
    ArrivalOutOfRange {
        /// How many days before the event an arrival may be.
        days: i64,
    },
    /// Departure before the event starts, or more than `days` after it ends.
    DepartureOutOfRange {
        /// How many days after the event a departure may be.
        days: i64,
    },
    /// Hotel or transfer asked for without travel dates.
    TravelDatesNeeded,
    /// Consent not given.
    ConsentRequired,
}

impl From<LocalTimeError> for Problem {
    fn from(e: LocalTimeError) -> Self {
        match e {
            LocalTimeError::Nonexistent => Problem::NonexistentTime,
            LocalTimeError::Ambiguous => Problem::AmbiguousTime,
        }
    }
}

impl Problem {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            Problem::Required => td_string!(l, val_required).into(),
            Problem::TooLong { max } => td_string!(l, val_too_long, max = max),
            Problem::ControlCharacters => td_string!(l, val_control_characters).into(),
            Problem::UnknownCountry => td_string!(l, val_unknown_country).into(),
            Problem::UnknownZone => td_string!(l, val_unknown_zone).into(),
            Problem::InvalidDate => td_string!(l, val_invalid_date).into(),
            Problem::InvalidMonth => td_string!(l, val_invalid_month).into(),
            Problem::InvalidTime => td_string!(l, val_invalid_time).into(),
            Problem::EndBeforeStart => td_string!(l, val_end_before_start).into(),
            Problem::TooLongSpan => td_string!(l, val_too_long_span).into(),
            Problem::NonexistentTime => td_string!(l, val_nonexistent_time).into(),
            Problem::AmbiguousTime => td_string!(l, val_ambiguous_time).into(),
            Problem::InvalidNumber { max } => td_string!(l, val_invalid_number, max = max),
            Problem::InvalidEmail => td_string!(l, val_invalid_email).into(),
            Problem::UnknownChoice => td_string!(l, val_unknown_choice).into(),
            Problem::InvalidFlight => td_string!(l, val_invalid_flight).into(),
            Problem::DepartureBeforeArrival => td_string!(l, val_departure_before_arrival).into(),
            Problem::ArrivalOutOfRange { days } => {
                td_string!(l, val_arrival_out_of_range, days = days)
            }
            Problem::DepartureOutOfRange { days } => {
                td_string!(l, val_departure_out_of_range, days = days)
            }
            Problem::TravelDatesNeeded => td_string!(l, val_travel_dates_needed).into(),
            Problem::ConsentRequired => td_string!(l, val_consent_required).into(),
        }
    }
}

/// One field's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

/// Every problem found in one submission.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    /// Records a problem.
    pub fn push(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError { field, problem });
    }

    /// The value of a check, or `None` with its problem recorded against `field`.
    pub fn check<T>(&mut self, field: Field, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|problem| self.push(field, problem)).ok()
    }

    /// True when nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `field` has a problem.
    #[must_use]
    pub fn has(&self, field: Field) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// True when `field` has exactly this problem.
    #[must_use]
    pub fn contains(&self, field: Field, problem: Problem) -> bool {
        self.0.contains(&FieldError { field, problem })
    }

    /// All problems, in the order found.
    #[must_use]
    pub fn items(&self) -> &[FieldError] {
        &self.0
    }

    /// The problems of one field.
    pub fn for_field(&self, field: Field) -> impl Iterator<Item = Problem> + '_ {
        self.0
            .iter()
            .filter(move |e| e.field == field)
            .map(|e| e.problem)
    }

    /// All problems as "Label: message" lines in `lang`.
    #[must_use]
    pub fn describe(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|e| format!("{}: {}", e.field.label(lang), e.problem.message(lang)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for ValidationErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_reads_differently_in_each_language() {
        let problems = [
            Problem::Required,
            Problem::TooLong { max: 3 },
            Problem::ControlCharacters,
            Problem::UnknownCountry,
            Problem::UnknownZone,
            Problem::InvalidDate,
            Problem::InvalidMonth,
            Problem::InvalidTime,
            Problem::EndBeforeStart,
            Problem::TooLongSpan,
            Problem::NonexistentTime,
            Problem::AmbiguousTime,
            Problem::InvalidNumber { max: 9 },
            Problem::InvalidEmail,
            Problem::UnknownChoice,
            Problem::InvalidFlight,
            Problem::DepartureBeforeArrival,
            Problem::ArrivalOutOfRange { days: 7 },
            Problem::DepartureOutOfRange { days: 7 },
            Problem::TravelDatesNeeded,
            Problem::ConsentRequired,
        ];
        for p in problems {
            assert_ne!(p.message(Lang::Es), p.message(Lang::En), "{p:?}");
            assert!(!p.message(Lang::Es).is_empty());
        }
    }

    #[test]
    fn numbers_are_put_into_the_messages() {
        assert_eq!(
            Problem::TooLong { max: 200 }.message(Lang::Es),
            "Demasiado largo: como máximo 200 caracteres."
        );
        assert_eq!(
            Problem::ArrivalOutOfRange { days: 7 }.message(Lang::En),
            "Arrival must be at most 7 days before the event and not after it ends."
        );
    }

    #[test]
    fn every_field_has_its_own_name_and_a_label() {
        let mut names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Field::ALL.len());
        for f in Field::ALL {
            assert!(!f.label(Lang::Es).is_empty() && !f.label(Lang::En).is_empty());
        }
    }

    #[test]
    fn describe_names_the_field_in_the_reader_language() {
        let mut errors = ValidationErrors::default();
        errors.push(Field::EndDate, Problem::EndBeforeStart);
        assert_eq!(
            errors.describe(Lang::Es),
            "Fecha de fin: El fin es anterior al inicio."
        );
        assert_eq!(
            errors.describe(Lang::En),
            "End date: The end is before the start."
        );
    }
}
