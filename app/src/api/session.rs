//! Who is looking at a page, and form input kept across a failed save: shared by the server
//! middleware that fills them and the pages that read them.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::Lang;
use crate::domain::account::Account;

/// The cookie that carries the id of kept form input.
pub const FORM_COOKIE: &str = "enlace_form";

/// The viewer of a page: their account when signed in, and the token every form must carry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Viewer {
    /// The signed-in account.
    pub account: Option<Account>,
    /// The anti-forgery token for forms (`authenticity_token`).
    pub csrf: String,
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
    /// The domain's validation errors (of any form: events, registrations, settings), one per
    /// problem, in both languages.
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

/// The viewer of the current request (filled by the server's session middleware).
#[server]
pub async fn get_viewer() -> Result<Viewer, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    Ok(parts
        .extensions
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default())
}

/// Takes back the kept input of the form at path `form`, if the browser holds some.
#[server]
pub async fn take_form_flash(form: String) -> Result<Option<FormFlash>, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let Some(id) = cookie(&parts.headers, FORM_COOKIE) else {
        return Ok(None);
    };
    let store = super::store()?;
    let Some(body) = store.take_form_draft(&id, chrono::Utc::now()).await? else {
        return Ok(None);
    };
    let flash: FormFlash = serde_json::from_str(&body).map_err(|_| AppError::Internal)?;
    if flash.form == form {
        return Ok(Some(flash));
    }
    // Kept for another form (the one a sign-in returns to): put it back untouched.
    store
        .save_form_draft(&id, &body, chrono::Utc::now() + chrono::Duration::hours(2))
        .await?;
    Ok(None)
}

/// Reads one cookie from request headers.
#[cfg(feature = "ssr")]
#[must_use]
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}
