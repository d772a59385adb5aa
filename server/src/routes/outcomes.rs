//! The forms of meeting outcomes: a record's header, its agreements and commitments (the
//! record's writers), and a commitment's follow-up (those it binds). Each handler reads its
//! form, calls one use case ([`app::usecase::outcomes`]), which checks who may do it and the
//! input, and answers with a redirect: back to the page, at the form, with the input kept and
//! the errors at their fields when refused.

use app::domain::outcomes::{AgreementInput, CommitmentInput, NoteInput, RecordInput};
use app::usecase::outcomes;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::error::RouteError;
use super::forms::{FormPost, see_other};
use crate::state::AppState;

/// The outcome routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{slug}/record", post(post_header))
        .route("/events/{slug}/record/agreements", post(post_agreement))
        .route(
            "/events/{slug}/record/agreements/{number}/delete",
            post(post_delete_agreement),
        )
        .route(
            "/events/{slug}/record/agreements/{number}/commitments",
            post(post_add_commitment),
        )
        .route(
            "/events/{slug}/record/commitments/{id}/edit",
            post(post_edit_commitment),
        )
        .route(
            "/events/{slug}/record/commitments/{id}/delete",
            post(post_delete_commitment),
        )
        .route("/commitments/{id}/follow-up", post(post_follow_up))
}

/// The editor's address, and where to come back to (at the form `form_id`).
fn editor(slug: &str, post: &FormPost) -> (String, String) {
    let page = format!("/events/{slug}/record");
    let id = post.get("form_id");
    let safe = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        .then_some(id)
        .filter(|id| !id.is_empty());
    let to = safe.map_or_else(|| page.clone(), |id| format!("{page}#{id}"));
    (page, to)
}

/// A repeated field (checkboxes, a multiple select) as the comma-separated list forms read.
fn joined(post: &FormPost, name: &str) -> String {
    post.fields.get_all(name).join(",")
}

fn record_input(post: &FormPost) -> RecordInput {
    RecordInput {
        title_es: post.get("title_es"),
        title_en: post.get("title_en"),
        place: post.get("place"),
        status: post.get("record_status"),
        preamble_es: post.get("preamble_es"),
        preamble_en: post.get("preamble_en"),
        delegations: post.fields.get_all("delegations"),
        agreements: Vec::new(),
    }
}

fn agreement_input(post: &FormPost) -> AgreementInput {
    let events = joined(post, "events");
    AgreementInput::from_fields(|name| {
        if name == "events" {
            events.clone()
        } else {
            post.get(name)
        }
    })
}

fn commitment_input(post: &FormPost) -> CommitmentInput {
    let parties = joined(post, "parties");
    CommitmentInput::from_fields(|name| {
        if name == "parties" {
            parties.clone()
        } else {
            post.get(name)
        }
    })
}

/// A number posted in a hidden field (a version), if it is one.
fn number(post: &FormPost, name: &str) -> Option<i64> {
    post.get(name).trim().parse().ok()
}

async fn post_header(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, to) = editor(&slug, &post);
    let input = record_input(&post);
    let version = number(&post, "version");
    outcomes::save_record(&state.deps, post.account(), &slug, input, version)
        .await
        .map_err(|r| post.refused_to(r, &page, &to))?;
    Ok(see_other(&to))
}

async fn post_agreement(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, to) = editor(&slug, &post);
    let input = agreement_input(&post);
    let replacing = post.get("replacing").trim().parse::<u32>().ok();
    let version = number(&post, "version");
    outcomes::save_agreement(
        &state.deps,
        post.account(),
        &slug,
        replacing,
        input,
        version,
    )
    .await
    .map_err(|r| post.refused_to(r, &page, &to))?;
    Ok(see_other(&to))
}

async fn post_delete_agreement(
    State(state): State<AppState>,
    Path((slug, number_in_path)): Path<(String, u32)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, _) = editor(&slug, &post);
    let version = number(&post, "version");
    outcomes::delete_agreement(&state.deps, post.account(), &slug, number_in_path, version)
        .await
        .map_err(|r| post.refused(r, &page))?;
    Ok(see_other(&format!("{page}#agreements-heading")))
}

async fn post_add_commitment(
    State(state): State<AppState>,
    Path((slug, agreement)): Path<(String, u32)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, to) = editor(&slug, &post);
    let input = commitment_input(&post);
    outcomes::add_commitment(&state.deps, post.account(), &slug, agreement, input)
        .await
        .map_err(|r| post.refused_to(r, &page, &to))?;
    Ok(see_other(&format!("{page}#agreement-{agreement}-heading")))
}

async fn post_edit_commitment(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, to) = editor(&slug, &post);
    let input = commitment_input(&post);
    let sequence = number(&post, "sequence");
    outcomes::edit_commitment(&state.deps, post.account(), id, input, sequence)
        .await
        .map_err(|r| post.refused_to(r, &page, &to))?;
    Ok(see_other(&to))
}

async fn post_delete_commitment(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let (page, _) = editor(&slug, &post);
    let sequence = number(&post, "sequence");
    outcomes::delete_commitment(&state.deps, post.account(), id, sequence)
        .await
        .map_err(|r| post.refused(r, &page))?;
    Ok(see_other(&format!("{page}#agreements-heading")))
}

async fn post_follow_up(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let page = format!("/commitments/{id}");
    let note = NoteInput {
        text_es: post.get("note_es"),
        text_en: post.get("note_en"),
    };
    let request = outcomes::FollowUpRequest {
        id,
        sequence: number(&post, "sequence"),
        status: post.get("status"),
        note,
    };
    outcomes::follow_up(&state.deps, post.account(), request)
        .await
        .map_err(|r| post.refused(r, &page))?;
    Ok(see_other(&page))
}
