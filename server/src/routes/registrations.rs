//! Registrations: a delegate registers (no account), then views, changes or cancels through a
//! private manage link and subscribes to a personal feed; hosts set capacity, quota and deadline
//! and move people up from the waitlist. Every post checks its anti-forgery token, and the seat
//! itself is decided by the store inside a locked transaction with the domain's rules.

use app::api::session::Viewer;
use app::domain::access::Action;
use app::domain::registration::{
    Registration, RegistrationInput, RegistrationSettings, RegistrationStatus, registration_open,
};
use app::domain::{Event, Lang};
use app::ssr::tokens::{feed_token, seal, submission_hash, token_hash, unseal};
use app::ssr::{AuditActor, NewRegistration, RegistrationRecord, StoreError};
use axum::Router;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_csrf::CsrfToken;
use chrono::Utc;

use super::forms::{
    Posted, check_csrf, form_error, keep_and_redirect, message_page, request_lang, see_other,
};
use super::manage::{actor, authorize};
use crate::auth::new_token;
use crate::ical::{self, FeedInfo};
use crate::mail::{Links, Reason, compose};
use crate::state::AppState;

use app::api::registrations::MANAGE_FORM;

/// The registration routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{slug}/register", post(post_register))
        .route("/registrations/{token}", post(post_update))
        .route("/registrations/{token}/cancel", post(post_cancel))
        .route("/registrations/{token}/feed", post(post_new_feed))
        .route("/events/{slug}/registration", post(post_settings))
        .route(
            "/events/{slug}/participants/{id}/promote",
            post(post_promote),
        )
        .route("/events/{slug}/exports/{file}", get(get_export))
}

/// `?lang=` of an export (Spanish by default).
#[derive(serde::Deserialize)]
struct ExportQuery {
    lang: Option<String>,
}

/// `GET /events/{slug}/exports/{participants|logistics}.{csv|xlsx}?lang=es|en`: the participant
/// list or the logistics plan, for the event's hosts and the secretariat only.
async fn get_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path((slug, file)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let lang = request_lang(&headers);
    let Some(account) = viewer.account else {
        let here = format!("/events/{slug}/exports/{file}");
        return see_other(&format!(
            "/signin?next={}",
            app::components::layout::encode_query_value(&here)
        ));
    };
    let event = match state.store.event_by_slug(&slug).await {
        Ok(e) => e,
        Err(StoreError::NotFound) => return not_found(lang),
        Err(e) => {
            tracing::error!(error = %e, "loading an event to export");
            return internal(lang);
        }
    };
    let hosts: Vec<_> = event.details.hosts().collect();
    if !app::domain::access::allowed(Some(&account.actor()), Action::ManageRegistrations, &hosts) {
        return super::forms::forbidden(lang);
    }
    let out_lang = query.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
    let registrations = match state.store.registrations_for_event(event.id).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "loading registrations to export");
            return internal(lang);
        }
    };
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
        _ => return not_found(lang),
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "could not write an export");
            return internal(lang);
        }
    };
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
    response
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn not_found(lang: Lang) -> Response {
    message_page(
        StatusCode::NOT_FOUND,
        lang,
        "No se encontró esta página.",
        "This page was not found.",
    )
}

fn internal(lang: Lang) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        "Error interno. Inténtelo de nuevo en un momento.",
        "Internal error. Please try again in a moment.",
    )
}

/// A form's one-time id, if it looks like one this site made (long, URL-safe).
fn nonce(posted: &Posted) -> Option<String> {
    let n = posted.get("submission");
    (n.len() >= 32
        && n.len() <= 128
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some(n)
}

/// The event as a one-event calendar, for mail attachments.
fn event_ics(state: &AppState, event: &Event, lang: Lang) -> String {
    let name = event.details.title.pick(lang).text.to_owned();
    ical::render(
        std::slice::from_ref(event),
        &FeedInfo {
            name: &name,
            description: &name,
            base_url: &state.public_url,
            lang,
        },
    )
}

/// Mails `registration` for `reason`; the manage token is known only right after registering.
fn mail(
    state: &AppState,
    reason: Reason,
    event: &Event,
    registration: &Registration,
    manage: Option<(&str, i64)>,
) {
    let base = &state.public_url;
    let (manage_url, feed_url) = match manage {
        Some((token, generation)) => (
            format!("{base}/registrations/{token}"),
            format!("{base}/feeds/{}.ics", feed_token(token, generation)),
        ),
        None => {
            let kept = match registration.details.lang {
                Lang::Es => "(el enlace de su primer correo de confirmación)",
                Lang::En => "(the link in your first confirmation e-mail)",
            };
            (kept.to_owned(), kept.to_owned())
        }
    };
    let event_url = format!("{base}/events/{}", event.slug);
    let ics =
        (reason != Reason::Cancelled).then(|| event_ics(state, event, registration.details.lang));
    let message = compose(
        reason,
        event,
        registration,
        Links {
            manage: &manage_url,
            feed: &feed_url,
            event: &event_url,
        },
        ics,
    );
    state.mailer.send_later(message);
}

/// After a host changed an event (its capacity, say): whoever now fits moves up from the waitlist
/// and is told. Failures are logged; the change itself is saved.
pub(super) async fn after_event_change(state: &AppState, event: &Event) {
    match state.store.promote_waitlist(event.id, Utc::now()).await {
        Ok(promoted) => mail_promoted(state, event, &promoted).await,
        Err(e) => tracing::error!(error = %e, "could not move the waitlist up"),
    }
}

/// Tells each promoted person.
async fn mail_promoted(state: &AppState, event: &Event, promoted: &[Registration]) {
    for r in promoted {
        mail(state, Reason::Promoted, event, r, None);
    }
}

async fn post_register(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let form = format!("/events/{slug}/register");
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let event = match state.store.event_by_slug(&slug).await {
        Ok(e) if e.published => e,
        Ok(_) | Err(StoreError::NotFound) => return not_found(lang),
        Err(e) => {
            tracing::error!(error = %e, "loading an event to register");
            return internal(lang);
        }
    };
    let nonce = nonce(&posted);
    // The same form sent again (a double click, a reload): back to the first one's page.
    if let Some(n) = &nonce
        && let Some(to) = repeated_submission(&state, n).await
    {
        return see_other(&to);
    }
    let now = Utc::now();
    let settings = match state.store.registration_settings(event.id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "loading registration settings");
            return internal(lang);
        }
    };
    if let Err(closed) = registration_open(&event, &settings, now) {
        let error = form_error(closed.message(Lang::Es), closed.message(Lang::En));
        return keep_and_redirect(&state, &form, &posted, vec![error], &form).await;
    }
    let details = match RegistrationInput::from_fields(|n| posted.get(n)).validate(&event) {
        Ok(d) => d,
        Err(errors) => {
            let errors = app::api::session::FlashError::from_validation(&errors);
            return keep_and_redirect(&state, &form, &posted, errors, &form).await;
        }
    };
    let manage_token = new_token();
    let new = NewRegistration {
        details: &details,
        token_hash: token_hash(&manage_token),
        feed_hash: token_hash(&feed_token(&manage_token, 0)),
        submission: nonce
            .as_ref()
            .map(|n| (submission_hash(n), seal(&manage_token, n))),
    };
    match state.store.register(event.id, &new, now).await {
        Ok(registration) => {
            mail(
                &state,
                Reason::Registered,
                &event,
                &registration,
                Some((&manage_token, 0)),
            );
            see_other(&format!("/registrations/{manage_token}?new=1"))
        }
        Err(StoreError::Conflict(c)) if c.contains("submission") => match nonce.as_deref() {
            Some(n) => match repeated_submission(&state, n).await {
                Some(to) => see_other(&to),
                None => internal(lang),
            },
            None => internal(lang),
        },
        Err(StoreError::Conflict(c)) if c.contains("email") => {
            let error = form_error(
                "Ya hay una inscripción a este evento con esa dirección de correo. Use el enlace privado de su correo de confirmación para verla o cambiarla.",
                "There is already a registration for this event with that e-mail address. Use the private link in your confirmation e-mail to see or change it.",
            );
            keep_and_redirect(&state, &form, &posted, vec![error], &form).await
        }
        Err(StoreError::Conflict(c)) if c == "closed" => {
            let error = form_error(
                "La inscripción se cerró mientras usted completaba el formulario.",
                "Registration closed while you were filling in the form.",
            );
            keep_and_redirect(&state, &form, &posted, vec![error], &form).await
        }
        Err(e) => {
            tracing::error!(error = %e, "could not register");
            let error = form_error(
                "No se pudo guardar la inscripción. Inténtelo de nuevo: lo que escribió se ha guardado.",
                "Could not save the registration. Please try again: what you typed has been kept.",
            );
            keep_and_redirect(&state, &form, &posted, vec![error], &form).await
        }
    }
}

/// Where a form already sent landed: its manage page.
async fn repeated_submission(state: &AppState, nonce: &str) -> Option<String> {
    let sealed = state
        .store
        .submission_box(&submission_hash(nonce))
        .await
        .ok()?;
    let token = unseal(&sealed, nonce)?;
    Some(format!("/registrations/{token}"))
}

/// The start of every post from a manage page: the anti-forgery check, then the registration
/// behind the link and its event; the same 404 for a wrong, expired or unknown token (no hint
/// which).
async fn from_manage_page(
    state: &AppState,
    csrf: &CsrfToken,
    posted: &Posted,
    token: &str,
    lang: Lang,
) -> Result<(RegistrationRecord, Event), Response> {
    check_csrf(csrf, posted, lang)?;
    match app::ssr::registrations::find_by_manage_token(state.store.as_ref(), token, Utc::now())
        .await
    {
        Ok(found) => Ok(found),
        Err(StoreError::NotFound) => Err(not_found(lang)),
        Err(e) => {
            tracing::error!(error = %e, "loading a registration");
            Err(internal(lang))
        }
    }
}

async fn post_update(
    State(state): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (record, event) = match from_manage_page(&state, &csrf, &posted, &token, lang).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let here = format!("/registrations/{token}");
    let current = &record.registration;
    if current.status == RegistrationStatus::Cancelled {
        let error = form_error(
            "Esta inscripción está cancelada: ya no se puede cambiar.",
            "This registration is cancelled: it can no longer be changed.",
        );
        return keep_and_redirect(&state, MANAGE_FORM, &posted, vec![error], &here).await;
    }
    // Name, address and delegation are what the seat was given for: they stay as registered.
    let fixed = RegistrationInput::from_details(&current.details);
    let input = RegistrationInput {
        name: fixed.name,
        email: fixed.email,
        delegation: fixed.delegation,
        organisation: fixed.organisation,
        consent: true,
        ..RegistrationInput::from_fields(|n| posted.get(n))
    };
    let details = match input.validate(&event) {
        Ok(d) => d,
        Err(errors) => {
            let errors = app::api::session::FlashError::from_validation(&errors);
            return keep_and_redirect(&state, MANAGE_FORM, &posted, errors, &here).await;
        }
    };
    match state
        .store
        .update_registration(current.id, &details, Utc::now())
        .await
    {
        Ok(_) => see_other(&format!("{here}?saved=1")),
        Err(e) => {
            tracing::error!(error = %e, "could not update a registration");
            let error = form_error(
                "No se pudo guardar. Inténtelo de nuevo.",
                "Could not save. Please try again.",
            );
            keep_and_redirect(&state, MANAGE_FORM, &posted, vec![error], &here).await
        }
    }
}

async fn post_cancel(
    State(state): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (record, event) = match from_manage_page(&state, &csrf, &posted, &token, lang).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let here = format!("/registrations/{token}");
    match state
        .store
        .cancel_registration(record.registration.id, Utc::now())
        .await
    {
        Ok(promoted) => {
            let mut cancelled = record.registration;
            cancelled.status = RegistrationStatus::Cancelled;
            mail(&state, Reason::Cancelled, &event, &cancelled, None);
            mail_promoted(&state, &event, &promoted).await;
            see_other(&format!("{here}?cancelled=1"))
        }
        // Cancelled already (a second click): the page says so.
        Err(StoreError::NotFound) => see_other(&here),
        Err(e) => {
            tracing::error!(error = %e, "could not cancel a registration");
            internal(lang)
        }
    }
}

async fn post_new_feed(
    State(state): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (record, _) = match from_manage_page(&state, &csrf, &posted, &token, lang).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let generation = record.feed_generation + 1;
    match state
        .store
        .set_feed_hash(
            record.registration.id,
            &token_hash(&feed_token(&token, generation)),
            generation,
        )
        .await
    {
        Ok(()) => see_other(&format!("/registrations/{token}?feed=new#feed")),
        Err(e) => {
            tracing::error!(error = %e, "could not replace a feed address");
            internal(lang)
        }
    }
}

async fn post_settings(
    State(state): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let (account, event) = match authorize(
        &state,
        &csrf,
        &headers,
        &viewer,
        &slug,
        &posted,
        Action::ManageRegistrations,
    )
    .await
    {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let here = format!("/events/{slug}/participants");
    let settings = match RegistrationSettings::from_form(
        matches!(posted.get("open").as_str(), "on" | "1" | "true"),
        &posted.get("capacity"),
        &posted.get("quota"),
        &posted.get("deadline"),
    ) {
        Ok(s) => s,
        Err(errors) => {
            let errors = app::api::session::FlashError::from_validation(&errors);
            return keep_and_redirect(&state, &here, &posted, errors, &here).await;
        }
    };
    match state
        .store
        .set_registration_settings(event.id, &settings, &actor(&account), Utc::now())
        .await
    {
        Ok(promoted) => {
            mail_promoted(&state, &event, &promoted).await;
            see_other(&format!("{here}?saved=1"))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not save registration settings");
            let error = form_error(
                "No se pudo guardar. Inténtelo de nuevo.",
                "Could not save. Please try again.",
            );
            keep_and_redirect(&state, &here, &posted, vec![error], &here).await
        }
    }
}

async fn post_promote(
    State(state): State<AppState>,
    csrf: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path((slug, id)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (account, event) = match authorize(
        &state,
        &csrf,
        &headers,
        &viewer,
        &slug,
        &posted,
        Action::ManageRegistrations,
    )
    .await
    {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let here = format!("/events/{slug}/participants");
    let by: AuditActor = actor(&account);
    match state
        .store
        .promote_registration(event.id, id, &by, Utc::now())
        .await
    {
        Ok(promoted) => {
            mail_promoted(&state, &event, std::slice::from_ref(&promoted)).await;
            see_other(&format!("{here}?promoted=1"))
        }
        Err(StoreError::Conflict(_)) => {
            let error = form_error(
                "No hay cupo libre para esta persona (capacidad o cupo de su delegación completos). Aumente la capacidad o el cupo primero.",
                "There is no free seat for this person (capacity or their delegation's quota is full). Increase the capacity or the quota first.",
            );
            keep_and_redirect(&state, &here, &posted, vec![error], &here).await
        }
        Err(StoreError::NotFound) => {
            let error = form_error(
                "Esa persona ya no está en la lista de espera.",
                "That person is no longer on the waitlist.",
            );
            keep_and_redirect(&state, &here, &posted, vec![error], &here).await
        }
        Err(e) => {
            tracing::error!(error = %e, "could not promote a registration");
            internal(lang)
        }
    }
}
