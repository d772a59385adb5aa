//! Passwords: hashed with Argon2id and a random salt (PHC strings), checked in constant work.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password with Argon2id and a random salt (PHC string).
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
}
