//! The logistics plan of one event: who arrives and leaves when (the manifest for airport
//! transfers), hotel nights, dietary and accessibility needs, interpretation and visa letters,
//! built from the confirmed registrations. Pure: the server exports it, a page shows it.
//!
//! # The rules
//! - Only **confirmed** registrations count. Waitlisted people are summed up apart
//!   ([`LogisticsPlan::waitlisted_with_needs`]): any of them may be promoted, and the hosts should
//!   know how much more they might have to arrange. Cancelled registrations are ignored.
//! - Times are the delegates' own, local to the event's zone ([`LogisticsPlan::tz`]).
//! - People are ordered by name in Spanish alphabetical order (accents ignored, ñ after n), so
//!   "Álvaro" comes before "Beatriz" and "Núñez" after "Nuno".
//! - Delegations are kept as [`Delegation`]s, not labels, so the reader picks the language.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::event::Event;
use super::registration::{
    Delegation, Interpretation, Registration, RegistrationDetails, RegistrationStatus, Travel,
};

#[cfg(test)]
mod tests;

/// The logistics plan of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogisticsPlan {
    /// The event's id.
    pub event_id: i64,
    /// The zone the travel times are local to (the event's).
    pub tz: Tz,
    /// Confirmed registrations: everyone the plan counts.
    pub confirmed: usize,
    /// Confirmed people who gave neither an arrival nor a departure.
    pub without_travel: usize,
    /// Arrivals per day, days in order: the arrival manifest.
    pub arrivals: Vec<TravelDay>,
    /// Departures per day, days in order.
    pub departures: Vec<TravelDay>,
    /// Hotel nights, nights in order (only nights someone needs).
    pub hotel_nights: Vec<HotelNight>,
    /// Airport transfers needed.
    pub transfers: Transfers,
    /// Dietary needs (non-empty notes only), by name.
    pub dietary: Vec<Need>,
    /// Accessibility needs (non-empty notes only), by name.
    pub accessibility: Vec<Need>,
    /// People per interpretation language, in [`Interpretation::ALL`] order, languages nobody
    /// asked for left out.
    pub interpretation: Vec<LanguageCount>,
    /// Invitation letters for a visa to issue, by name.
    pub visa_letters: Vec<VisaLetter>,
    /// Waitlisted registrations.
    pub waitlisted: usize,
    /// Waitlisted people with logistics needs (see [`has_logistics_needs`]): what promotions may add.
    pub waitlisted_with_needs: usize,
}

/// Everyone arriving (or leaving) on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelDay {
    /// The day, local to the event.
    pub date: NaiveDate,
    /// The people, by time (unknown times last), then name.
    pub people: Vec<TravelRow>,
}

/// One person's arrival or departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelRow {
    /// The registration's id.
    pub registration_id: i64,
    /// Full name.
    pub name: String,
    /// Who they come with.
    pub delegation: Delegation,
    /// The flight number (empty when not known or not flying).
    pub flight: String,
    /// The time, local to the event, when known.
    pub time: Option<NaiveTime>,
    /// Needs an airport transfer.
    pub transfer: bool,
}

/// One hotel night.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotelNight {
    /// The night, by the date it begins.
    pub night: NaiveDate,
    /// How many people need a room that night (the length of `names`).
    pub count: usize,
    /// Their names, in order.
    pub names: Vec<String>,
}

/// Airport transfers needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Transfers {
    /// Arrivals that need a transfer from the airport.
    pub arrivals: usize,
    /// Departures that need a transfer to the airport.
    pub departures: usize,
}

/// A dietary or accessibility need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// The registration's id.
    pub registration_id: i64,
    /// Full name.
    pub name: String,
    /// Who they come with.
    pub delegation: Delegation,
    /// What they need, as they wrote it (may hold line breaks).
    pub note: String,
}

/// How many people need interpretation into one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageCount {
    /// The language.
    pub language: Interpretation,
    /// How many.
    pub count: usize,
}

/// An invitation letter for a visa, with what the letter needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisaLetter {
    /// The registration's id.
    pub registration_id: i64,
    /// Full name.
    pub name: String,
    /// Who they come with.
    pub delegation: Delegation,
    /// Institution.
    pub institution: String,
    /// Position.
    pub position: String,
    /// E-mail address, to send the letter to.
    pub email: String,
}

/// Whether someone asks the hosts for anything: a hotel, a transfer, a visa letter,
/// interpretation, or a dietary or accessibility need. Travel dates alone are not a need.
#[must_use]
pub fn has_logistics_needs(d: &RegistrationDetails) -> bool {
    d.hotel
        || d.transfer
        || d.visa_letter
        || d.interpretation.is_some()
        || !d.dietary.trim().is_empty()
        || !d.accessibility.trim().is_empty()
}

/// A key that sorts names in Spanish alphabetical order: case and accents ignored, ñ after n.
#[must_use]
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => key.push('a'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'í' | 'ì' | 'î' | 'ï' => key.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => key.push('o'),
            'ú' | 'ù' | 'û' | 'ü' => key.push('u'),
            'ç' => key.push('c'),
            // '~' sorts after every ASCII letter: "peña" lands between "penz" and "peo".
            'ñ' => key.push_str("n~"),
            other => key.push(other),
        }
    }
    key
}

/// Orders by name (see [`name_key`]), then by the name as written, then by id, so equal
/// names still come out in one stable order.
fn by_name(a: (&str, i64), b: (&str, i64)) -> Ordering {
    name_key(a.0)
        .cmp(&name_key(b.0))
        .then_with(|| a.0.cmp(b.0))
        .then_with(|| a.1.cmp(&b.1))
}

impl LogisticsPlan {
    /// Builds the plan of `event` from its registrations (all statuses; only confirmed ones count
    /// (not seats held until confirmed, nor those awaiting approval), and those of other events
    /// are ignored).
    #[must_use]
    pub fn build(event: &Event, registrations: &[Registration]) -> LogisticsPlan {
        let mine = registrations.iter().filter(|r| r.event_id == event.id);
        let mut confirmed = Vec::new();
        let (mut waitlisted, mut waitlisted_with_needs) = (0, 0);
        for r in mine {
            match r.status {
                RegistrationStatus::Confirmed => confirmed.push(r),
                RegistrationStatus::Waitlisted => {
                    waitlisted += 1;
                    if has_logistics_needs(&r.details) {
                        waitlisted_with_needs += 1;
                    }
                }
                // Not (yet) coming: a seat held until confirmed, awaiting approval, or ended.
                RegistrationStatus::Held
                | RegistrationStatus::AwaitingApproval
                | RegistrationStatus::Cancelled
                | RegistrationStatus::Expired
                | RegistrationStatus::Declined => {}
            }
        }
        confirmed.sort_by(|a, b| by_name((&a.details.name, a.id), (&b.details.name, b.id)));

        let mut nights: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        let mut languages: Vec<Interpretation> = Vec::new();
        let mut plan = LogisticsPlan {
            event_id: event.id,
            tz: event.details.tz,
            confirmed: confirmed.len(),
            without_travel: 0,
            arrivals: travel_days(&confirmed, |d| d.arrival.as_ref()),
            departures: travel_days(&confirmed, |d| d.departure.as_ref()),
            hotel_nights: Vec::new(),
            transfers: Transfers::default(),
            dietary: Vec::new(),
            accessibility: Vec::new(),
            interpretation: Vec::new(),
            visa_letters: Vec::new(),
            waitlisted,
            waitlisted_with_needs,
        };
        for r in &confirmed {
            let d = &r.details;
            if d.arrival.is_none() && d.departure.is_none() {
                plan.without_travel += 1;
            }
            if d.transfer {
                plan.transfers.arrivals += usize::from(d.arrival.is_some());
                plan.transfers.departures += usize::from(d.departure.is_some());
            }
            // `confirmed` is in name order, so each night's names are too.
            for night in d.hotel_nights() {
                nights.entry(night).or_default().push(d.name.clone());
            }
            let need = |note: &str| Need {
                registration_id: r.id,
                name: d.name.clone(),
                delegation: d.delegation.clone(),
                note: note.trim().to_owned(),
            };
            if !d.dietary.trim().is_empty() {
                plan.dietary.push(need(&d.dietary));
            }
            if !d.accessibility.trim().is_empty() {
                plan.accessibility.push(need(&d.accessibility));
            }
            languages.extend(d.interpretation);
            if d.visa_letter {
                plan.visa_letters.push(VisaLetter {
                    registration_id: r.id,
                    name: d.name.clone(),
                    delegation: d.delegation.clone(),
                    institution: d.institution.clone(),
                    position: d.position.clone(),
                    email: d.email.clone(),
                });
            }
        }
        plan.hotel_nights = nights
            .into_iter()
            .map(|(night, names)| HotelNight {
                night,
                count: names.len(),
                names,
            })
            .collect();
        plan.interpretation = Interpretation::ALL
            .into_iter()
            .map(|language| LanguageCount {
                language,
                count: languages.iter().filter(|l| **l == language).count(),
            })
            .filter(|l| l.count > 0)
            .collect();
        plan
    }

    /// Room-nights in all: the sum of every night's count.
    #[must_use]
    pub fn room_nights(&self) -> usize {
        self.hotel_nights.iter().map(|n| n.count).sum()
    }

    /// True when nobody confirmed needs or gave anything to plan.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.arrivals.is_empty()
            && self.departures.is_empty()
            && self.hotel_nights.is_empty()
            && self.dietary.is_empty()
            && self.accessibility.is_empty()
            && self.interpretation.is_empty()
            && self.visa_letters.is_empty()
    }
}

/// One leg of everyone's trip, grouped by day; `people` is in name order, and the sort by time
/// is stable, so equal times stay in name order.
fn travel_days(
    people: &[&Registration],
    leg: impl Fn(&RegistrationDetails) -> Option<&Travel>,
) -> Vec<TravelDay> {
    let mut days: BTreeMap<NaiveDate, Vec<TravelRow>> = BTreeMap::new();
    for r in people {
        if let Some(t) = leg(&r.details) {
            days.entry(t.date).or_default().push(TravelRow {
                registration_id: r.id,
                name: r.details.name.clone(),
                delegation: r.details.delegation.clone(),
                flight: t.flight.clone(),
                time: t.time,
                transfer: r.details.transfer,
            });
        }
    }
    days.into_iter()
        .map(|(date, mut rows)| {
            // `None` last: known times first, in order.
            rows.sort_by_key(|row| (row.time.is_none(), row.time));
            TravelDay { date, people: rows }
        })
        .collect()
}
