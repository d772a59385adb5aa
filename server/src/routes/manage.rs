//! Hosts manage their events: propose, edit, confirm, postpone, cancel, delete a draft. Each
//! handler reads its form into a command and calls one use case ([`app::usecase::events`]), which
//! checks the permission, the input, the region's dates and the version; a refusal comes back to
//! the form with the input kept.

use app::domain::EventInput;
use app::usecase::events::{self, Change, ChangeRequest, Proposal};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::date_check::seen_conflicts;
use super::error::RouteError;
use super::forms::{FormPost, see_other};
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

/// The event form's fields (co-hosts are a repeated checkbox).
fn input(post: &FormPost) -> EventInput {
    let cohosts = post.fields.get_all("cohosts").join(",");
    EventInput::from_fields(|name| {
        if name == "cohosts" {
            cohosts.clone()
        } else {
            post.get(name)
        }
    })
}

async fn post_propose(
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let form = "/events/new";
    let proposal = Proposal {
        input: input(&post),
        publish: post.checked("publish"),
        seen: seen_conflicts(&post),
    };
    let event = events::propose(&state.deps, post.account(), proposal)
        .await
        .map_err(|r| post.refused(r, form))?;
    Ok(see_other(&format!("/events/{}/manage", event.slug)))
}

async fn change(
    state: &AppState,
    post: &FormPost,
    slug: String,
    change: Change,
) -> Result<Response, RouteError> {
    let form = format!("/events/{slug}/manage");
    let request = ChangeRequest {
        slug,
        change,
        version: post.get("version").parse().ok(),
        publish: post.checked("publish"),
        seen: seen_conflicts(post),
    };
    events::change(&state.deps, post.account(), request)
        .await
        .map_err(|r| post.refused(r, &form))?;
    Ok(see_other(&form))
}

async fn post_edit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let edit = Change::Edit(input(&post));
    change(&state, &post, slug, edit).await
}

async fn post_confirm(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    change(&state, &post, slug, Change::Confirm).await
}

async fn post_postpone(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let moved = Change::Postpone(input(&post));
    change(&state, &post, slug, moved).await
}

async fn post_cancel(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let reason = post.get("reason");
    change(&state, &post, slug, Change::Cancel { reason }).await
}

async fn post_delete(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let form = format!("/events/{slug}/manage");
    let version = post.get("version").parse().ok();
    events::delete_draft(&state.deps, post.account(), &slug, version)
        .await
        .map_err(|r| post.refused(r, &form))?;
    Ok(see_other("/dashboard"))
}
