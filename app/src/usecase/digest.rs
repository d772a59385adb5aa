//! The e-mail digest's use cases: subscribing (double opt-in: the same answer whatever the
//! address, and a confirmation link mailed to it), confirming, unsubscribing with one click (the
//! same answer for a wrong, used or right link), the secretariat's schedule, and the two
//! periodic jobs: the weekly digest and the reminders of commitments' due dates (with the change
//! log's "falls due" entries). The rules are the domain's ([`crate::domain::digest`]); links
//! start with the site's public address, `base`. The jobs apply their rules at the `now` they are
//! given, but stamp what they write (queued mail, change-log entries) with the time of writing.

pub mod letters;

use chrono::{DateTime, Duration, Utc};

use crate::domain::access::Role;
use crate::domain::account::Account;
use crate::domain::changes::{ChangeKind, NewChange};
use crate::domain::digest::{
    CONFIRM_HOURS, DigestSchedule, SubscriptionInput, digest_window, entries_for, falls_due_soon,
    reminders_due,
};
use crate::domain::format;
use crate::domain::lang::{Lang, Localized};
use crate::flash::FlashError;
use crate::i18n::td_string;
use crate::ssr::digest::{PendingSubscription, unsubscribe_context};
use crate::ssr::outcomes::CommitmentRow;
use crate::ssr::tokens::{new_token, token_hash};

use super::{Deps, Outcome, Refusal};

/// The oldest creation time of a confirmation link that still works at `now`.
fn confirm_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(CONFIRM_HOURS)
}

/// Subscribes `input`'s address: stores the request and mails it a confirmation link. Whether
/// or not the address is already subscribed (or has asked too often), the answer is the same.
///
/// # Errors
/// `Invalid` with one message per field for a bad form; the store's failure.
pub async fn subscribe(deps: &Deps, base: &str, input: &SubscriptionInput) -> Outcome<()> {
    let subscription = input.validate().map_err(|problems| {
        Refusal::Invalid(
            problems
                .iter()
                .map(|p| FlashError {
                    field: p.field().into(),
                    es: p.message(Lang::Es),
                    en: p.message(Lang::En),
                })
                .collect(),
        )
    })?;
    let confirm = new_token();
    let unsubscribe = new_token();
    let unsubscribe_hash = token_hash(&unsubscribe);
    let pending = PendingSubscription {
        confirm_hash: token_hash(&confirm),
        unsubscribe_sealed: deps
            .sealer
            .seal(&unsubscribe, &unsubscribe_context(&unsubscribe_hash)),
        unsubscribe_hash,
        subscription,
    };
    let mail = letters::confirmation(&pending.subscription, base, &confirm);
    let now = Utc::now();
    if deps
        .store
        .add_subscription(&pending, &mail, confirm_cutoff(now), now)
        .await?
    {
        deps.mail.queued();
    }
    Ok(())
}

/// Confirms the subscription of the link `token`; false for a wrong, used or expired link.
///
/// # Errors
/// The store's failure.
pub async fn confirm(deps: &Deps, token: &str) -> Outcome<bool> {
    let now = Utc::now();
    Ok(deps
        .store
        .confirm_subscription(&token_hash(token), confirm_cutoff(now), now)
        .await?)
}

/// Ends the subscription of the unsubscribe link `token`, if there is one. The caller answers
/// the same either way.
///
/// # Errors
/// The store's failure.
pub async fn unsubscribe(deps: &Deps, token: &str) -> Outcome<()> {
    if token.len() <= 128 {
        deps.store.unsubscribe(&token_hash(token)).await?;
    }
    Ok(())
}

fn secretariat_only(viewer: Option<&Account>) -> Outcome<()> {
    match viewer {
        None => Err(Refusal::SignInRequired),
        Some(a) if a.role == Role::Secretariat && !a.disabled => Ok(()),
        Some(_) => Err(Refusal::Forbidden),
    }
}

/// The digest's schedule, for the secretariat.
///
/// # Errors
/// `SignInRequired`, `Forbidden` for anyone but the secretariat; the store's failure.
pub async fn schedule(deps: &Deps, viewer: Option<&Account>) -> Outcome<DigestSchedule> {
    secretariat_only(viewer)?;
    Ok(deps.store.digest_settings().await?.schedule)
}

/// Sets the digest's day (`0` Monday to `6` Sunday) and hour (`0` to `23`), for the secretariat.
///
/// # Errors
/// As [`schedule`]; `Invalid` for a day or hour out of range.
pub async fn save_schedule(
    deps: &Deps,
    viewer: Option<&Account>,
    day: &str,
    hour: &str,
) -> Outcome<()> {
    secretariat_only(viewer)?;
    let schedule = day
        .trim()
        .parse()
        .ok()
        .zip(hour.trim().parse().ok())
        .and_then(|(d, h)| DigestSchedule::from_numbers(d, h))
        .ok_or_else(|| {
            Refusal::Invalid(vec![FlashError {
                field: "hour".into(),
                es: td_string!(Lang::Es.locale(), ocd_bad_schedule).to_owned(),
                en: td_string!(Lang::En.locale(), ocd_bad_schedule).to_owned(),
            }])
        })?;
    deps.store
        .save_digest_schedule(schedule, Utc::now())
        .await?;
    Ok(())
}

/// What a round of the weekly job did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeeklyReport {
    /// The week's key, when this round claimed it.
    pub claimed: Option<String>,
    /// The digests queued (empty ones are not sent).
    pub queued: usize,
    /// Subscriptions skipped because their unsubscribe token did not open (another secret).
    pub unopened: usize,
}

/// The weekly digest at `now`: when the week's slot has passed and no server sent its digest
/// yet, each confirmed subscription gets the change-log entries of the stretch since the last
/// digest that concern its countries, in its language; one with nothing in it gets nothing.
///
/// # Errors
/// The store's failure.
pub async fn send_weekly(deps: &Deps, base: &str, now: DateTime<Utc>) -> Outcome<WeeklyReport> {
    let settings = deps.store.digest_settings().await?;
    let window = digest_window(settings.schedule, settings.last_until, now);
    if window.is_empty() {
        return Ok(WeeklyReport::default());
    }
    let entries = deps.store.changes_between(window.from, window.to).await?;
    let mut mails = Vec::new();
    let mut unopened = 0;
    for sub in deps.store.confirmed_subscriptions().await? {
        let items = entries_for(&sub.subscription.countries, &entries);
        if items.is_empty() {
            continue;
        }
        let context = unsubscribe_context(&sub.unsubscribe_hash);
        // Sealed under another site secret: no working unsubscribe link, so no digest.
        let Some(token) = deps.sealer.open(&sub.unsubscribe_sealed, &context) else {
            unopened += 1;
            continue;
        };
        mails.push(letters::digest(
            &sub.subscription,
            &items,
            &window,
            base,
            &token,
        ));
    }
    let claimed = deps
        .store
        .queue_once(&window.key, &mails, Some(window.to), Utc::now())
        .await?;
    if !claimed {
        return Ok(WeeklyReport::default());
    }
    if !mails.is_empty() {
        deps.mail.queued();
    }
    Ok(WeeklyReport {
        claimed: Some(window.key),
        queued: mails.len(),
        unopened,
    })
}

/// What a round of the reminders did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReminderReport {
    /// Reminder mails queued.
    pub mailed: usize,
    /// "Falls due" entries written to the change log.
    pub due_entries: usize,
}

/// The change-log entry telling that `row` falls due on `last`.
fn due_change(row: &CommitmentRow, last: chrono::NaiveDate) -> NewChange {
    let id = row.meta.id;
    let c = &row.commitment;
    let text = |lang: Lang| {
        let l = lang.locale();
        let parties: Vec<&str> = c.parties.iter().map(|p| p.label(lang)).collect();
        (
            td_string!(l, ocd_due_title, action = c.action.pick(lang).text),
            td_string!(
                l,
                ocd_due_summary,
                parties = parties.join(", "),
                day = format::date(lang, last)
            ),
        )
    };
    let (es_title, es_summary) = text(Lang::Es);
    let (en_title, en_summary) = text(Lang::En);
    NewChange {
        key: format!("commitment-due:{id}:{last}"),
        kind: ChangeKind::CommitmentDue,
        event_id: Some(row.meeting.event_id),
        path: format!("/commitments#c-{id}"),
        countries: c
            .shares()
            .into_iter()
            .filter_map(|(p, _)| p.country())
            .collect(),
        title: Localized::new(es_title, en_title),
        summary: Localized::new(es_summary, en_summary),
    }
}

/// The reminders due at `now` ([`reminders_due`]) of every commitment of a final record, each
/// mailed once to every enabled official of its country; and the "falls due" entries
/// ([`falls_due_soon`]), each written once. A reminder for a country with no officials yet waits.
///
/// # Errors
/// The store's failure.
pub async fn send_reminders(
    deps: &Deps,
    base: &str,
    now: DateTime<Utc>,
) -> Outcome<ReminderReport> {
    let rows = deps.store.commitments(false).await?;
    let accounts = deps.store.list_accounts().await?;
    let mut report = ReminderReport::default();
    for row in &rows {
        for r in reminders_due(&row.commitment, row.due_event_first_day, now) {
            let mails: Vec<_> = accounts
                .iter()
                .filter(|a| !a.disabled && a.role == Role::Official(r.country))
                .map(|a| letters::reminder(row, &r, &a.email, base))
                .collect();
            if mails.is_empty() {
                continue;
            }
            if deps
                .store
                .queue_once(&r.key(row.meta.id), &mails, None, Utc::now())
                .await?
            {
                report.mailed += mails.len();
            }
        }
        if let Some(last) = falls_due_soon(&row.commitment, row.due_event_first_day, now)
            && deps
                .store
                .add_change(&due_change(row, last), Utc::now())
                .await?
        {
            report.due_entries += 1;
        }
    }
    if report.mailed > 0 {
        deps.mail.queued();
    }
    Ok(report)
}
