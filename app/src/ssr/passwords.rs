//! Passwords: hashed with Argon2id and a random salt (PHC strings), checked in constant work, on
//! tokio's blocking threads and a few at a time, so that a burst of sign-ins neither starves the
//! async runtime nor takes the memory of many hashes at once (19 MiB each).

use std::future::Future;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use tokio::sync::Semaphore;

/// How many Argon2 hashes or checks run at once (the machine's 2 cores); the others wait.
pub const ARGON2_AT_ONCE: usize = 2;

/// The permits of [`ARGON2_AT_ONCE`], shared by every request of the process.
static PERMITS: Semaphore = Semaphore::const_new(ARGON2_AT_ONCE);

/// Hashes a password with Argon2id and a random salt (PHC string), on the calling thread (the
/// command line; requests go through [`Argon2Pool`]).
///
/// # Errors
/// When hashing fails (it does not for valid parameters).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let salt = SaltString::encode_b64(&bytes)?;
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

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Argon2 refused (it does not for valid parameters).
    #[error("hashing failed: {0}")]
    Hash(String),
    /// The blocking task did not finish (the runtime is shutting down).
    #[error("the hashing task did not finish")]
    Unavailable,
}

/// How the use cases hash and check passwords: [`Argon2Pool`] in the server; a counting fake in
/// tests that check what is hashed when.
pub trait Passwords: Send + Sync {
    /// Hashes a new password (PHC string).
    fn hash(&self, password: &str) -> impl Future<Output = Result<String, PasswordError>> + Send;

    /// Whether `password` matches `stored`; without a stored hash, spends one check's work and
    /// says no.
    fn verify(&self, password: &str, stored: Option<&str>) -> impl Future<Output = bool> + Send;
}

/// Argon2id on tokio's blocking threads, at most [`ARGON2_AT_ONCE`] at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Argon2Pool;

/// Runs `work` on a blocking thread once one of the [`PERMITS`] is free.
async fn off_the_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PasswordError> {
    let _permit = PERMITS
        .acquire()
        .await
        .map_err(|_| PasswordError::Unavailable)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| PasswordError::Unavailable)
}

impl Passwords for Argon2Pool {
    async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let password = password.to_owned();
        off_the_runtime(move || hash_password(&password))
            .await?
            .map_err(|e| PasswordError::Hash(e.to_string()))
    }

    async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let password = password.to_owned();
        let stored = stored.map(str::to_owned);
        off_the_runtime(move || verify_password(&password, stored.as_deref()))
            .await
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_pool_hashes_and_checks_off_the_runtime() {
        let hash = Argon2Pool.hash("una contraseña larga").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(Argon2Pool.verify("una contraseña larga", Some(&hash)).await);
        assert!(!Argon2Pool.verify("otra", Some(&hash)).await);
        assert!(!Argon2Pool.verify("una contraseña larga", None).await);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_check_waits_while_every_permit_is_taken() {
        let hash = hash_password("una contraseña larga").unwrap();
        let held = PERMITS.acquire_many(ARGON2_AT_ONCE as u32).await.unwrap();
        let check =
            tokio::spawn(
                async move { Argon2Pool.verify("una contraseña larga", Some(&hash)).await },
            );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert!(!check.is_finished(), "no permit was free, yet it ran");
        drop(held);
        assert!(check.await.unwrap());
    }
}
