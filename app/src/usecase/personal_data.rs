//! Personal data: the retention pass (erasing the registrations of events that ended longer ago
//! than the retention period, keeping counts per delegation), a delegate's own copy of their data
//! and the deletion of their registration, and the secretariat's erasure of a person by address.
//! What to erase and when is the domain's ([`crate::domain::personal_data`]); each erasure is one
//! locked transaction of the store, so it is idempotent and safe on several servers at once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::access::Action;
use crate::domain::account::Account;
use crate::domain::personal_data::{
    ErasureReason, MyData, RequestTotals, due_last_day_until, event_over, retention_due,
};
use crate::domain::registration::RegistrationStatus;
use crate::domain::{Email, Event, Lang};
use crate::flash::FlashError;
use crate::i18n::td_string;
use crate::ssr::personal_data::{Erasure, Kept};
use crate::ssr::registrations::find_by_manage_token;
use crate::ssr::{AuditActor, StoreError};

use super::access::{Target, authorize};
use super::{Deps, Outcome, Refusal, audit_actor};

/// Who the audit log says erased an event's data under the retention policy.
pub const RETENTION_ACTOR: &str = "retention-policy";
/// Who the audit log says deleted a registration from its own manage page.
pub const DELEGATE_ACTOR: &str = "delegate";

/// What a retention pass erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RetentionReport {
    /// Events whose registrations it erased.
    pub events: u32,
    /// Registrations erased.
    pub registrations: u32,
}

/// Erases the personal data of every registration whose event's retention ended by `now`
/// (`days` after its last day, in its zone), keeping counts per delegation and status, with one
/// audit line per event. Running it again, or on another server at the same time, erases
/// nothing twice. An event that fails is logged and left for the next pass.
///
/// # Errors
/// The store's failure to list the events.
pub async fn retention_pass(
    deps: &Deps,
    days: u32,
    now: DateTime<Utc>,
) -> Outcome<RetentionReport> {
    let until = due_last_day_until(now, days);
    let ids = deps.store.events_with_registrations_until(until).await?;
    let by = AuditActor {
        account_id: None,
        email: RETENTION_ACTOR.into(),
    };
    let mut report = RetentionReport::default();
    for id in ids {
        let event = match deps.store.event_by_id(id).await {
            Ok(e) => e,
            Err(StoreError::NotFound) => continue,
            Err(e) => {
                leptos::logging::error!("retention: could not read event {id}: {e:#}");
                continue;
            }
        };
        if !retention_due(&event, days, now) {
            continue;
        }
        let erasure = Erasure {
            event_id: id,
            ids: None,
            free_seats: false,
            reason: ErasureReason::Retention,
            request: None,
            by: &by,
        };
        match deps
            .store
            .erase_registrations(&erasure, now, &crate::ssr::outbox::no_letters)
            .await
        {
            Ok(erased) if erased.total() > 0 => {
                report.events += 1;
                report.registrations += erased.total();
            }
            Ok(_) => {}
            Err(e) => leptos::logging::error!("retention: could not erase event {id}: {e:#}"),
        }
    }
    if report.registrations > 0 {
        settle(deps).await;
    }
    Ok(report)
}

/// Everything stored about the registration behind a manage link, with its event, for the
/// delegate to download; notice in `lang`.
///
/// # Errors
/// `NotFound` for a wrong, expired, unknown or deleted link; the store's failure.
pub async fn my_data(deps: &Deps, token: &str, lang: Lang) -> Outcome<MyData> {
    let now = Utc::now();
    let (record, event) = find_by_manage_token(deps.store.as_ref(), token, now).await?;
    let times = deps.store.stored_times(record.registration.id).await?;
    Ok(MyData::new(&event, &record.registration, times, lang, now))
}

/// The delegate deletes their registration and its data, once they `confirmed`: a live one is
/// cancelled first and its seat goes to whoever now fits (they are told); then the row is
/// erased, so the manage link and the personal feed answer 404. No mail goes to the erased
/// address (a mail, or its copy in an outbox, would hold the data just erased).
///
/// # Errors
/// `NotFound` as [`my_data`], `Invalid` when not confirmed, the store's failure.
pub async fn erase_mine(deps: &Deps, token: &str, confirmed: bool) -> Outcome<()> {
    let now = Utc::now();
    let (record, event) = find_by_manage_token(deps.store.as_ref(), token, now).await?;
    if !confirmed {
        return Err(Refusal::Invalid(vec![message("confirm", |l| {
            td_string!(l.locale(), pd_confirm_needed).to_owned()
        })]));
    }
    let r = &record.registration;
    let by = AuditActor {
        account_id: None,
        email: DELEGATE_ACTOR.into(),
    };
    let erasure = Erasure {
        event_id: event.id,
        ids: Some(std::slice::from_ref(&r.id)),
        free_seats: r.status != RegistrationStatus::Cancelled && !event_over(&event, now),
        reason: ErasureReason::Own,
        request: None,
        by: &by,
    };
    let mail = super::registrations::letters(deps, &event, None);
    deps.store.erase_registrations(&erasure, now, &mail).await?;
    deps.mail.queued();
    forget_form_input(deps, &r.details.email).await;
    settle(deps).await;
    Ok(())
}

/// The secretariat's erasure form, for the secretariat only.
///
/// # Errors
/// `SignInRequired`, `Forbidden`.
pub fn may_erase(viewer: Option<&Account>) -> Outcome<Account> {
    authorize(viewer, Target::Region, Action::ErasePersonalData)
}

/// The secretariat erases every registration of an address, in every event: live ones of events
/// not over are cancelled first (their seats go to whoever now fits, who are told), then all are
/// erased, keeping counts. Each event's audit log gets one line with counts and the request's
/// totals, by the secretariat's account; never the address. Returns what was erased.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `Invalid` for the address or when not `confirmed`, the
/// store's failure.
pub async fn erase_by_address(
    deps: &Deps,
    viewer: Option<&Account>,
    raw_email: &str,
    confirmed: bool,
) -> Outcome<RequestTotals> {
    let account = may_erase(viewer)?;
    if !confirmed {
        return Err(Refusal::Invalid(vec![message("confirm", |l| {
            td_string!(l.locale(), pd_erase_confirm_needed).to_owned()
        })]));
    }
    let email = Email::parse(raw_email)
        .map_err(|p| Refusal::Invalid(vec![message("email", |l| p.message(l))]))?;
    let mut by_event: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (id, event_id) in deps.store.registrations_of_address(email.as_str()).await? {
        by_event.entry(event_id).or_default().push(id);
    }
    let planned = RequestTotals {
        registrations: u32::try_from(by_event.values().map(Vec::len).sum::<usize>())
            .unwrap_or(u32::MAX),
        events: u32::try_from(by_event.len()).unwrap_or(u32::MAX),
    };
    let by = audit_actor(&account);
    let now = Utc::now();
    let mut done = RequestTotals::default();
    for (event_id, ids) in &by_event {
        let event = match deps.store.event_by_id(*event_id).await {
            Ok(e) => e,
            Err(StoreError::NotFound) => continue,
            Err(e) => return Err(Refusal::Internal(e)),
        };
        let erasure = Erasure {
            event_id: *event_id,
            ids: Some(ids),
            free_seats: !event_over(&event, now),
            reason: ErasureReason::Request,
            request: Some(planned),
            by: &by,
        };
        let mail = super::registrations::letters(deps, &event, None);
        let erased = deps.store.erase_registrations(&erasure, now, &mail).await?;
        deps.mail.queued();
        if erased.total() > 0 {
            done.registrations += erased.total();
            done.events += 1;
        }
    }
    forget_form_input(deps, email.as_str()).await;
    settle(deps).await;
    Ok(done)
}

/// What is kept of an event's erased registrations, for its hosts and the secretariat.
///
/// # Errors
/// `SignInRequired`, `NotFound`, `Forbidden`, or the store's failure.
pub async fn kept_for_hosts(
    deps: &Deps,
    viewer: Option<&Account>,
    slug: &str,
) -> Outcome<(Event, Kept)> {
    let (_, event) =
        super::events::managed(deps, viewer, slug, Action::ManageRegistrations).await?;
    let kept = deps.store.kept_of_event(event.id).await?;
    Ok((event, kept))
}

/// The secretariat's answer after an erasure, in both languages.
#[must_use]
pub fn erased_message(done: RequestTotals) -> FlashError {
    message("done", |l| {
        if done.registrations == 0 {
            td_string!(l.locale(), pd_erase_none).to_owned()
        } else {
            td_string!(
                l.locale(),
                pd_erase_done,
                registrations = done.registrations,
                events = done.events
            )
        }
    })
}

fn message(field: &str, text: impl Fn(Lang) -> String) -> FlashError {
    FlashError {
        field: field.into(),
        es: text(Lang::Es),
        en: text(Lang::En),
    }
}

/// Kept form input that mentions the address goes too (best effort: it expires anyway).
async fn forget_form_input(deps: &Deps, email: &str) {
    if let Err(e) = deps.store.forget_form_input_of(email).await {
        leptos::logging::error!("could not drop kept form input: {e:#}");
    }
}

/// Erased rows leave the database file where the store can make them (best effort).
async fn settle(deps: &Deps) {
    if let Err(e) = deps.store.settle_erasure().await {
        leptos::logging::error!("could not settle an erasure on disk: {e:#}");
    }
}
