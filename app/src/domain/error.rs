//! Validation errors, each tied to a form field and explained in Spanish and English.

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::time::LocalTimeError;

/// A field of the event form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Field {
    Host,
    Cohosts,
    City,
    Venue,
    TimeZone,
    Kind,
    Status,
    TitleEs,
    TitleEn,
    DescriptionEs,
    DescriptionEn,
    Capacity,
    Month,
    StartDate,
    EndDate,
    StartTime,
    EndTime,
}

impl Field {
    /// The form input's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Host => "host",
            Field::Cohosts => "cohosts",
            Field::City => "city",
            Field::Venue => "venue",
            Field::TimeZone => "tz",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::TitleEs => "title_es",
            Field::TitleEn => "title_en",
            Field::DescriptionEs => "description_es",
            Field::DescriptionEn => "description_en",
            Field::Capacity => "capacity",
            Field::Month => "month",
            Field::StartDate => "start_date",
            Field::EndDate => "end_date",
            Field::StartTime => "start_time",
            Field::EndTime => "end_time",
        }
    }

    /// The field's label in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let (es, en) = match self {
            Field::Host => ("País anfitrión", "Host country"),
            Field::Cohosts => ("Países coanfitriones", "Co-host countries"),
            Field::City => ("Ciudad", "City"),
            Field::Venue => ("Sede", "Venue"),
            Field::TimeZone => ("Zona horaria", "Time zone"),
            Field::Kind => ("Tipo", "Kind"),
            Field::Status => ("Estado", "Status"),
            Field::TitleEs => ("Título en español", "Spanish title"),
            Field::TitleEn => ("Título en inglés", "English title"),
            Field::DescriptionEs => ("Descripción en español", "Spanish description"),
            Field::DescriptionEn => ("Descripción en inglés", "English description"),
            Field::Capacity => ("Cupo", "Capacity"),
            Field::Month => ("Mes", "Month"),
            Field::StartDate => ("Fecha de inicio", "Start date"),
            Field::EndDate => ("Fecha de fin", "End date"),
            Field::StartTime => ("Hora de inicio", "Start time"),
            Field::EndTime => ("Hora de fin", "End time"),
        };
        match lang {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

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
        match (self, lang) {
            (Problem::Required, Lang::Es) => "Este campo es obligatorio.".into(),
            (Problem::Required, Lang::En) => "This field is required.".into(),
            (Problem::TooLong { max }, Lang::Es) => format!("Demasiado largo: como máximo {max} caracteres."),
            (Problem::TooLong { max }, Lang::En) => format!("Too long: at most {max} characters."),
            (Problem::ControlCharacters, Lang::Es) => "Contiene caracteres de control no permitidos.".into(),
            (Problem::ControlCharacters, Lang::En) => "Contains control characters that are not allowed.".into(),
            (Problem::UnknownCountry, Lang::Es) => "No es un Estado miembro de la CRM.".into(),
            (Problem::UnknownCountry, Lang::En) => "Not a member state of the RCM.".into(),
            (Problem::UnknownZone, Lang::Es) => {
                "Zona horaria desconocida (use un nombre IANA como America/Guatemala).".into()
            }
            (Problem::UnknownZone, Lang::En) => {
                "Unknown time zone (use an IANA name such as America/Guatemala).".into()
            }
            (Problem::InvalidDate, Lang::Es) => "Fecha no válida (AAAA-MM-DD).".into(),
            (Problem::InvalidDate, Lang::En) => "Invalid date (YYYY-MM-DD).".into(),
            (Problem::InvalidMonth, Lang::Es) => "Mes no válido (AAAA-MM).".into(),
            (Problem::InvalidMonth, Lang::En) => "Invalid month (YYYY-MM).".into(),
            (Problem::InvalidTime, Lang::Es) => "Hora no válida (HH:MM).".into(),
            (Problem::InvalidTime, Lang::En) => "Invalid time (HH:MM).".into(),
            (Problem::EndBeforeStart, Lang::Es) => "El fin es anterior al inicio.".into(),
            (Problem::EndBeforeStart, Lang::En) => "The end is before the start.".into(),
            (Problem::TooLongSpan, Lang::Es) => "Un evento no puede durar más de un año.".into(),
            (Problem::TooLongSpan, Lang::En) => "An event cannot last more than a year.".into(),
            (Problem::NonexistentTime, Lang::Es) => {
                "Esa hora no existe ese día en esa zona (cambio de horario de verano).".into()
            }
            (Problem::NonexistentTime, Lang::En) => {
                "That time does not exist on that day in that zone (daylight-saving change).".into()
            }
            (Problem::AmbiguousTime, Lang::Es) => {
                "Esa hora ocurre dos veces ese día en esa zona (fin del horario de verano); elija otra.".into()
            }
            (Problem::AmbiguousTime, Lang::En) => {
                "That time happens twice on that day in that zone (daylight saving ends); pick another.".into()
            }
            (Problem::InvalidNumber { max }, Lang::Es) => format!("Debe ser un número entero entre 1 y {max}."),
            (Problem::InvalidNumber { max }, Lang::En) => format!("Must be a whole number from 1 to {max}."),
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

    /// True when nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
        ];
        for p in problems {
            assert_ne!(p.message(Lang::Es), p.message(Lang::En), "{p:?}");
            assert!(!p.message(Lang::Es).is_empty());
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
