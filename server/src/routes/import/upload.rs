//! `POST /import`: reads an uploaded `.ics` file and keeps what it holds for its preview. The
//! body is multipart, so the handler reads it itself, then checks its anti-forgery token as every
//! form's ([`FormPost::verified`]) before anything else.

use app::api::import::{BatchHead, ImportRow};
use app::api::session::{FlashError, Viewer};
use app::domain::{Country, EventKind, Lang};
use app::msg::Msg;
use app::usecase::import::{self, Batch};
use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::{Extension, FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum_csrf::CsrfToken;
use chrono::Utc;
use http_body_util::BodyExt;

use super::{BODY_LIMIT, defaults, proposed};
use crate::ical::import::{Candidate, ImportError, ImportedEvent, MAX_IMPORT_BYTES, parse_ics};
use crate::routes::error::RouteError;
use crate::routes::forms::{FormPost, Posted, page_for, request_lang, see_other, show_on};
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
) -> Result<Response, RouteError> {
    let lang = request_lang(&headers);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        drain(request.into_body()).await;
        return too_large(&viewer, lang);
    }
    let upload = match read(request, &state).await {
        Ok(upload) => upload,
        Err(Unreadable::TooLarge) => return too_large(&viewer, lang),
        Err(Unreadable::Malformed) => {
            return Err(RouteError::BadRequest(lang, Msg::UploadUnreadable));
        }
    };
    let post = FormPost::verified(&token, upload.posted, lang, viewer)?;
    let (account, host) = import::importer(post.account(), Country::parse(&post.get("host")))
        .map_err(|r| post.refused(r, FORM))?;
    let kind = EventKind::parse(&post.get("kind")).unwrap_or(EventKind::Workshop);
    let file_lang = Lang::parse(&post.get("lang")).unwrap_or(lang);
    let bytes = match upload.file {
        Some((name, bytes)) if !(name.is_empty() && bytes.is_empty()) => bytes,
        _ => return Err(post.back(FORM, vec![Msg::ImportChooseFile.for_form()])),
    };
    let events =
        parse_ics(&bytes).map_err(|e| post.back(FORM, vec![whole_form(|l| e.message(l))]))?;
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
    let count = events.len();
    let id = import::keep(&state.deps, &account, Batch { head, events })
        .await
        .map_err(|r| page_for(r, lang))?;
    tracing::info!(
        account = account.id,
        events = count,
        "ICS file read for import"
    );
    Ok(see_other(&format!("/import/{id}")))
}

/// One error for the whole form, from a message the reader gives in both languages.
fn whole_form(message: impl Fn(Lang) -> String) -> FlashError {
    FlashError {
        field: String::new(),
        es: message(Lang::Es),
        en: message(Lang::En),
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
fn too_large(viewer: &Viewer, lang: Lang) -> Result<Response, RouteError> {
    let error = ImportError::TooLarge {
        max_bytes: MAX_IMPORT_BYTES,
    };
    if viewer.account.is_some() {
        Ok(show_on(FORM, vec![whole_form(|l| error.message(l))]))
    } else {
        Err(RouteError::Page(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            error.message(lang),
        ))
    }
}
