//! A registration's steps: a delegate registers (no account), then changes or cancels it and
//! replaces their personal-feed address through the private manage link; an event's hosts set
//! its capacity, quota and deadline, move people up from the waitlist, and export the lists.
//! Seats themselves are decided by the store inside one locked transaction with the domain's rule.
//! The registration modes' own steps (confirming a hold, approving, declining, releasing expired
//! holds) are in [`modes`].

mod modes;

pub use modes::{approve, confirm, decline, release_expired};

use chrono::Utc;

use crate::domain::access::Action;
use crate::domain::account::Account;
use crate::domain::registration::{
    Registration, RegistrationInput, RegistrationSettings, registration_open,
};
use crate::domain::{Event, Lang};
use crate::flash::FlashError;
use crate::msg::Msg;
use crate::ssr::registrations::find_by_manage_token;
use crate::ssr::tokens::{feed_token, new_token, submission_context, submission_hash, token_hash};
use crate::ssr::{Admission, Conflict, NewRegistration, OutgoingMail, StoreError};

use super::{Deps, MailReason, Outcome, Refusal, audit_actor};

/// The mail a change of seats at `event` writes, composed through the mail port for the store
/// to queue in the change's transaction: the manage link (`manage`) goes only into the mail of a
/// new registration, the one moment its token is known.
pub(crate) fn letters<'a>(
    deps: &'a Deps,
    event: &'a Event,
    manage: Option<&'a str>,
) -> impl Fn(MailReason, &Registration) -> Option<OutgoingMail> + Send + Sync + 'a {
    move |reason, registration| {
        let manage = manage
            .filter(|_| reason == MailReason::Registered)
            .map(|t| (t, 0));
        Some(
            deps.mail
                .registration_mail(reason, event, registration, manage),
        )
    }
}

/// A registration form as posted.
#[derive(Debug, Clone)]
pub struct Registering {
    /// The form's fields.
    pub input: RegistrationInput,
    /// The form's one-time id (so a form sent twice lands on the first one's page).
    pub nonce: Option<String>,
}

/// Where a registration landed: the manage page of its (new or earlier) registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// A new registration behind this manage token.
    New {
        /// The manage token (shown once, and mailed).
        token: String,
    },
    /// The same form was sent before: its manage page.
    Repeated {
        /// The manage page's path.
        to: String,
    },
    /// The place is held until the address is confirmed (confirm mode): the manage link went
    /// only to that address, and this page says to look for it.
    CheckMail {
        /// The page's path.
        to: String,
    },
}

/// The page a registration held for confirmation lands on (the manage link is only mailed).
fn check_mail_page(slug: &str) -> String {
    format!("/events/{slug}/register?sent=1")
}

/// Registers for the published event `slug`: a seat if one fits, else the waitlist, and a mail.
///
/// # Errors
/// `NotFound` (no such published event), `Rejected` when registration is closed, the address is
/// registered already or saving failed, `Invalid` for the input, `Internal` when the database is
/// unreachable or its disk full.
pub async fn register(deps: &Deps, slug: &str, form: Registering) -> Outcome<Registered> {
    let event = deps.store.event_by_slug(slug).await?;
    if !event.published {
        return Err(Refusal::NotFound);
    }
    let nonce = form.nonce.filter(|n| plausible_nonce(n));
    // The same form sent again (a double click, a reload): back to the first one's page.
    if let Some(n) = &nonce
        && let Some(to) = repeated_submission(deps, n).await
    {
        return Ok(Registered::Repeated { to });
    }
    let now = Utc::now();
    let settings = deps.store.registration_settings(event.id).await?;
    if let Err(closed) = registration_open(&event, &settings, now) {
        return Err(Refusal::Invalid(vec![FlashError {
            field: String::new(),
            es: closed.message(Lang::Es).to_string(),
            en: closed.message(Lang::En).to_string(),
        }]));
    }
    let details = form
        .input
        .validate(&event)
        .map_err(|e| Refusal::Invalid(FlashError::from_validation(&e)))?;
    let manage_token = new_token();
    let new = NewRegistration {
        details: &details,
        token_hash: token_hash(&manage_token),
        feed_hash: token_hash(&feed_token(&manage_token, 0)),
        submission: nonce.as_ref().map(|n| {
            let sealed = deps.sealer.seal(&manage_token, &submission_context(n));
            (submission_hash(n), sealed)
        }),
        hold: deps.registration.hold,
    };
    let mail = letters(deps, &event, Some(&manage_token));
    let saved = deps.store.register(event.id, &new, now, &mail).await;
    drop(mail);
    match saved {
        Ok(Admission { registration, .. }) => {
            deps.mail.queued();
            Ok(if registration.hold_until.is_some() {
                Registered::CheckMail {
                    to: check_mail_page(&event.slug),
                }
            } else {
                Registered::New {
                    token: manage_token,
                }
            })
        }
        Err(StoreError::Conflict(Conflict::RepeatedSubmission)) => {
            let repeated = match nonce.as_deref() {
                Some(n) => repeated_submission(deps, n).await,
                None => None,
            };
            repeated
                .map(|to| Registered::Repeated { to })
                .ok_or(Refusal::Internal(StoreError::Conflict(
                    Conflict::RepeatedSubmission,
                )))
        }
        Err(StoreError::Conflict(Conflict::AlreadyRegistered)) => {
            Err(Refusal::Rejected(Msg::AlreadyRegistered))
        }
        Err(StoreError::Conflict(Conflict::RegistrationClosed)) => {
            Err(Refusal::Rejected(Msg::RegistrationClosedMeanwhile))
        }
        // The database is unreachable or its disk full: a page of its own says nothing was saved
        // (the form again would need the database to keep what was typed).
        Err(e) if e.is_fault() => Err(Refusal::Internal(e)),
        Err(e) => {
            leptos::logging::error!("could not register: {e:#}");
            Err(Refusal::Rejected(Msg::RegistrationNotSaved))
        }
    }
}

/// A form's one-time id, if it looks like one this site made (long, URL-safe).
fn plausible_nonce(n: &str) -> bool {
    n.len() >= 32
        && n.len() <= 128
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Where a form already sent landed: its manage page, or while its place is held for the
/// address's confirmation, the page that says to look for the mail (the browser never learns a
/// link that only the address should hold).
async fn repeated_submission(deps: &Deps, nonce: &str) -> Option<String> {
    let sealed = deps
        .store
        .submission_box(&submission_hash(nonce))
        .await
        .ok()?;
    let token = deps.sealer.open(&sealed, &submission_context(nonce))?;
    let (record, event) = by_token(deps, &token).await.ok()?;
    Some(if record.registration.hold_until.is_some() {
        check_mail_page(&event.slug)
    } else {
        format!("/registrations/{token}")
    })
}

/// The registration behind a manage link and its event; the same `NotFound` for a wrong, expired
/// or unknown token (no hint which).
async fn by_token(deps: &Deps, token: &str) -> Outcome<(crate::ssr::RegistrationRecord, Event)> {
    Ok(find_by_manage_token(deps.store.as_ref(), token, Utc::now()).await?)
}

/// The delegate changes their registration. Name, address and delegation are what the seat was
/// given for: they stay as registered.
///
/// # Errors
/// `NotFound`, `Rejected` when cancelled or saving failed, `Invalid` for the input.
pub async fn update(deps: &Deps, token: &str, input: RegistrationInput) -> Outcome<()> {
    let (record, event) = by_token(deps, token).await?;
    let current = &record.registration;
    if !current.status.is_live() {
        return Err(Refusal::Rejected(Msg::RegistrationCancelledNoChange));
    }
    let fixed = RegistrationInput::from_details(&current.details);
    let input = RegistrationInput {
        name: fixed.name,
        email: fixed.email,
        delegation: fixed.delegation,
        organisation: fixed.organisation,
        consent: true,
        ..input
    };
    let details = input
        .validate(&event)
        .map_err(|e| Refusal::Invalid(FlashError::from_validation(&e)))?;
    deps.store
        .update_registration(current.id, &details, Utc::now())
        .await
        .map_err(|e| {
            leptos::logging::error!("could not update a registration: {e:#}");
            Refusal::Rejected(Msg::SaveFailed)
        })?;
    Ok(())
}

/// The delegate cancels: their seat goes to whoever now fits, and both are told. Returns false
/// when it was cancelled already (a second click).
///
/// # Errors
/// `NotFound`, or the store's failure.
pub async fn cancel(deps: &Deps, token: &str) -> Outcome<bool> {
    let (record, event) = by_token(deps, token).await?;
    let mail = letters(deps, &event, None);
    match deps
        .store
        .cancel_registration(record.registration.id, Utc::now(), &mail)
        .await
    {
        Ok(_) => {
            deps.mail.queued();
            Ok(true)
        }
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// The delegate replaces their personal-feed address; the old one then answers 404.
///
/// # Errors
/// `NotFound`, or the store's failure.
pub async fn new_feed(deps: &Deps, token: &str) -> Outcome<()> {
    let (record, _) = by_token(deps, token).await?;
    let generation = record.feed_generation + 1;
    deps.store
        .set_feed_hash(
            record.registration.id,
            &token_hash(&feed_token(token, generation)),
            generation,
        )
        .await?;
    Ok(())
}

/// The registration settings form as posted.
#[derive(Debug, Clone)]
pub struct SettingsForm {
    /// Registration open.
    pub open: bool,
    /// Capacity (empty: none).
    pub capacity: String,
    /// Quota per delegation (empty: none).
    pub quota: String,
    /// Deadline day (empty: none).
    pub deadline: String,
    /// The registration mode's code (empty: keep the current mode).
    pub mode: String,
}

/// The hosts change an event's registration settings; whoever now fits moves up and is told.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Invalid`, `Rejected` when saving failed.
pub async fn set_settings(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
    form: SettingsForm,
) -> Outcome<()> {
    let (account, event) = hosts_event(deps, viewer, slug).await?;
    let current = deps.store.registration_settings(event.id).await?;
    let mode = match form.mode.trim() {
        "" => current.mode.code(),
        code => code,
    };
    let settings = RegistrationSettings::from_form(
        form.open,
        &form.capacity,
        &form.quota,
        &form.deadline,
        mode,
    )
    .map_err(|e| Refusal::Invalid(FlashError::from_validation(&e)))?;
    modes::check_mode(deps, &current, &settings)?;
    let mail = letters(deps, &event, None);
    deps.store
        .change_registration_settings(
            event.id,
            &settings,
            &audit_actor(&account),
            Utc::now(),
            &mail,
        )
        .await
        .map_err(|e| {
            leptos::logging::error!("could not save registration settings: {e:#}");
            Refusal::Rejected(Msg::SaveFailed)
        })?;
    deps.mail.queued();
    Ok(())
}

/// A host confirms one waitlisted person out of turn, when a seat fits them.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, `Rejected` when nothing fits or they no longer
/// wait, or the store's failure.
pub async fn promote(deps: &Deps, viewer: Option<&Account>, slug: &str, id: i64) -> Outcome<()> {
    let (account, event) = hosts_event(deps, viewer, slug).await?;
    let mail = letters(deps, &event, None);
    match deps
        .store
        .promote_registration(event.id, id, &audit_actor(&account), Utc::now(), &mail)
        .await
    {
        Ok(_) => {
            deps.mail.queued();
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Err(Refusal::Rejected(Msg::NoSeatForPerson)),
        Err(StoreError::NotFound) => Err(Refusal::Rejected(Msg::NoLongerWaitlisted)),
        Err(e) => Err(Refusal::Internal(e)),
    }
}

/// An event and its registrations, for its hosts: the participants page, the logistics plan and
/// the exports (a hold that ran out shows as expired, see
/// [`seen_at`](crate::domain::registration::seen_at)).
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, or the store's failure.
pub async fn for_hosts(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
) -> Outcome<(Event, Vec<Registration>)> {
    let (_, event) = hosts_event(deps, viewer, slug).await?;
    let now = Utc::now();
    let registrations = deps
        .store
        .registrations_for_event(event.id)
        .await?
        .into_iter()
        .map(|r| crate::domain::registration::seen_at(r, now))
        .collect();
    Ok((event, registrations))
}

/// The event `slug`, if `viewer` may manage its registrations.
async fn hosts_event(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
) -> Outcome<(Account, Event)> {
    super::events::managed(deps, viewer, slug, Action::ManageRegistrations).await
}
