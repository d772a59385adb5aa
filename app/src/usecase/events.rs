//! An event's life: proposing it, then editing, confirming, postponing, cancelling it, or deleting
//! it while a draft. Each step checks the permission, the input (the domain's validation), the
//! region's other dates before saving, and the version the form was based on; the store writes
//! the change and its audit line in one transaction.

use std::collections::HashSet;

use chrono::{Datelike, Utc};

use crate::domain::access::Action;
use crate::domain::account::Account;
use crate::domain::lifecycle::{Transition, apply};
use crate::domain::{Event, EventDetails, EventInput, Lang};
use crate::flash::FlashError;
use crate::msg::Msg;
use crate::ssr::{Conflict, EventUpdate, StoreError};

use super::access::{Target, authorize};
use super::coordination::{SeenConflicts, confirm_dates};
use super::{Deps, Outcome, Refusal, audit_actor};

/// A new event, as the proposal form sends it.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The form's fields.
    pub input: EventInput,
    /// Publish at once (else a draft).
    pub publish: bool,
    /// The conflicts the form was shown.
    pub seen: SeenConflicts,
}

/// Proposes an event: an official for their own country (as host or co-host), the secretariat for
/// any. Returns the stored event.
///
/// # Errors
/// `SignInRequired`, `Invalid`, `Forbidden`, `DatesConflict`, `Rejected` when saving failed,
/// `Internal` when the database is unreachable or its disk full.
pub async fn propose(deps: &Deps, viewer: Option<&Account>, proposal: Proposal) -> Outcome<Event> {
    let viewer = viewer.ok_or(Refusal::SignInRequired)?;
    let mut raw = proposal.input;
    raw.status = String::new();
    let details = raw.validate().map_err(|e| invalid(&e))?;
    let account = authorize(Some(viewer), Target::Details(&details), Action::Propose)?;
    if proposal.publish {
        // A co-host may propose a draft; only the main host (or the secretariat) publishes it.
        authorize(Some(viewer), Target::Details(&details), Action::Publish)?;
    }
    confirm_dates(deps, &account, &details, None, &proposal.seen).await?;
    let title = details.title.pick(Lang::Es).text.to_owned();
    let base = crate::domain::event::slug_base(&title, details.dates.first_day().year());
    let slug = free_slug(deps, &base, &HashSet::new()).await?;
    let uid = format!("{}@enlace", uuid::Uuid::new_v4());
    deps.store
        .create_event_by(
            &slug,
            &uid,
            &details,
            proposal.publish,
            &audit_actor(&account),
            Utc::now(),
        )
        .await
        .map_err(|e| {
            if e.is_fault() {
                // Unreachable database, full disk: a page of its own says nothing was saved.
                return Refusal::Internal(e);
            }
            leptos::logging::error!("could not create an event: {e:#}");
            Refusal::Rejected(Msg::SaveFailed)
        })
}

/// What a change to an existing event asks for.
#[derive(Debug, Clone)]
pub enum Change {
    /// New details from the edit form.
    Edit(EventInput),
    /// Confirm the dates.
    Confirm,
    /// Move to the dates of this input (only its date and time fields are read).
    Postpone(EventInput),
    /// Cancel, with a reason shown on the event page.
    Cancel {
        /// Why.
        reason: String,
    },
}

impl Change {
    fn action(&self) -> (Action, &'static str) {
        match self {
            Change::Edit(_) => (Action::Edit, "edit"),
            Change::Confirm => (Action::Confirm, "confirm"),
            Change::Postpone(_) => (Action::Postpone, "postpone"),
            Change::Cancel { .. } => (Action::Cancel, "cancel"),
        }
    }
}

/// A change to an existing event, as its manage page posts it.
#[derive(Debug, Clone)]
pub struct ChangeRequest {
    /// The event's slug.
    pub slug: String,
    /// What to change.
    pub change: Change,
    /// The version the form was based on (`None` when missing or malformed).
    pub version: Option<i64>,
    /// Publish a draft.
    pub publish: bool,
    /// The conflicts the form was shown.
    pub seen: SeenConflicts,
}

/// Applies a change to an event: the permission over the event (an edit that changes its hosts
/// also as a hosts change, which only the main host may make, and over its new hosts; publishing
/// a draft as a publication, the main host's too), the domain's transition, the date check when the schedule changes, and the
/// version check in the store. Then whoever now fits moves up from the waitlist and is told.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Invalid`, `Rejected` (a stale form or a transition
/// the domain refuses), `DatesConflict`, `BadRequest` without a version.
pub async fn change(
    deps: &Deps,
    viewer: Option<&Account>,
    request: ChangeRequest,
) -> Outcome<Event> {
    let (action, name) = request.change.action();
    let (account, event) = managed(deps, viewer, &request.slug, action).await?;
    let cancel_reason = match &request.change {
        Change::Cancel { reason } => Some(reason.trim().to_owned()),
        _ => None,
    };
    let transition = match request.change {
        Change::Confirm => Transition::Confirm,
        Change::Cancel { reason } => Transition::Cancel { reason },
        Change::Edit(input) => {
            let details = input.validate().map_err(|e| invalid(&e))?;
            // Changing who hosts it is the main host's decision (a co-host cannot drop the main
            // host or hand the event, and its participants' data, to another country) ...
            if hosts_change(&event.details, &details) {
                authorize(Some(&account), Target::Event(&event), Action::ChangeHosts)?;
            }
            // ... and moving an event to other hosts needs the right over them too.
            authorize(Some(&account), Target::Details(&details), Action::Edit)?;
            Transition::Edit {
                details: Box::new(details),
            }
        }
        Change::Postpone(input) => {
            let current = EventInput::from_details(&event.details);
            let moved = EventInput {
                month: input.month,
                start_date: input.start_date,
                end_date: input.end_date,
                start_time: input.start_time,
                end_time: input.end_time,
                ..current
            };
            let details = moved.validate().map_err(|e| invalid(&e))?;
            Transition::Postpone {
                dates: details.dates,
            }
        }
    };
    let outcome = apply(&event.details, transition).map_err(|e| {
        Refusal::Invalid(vec![FlashError {
            field: String::new(),
            es: e.message(Lang::Es),
            en: e.message(Lang::En),
        }])
    })?;
    if request.publish && !event.published {
        // Publishing puts the main host's name on a public event: theirs to decide.
        authorize(
            Some(&account),
            Target::Details(&outcome.details),
            Action::Publish,
        )?;
    }
    // New dates (or a confirmation of them) are compared with the region's other events first.
    let schedule_changed = outcome.details.host != event.details.host
        || outcome.details.dates != event.details.dates
        || outcome.details.tz != event.details.tz;
    let checks_dates = match action {
        Action::Confirm | Action::Postpone => true,
        Action::Edit => schedule_changed,
        _ => false,
    };
    if checks_dates {
        confirm_dates(
            deps,
            &account,
            &outcome.details,
            Some(&event),
            &request.seen,
        )
        .await?;
    }
    let expected_version = request
        .version
        .ok_or(Refusal::BadRequest(Msg::IncompleteForm))?;
    let update = EventUpdate {
        expected_version,
        outcome: &outcome,
        action: name,
        cancel_reason: cancel_reason.as_deref(),
        publish: request.publish,
    };
    // The mail to whoever the edit moves up from the waitlist tells of the event as edited.
    let edited = Event {
        details: outcome.details.clone(),
        ..event.clone()
    };
    let mail = super::registrations::letters(deps, &edited, None);
    let updated = match deps
        .store
        .update_event(event.id, update, &audit_actor(&account), Utc::now(), &mail)
        .await
    {
        Ok(updated) => updated,
        Err(StoreError::Conflict(_)) => return Err(Refusal::Rejected(Msg::StaleEvent)),
        Err(e) => {
            leptos::logging::error!("updating an event: {e:#}");
            return Err(Refusal::Rejected(Msg::SaveFailed));
        }
    };
    deps.mail.queued();
    Ok(updated)
}

/// Deletes a draft at `version` (`None`: malformed, which never matches).
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Conflict` when published or changed since.
pub async fn delete_draft(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    version: Option<i64>,
) -> Outcome<()> {
    let (account, event) = managed(deps, viewer, slug, Action::Delete).await?;
    match deps
        .store
        .delete_draft(
            event.id,
            version.unwrap_or(-1),
            &audit_actor(&account),
            Utc::now(),
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(Conflict::Published)) => {
            Err(Refusal::Conflict(Msg::PublishedNotDeleted))
        }
        Err(StoreError::Conflict(_)) => Err(Refusal::Conflict(Msg::StaleDraft)),
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// Finds a free slug that is not in `taken` either (the slugs given to events of the same import,
/// not stored yet): the base, then `-2`, `-3`, ...
///
/// # Errors
/// The store's failure.
pub async fn free_slug(deps: &Deps, base: &str, taken: &HashSet<String>) -> Outcome<String> {
    let mut candidate = base.to_owned();
    for n in 2..1000 {
        if !taken.contains(&candidate) {
            match deps.store.event_by_slug(&candidate).await {
                Err(StoreError::NotFound) => return Ok(candidate),
                Err(e) => return Err(Refusal::Internal(e)),
                Ok(_) => {}
            }
        }
        candidate = format!("{base}-{n}");
    }
    Ok(format!("{base}-{}", uuid::Uuid::new_v4().simple()))
}

/// Whether new details name other hosts than the stored ones: another main host, or another set
/// of co-hosts (their order aside).
fn hosts_change(old: &EventDetails, new: &EventDetails) -> bool {
    let cohosts = |d: &EventDetails| d.cohosts.iter().copied().collect::<HashSet<_>>();
    old.host != new.host || cohosts(old) != cohosts(new)
}

fn invalid(errors: &crate::domain::ValidationErrors) -> Refusal {
    Refusal::Invalid(FlashError::from_validation(errors))
}

/// An event as a page shows it: drafts are found only by their hosts and the secretariat; for
/// anyone else they do not exist.
///
/// # Errors
/// `NotFound`, or the store's failure.
pub async fn visible(deps: &Deps, viewer: Option<&Account>, slug: &str) -> Outcome<Event> {
    let event = deps.store.event_by_slug(slug).await?;
    if !event.published && !super::access::may(viewer, Target::Event(&event), Action::Edit) {
        return Err(Refusal::NotFound);
    }
    Ok(event)
}

/// An event for those who may do `action` on it (its hosts and the secretariat), with the
/// account allowed: the edit and lifecycle forms, the audit log, registrations.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, or the store's failure.
pub async fn managed(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    action: Action,
) -> Outcome<(Account, Event)> {
    let viewer = viewer.ok_or(Refusal::SignInRequired)?;
    let event = deps.store.event_by_slug(slug).await?;
    let account = authorize(Some(viewer), Target::Event(&event), action)?;
    Ok((account, event))
}

/// The events a signed-in person runs: their country's (hosted or co-hosted), or every event for
/// the secretariat, drafts included.
///
/// # Errors
/// `SignInRequired`, or the store's failure.
pub async fn dashboard(deps: &Deps, viewer: Option<&Account>) -> Outcome<(Account, Vec<Event>)> {
    use crate::domain::access::Role;
    let account = viewer.ok_or(Refusal::SignInRequired)?.clone();
    if account.disabled {
        return Err(Refusal::Forbidden);
    }
    let country = match account.role {
        Role::Secretariat => None,
        Role::Official(c) => Some(c),
    };
    let events = deps.store.events_for_hosts(country).await?;
    Ok((account, events))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn details(host: &str, cohosts: &[&str]) -> EventDetails {
        EventInput {
            host: host.into(),
            cohosts: cohosts.iter().map(|c| (*c).to_owned()).collect(),
            city: "Ciudad".into(),
            kind: "workshop".into(),
            title_es: "Taller".into(),
            title_en: "Workshop".into(),
            start_date: "2031-03-03".into(),
            end_date: "2031-03-04".into(),
            ..EventInput::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn a_hosts_change_is_another_main_host_or_another_set_of_co_hosts() {
        let stored = details("GT", &["SV", "HN"]);
        assert!(!hosts_change(&stored, &details("GT", &["HN", "SV"])));
        assert!(hosts_change(&stored, &details("SV", &["GT", "HN"])));
        assert!(hosts_change(&stored, &details("GT", &["SV"])));
        assert!(hosts_change(&stored, &details("GT", &["SV", "HN", "CR"])));
        let mut retitled = stored.clone();
        retitled.city = "Antigua".into();
        assert!(!hosts_change(&stored, &retitled));
    }
}
