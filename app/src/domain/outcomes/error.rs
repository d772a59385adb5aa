//! What can be wrong with a meeting record, an agreement, a commitment or a follow-up, tied to a
//! form field and explained in Spanish and English (keys `oc_…`; the common text problems keep
//! their `val_…` messages).

use serde::{Deserialize, Serialize};

use super::status::CommitmentStatus;
use crate::domain::error::Problem;
use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// A field of the record, agreement, commitment or note forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum OutcomeField {
    // The record.
    TitleEs,
    TitleEn,
    Place,
    RecordStatus,
    PreambleEs,
    PreambleEn,
    Delegations,
    // An agreement.
    Number,
    TextEs,
    TextEn,
    Events,
    // A commitment.
    Parties,
    ActionEs,
    ActionEn,
    DueKind,
    DueDate,
    DueEvent,
    ConditionEs,
    ConditionEn,
    Status,
    // A progress note.
    NoteEs,
    NoteEn,
}

impl OutcomeField {
    /// Every field.
    pub const ALL: [OutcomeField; 22] = [
        OutcomeField::TitleEs,
        OutcomeField::TitleEn,
        OutcomeField::Place,
        OutcomeField::RecordStatus,
        OutcomeField::PreambleEs,
        OutcomeField::PreambleEn,
        OutcomeField::Delegations,
        OutcomeField::Number,
        OutcomeField::TextEs,
        OutcomeField::TextEn,
        OutcomeField::Events,
        OutcomeField::Parties,
        OutcomeField::ActionEs,
        OutcomeField::ActionEn,
        OutcomeField::DueKind,
        OutcomeField::DueDate,
        OutcomeField::DueEvent,
        OutcomeField::ConditionEs,
        OutcomeField::ConditionEn,
        OutcomeField::Status,
        OutcomeField::NoteEs,
        OutcomeField::NoteEn,
    ];

    /// The form input's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            OutcomeField::TitleEs => "title_es",
            OutcomeField::TitleEn => "title_en",
            OutcomeField::Place => "place",
            OutcomeField::RecordStatus => "record_status",
            OutcomeField::PreambleEs => "preamble_es",
            OutcomeField::PreambleEn => "preamble_en",
            OutcomeField::Delegations => "delegations",
            OutcomeField::Number => "number",
            OutcomeField::TextEs => "text_es",
            OutcomeField::TextEn => "text_en",
            OutcomeField::Events => "events",
            OutcomeField::Parties => "parties",
            OutcomeField::ActionEs => "action_es",
            OutcomeField::ActionEn => "action_en",
            OutcomeField::DueKind => "due_kind",
            OutcomeField::DueDate => "due_date",
            OutcomeField::DueEvent => "due_event",
            OutcomeField::ConditionEs => "condition_es",
            OutcomeField::ConditionEn => "condition_en",
            OutcomeField::Status => "status",
            OutcomeField::NoteEs => "note_es",
            OutcomeField::NoteEn => "note_en",
        }
    }

    /// The field's label in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            OutcomeField::TitleEs => td_string!(l, oc_field_title_es),
            OutcomeField::TitleEn => td_string!(l, oc_field_title_en),
            OutcomeField::Place => td_string!(l, oc_field_place),
            OutcomeField::RecordStatus => td_string!(l, oc_field_record_status),
            OutcomeField::PreambleEs => td_string!(l, oc_field_preamble_es),
            OutcomeField::PreambleEn => td_string!(l, oc_field_preamble_en),
            OutcomeField::Delegations => td_string!(l, oc_field_delegations),
            OutcomeField::Number => td_string!(l, oc_field_number),
            OutcomeField::TextEs => td_string!(l, oc_field_text_es),
            OutcomeField::TextEn => td_string!(l, oc_field_text_en),
            OutcomeField::Events => td_string!(l, oc_field_events),
            OutcomeField::Parties => td_string!(l, oc_field_parties),
            OutcomeField::ActionEs => td_string!(l, oc_field_action_es),
            OutcomeField::ActionEn => td_string!(l, oc_field_action_en),
            OutcomeField::DueKind => td_string!(l, oc_field_due_kind),
            OutcomeField::DueDate => td_string!(l, oc_field_due_date),
            OutcomeField::DueEvent => td_string!(l, oc_field_due_event),
            OutcomeField::ConditionEs => td_string!(l, oc_field_condition_es),
            OutcomeField::ConditionEn => td_string!(l, oc_field_condition_en),
            OutcomeField::Status => td_string!(l, oc_field_status),
            OutcomeField::NoteEs => td_string!(l, oc_field_note_es),
            OutcomeField::NoteEn => td_string!(l, oc_field_note_en),
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeProblem {
    /// A problem every form shares (required, too long, control characters, a bad date…).
    Text(Problem),
    /// A commitment with no responsible party.
    NoParty,
    /// "All delegations" together with other parties.
    AllDelegationsAlone,
    /// "All delegations" in a record that names no delegation.
    NoDelegations,
    /// A commitment with no action in either language.
    NoAction,
    /// A due date before the meeting's first day.
    DueBeforeMeeting,
    /// "Before" an event that does not start after the meeting.
    EventNotLater,
    /// "Before" an event that is cancelled.
    EventCancelled,
    /// An event slug no event has.
    UnknownEvent,
    /// "When" without a condition.
    NoCondition,
    /// Two agreements with the same number.
    DuplicateNumber,
    /// A status change the rules refuse.
    MoveNotAllowed {
        /// The current status.
        from: CommitmentStatus,
        /// The status asked for.
        to: CommitmentStatus,
    },
    /// One status for an "all delegations" commitment, whose members each have their own.
    PerMember,
    /// A member's status for a country that is not among the commitment's delegations.
    NotAMember,
    /// A progress note with no text.
    NoNote,
}

impl From<Problem> for OutcomeProblem {
    fn from(p: Problem) -> Self {
        OutcomeProblem::Text(p)
    }
}

impl OutcomeProblem {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            OutcomeProblem::Text(p) => p.message(lang),
            OutcomeProblem::NoParty => td_string!(l, oc_no_party).into(),
            OutcomeProblem::AllDelegationsAlone => td_string!(l, oc_all_delegations_alone).into(),
            OutcomeProblem::NoDelegations => td_string!(l, oc_no_delegations).into(),
            OutcomeProblem::NoAction => td_string!(l, oc_no_action).into(),
            OutcomeProblem::DueBeforeMeeting => td_string!(l, oc_due_before_meeting).into(),
            OutcomeProblem::EventNotLater => td_string!(l, oc_event_not_later).into(),
            OutcomeProblem::EventCancelled => td_string!(l, oc_event_cancelled).into(),
            OutcomeProblem::UnknownEvent => td_string!(l, oc_unknown_event).into(),
            OutcomeProblem::NoCondition => td_string!(l, oc_no_condition).into(),
            OutcomeProblem::DuplicateNumber => td_string!(l, oc_duplicate_number).into(),
            OutcomeProblem::MoveNotAllowed { from, to } => td_string!(
                l,
                oc_move_not_allowed,
                from = from.label(lang),
                to = to.label(lang)
            ),
            OutcomeProblem::PerMember => td_string!(l, oc_per_member).into(),
            OutcomeProblem::NotAMember => td_string!(l, oc_not_a_member).into(),
            OutcomeProblem::NoNote => td_string!(l, oc_no_note).into(),
        }
    }
}

/// Where in a record a problem is: the record itself, an agreement (by position), or one of its
/// commitments (by positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// The form itself (the record's header, or the one agreement or commitment being edited).
    Form,
    /// The agreement at this position (from 0).
    Agreement(usize),
    /// The commitment at position `commitment` of the agreement at `agreement` (from 0).
    Commitment {
        /// The agreement's position.
        agreement: usize,
        /// The commitment's position in it.
        commitment: usize,
    },
}

/// One problem, where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeError {
    /// Where.
    pub place: Place,
    /// The field.
    pub field: OutcomeField,
    /// What is wrong.
    pub problem: OutcomeProblem,
}

/// Every problem found in one submission.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OutcomeErrors(Vec<OutcomeError>);

impl OutcomeErrors {
    /// Records a problem of the form itself.
    pub fn push(&mut self, field: OutcomeField, problem: impl Into<OutcomeProblem>) {
        self.0.push(OutcomeError {
            place: Place::Form,
            field,
            problem: problem.into(),
        });
    }

    /// The value of a check, or `None` with its problem recorded against `field`.
    pub fn check<T, P: Into<OutcomeProblem>>(
        &mut self,
        field: OutcomeField,
        result: Result<T, P>,
    ) -> Option<T> {
        result.map_err(|problem| self.push(field, problem)).ok()
    }

    /// Takes in the problems of commitment `index` of the agreement being validated (its
    /// agreement's position reads 0 until [`OutcomeErrors::absorb_agreement`] places it).
    pub fn absorb_commitment(&mut self, index: usize, part: OutcomeErrors) {
        self.0.extend(part.0.into_iter().map(|e| OutcomeError {
            place: Place::Commitment {
                agreement: 0,
                commitment: index,
            },
            ..e
        }));
    }

    /// Takes in the problems of agreement `index` of the record being validated, its
    /// commitments' too.
    pub fn absorb_agreement(&mut self, index: usize, part: OutcomeErrors) {
        self.0.extend(part.0.into_iter().map(|e| {
            let place = match e.place {
                Place::Commitment { commitment, .. } => Place::Commitment {
                    agreement: index,
                    commitment,
                },
                _ => Place::Agreement(index),
            };
            OutcomeError { place, ..e }
        }));
    }

    /// True when nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `field` has exactly this problem (anywhere).
    #[must_use]
    pub fn contains(&self, field: OutcomeField, problem: OutcomeProblem) -> bool {
        self.0
            .iter()
            .any(|e| e.field == field && e.problem == problem)
    }

    /// All problems, in the order found.
    #[must_use]
    pub fn items(&self) -> &[OutcomeError] {
        &self.0
    }

    /// All problems as "Label: message" lines in `lang`.
    #[must_use]
    pub fn describe(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|e| format!("{}: {}", e.field.label(lang), e.problem.message(lang)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for OutcomeErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

impl std::error::Error for OutcomeErrors {}
