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
