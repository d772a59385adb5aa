//! Personal data: a delegate downloads their data or deletes their registration from its manage
//! page, and the secretariat erases a person by address. Each handler calls one use case of
//! [`app::usecase::personal_data`]; the exports of an event the retention policy erased show
//! the counts kept instead of people.

use app::domain::{Event, Lang};
use app::usecase::Refusal;
use app::usecase::personal_data::{self, erased_message};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::error::{RouteError, page_with_text};
use super::forms::{FormPost, page_for, request_lang, see_other, show_on};
use crate::state::AppState;

/// The secretariat's erasure form.
const ERASE_FORM: &str = "/admin/erase";
/// Where a delegate lands once their registration is deleted.
const DELETED: &str = "/registration-deleted";

/// The personal-data routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registrations/{token}/data.json", get(get_my_data))
        .route("/registrations/{token}/erase", post(post_erase_mine))
        .route(DELETED, get(get_deleted))
        .route(ERASE_FORM, post(post_erase))
}

/// `GET /registrations/{token}/data.json`: everything stored about the registration, as a
/// download (the same 404 as the manage page for a wrong, expired or deleted link).
async fn get_my_data(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, RouteError> {
    let lang = request_lang(&headers);
    let data = personal_data::my_data(&state.deps, &token, lang)
        .await
        .map_err(|r| page_for(r, lang))?;
    let body = serde_json::to_vec_pretty(&data).map_err(|e| {
        tracing::error!(error = %e, "could not write a delegate's data");
        RouteError::Internal(lang)
    })?;
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let disposition = format!("attachment; filename=\"enlace-{}.json\"", data.event.slug);
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex"),
    );
    Ok(response)
}

/// `POST /registrations/{token}/erase` (`confirm=yes`): the registration is cancelled (its seat
/// goes on) and erased.
async fn post_erase_mine(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let confirmed = post.get("confirm") == "yes";
    match personal_data::erase_mine(&state.deps, &token, confirmed).await {
        Ok(()) => Ok(see_other(DELETED)),
        Err(Refusal::Invalid(errors)) => {
            Err(first_message(StatusCode::BAD_REQUEST, post.lang, &errors))
        }
        Err(r) => Err(page_for(r, post.lang)),
    }
}

/// `GET /registration-deleted`: a neutral page that says the registration was deleted.
async fn get_deleted(headers: HeaderMap) -> Response {
    let lang = request_lang(&headers);
    page_with_text(
        StatusCode::OK,
        lang,
        app::i18n::td_string!(lang.locale(), pd_deleted_page),
    )
}

/// `POST /admin/erase`: the secretariat erases a person by address, then sees how many
/// registrations went. The typed address is never kept, not even when the form is refused.
async fn post_erase(State(state): State<AppState>, post: FormPost) -> Result<Response, RouteError> {
    let outcome = personal_data::erase_by_address(
        &state.deps,
        post.account(),
        &post.get("email"),
        post.checked("confirm"),
    )
    .await;
    match outcome {
        Ok(done) => Ok(show_on(ERASE_FORM, vec![erased_message(done)])),
        Err(Refusal::Invalid(errors)) => Ok(show_on(ERASE_FORM, errors)),
        Err(Refusal::SignInRequired) => Err(RouteError::SignIn {
            next: ERASE_FORM.into(),
        }),
        Err(r) => Err(page_for(r, post.lang)),
    }
}

fn first_message(status: StatusCode, lang: Lang, errors: &[app::flash::FlashError]) -> RouteError {
    let text = errors
        .first()
        .map(|e| e.message(lang).to_owned())
        .unwrap_or_default();
    RouteError::Page(status, lang, text)
}

/// The export `file` of `event` as it stands: `body` as built, or, when the retention policy
/// erased the event's registrations, the counts kept of them (for every export alike).
///
/// # Errors
/// `Internal` when what is kept cannot be read or written.
pub async fn unless_erased(
    state: &AppState,
    event: &Event,
    file: &str,
    lang: Lang,
    body: Vec<u8>,
) -> Result<Vec<u8>, RouteError> {
    let kept = state.store.kept_of_event(event.id).await.map_err(|e| {
        RouteError::store(
            lang,
            &e,
            "could not read what is kept of erased registrations",
        )
    })?;
    let Some(erased_at) = kept.retention_erased_at else {
        return Ok(body);
    };
    crate::export::erased_export(
        event,
        &kept.counts,
        erased_at,
        lang,
        file.ends_with(".xlsx"),
    )
    .map_err(|e| {
        tracing::error!(error = %format!("{e:#}"), "could not write an erased event's export");
        RouteError::Internal(lang)
    })
}
