//! Accounts: who they are, and the checks on what a person types when creating one or setting a
//! password.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::access::{Actor, Role};
use super::country::Country;
use super::lang::Lang;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// Longest password accepted (Argon2 takes any length; this bounds the work per attempt).
pub const MAX_PASSWORD: usize = 256;

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Identity.
    pub id: i64,
    /// Sign-in email, lower-cased.
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
        match (self.role, lang) {
            (Role::Secretariat, Lang::Es) => "Secretaría Técnica".into(),
            (Role::Secretariat, Lang::En) => "Technical Secretariat".into(),
            (Role::Official(c), Lang::Es) => format!("Funcionario de enlace · {}", c.name(lang)),
            (Role::Official(c), Lang::En) => format!("Liaison officer · {}", c.name(lang)),
        }
    }
}

/// What is wrong with an email or password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CredentialError {
    /// Not a plausible email address.
    #[error("invalid email")]
    InvalidEmail,
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
        match (self, lang) {
            (CredentialError::InvalidEmail, Lang::Es) => {
                "Escriba una dirección de correo válida.".into()
            }
            (CredentialError::InvalidEmail, Lang::En) => "Enter a valid email address.".into(),
            (CredentialError::PasswordTooShort, Lang::Es) => {
                format!("La contraseña debe tener al menos {MIN_PASSWORD} caracteres.")
            }
            (CredentialError::PasswordTooShort, Lang::En) => {
                format!("The password must have at least {MIN_PASSWORD} characters.")
            }
            (CredentialError::PasswordTooLong, Lang::Es) => {
                format!("La contraseña puede tener como máximo {MAX_PASSWORD} caracteres.")
            }
            (CredentialError::PasswordTooLong, Lang::En) => {
                format!("The password can have at most {MAX_PASSWORD} characters.")
            }
            (CredentialError::PasswordsDiffer, Lang::Es) => {
                "Las dos contraseñas no coinciden.".into()
            }
            (CredentialError::PasswordsDiffer, Lang::En) => {
                "The two passwords do not match.".into()
            }
        }
    }
}

/// Normalises and checks an email address (trimmed, lower-cased, one `@`, a dot in the domain, no
/// spaces or control characters, at most 254 characters).
///
/// # Errors
/// [`CredentialError::InvalidEmail`].
pub fn parse_email(raw: &str) -> Result<String, CredentialError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(CredentialError::InvalidEmail)
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
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            parse_email("  Ana.Perez@MinGob.gob.GT "),
            Ok("ana.perez@mingob.gob.gt".into())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@gob.gt",
            "ana@gob",
            "a b@gob.gt",
            "ana@@gob.gt",
            "ana@gob.gt.",
        ] {
            assert_eq!(
                parse_email(bad),
                Err(CredentialError::InvalidEmail),
                "{bad}"
            );
        }
    }

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
