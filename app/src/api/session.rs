//! Who is looking at a page, and form input kept across a failed save: shared by the server
//! middleware that fills them and the pages that read them.

use leptos::prelude::*;

use super::AppError;
pub use crate::flash::{FORM_COOKIE, FlashError, FormFlash};
pub use crate::viewer::Viewer;

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
    let signed_in = parts
        .extensions
        .get::<Viewer>()
        .is_some_and(|v| v.account.is_some());
    let keep = chrono::Duration::seconds(crate::flash::kept_seconds(signed_in));
    store
        .save_form_draft(&id, &body, chrono::Utc::now() + keep)
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
