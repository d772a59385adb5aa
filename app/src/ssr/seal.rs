//! Sealing short texts the server keeps and reads back (a form's manage token, a queued mail's
//! body): XChaCha20-Poly1305 from RustCrypto, an authenticated cipher, with a random 24-byte nonce
//! kept with the ciphertext. The key is derived from the site secret and, with HKDF, from the
//! text's *context* (what it belongs to, e.g. `submission:<form id>`), which is also its
//! associated data: a sealed text opens only with the same secret and the same context, and any
//! change to it is detected.
//!
//! Format: `v1.` then URL-safe base64 (no padding) of the nonce followed by the ciphertext and tag.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;

use super::secret::SiteSecret;

/// The version prefix of sealed texts.
const PREFIX: &str = "v1.";
/// XChaCha20's nonce length.
const NONCE_LEN: usize = 24;
/// The site-secret purpose of the sealing key.
const PURPOSE: &str = "seal";

/// Seals and opens texts with a key derived from the site secret. Cheap to clone.
#[derive(Clone)]
pub struct Sealer {
    keys: Hkdf<Sha256>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(***)")
    }
}

impl Sealer {
    /// The sealer of the site whose secret is `secret`.
    #[must_use]
    pub fn new(secret: &SiteSecret) -> Self {
        let master = secret.derive::<32>(PURPOSE);
        Self {
            keys: Hkdf::<Sha256>::new(None, &master),
        }
    }

    fn cipher(&self, context: &str) -> XChaCha20Poly1305 {
        let mut key = [0u8; 32];
        if self
            .keys
            .expand(format!("enlace-seal-v1:{context}").as_bytes(), &mut key)
            .is_err()
        {
            unreachable!("a 32-byte HKDF output is within its limit");
        }
        XChaCha20Poly1305::new(&key.into())
    }

    /// `plaintext` sealed for `context`.
    #[must_use]
    pub fn seal(&self, plaintext: &str, context: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        let Ok(sealed) = self.cipher(context).encrypt(&nonce, payload) else {
            unreachable!("XChaCha20-Poly1305 encrypts any text of reasonable size");
        };
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    /// What [`seal`](Self::seal) sealed for `context`; `None` when it was sealed for another
    /// context or with another secret, changed in any way, or is not a sealed text at all.
    #[must_use]
    pub fn open(&self, sealed: &str, context: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        let plain = self
            .cipher(context)
            .decrypt(XNonce::from_slice(nonce), payload)
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(secret: &str) -> Sealer {
        Sealer::new(&SiteSecret::new(secret).unwrap())
    }

    const TOKEN: &str = "abcDEF0123456789_-abcDEF0123456789_-abcDEFg";

    #[test]
    fn a_sealed_text_opens_with_its_secret_and_context() {
        let s = sealer(&"k".repeat(40));
        let sealed = s.seal(TOKEN, "submission:nonce-1");
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains(TOKEN));
        assert_eq!(
            s.open(&sealed, "submission:nonce-1").as_deref(),
            Some(TOKEN)
        );
        // Another server with the same secret opens it too.
        assert_eq!(
            sealer(&"k".repeat(40))
                .open(&sealed, "submission:nonce-1")
                .as_deref(),
            Some(TOKEN)
        );
        // A fresh nonce each time: the same text never seals the same way twice.
        assert_ne!(sealed, s.seal(TOKEN, "submission:nonce-1"));
        assert_eq!(s.open(&s.seal("", "c"), "c").as_deref(), Some(""));
    }

    #[test]
    fn tampering_a_wrong_context_or_a_wrong_key_opens_nothing() {
        let s = sealer(&"k".repeat(40));
        let sealed = s.seal(TOKEN, "submission:nonce-1");
        assert_eq!(s.open(&sealed, "submission:nonce-2"), None, "wrong context");
        assert_eq!(s.open(&sealed, ""), None, "no context");
        assert_eq!(
            sealer(&"j".repeat(40)).open(&sealed, "submission:nonce-1"),
            None,
            "wrong key"
        );
        let raw = URL_SAFE_NO_PAD
            .decode(sealed.strip_prefix("v1.").unwrap())
            .unwrap();
        for i in 0..raw.len() {
            let mut flipped = raw.clone();
            flipped[i] ^= 0x01;
            let tampered = format!("v1.{}", URL_SAFE_NO_PAD.encode(&flipped));
            assert_eq!(s.open(&tampered, "submission:nonce-1"), None, "byte {i}");
        }
        let truncated = format!("v1.{}", URL_SAFE_NO_PAD.encode(&raw[..raw.len() - 1]));
        assert_eq!(s.open(&truncated, "submission:nonce-1"), None);
        for junk in ["", "v1.", "v1.!!", "v2.AAAA", "zz", &sealed[3..]] {
            assert_eq!(s.open(junk, "submission:nonce-1"), None, "{junk}");
        }
    }
}
