//! Registrations: who may register and until when, what a delegate tells the hosts (travel and
//! logistics), and the one rule that decides who gets a seat — capacity, a quota per delegation,
//! and a waitlist served in order. Pure: the store applies these decisions inside a transaction
//! that holds the event's lock, so they hold under any concurrency.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::event::{Event, EventStatus};
use super::lang::Lang;
use super::time::start_of_day;

/// Arrival may be at most this many days before the event's first day (and departure this many
/// after its last): more is almost always a typo, and the hosts plan hotels around it.
pub const MAX_TRAVEL_DAYS: i64 = 7;
/// A manage link works until this many days after the event's last day.
pub const MANAGE_DAYS_AFTER: i64 = 90;
/// Longest name, institution, position or organisation, in characters.
pub const MAX_SHORT: usize = 200;
/// Longest dietary or accessibility note, in characters.
pub const MAX_NOTE: usize = 1000;
/// Longest flight number, in characters.
pub const MAX_FLIGHT: usize = 12;
/// Longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// Largest capacity or quota a host may set.
pub const MAX_SEATS: u32 = 100_000;

/// Who a delegate comes with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Delegation {
    /// A member state's delegation.
    Country(Country),
    /// The International Organization for Migration.
    Iom,
    /// The Regional Network of Civil Organizations for Migration.
    Rrocm,
    /// Another organisation, by name.
    Other(String),
}

impl Delegation {
    /// The stored code: a country's ISO code, `IOM`, `RROCM`, or `OTHER`.
    #[must_use]
    pub fn code(&self) -> &str {
        match self {
            Delegation::Country(c) => c.code(),
            Delegation::Iom => "IOM",
            Delegation::Rrocm => "RROCM",
            Delegation::Other(_) => "OTHER",
        }
    }

    /// The organisation's name for `Other`, empty otherwise.
    #[must_use]
    pub fn organisation(&self) -> &str {
        match self {
            Delegation::Other(name) => name,
            _ => "",
        }
    }

    /// Reads a stored code and organisation name.
    #[must_use]
    pub fn from_parts(code: &str, organisation: &str) -> Option<Delegation> {
        match code.trim() {
            "IOM" => Some(Delegation::Iom),
            "RROCM" => Some(Delegation::Rrocm),
            "OTHER" if !organisation.trim().is_empty() => {
                Some(Delegation::Other(organisation.trim().to_owned()))
            }
            other => Country::parse(other).map(Delegation::Country),
        }
    }

    /// What the quota counts by: the code, or for another organisation its name, ignoring case
    /// and spacing (two spellings of one organisation share one quota).
    #[must_use]
    pub fn quota_key(&self) -> String {
        match self {
            Delegation::Other(name) => format!(
                "OTHER:{}",
                name.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            ),
            other => other.code().to_owned(),
        }
    }

    /// The delegation's name in `lang`.
    #[must_use]
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (Delegation::Country(c), _) => c.name(lang).to_owned(),
            (Delegation::Iom, Lang::Es) => "OIM".into(),
            (Delegation::Iom, Lang::En) => "IOM".into(),
            (Delegation::Rrocm, _) => "RROCM".into(),
            (Delegation::Other(name), _) => name.clone(),
        }
    }

    /// The codes a form offers, in order: the member states, IOM, RROCM, then another organisation.
    #[must_use]
    pub fn choices(lang: Lang) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Country::ALL
            .iter()
            .map(|c| (c.code(), c.name(lang).to_owned()))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out.push((
            "IOM",
            match lang {
                Lang::Es => "OIM (Organización Internacional para las Migraciones)".into(),
                Lang::En => "IOM (International Organization for Migration)".into(),
            },
        ));
        out.push((
            "RROCM",
            match lang {
                Lang::Es => {
                    "RROCM (Red Regional de Organizaciones Civiles para las Migraciones)".into()
                }
                Lang::En => "RROCM (Regional Network of Civil Organizations for Migration)".into(),
            },
        ));
        out.push((
            "OTHER",
            match lang {
                Lang::Es => "Otra organización".into(),
                Lang::En => "Another organisation".into(),
            },
        ));
        out
    }
}

/// A language of simultaneous interpretation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Interpretation {
    /// Into Spanish.
    Es,
    /// Into English.
    En,
    /// Into French.
    Fr,
}

impl Interpretation {
    /// Every language offered.
    pub const ALL: [Interpretation; 3] =
        [Interpretation::Es, Interpretation::En, Interpretation::Fr];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Interpretation::Es => "es",
            Interpretation::En => "en",
            Interpretation::Fr => "fr",
        }
    }

    /// Reads a code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Interpretation> {
        Interpretation::ALL
            .into_iter()
            .find(|i| i.code() == code.trim())
    }

    /// The language's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Interpretation::Es, Lang::Es) => "Español",
            (Interpretation::Es, Lang::En) => "Spanish",
            (Interpretation::En, Lang::Es) => "Inglés",
            (Interpretation::En, Lang::En) => "English",
            (Interpretation::Fr, Lang::Es) => "Francés",
            (Interpretation::Fr, Lang::En) => "French",
        }
    }
}

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegistrationStatus {
    /// Has a seat.
    Confirmed,
    /// Waits for a seat, in order of registration.
    Waitlisted,
    /// Cancelled by the delegate.
    Cancelled,
}

impl RegistrationStatus {
    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    /// Reads a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<RegistrationStatus> {
        match code {
            "confirmed" => Some(RegistrationStatus::Confirmed),
            "waitlisted" => Some(RegistrationStatus::Waitlisted),
            "cancelled" => Some(RegistrationStatus::Cancelled),
            _ => None,
        }
    }

    /// The status's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RegistrationStatus::Confirmed, Lang::Es) => "Confirmada",
            (RegistrationStatus::Confirmed, Lang::En) => "Confirmed",
            (RegistrationStatus::Waitlisted, Lang::Es) => "En lista de espera",
            (RegistrationStatus::Waitlisted, Lang::En) => "Waitlisted",
            (RegistrationStatus::Cancelled, Lang::Es) => "Cancelada",
            (RegistrationStatus::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

/// One leg of the trip: a day, an optional time (local to the event), an optional flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Travel {
    /// The day.
    pub date: NaiveDate,
    /// The time, when known.
    pub time: Option<NaiveTime>,
    /// The flight number, upper case (empty when not flying or not known).
    pub flight: String,
}

/// What a delegate tells the hosts, valid by construction through [`RegistrationInput::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationDetails {
    /// Full name.
    pub name: String,
    /// E-mail address, lower case.
    pub email: String,
    /// Who they come with.
    pub delegation: Delegation,
    /// Institution.
    pub institution: String,
    /// Position.
    pub position: String,
    /// The language they want to be written to in.
    pub lang: Lang,
    /// Arrival, when travelling.
    pub arrival: Option<Travel>,
    /// Departure, when travelling.
    pub departure: Option<Travel>,
    /// Needs a hotel from the arrival day to the night before departure.
    pub hotel: bool,
    /// Needs an airport transfer.
    pub transfer: bool,
    /// Dietary needs (free text, may be empty).
    pub dietary: String,
    /// Accessibility needs (free text, may be empty).
    pub accessibility: String,
    /// Interpretation needed into this language.
    pub interpretation: Option<Interpretation>,
    /// Needs an invitation letter for a visa.
    pub visa_letter: bool,
}

impl RegistrationDetails {
    /// The nights a hotel is needed: from the arrival day to the night before departure.
    #[must_use]
    pub fn hotel_nights(&self) -> Vec<NaiveDate> {
        match (self.hotel, &self.arrival, &self.departure) {
            (true, Some(a), Some(d)) => a.date.iter_days().take_while(|n| *n < d.date).collect(),
            _ => Vec::new(),
        }
    }
}

/// A field of the registration form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum RegField {
    Name,
    Email,
    Delegation,
    Organisation,
    Institution,
    Position,
    Lang,
    ArrivalDate,
    ArrivalTime,
    ArrivalFlight,
    DepartureDate,
    DepartureTime,
    DepartureFlight,
    Dietary,
    Accessibility,
    Interpretation,
    Consent,
}

impl RegField {
    /// The form input's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RegField::Name => "name",
            RegField::Email => "email",
            RegField::Delegation => "delegation",
            RegField::Organisation => "organisation",
            RegField::Institution => "institution",
            RegField::Position => "position",
            RegField::Lang => "lang",
            RegField::ArrivalDate => "arrival_date",
            RegField::ArrivalTime => "arrival_time",
            RegField::ArrivalFlight => "arrival_flight",
            RegField::DepartureDate => "departure_date",
            RegField::DepartureTime => "departure_time",
            RegField::DepartureFlight => "departure_flight",
            RegField::Dietary => "dietary",
            RegField::Accessibility => "accessibility",
            RegField::Interpretation => "interpretation",
            RegField::Consent => "consent",
        }
    }
}

/// What is wrong with a registration field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegProblem {
    /// Must be filled in.
    Required,
    /// Longer than `max` characters.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// Holds control characters.
    ControlCharacters,
    /// Not an e-mail address.
    InvalidEmail,
    /// Not a choice the form offers.
    UnknownChoice,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    /// Not an `HH:MM` time.
    InvalidTime,
    /// Not a flight number (letters, digits, spaces and hyphens).
    InvalidFlight,
    /// Departure before arrival.
    DepartureBeforeArrival,
    /// Arrival more than [`MAX_TRAVEL_DAYS`] before the event, or after it ends.
    ArrivalOutOfRange,
    /// Departure before the event starts, or more than [`MAX_TRAVEL_DAYS`] after it ends.
    DepartureOutOfRange,
    /// Hotel or transfer asked for without travel dates.
    TravelDatesNeeded,
    /// Consent not given.
    ConsentRequired,
}

impl RegProblem {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            RegProblem::Required => {
                pick(es, "Este campo es obligatorio.", "This field is required.")
            }
            RegProblem::TooLong { max } => {
                if es {
                    format!("Demasiado largo: como máximo {max} caracteres.")
                } else {
                    format!("Too long: at most {max} characters.")
                }
            }
            RegProblem::ControlCharacters => pick(
                es,
                "Contiene caracteres de control no permitidos.",
                "Contains control characters that are not allowed.",
            ),
            RegProblem::InvalidEmail => pick(
                es,
                "No es una dirección de correo válida (por ejemplo, nombre@ministerio.gob.gt).",
                "Not a valid e-mail address (for example, name@ministry.gov.bz).",
            ),
            RegProblem::UnknownChoice => {
                pick(es, "Elija una de las opciones.", "Pick one of the options.")
            }
            RegProblem::InvalidDate => pick(
                es,
                "Fecha no válida (AAAA-MM-DD).",
                "Invalid date (YYYY-MM-DD).",
            ),
            RegProblem::InvalidTime => pick(es, "Hora no válida (HH:MM).", "Invalid time (HH:MM)."),
            RegProblem::InvalidFlight => pick(
                es,
                "Número de vuelo no válido (letras, cifras, espacios y guiones; por ejemplo, CM 201).",
                "Invalid flight number (letters, digits, spaces and hyphens; for example, CM 201).",
            ),
            RegProblem::DepartureBeforeArrival => pick(
                es,
                "La salida es anterior a la llegada.",
                "The departure is before the arrival.",
            ),
            RegProblem::ArrivalOutOfRange => {
                if es {
                    format!(
                        "La llegada debe ser como mucho {MAX_TRAVEL_DAYS} días antes del evento y no después de su fin."
                    )
                } else {
                    format!(
                        "Arrival must be at most {MAX_TRAVEL_DAYS} days before the event and not after it ends."
                    )
                }
            }
            RegProblem::DepartureOutOfRange => {
                if es {
                    format!(
                        "La salida debe ser después del inicio del evento y como mucho {MAX_TRAVEL_DAYS} días después de su fin."
                    )
                } else {
                    format!(
                        "Departure must be after the event starts and at most {MAX_TRAVEL_DAYS} days after it ends."
                    )
                }
            }
            RegProblem::TravelDatesNeeded => pick(
                es,
                "Para hotel o traslado indique las fechas de llegada y de salida.",
                "For a hotel or a transfer, give your arrival and departure dates.",
            ),
            RegProblem::ConsentRequired => pick(
                es,
                "Para inscribirse debe aceptar el uso de sus datos para este evento.",
                "To register you must accept the use of your data for this event.",
            ),
        }
    }
}

fn pick(es: bool, s: &str, e: &str) -> String {
    if es { s.into() } else { e.into() }
}

/// Every problem of one submission, by field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegErrors(pub Vec<(RegField, RegProblem)>);

impl RegErrors {
    fn push(&mut self, field: RegField, problem: RegProblem) {
        self.0.push((field, problem));
    }

    /// True when nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `field` has a problem.
    #[must_use]
    pub fn has(&self, field: RegField) -> bool {
        self.0.iter().any(|(f, _)| *f == field)
    }
}

/// The registration form as typed: every field a string, checked by [`RegistrationInput::validate`].
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

fn checked(v: &str) -> bool {
    matches!(v, "on" | "1" | "true" | "yes")
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
    pub fn validate(&self, event: &Event) -> Result<RegistrationDetails, RegErrors> {
        let mut errors = RegErrors::default();
        let name = text(&mut errors, RegField::Name, &self.name, MAX_SHORT, true);
        let email = match normalise_email(&self.email) {
            Some(e) => e,
            None => {
                let problem = if self.email.trim().is_empty() {
                    RegProblem::Required
                } else {
                    RegProblem::InvalidEmail
                };
                errors.push(RegField::Email, problem);
                String::new()
            }
        };
        let organisation = text(
            &mut errors,
            RegField::Organisation,
            &self.organisation,
            MAX_SHORT,
            false,
        );
        let delegation = if self.delegation.trim() == "OTHER" && organisation.is_empty() {
            errors.push(RegField::Organisation, RegProblem::Required);
            None
        } else {
            let d = Delegation::from_parts(&self.delegation, &organisation);
            if d.is_none() {
                let problem = if self.delegation.trim().is_empty() {
                    RegProblem::Required
                } else {
                    RegProblem::UnknownChoice
                };
                errors.push(RegField::Delegation, problem);
            }
            d
        };
        let institution = text(
            &mut errors,
            RegField::Institution,
            &self.institution,
            MAX_SHORT,
            true,
        );
        let position = text(
            &mut errors,
            RegField::Position,
            &self.position,
            MAX_SHORT,
            false,
        );
        let lang = if self.lang.trim().is_empty() {
            Some(Lang::Es)
        } else {
            Lang::parse(self.lang.trim())
        };
        if lang.is_none() {
            errors.push(RegField::Lang, RegProblem::UnknownChoice);
        }
        let arrival = travel(
            &mut errors,
            [
                RegField::ArrivalDate,
                RegField::ArrivalTime,
                RegField::ArrivalFlight,
            ],
            [&self.arrival_date, &self.arrival_time, &self.arrival_flight],
        );
        let departure = travel(
            &mut errors,
            [
                RegField::DepartureDate,
                RegField::DepartureTime,
                RegField::DepartureFlight,
            ],
            [
                &self.departure_date,
                &self.departure_time,
                &self.departure_flight,
            ],
        );
        let first = event.details.dates.first_day();
        let last = event.details.dates.last_day();
        let window = Duration::days(MAX_TRAVEL_DAYS);
        if let Some(a) = &arrival
            && (a.date < first - window || a.date > last)
        {
            errors.push(RegField::ArrivalDate, RegProblem::ArrivalOutOfRange);
        }
        if let Some(d) = &departure
            && (d.date < first || d.date > last + window)
        {
            errors.push(RegField::DepartureDate, RegProblem::DepartureOutOfRange);
        }
        if let (Some(a), Some(d)) = (&arrival, &departure) {
            let backwards = d.date < a.date
                || (d.date == a.date
                    && matches!((a.time, d.time), (Some(at), Some(dt)) if dt <= at));
            if backwards {
                errors.push(RegField::DepartureDate, RegProblem::DepartureBeforeArrival);
            }
        }
        if (self.hotel || self.transfer) && (arrival.is_none() || departure.is_none()) {
            let field = if arrival.is_none() {
                RegField::ArrivalDate
            } else {
                RegField::DepartureDate
            };
            if !errors.has(field) {
                errors.push(field, RegProblem::TravelDatesNeeded);
            }
        }
        let dietary = note(&mut errors, RegField::Dietary, &self.dietary);
        let accessibility = note(&mut errors, RegField::Accessibility, &self.accessibility);
        let interpretation = if self.interpretation.trim().is_empty() {
            None
        } else {
            let i = Interpretation::parse(&self.interpretation);
            if i.is_none() {
                errors.push(RegField::Interpretation, RegProblem::UnknownChoice);
            }
            i
        };
        if !self.consent {
            errors.push(RegField::Consent, RegProblem::ConsentRequired);
        }
        match (errors.is_empty(), delegation, lang) {
            (true, Some(delegation), Some(lang)) => Ok(RegistrationDetails {
                name,
                email,
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

/// A one-line text field: trimmed, inner whitespace kept, no control characters.
fn text(errors: &mut RegErrors, field: RegField, raw: &str, max: usize, required: bool) -> String {
    let value = raw.trim();
    if value.chars().any(char::is_control) {
        errors.push(field, RegProblem::ControlCharacters);
    } else if value.chars().count() > max {
        errors.push(field, RegProblem::TooLong { max });
    } else if required && value.is_empty() {
        errors.push(field, RegProblem::Required);
    }
    value.to_owned()
}

/// A multi-line note: line breaks allowed (normalised to `\n`), other control characters not.
fn note(errors: &mut RegErrors, field: RegField, raw: &str) -> String {
    let value = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.push(field, RegProblem::ControlCharacters);
    } else if value.chars().count() > MAX_NOTE {
        errors.push(field, RegProblem::TooLong { max: MAX_NOTE });
    }
    value
}

/// One leg: all empty is no travel; a time or flight without a date asks for the date.
fn travel(errors: &mut RegErrors, fields: [RegField; 3], raw: [&String; 3]) -> Option<Travel> {
    let [date_f, time_f, flight_f] = fields;
    let [date, time, flight] = raw.map(|s| s.trim());
    let flight_ok = flight.chars().count() <= MAX_FLIGHT
        && flight
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if !flight_ok {
        errors.push(flight_f, RegProblem::InvalidFlight);
    }
    let parsed_time = if time.is_empty() {
        None
    } else {
        let t = NaiveTime::parse_from_str(time, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
            .ok();
        if t.is_none() {
            errors.push(time_f, RegProblem::InvalidTime);
        }
        t
    };
    if date.is_empty() {
        if !time.is_empty() || !flight.is_empty() {
            errors.push(date_f, RegProblem::Required);
        }
        return None;
    }
    let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
        errors.push(date_f, RegProblem::InvalidDate);
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

/// A practical e-mail check: one `@`, a local part without spaces, a domain of letters, digits
/// and hyphens with at least one dot. Lower-cased, so one address is one person.
#[must_use]
pub fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim();
    if email.is_empty() || email.len() > MAX_EMAIL {
        return None;
    }
    let (local, domain) = email.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| email.to_lowercase())
}

/// What a host sets for an event's registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegistrationSettings {
    /// Registration is open (until the deadline).
    pub open: bool,
    /// Seats; `None` is unlimited.
    pub capacity: Option<u32>,
    /// Seats per delegation; `None` is no quota.
    pub quota: Option<u32>,
    /// The last day to register, in the event's zone (inclusive).
    pub deadline: Option<NaiveDate>,
}

impl RegistrationSettings {
    /// Reads the hosts' settings form: blank capacity or quota is no limit; a deadline is a
    /// `YYYY-MM-DD` day in the event's zone, or blank for none.
    ///
    /// # Errors
    /// Each field's problem, by field name (`capacity`, `quota`, `deadline`).
    pub fn from_form(
        open: bool,
        capacity: &str,
        quota: &str,
        deadline: &str,
    ) -> Result<Self, Vec<(&'static str, super::error::Problem)>> {
        use super::error::Problem;
        let mut errors = Vec::new();
        let mut seats = |field: &'static str, raw: &str| -> Option<u32> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u32>() {
                Ok(n) if (1..=MAX_SEATS).contains(&n) => Some(n),
                _ => {
                    errors.push((field, Problem::InvalidNumber { max: MAX_SEATS }));
                    None
                }
            }
        };
        let capacity = seats("capacity", capacity);
        let quota = seats("quota", quota);
        let deadline = match deadline.trim() {
            "" => None,
            raw => {
                let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
                if d.is_none() {
                    errors.push(("deadline", Problem::InvalidDate));
                }
                d
            }
        };
        if errors.is_empty() {
            Ok(RegistrationSettings {
                open,
                capacity,
                quota,
                deadline,
            })
        } else {
            Err(errors)
        }
    }
}

/// Why an event takes no registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closed {
    /// The hosts have not opened registration.
    NotOpen,
    /// The event is cancelled.
    Cancelled,
    /// Only the month is known.
    DatesNotFixed,
    /// The event has started or is over.
    Started,
    /// The deadline has passed.
    DeadlinePassed,
}

impl Closed {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Closed::NotOpen, Lang::Es) => "La inscripción a este evento no está abierta.",
            (Closed::NotOpen, Lang::En) => "Registration for this event is not open.",
            (Closed::Cancelled, Lang::Es) => "Este evento fue cancelado: no admite inscripciones.",
            (Closed::Cancelled, Lang::En) => "This event was cancelled: it takes no registrations.",
            (Closed::DatesNotFixed, Lang::Es) => {
                "Las fechas de este evento aún no están confirmadas; la inscripción abrirá cuando lo estén."
            }
            (Closed::DatesNotFixed, Lang::En) => {
                "This event's dates are not confirmed yet; registration opens when they are."
            }
            (Closed::Started, Lang::Es) => {
                "Este evento ya comenzó o terminó: la inscripción está cerrada."
            }
            (Closed::Started, Lang::En) => {
                "This event has started or is over: registration is closed."
            }
            (Closed::DeadlinePassed, Lang::Es) => "El plazo de inscripción terminó.",
            (Closed::DeadlinePassed, Lang::En) => "The registration deadline has passed.",
        }
    }
}

/// Whether `event` takes registrations at `now`; `Err` says why not.
///
/// # Errors
/// Why registration is closed.
pub fn registration_open(
    event: &Event,
    settings: &RegistrationSettings,
    now: DateTime<Utc>,
) -> Result<(), Closed> {
    let d = &event.details;
    if d.status == EventStatus::Cancelled {
        return Err(Closed::Cancelled);
    }
    if !settings.open || !event.published {
        return Err(Closed::NotOpen);
    }
    if d.dates.is_month_only() {
        return Err(Closed::DatesNotFixed);
    }
    let starts = d
        .starts_at()
        .unwrap_or_else(|_| start_of_day(d.tz, d.dates.first_day()));
    if now >= starts {
        return Err(Closed::Started);
    }
    if let Some(deadline) = settings.deadline
        && let Some(next) = deadline.succ_opt()
        && now >= start_of_day(d.tz, next)
    {
        return Err(Closed::DeadlinePassed);
    }
    Ok(())
}

/// Whether a manage link for `event` still works at `now`.
#[must_use]
pub fn manage_link_alive(event: &Event, now: DateTime<Utc>) -> bool {
    let until = event.details.dates.last_day() + Duration::days(MANAGE_DAYS_AFTER + 1);
    now < start_of_day(event.details.tz, until)
}

/// Whether one more person of a delegation with `delegation_confirmed` seats fits, when
/// `confirmed` seats are taken in all.
#[must_use]
pub fn fits(settings: &RegistrationSettings, confirmed: u32, delegation_confirmed: u32) -> bool {
    settings.capacity.is_none_or(|c| confirmed < c)
        && settings.quota.is_none_or(|q| delegation_confirmed < q)
}

/// The status a new registration gets: a seat if one fits, else the waitlist. Someone is already
/// waiting for a seat this person would fit into only if that person's delegation is full, so
/// a newcomer never jumps the queue: a fitting newcomer means nobody waiting fits.
#[must_use]
pub fn admit(
    settings: &RegistrationSettings,
    confirmed: u32,
    delegation_confirmed: u32,
) -> RegistrationStatus {
    if fits(settings, confirmed, delegation_confirmed) {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waitlisted
    }
}

/// Whom to promote, in waitlist order: each waiting person (id, quota key), first come first
/// served, who fits once the seats of those promoted before them are taken. `confirmed_by` counts
/// the confirmed seats per quota key.
#[must_use]
pub fn promotions(
    settings: &RegistrationSettings,
    confirmed_by: &HashMap<String, u32>,
    waitlist: &[(i64, String)],
) -> Vec<i64> {
    let mut by = confirmed_by.clone();
    let mut total: u32 = by.values().sum();
    let mut out = Vec::new();
    for (id, key) in waitlist {
        if settings.capacity.is_some_and(|c| total >= c) {
            break;
        }
        let mine = by.entry(key.clone()).or_insert(0);
        if fits(settings, total, *mine) {
            *mine += 1;
            total += 1;
            out.push(*id);
        }
    }
    out
}

/// A stored registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// Database identity.
    pub id: i64,
    /// The event's id.
    pub event_id: i64,
    /// What the delegate told.
    pub details: RegistrationDetails,
    /// Where it stands.
    pub status: RegistrationStatus,
    /// Place on the waitlist (1 is next), when waitlisted.
    pub waitlist_position: Option<u32>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventInput;
    use chrono::TimeZone;

    fn event(start: &str, end: &str) -> Event {
        let details = EventInput {
            host: "GT".into(),
            city: "Antigua Guatemala".into(),
            kind: "workshop".into(),
            title_es: "Taller".into(),
            start_date: start.into(),
            end_date: end.into(),
            status: "confirmed".into(),
            ..EventInput::default()
        }
        .validate()
        .expect("valid event");
        Event {
            id: 1,
            slug: "taller".into(),
            uid: "u@enlace".into(),
            details,
            revision: 0,
            version: 0,
            published: true,
            cancel_reason: String::new(),
            cancelled_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn input() -> RegistrationInput {
        RegistrationInput {
            name: "Ana Pérez".into(),
            email: "Ana.Perez@Minex.GOB.gt".into(),
            delegation: "GT".into(),
            institution: "Ministerio de Relaciones Exteriores".into(),
            lang: "es".into(),
            arrival_date: "2027-03-08".into(),
            arrival_time: "14:30".into(),
            arrival_flight: "cm 201".into(),
            departure_date: "2027-03-12".into(),
            hotel: true,
            consent: true,
            ..RegistrationInput::default()
        }
    }

    #[test]
    fn a_full_registration_validates_and_normalises() {
        let e = event("2027-03-09", "2027-03-11");
        let d = input().validate(&e).expect("valid");
        assert_eq!(d.email, "ana.perez@minex.gob.gt");
        assert_eq!(d.delegation, Delegation::Country(Country::GT));
        let arrival = d.arrival.clone().expect("arrival");
        assert_eq!(arrival.flight, "CM 201");
        assert_eq!(arrival.time, NaiveTime::from_hms_opt(14, 30, 0));
        let nights: Vec<String> = d.hotel_nights().iter().map(ToString::to_string).collect();
        assert_eq!(
            nights,
            ["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11"]
        );
        assert_eq!(RegistrationInput::from_details(&d).validate(&e), Ok(d));
    }

    #[test]
    fn bad_input_is_named_field_by_field() {
        let e = event("2027-03-09", "2027-03-11");
        let bad = RegistrationInput {
            name: String::new(),
            email: "ana@@x".into(),
            delegation: "XX".into(),
            arrival_date: "2027-02-01".into(),
            departure_date: "2027-01-30".into(),
            departure_flight: "CM<201>".into(),
            consent: false,
            ..input()
        };
        let errors = bad.validate(&e).expect_err("invalid");
        for (field, problem) in [
            (RegField::Name, RegProblem::Required),
            (RegField::Email, RegProblem::InvalidEmail),
            (RegField::Delegation, RegProblem::UnknownChoice),
            (RegField::ArrivalDate, RegProblem::ArrivalOutOfRange),
            (RegField::DepartureDate, RegProblem::DepartureOutOfRange),
            (RegField::DepartureDate, RegProblem::DepartureBeforeArrival),
            (RegField::DepartureFlight, RegProblem::InvalidFlight),
            (RegField::Consent, RegProblem::ConsentRequired),
        ] {
            assert!(
                errors.0.contains(&(field, problem)),
                "{field:?} {problem:?}: {errors:?}"
            );
        }
    }

    #[test]
    fn same_day_departure_must_come_after_arrival() {
        let e = event("2027-03-09", "2027-03-09");
        let same_day = RegistrationInput {
            arrival_date: "2027-03-09".into(),
            arrival_time: "10:00".into(),
            departure_date: "2027-03-09".into(),
            departure_time: "09:00".into(),
            hotel: false,
            ..input()
        };
        let errors = same_day.validate(&e).expect_err("backwards");
        assert!(
            errors
                .0
                .contains(&(RegField::DepartureDate, RegProblem::DepartureBeforeArrival))
        );
        let ok = RegistrationInput {
            departure_time: "18:00".into(),
            ..same_day
        };
        assert!(ok.validate(&e).is_ok());
    }

    #[test]
    fn overlong_text_and_control_characters_are_refused() {
        let e = event("2027-03-09", "2027-03-11");
        let bad = RegistrationInput {
            institution: "x".repeat(MAX_SHORT + 1),
            position: "Jefa\r\nBcc: x@y.z".into(),
            dietary: "ñ".repeat(MAX_NOTE + 1),
            accessibility: "silla\u{0}".into(),
            ..input()
        };
        let errors = bad.validate(&e).expect_err("invalid");
        assert!(errors.0.contains(&(
            RegField::Institution,
            RegProblem::TooLong { max: MAX_SHORT }
        )));
        assert!(
            errors
                .0
                .contains(&(RegField::Position, RegProblem::ControlCharacters))
        );
        assert!(
            errors
                .0
                .contains(&(RegField::Dietary, RegProblem::TooLong { max: MAX_NOTE }))
        );
        assert!(
            errors
                .0
                .contains(&(RegField::Accessibility, RegProblem::ControlCharacters))
        );
        let multi_line = RegistrationInput {
            dietary: "Vegetariana\r\nSin gluten".into(),
            ..input()
        };
        assert_eq!(
            multi_line.validate(&e).expect("valid").dietary,
            "Vegetariana\nSin gluten"
        );
    }

    #[test]
    fn hotel_needs_travel_dates_and_other_needs_a_name() {
        let e = event("2027-03-09", "2027-03-11");
        let no_dates = RegistrationInput {
            arrival_date: String::new(),
            arrival_time: String::new(),
            arrival_flight: String::new(),
            ..input()
        };
        let errors = no_dates.validate(&e).expect_err("hotel without dates");
        assert!(
            errors
                .0
                .contains(&(RegField::ArrivalDate, RegProblem::TravelDatesNeeded))
        );
        let other = RegistrationInput {
            delegation: "OTHER".into(),
            organisation: "  ".into(),
            ..input()
        };
        let errors = other.validate(&e).expect_err("no organisation");
        assert!(
            errors
                .0
                .contains(&(RegField::Organisation, RegProblem::Required))
        );
        let named = RegistrationInput {
            organisation: "ACNUR  Guatemala".into(),
            ..other
        };
        let d = named.validate(&e).expect("valid");
        assert_eq!(d.delegation.quota_key(), "OTHER:acnur guatemala");
    }

    #[test]
    fn emails_are_checked_practically() {
        for ok in ["a@b.co", "ana.perez+crm@minex.gob.gt", "X_Y@sub.domain.org"] {
            assert!(normalise_email(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "a@b.c",
            "a b@c.org",
            "a@b..org",
            ".a@b.org",
            "a@-b.org",
            "a@b.org\r\nBcc: c@d.org",
            "a@b.1",
        ] {
            assert!(normalise_email(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn every_problem_reads_differently_in_each_language() {
        for p in [
            RegProblem::Required,
            RegProblem::TooLong { max: 3 },
            RegProblem::ControlCharacters,
            RegProblem::InvalidEmail,
            RegProblem::UnknownChoice,
            RegProblem::InvalidDate,
            RegProblem::InvalidTime,
            RegProblem::InvalidFlight,
            RegProblem::DepartureBeforeArrival,
            RegProblem::ArrivalOutOfRange,
            RegProblem::DepartureOutOfRange,
            RegProblem::TravelDatesNeeded,
            RegProblem::ConsentRequired,
        ] {
            assert_ne!(p.message(Lang::Es), p.message(Lang::En), "{p:?}");
        }
    }

    #[test]
    fn registration_closes_for_cancelled_started_and_late() {
        let e = event("2027-03-09", "2027-03-11");
        let open = RegistrationSettings {
            open: true,
            deadline: NaiveDate::from_ymd_opt(2027, 3, 1),
            ..RegistrationSettings::default()
        };
        let early = Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap();
        assert_eq!(registration_open(&e, &open, early), Ok(()));
        // The deadline day is included, in the event's zone (UTC-6): open until 06:00 UTC on 2 March.
        let last_minute = Utc.with_ymd_and_hms(2027, 3, 2, 5, 59, 0).unwrap();
        assert_eq!(registration_open(&e, &open, last_minute), Ok(()));
        let late = Utc.with_ymd_and_hms(2027, 3, 2, 6, 0, 0).unwrap();
        assert_eq!(
            registration_open(&e, &open, late),
            Err(Closed::DeadlinePassed)
        );
        let no_deadline = RegistrationSettings {
            deadline: None,
            ..open
        };
        let during = Utc.with_ymd_and_hms(2027, 3, 9, 12, 0, 0).unwrap();
        assert_eq!(
            registration_open(&e, &no_deadline, during),
            Err(Closed::Started)
        );
        let closed = RegistrationSettings::default();
        assert_eq!(registration_open(&e, &closed, early), Err(Closed::NotOpen));
        let mut cancelled = e.clone();
        cancelled.details.status = EventStatus::Cancelled;
        assert_eq!(
            registration_open(&cancelled, &open, early),
            Err(Closed::Cancelled)
        );
        let mut draft = e;
        draft.published = false;
        assert_eq!(
            registration_open(&draft, &open, early),
            Err(Closed::NotOpen)
        );
    }

    #[test]
    fn seats_go_first_come_first_served_within_quotas() {
        let s = RegistrationSettings {
            open: true,
            capacity: Some(3),
            quota: Some(2),
            deadline: None,
        };
        assert_eq!(admit(&s, 0, 0), RegistrationStatus::Confirmed);
        assert_eq!(admit(&s, 2, 2), RegistrationStatus::Waitlisted);
        assert_eq!(admit(&s, 3, 0), RegistrationStatus::Waitlisted);
        // GT has 2 (its quota) and SV 1: full. One SV seat frees up: the first waiting person who
        // fits is promoted, skipping a GT delegate whose quota is still full.
        let by = HashMap::from([("GT".to_owned(), 2), ("SV".to_owned(), 0)]);
        let waitlist = vec![
            (10, "GT".to_owned()),
            (11, "SV".to_owned()),
            (12, "SV".to_owned()),
        ];
        assert_eq!(promotions(&s, &by, &waitlist), vec![11]);
        // Capacity grows to 10: everyone who fits a quota moves up, in order.
        let bigger = RegistrationSettings {
            capacity: Some(10),
            ..s
        };
        assert_eq!(promotions(&bigger, &by, &waitlist), vec![11, 12]);
        let unlimited = RegistrationSettings::default();
        assert_eq!(promotions(&unlimited, &by, &waitlist), vec![10, 11, 12]);
    }

    #[test]
    fn settings_form_reads_blank_as_unlimited_and_refuses_nonsense() {
        let s = RegistrationSettings::from_form(true, " 50 ", "", "2027-03-01").expect("valid");
        assert_eq!(s.capacity, Some(50));
        assert_eq!(s.quota, None);
        assert_eq!(s.deadline, NaiveDate::from_ymd_opt(2027, 3, 1));
        let errors = RegistrationSettings::from_form(true, "0", "-3", "1 March").expect_err("bad");
        let fields: Vec<&str> = errors.iter().map(|e| e.0).collect();
        assert_eq!(fields, ["capacity", "quota", "deadline"]);
    }

    #[test]
    fn manage_links_expire_months_after_the_event() {
        let e = event("2027-03-09", "2027-03-11");
        assert!(manage_link_alive(
            &e,
            Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap()
        ));
        assert!(!manage_link_alive(
            &e,
            Utc.with_ymd_and_hms(2027, 6, 11, 0, 0, 0).unwrap()
        ));
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the order of arrivals, cancellations and capacity, the seats given never
            /// exceed the capacity or any quota, and nobody waits who would fit.
            #[test]
            fn never_overbooked(
                capacity in proptest::option::of(0u32..20),
                quota in proptest::option::of(0u32..6),
                ops in proptest::collection::vec((0u8..4, 0usize..5), 0..120),
            ) {
                let s = RegistrationSettings { open: true, capacity, quota, deadline: None };
                let keys = ["GT", "SV", "MX", "IOM", "OTHER:x"];
                let mut confirmed: Vec<(i64, String)> = Vec::new();
                let mut waiting: Vec<(i64, String)> = Vec::new();
                let mut next = 0i64;
                for (op, k) in ops {
                    if op < 3 {
                        let key = keys[k].to_owned();
                        let mine = u32::try_from(confirmed.iter().filter(|(_, d)| *d == key).count()).unwrap();
                        let total = u32::try_from(confirmed.len()).unwrap();
                        next += 1;
                        match admit(&s, total, mine) {
                            RegistrationStatus::Confirmed => confirmed.push((next, key)),
                            _ => waiting.push((next, key)),
                        }
                    } else if !confirmed.is_empty() {
                        confirmed.remove(k % confirmed.len());
                        let mut by: HashMap<String, u32> = HashMap::new();
                        for (_, d) in &confirmed { *by.entry(d.clone()).or_default() += 1; }
                        for id in promotions(&s, &by, &waiting) {
                            let pos = waiting.iter().position(|(w, _)| *w == id).unwrap();
                            confirmed.push(waiting.remove(pos));
                        }
                    }
                    let total = u32::try_from(confirmed.len()).unwrap();
                    prop_assert!(capacity.is_none_or(|c| total <= c));
                    for key in keys {
                        let n = u32::try_from(confirmed.iter().filter(|(_, d)| d == key).count()).unwrap();
                        prop_assert!(quota.is_none_or(|q| n <= q));
                        let waits = waiting.iter().any(|(_, d)| d == key);
                        prop_assert!(!(waits && fits(&s, total, n)), "{key} waits but fits");
                    }
                }
            }
        }
    }
}
