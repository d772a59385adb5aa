//! Writing a meeting record: its header (title, place, status, preamble, delegations) and its
//! numbered agreements. Only the secretariat and the hosting countries' officials write it
//! ([`may_write_record`] with the event's main host and co-hosts).

use chrono::Utc;

use crate::domain::account::Account;
use crate::domain::outcomes::{
    AgreementInput, EventRef, OutcomeErrors, OutcomeField, OutcomeProblem, RecordContext,
    RecordInput, may_write_record,
};
use crate::domain::{Country, Event};
use crate::msg::Msg;
use crate::ssr::{EventQuery, StoredRecord};

use super::super::{Deps, Outcome, Refusal, audit_actor};
use super::{invalid, told, write_failed};

/// A meeting whose record the account may write.
pub(super) struct Writable {
    /// Who writes.
    pub account: Account,
    /// The meeting's event.
    pub event: Event,
    /// Its record, if it has one.
    pub stored: Option<StoredRecord>,
}

/// The event `slug` and its record, for an account that may write it.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, or the store's failure.
pub(super) async fn writable(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
) -> Outcome<Writable> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let event = deps.store.event_by_slug(slug).await?;
    let hosts: Vec<Country> = event.details.hosts().collect();
    if !may_write_record(&account.actor(), &hosts) {
        return Err(Refusal::Forbidden);
    }
    let stored = deps.store.record(event.id).await?;
    Ok(Writable {
        account: account.clone(),
        event,
        stored,
    })
}

/// The events an agreement may name or a commitment wait for: every published event.
pub(super) async fn event_refs(deps: &Deps) -> Outcome<Vec<EventRef>> {
    let events = deps.store.list_events(EventQuery::All).await?;
    Ok(events.iter().map(EventRef::of).collect())
}

/// Creates the record of the event `slug` (`version` `None`) or replaces its header at the
/// record's `version`: title, place, draft/final status, preamble, delegations, validated by the
/// domain against the event. `input.agreements` is ignored (see [`save_agreement`]). A record
/// entered final, or a draft made final, is told in the change log (to the hosts' countries).
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Invalid` (each problem at its field), `Conflict`
/// when the record changed since the form was opened (or already exists when creating).
pub async fn save_record(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    input: RecordInput,
    version: Option<i64>,
) -> Outcome<StoredRecord> {
    let w = writable(deps, viewer, slug).await?;
    let header = RecordInput {
        agreements: Vec::new(),
        ..input
    };
    let meeting = EventRef::of(&w.event);
    let events = event_refs(deps).await?;
    let record = header
        .validate(&meeting, &events)
        .map_err(|e| invalid(&e))?;
    let before = w.stored.as_ref().map(|s| s.record.status);
    let changes = told::record_changes(&w.event, before, &record);
    deps.store
        .save_record_header(
            &record,
            version,
            &changes,
            &audit_actor(&w.account),
            Utc::now(),
        )
        .await
        .map_err(|e| write_failed(e, Msg::StaleRecord))
}

/// Adds an agreement to the record of the event `slug` (`replacing` `None`) or replaces agreement
/// `replacing`'s number, text and the events it names (keeping its commitments), at the record's
/// `version`. `input.commitments` is ignored (see [`super::add_commitment`]). Returns the record
/// as saved.
///
/// # Errors
/// `SignInRequired`, `NotFound` (no record, or no agreement `replacing`), `Forbidden`,
/// `Invalid` (a number another agreement has, at the field `number`), `BadRequest` without a
/// version, `Conflict` when the record changed since.
pub async fn save_agreement(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    replacing: Option<u32>,
    input: AgreementInput,
    version: Option<i64>,
) -> Outcome<StoredRecord> {
    let w = writable(deps, viewer, slug).await?;
    let stored = w.stored.as_ref().ok_or(Refusal::NotFound)?;
    let version = version.ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    let numbers: Vec<u32> = stored.record.agreements.iter().map(|a| a.number).collect();
    if replacing.is_some_and(|n| !numbers.contains(&n)) {
        return Err(Refusal::NotFound);
    }
    let meeting = EventRef::of(&w.event);
    let events = event_refs(deps).await?;
    let ctx = RecordContext {
        meeting: &meeting,
        events: &events,
        delegations: &stored.record.delegations,
    };
    let input = AgreementInput {
        commitments: Vec::new(),
        ..input
    };
    let agreement = input.validate(&ctx).map_err(|e| invalid(&e))?;
    if agreement.number != replacing.unwrap_or(0) && numbers.contains(&agreement.number) {
        let mut errors = OutcomeErrors::default();
        errors.push(OutcomeField::Number, OutcomeProblem::DuplicateNumber);
        return Err(invalid(&errors));
    }
    let by = audit_actor(&w.account);
    deps.store
        .save_agreement(w.event.id, replacing, &agreement, version, &by, Utc::now())
        .await
        .map_err(|e| write_failed(e, Msg::StaleRecord))?;
    deps.store
        .record(w.event.id)
        .await?
        .ok_or(Refusal::NotFound)
}

/// Deletes agreement `number` of the record of the event `slug`, with its commitments and their
/// notes, at the record's `version`.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `BadRequest` without a version, `Conflict` when
/// the record changed since.
pub async fn delete_agreement(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    number: u32,
    version: Option<i64>,
) -> Outcome<()> {
    let w = writable(deps, viewer, slug).await?;
    let stored = w.stored.as_ref().ok_or(Refusal::NotFound)?;
    if !stored.record.agreements.iter().any(|a| a.number == number) {
        return Err(Refusal::NotFound);
    }
    let version = version.ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    deps.store
        .delete_agreement(
            w.event.id,
            number,
            version,
            &audit_actor(&w.account),
            Utc::now(),
        )
        .await
        .map_err(|e| write_failed(e, Msg::StaleRecord))
}
