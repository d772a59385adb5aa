//! The site secret and the keys derived from it: one secret per site (`ENLACE_SECRET`, or one
//! generated once and kept in the database), and from it, with HKDF-SHA256 and a distinct label
//! per purpose, every key the server uses (the anti-forgery cookie key and salt, the sealing key).
//! A key for one purpose says nothing about the keys for the others.

use hkdf::Hkdf;
use sha2::Sha256;

/// The fewest characters a site secret may have.
pub const MIN_SECRET_CHARS: usize = 32;

/// The HKDF salt: fixed, so that the same secret gives the same keys on every server.
const SALT: &[u8] = b"enlace/site-secret/v1";

/// Why a secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Fewer than [`MIN_SECRET_CHARS`] characters (or only blanks).
    #[error("the secret must have at least {MIN_SECRET_CHARS} characters (it has {0})")]
    TooShort(usize),
}

/// The site secret, from which every key is derived. Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct SiteSecret {
    hkdf: Hkdf<Sha256>,
}

impl std::fmt::Debug for SiteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SiteSecret(***)")
    }
}

impl SiteSecret {
    /// The secret `text` (as set in `ENLACE_SECRET`, or as kept in the database).
    ///
    /// # Errors
    /// `TooShort` with fewer than [`MIN_SECRET_CHARS`] characters once blanks are trimmed.
    pub fn new(text: &str) -> Result<Self, SecretError> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars < MIN_SECRET_CHARS {
            return Err(SecretError::TooShort(chars));
        }
        Ok(Self {
            hkdf: Hkdf::<Sha256>::new(Some(SALT), text.as_bytes()),
        })
    }

    /// A new random secret: 256 bits, URL-safe base64 (43 characters).
    #[must_use]
    pub fn generate() -> String {
        super::tokens::new_token()
    }

    /// The `N`-byte key for `purpose` (a fixed label such as `"csrf-cookie"`, one per use).
    #[must_use]
    pub fn derive<const N: usize>(&self, purpose: &str) -> [u8; N] {
        let mut key = [0u8; N];
        // HKDF-SHA256 gives up to 255 × 32 bytes; every key here is far shorter.
        if self.hkdf.expand(purpose.as_bytes(), &mut key).is_err() {
            unreachable!("HKDF output of {N} bytes is within its limit");
        }
        key
    }

    /// The key for `purpose` as lowercase hex (for APIs that take text).
    #[must_use]
    pub fn derive_hex<const N: usize>(&self, purpose: &str) -> String {
        self.derive::<N>(purpose)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "an example site secret of enough length 0123456789";

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(
            SiteSecret::new("too short").unwrap_err(),
            SecretError::TooShort(9)
        );
        assert!(SiteSecret::new(&" ".repeat(40)).is_err());
        assert!(SiteSecret::new(&"x".repeat(32)).is_ok());
        assert_eq!(SiteSecret::generate().len(), 43);
        assert!(SiteSecret::new(&SiteSecret::generate()).is_ok());
    }

    #[test]
    fn keys_are_stable_per_secret_and_distinct_per_purpose() {
        let a = SiteSecret::new(A).unwrap();
        let again = SiteSecret::new(A).unwrap();
        let b = SiteSecret::new(&format!("{A}!")).unwrap();
        assert_eq!(a.derive::<32>("csrf"), again.derive::<32>("csrf"));
        assert_ne!(a.derive::<32>("csrf"), a.derive::<32>("seal"));
        assert_ne!(a.derive::<32>("csrf"), b.derive::<32>("csrf"));
        assert_eq!(a.derive::<64>("csrf").len(), 64);
        assert_eq!(a.derive_hex::<16>("x").len(), 32);
        assert_eq!(format!("{a:?}"), "SiteSecret(***)");
    }
}
