//! The registration modes' own steps: the delegate confirms a held place through the mailed
//! manage link; the hosts approve or decline registrations awaiting approval; holds that ran out
//! are released and their places given to the next people waiting (periodically). Who may set a
//! mode: the hosts and the secretariat, as for every registration setting.

use chrono::{DateTime, Utc};

use crate::domain::account::Account;
use crate::domain::registration::{RegistrationMode, RegistrationSettings, RegistrationStatus};
use crate::domain::{Event, Lang};
use crate::flash::FlashError;
use crate::i18n::td_string;
use crate::msg::Msg;
use crate::ssr::{Admission, Conflict, StoreError};

use super::{by_token, hosts_event, letters};
use crate::usecase::{Deps, Outcome, Refusal, audit_actor};

/// Refuses confirm mode on a server whose mail reaches nobody (the link could never be opened),
/// unless the event is in that mode already.
pub(super) fn check_mode(
    deps: &Deps,
    current: &RegistrationSettings,
    new: &RegistrationSettings,
) -> Outcome<()> {
    let confirm = RegistrationMode::Confirm;
    if new.mode == confirm && current.mode != confirm && !deps.registration.mail_configured {
        let text = |lang: Lang| td_string!(lang.locale(), rm_confirm_needs_mail).to_owned();
        return Err(Refusal::Invalid(vec![FlashError {
            field: "mode".into(),
            es: text(Lang::Es),
            en: text(Lang::En),
        }]));
    }
    Ok(())
}

/// The delegate confirms the place held for them, from the manage page the mail linked to.
/// Confirming twice changes nothing (the page then says it is confirmed).
///
/// # Errors
/// `NotFound` for a wrong link, `Rejected` when the hold ran out or the registration was
/// cancelled or declined, or the store's failure.
pub async fn confirm(deps: &Deps, token: &str) -> Outcome<()> {
    let (record, _) = by_token(deps, token).await?;
    match deps
        .store
        .confirm_hold(record.registration.id, Utc::now())
        .await
    {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(Refusal::Rejected(Msg::RegistrationCancelledNoChange)),
        Err(StoreError::Conflict(Conflict::HoldExpired)) => {
            Err(Refusal::Rejected(Msg::HoldExpired))
        }
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// A host approves a registration awaiting approval: it gets a seat if one and its delegation's
/// quota fit, else it joins the waitlist in order (as registering in open mode would), and the
/// delegate is told. Returns where it landed.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Rejected` when it no longer awaits approval, or
/// the store's failure.
pub async fn approve(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    id: i64,
) -> Outcome<RegistrationStatus> {
    let (account, event) = hosts_event(deps, viewer, slug).await?;
    let mail = letters(deps, &event, None);
    let approved = deps
        .store
        .approve_registration(event.id, id, &audit_actor(&account), Utc::now(), &mail)
        .await;
    match approved {
        Ok(Admission { registration, .. }) => {
            deps.mail.queued();
            Ok(registration.status)
        }
        Err(StoreError::NotFound) => Err(Refusal::Rejected(Msg::NoLongerAwaiting)),
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// A host declines a registration awaiting approval; the delegate is told.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Rejected` when it no longer awaits approval, or
/// the store's failure.
pub async fn decline(deps: &Deps, viewer: Option<&Account>, slug: &str, id: i64) -> Outcome<()> {
    let (account, event) = hosts_event(deps, viewer, slug).await?;
    let mail = letters(deps, &event, None);
    let declined = deps
        .store
        .decline_registration(event.id, id, &audit_actor(&account), Utc::now(), &mail)
        .await;
    match declined {
        Ok(_) => {
            deps.mail.queued();
            Ok(())
        }
        Err(StoreError::NotFound) => Err(Refusal::Rejected(Msg::NoLongerAwaiting)),
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// Releases every hold that ran out at `now` and gives each place to the next person waiting who
/// fits, one event at a time, each in one locked transaction; those moved up are told. Returns
/// how many moved up. The periodic task calls this; every seat decision also settles its own
/// event first, so an expired hold never keeps a seat from anyone meanwhile.
///
/// # Errors
/// The store's failure to list the events (an event that fails is logged and skipped).
pub async fn release_expired(deps: &Deps, now: DateTime<Utc>) -> Outcome<usize> {
    let mut moved = 0;
    for event_id in deps.store.events_with_expired_holds(now).await? {
        let settled: Result<Vec<_>, StoreError> = async {
            let event: Event = deps.store.event_by_id(event_id).await?;
            let mail = letters(deps, &event, None);
            deps.store.promote_waitlist(event_id, now, &mail).await
        }
        .await;
        match settled {
            Ok(promoted) => {
                moved += promoted.len();
                deps.mail.queued();
            }
            Err(e) => {
                leptos::logging::error!("could not release the holds of event {event_id}: {e:#}");
            }
        }
    }
    Ok(moved)
}
