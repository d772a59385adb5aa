//! What a registration is: who comes (a delegation), the languages of interpretation, where a
//! registration stands, the trip, and what a delegate tells the hosts.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::country::Country;
use crate::domain::lang::Lang;
use crate::i18n::td_string;

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
        match self {
            Delegation::Country(c) => c.name(lang).to_owned(),
            Delegation::Iom => td_string!(lang.locale(), reg_iom).into(),
            Delegation::Rrocm => "RROCM".into(),
            Delegation::Other(name) => name.clone(),
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
        let l = lang.locale();
        out.push(("IOM", td_string!(l, reg_choice_iom).into()));
        out.push(("RROCM", td_string!(l, reg_choice_rrocm).into()));
        out.push(("OTHER", td_string!(l, reg_choice_other).into()));
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
        let l = lang.locale();
        match self {
            Interpretation::Es => td_string!(l, reg_interpretation_es),
            Interpretation::En => td_string!(l, reg_interpretation_en),
            Interpretation::Fr => td_string!(l, reg_interpretation_fr),
        }
    }
}

/// Where a registration stands. The store keeps the three places (`confirmed`, `waitlisted`,
/// `cancelled`) and two marks (a hold's instant, awaiting approval); see
/// [`RegistrationStatus::from_stored`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegistrationStatus {
    /// Has a seat.
    Confirmed,
    /// Has a seat held until the delegate confirms through the mailed link (confirm mode).
    Held,
    /// Waits for a seat, in order of registration (its place may be held, see
    /// [`Registration::hold_until`]).
    Waitlisted,
    /// Waits for the hosts' approval, taking no seat (approval mode).
    AwaitingApproval,
    /// Cancelled by the delegate.
    Cancelled,
    /// Not confirmed in time: the hold ran out and the place went to the next person.
    Expired,
    /// Declined by the hosts.
    Declined,
}

impl RegistrationStatus {
    /// The status's code, for pages and exports.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Held => "held",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::AwaitingApproval => "pending",
            RegistrationStatus::Cancelled => "cancelled",
            RegistrationStatus::Expired => "expired",
            RegistrationStatus::Declined => "declined",
        }
    }

    /// The place the store keeps: `confirmed` (with or without a hold), `waitlisted` (also while
    /// awaiting approval) or `cancelled` (however it ended).
    #[must_use]
    pub fn stored(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed | RegistrationStatus::Held => "confirmed",
            RegistrationStatus::Waitlisted | RegistrationStatus::AwaitingApproval => "waitlisted",
            RegistrationStatus::Cancelled
            | RegistrationStatus::Expired
            | RegistrationStatus::Declined => "cancelled",
        }
    }

    /// Reads what the store keeps: the place, whether a hold's instant is set, and whether it
    /// awaits (or awaited) approval. A cancelled row with a hold expired; one that awaited
    /// approval was declined.
    #[must_use]
    pub fn from_stored(place: &str, held: bool, awaiting: bool) -> Option<RegistrationStatus> {
        Some(match (place, held, awaiting) {
            ("confirmed", true, _) => RegistrationStatus::Held,
            ("confirmed", false, _) => RegistrationStatus::Confirmed,
            ("waitlisted", _, true) => RegistrationStatus::AwaitingApproval,
            ("waitlisted", _, false) => RegistrationStatus::Waitlisted,
            ("cancelled", true, _) => RegistrationStatus::Expired,
            ("cancelled", false, true) => RegistrationStatus::Declined,
            ("cancelled", false, false) => RegistrationStatus::Cancelled,
            _ => return None,
        })
    }

    /// Reads a stored place alone (no hold, not awaiting approval).
    #[must_use]
    pub fn parse(code: &str) -> Option<RegistrationStatus> {
        RegistrationStatus::from_stored(code, false, false)
    }

    /// Whether the registration still counts: not cancelled, expired or declined.
    #[must_use]
    pub fn is_live(self) -> bool {
        !matches!(
            self,
            RegistrationStatus::Cancelled
                | RegistrationStatus::Expired
                | RegistrationStatus::Declined
        )
    }

    /// The status's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            RegistrationStatus::Confirmed => td_string!(l, reg_status_confirmed),
            RegistrationStatus::Held => td_string!(l, rm_status_held),
            RegistrationStatus::Waitlisted => td_string!(l, reg_status_waitlisted),
            RegistrationStatus::AwaitingApproval => td_string!(l, rm_status_pending),
            RegistrationStatus::Cancelled => td_string!(l, reg_status_cancelled),
            RegistrationStatus::Expired => td_string!(l, rm_status_expired),
            RegistrationStatus::Declined => td_string!(l, rm_status_declined),
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

/// What a delegate tells the hosts, valid by construction through
/// [`RegistrationInput::validate`](super::RegistrationInput::validate).
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
    /// Until when the seat or waitlist place is held for an address not yet confirmed (confirm
    /// mode); for an expired registration, when it ran out.
    pub hold_until: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}
