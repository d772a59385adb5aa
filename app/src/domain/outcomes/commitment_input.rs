//! The commitment form and the progress-note form, and their validation.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{OutcomeErrors, OutcomeField as F, OutcomeProblem};
use super::input::RecordContext;
use super::model::{Commitment, DuePoint, ProgressNote};
use super::party::Party;
use super::status::{CommitmentStatus, roll_up};
use crate::domain::error::Problem;
use crate::domain::event::EventStatus;
use crate::domain::lang::Localized;
use crate::domain::text;

/// Longest action, in characters.
pub const MAX_ACTION: usize = 2_000;
/// Longest condition of a "when" due point, in characters.
pub const MAX_CONDITION: usize = 500;
/// Longest progress note, in characters.
pub const MAX_NOTE: usize = 4_000;

/// A commitment as typed in a form or given in demo data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommitmentInput {
    /// Party codes ([`Party::code`]).
    pub parties: Vec<String>,
    /// The action in Spanish.
    pub action_es: String,
    /// The action in English.
    pub action_en: String,
    /// `on`, `before`, `when`, `periodically`, or `unstated` (also when empty).
    pub due_kind: String,
    /// `YYYY-MM-DD`, for `on`.
    pub due_date: String,
    /// An event's slug, for `before`.
    pub due_event: String,
    /// The condition in Spanish, for `when`.
    pub condition_es: String,
    /// The condition in English, for `when`.
    pub condition_en: String,
    /// A status code; empty means pending. For all delegations, every member's.
    pub status: String,
}

/// Both languages of a text field, cleaned; `None` when either has a problem (recorded).
fn localized(
    errors: &mut OutcomeErrors,
    fields: (F, F),
    values: (&str, &str),
    max: usize,
    multiline: bool,
) -> Option<Localized> {
    let es = errors.check(fields.0, text::clean(values.0, max, multiline));
    let en = errors.check(fields.1, text::clean(values.1, max, multiline));
    Some(Localized::new(es?, en?))
}

impl CommitmentInput {
    /// Reads the form's fields by input name (`parties` as a comma-separated list).
    pub fn from_fields(get: impl Fn(&str) -> String) -> Self {
        CommitmentInput {
            parties: get(F::Parties.name())
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            action_es: get(F::ActionEs.name()),
            action_en: get(F::ActionEn.name()),
            due_kind: get(F::DueKind.name()),
            due_date: get(F::DueDate.name()),
            due_event: get(F::DueEvent.name()),
            condition_es: get(F::ConditionEs.name()),
            condition_en: get(F::ConditionEn.name()),
            status: get(F::Status.name()),
        }
    }

    /// Validates every field against the meeting, collecting all problems: no responsible
    /// party, "all delegations" mixed with others or in a record without delegations, control
    /// characters, no action, a due date before the meeting, "before" an unknown, earlier or
    /// cancelled event, "when" without a condition.
    ///
    /// # Errors
    /// [`OutcomeErrors`] listing each field's problem, in both languages.
    pub fn validate(&self, ctx: &RecordContext<'_>) -> Result<Commitment, OutcomeErrors> {
        let mut errors = OutcomeErrors::default();
        let parties = self.parties(&mut errors, ctx);
        let action = localized(
            &mut errors,
            (F::ActionEs, F::ActionEn),
            (&self.action_es, &self.action_en),
            MAX_ACTION,
            true,
        );
        if action.as_ref().is_some_and(Localized::is_empty) {
            errors.push(F::ActionEs, OutcomeProblem::NoAction);
        }
        let due = self.due(&mut errors, ctx);
        let status = match self.status.trim() {
            "" => Some(CommitmentStatus::Pending),
            code => CommitmentStatus::parse(code),
        };
        if status.is_none() {
            errors.push(F::Status, Problem::UnknownChoice);
        }
        match (parties, action, due, status) {
            (Some(parties), Some(action), Some(due), Some(status)) if errors.is_empty() => {
                let members: BTreeMap<_, _> = if parties == [Party::AllDelegations] {
                    ctx.delegations.iter().map(|c| (*c, status)).collect()
                } else {
                    BTreeMap::new()
                };
                let status = if members.is_empty() {
                    status
                } else {
                    roll_up(members.values().copied())
                };
                Ok(Commitment {
                    parties,
                    action,
                    due,
                    status,
                    members,
                    notes: Vec::new(),
                })
            }
            _ => Err(errors),
        }
    }

    fn parties(&self, errors: &mut OutcomeErrors, ctx: &RecordContext<'_>) -> Option<Vec<Party>> {
        let mut parties = Vec::new();
        for code in self.parties.iter().filter(|c| !c.trim().is_empty()) {
            match Party::parse(code) {
                Some(p) => parties.push(p),
                None => {
                    errors.push(F::Parties, Problem::UnknownChoice);
                    return None;
                }
            }
        }
        parties.sort_unstable();
        parties.dedup();
        let all = parties.contains(&Party::AllDelegations);
        let problem = match parties.len() {
            0 => Some(OutcomeProblem::NoParty),
            1 if all && ctx.delegations.is_empty() => Some(OutcomeProblem::NoDelegations),
            n if all && n > 1 => Some(OutcomeProblem::AllDelegationsAlone),
            _ => None,
        };
        match problem {
            Some(p) => {
                errors.push(F::Parties, p);
                None
            }
            None => Some(parties),
        }
    }

    fn due(&self, errors: &mut OutcomeErrors, ctx: &RecordContext<'_>) -> Option<DuePoint> {
        match self.due_kind.trim() {
            "" | "unstated" => Some(DuePoint::Unstated),
            "periodically" => Some(DuePoint::Periodically),
            "on" => {
                let date = NaiveDate::parse_from_str(self.due_date.trim(), "%Y-%m-%d")
                    .ok()
                    .filter(|d| (1900..=2200).contains(&d.year()));
                let Some(date) = date else {
                    errors.push(F::DueDate, Problem::InvalidDate);
                    return None;
                };
                if date < ctx.meeting.dates.first_day() {
                    errors.push(F::DueDate, OutcomeProblem::DueBeforeMeeting);
                    return None;
                }
                Some(DuePoint::On(date))
            }
            "before" => {
                let slug = self.due_event.trim();
                let Some(event) = ctx.event(slug) else {
                    errors.push(F::DueEvent, OutcomeProblem::UnknownEvent);
                    return None;
                };
                let problem = if event.status == EventStatus::Cancelled {
                    Some(OutcomeProblem::EventCancelled)
                } else if event.dates.first_day() <= ctx.meeting.dates.last_day() {
                    Some(OutcomeProblem::EventNotLater)
                } else {
                    None
                };
                if let Some(p) = problem {
                    errors.push(F::DueEvent, p);
                    return None;
                }
                Some(DuePoint::Before {
                    event: event.slug.clone(),
                })
            }
            "when" => {
                let condition = localized(
                    errors,
                    (F::ConditionEs, F::ConditionEn),
                    (&self.condition_es, &self.condition_en),
                    MAX_CONDITION,
                    false,
                )?;
                if condition.is_empty() {
                    errors.push(F::ConditionEs, OutcomeProblem::NoCondition);
                    return None;
                }
                Some(DuePoint::When(condition))
            }
            _ => {
                errors.push(F::DueKind, Problem::UnknownChoice);
                None
            }
        }
    }
}

/// A progress note as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NoteInput {
    /// The note in Spanish.
    pub text_es: String,
    /// The note in English.
    pub text_en: String,
}

impl NoteInput {
    /// Validates the note, written on the day `on` about `party`'s progress: text in at least
    /// one language, no control characters but line breaks and tabs.
    ///
    /// # Errors
    /// [`OutcomeErrors`] naming the problem, in both languages.
    pub fn validate(&self, on: NaiveDate, party: Party) -> Result<ProgressNote, OutcomeErrors> {
        let mut errors = OutcomeErrors::default();
        let text = localized(
            &mut errors,
            (F::NoteEs, F::NoteEn),
            (&self.text_es, &self.text_en),
            MAX_NOTE,
            true,
        );
        match text {
            Some(text) if text.is_empty() => {
                errors.push(F::NoteEs, OutcomeProblem::NoNote);
                Err(errors)
            }
            Some(text) => Ok(ProgressNote { on, party, text }),
            None => Err(errors),
        }
    }
}
