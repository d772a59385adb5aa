//! An uploaded calendar file as Enlace keeps it between the upload and the import: its limits,
//! its rows as the preview shows them, and the key it is kept under. Plain data, read on the server
//! and shown in the browser.

use serde::{Deserialize, Serialize};

use crate::domain::account::Account;
use crate::domain::{Country, EventDates, EventKind, Lang};

/// Largest file accepted, in bytes (the server's reader enforces it; a test checks they agree).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// Most events in one file (the same).
pub const MAX_FILE_EVENTS: usize = 500;

/// How long an uploaded file waits for its preview to be submitted, in hours.
pub const BATCH_HOURS: i64 = 2;

/// The key under which an upload's batch is kept among the form drafts: its own namespace, so a
/// batch id can never be read as kept form input, nor the other way round.
#[must_use]
pub fn batch_key(id: &str) -> String {
    format!("import:{id}")
}

/// One event of an uploaded file, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The event's UID in its source calendar (or a hash of its content).
    pub source_uid: String,
    /// The line of the file where it begins.
    pub line: usize,
    /// Its title, in the file's language.
    pub title: String,
    /// Its dates, when they could be read.
    pub dates: Option<EventDates>,
    /// The IANA zone its dates and times are local to.
    pub zone: String,
    /// City (the host's capital when the file gives none; see `city_assumed`).
    pub city: String,
    /// Venue.
    pub venue: String,
    /// The host country the preview proposes: the one its location names, else the importer's.
    pub host: Country,
    /// The member state its location names, if any.
    pub suggested_host: Option<Country>,
    /// Why it cannot be imported, in Spanish; empty when it can.
    pub skip_es: String,
    /// The same in English.
    pub skip_en: String,
    /// True when it ended before the upload.
    pub past: bool,
    /// True when the file gave no city and the host's capital was assumed.
    pub city_assumed: bool,
}

impl ImportRow {
    /// True when the event can be imported.
    #[must_use]
    pub fn importable(&self) -> bool {
        self.skip_es.is_empty() && self.skip_en.is_empty()
    }

    /// Why it cannot be imported, in `lang`.
    #[must_use]
    pub fn skip(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.skip_es,
            Lang::En => &self.skip_en,
        }
    }
}

/// What an upload keeps server-side, as far as the app reads it (the server keeps the parsed
/// events beside it, so a candidate can be made again for the host chosen in the preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchHead {
    /// The account that uploaded the file: the only one that may see or submit the batch.
    pub account_id: i64,
    /// The kind every imported event gets.
    pub kind: EventKind,
    /// The language the file's titles and descriptions are written in.
    pub lang: Lang,
    /// The events of the file, in file order.
    pub rows: Vec<ImportRow>,
}

/// What the preview page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The importer: their role decides the host countries offered.
    pub account: Account,
    /// The kind the events will get.
    pub kind: EventKind,
    /// The language of the file's text.
    pub lang: Lang,
    /// The events of the file.
    pub rows: Vec<ImportRow>,
    /// For each row, whether an event imported earlier already has its source UID.
    pub already_imported: Vec<bool>,
}
