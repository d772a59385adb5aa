//! Session cookies, and the middleware
//! that tells every request who is asking and hands forms their anti-forgery token (axum_csrf).

use app::api::session::{Viewer, cookie};
use app::domain::account::Account;
use app::ssr::StoreError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use chrono::{Duration, Utc};

use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "enlace_session";

/// How long a session lasts after signing in.
#[must_use]
pub fn session_lifetime() -> Duration {
    Duration::hours(12)
}

pub use app::ssr::passwords::{hash_password, verify_password};
pub use app::ssr::tokens::{new_token, token_hash};

/// The `Set-Cookie` value of a session cookie (`max_age` 0 removes it).
#[must_use]
pub fn session_cookie(token: &str, max_age: Duration, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        max_age.num_seconds().max(0),
        if secure { "; Secure" } else { "" }
    )
}

/// The account behind the request's session cookie, if the session is live.
pub async fn current_account(state: &AppState, headers: &axum::http::HeaderMap) -> Option<Account> {
    session_of(state, headers).await.ok().flatten()
}

/// [`current_account`], or the store's error when the session could not be looked up (not when
/// there is none, or it ended).
async fn session_of(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<Account>, StoreError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    match state
        .store
        .session_account(&token_hash(&token), Utc::now())
        .await
    {
        Ok(account) => Ok(Some(account)),
        Err(StoreError::Unavailable(e)) => Err(StoreError::Unavailable(e)),
        Err(_) => Ok(None),
    }
}

/// Paths that never render a form: no session lookup, and no cookie on cacheable answers.
fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.ends_with(".ics")
        || path.starts_with("/feeds/")
        || path == "/healthz"
        || path == "/favicon.svg"
}

/// Puts the [`Viewer`] (account and form token) in the request for pages and handlers, and sets
/// the anti-forgery cookie on the answer; 503 when a session cannot be looked up because the
/// database is unreachable.
pub async fn viewer_middleware(
    State(state): State<AppState>,
    token: CsrfToken,
    mut req: Request,
    next: Next,
) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    // With the database out of reach, a signed-in person is not sent to sign in again: the
    // page says the database is unavailable (503).
    let account = match session_of(&state, req.headers()).await {
        Ok(account) => account,
        Err(e) => {
            tracing::warn!(error = %e, "could not look up a session");
            let lang = crate::routes::forms::request_lang(req.headers());
            let l = lang.locale();
            let text = if req.method().is_safe() {
                app::i18n::td_string!(l, fault_unavailable_text)
            } else {
                app::i18n::td_string!(l, fault_unavailable_not_saved)
            };
            return crate::routes::error::unavailable(lang, text);
        }
    };
    let csrf = token.authenticity_token().unwrap_or_default();
    req.extensions_mut().insert(Viewer { account, csrf });
    let response = next.run(req).await;
    (token, response).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in unpadded base64");
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn session_cookies_are_http_only_and_lax() {
        let c = session_cookie("t", Duration::hours(1), true);
        assert_eq!(
            c,
            "enlace_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure"
        );
    }
}
