//! Signing in and out. Repeated failures for one address lock it for a while: the failures are
//! counted in the database (so every instance and restart sees them) under a hash of the address,
//! the same way whether or not an account has it, so the lockout tells nobody which addresses
//! have accounts.

use chrono::{DateTime, Duration, Utc};

use crate::domain::Email;
use crate::msg::Msg;
use crate::ssr::passwords::{Argon2Pool, Passwords};
use crate::ssr::tokens::{new_token, token_hash};

use super::super::{Deps, Outcome, Refusal};

/// Failed sign-ins for one address within [`WINDOW_MINUTES`] that lock it.
pub const MAX_FAILURES: i64 = 10;

/// The window in which [`MAX_FAILURES`] failures lock an address, in minutes.
pub const WINDOW_MINUTES: i64 = 15;

/// How long a locked address stays locked, in minutes (a new password lifts it at once).
pub const LOCK_MINUTES: i64 = 15;

/// The key failures of `email` (normalised) are counted under: no address is stored.
fn lock_key(email: &Email) -> String {
    token_hash(&format!("enlace-sign-in:{}", email.as_str()))
}

/// The refusal of a locked address, saying how it recovers.
fn locked() -> Refusal {
    Refusal::Rejected(Msg::SignInLocked {
        minutes: LOCK_MINUTES,
    })
}

/// Signs in: a live session for the account with this email and password, stored for
/// `lifetime`. Returns the session's secret token (the cookie's value).
///
/// # Errors
/// `Rejected(SignInFailed)` for a wrong email or password or a disabled account (one answer for
/// all, so nobody learns which emails have accounts); `Rejected(SignInLocked)` once an address
/// failed [`MAX_FAILURES`] times in [`WINDOW_MINUTES`] minutes, for [`LOCK_MINUTES`] minutes,
/// with or without an account, and without checking the password; `Internal` when the lockout
/// could not be read or the session could not be stored.
pub async fn sign_in(
    deps: &Deps,
    email: &str,
    password: &str,
    lifetime: Duration,
) -> Outcome<String> {
    let now = Utc::now();
    let email = Email::parse(email).ok();
    let key = email.as_ref().map(lock_key);
    if let Some(key) = &key
        && deps
            .store
            .sign_in_locked_until(key, now)
            .await
            .map_err(Refusal::Internal)?
            .is_some()
    {
        return Err(locked());
    }
    let found = match &email {
        Some(email) => deps.store.account_by_email(email.as_str()).await.ok(),
        None => None,
    };
    let (account, hash) = match found {
        Some((account, hash)) => (Some(account), hash),
        None => (None, None),
    };
    // The password is checked even without an account, in the same time.
    let ok = Argon2Pool.verify(password, hash.as_deref()).await
        && account.as_ref().is_some_and(|a| !a.disabled);
    let Some(account) = account.filter(|_| ok) else {
        return Err(match &key {
            Some(key) => failed(deps, key, now).await,
            None => Refusal::Rejected(Msg::SignInFailed),
        });
    };
    if let Some(key) = &key
        && let Err(e) = deps.store.clear_sign_in_failures(key).await
    {
        leptos::logging::error!("forgetting failed sign-ins: {e:#}");
    }
    let session = new_token();
    deps.store
        .create_session(&token_hash(&session), account.id, now, now + lifetime)
        .await
        .map_err(Refusal::Internal)?;
    Ok(session)
}

/// Counts a failure of `key`, locking it at the [`MAX_FAILURES`]th; the refusal to give.
async fn failed(deps: &Deps, key: &str, now: DateTime<Utc>) -> Refusal {
    let window_ends = now + Duration::minutes(WINDOW_MINUTES);
    match deps
        .store
        .record_sign_in_failure(key, now, window_ends)
        .await
    {
        Ok(failures) if failures >= MAX_FAILURES => {
            let until = now + Duration::minutes(LOCK_MINUTES);
            match deps.store.lock_sign_in(key, until).await {
                Ok(()) => return locked(),
                Err(e) => leptos::logging::error!("locking sign-in: {e:#}"),
            }
        }
        Ok(_) => {}
        Err(e) => leptos::logging::error!("counting a failed sign-in: {e:#}"),
    }
    Refusal::Rejected(Msg::SignInFailed)
}

/// Lifts a lockout of `email` (its account chose a new password through a one-time link).
pub(super) async fn unlock(deps: &Deps, email: &str) {
    let Ok(email) = Email::parse(email) else {
        return;
    };
    if let Err(e) = deps.store.clear_sign_in_failures(&lock_key(&email)).await {
        leptos::logging::error!("lifting a sign-in lockout: {e:#}");
    }
}

/// Signs out: ends the session whose token the cookie carried, if any. Never fails: a session
/// already gone is signed out too.
pub async fn sign_out(deps: &Deps, session: Option<&str>) {
    if let Some(session) = session
        && let Err(e) = deps.store.delete_session(&token_hash(session)).await
    {
        leptos::logging::error!("ending a session: {e:#}");
    }
}
