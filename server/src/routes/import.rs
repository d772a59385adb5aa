//! Importing events from an `.ics` file: the upload (`POST /import`) reads the file with the pure
//! reader of [`crate::ical::import`] and keeps what it found for the one account that sent it;
//! the preview's form (`POST /import/{id}`) creates the chosen events, each for its chosen host,
//! in one transaction. A file that cannot be read, an event that cannot be created, or a file
//! imported meanwhile saves nothing and comes back with the reason in the reader's language.

mod submit;
mod upload;

use app::api::import::{BatchHead, batch_key};
use app::api::session::FlashError;
use app::domain::Lang;
use app::domain::access::Action;
use app::domain::account::Account;
use app::domain::{Country, EventKind};
use app::usecase::access::{Target, may};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::forms::message_page;
use crate::ical::import::{Candidate, ImportDefaults, ImportedEvent, MAX_IMPORT_BYTES};
use crate::state::AppState;

/// The largest upload body: the file plus room for the other fields and the multipart framing.
pub const BODY_LIMIT: usize = MAX_IMPORT_BYTES + 64 * 1024;

/// The import routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/import",
            post(upload::post).layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route("/import/{id}", post(submit::post))
}

/// An upload kept for its preview: what the app shows, plus the events as read, so that a
/// candidate can be made again for the host chosen in the preview.
#[derive(Debug, Serialize, Deserialize)]
struct Batch {
    #[serde(flatten)]
    head: BatchHead,
    events: Vec<ImportedEvent>,
}

/// The batch `id` if it is live and belongs to `account`; `Ok(None)` otherwise, whoever asks.
async fn load_batch(
    state: &AppState,
    id: &str,
    account: &Account,
    now: DateTime<Utc>,
) -> Result<Option<Batch>, Response> {
    let body = match state.store.peek_form_draft(&batch_key(id), now).await {
        Ok(Some(body)) => body,
        Ok(None) => return Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "loading an import batch");
            return Err(internal_error(Lang::Es));
        }
    };
    match serde_json::from_str::<Batch>(&body) {
        Ok(batch) if batch.head.account_id == account.id => Ok(Some(batch)),
        Ok(_) => Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "reading an import batch");
            Err(internal_error(Lang::Es))
        }
    }
}

/// The defaults a candidate is made with.
fn defaults(host: Country, lang: Lang, kind: EventKind, now: DateTime<Utc>) -> ImportDefaults {
    ImportDefaults {
        host,
        lang,
        kind,
        now,
    }
}

/// The event as a candidate for the host the preview proposes: the member state its location
/// names when the importer may host there, else the importer's default.
fn proposed(
    event: &ImportedEvent,
    account: &Account,
    default_host: Country,
    base: ImportDefaults,
) -> (Country, Candidate) {
    let first = event.to_candidate(&ImportDefaults {
        host: default_host,
        ..base
    });
    match first.suggested_host {
        Some(named)
            if named != default_host
                && may(Some(&account), Target::Host(named), Action::Propose) =>
        {
            let again = event.to_candidate(&ImportDefaults {
                host: named,
                ..base
            });
            (named, again)
        }
        _ => (default_host, first),
    }
}

/// A 404 for a batch that is missing, expired, already imported or someone else's.
fn gone(lang: Lang) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        lang,
        "Esta importación no existe, caducó (después de 2 horas) o ya se hizo.",
        "This import does not exist, has expired (after 2 hours) or has already been done.",
    )
}

/// A 500 with a generic message (the cause is logged).
fn internal_error(lang: Lang) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        "Error interno.",
        "Internal error.",
    )
}

/// One error for the whole form, from a message the reader gives in both languages.
fn bilingual(message: impl Fn(Lang) -> String) -> FlashError {
    FlashError {
        field: String::new(),
        es: message(Lang::Es),
        en: message(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ical::import::MAX_IMPORT_EVENTS;
    use app::domain::access::Role;

    #[test]
    fn the_limits_the_upload_form_states_are_the_readers() {
        assert_eq!(app::api::import::MAX_FILE_BYTES, MAX_IMPORT_BYTES);
        assert_eq!(app::api::import::MAX_FILE_EVENTS, MAX_IMPORT_EVENTS);
    }

    fn account(role: Role) -> Account {
        Account {
            id: 1,
            email: "a@test.org".into(),
            name: "A".into(),
            role,
            disabled: false,
            has_password: true,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn the_preview_proposes_the_host_a_location_names_only_where_the_importer_may_host() {
        let file = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a@prueba\nSUMMARY:Taller\n\
                    DTSTART;VALUE=DATE:20310301\nLOCATION:Hotel Sheraton, San Salvador, El Salvador\n\
                    END:VEVENT\nEND:VCALENDAR\n";
        let events = crate::ical::import::parse_ics(file.as_bytes()).unwrap();
        let base = defaults(Country::GT, Lang::Es, EventKind::Workshop, Utc::now());
        let (host, candidate) =
            proposed(&events[0], &account(Role::Secretariat), Country::GT, base);
        assert_eq!(host, Country::SV);
        assert_eq!(candidate.input.host, "SV");
        assert_eq!(candidate.input.tz, "America/El_Salvador");
        let official = account(Role::Official(Country::GT));
        let (host, candidate) = proposed(&events[0], &official, Country::GT, base);
        assert_eq!(
            host,
            Country::GT,
            "an official's own country, whatever the file says"
        );
        assert_eq!(candidate.input.host, "GT");
    }
}
