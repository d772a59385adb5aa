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

fn keystream(nonce: &str, len: usize) -> Vec<u8> {
    (0u32..)
        .flat_map(|block| Sha256::digest(format!("enlace-seal:{block}:{nonce}").as_bytes()))
        .take(len)
        .collect()
}

/// Seals a manage token with a form's one-time id (which only the browser that sent the form
/// holds), for a form sent twice to find the first registration's manage page.
#[must_use]
pub fn seal(manage_token: &str, nonce: &str) -> String {
    let bytes = manage_token.as_bytes();
    bytes
        .iter()
        .zip(keystream(nonce, bytes.len()))
        .map(|(b, k)| format!("{:02x}", b ^ k))
        .collect()
}

/// Opens what [`seal`] sealed; `None` if it is not valid hex or not text.
#[must_use]
pub fn unseal(sealed: &str, nonce: &str) -> Option<String> {
    if !sealed.len().is_multiple_of(2) || !sealed.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..sealed.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&sealed[i..i + 2], 16).ok())
        .collect();
    let bytes = bytes?;
    let plain: Vec<u8> = bytes
        .iter()
        .zip(keystream(nonce, bytes.len()))
        .map(|(b, k)| b ^ k)
        .collect();
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_tokens_open_only_with_their_nonce() {
        let token = "abcDEF0123456789_-abcDEF0123456789_-abcDEFg";
        let sealed = seal(token, "nonce-1");
        assert_ne!(sealed, token);
        assert_eq!(unseal(&sealed, "nonce-1").as_deref(), Some(token));
        assert_ne!(unseal(&sealed, "nonce-2").as_deref(), Some(token));
        assert_eq!(unseal("zz", "nonce-1"), None);
    }

    #[test]
    fn feed_tokens_change_with_their_generation() {
        let a = feed_token("t", 0);
        assert_eq!(a.len(), 64);
        assert_eq!(a, feed_token("t", 0));
        assert_ne!(a, feed_token("t", 1));
        assert_ne!(a, feed_token("u", 0));
    }
}
