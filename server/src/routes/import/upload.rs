//! `POST /import`: reads an uploaded `.ics` file and keeps what it holds for its preview.

use app::api::import::{BATCH_HOURS, BatchHead, ImportRow, batch_key};
use app::api::session::{FlashError, Viewer};
use app::domain::access::{Action, Role};
use app::domain::account::Account;
use app::domain::{Country, EventKind, Lang};
use app::usecase::access::{Target, may};
use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::{Extension, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum_csrf::CsrfToken;
use chrono::{Duration, Utc};
use http_body_util::BodyExt;

use super::{BODY_LIMIT, Batch, bilingual, defaults, internal_error, proposed};
use crate::auth::new_token;
use crate::ical::import::{Candidate, ImportError, ImportedEvent, MAX_IMPORT_BYTES, parse_ics};
use crate::routes::forms::{
    Posted, check_csrf, forbidden, form_error, keep_and_redirect, message_page, request_lang,
    require_account, see_other,
};
use crate::state::AppState;

/// Where the form is, and where every refusal goes back to.
const FORM: &str = "/import";

/// How much of an oversized upload is read (and thrown away) before answering: a client still
/// sending when the server closes the connection may lose the answer to a reset.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// What the form sent.
struct Upload {
    posted: Posted,
    /// The file's name and bytes, when a file field came.
    file: Option<(String, Vec<u8>)>,
}

/// Why the body could not be read.
enum Unreadable {
    TooLarge,
    Malformed,
}

/// The upload.
pub(super) async fn post(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    request: Request,
) -> Response {
    let lang = request_lang(&headers);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        drain(request.into_body()).await;
        return too_large(&state, &viewer, lang).await;
    }
    let upload = match read(request, &state).await {
        Ok(upload) => upload,
        Err(Unreadable::TooLarge) => return too_large(&state, &viewer, lang).await,
        Err(Unreadable::Malformed) => {
            return message_page(
                StatusCode::BAD_REQUEST,
                lang,
                "No se pudo leer el envío. Vuelva al formulario e inténtelo de nuevo.",
                "The upload could not be read. Go back to the form and try again.",
            );
        }
    };
    let posted = upload.posted;
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let account = match require_account(&state, &viewer, &posted, FORM).await {
        Ok(a) => a,
        Err(redirect) => return redirect,
    };
    let refuse = |errors: Vec<FlashError>| keep_and_redirect(&state, FORM, &posted, errors, FORM);
    let kind = EventKind::parse(&posted.get("kind")).unwrap_or(EventKind::Workshop);
    let file_lang = Lang::parse(&posted.get("lang")).unwrap_or(lang);
    let host = match account.role {
        Role::Official(country) => Some(country),
        Role::Secretariat => Country::parse(&posted.get("host")),
    };
    let Some(host) = host else {
        let error = FlashError {
            field: "host".into(),
            es: "Elija el país anfitrión de los eventos cuyo lugar no nombra ninguno.".into(),
            en: "Choose the host country of events whose location names none.".into(),
        };
        return refuse(vec![error]).await;
    };
    if !may(Some(&account), Target::Host(host), Action::Propose) {
        return forbidden(lang);
    }
    let bytes = match upload.file {
        Some((name, bytes)) if !(name.is_empty() && bytes.is_empty()) => bytes,
        _ => {
            let error = form_error(
                "Elija un archivo de calendario (.ics).",
                "Choose a calendar file (.ics).",
            );
            return refuse(vec![error]).await;
        }
    };
    let events = match parse_ics(&bytes) {
        Ok(events) => events,
        Err(e) => return refuse(vec![bilingual(|l| e.message(l))]).await,
    };
    let now = Utc::now();
    let head = BatchHead {
        account_id: account.id,
        kind,
        lang: file_lang,
        rows: events
            .iter()
            .map(|event| {
                let base = defaults(host, file_lang, kind, now);
                let (chosen, candidate) = proposed(event, &account, host, base);
                row(event, &candidate, chosen, file_lang)
            })
            .collect(),
    };
    keep(&state, &account, Batch { head, events }, lang).await
}

/// Keeps the batch under a new random id and sends the browser to its preview.
async fn keep(state: &AppState, account: &Account, batch: Batch, lang: Lang) -> Response {
    let body = match serde_json::to_string(&batch) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "serialising an import batch");
            return internal_error(lang);
        }
    };
    let id = new_token();
    let expires = Utc::now() + Duration::hours(BATCH_HOURS);
    match state
        .store
        .save_form_draft(&batch_key(&id), &body, expires)
        .await
    {
        Ok(()) => {
            tracing::info!(
                account = account.id,
                events = batch.events.len(),
                "ICS file read for import"
            );
            see_other(&format!("/import/{id}"))
        }
        Err(e) => {
            tracing::error!(error = %e, "keeping an import batch");
            internal_error(lang)
        }
    }
}

/// The preview's row of one event.
fn row(event: &ImportedEvent, candidate: &Candidate, host: Country, lang: Lang) -> ImportRow {
    let input = &candidate.input;
    let title = match lang {
        Lang::Es => input.title_es.clone(),
        Lang::En => input.title_en.clone(),
    };
    let skip = candidate.skip.as_ref();
    ImportRow {
        source_uid: event.source_uid().to_owned(),
        line: event.line(),
        title,
        // Also for skipped events, when their dates are readable: the preview shows what they are.
        dates: input.validate().ok().map(|details| details.dates),
        zone: input.tz.clone(),
        city: input.city.clone(),
        venue: input.venue.clone(),
        host,
        suggested_host: candidate.suggested_host,
        skip_es: skip.map(|s| s.message(Lang::Es)).unwrap_or_default(),
        skip_en: skip.map(|s| s.message(Lang::En)).unwrap_or_default(),
        past: candidate.past,
        city_assumed: candidate.city_assumed,
    }
}

/// Reads the multipart body: text fields, and the file (bounded by the route's body limit).
async fn read(request: Request, state: &AppState) -> Result<Upload, Unreadable> {
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| Unreadable::Malformed)?;
    let mut pairs = Vec::new();
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(unreadable)?;
            file = Some((file_name, bytes.to_vec()));
        } else {
            let value = field.text().await.map_err(unreadable)?;
            pairs.push((name, value));
        }
    }
    Ok(Upload {
        posted: Posted::new(pairs),
        file,
    })
}

fn unreadable(e: MultipartError) -> Unreadable {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Unreadable::TooLarge
    } else {
        Unreadable::Malformed
    }
}

/// Reads and discards the rest of an oversized body, up to [`DRAIN_LIMIT`].
async fn drain(mut body: Body) {
    let mut seen = 0usize;
    while let Some(Ok(frame)) = body.frame().await {
        seen += frame.data_ref().map_or(0, |data| data.len());
        if seen > DRAIN_LIMIT {
            break;
        }
    }
}

/// The answer to a body over the limit: the reader's "too large" explanation on the form for a
/// signed-in person (nothing is read or saved, so the form token is not needed to say so), a page
/// with it for anyone else.
async fn too_large(state: &AppState, viewer: &Viewer, lang: Lang) -> Response {
    let error = ImportError::TooLarge {
        max_bytes: MAX_IMPORT_BYTES,
    };
    if viewer.account.is_some() {
        keep_and_redirect(
            state,
            FORM,
            &Posted::default(),
            vec![bilingual(|l| error.message(l))],
            FORM,
        )
        .await
    } else {
        message_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            &error.message(Lang::Es),
            &error.message(Lang::En),
        )
    }
}
