//! Writing commitments: the record's writers add, edit and delete them; the responsible parties
//! follow them up (a status move of the whole or of their member's entry, and progress notes).
//! Who follows up what is the domain's [`update_right`]: a country's officials their country's
//! commitments (for "all delegations", their own entry), the secretariat those of the IOM, the
//! RROCM and itself; anyone else is refused (403).

use chrono::{DateTime, Utc};

use crate::domain::access::Role;
use crate::domain::account::Account;
use crate::domain::outcomes::{
    Commitment, CommitmentInput, CommitmentStatus, EventRef, NoteInput, OutcomeErrors,
    OutcomeField, Party, ProgressNote, RecordContext, Share, may_write_record, roll_up,
    update_right,
};
use crate::domain::{Country, Lang};
use crate::flash::FlashError;
use crate::i18n::td_string;
use crate::msg::Msg;
use crate::ssr::{CommitmentMeta, CommitmentRow, FollowUp};

use super::super::{Deps, Outcome, Refusal, audit_actor};
use super::record::{event_refs, writable};
use super::{invalid, told, write_failed};

/// What `viewer` may follow up of `commitment` (see [`update_right`]); `None` when signed out or
/// not responsible. For pages, to offer the follow-up form.
#[must_use]
pub fn follow_up_right(viewer: Option<&Account>, commitment: &Commitment) -> Option<Share> {
    viewer.and_then(|a| update_right(&a.actor(), commitment))
}

/// Adds a commitment, validated by the domain against the meeting and the record's delegations,
/// at the end of agreement `agreement` of the record of the event `slug`.
///
/// # Errors
/// `SignInRequired`, `NotFound` (no record or no such agreement), `Forbidden`, `Invalid` (each
/// problem at its field).
pub async fn add_commitment(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    agreement: u32,
    input: CommitmentInput,
) -> Outcome<CommitmentMeta> {
    let w = writable(deps, viewer, slug).await?;
    let stored = w.stored.as_ref().ok_or(Refusal::NotFound)?;
    if !stored
        .record
        .agreements
        .iter()
        .any(|a| a.number == agreement)
    {
        return Err(Refusal::NotFound);
    }
    let meeting = EventRef::of(&w.event);
    let events = event_refs(deps).await?;
    let ctx = RecordContext {
        meeting: &meeting,
        events: &events,
        delegations: &stored.record.delegations,
    };
    let commitment = input.validate(&ctx).map_err(|e| invalid(&e))?;
    let by = audit_actor(&w.account);
    deps.store
        .add_commitment(w.event.id, agreement, &commitment, &by, Utc::now())
        .await
        .map_err(|e| write_failed(e, Msg::StaleRecord))
}

/// The stored commitment `id` and its meeting's event, for an account that may write its
/// record.
async fn writable_commitment(
    deps: &Deps,
    viewer: Option<&Account>,
    id: i64,
) -> Outcome<(Account, CommitmentRow)> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let row = deps.store.commitment(id).await?;
    if !may_write_record(&account.actor(), &row.meeting.hosts) {
        return Err(Refusal::Forbidden);
    }
    Ok((account.clone(), row))
}

/// Edits commitment `id` (its parties, action and due point, validated by the domain) at its
/// `sequence`, by its record's writers. Its statuses are kept (they are the follow-ups'): for
/// "all delegations", each member still present keeps its own, a new member starts with the
/// form's status; a commitment turned into or out of "all delegations" carries its status over.
/// A status that changes that way is told in the change log. Its notes are kept.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Invalid`, `BadRequest` without a sequence,
/// `Conflict` when it changed since the form was opened.
pub async fn edit_commitment(
    deps: &Deps,
    viewer: Option<&Account>,
    id: i64,
    input: CommitmentInput,
    sequence: Option<i64>,
) -> Outcome<CommitmentMeta> {
    let (account, row) = writable_commitment(deps, viewer, id).await?;
    let sequence = sequence.ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    let event = deps.store.event_by_slug(&row.meeting.slug).await?;
    let stored = deps
        .store
        .record(event.id)
        .await?
        .ok_or(Refusal::NotFound)?;
    let meeting = EventRef::of(&event);
    let events = event_refs(deps).await?;
    let ctx = RecordContext {
        meeting: &meeting,
        events: &events,
        delegations: &stored.record.delegations,
    };
    let mut edited = input.validate(&ctx).map_err(|e| invalid(&e))?;
    carry_statuses(&row.commitment, &mut edited);
    edited.notes.clone_from(&row.commitment.notes);
    let changes = told::status_changes(&row, &edited, sequence + 1);
    deps.store
        .edit_commitment(
            id,
            sequence,
            &edited,
            &changes,
            &audit_actor(&account),
            Utc::now(),
        )
        .await
        .map_err(|e| write_failed(e, Msg::StaleCommitment))
}

/// Keeps `old`'s statuses in its edit `new` (see [`edit_commitment`]).
fn carry_statuses(old: &Commitment, new: &mut Commitment) {
    if new.is_all_delegations() {
        for (country, status) in &mut new.members {
            if let Some(kept) = old.status_of(Party::Member(*country)) {
                *status = kept;
            }
        }
        new.status = roll_up(new.members.values().copied());
    } else {
        new.status = old.status;
    }
}

/// Deletes commitment `id` with its notes, at its `sequence`, by its record's writers.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `BadRequest` without a sequence, `Conflict` when
/// it changed since.
pub async fn delete_commitment(
    deps: &Deps,
    viewer: Option<&Account>,
    id: i64,
    sequence: Option<i64>,
) -> Outcome<()> {
    let (account, _) = writable_commitment(deps, viewer, id).await?;
    let sequence = sequence.ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    deps.store
        .delete_commitment(id, sequence, &audit_actor(&account), Utc::now())
        .await
        .map_err(|e| write_failed(e, Msg::StaleCommitment))
}

/// A follow-up as its form posts it.
#[derive(Debug, Clone, Default)]
pub struct FollowUpRequest {
    /// The commitment's id.
    pub id: i64,
    /// The sequence the form was based on (`None` when missing or malformed).
    pub sequence: Option<i64>,
    /// The new status's code (field `status`); empty to leave it. For "all delegations", the
    /// follower's own member entry's.
    pub status: String,
    /// A progress note (fields `note_es`, `note_en`); both empty for none.
    pub note: NoteInput,
}

/// What a follow-up will write, checked: the commitment's new state and the note added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpPlan {
    /// What the follower may update.
    pub share: Share,
    /// The commitment after the move and the note.
    pub commitment: Commitment,
    /// The note added, if any.
    pub note: Option<ProgressNote>,
}

/// Checks a follow-up of `commitment` by `account` at `now` without storing it: the right
/// ([`update_right`], else `Forbidden`), the move ([`Commitment::move_to`] for the whole,
/// [`Commitment::move_member`] for a member's entry) and the note (dated the follower's day, in
/// their party's zone, as that party's progress).
///
/// # Errors
/// `Forbidden`; `Invalid` for an unknown status, a move the rules refuse, a bad note, or nothing
/// to do.
pub fn plan_follow_up(
    account: &Account,
    commitment: &Commitment,
    status: &str,
    note: &NoteInput,
    now: DateTime<Utc>,
) -> Outcome<FollowUpPlan> {
    let share = update_right(&account.actor(), commitment).ok_or(Refusal::Forbidden)?;
    let mut next = commitment.clone();
    let status = status.trim();
    let mut errors = OutcomeErrors::default();
    if !status.is_empty() {
        match CommitmentStatus::parse(status) {
            None => errors.push(
                OutcomeField::Status,
                crate::domain::error::Problem::UnknownChoice,
            ),
            Some(to) => {
                let moved = match share {
                    Share::Whole => next.move_to(to),
                    Share::Member(country) => next.move_member(country, to),
                };
                if let Err(problem) = moved {
                    errors.push(OutcomeField::Status, problem);
                }
            }
        }
    }
    let party = note_party(account, commitment, share);
    let wrote = !(note.text_es.trim().is_empty() && note.text_en.trim().is_empty());
    let mut added = None;
    if wrote {
        match note.validate(party.today(now), party) {
            Ok(n) => match next.add_note(n.clone()) {
                Ok(()) => added = Some(n),
                Err(p) => errors.push(OutcomeField::NoteEs, p),
            },
            Err(e) => {
                for item in e.items() {
                    errors.push(item.field, item.problem);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(invalid(&errors));
    }
    if status.is_empty() && !wrote {
        return Err(Refusal::Invalid(vec![FlashError {
            field: OutcomeField::Status.name().into(),
            es: td_string!(Lang::Es.locale(), ocs_nothing_to_follow_up).into(),
            en: td_string!(Lang::En.locale(), ocs_nothing_to_follow_up).into(),
        }]));
    }
    Ok(FollowUpPlan {
        share,
        commitment: next,
        note: added,
    })
}

/// Whose progress a follower's note tells: their member state, or for the secretariat the first
/// of the IOM, the RROCM and itself the commitment binds.
fn note_party(account: &Account, commitment: &Commitment, share: Share) -> Party {
    match (share, account.role) {
        (Share::Member(c), _) => Party::Member(c),
        (Share::Whole, Role::Official(c)) => Party::Member(c),
        (Share::Whole, Role::Secretariat) => commitment
            .parties
            .iter()
            .copied()
            .find(|p| p.followed_by_secretariat())
            .unwrap_or(Party::Secretariat),
    }
}

/// Follows up commitment `request.id` at its `sequence`: a status move (of the whole, or of the
/// follower's own entry of "all delegations") and/or a progress note, by a responsible party
/// ([`plan_follow_up`]). A status change is told in the change log (to the countries whose
/// status moved).
///
/// # Errors
/// `SignInRequired`, `NotFound` (unknown, or in a draft the viewer may not see), `Forbidden`
/// (not theirs: 403), `Invalid`, `BadRequest` without a sequence, `Conflict` when it changed
/// since the form was opened.
pub async fn follow_up(
    deps: &Deps,
    viewer: Option<&Account>,
    request: FollowUpRequest,
) -> Outcome<CommitmentMeta> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let row = super::read::commitment(deps, Some(account), request.id).await?;
    let now = Utc::now();
    let plan = plan_follow_up(
        account,
        &row.commitment,
        &request.status,
        &request.note,
        now,
    )?;
    let sequence = request
        .sequence
        .ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    let changes = told::status_changes(&row, &plan.commitment, sequence + 1);
    let update = FollowUp {
        id: row.meta.id,
        expected_sequence: sequence,
        commitment: &plan.commitment,
        note: plan.note.as_ref(),
        changes: &changes,
    };
    deps.store
        .follow_up(update, &audit_actor(account), now)
        .await
        .map_err(|e| write_failed(e, Msg::StaleCommitment))
}

/// The member states a commitment names (for all delegations, its members).
#[must_use]
pub(super) fn member_states(commitment: &Commitment) -> Vec<Country> {
    if commitment.is_all_delegations() {
        commitment.members.keys().copied().collect()
    } else {
        commitment
            .parties
            .iter()
            .filter_map(|p| p.country())
            .collect()
    }
}
