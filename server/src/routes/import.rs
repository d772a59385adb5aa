//! Importing events from an `.ics` file: the upload (`POST /import`) reads the file with the pure
//! reader of [`crate::ical::import`] and keeps what it found for the one account that sent it;
//! the preview's form (`POST /import/{id}`) creates the chosen events, each for its chosen host,
//! in one transaction. A file that cannot be read, an event that cannot be created, or a file
//! imported meanwhile saves nothing and comes back with the reason in the reader's language.
//! Who may import for which host, keeping the batch and creating the events are the use cases of
//! [`app::usecase::import`]; these handlers read the file and the forms.

mod submit;
mod upload;

use app::api::import::BatchHead;
use app::domain::account::Account;
use app::domain::{Country, EventInput, EventKind, Lang};
use app::usecase::import::{BatchEvent, Skip, proposed_host};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use chrono::{DateTime, Utc};

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

/// The defaults a candidate is made with.
fn defaults(host: Country, lang: Lang, kind: EventKind, now: DateTime<Utc>) -> ImportDefaults {
    ImportDefaults {
        host,
        lang,
        kind,
        now,
    }
}

/// The reader's events as a kept batch holds them.
impl BatchEvent for ImportedEvent {
    fn line(&self) -> usize {
        ImportedEvent::line(self)
    }

    fn source_uid(&self) -> &str {
        ImportedEvent::source_uid(self)
    }

    fn candidate(
        &self,
        host: Country,
        head: &BatchHead,
        now: DateTime<Utc>,
    ) -> Result<(EventInput, String), Skip> {
        let candidate = self.to_candidate(&defaults(host, head.lang, head.kind, now));
        match candidate.skip {
            Some(reason) => Err(Skip::new(|l| reason.message(l))),
            None => Ok((candidate.input, candidate.source_uid)),
        }
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
    let host = proposed_host(account, default_host, first.suggested_host);
    if host == default_host {
        (default_host, first)
    } else {
        let again = event.to_candidate(&ImportDefaults { host, ..base });
        (host, again)
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
