//! Registrations: a delegate registers (no account), then views, changes or cancels through a
//! private manage link and subscribes to a personal feed; hosts set capacity, quota and deadline,
//! move people up from the waitlist and export the lists; in confirm mode the delegate confirms a
//! held place from the mailed manage link, in approval mode the hosts approve or decline. Each
//! handler reads its form and calls one use case ([`app::usecase::registrations`]).

use app::api::registrations::MANAGE_FORM;
use app::domain::Lang;
use app::domain::registration::RegistrationInput;
use app::usecase::registrations::{self, Registered, Registering, SettingsForm};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::error::RouteError;
use super::forms::{FormPost, SignedIn, page_for, see_other};
use crate::limits::{Mail, RateLimit, Register};
use crate::state::AppState;

/// The registration routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{slug}/register", post(post_register))
        .route(RESEND, post(post_resend))
        .route("/registrations/{token}", post(post_update))
        .route("/registrations/{token}/cancel", post(post_cancel))
        .route("/registrations/{token}/feed", post(post_new_feed))
        .route("/registrations/{token}/confirm", post(post_confirm))
        .route("/events/{slug}/registration", post(post_settings))
        .route(
            "/events/{slug}/participants/{id}/promote",
            post(post_promote),
        )
        .route(
            "/events/{slug}/participants/{id}/approve",
            post(post_approve),
        )
        .route(
            "/events/{slug}/participants/{id}/decline",
            post(post_decline),
        )
        .route("/events/{slug}/exports/{file}", get(get_export))
}

/// The "send me my links again" form (its page is `app::pages::registration::ResendPage`).
pub const RESEND: &str = app::pages::registration::RESEND_PATH;

/// `POST /registrations/resend`: the same answer (back to the page, which says a mail is on its
/// way if the address has registrations) whether or not the address is registered. Only an
/// address that is not one is refused (the form again with the error). Limited per client
/// (`ENLACE_RATE_MAIL`) before anything is read: each answer may mail an address of the
/// client's choosing and replace its links.
async fn post_resend(
    _limit: RateLimit<Mail>,
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    app::usecase::resend::resend(&state.deps, &post.get("email"))
        .await
        .map_err(|r| post.refused(r, RESEND))?;
    Ok(see_other(&format!("{RESEND}?sent=1")))
}

/// `?lang=` of an export (Spanish by default).
#[derive(serde::Deserialize)]
struct ExportQuery {
    lang: Option<String>,
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /events/{slug}/exports/{participants|logistics}.{csv|xlsx}?lang=es|en`: the participant
/// list or the logistics plan, for the event's hosts and the secretariat only.
async fn get_export(
    State(state): State<AppState>,
    viewer: SignedIn,
    Path((slug, file)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, RouteError> {
    let lang = viewer.lang;
    let (event, registrations) =
        registrations::for_hosts(&state.deps, Some(&viewer.account), &slug)
            .await
            .map_err(|r| page_for(r, lang))?;
    let out_lang = query.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
    let plan = || app::domain::logistics::LogisticsPlan::build(&event, &registrations);
    let (body, kind, name) = match file.as_str() {
        "participants.csv" => (
            Ok(crate::export::participants_csv(
                &event,
                &registrations,
                out_lang,
            )),
            CSV,
            "participantes",
        ),
        "participants.xlsx" => (
            crate::export::participants_xlsx(&event, &registrations, out_lang),
            XLSX,
            "participantes",
        ),
        "logistics.csv" => (
            Ok(crate::export::logistics_csv(&plan(), out_lang)),
            CSV,
            "logistica",
        ),
        "logistics.xlsx" => (
            crate::export::logistics_xlsx(&plan(), out_lang),
            XLSX,
            "logistica",
        ),
        _ => return Err(RouteError::NotFound(lang)),
    };
    let body = body.map_err(|e| {
        tracing::error!(error = %format!("{e:#}"), "could not write an export");
        RouteError::Internal(lang)
    })?;
    let body = super::personal_data::unless_erased(&state, &event, &file, out_lang, body).await?;
    let extension = file.rsplit('.').next().unwrap_or("csv");
    let disposition = format!("attachment; filename=\"{name}-{}.{extension}\"", event.slug);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Personal data: never kept by shared caches.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

async fn post_register(
    _limit: RateLimit<Register>,
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let form = format!("/events/{slug}/register");
    let registering = Registering {
        input: RegistrationInput::from_fields(|n| post.get(n)),
        nonce: Some(post.get("submission")),
    };
    match registrations::register(&state.deps, &slug, registering).await {
        Ok(Registered::New { token }) => Ok(see_other(&format!("/registrations/{token}?new=1"))),
        Ok(Registered::Repeated { to } | Registered::CheckMail { to }) => Ok(see_other(&to)),
        Err(r) => Err(post.refused(r, &form)),
    }
}

async fn post_update(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/registrations/{token}");
    let input = RegistrationInput::from_fields(|n| post.get(n));
    registrations::update(&state.deps, &token, input)
        .await
        .map_err(|r| post.refused_to(r, MANAGE_FORM, &here))?;
    Ok(see_other(&format!("{here}?saved=1")))
}

async fn post_cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/registrations/{token}");
    let cancelled_now = registrations::cancel(&state.deps, &token)
        .await
        .map_err(|r| page_for(r, post.lang))?;
    // Cancelled already (a second click): the page says so.
    Ok(if cancelled_now {
        see_other(&format!("{here}?cancelled=1"))
    } else {
        see_other(&here)
    })
}

async fn post_new_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    registrations::new_feed(&state.deps, &token)
        .await
        .map_err(|r| page_for(r, post.lang))?;
    Ok(see_other(&format!("/registrations/{token}?feed=new#feed")))
}

async fn post_settings(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/events/{slug}/participants");
    let form = SettingsForm {
        open: post.checked("open"),
        capacity: post.get("capacity"),
        quota: post.get("quota"),
        deadline: post.get("deadline"),
        mode: post.get("mode"),
    };
    registrations::set_settings(&state.deps, post.account(), &slug, form)
        .await
        .map_err(|r| post.refused(r, &here))?;
    Ok(see_other(&format!("{here}?saved=1")))
}

async fn post_promote(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/events/{slug}/participants");
    registrations::promote(&state.deps, post.account(), &slug, id)
        .await
        .map_err(|r| post.refused(r, &here))?;
    Ok(see_other(&format!("{here}?promoted=1")))
}

async fn post_confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/registrations/{token}");
    registrations::confirm(&state.deps, &token)
        .await
        .map_err(|r| post.refused_to(r, MANAGE_FORM, &here))?;
    Ok(see_other(&format!("{here}?confirmed=1")))
}

async fn post_approve(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/events/{slug}/participants");
    let status = registrations::approve(&state.deps, post.account(), &slug, id)
        .await
        .map_err(|r| post.refused(r, &here))?;
    Ok(see_other(&format!("{here}?approved={}", status.code())))
}

async fn post_decline(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let here = format!("/events/{slug}/participants");
    registrations::decline(&state.deps, post.account(), &slug, id)
        .await
        .map_err(|r| post.refused(r, &here))?;
    Ok(see_other(&format!("{here}?declined=1")))
}
