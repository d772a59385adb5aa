//! Accounts: who they are, and the checks on what a person types when creating one or setting a
//! password.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::{Actor, Role};
use super::country::Country;
use super::lang::Lang;
use crate::i18n::td_string;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// Longest password accepted (Argon2 takes any length; this bounds the work per attempt).
pub const MAX_PASSWORD: usize = 256;

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Identity.
    pub id: i64,
    /// Sign-in email, lower-cased (checked by [`Email::parse`](super::email::Email::parse)).
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot sign in or act.
    pub disabled: bool,
    /// False until the person has set a password through their one-time link.
    pub has_password: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl Account {
    /// What permissions see of this account.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
            disabled: self.disabled,
        }
    }

    /// The role written out in `lang`.
    #[must_use]
    pub fn role_label(&self, lang: Lang) -> String {
        match self.role {
            Role::Secretariat => td_string!(lang.locale(), val_role_secretariat).into(),
            Role::Official(c) => {
                td_string!(lang.locale(), val_role_official, country = c.name(lang))
            }
        }
    }
}

/// What is wrong with a new password. (E-mail addresses are checked by
/// [`Email::parse`](super::email::Email::parse).)
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CredentialError {
    /// Shorter than [`MIN_PASSWORD`].
    #[error("password too short")]
    PasswordTooShort,
    /// Longer than [`MAX_PASSWORD`].
    #[error("password too long")]
    PasswordTooLong,
    /// The two passwords typed differ.
    #[error("passwords differ")]
    PasswordsDiffer,
}

impl CredentialError {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            CredentialError::PasswordTooShort => {
                td_string!(l, val_password_too_short, min = MIN_PASSWORD)
            }
            CredentialError::PasswordTooLong => {
                td_string!(l, val_password_too_long, max = MAX_PASSWORD)
            }
            CredentialError::PasswordsDiffer => td_string!(l, val_passwords_differ).into(),
        }
    }
}

/// Checks a new password and its confirmation.
///
/// # Errors
/// [`CredentialError`] when too short, too long or not repeated identically.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), CredentialError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(CredentialError::PasswordTooShort);
    }
    if n > MAX_PASSWORD {
        return Err(CredentialError::PasswordTooLong);
    }
    if password != confirmation {
        return Err(CredentialError::PasswordsDiffer);
    }
    Ok(())
}

/// Parses a stored role (`secretariat`, or `official` with a country code).
#[must_use]
pub fn role_from_columns(role: &str, country: Option<&str>) -> Option<Role> {
    match (role, country.and_then(Country::parse)) {
        ("secretariat", _) => Some(Role::Secretariat),
        ("official", Some(c)) => Some(Role::Official(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_twelve_characters_typed_twice() {
        assert_eq!(
            check_new_password("corta", "corta"),
            Err(CredentialError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password("una contraseña larga", "una contraseña larga."),
            Err(CredentialError::PasswordsDiffer)
        );
        assert_eq!(
            check_new_password("una contraseña larga", "una contraseña larga"),
            Ok(())
        );
    }

    #[test]
    fn password_messages_name_the_limits() {
        assert_eq!(
            CredentialError::PasswordTooShort.message(Lang::Es),
            "La contraseña debe tener al menos 12 caracteres."
        );
        assert_eq!(
            CredentialError::PasswordTooLong.message(Lang::En),
            "The password can have at most 256 characters."
        );
    }

    #[test]
    fn roles_are_written_out_in_the_reader_language() {
        let mut account = Account {
            id: 1,
            email: "ana@gob.gt".into(),
            name: "Ana".into(),
            role: Role::Secretariat,
            disabled: false,
            has_password: true,
            created_at: Utc::now(),
        };
        assert_eq!(account.role_label(Lang::Es), "Secretaría Técnica");
        account.role = Role::Official(Country::GT);
        assert_eq!(
            account.role_label(Lang::En),
            format!("Liaison officer · {}", Country::GT.name(Lang::En))
        );
    }

    #[test]
    fn stored_roles_parse_back() {
        assert_eq!(
            role_from_columns("secretariat", None),
            Some(Role::Secretariat)
        );
        assert_eq!(
            role_from_columns("official", Some("GT")),
            Some(Role::Official(Country::GT))
        );
        assert_eq!(role_from_columns("official", None), None);
    }
}
