//! The coordination checks that need the store: the conflicts a form's new dates would create
//! against every other event the person may see, with the host country's public holidays.

use crate::domain::access::{Action, Actor, allowed};
use crate::domain::coordination::{DateCheck, Entry, Options, conflicts_with};
use crate::domain::holidays::holidays_between;
use crate::domain::{Country, Event, EventDetails};

use super::store::{Store, StoreResult};

/// Checks `details` (a new event, or `existing` with new details) against every other stored
/// event that `viewer` may see (published ones, and drafts of events they run: another country's
/// drafts are not named to an official) and the host's public holidays on its days.
///
/// # Errors
/// When the events cannot be loaded.
pub async fn check_dates(
    store: &dyn Store,
    viewer: &Actor,
    details: &EventDetails,
    existing: Option<&Event>,
) -> StoreResult<DateCheck> {
    let all = store.events_for_hosts(None).await?;
    let others: Vec<Entry<'_>> = all
        .iter()
        .filter(|e| {
            let hosts: Vec<Country> = e.details.hosts().collect();
            e.published || allowed(Some(viewer), Action::Edit, &hosts)
        })
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
