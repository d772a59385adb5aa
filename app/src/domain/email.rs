//! E-mail addresses: the one check every form uses (sign-in, accounts, registrations).

use serde::{Deserialize, Serialize};

use super::error::Problem;

/// Longest e-mail address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;
/// Longest local part (before the `@`).
const MAX_LOCAL: usize = 64;
/// Longest label of the domain.
const MAX_LABEL: usize = 63;

/// A checked e-mail address, lower-cased so that one address is one person.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// A practical check: one `@`; a local part of letters, digits and `!#$%&'*+/=?^_`{|}~.-`
    /// without leading, trailing or doubled dots; a domain of at least two labels of letters,
    /// digits and inner hyphens, ending in a top-level domain of two letters or more; at most
    /// [`MAX_EMAIL`] characters. Surrounding spaces are ignored; the result is lower case.
    ///
    /// # Errors
    /// [`Problem::Required`] when blank, [`Problem::InvalidEmail`] otherwise.
    pub fn parse(raw: &str) -> Result<Email, Problem> {
        let email = raw.trim();
        if email.is_empty() {
            return Err(Problem::Required);
        }
        if email.len() > MAX_EMAIL {
            return Err(Problem::InvalidEmail);
        }
        let (local, domain) = email.split_once('@').ok_or(Problem::InvalidEmail)?;
        if local_ok(local) && domain_ok(domain) {
            Ok(Email(email.to_lowercase()))
        } else {
            Err(Problem::InvalidEmail)
        }
    }

    /// The address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address, as an owned string.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn local_ok(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= MAX_LOCAL
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= MAX_LABEL
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("  Ana.Perez@MinGob.gob.GT ", "ana.perez@mingob.gob.gt")]
    #[case("Ana.Perez@Minex.GOB.gt", "ana.perez@minex.gob.gt")]
    #[case("a@b.co", "a@b.co")]
    #[case("ana.perez+crm@minex.gob.gt", "ana.perez+crm@minex.gob.gt")]
    #[case("X_Y@sub.domain.org", "x_y@sub.domain.org")]
    #[case("secretaria@enlace.demo", "secretaria@enlace.demo")]
    fn addresses_are_accepted_and_lower_cased(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(
            Email::parse(raw).map(Email::into_string),
            Ok(expected.into())
        );
    }

    #[rstest]
    #[case("")]
    #[case("   ")]
    fn a_blank_address_is_missing(#[case] raw: &str) {
        assert_eq!(Email::parse(raw), Err(Problem::Required));
    }

    #[rstest]
    #[case("ana")]
    #[case("a")]
    #[case("ana@")]
    #[case("@gob.gt")]
    #[case("ana@gob")]
    #[case("a@b")]
    #[case("a@b.c")]
    #[case("a b@gob.gt")]
    #[case("a b@c.org")]
    #[case("ana@@gob.gt")]
    #[case("ana@gob.gt.")]
    #[case("a@b..org")]
    #[case(".a@b.org")]
    #[case("a.@b.org")]
    #[case("a..b@c.org")]
    #[case("a@-b.org")]
    #[case("a@b-.org")]
    #[case("a@b.org\r\nBcc: c@d.org")]
    #[case("a@b.1")]
    #[case("ana@ejemplo\u{0}.org")]
    fn malformed_addresses_are_refused(#[case] raw: &str) {
        assert_eq!(Email::parse(raw), Err(Problem::InvalidEmail), "{raw:?}");
    }

    #[rstest]
    #[case(64, true)]
    #[case(65, false)]
    fn the_local_part_has_at_most_64_characters(#[case] n: usize, #[case] ok: bool) {
        let raw = format!("{}@gob.gt", "a".repeat(n));
        assert_eq!(Email::parse(&raw).is_ok(), ok);
    }

    #[rstest]
    #[case(MAX_EMAIL, true)]
    #[case(MAX_EMAIL + 1, false)]
    fn the_whole_address_has_at_most_254_characters(#[case] n: usize, #[case] ok: bool) {
        // "a@", then labels of 50 letters and a dot, then one last label to reach `n`.
        let mut rest = n - 2;
        let mut domain = String::new();
        while rest > 51 {
            domain.push_str(&"b".repeat(50));
            domain.push('.');
            rest -= 51;
        }
        domain.push_str(&"c".repeat(rest));
        let raw = format!("a@{domain}");
        assert_eq!(raw.len(), n);
        assert_eq!(Email::parse(&raw).is_ok(), ok, "{raw}");
    }
}
