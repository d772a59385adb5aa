//! The secretariat manages accounts: creates officials for a country (who then set their own
//! password through a one-time link), disables and re-enables them. And the link itself. Each
//! handler calls one use case of [`app::usecase::accounts`], which checks the permission.

use app::api::session::FlashError;
use app::domain::Lang;
use app::msg::Msg;
use app::usecase::accounts::{self, IssuedLink, NewOfficial};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::error::RouteError;
use super::forms::{FormPost, see_other, show_on};
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

/// Back to the accounts page, which shows the new link once.
fn show_link(state: &AppState, issued: &IssuedLink) -> Response {
    let link = format!("{}/password/{}", state.public_url, issued.token);
    let text = |lang: Lang| {
        app::i18n::td_string!(
            lang.locale(),
            acct_link_ready,
            email = issued.email.as_str(),
            link = link.as_str()
        )
    };
    let notice = FlashError {
        field: "link".into(),
        es: text(Lang::Es),
        en: text(Lang::En),
    };
    show_on(FORM, vec![notice])
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
    let form = format!("/password/{link}");
    accounts::set_password(
        &state.deps,
        &link,
        &post.get("password"),
        &post.get("password_confirm"),
    )
    .await
    .map_err(|r| post.refused_missing(r, &form, Msg::LinkInvalid))?;
    Ok(see_other("/signin?welcome=1"))
}
