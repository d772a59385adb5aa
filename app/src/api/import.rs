//! The ICS import as the pages see it: the preview rows an upload leaves on the server (the
//! server reads the file, since the reader is server code; the app only shows what it found), and
//! the server functions of the upload form and of the preview, which only the account that
//! uploaded a file may read.

use leptos::prelude::*;

use super::AppError;
use crate::domain::account::Account;

pub use crate::domain::import_batch::{
    BATCH_HOURS, BatchHead, ImportPreview, ImportRow, MAX_FILE_BYTES, MAX_FILE_EVENTS, batch_key,
};

/// The upload form's data: who is importing (anonymous readers are sent to sign in).
#[server]
pub async fn get_import_form() -> Result<Account, AppError> {
    super::manage::signed_in()
}

/// Loads an uploaded batch for its preview; `NotFound` for anyone but its uploader, and once it
/// has expired or been imported.
#[server]
pub async fn get_import(id: String) -> Result<ImportPreview, AppError> {
    use super::manage::{deps, refused, viewer_account};
    crate::usecase::import::preview(&deps()?, viewer_account().as_ref(), &id)
        .await
        .map_err(refused)
}
