//! Events: what they are, their kinds and statuses, and the validation of a proposed event.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::lang::{Lang, Localized};
use super::time::{EventDates, LocalTimeError};

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

mod input;
#[cfg(test)]
mod tests;

pub use input::{EventInput, MAX_CAPACITY, MAX_DESCRIPTION, MAX_PLACE, MAX_TITLE};
