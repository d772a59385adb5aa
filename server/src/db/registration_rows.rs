//! Registrations as stored: the row and its conversion to the domain, and how a registration's
//! details are written (the statements and the order of their arguments).

use anyhow::anyhow;
use app::domain::Lang;
use app::domain::registration::{
    Delegation, Interpretation, Registration, RegistrationDetails, RegistrationStatus, Travel,
};
use app::ssr::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// Inserts a registration ($1..$5 event and secrets, $6..$10 the person, $11..$25 as in
/// [`bind_logistics`], $26 status, $27..$29 instants, $30 the hold's end, $31 awaiting approval),
/// returning its id.
pub const INSERT_REGISTRATION: &str = "insert into registrations (event_id, token_hash, \
     feed_hash, submission_hash, submission_box, email, name, delegation, organisation, \
     quota_key, institution, position, lang, arrival_date, arrival_time, arrival_flight, \
     departure_date, departure_time, departure_flight, hotel, transfer, dietary, accessibility, \
     interpretation, visa_letter, status, consent_at, created_at, updated_at, hold_until, \
     awaiting_approval) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
     $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) \
     returning id";

/// Changes what a delegate may change ($1..$15 details, $16 now, $17 id), never a cancelled one.
pub const UPDATE_REGISTRATION: &str = "update registrations set institution = $1, \
     position = $2, lang = $3, arrival_date = $4, arrival_time = $5, arrival_flight = $6, \
     departure_date = $7, departure_time = $8, departure_flight = $9, hotel = $10, \
     transfer = $11, dietary = $12, accessibility = $13, interpretation = $14, \
     visa_letter = $15, updated_at = $16 where id = $17 and status <> 'cancelled'";

/// Binds the columns a delegate may change, from institution to visa letter: 15 arguments, in
/// the order both `INSERT_REGISTRATION` and `UPDATE_REGISTRATION` list them.
pub fn bind_logistics<'q>(
    query: Query<'q, Any, AnyArguments>,
    d: &RegistrationDetails,
) -> Query<'q, Any, AnyArguments> {
    let (arrival_date, arrival_time, arrival_flight) = travel_columns(d.arrival.as_ref());
    let (departure_date, departure_time, departure_flight) = travel_columns(d.departure.as_ref());
    query
        .bind(&d.institution)
        .bind(&d.position)
        .bind(d.lang.code())
        .bind(arrival_date)
        .bind(arrival_time)
        .bind(arrival_flight)
        .bind(departure_date)
        .bind(departure_time)
        .bind(departure_flight)
        .bind(i64::from(d.hotel))
        .bind(i64::from(d.transfer))
        .bind(&d.dietary)
        .bind(&d.accessibility)
        .bind(d.interpretation.map_or("", |i| i.code()))
        .bind(i64::from(d.visa_letter))
}

/// The stored columns of one leg of travel: day, time (`HH:MM`) and flight.
fn travel_columns(t: Option<&Travel>) -> (Option<String>, Option<String>, String) {
    match t {
        Some(t) => (
            Some(t.date.to_string()),
            t.time.map(|x| x.format("%H:%M").to_string()),
            t.flight.clone(),
        ),
        None => (None, None, String::new()),
    }
}

/// A stored registration, as `statements::SELECT_REGISTRATION` reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct RegistrationRow {
    id: i64,
    event_id: i64,
    email: String,
    name: String,
    delegation: String,
    organisation: String,
    institution: String,
    position: String,
    lang: String,
    arrival_date: Option<String>,
    arrival_time: Option<String>,
    arrival_flight: String,
    departure_date: Option<String>,
    departure_time: Option<String>,
    departure_flight: String,
    hotel: i64,
    transfer: i64,
    dietary: String,
    accessibility: String,
    interpretation: String,
    visa_letter: i64,
    status: String,
    created_at: i64,
    updated_at: i64,
    /// Read by `registration_by_token`.
    pub feed_generation: i64,
    hold_until: Option<i64>,
    awaiting_approval: i64,
    waitlist_position: Option<i64>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow!("corrupt stored registration {what}: {value:?}"))
}

fn instant(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| corrupt("instant", &secs.to_string()))
}

fn travel(date: Option<&str>, time: Option<&str>, flight: &str) -> StoreResult<Option<Travel>> {
    let Some(date) = date else {
        return Ok(None);
    };
    Ok(Some(Travel {
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| corrupt("date", date))?,
        time: time
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| corrupt("time", t)))
            .transpose()?,
        flight: flight.to_owned(),
    }))
}

impl RegistrationRow {
    /// Converts to the domain's registration.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_registration(self) -> StoreResult<Registration> {
        let delegation = Delegation::from_parts(&self.delegation, &self.organisation)
            .ok_or_else(|| corrupt("delegation", &self.delegation))?;
        let interpretation = if self.interpretation.is_empty() {
            None
        } else {
            Some(
                Interpretation::parse(&self.interpretation)
                    .ok_or_else(|| corrupt("interpretation", &self.interpretation))?,
            )
        };
        Ok(Registration {
            id: self.id,
            event_id: self.event_id,
            details: RegistrationDetails {
                name: self.name,
                email: self.email,
                delegation,
                institution: self.institution,
                position: self.position,
                lang: Lang::parse(&self.lang).ok_or_else(|| corrupt("lang", &self.lang))?,
                arrival: travel(
                    self.arrival_date.as_deref(),
                    self.arrival_time.as_deref(),
                    &self.arrival_flight,
                )?,
                departure: travel(
                    self.departure_date.as_deref(),
                    self.departure_time.as_deref(),
                    &self.departure_flight,
                )?,
                hotel: self.hotel != 0,
                transfer: self.transfer != 0,
                dietary: self.dietary,
                accessibility: self.accessibility,
                interpretation,
                visa_letter: self.visa_letter != 0,
            },
            status: RegistrationStatus::from_stored(
                &self.status,
                self.hold_until.is_some(),
                self.awaiting_approval != 0,
            )
            .ok_or_else(|| corrupt("status", &self.status))?,
            waitlist_position: self.waitlist_position.and_then(|p| u32::try_from(p).ok()),
            hold_until: self.hold_until.map(instant).transpose()?,
            created_at: instant(self.created_at)?,
            updated_at: instant(self.updated_at)?,
        })
    }
}
