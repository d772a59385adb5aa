//! Accounts: the secretariat lists, creates and disables them; people sign in and set their
//! password through a one-time link.

use crate::domain::access::Action;
use crate::domain::account::Account;

use super::access::{Target, authorize};
use super::{Deps, Outcome};

/// Every account, secretariat first (secretariat only).
///
/// # Errors
/// `SignInRequired`, `Forbidden`, or the store's failure.
pub async fn list(deps: &Deps, viewer: Option<&Account>) -> Outcome<Vec<Account>> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    Ok(deps.store.list_accounts().await?)
}
