//! The secretariat's coordination page: every event in a range of months with the conflicts the
//! coordination engine finds among them, explained in both languages.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::Event;
use crate::domain::coordination::{ConflictKind, Severity};
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

/// Loads the coordination page (secretariat only).
#[server]
pub async fn get_coordination(query: CoordinationQuery) -> Result<Coordination, AppError> {
    use crate::domain::Lang;
    use crate::domain::access::Action;
    use crate::domain::coordination::{Options, entries, find_conflicts};
    use crate::domain::timeline::coordination_events;
    super::manage::require(Action::Coordinate, &[])?;
    let all = super::store()?.events_for_hosts(None).await?;
    let (range, events) = coordination_events(&all, &query, chrono::Utc::now().date_naive());
    let list = entries(&events);
    let holidays = crate::domain::holidays::holidays_for(&list);
    let report = find_conflicts(&list, &[], &holidays, Options::default());
    let truncated = report.is_truncated();
    let conflicts: Vec<ConflictView> = report
        .conflicts
        .iter()
        .map(|c| ConflictView {
            key: c.key(),
            kind: c.kind(),
            severity: c.severity(),
            day: c.day(),
            explain_es: c.explain(Lang::Es),
            explain_en: c.explain(Lang::En),
            uids: c.events().map(|e| e.uid.to_owned()).collect(),
        })
        .collect();
    drop(list);
    Ok(Coordination {
        range,
        events,
        conflicts,
        truncated,
        holidays: HolidaySource::current(),
    })
}
