//! Accounts: the secretariat lists, creates and disables them and issues one-time password
//! links; people set their password through such a link ([`links`]), sign in and sign out
//! ([`sign_in`](mod@sign_in)).

mod links;
mod sign_in;

pub use links::{issued_link, link_is_live, set_password};
pub use sign_in::{LOCK_MINUTES, MAX_FAILURES, WINDOW_MINUTES, sign_in, sign_out};

use chrono::{DateTime, Duration, Utc};

use crate::domain::Country;
use crate::domain::Email;
use crate::domain::access::{Action, Role};
use crate::domain::account::Account;
use crate::flash::FlashError;
use crate::msg::Msg;
use crate::ssr::tokens::{new_token, token_hash};
use crate::ssr::{NewAccount, StoreError};

use super::access::{Target, authorize};
use super::{Deps, Outcome, Refusal};

/// How long a one-time password link stays valid, in days (the link's notice says so).
pub const LINK_DAYS: i64 = 7;

/// The longest name an account may have, in characters.
const MAX_NAME: usize = 200;

/// Every account, secretariat first (secretariat only).
///
/// # Errors
/// `SignInRequired`, `Forbidden`, or the store's failure.
pub async fn list(deps: &Deps, viewer: Option<&Account>) -> Outcome<Vec<Account>> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    Ok(deps.store.list_accounts().await?)
}

/// A new official, as the accounts form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewOfficial {
    /// Their email, as typed.
    pub email: String,
    /// Their name, as typed.
    pub name: String,
    /// Their country's code.
    pub country: String,
}

/// A one-time link just issued: to show once, since only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLink {
    /// The account it is for.
    pub email: String,
    /// The link's secret token (the path after `/password/`).
    pub token: String,
}

/// The new official's account, or every problem of the form, each on its field.
fn check_official(form: &NewOfficial) -> Result<NewAccount, Vec<FlashError>> {
    let mut errors = Vec::new();
    let email = Email::parse(&form.email)
        .map(|e| e.as_str().to_owned())
        .map_err(|e| {
            errors.push(FlashError {
                field: "email".into(),
                es: e.message(crate::domain::Lang::Es),
                en: e.message(crate::domain::Lang::En),
            });
        });
    let country = Country::parse(&form.country);
    if country.is_none() {
        errors.push(Msg::ChooseCountry.for_field("country"));
    }
    let name = form.name.trim().to_owned();
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        errors.push(Msg::NameInvalid.for_field("name"));
    }
    match (email, country) {
        (Ok(email), Some(country)) if errors.is_empty() => Ok(NewAccount {
            email,
            name,
            role: Role::Official(country),
            password_hash: None,
        }),
        _ => Err(errors),
    }
}

/// The secretariat creates an official for a country, without a password, and a one-time link
/// for them to choose it.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `Invalid` (each field's problem, or the email already has an
/// account), `Rejected` when the account could not be stored.
pub async fn create_official(
    deps: &Deps,
    viewer: Option<&Account>,
    form: &NewOfficial,
) -> Outcome<IssuedLink> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    let new = check_official(form).map_err(Refusal::Invalid)?;
    match deps.store.create_account(&new, Utc::now()).await {
        Ok(account) => Ok(issue_link(deps, &account, Utc::now()).await),
        Err(StoreError::Conflict(_)) => {
            Err(Refusal::Invalid(vec![Msg::EmailTaken.for_field("email")]))
        }
        Err(e) => {
            leptos::logging::error!("creating an account: {e:#}");
            Err(Refusal::Rejected(Msg::Internal))
        }
    }
}

/// The secretariat disables or re-enables an account; disabling ends its sessions.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `NotFound`, or the store's failure.
pub async fn set_disabled(
    deps: &Deps,
    viewer: Option<&Account>,
    id: i64,
    disabled: bool,
) -> Outcome<()> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    Ok(deps.store.set_account_disabled(id, disabled).await?)
}

/// The secretariat issues a new one-time link for an account, which revokes its earlier links.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `NotFound` when the account cannot be loaded.
pub async fn new_link(deps: &Deps, viewer: Option<&Account>, id: i64) -> Outcome<IssuedLink> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    let account = deps.store.account_by_id(id).await.map_err(|e| {
        if !matches!(e, StoreError::NotFound) {
            leptos::logging::error!("loading an account: {e:#}");
        }
        Refusal::NotFound
    })?;
    Ok(issue_link(deps, &account, Utc::now()).await)
}

/// A new link for `account`, revoking its earlier ones. A link that could not be stored is
/// logged, and shown anyway: it then opens nothing, and the secretariat issues another.
async fn issue_link(deps: &Deps, account: &Account, now: DateTime<Utc>) -> IssuedLink {
    let token = new_token();
    if let Err(e) = deps
        .store
        .create_password_link(
            &token_hash(&token),
            account.id,
            now + Duration::days(LINK_DAYS),
        )
        .await
    {
        leptos::logging::error!("creating a password link: {e:#}");
    }
    IssuedLink {
        email: account.email.clone(),
        token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(email: &str, name: &str, country: &str) -> NewOfficial {
        NewOfficial {
            email: email.into(),
            name: name.into(),
            country: country.into(),
        }
    }

    #[test]
    fn a_new_official_needs_an_email_a_country_and_a_plain_name() {
        let new = check_official(&form(" Ana@MinGob.gob.gt ", " Ana ", "GT")).unwrap();
        assert_eq!(new.email, "ana@mingob.gob.gt");
        assert_eq!(new.name, "Ana");
        assert_eq!(new.role, Role::Official(Country::GT));
        assert!(new.password_hash.is_none());

        let errors = check_official(&form("no", &"x".repeat(201), "")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "country", "name"]);
        assert_eq!(errors[1].es, "Elija el país del funcionario.");
        assert_eq!(errors[1].en, "Choose the official's country.");
        let errors = check_official(&form("a@b.org", "A\u{7}", "SV")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "name");
    }
}
