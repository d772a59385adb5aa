//! Who gets a seat: the hosts' settings (capacity, a quota per delegation, a deadline), when an
//! event takes registrations, and the one rule for seats and the waitlist. Pure: the store
//! applies these decisions inside a transaction that holds the event's lock.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::mode::RegistrationMode;
use super::model::RegistrationStatus;
use crate::domain::error::{Field, Problem, ValidationErrors};
use crate::domain::event::{Event, EventStatus};
use crate::domain::lang::Lang;
use crate::domain::time::start_of_day;
use crate::i18n::td_string;

/// A manage link works until this many days after the event's last day.
pub const MANAGE_DAYS_AFTER: i64 = 90;
/// Largest capacity or quota a host may set.
pub const MAX_SEATS: u32 = 100_000;

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
    /// How new registrations are taken.
    pub mode: RegistrationMode,
}

impl RegistrationSettings {
    /// What changed from these settings to `new`, field by field, as the audit log records it.
    #[must_use]
    pub fn audit_changes(
        &self,
        new: &RegistrationSettings,
    ) -> Vec<crate::domain::lifecycle::FieldChange> {
        self.shown()
            .into_iter()
            .zip(new.shown())
            .filter(|(o, n)| o.1 != n.1)
            .map(
                |((field, old), (_, new))| crate::domain::lifecycle::FieldChange {
                    field: field.into(),
                    old,
                    new,
                },
            )
            .collect()
    }

    /// The settings as the audit log shows them.
    fn shown(&self) -> [(&'static str, String); 5] {
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        [
            ("registration_open", self.open.to_string()),
            ("capacity", text(self.capacity)),
            ("quota", text(self.quota)),
            (
                "deadline",
                self.deadline.map(|d| d.to_string()).unwrap_or_default(),
            ),
            ("registration_mode", self.mode.code().to_owned()),
        ]
    }

    /// Reads the hosts' settings form: blank capacity or quota is no limit; a deadline is a
    /// `YYYY-MM-DD` day in the event's zone, or blank for none; the mode a
    /// [`RegistrationMode`] code.
    ///
    /// # Errors
    /// Each field's problem ([`Field::Capacity`], [`Field::Quota`], [`Field::Deadline`],
    /// [`Field::RegistrationMode`]).
    pub fn from_form(
        open: bool,
        capacity: &str,
        quota: &str,
        deadline: &str,
        mode: &str,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mode = RegistrationMode::parse(mode).unwrap_or_else(|| {
            errors.push(Field::RegistrationMode, Problem::UnknownChoice);
            RegistrationMode::Open
        });
        let mut seats = |field: Field, raw: &str| -> Option<u32> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u32>() {
                Ok(n) if (1..=MAX_SEATS).contains(&n) => Some(n),
                _ => {
                    errors.push(field, Problem::InvalidNumber { max: MAX_SEATS });
                    None
                }
            }
        };
        let capacity = seats(Field::Capacity, capacity);
        let quota = seats(Field::Quota, quota);
        let deadline = match deadline.trim() {
            "" => None,
            raw => {
                let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
                if d.is_none() {
                    errors.push(Field::Deadline, Problem::InvalidDate);
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
                mode,
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
        let l = lang.locale();
        match self {
            Closed::NotOpen => td_string!(l, reg_closed_not_open),
            Closed::Cancelled => td_string!(l, reg_closed_cancelled),
            Closed::DatesNotFixed => td_string!(l, reg_closed_dates_not_fixed),
            Closed::Started => td_string!(l, reg_closed_started),
            Closed::DeadlinePassed => td_string!(l, reg_closed_deadline_passed),
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

/// The audit log's line for a host moving registration `id` up from the waitlist out of turn.
#[must_use]
pub fn promotion_change(id: i64) -> crate::domain::lifecycle::FieldChange {
    crate::domain::lifecycle::FieldChange {
        field: format!("registration {id}"),
        old: "waitlisted".into(),
        new: "confirmed".into(),
    }
}
