//! Signing in and out, through [`app::usecase::accounts`]. Sign-in attempts are rate-limited per
//! client address ([`RateLimit<SignIn>`]); signing out also forgets the browser's kept input.

use app::msg::Msg;
use app::usecase::{Refusal, accounts};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;

use super::error::RouteError;
use super::forms::{FormPost, safe_next, see_other};
use crate::auth::{SESSION_COOKIE, session_cookie, session_lifetime};
use crate::limits::{RateLimit, SignIn};
use crate::state::AppState;

/// The sign-in and sign-out routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signin", post(post_signin))
        .route("/signout", post(post_signout))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// The form, and the fields it keeps when sign-in fails.
const FORM: &str = "/signin";

async fn post_signin(
    _limit: RateLimit<SignIn>,
    State(state): State<AppState>,
    Query(query): Query<Next>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let posted_next = post.fields.fields.get("next").map(String::as_str);
    let next = safe_next(query.next.as_deref().or(posted_next), "/dashboard").to_owned();
    let back = app::components::layout::sign_in_path(&next);
    let lifetime = session_lifetime();
    let session = match accounts::sign_in(
        &state.deps,
        &post.get("email"),
        &post.get("password"),
        lifetime,
    )
    .await
    {
        Ok(session) => session,
        Err(Refusal::Internal(e)) => {
            tracing::error!(error = %e, "could not create a session");
            return Err(RouteError::page(
                StatusCode::INTERNAL_SERVER_ERROR,
                post.lang,
                Msg::SignInUnavailable,
            ));
        }
        Err(refusal) => return Err(post.refused_to(refusal, FORM, &back)),
    };
    let mut response = see_other(&next);
    if let Ok(v) = HeaderValue::from_str(&session_cookie(
        &session,
        lifetime,
        state.settings.secure_cookies,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

async fn post_signout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _post: FormPost,
) -> Result<Response, RouteError> {
    let session = app::api::session::cookie(&headers, SESSION_COOKIE);
    accounts::sign_out(&state.deps, session.as_deref()).await;
    let mut response = see_other("/");
    if let Ok(v) = HeaderValue::from_str(&session_cookie(
        "",
        chrono::Duration::zero(),
        state.settings.secure_cookies,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Some(v) = super::kept::forget(&state, &headers).await {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
