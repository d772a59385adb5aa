//! "Download my data": everything stored about one registration, with the event it is for, as
//! the delegate gets it from their manage page (JSON). Field names are stable English
//! identifiers; values are as stored (codes, ISO 8601 dates and instants). Never a token or a
//! token's hash.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::event::Event;
use crate::domain::lang::Lang;
use crate::domain::registration::{Registration, Travel};
use crate::i18n::td_string;

/// A delegate's own data, ready to serialise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    /// What this file is, in the reader's language.
    pub notice: String,
    /// When it was made.
    pub exported_at: DateTime<Utc>,
    /// The event registered for.
    pub event: EventPart,
    /// The registration, every stored field.
    pub registration: RegistrationPart,
}

/// The event a registration is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPart {
    /// Its address on the site (`/events/{slug}`).
    pub slug: String,
    /// Spanish title.
    pub title_es: String,
    /// English title.
    pub title_en: String,
    /// Host country (ISO code).
    pub host: String,
    /// Co-host countries.
    pub cohosts: Vec<String>,
    /// City.
    pub city: String,
    /// Venue.
    pub venue: String,
    /// Its IANA zone.
    pub tz: String,
    /// Its status code.
    pub status: String,
    /// First day, local.
    pub first_day: NaiveDate,
    /// Last day, local.
    pub last_day: NaiveDate,
    /// True when only the month is known.
    pub month_only: bool,
}

/// One leg of travel as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelPart {
    /// The day, local to the event.
    pub date: NaiveDate,
    /// The time, local to the event.
    pub time: Option<NaiveTime>,
    /// The flight.
    pub flight: String,
}

/// A registration's stored fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPart {
    /// Its number.
    pub id: i64,
    /// `confirmed`, `waitlisted` or `cancelled`.
    pub status: String,
    /// Place on the waitlist.
    pub waitlist_position: Option<u32>,
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Delegation code.
    pub delegation: String,
    /// Delegation's name in the reader's language.
    pub delegation_name: String,
    /// Organisation (for another organisation).
    pub organisation: String,
    /// Institution.
    pub institution: String,
    /// Position.
    pub position: String,
    /// Language of correspondence.
    pub lang: String,
    /// Arrival.
    pub arrival: Option<TravelPart>,
    /// Departure.
    pub departure: Option<TravelPart>,
    /// Hotel needed.
    pub hotel: bool,
    /// The hotel nights that follows from the trip.
    pub hotel_nights: Vec<NaiveDate>,
    /// Airport transfer needed.
    pub transfer: bool,
    /// Dietary needs.
    pub dietary: String,
    /// Accessibility needs.
    pub accessibility: String,
    /// Interpretation language code.
    pub interpretation: Option<String>,
    /// Visa invitation letter needed.
    pub visa_letter: bool,
    /// When consent to the use of the data was given.
    pub consent_at: DateTime<Utc>,
    /// When the registration was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// How many times the personal-feed address was replaced.
    pub feed_address_replaced: i64,
}

/// What the store keeps beside the domain's registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTimes {
    /// When consent was given.
    pub consent_at: DateTime<Utc>,
    /// When it was cancelled, if it was.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// How many times the personal-feed address was replaced.
    pub feed_generation: i64,
}

fn travel(t: Option<&Travel>) -> Option<TravelPart> {
    t.map(|t| TravelPart {
        date: t.date,
        time: t.time,
        flight: t.flight.clone(),
    })
}

impl MyData {
    /// Everything about `registration` (for `event`), with a notice in `lang`, made at `now`.
    #[must_use]
    pub fn new(
        event: &Event,
        registration: &Registration,
        times: StoredTimes,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> MyData {
        let e = &event.details;
        let d = &registration.details;
        MyData {
            notice: td_string!(lang.locale(), pd_json_notice).to_owned(),
            exported_at: now,
            event: EventPart {
                slug: event.slug.clone(),
                title_es: e.title.es.clone(),
                title_en: e.title.en.clone(),
                host: e.host.code().to_owned(),
                cohosts: e.cohosts.iter().map(|c| c.code().to_owned()).collect(),
                city: e.city.clone(),
                venue: e.venue.clone(),
                tz: e.tz.name().to_owned(),
                status: e.status.code().to_owned(),
                first_day: e.dates.first_day(),
                last_day: e.dates.last_day(),
                month_only: e.dates.is_month_only(),
            },
            registration: RegistrationPart {
                id: registration.id,
                status: registration.status.code().to_owned(),
                waitlist_position: registration.waitlist_position,
                name: d.name.clone(),
                email: d.email.clone(),
                delegation: d.delegation.code().to_owned(),
                delegation_name: d.delegation.label(lang),
                organisation: d.delegation.organisation().to_owned(),
                institution: d.institution.clone(),
                position: d.position.clone(),
                lang: d.lang.code().to_owned(),
                arrival: travel(d.arrival.as_ref()),
                departure: travel(d.departure.as_ref()),
                hotel: d.hotel,
                hotel_nights: d.hotel_nights(),
                transfer: d.transfer,
                dietary: d.dietary.clone(),
                accessibility: d.accessibility.clone(),
                interpretation: d.interpretation.map(|i| i.code().to_owned()),
                visa_letter: d.visa_letter,
                consent_at: times.consent_at,
                created_at: registration.created_at,
                updated_at: registration.updated_at,
                cancelled_at: times.cancelled_at,
                feed_address_replaced: times.feed_generation,
            },
        }
    }
}
