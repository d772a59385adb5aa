//! The coordination page's data as the secretariat reads it: the events of a range of months, the
//! conflicts among them explained in both languages with their acknowledgements, and the trips
//! between countries. Plain data, filled on the server and shown in the browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Acknowledgement, ConflictKind, Severity};
use crate::domain::Event;
use crate::domain::timeline::MonthRange;

/// One conflict, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    /// Stable key (kind and events).
    pub key: String,
    /// What kind.
    pub kind: ConflictKind,
    /// How much it matters.
    pub severity: Severity,
    /// The first day it concerns.
    pub day: NaiveDate,
    /// The explanation in Spanish.
    pub explain_es: String,
    /// The explanation in English.
    pub explain_en: String,
    /// The UIDs of the events involved.
    pub uids: Vec<String>,
    /// What the conflict is about now (hosts, dates, severity): an acknowledgement covers it only
    /// while this stays the same.
    pub substance: String,
    /// The secretariat's acknowledgement of this conflict, if any (possibly of an earlier state).
    pub ack: Option<Acknowledgement>,
    /// True when `ack` covers the conflict as it is now; false when it changed since.
    pub ack_current: bool,
}

impl ConflictView {
    /// True when the conflict is acknowledged as it is now.
    #[must_use]
    pub fn is_acknowledged(&self) -> bool {
        self.ack.is_some() && self.ack_current
    }
}

/// What the coordination page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coordination {
    /// The months shown.
    pub range: MonthRange,
    /// The events touching them (after the filters), drafts included.
    pub events: Vec<Event>,
    /// Conflicts among those events (and those just outside, for travel gaps at the edges).
    pub conflicts: Vec<ConflictView>,
    /// True when more conflicts exist than are listed.
    pub truncated: bool,
    /// Where the public holidays checked come from.
    pub holidays: HolidaySource,
    /// Every trip between consecutive events in different countries, explained (enough or not).
    pub legs: Vec<LegView>,
}

/// A trip between two consecutive events in different countries, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegView {
    /// Free days between them.
    pub free_days: u32,
    /// Whether they are enough.
    pub enough: bool,
    /// The explanation in Spanish.
    pub explain_es: String,
    /// The explanation in English.
    pub explain_en: String,
}

/// The public holidays table the conflicts were checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidaySource {
    /// First year covered.
    pub first_year: i32,
    /// Last year covered.
    pub last_year: i32,
    /// The version of the `holidays` package the table comes from.
    pub version: String,
}

#[cfg(feature = "ssr")]
impl HolidaySource {
    /// The table compiled into this server.
    #[must_use]
    pub fn current() -> Self {
        use crate::domain::holidays::{FIRST_YEAR, LAST_YEAR, SOURCE_VERSION};
        HolidaySource {
            first_year: FIRST_YEAR,
            last_year: LAST_YEAR,
            version: SOURCE_VERSION.to_owned(),
        }
    }
}
