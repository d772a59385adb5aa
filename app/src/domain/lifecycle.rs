//! The life of a published event: confirm, postpone, cancel, edit. Each change says what it
//! changed (for the audit log) and whether calendars must hear of it (the feeds' SEQUENCE).

use serde::{Deserialize, Serialize};

use super::event::{EventDetails, EventStatus};
use super::format;
use super::lang::Lang;
use super::time::EventDates;
use crate::i18n::td_string;

/// Longest cancellation reason, in characters.
pub const MAX_REASON: usize = 1000;

/// A change to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Transition {
    /// The host confirms the dates (exact dates required).
    Confirm,
    /// The event moves to new dates, keeping its identity, URL and UID.
    Postpone {
        /// The new dates.
        dates: EventDates,
    },
    /// The event will not take place; it stays visible, marked cancelled.
    Cancel {
        /// Why, shown on the event page.
        reason: String,
    },
    /// New details from the edit form.
    Edit {
        /// The validated details.
        details: Box<EventDetails>,
    },
}

/// Why a change cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum LifecycleError {
    /// Cancelled events are final.
    #[error("the event is cancelled")]
    Cancelled,
    /// Only exact dates can be confirmed.
    #[error("only exact dates can be confirmed")]
    NeedsExactDates,
    /// Already confirmed.
    #[error("already confirmed")]
    AlreadyConfirmed,
    /// Postponing to the same dates changes nothing.
    #[error("the new dates are the current ones")]
    SameDates,
    /// A cancellation needs a reason.
    #[error("a reason is required")]
    ReasonRequired,
    /// The reason is too long or holds control characters.
    #[error("the reason is not acceptable")]
    BadReason,
}

impl LifecycleError {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            LifecycleError::Cancelled => td_string!(l, life_cancelled),
            LifecycleError::NeedsExactDates => td_string!(l, life_needs_exact_dates),
            LifecycleError::AlreadyConfirmed => td_string!(l, life_already_confirmed),
            LifecycleError::SameDates => td_string!(l, life_same_dates),
            LifecycleError::ReasonRequired => td_string!(l, life_reason_required),
            LifecycleError::BadReason => td_string!(l, life_bad_reason),
        }
        .to_owned()
    }
}

/// One field's old and new value, as written in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's stable name.
    pub field: String,
    /// The value before.
    pub old: String,
    /// The value after.
    pub new: String,
}

/// One line of an event's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who (their email, or what made the change: `demo-data`).
    pub who: String,
    /// What kind of change (`create`, `edit`, `confirm`, `postpone`, `cancel`, `delete`).
    pub action: String,
    /// Each field's old and new value.
    pub changes: Vec<FieldChange>,
}

/// What applying a change produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The details after the change.
    pub details: EventDetails,
    /// What changed.
    pub changes: Vec<FieldChange>,
    /// True when calendars must be told (dates, times, zone, place, status, title): the revision,
    /// and so the feeds' SEQUENCE, goes up.
    pub calendar_change: bool,
    /// The dates before, when they moved (kept and shown on the event page).
    pub previous_dates: Option<EventDates>,
}

/// Fields whose change reaches subscribers' calendars.
const CALENDAR_FIELDS: [&str; 8] = [
    "dates", "tz", "city", "venue", "status", "title_es", "title_en", "host",
];

fn dates_text(d: &EventDates) -> String {
    format::event_dates(Lang::En, d)
}

/// Every recorded field of an event, by stable name, as text.
fn fields(d: &EventDetails) -> [(&'static str, String); 13] {
    [
        ("host", d.host.code().into()),
        (
            "cohosts",
            d.cohosts
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("city", d.city.clone()),
        ("venue", d.venue.clone()),
        ("tz", d.tz.name().into()),
        ("kind", d.kind.code().into()),
        ("title_es", d.title.es.clone()),
        ("title_en", d.title.en.clone()),
        ("description_es", d.description.es.clone()),
        ("description_en", d.description.en.clone()),
        ("status", d.status.code().into()),
        (
            "capacity",
            d.capacity.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("dates", dates_text(&d.dates)),
    ]
}

/// Lists the fields that differ between `old` and `new`.
#[must_use]
pub fn diff(old: &EventDetails, new: &EventDetails) -> Vec<FieldChange> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.into(),
            old,
            new,
        })
        .collect()
}

/// The audit record of a new event: every non-empty field, from nothing.
#[must_use]
pub fn created(d: &EventDetails) -> Vec<FieldChange> {
    fields(d)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(field, new)| FieldChange {
            field: field.into(),
            old: String::new(),
            new,
        })
        .collect()
}

/// Applies `transition` to `current`.
///
/// # Errors
/// [`LifecycleError`] when the change is not possible in the event's state.
pub fn apply(current: &EventDetails, transition: Transition) -> Result<Outcome, LifecycleError> {
    if current.status == EventStatus::Cancelled {
        return Err(LifecycleError::Cancelled);
    }
    let mut next = current.clone();
    let mut extra = Vec::new();
    match transition {
        Transition::Confirm => {
            if current.dates.is_month_only() {
                return Err(LifecycleError::NeedsExactDates);
            }
            if current.status == EventStatus::Confirmed {
                return Err(LifecycleError::AlreadyConfirmed);
            }
            next.status = EventStatus::Confirmed;
        }
        Transition::Postpone { dates } => {
            if dates == current.dates {
                return Err(LifecycleError::SameDates);
            }
            next.dates = dates;
            next.status = EventStatus::Postponed;
        }
        Transition::Cancel { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(LifecycleError::ReasonRequired);
            }
            if reason.chars().count() > MAX_REASON
                || reason.chars().any(|c| c.is_control() && c != '\n')
            {
                return Err(LifecycleError::BadReason);
            }
            next.status = EventStatus::Cancelled;
            extra.push(FieldChange {
                field: "cancel_reason".into(),
                old: String::new(),
                new: reason.into(),
            });
        }
        Transition::Edit { details } => {
            // Status moves only through confirm, postpone and cancel.
            next = EventDetails {
                status: current.status,
                ..*details
            };
        }
    }
    let mut changes = diff(current, &next);
    changes.extend(extra);
    let calendar_change = changes
        .iter()
        .any(|c| CALENDAR_FIELDS.contains(&c.field.as_str()));
    let previous_dates = (next.dates != current.dates).then_some(current.dates);
    Ok(Outcome {
        details: next,
        changes,
        calendar_change,
        previous_dates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventInput;

    fn workshop(status: &str) -> EventDetails {
        EventInput {
            host: "GT".into(),
            city: "Ciudad de Guatemala".into(),
            kind: "workshop".into(),
            title_es: "Taller".into(),
            status: status.into(),
            start_date: "2027-03-01".into(),
            end_date: "2027-03-02".into(),
            ..EventInput::default()
        }
        .validate()
        .unwrap()
    }

    fn dates(s: &str, e: &str) -> EventDates {
        EventDates::Exact {
            start: s.parse().unwrap(),
            end: e.parse().unwrap(),
            times: None,
        }
    }

    #[test]
    fn postponing_keeps_the_previous_dates_and_tells_calendars() {
        let current = workshop("confirmed");
        let out = apply(
            &current,
            Transition::Postpone {
                dates: dates("2027-04-05", "2027-04-06"),
            },
        )
        .unwrap();
        assert_eq!(out.details.status, EventStatus::Postponed);
        assert_eq!(out.previous_dates, Some(current.dates));
        assert!(out.calendar_change);
        assert!(
            out.changes
                .iter()
                .any(|c| c.field == "dates" && c.old == "1–2 March 2027")
        );
    }

    #[test]
    fn cancelling_needs_a_reason_and_is_final() {
        let current = workshop("confirmed");
        assert_eq!(
            apply(
                &current,
                Transition::Cancel {
                    reason: "  ".into()
                }
            ),
            Err(LifecycleError::ReasonRequired)
        );
        let out = apply(
            &current,
            Transition::Cancel {
                reason: "Huracán".into(),
            },
        )
        .unwrap();
        assert_eq!(out.details.status, EventStatus::Cancelled);
        assert!(out.calendar_change);
        assert!(
            out.changes
                .iter()
                .any(|c| c.field == "cancel_reason" && c.new == "Huracán")
        );
        assert_eq!(
            apply(&out.details, Transition::Confirm),
            Err(LifecycleError::Cancelled)
        );
    }

    #[test]
    fn month_only_events_cannot_be_confirmed() {
        let mut current = workshop("tentative");
        current.dates = EventDates::Month {
            year: 2027,
            month: 2,
        };
        assert_eq!(
            apply(&current, Transition::Confirm),
            Err(LifecycleError::NeedsExactDates)
        );
        let out = apply(&workshop("tentative"), Transition::Confirm).unwrap();
        assert_eq!(out.details.status, EventStatus::Confirmed);
        assert!(out.calendar_change);
    }

    #[test]
    fn editing_only_the_description_does_not_bump_calendars() {
        let current = workshop("confirmed");
        let mut edited = current.clone();
        edited.description.es = "Nueva descripción".into();
        let out = apply(
            &current,
            Transition::Edit {
                details: Box::new(edited),
            },
        )
        .unwrap();
        assert!(!out.calendar_change);
        assert_eq!(out.changes.len(), 1);
        let mut edited = current.clone();
        edited.venue = "Hotel".into();
        edited.status = EventStatus::Cancelled;
        let out = apply(
            &current,
            Transition::Edit {
                details: Box::new(edited),
            },
        )
        .unwrap();
        assert!(out.calendar_change, "a new place reaches calendars");
        assert_eq!(
            out.details.status,
            EventStatus::Confirmed,
            "edit never changes the status"
        );
    }

    #[test]
    fn postponing_to_the_same_dates_is_refused() {
        let current = workshop("confirmed");
        assert_eq!(
            apply(
                &current,
                Transition::Postpone {
                    dates: current.dates
                }
            ),
            Err(LifecycleError::SameDates)
        );
    }
}
