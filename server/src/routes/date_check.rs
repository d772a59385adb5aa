//! The check every form that sets an event's dates makes before saving: the conflicts the new
//! dates would create are shown first, as a warning, and saved only once the person has seen
//! exactly those conflicts and chosen to save anyway.

use app::domain::account::Account;
use app::domain::{Event, EventDetails};
use app::ssr::coordination::check_dates;
use axum::response::Response;

use super::forms::{Posted, form_error, keep_and_redirect, keep_with_check};
use crate::state::AppState;

/// The form field carrying the fingerprint of the conflicts the person was shown.
pub const SEEN_FIELD: &str = "conflicts_seen";
/// The checkbox "I have seen these conflicts; save anyway".
pub const SAVE_ANYWAY_FIELD: &str = "save_anyway";

/// Lets the save go on when the new dates create no conflict, or when the posted form carries the
/// person's choice to save anyway together with the fingerprint of exactly the conflicts the
/// server finds now. Otherwise keeps the input and sends the person back to `form` with the
/// conflicts listed.
///
/// # Errors
/// The redirect back to the form, to send.
pub async fn confirm_dates(
    state: &AppState,
    account: &Account,
    details: &EventDetails,
    existing: Option<&Event>,
    posted: &Posted,
    form: &str,
) -> Result<(), Response> {
    let mut check = match check_dates(state.store.as_ref(), &account.actor(), details, existing)
        .await
    {
        Ok(check) => check,
        Err(e) => {
            tracing::error!(error = %e, "checking dates for conflicts");
            let error = form_error(
                "No se pudieron comparar las fechas con los demás eventos, así que no se guardó nada. Inténtelo de nuevo.",
                "The dates could not be compared with the other events, so nothing was saved. Please try again.",
            );
            return Err(keep_and_redirect(state, form, posted, vec![error], form).await);
        }
    };
    let save_anyway = matches!(posted.get(SAVE_ANYWAY_FIELD).as_str(), "on" | "1" | "true");
    let seen = posted.get(SEEN_FIELD);
    if check.allows_saving(save_anyway, &seen) {
        return Ok(());
    }
    // They saw conflicts before, but not these: the dates or the other events changed since.
    check.changed = !seen.trim().is_empty() && seen.trim() != check.fingerprint;
    Err(keep_with_check(state, form, posted, check).await)
}
