//! The digest's form handlers. The pages are `app::pages::digest`'s.
//!
//! - `POST /digest`: subscribe (limited per client like every form that mails a typed address,
//!   `ENLACE_RATE_MAIL`; anti-forgery token); the same answer whether or not the address is
//!   subscribed.
//! - `POST /digest/confirm/{token}`: confirm, from the button of the mailed link's page (a link
//!   scanner's `GET` confirms nothing).
//! - `POST /digest/unsubscribe/{token}`: unsubscribe with one click (RFC 8058: mail clients post
//!   `List-Unsubscribe=One-Click` with no session and no anti-forgery token); a wrong or used
//!   token gets the very same answer.
//! - `POST /digest/settings`: the secretariat's day and hour.

use app::domain::digest::SubscriptionInput;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use crate::limits::{Mail, RateLimit};
use crate::routes::error::RouteError;
use crate::routes::forms::{FormPost, page_for, see_other};
use crate::state::AppState;

/// The subscription form's path.
pub const FORM: &str = "/digest";
/// The settings form's path.
pub const SETTINGS: &str = "/digest/settings";
/// Where an unsubscribe post lands, whatever the token.
pub const UNSUBSCRIBED: &str = "/digest/unsubscribed";

/// The digest's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(FORM, post(post_subscribe))
        .route("/digest/confirm/{token}", post(post_confirm))
        .route("/digest/unsubscribe/{token}", post(post_unsubscribe))
        .route(SETTINGS, post(post_settings))
}

async fn post_subscribe(
    _limit: RateLimit<Mail>,
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let input = SubscriptionInput {
        email: post.get("email"),
        countries: post.fields.get_all("countries"),
        lang: post.get("lang"),
    };
    app::usecase::digest::subscribe(&state.deps, &state.public_url, &input)
        .await
        .map_err(|r| post.refused(r, FORM))?;
    Ok(see_other(&format!("{FORM}?sent=1")))
}

async fn post_confirm(
    State(state): State<AppState>,
    Path(token): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let confirmed = app::usecase::digest::confirm(&state.deps, &token)
        .await
        .map_err(|r| page_for(r, post.lang))?;
    Ok(see_other(if confirmed {
        "/digest?confirmed=1"
    } else {
        "/digest?expired=1"
    }))
}

/// No anti-forgery token and no session (RFC 8058 §3: the mail client posts on its own); the body
/// is not read. Unsubscribing someone needs their token, which only their mail holds.
async fn post_unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, RouteError> {
    let lang = app::domain::Lang::Es;
    app::usecase::digest::unsubscribe(&state.deps, &token)
        .await
        .map_err(|r| page_for(r, lang))?;
    Ok(see_other(UNSUBSCRIBED))
}

async fn post_settings(
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    app::usecase::digest::save_schedule(
        &state.deps,
        post.account(),
        &post.get("day"),
        &post.get("hour"),
    )
    .await
    .map_err(|r| post.refused(r, SETTINGS))?;
    Ok(see_other(&format!("{SETTINGS}?saved=1")))
}
