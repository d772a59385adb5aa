//! Passwords (Argon2id), random tokens stored only as hashes, session cookies, and the middleware
//! that tells every request who is asking and hands forms their anti-forgery token (axum_csrf).

use app::api::session::{Viewer, cookie};
use app::domain::account::Account;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use rand::RngCore;

use crate::state::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "enlace_session";

/// How long a session lasts after signing in.
#[must_use]
pub fn session_lifetime() -> Duration {
    Duration::hours(12)
}

/// Hashes a password with Argon2id and a random salt (PHC string).
///
/// # Errors
/// When hashing fails (it does not for valid parameters).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored PHC string; a missing or corrupt hash never matches.
#[must_use]
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    // Without a stored hash, still spend the time of one check, so that response times do not tell
    // which emails have accounts.
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Q8Hh9u2o9b2yQ1KkQG0rHk5Sg3n8o1Gm1yQ2cT3rJ5c";
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY, false),
    };
    let ok = PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    });
    ok && real
}

/// A new random token of 256 bits, URL-safe.
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub use app::ssr::tokens::token_hash;

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
    let token = cookie(headers, SESSION_COOKIE)?;
    state
        .store
        .session_account(&token_hash(&token), Utc::now())
        .await
        .ok()
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
/// the anti-forgery cookie on the answer.
pub async fn viewer_middleware(
    State(state): State<AppState>,
    token: CsrfToken,
    mut req: Request,
    next: Next,
) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let account = current_account(&state, req.headers()).await;
    let csrf = token.authenticity_token().unwrap_or_default();
    req.extensions_mut().insert(Viewer { account, csrf });
    let response = next.run(req).await;
    (token, response).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("una contraseña larga").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("una contraseña larga", Some(&hash)));
        assert!(!verify_password("otra contraseña larga", Some(&hash)));
        assert!(!verify_password("una contraseña larga", None));
        assert!(!verify_password("x", Some("not a hash")));
    }

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
