//! The meeting record's form and the agreement form, and their validation (commitments:
//! [`super::commitment_input`]).

use serde::{Deserialize, Serialize};

use super::commitment_input::CommitmentInput;
use super::error::{OutcomeErrors, OutcomeField as F, OutcomeProblem};
use super::model::{Agreement, EventRef, MeetingRecord};
use super::status::RecordStatus;
use crate::domain::country::Country;
use crate::domain::error::Problem;
use crate::domain::lang::Localized;
use crate::domain::text;

/// Longest record title, in characters.
pub const MAX_TITLE: usize = 400;
/// Longest place, in characters.
pub const MAX_PLACE: usize = 200;
/// Longest preamble or agreement text, in characters.
pub const MAX_TEXT: usize = 10_000;
/// Highest agreement number.
pub const MAX_NUMBER: u32 = 999;

/// What validating a record's parts needs to know: the meeting's event, the events it may name,
/// and the member states whose delegations took part.
#[derive(Debug, Clone, Copy)]
pub struct RecordContext<'a> {
    /// The event the record belongs to.
    pub meeting: &'a EventRef,
    /// Every event an agreement may name or a commitment wait for.
    pub events: &'a [EventRef],
    /// The delegations present (the members of "all delegations").
    pub delegations: &'a [Country],
}

impl RecordContext<'_> {
    /// The event with this slug.
    #[must_use]
    pub fn event(&self, slug: &str) -> Option<&EventRef> {
        let slug = slug.trim();
        self.events
            .iter()
            .chain(std::iter::once(self.meeting))
            .find(|e| e.slug == slug)
    }
}

/// An agreement as typed in a form or given in demo data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AgreementInput {
    /// Its number, 1 to [`MAX_NUMBER`].
    pub number: String,
    /// Its text in Spanish.
    pub text_es: String,
    /// Its text in English.
    pub text_en: String,
    /// The slugs of the events it names.
    pub events: Vec<String>,
    /// Its commitments.
    pub commitments: Vec<CommitmentInput>,
}

impl AgreementInput {
    /// Reads the form's fields by input name (`events` as a comma-separated list of slugs); the
    /// commitments have forms of their own.
    pub fn from_fields(get: impl Fn(&str) -> String) -> Self {
        AgreementInput {
            number: get(F::Number.name()),
            text_es: get(F::TextEs.name()),
            text_en: get(F::TextEn.name()),
            events: get(F::Events.name())
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            commitments: Vec::new(),
        }
    }

    /// Validates the agreement and its commitments: a number, text in at least one language
    /// without control characters (line breaks allowed), events that exist.
    ///
    /// # Errors
    /// [`OutcomeErrors`], its commitments' placed by position.
    pub fn validate(&self, ctx: &RecordContext<'_>) -> Result<Agreement, OutcomeErrors> {
        let mut errors = OutcomeErrors::default();
        let number = match self.number.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_NUMBER).contains(&n) => Some(n),
            _ => {
                errors.push(F::Number, Problem::InvalidNumber { max: MAX_NUMBER });
                None
            }
        };
        let es = errors.check(F::TextEs, text::clean(&self.text_es, MAX_TEXT, true));
        let en = errors.check(F::TextEn, text::clean(&self.text_en, MAX_TEXT, true));
        if es.as_deref() == Some("") && en.as_deref() == Some("") {
            errors.push(F::TextEs, Problem::Required);
        }
        let mut events: Vec<String> = Vec::new();
        for slug in self
            .events
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match ctx.event(slug) {
                Some(e) if !events.contains(&e.slug) => events.push(e.slug.clone()),
                Some(_) => {}
                None => errors.push(F::Events, OutcomeProblem::UnknownEvent),
            }
        }
        let mut commitments = Vec::new();
        for (i, c) in self.commitments.iter().enumerate() {
            match c.validate(ctx) {
                Ok(c) => commitments.push(c),
                Err(e) => errors.absorb_commitment(i, e),
            }
        }
        match (number, es, en) {
            (Some(number), Some(es), Some(en)) if errors.is_empty() => Ok(Agreement {
                number,
                text: Localized::new(es, en),
                events,
                commitments,
            }),
            _ => Err(errors),
        }
    }
}

/// A meeting record as typed in a form or given in demo data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecordInput {
    /// The report's title in Spanish.
    pub title_es: String,
    /// The report's title in English.
    pub title_en: String,
    /// Where the meeting took place.
    pub place: String,
    /// `draft` (also when empty) or `final`.
    pub status: String,
    /// The report's opening paragraph in Spanish (may be empty).
    pub preamble_es: String,
    /// The report's opening paragraph in English (may be empty).
    pub preamble_en: String,
    /// ISO codes of the member states whose delegations took part.
    pub delegations: Vec<String>,
    /// The agreements.
    pub agreements: Vec<AgreementInput>,
}

impl RecordInput {
    /// Validates the record for the event `meeting`, naming `events`: a title in at least one
    /// language, a place, member states, agreements with distinct numbers (kept in number
    /// order). A record on a tentative or month-only event is allowed: its dates are flagged
    /// tentative.
    ///
    /// # Errors
    /// [`OutcomeErrors`] with every problem, each placed at its agreement or commitment.
    pub fn validate(
        &self,
        meeting: &EventRef,
        events: &[EventRef],
    ) -> Result<MeetingRecord, OutcomeErrors> {
        let mut errors = OutcomeErrors::default();
        let title_es = errors.check(F::TitleEs, text::clean(&self.title_es, MAX_TITLE, false));
        let title_en = errors.check(F::TitleEn, text::clean(&self.title_en, MAX_TITLE, false));
        if title_es.as_deref() == Some("") && title_en.as_deref() == Some("") {
            errors.push(F::TitleEs, Problem::Required);
        }
        let place = errors.check(F::Place, text::required(&self.place, MAX_PLACE));
        let status = match self.status.trim() {
            "" => Some(RecordStatus::Draft),
            code => RecordStatus::parse(code),
        };
        if status.is_none() {
            errors.push(F::RecordStatus, Problem::UnknownChoice);
        }
        let preamble_es = errors.check(
            F::PreambleEs,
            text::clean(&self.preamble_es, MAX_TEXT, true),
        );
        let preamble_en = errors.check(
            F::PreambleEn,
            text::clean(&self.preamble_en, MAX_TEXT, true),
        );
        let mut delegations = Vec::new();
        for code in self.delegations.iter().filter(|c| !c.trim().is_empty()) {
            match Country::parse(code) {
                Some(c) => delegations.push(c),
                None => errors.push(F::Delegations, Problem::UnknownCountry),
            }
        }
        delegations.sort_unstable();
        delegations.dedup();

        let ctx = RecordContext {
            meeting,
            events,
            delegations: &delegations,
        };
        let mut agreements: Vec<Agreement> = Vec::new();
        let mut numbers = Vec::new();
        for (i, a) in self.agreements.iter().enumerate() {
            if let Ok(number) = a.number.trim().parse::<u32>() {
                if numbers.contains(&number) {
                    let mut dup = OutcomeErrors::default();
                    dup.push(F::Number, OutcomeProblem::DuplicateNumber);
                    errors.absorb_agreement(i, dup);
                }
                numbers.push(number);
            }
            match a.validate(&ctx) {
                Ok(a) => agreements.push(a),
                Err(e) => errors.absorb_agreement(i, e),
            }
        }
        agreements.sort_by_key(|a| a.number);

        match (title_es, title_en, place, status, preamble_es, preamble_en) {
            (Some(tes), Some(ten), Some(place), Some(status), Some(pes), Some(pen))
                if errors.is_empty() =>
            {
                Ok(MeetingRecord {
                    event_id: meeting.id,
                    event_slug: meeting.slug.clone(),
                    title: Localized::new(tes, ten),
                    place,
                    dates: meeting.dates,
                    dates_tentative: meeting.dates_tentative(),
                    status,
                    preamble: Localized::new(pes, pen),
                    delegations,
                    agreements,
                })
            }
            _ => Err(errors),
        }
    }
}
