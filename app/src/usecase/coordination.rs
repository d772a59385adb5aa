//! The region's coordination: the analysis the secretariat's page and its CSV show, the check
//! every form that sets an event's dates makes before saving, and acknowledging conflicts.

use chrono::{NaiveDate, Utc};

use crate::domain::access::Action;
use crate::domain::account::Account;
use crate::domain::coordination::view::{ConflictView, Coordination, HolidaySource, LegView};
use crate::domain::coordination::{
    Acknowledgement, DateCheck, Entry, Options, conflicts_with, parse_ack_note,
};
use crate::domain::holidays::holidays_between;
use crate::domain::timeline::CoordinationQuery;
use crate::domain::{Event, EventDetails};
use crate::flash::FlashError;
use crate::msg::Msg;

use super::access::{Target, authorize, may};
use super::{Deps, Outcome, Refusal, audit_actor};

/// What a form that sets dates carries about the conflicts it was shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeenConflicts {
    /// The person ticked "I have seen these conflicts; save anyway".
    pub save_anyway: bool,
    /// The fingerprint of the conflicts the form showed (empty when none were shown).
    pub fingerprint: String,
}

/// The coordination page for `query` (secretariat only).
///
/// # Errors
/// `SignInRequired`, `Forbidden`, or the store's failure.
pub async fn page(
    deps: &Deps,
    viewer: Option<&Account>,
    query: &CoordinationQuery,
) -> Outcome<Coordination> {
    authorize(viewer, Target::Region, Action::Coordinate)?;
    let store = deps.store.as_ref();
    let all = store.events_for_hosts(None).await?;
    let acks = store.conflict_acks().await?;
    let registrations = store.coordination_registrations().await?;
    Ok(analyse(
        &all,
        query,
        Utc::now().date_naive(),
        &acks,
        &registrations,
    ))
}

/// Everything the coordination page shows for `query`: the events, the conflicts found among them
/// (with public holidays, and delegates registered to two events that collide), each with its
/// acknowledgement from `acks`.
#[must_use]
pub fn analyse(
    all: &[Event],
    query: &CoordinationQuery,
    today: NaiveDate,
    acks: &[Acknowledgement],
    registrations: &[crate::domain::coordination::Registration],
) -> Coordination {
    use crate::domain::Lang;
    use crate::domain::coordination::{Options, entries, find_conflicts};
    use crate::domain::timeline::coordination_events;
    let (range, events) = coordination_events(all, query, today);
    let list = entries(&events);
    let holidays = crate::domain::holidays::holidays_for(&list);
    let report = find_conflicts(&list, registrations, &holidays, Options::default());
    let truncated = report.is_truncated();
    let conflicts: Vec<ConflictView> = report
        .conflicts
        .iter()
        .map(|c| {
            let key = c.key();
            let ack = acks.iter().find(|a| a.key == key).cloned();
            let ack_current = ack.as_ref().is_some_and(|a| a.covers(c));
            ConflictView {
                key,
                kind: c.kind(),
                severity: c.severity(),
                day: c.day(),
                explain_es: c.explain(Lang::Es),
                explain_en: c.explain(Lang::En),
                uids: c.events().map(|e| e.uid.to_owned()).collect(),
                substance: c.substance(),
                ack,
                ack_current,
            }
        })
        .collect();
    let options = Options::default();
    let legs = crate::domain::coordination::travel_legs(&list, options)
        .into_iter()
        .map(|leg| LegView {
            free_days: leg.free_days,
            enough: leg.enough,
            explain_es: leg.explain(&list, options, Lang::Es),
            explain_en: leg.explain(&list, options, Lang::En),
        })
        .collect();
    drop(list);
    Coordination {
        range,
        events,
        conflicts,
        truncated,
        holidays: HolidaySource::current(),
        legs,
    }
}

/// Compares `details` (a new event, or `existing` with new details) with every other stored event
/// that `viewer` may see (published ones, and drafts of events they run: another country's drafts
/// are not named to an official) and the host's public holidays on its days, and lets the save go
/// on only when nothing conflicts or the person saw exactly these conflicts and chose to save.
///
/// # Errors
/// `DatesConflict` with what to show, or `Rejected` when the comparison itself failed.
pub async fn confirm_dates(
    deps: &Deps,
    viewer: &Account,
    details: &EventDetails,
    existing: Option<&Event>,
    seen: &SeenConflicts,
) -> Outcome<()> {
    let mut check = match check_dates(deps, viewer, details, existing).await {
        Ok(check) => check,
        Err(e) => {
            leptos::logging::error!("checking dates for conflicts: {e:#}");
            return Err(Refusal::Rejected(Msg::DatesNotCompared));
        }
    };
    if check.allows_saving(seen.save_anyway, &seen.fingerprint) {
        return Ok(());
    }
    // They saw conflicts before, but not these: the dates or the other events changed since.
    let seen = seen.fingerprint.trim();
    check.changed = !seen.is_empty() && seen != check.fingerprint;
    Err(Refusal::DatesConflict(Box::new(check)))
}

/// The conflicts `details` would create, as [`confirm_dates`] shows them.
///
/// # Errors
/// When the events cannot be loaded.
pub async fn check_dates(
    deps: &Deps,
    viewer: &Account,
    details: &EventDetails,
    existing: Option<&Event>,
) -> Result<DateCheck, crate::ssr::StoreError> {
    let all = deps.store.events_for_hosts(None).await?;
    let others: Vec<Entry<'_>> = all
        .iter()
        .filter(|e| e.published || may(Some(viewer), Target::Event(e), Action::Edit))
        .map(Entry::from)
        .collect();
    let candidate = Entry::proposed(details, existing);
    let holidays = holidays_between(
        details.host,
        details.dates.first_day(),
        details.dates.last_day(),
    );
    let found = conflicts_with(&candidate, &others, &[], &holidays, Options::default());
    Ok(DateCheck::new(&candidate, &found))
}

/// The secretariat acknowledges the conflict `key`, as it stands now in the view `query`, with a
/// note.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `Invalid` (the note), `Rejected` when the conflict is gone, or
/// the store's failure.
pub async fn acknowledge(
    deps: &Deps,
    viewer: Option<&Account>,
    query: &CoordinationQuery,
    key: &str,
    note: &str,
) -> Outcome<()> {
    let account = authorize(viewer, Target::Region, Action::Coordinate)?;
    let note = parse_ack_note(note).map_err(|(es, en)| {
        Refusal::Invalid(vec![FlashError {
            field: String::new(),
            es: es.into(),
            en: en.into(),
        }])
    })?;
    let view = page(deps, Some(&account), query).await?;
    let conflict = view
        .conflicts
        .iter()
        .find(|c| c.key == key)
        .ok_or(Refusal::Rejected(Msg::ConflictGone))?;
    deps.store
        .acknowledge_conflict(
            &conflict.key,
            &conflict.substance,
            &note,
            &audit_actor(&account),
            Utc::now(),
        )
        .await?;
    Ok(())
}

/// The secretariat withdraws the acknowledgement of `key`; already withdrawn (another tab,
/// another person) is not an error.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, or the store's failure.
pub async fn withdraw(deps: &Deps, viewer: Option<&Account>, key: &str) -> Outcome<()> {
    authorize(viewer, Target::Region, Action::Coordinate)?;
    match deps.store.unacknowledge_conflict(key).await {
        Ok(()) | Err(crate::ssr::StoreError::NotFound) => Ok(()),
        Err(e) => Err(Refusal::Internal(e)),
    }
}
