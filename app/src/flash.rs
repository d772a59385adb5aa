//! Form input kept across a failed save, with its errors, so nothing typed is lost: written by the
//! server's handlers, read back by the forms.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

/// The cookie that carries the id of kept form input.
pub const FORM_COOKIE: &str = "enlace_form";

/// How long kept form input lives, in seconds: 2 hours for a signed-in person, 30 minutes for an
/// anonymous client (whose input is also bounded by the server).
#[must_use]
pub const fn kept_seconds(signed_in: bool) -> i64 {
    if signed_in { 2 * 3600 } else { 30 * 60 }
}

/// One field's error, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashError {
    /// The form field's name (empty for the form as a whole).
    pub field: String,
    /// Spanish message.
    pub es: String,
    /// English message.
    pub en: String,
}

impl FlashError {
    /// The domain's validation errors, one per field, in both languages.
    #[must_use]
    pub fn from_validation(errors: &crate::domain::ValidationErrors) -> Vec<FlashError> {
        errors
            .items()
            .iter()
            .map(|e| FlashError {
                field: e.field.name().into(),
                es: e.problem.message(Lang::Es),
                en: e.problem.message(Lang::En),
            })
            .collect()
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// A form's input and errors, kept server-side after a failed save so nothing typed is lost.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormFlash {
    /// Which form (its path).
    pub form: String,
    /// The submitted values, by field name.
    pub values: BTreeMap<String, String>,
    /// What was wrong.
    pub errors: Vec<FlashError>,
    /// Conflicts the new dates would create, shown before saving (absent in older kept input).
    #[serde(default)]
    pub check: Option<crate::domain::coordination::DateCheck>,
}

impl FormFlash {
    /// The kept value of a field.
    #[must_use]
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    /// The errors of a field, in `lang`.
    pub fn errors_for<'a>(
        &'a self,
        field: &'a str,
        lang: Lang,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.errors
            .iter()
            .filter(move |e| e.field == field)
            .map(move |e| e.message(lang))
    }
}
