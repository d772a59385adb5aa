//! Signing in and out. Sign-in attempts are rate-limited per client address (tower_governor).

use std::sync::Arc;

use app::domain::Email;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::post;
use axum_csrf::CsrfToken;
use chrono::Utc;
use serde::Deserialize;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;

use super::forms::{Posted, check_csrf, form_error, keep_and_redirect, request_lang, see_other};
use crate::auth::{
    SESSION_COOKIE, new_token, session_cookie, session_lifetime, token_hash, verify_password,
};
use crate::state::AppState;

/// The sign-in and sign-out routes.
pub fn router() -> Router<AppState> {
    // Five attempts at once, then one every four seconds, per client address.
    let limit = GovernorConfigBuilder::default()
        .per_second(4)
        .burst_size(5)
        .finish()
        .map(Arc::new);
    let signin = Router::new().route("/signin", post(post_signin));
    let signin = match limit {
        Some(config) => signin.layer(GovernorLayer::new(config)),
        None => signin,
    };
    Router::new()
        .merge(signin)
        .route("/signout", post(post_signout))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn post_signin(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Query(query): Query<Next>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let next = super::forms::safe_next(
        query
            .next
            .as_deref()
            .or(posted.fields.get("next").map(String::as_str)),
        "/dashboard",
    )
    .to_owned();
    let back = format!(
        "/signin?next={}",
        app::components::layout::encode_query_value(&next)
    );
    let found = match Email::parse(&posted.get("email")) {
        Ok(email) => state.store.account_by_email(email.as_str()).await.ok(),
        Err(_) => None,
    };
    let password = posted.get("password");
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, None),
    };
    // One answer for every failure, so that nobody learns which emails have accounts.
    let ok = verify_password(&password, hash.as_deref())
        && account.as_ref().is_some_and(|a| !a.disabled);
    let Some(account) = account.filter(|_| ok) else {
        let error = form_error(
            "Correo o contraseña incorrectos, o cuenta desactivada.",
            "Wrong email or password, or the account is disabled.",
        );
        return keep_and_redirect(&state, "/signin", &posted, vec![error], &back).await;
    };
    let session = new_token();
    let now = Utc::now();
    if let Err(e) = state
        .store
        .create_session(
            &token_hash(&session),
            account.id,
            now,
            now + session_lifetime(),
        )
        .await
    {
        tracing::error!(error = %e, "could not create a session");
        return super::forms::message_page(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "No se pudo iniciar la sesión. Inténtelo de nuevo.",
            "Could not sign in. Please try again.",
        );
    }
    let mut response = see_other(&next);
    if let Ok(v) = HeaderValue::from_str(&session_cookie(
        &session,
        session_lifetime(),
        state.settings.secure_cookies,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

async fn post_signout(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    if let Err(refused) = check_csrf(&token, &posted, request_lang(&headers)) {
        return refused;
    }
    if let Some(session) = app::api::session::cookie(&headers, SESSION_COOKIE) {
        let _ = state.store.delete_session(&token_hash(&session)).await;
    }
    let mut response = see_other("/");
    if let Ok(v) = HeaderValue::from_str(&session_cookie(
        "",
        chrono::Duration::zero(),
        state.settings.secure_cookies,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}
