//! What the database keeps of a secret token: its SHA-256, so a leaked table opens nothing.

use sha2::{Digest, Sha256};

/// The hex SHA-256 of a token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new random token of 256 bits, URL-safe base64 without padding: sessions, manage links,
/// password links, kept form input.
#[must_use]
pub fn new_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh random id (256 bits, hex), such as a form's one-time id.
#[must_use]
pub fn random_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The personal-feed token of a registration: derived from its manage token and how many times
/// it was replaced, so the manage page can show it again although only hashes are stored, and
/// replacing it (a new `generation`) makes the old address useless.
#[must_use]
pub fn feed_token(manage_token: &str, generation: i64) -> String {
    token_hash(&format!("enlace-feed:{generation}:{manage_token}"))
}

/// The stored name of a registration form's one-time id.
#[must_use]
pub fn submission_hash(nonce: &str) -> String {
    token_hash(&format!("enlace-submission:{nonce}"))
}

/// The [`Sealer`](super::seal::Sealer) context of the manage token kept for a registration form's
/// one-time id: only a post of that same form opens it.
#[must_use]
pub fn submission_context(nonce: &str) -> String {
    format!("submission:{nonce}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_tokens_change_with_their_generation() {
        let a = feed_token("t", 0);
        assert_eq!(a.len(), 64);
        assert_eq!(a, feed_token("t", 0));
        assert_ne!(a, feed_token("t", 1));
        assert_ne!(a, feed_token("u", 0));
    }
}
