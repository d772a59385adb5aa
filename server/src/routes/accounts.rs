//! The secretariat manages accounts: creates officials for a country (who then set their own
//! password through a one-time link), disables and re-enables them. And the link itself. Each
//! handler calls one use case of [`app::usecase::accounts`], which checks the permission.

use app::api::manage::ISSUED_LINK_COOKIE;
use app::msg::Msg;
use app::pages::signin::PASSWORD_FORM;
use app::usecase::Refusal;
use app::usecase::accounts::{self, IssuedLink, NewOfficial};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::post;

use super::error::RouteError;
use super::forms::{FormPost, see_other};
use crate::limits::{PasswordLink, RateLimit};
use crate::state::AppState;

const FORM: &str = "/admin/accounts";

/// The account routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", post(post_create))
        .route("/admin/accounts/{id}/disable", post(post_disable))
        .route("/admin/accounts/{id}/enable", post(post_enable))
        .route("/admin/accounts/{id}/link", post(post_new_link))
        .route("/password/{token}", post(post_password))
}

/// Back to the accounts page, which shows the new link once. The link travels in a short-lived
/// cookie of the secretariat's browser, never in kept form input: the server stores only its
/// hash.
fn show_link(state: &AppState, issued: &IssuedLink) -> Response {
    let mut response = see_other(FORM);
    let cookie = format!(
        "{ISSUED_LINK_COOKIE}={}; Path={FORM}; HttpOnly; SameSite=Strict; Max-Age=600{}",
        issued.token,
        if state.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

async fn post_create(
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let form = NewOfficial {
        email: post.get("email"),
        name: post.get("name"),
        country: post.get("country"),
    };
    let issued = accounts::create_official(&state.deps, post.account(), &form)
        .await
        .map_err(|r| post.refused(r, FORM))?;
    Ok(show_link(&state, &issued))
}

async fn set_disabled(
    state: &AppState,
    post: &FormPost,
    id: i64,
    disabled: bool,
) -> Result<Response, RouteError> {
    accounts::set_disabled(&state.deps, post.account(), id, disabled)
        .await
        .map_err(|r| post.refused_missing(r, FORM, Msg::NoSuchAccount))?;
    Ok(see_other(FORM))
}

async fn post_disable(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    post: FormPost,
) -> Result<Response, RouteError> {
    set_disabled(&state, &post, id, true).await
}

async fn post_enable(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    post: FormPost,
) -> Result<Response, RouteError> {
    set_disabled(&state, &post, id, false).await
}

async fn post_new_link(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let issued = accounts::new_link(&state.deps, post.account(), id)
        .await
        .map_err(|r| post.refused_missing(r, FORM, Msg::NoSuchAccount))?;
    Ok(show_link(&state, &issued))
}

async fn post_password(
    _limit: RateLimit<PasswordLink>,
    State(state): State<AppState>,
    Path(link): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let back = format!("/password/{link}");
    accounts::set_password(
        &state.deps,
        &link,
        &post.get("password"),
        &post.get("password_confirm"),
    )
    .await
    .map_err(|r| match r {
        Refusal::NotFound => RouteError::page(StatusCode::NOT_FOUND, post.lang, Msg::LinkInvalid),
        // The kept input is filed under the form's name, without the link's token.
        other => post.refused_to(other, PASSWORD_FORM, &back),
    })?;
    Ok(see_other("/signin?welcome=1"))
}
