//! The secretariat's coordination page: every event in a range of months with the conflicts the
//! coordination engine finds among them, explained in both languages.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::Event;
use crate::domain::coordination::{Acknowledgement, ConflictKind, Severity};
use crate::domain::timeline::MonthRange;

/// The page's filters, as its GET form sends them (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinationQuery {
    /// First month, `YYYY-MM`.
    pub from: Option<String>,
    /// Last month, `YYYY-MM`.
    pub to: Option<String>,
    /// A status code, or empty for all.
    pub status: Option<String>,
    /// A kind code, or empty for all.
    pub kind: Option<String>,
}

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

/// Everything the coordination page shows for `query`: the events, the conflicts found among them
/// (with public holidays, and delegates registered to two events that collide), each with its
/// acknowledgement from `acks`.
#[cfg(feature = "ssr")]
#[must_use]
pub fn analyse(
    all: &[Event],
    query: &CoordinationQuery,
    today: NaiveDate,
    acks: &[Acknowledgement],
    registrations: &[crate::domain::coordination::Registration],
) -> Coordination {
    use crate::domain::Lang;
    use crate::domain::coordination::{Options, entries, find_conflicts};
    use crate::domain::timeline::coordination_events;
    let (range, events) = coordination_events(all, query, today);
    let list = entries(&events);
    let holidays = crate::domain::holidays::holidays_for(&list);
    let report = find_conflicts(&list, registrations, &holidays, Options::default());
    let truncated = report.is_truncated();
    let conflicts: Vec<ConflictView> = report
        .conflicts
        .iter()
        .map(|c| {
            let key = c.key();
            let ack = acks.iter().find(|a| a.key == key).cloned();
            let ack_current = ack.as_ref().is_some_and(|a| a.covers(c));
            ConflictView {
                key,
                kind: c.kind(),
                severity: c.severity(),
                day: c.day(),
                explain_es: c.explain(Lang::Es),
                explain_en: c.explain(Lang::En),
                uids: c.events().map(|e| e.uid.to_owned()).collect(),
                substance: c.substance(),
                ack,
                ack_current,
            }
        })
        .collect();
    let options = Options::default();
    let legs = crate::domain::coordination::travel_legs(&list, options)
        .into_iter()
        .map(|leg| LegView {
            free_days: leg.free_days,
            enough: leg.enough,
            explain_es: leg.explain(&list, options, Lang::Es),
            explain_en: leg.explain(&list, options, Lang::En),
        })
        .collect();
    drop(list);
    Coordination {
        range,
        events,
        conflicts,
        truncated,
        holidays: HolidaySource::current(),
        legs,
    }
}

/// Loads the coordination page (secretariat only).
#[server]
pub async fn get_coordination(query: CoordinationQuery) -> Result<Coordination, AppError> {
    use crate::domain::access::Action;
    super::manage::require(Action::Coordinate, &[])?;
    let store = super::store()?;
    let all = store.events_for_hosts(None).await?;
    let acks = store.conflict_acks().await?;
    let registrations = store.coordination_registrations().await?;
    Ok(analyse(
        &all,
        &query,
        chrono::Utc::now().date_naive(),
        &acks,
        &registrations,
    ))
}
