//! Personal data and how long it is kept: when an event's retention ends (a number of days after
//! its last day, in the event's own zone), what erasing a registration keeps (its delegation's code
//! and its status, counted), what the audit log says about an erasure (counts only), and the
//! delegate's own copy of their data ([`my_data`]). Pure: the store applies these decisions inside
//! a transaction that holds the event's lock.
//!
//! Erasing deletes the registration's row: name, e-mail, organisation, institution, position,
//! travel, hotel and transfer, needs, interpretation, visa letter, consent and the token hashes
//! all go with it (so the manage link and the personal feed stop). What stays is a count per
//! event, delegation code (a country's ISO code, `IOM`, `RROCM` or `OTHER`) and status.

pub mod my_data;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::Event;
use super::lang::Lang;
use super::lifecycle::FieldChange;
use super::registration::{Delegation, RegistrationStatus};
use super::time::start_of_day;
use crate::i18n::td_string;

pub use my_data::MyData;

/// Days after an event's last day its registrations' personal data is kept, by default.
pub const DEFAULT_RETENTION_DAYS: u32 = 180;
/// The longest retention that may be set (a hundred years, so dates never overflow).
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// A retention setting as typed: a positive whole number of days, at most
/// [`MAX_RETENTION_DAYS`]; `None` for anything else (blank, zero, negative, fractional, words).
#[must_use]
pub fn parse_retention_days(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_RETENTION_DAYS).contains(d))
}

/// The instant an event's personal data is due for erasure: the start of the day, in the event's
/// zone, `days` days after the day after its last day. A month-only (tentative) event's last day
/// is the month's last, so it is kept until `days` days after the month ends.
#[must_use]
pub fn retention_ends(event: &Event, days: u32) -> DateTime<Utc> {
    let d = &event.details;
    let day = d
        .dates
        .exclusive_end_day()
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    start_of_day(d.tz, day)
}

/// Whether the personal data of `event`'s registrations is due for erasure at `now`.
#[must_use]
pub fn retention_due(event: &Event, days: u32, now: DateTime<Utc>) -> bool {
    now >= retention_ends(event, days)
}

/// The latest last day (as stored, local to each event) an event may have and be due at `now`:
/// a first cut the store can make without zones (no zone is more than a day ahead of UTC), to be
/// checked event by event with [`retention_due`].
#[must_use]
pub fn due_last_day_until(now: DateTime<Utc>, days: u32) -> NaiveDate {
    now.date_naive()
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether `event` is over at `now`: its end (in its zone) has passed. Before that, erasing a
/// live registration cancels it and gives its seat to the next person; after, there is no seat
/// to give, and the status it ended with is what is counted.
#[must_use]
pub fn event_over(event: &Event, now: DateTime<Utc>) -> bool {
    let d = &event.details;
    let ends = d
        .ends_at()
        .unwrap_or_else(|_| start_of_day(d.tz, d.dates.exclusive_end_day()));
    now >= ends
}

/// The status an erased registration is counted with: a live one whose seat is freed counts as
/// cancelled; otherwise as it stood.
#[must_use]
pub fn counted_status(stored: RegistrationStatus, free_seat: bool) -> RegistrationStatus {
    if free_seat {
        RegistrationStatus::Cancelled
    } else {
        stored
    }
}

/// Why personal data was erased, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErasureReason {
    /// The event ended longer ago than the retention period.
    Retention,
    /// The secretariat erased a person by address, on their request.
    Request,
    /// The delegate deleted their own registration.
    Own,
}

impl ErasureReason {
    /// The audit log's action.
    #[must_use]
    pub fn action(self) -> &'static str {
        match self {
            ErasureReason::Retention => "erase-retention",
            ErasureReason::Request => "erase-request",
            ErasureReason::Own => "erase-own",
        }
    }
}

/// What is kept of erased registrations: how many of one delegation had one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasedCount {
    /// The delegation's code: a country's ISO code, `IOM`, `RROCM` or `OTHER` (never an
    /// organisation's name, which can point to a person).
    pub delegation: String,
    /// The status counted (see [`counted_status`]).
    pub status: RegistrationStatus,
    /// How many.
    pub count: u32,
}

/// Adds one erased registration to `counts`.
pub fn add_to(counts: &mut Vec<ErasedCount>, delegation: &str, status: RegistrationStatus) {
    match counts
        .iter_mut()
        .find(|c| c.delegation == delegation && c.status == status)
    {
        Some(c) => c.count = c.count.saturating_add(1),
        None => counts.push(ErasedCount {
            delegation: delegation.to_owned(),
            status,
            count: 1,
        }),
    }
}

/// A delegation's name in `lang` from its code; `OTHER` is every other organisation together.
#[must_use]
pub fn delegation_label(code: &str, lang: Lang) -> String {
    match Delegation::from_parts(code, "") {
        Some(d) => d.label(lang),
        None => td_string!(lang.locale(), pd_other_organisations).to_owned(),
    }
}

/// How many registrations in how many events a request erased, in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RequestTotals {
    /// Registrations erased.
    pub registrations: u32,
    /// Events they were for.
    pub events: u32,
}

/// The audit log's lines for one event's erasure: how many registrations, by status, and for a
/// request the request's totals. Counts only: never a name, an address or a delegation.
#[must_use]
pub fn audit_changes(counts: &[ErasedCount], request: Option<RequestTotals>) -> Vec<FieldChange> {
    let sum = |status: Option<RegistrationStatus>| -> u32 {
        counts
            .iter()
            .filter(|c| status.is_none_or(|s| c.status == s))
            .map(|c| c.count)
            .sum()
    };
    let line = |field: &str, n: u32| FieldChange {
        field: field.to_owned(),
        old: String::new(),
        new: n.to_string(),
    };
    let mut out = vec![line("personal_data_erased", sum(None))];
    for status in [
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Cancelled,
    ] {
        let n = sum(Some(status));
        if n > 0 {
            out.push(line(&format!("erased_{}", status.code()), n));
        }
    }
    if let Some(t) = request {
        out.push(FieldChange {
            field: "request".into(),
            old: String::new(),
            new: format!("{} registrations in {} events", t.registrations, t.events),
        });
    }
    out
}

/// The sentence that tells hosts an event's personal data was erased on `erased_at` (shown as
/// the day in the event's zone) under the retention policy.
#[must_use]
pub fn erased_notice(event: &Event, erased_at: DateTime<Utc>, lang: Lang) -> String {
    let day = erased_at.with_timezone(&event.details.tz).date_naive();
    td_string!(
        lang.locale(),
        pd_erased_notice,
        date = super::format::date(lang, day)
    )
}
