//! A digest subscription: an address, the countries it follows (none: the whole region) and the
//! language it reads; checked from the public form. Confirmed by a mailed link within
//! [`CONFIRM_HOURS`] (double opt-in), or forgotten.

use serde::{Deserialize, Serialize};

use crate::domain::changes::ChangeEntry;
use crate::domain::country::Country;
use crate::domain::email::Email;
use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// How long a confirmation link works; an unconfirmed subscription is deleted after it.
pub const CONFIRM_HOURS: i64 = 48;

/// At most this many unconfirmed subscriptions per address at once: more posts of the form for
/// one address mail nothing more (the answer is the same), so the form cannot flood a mailbox.
pub const MAX_PENDING_PER_ADDRESS: i64 = 3;

/// What the form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionInput {
    /// The address.
    pub email: String,
    /// The ISO codes ticked (none: the whole region).
    pub countries: Vec<String>,
    /// `es` or `en`.
    pub lang: String,
}

/// Why the form was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionProblem {
    /// Not an address (the email module's own message).
    Email(String, String),
    /// A country code that is not a member's.
    Country,
    /// A language other than Spanish or English.
    Lang,
}

impl SubscriptionProblem {
    /// The form field it belongs to.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            SubscriptionProblem::Email(..) => "email",
            SubscriptionProblem::Country => "countries",
            SubscriptionProblem::Lang => "lang",
        }
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            SubscriptionProblem::Email(es, en) => match lang {
                Lang::Es => es.clone(),
                Lang::En => en.clone(),
            },
            SubscriptionProblem::Country => td_string!(l, ocd_bad_country).to_owned(),
            SubscriptionProblem::Lang => td_string!(l, ocd_bad_lang).to_owned(),
        }
    }
}

/// A checked subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// The address, lower-cased.
    pub email: String,
    /// The countries followed, sorted, without repeats; empty for the whole region.
    pub countries: Vec<Country>,
    /// The language of its mail.
    pub lang: Lang,
}

impl SubscriptionInput {
    /// Checks the form.
    ///
    /// # Errors
    /// Every problem found, one per field.
    pub fn validate(&self) -> Result<Subscription, Vec<SubscriptionProblem>> {
        let mut problems = Vec::new();
        let email = match Email::parse(&self.email) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(p) => {
                problems.push(SubscriptionProblem::Email(
                    p.message(Lang::Es),
                    p.message(Lang::En),
                ));
                None
            }
        };
        let mut countries = Vec::new();
        for code in self.countries.iter().filter(|c| !c.trim().is_empty()) {
            match Country::parse(code.trim()) {
                Some(c) => countries.push(c),
                None => {
                    problems.push(SubscriptionProblem::Country);
                    break;
                }
            }
        }
        countries.sort_by_key(|c| c.code());
        countries.dedup();
        let lang = Lang::parse(self.lang.trim());
        if lang.is_none() {
            problems.push(SubscriptionProblem::Lang);
        }
        match (email, lang) {
            (Some(email), Some(lang)) if problems.is_empty() => Ok(Subscription {
                email,
                countries,
                lang,
            }),
            _ => Err(problems),
        }
    }
}

impl Subscription {
    /// The stored form of the countries: ISO codes joined by commas (empty: the region).
    #[must_use]
    pub fn countries_code(&self) -> String {
        self.countries
            .iter()
            .map(|c| c.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The countries of a stored `countries_code` (unknown codes skipped).
    #[must_use]
    pub fn parse_countries(code: &str) -> Vec<Country> {
        code.split(',').filter_map(Country::parse).collect()
    }
}

/// The entries of a digest following `countries`: every entry for the whole region (no
/// countries), otherwise those naming one of them (as a country's feed shows), in their order.
#[must_use]
pub fn entries_for<'a>(countries: &[Country], entries: &'a [ChangeEntry]) -> Vec<&'a ChangeEntry> {
    entries
        .iter()
        .filter(|e| countries.is_empty() || countries.iter().any(|c| e.change.concerns(*c)))
        .collect()
}
