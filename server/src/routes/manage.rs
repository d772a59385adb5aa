//! Hosts manage their events: propose, edit, confirm, postpone, cancel, delete a draft. Every post
//! checks the anti-forgery token, the session, the permission (domain `allowed`), the input (domain
//! validation) and the version it was based on; on any refusal the input is kept.

use std::collections::HashSet;

use app::api::session::{FlashError, Viewer};
use app::domain::access::{Action, allowed};
use app::domain::account::Account;
use app::domain::lifecycle::{Transition, apply};
use app::domain::{Country, Event, EventInput, Lang, ValidationErrors};
use app::ssr::{AuditActor, Conflict, EventUpdate, StoreError};
use axum::Router;
use axum::extract::{Extension, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum_csrf::CsrfToken;
use chrono::{Datelike, Utc};

use super::date_check::confirm_dates;
use super::forms::{
    Posted, check_csrf, forbidden, form_error, keep_and_redirect, message_page, request_lang,
    require_account, see_other,
};
use crate::state::AppState;

/// The management routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/new", post(post_propose))
        .route("/events/{slug}/edit", post(post_edit))
        .route("/events/{slug}/confirm", post(post_confirm))
        .route("/events/{slug}/postpone", post(post_postpone))
        .route("/events/{slug}/cancel", post(post_cancel))
        .route("/events/{slug}/delete", post(post_delete))
}

fn field_errors(errors: &ValidationErrors) -> Vec<FlashError> {
    FlashError::from_validation(errors)
}

/// Who the audit log says made a change.
pub(super) fn actor(account: &Account) -> AuditActor {
    AuditActor {
        account_id: Some(account.id),
        email: account.email.clone(),
    }
}

fn input(posted: &Posted) -> EventInput {
    let cohosts = posted.get_all("cohosts").join(",");
    EventInput::from_fields(|name| {
        if name == "cohosts" {
            cohosts.clone()
        } else {
            posted.get(name)
        }
    })
}

/// Finds a free slug: the base, then `-2`, `-3`, ...
async fn free_slug(state: &AppState, base: &str) -> String {
    free_slug_except(state, base, &HashSet::new()).await
}

/// Finds a free slug that is not in `taken` either: the slugs given to events of the same import,
/// which are not stored yet.
pub(super) async fn free_slug_except(
    state: &AppState,
    base: &str,
    taken: &HashSet<String>,
) -> String {
    let mut candidate = base.to_owned();
    for n in 2..1000 {
        if !taken.contains(&candidate)
            && matches!(
                state.store.event_by_slug(&candidate).await,
                Err(StoreError::NotFound)
            )
        {
            return candidate;
        }
        candidate = format!("{base}-{n}");
    }
    format!("{base}-{}", uuid::Uuid::new_v4().simple())
}

async fn post_propose(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let form = "/events/new";
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let account = match require_account(&state, &viewer, &posted, form).await {
        Ok(a) => a,
        Err(redirect) => return redirect,
    };
    let mut raw = input(&posted);
    raw.status = String::new();
    let details = match raw.validate() {
        Ok(d) => d,
        Err(errors) => {
            return keep_and_redirect(&state, form, &posted, field_errors(&errors), form).await;
        }
    };
    let hosts: Vec<Country> = details.hosts().collect();
    // An official proposes for their own country (as host or co-host).
    if !allowed(Some(&account.actor()), Action::Propose, &hosts) {
        return forbidden(lang);
    }
    if let Err(back) = confirm_dates(&state, &account, &details, None, &posted, form).await {
        return back;
    }
    let title = details.title.pick(Lang::Es).text.to_owned();
    let slug = free_slug(
        &state,
        &app::domain::event::slug_base(&title, details.dates.first_day().year()),
    )
    .await;
    let uid = format!("{}@enlace", uuid::Uuid::new_v4());
    let publish = matches!(posted.get("publish").as_str(), "on" | "1" | "true");
    match state
        .store
        .create_event_by(&slug, &uid, &details, publish, &actor(&account), Utc::now())
        .await
    {
        Ok(event) => see_other(&format!("/events/{}/manage", event.slug)),
        Err(e) => {
            tracing::error!(error = %e, "could not create an event");
            let error = form_error(
                "No se pudo guardar. Inténtelo de nuevo.",
                "Could not save. Please try again.",
            );
            keep_and_redirect(&state, form, &posted, vec![error], form).await
        }
    }
}

/// What a lifecycle post asks for.
enum Kind {
    Edit,
    Confirm,
    Postpone,
    Cancel,
}

impl Kind {
    fn action(&self) -> (Action, &'static str) {
        match self {
            Kind::Edit => (Action::Edit, "edit"),
            Kind::Confirm => (Action::Confirm, "confirm"),
            Kind::Postpone => (Action::Postpone, "postpone"),
            Kind::Cancel => (Action::Cancel, "cancel"),
        }
    }
}

/// The common start of every post about an existing event: token, session, event, permission.
pub(super) async fn authorize(
    state: &AppState,
    token: &CsrfToken,
    headers: &HeaderMap,
    viewer: &Viewer,
    slug: &str,
    posted: &Posted,
    action: Action,
) -> Result<(Account, Event), Response> {
    let lang = request_lang(headers);
    check_csrf(token, posted, lang)?;
    let form = format!("/events/{slug}/manage");
    let account = require_account(state, viewer, posted, &form).await?;
    let event = match state.store.event_by_slug(slug).await {
        Ok(e) => e,
        Err(StoreError::NotFound) => {
            return Err(message_page(
                StatusCode::NOT_FOUND,
                lang,
                "No existe ese evento.",
                "There is no such event.",
            ));
        }
        Err(e) => {
            tracing::error!(error = %e, "loading an event");
            return Err(message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                "Error interno.",
                "Internal error.",
            ));
        }
    };
    let hosts: Vec<Country> = event.details.hosts().collect();
    if !allowed(Some(&account.actor()), action, &hosts) {
        return Err(forbidden(lang));
    }
    Ok((account, event))
}

async fn lifecycle(
    state: AppState,
    token: CsrfToken,
    headers: HeaderMap,
    viewer: Viewer,
    slug: String,
    pairs: Vec<(String, String)>,
    kind: Kind,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (action, name) = kind.action();
    let (account, event) =
        match authorize(&state, &token, &headers, &viewer, &slug, &posted, action).await {
            Ok(found) => found,
            Err(refused) => return refused,
        };
    let form = format!("/events/{slug}/manage");
    let transition = match kind {
        Kind::Confirm => Transition::Confirm,
        Kind::Cancel => Transition::Cancel {
            reason: posted.get("reason"),
        },
        Kind::Edit => match input(&posted).validate() {
            Ok(details) => {
                // Moving an event to other hosts needs the right over them too.
                let new_hosts: Vec<Country> = details.hosts().collect();
                if !allowed(Some(&account.actor()), Action::Edit, &new_hosts) {
                    return forbidden(lang);
                }
                Transition::Edit {
                    details: Box::new(details),
                }
            }
            Err(errors) => {
                return keep_and_redirect(&state, &form, &posted, field_errors(&errors), &form)
                    .await;
            }
        },
        Kind::Postpone => {
            let current = EventInput::from_details(&event.details);
            let moved = EventInput {
                month: posted.get("month"),
                start_date: posted.get("start_date"),
                end_date: posted.get("end_date"),
                start_time: posted.get("start_time"),
                end_time: posted.get("end_time"),
                ..current
            };
            match moved.validate() {
                Ok(details) => Transition::Postpone {
                    dates: details.dates,
                },
                Err(errors) => {
                    return keep_and_redirect(&state, &form, &posted, field_errors(&errors), &form)
                        .await;
                }
            }
        }
    };
    let outcome = match apply(&event.details, transition) {
        Ok(o) => o,
        Err(e) => {
            let error = FlashError {
                field: String::new(),
                es: e.message(Lang::Es),
                en: e.message(Lang::En),
            };
            return keep_and_redirect(&state, &form, &posted, vec![error], &form).await;
        }
    };
    // New dates (or a confirmation of them) are compared with the region's other events first.
    let schedule_changed = outcome.details.host != event.details.host
        || outcome.details.dates != event.details.dates
        || outcome.details.tz != event.details.tz;
    let checks_dates = match kind {
        Kind::Confirm | Kind::Postpone => true,
        Kind::Edit => schedule_changed,
        Kind::Cancel => false,
    };
    if checks_dates
        && let Err(back) = confirm_dates(
            &state,
            &account,
            &outcome.details,
            Some(&event),
            &posted,
            &form,
        )
        .await
    {
        return back;
    }
    let Ok(expected_version) = posted.get("version").parse::<i64>() else {
        return message_page(
            StatusCode::BAD_REQUEST,
            lang,
            "Formulario incompleto.",
            "Incomplete form.",
        );
    };
    let reason = posted.get("reason");
    let update = EventUpdate {
        expected_version,
        outcome: &outcome,
        action: name,
        cancel_reason: matches!(kind, Kind::Cancel).then_some(reason.trim()),
        publish: matches!(posted.get("publish").as_str(), "on" | "1" | "true"),
    };
    match state
        .store
        .update_event(event.id, update, &actor(&account), Utc::now())
        .await
    {
        Ok(updated) => {
            super::registrations::after_event_change(&state, &updated).await;
            see_other(&form)
        }
        Err(StoreError::Conflict(_)) => {
            let error = form_error(
                "Otra persona cambió este evento después de que usted abrió el formulario, así que no se guardó nada. \
                 Lo que escribió se conserva abajo; recargue la página para ver la versión actual.",
                "Someone else changed this event after you opened the form, so nothing was saved. \
                 What you typed is kept below; reload the page to see the current version.",
            );
            keep_and_redirect(&state, &form, &posted, vec![error], &form).await
        }
        Err(e) => {
            tracing::error!(error = %e, "updating an event");
            let error = form_error(
                "No se pudo guardar. Inténtelo de nuevo.",
                "Could not save. Please try again.",
            );
            keep_and_redirect(&state, &form, &posted, vec![error], &form).await
        }
    }
}

async fn post_edit(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    lifecycle(s, t, h, v, slug, p, Kind::Edit).await
}

async fn post_confirm(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    lifecycle(s, t, h, v, slug, p, Kind::Confirm).await
}

async fn post_postpone(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    lifecycle(s, t, h, v, slug, p, Kind::Postpone).await
}

async fn post_cancel(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    lifecycle(s, t, h, v, slug, p, Kind::Cancel).await
}

async fn post_delete(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let (account, event) = match authorize(
        &state,
        &token,
        &headers,
        &viewer,
        &slug,
        &posted,
        Action::Delete,
    )
    .await
    {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let version = posted.get("version").parse::<i64>().unwrap_or(-1);
    match state
        .store
        .delete_draft(event.id, version, &actor(&account), Utc::now())
        .await
    {
        Ok(()) => see_other("/dashboard"),
        Err(StoreError::Conflict(Conflict::Published)) => message_page(
            StatusCode::CONFLICT,
            lang,
            "Un evento publicado no se puede borrar: cancélelo, y seguirá visible como cancelado.",
            "A published event cannot be deleted: cancel it, and it stays visible as cancelled.",
        ),
        Err(StoreError::Conflict(_)) => message_page(
            StatusCode::CONFLICT,
            lang,
            "El borrador cambió después de que usted abrió la página; no se borró. Recargue e inténtelo de nuevo.",
            "The draft changed after you opened the page; it was not deleted. Reload and try again.",
        ),
        Err(e) => {
            tracing::error!(error = %e, "deleting a draft");
            message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                "Error interno.",
                "Internal error.",
            )
        }
    }
}
