//! One-time password links: the page checks its link, the form sets the password through it, the
//! accounts page shows a link just issued. A link is checked (it exists, has not expired, was
//! neither used nor revoked) before anything is hashed, so a wrong link costs no Argon2.

use std::future::Future;

use chrono::{DateTime, Utc};

use crate::domain::access::Action;
use crate::domain::account::{Account, check_new_password};
use crate::flash::FlashError;
use crate::ssr::passwords::{Argon2Pool, Passwords};
use crate::ssr::tokens::token_hash;
use crate::ssr::{StoreError, StoreResult};

use super::super::access::{Target, authorize};
use super::super::{Deps, Outcome, Refusal};
use super::IssuedLink;

/// What setting a password needs of the store (a narrow port, so its order can be tested).
pub(super) trait LinkStore: Send + Sync {
    /// The account of a live link.
    fn live_link(
        &self,
        hash: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = StoreResult<i64>> + Send;

    /// Uses the link up and sets the password (see `Store::use_password_link`).
    fn use_link(
        &self,
        hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = StoreResult<i64>> + Send;
}

impl LinkStore for Deps {
    async fn live_link(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<i64> {
        self.store.password_link_account(hash, now).await
    }

    async fn use_link(
        &self,
        hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.store.use_password_link(hash, password_hash, now).await
    }
}

/// Whether a one-time link is live (the password page shows its form only then).
///
/// # Errors
/// `NotFound` when the link is unknown, used, revoked or expired; the store's failure.
pub async fn link_is_live(deps: &Deps, link: &str) -> Outcome<()> {
    deps.store
        .password_link_account(&token_hash(link), Utc::now())
        .await?;
    Ok(())
}

/// The link just issued whose token the secretariat's browser holds (the accounts page shows it
/// once, and no copy of it is kept on the server), if it is still live.
///
/// # Errors
/// `SignInRequired`, `Forbidden`, `NotFound` when the link is not live any more.
pub async fn issued_link(deps: &Deps, viewer: Option<&Account>, link: &str) -> Outcome<IssuedLink> {
    authorize(viewer, Target::Region, Action::ManageAccounts)?;
    let id = deps
        .store
        .password_link_account(&token_hash(link), Utc::now())
        .await?;
    let account = deps.store.account_by_id(id).await?;
    Ok(IssuedLink {
        email: account.email,
        token: link.to_owned(),
    })
}

/// Sets the password of the account a one-time link is for, using the link up; the account's
/// other links are revoked, every session of it ends, and a sign-in lockout of its address is
/// lifted. The setter then signs in with the new password.
///
/// # Errors
/// `NotFound` when the link is unknown, used, revoked or expired (checked first, before any
/// hashing), `Invalid` (the password's problem, on the `password` field), `Internal` when
/// hashing failed.
pub async fn set_password(
    deps: &Deps,
    link: &str,
    password: &str,
    confirmation: &str,
) -> Outcome<()> {
    let now = Utc::now();
    let id = set_password_with(deps, &Argon2Pool, link, password, confirmation, now).await?;
    match deps.store.account_by_id(id).await {
        Ok(account) => super::sign_in::unlock(deps, &account.email).await,
        Err(e) => leptos::logging::error!("loading an account after its new password: {e:#}"),
    }
    Ok(())
}

/// The steps of [`set_password`], in their order: the link, the password's rules, the hash, the
/// store.
async fn set_password_with<L: LinkStore>(
    links: &L,
    passwords: &impl Passwords,
    link: &str,
    password: &str,
    confirmation: &str,
    now: DateTime<Utc>,
) -> Outcome<i64> {
    let hash = token_hash(link);
    links.live_link(&hash, now).await?;
    check_new_password(password, confirmation).map_err(|e| {
        Refusal::Invalid(vec![FlashError {
            field: "password".into(),
            es: e.message(crate::domain::Lang::Es),
            en: e.message(crate::domain::Lang::En),
        }])
    })?;
    let password_hash = passwords
        .hash(password)
        .await
        .map_err(|e| Refusal::Internal(StoreError::Other(anyhow::anyhow!("hashing: {e}"))))?;
    // Used up or revoked meanwhile: the same answer as a wrong link.
    links
        .use_link(&hash, &password_hash, now)
        .await
        .map_err(|_| Refusal::NotFound)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::ssr::passwords::PasswordError;

    /// Counts the hashes it is asked for.
    #[derive(Default)]
    struct Counting(AtomicUsize);

    impl Passwords for Counting {
        async fn hash(&self, password: &str) -> Result<String, PasswordError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(format!("hash of {password}"))
        }

        async fn verify(&self, _: &str, _: Option<&str>) -> bool {
            self.0.fetch_add(1, Ordering::SeqCst);
            false
        }
    }

    /// Links by hash: (account, expiry); the passwords set: (account, hash).
    #[derive(Default)]
    struct Kept {
        links: HashMap<String, (i64, DateTime<Utc>)>,
        set: Vec<(i64, String)>,
    }

    #[derive(Default)]
    struct Links(Mutex<Kept>);

    impl LinkStore for Links {
        async fn live_link(&self, hash: &str, now: DateTime<Utc>) -> StoreResult<i64> {
            let links = self.0.lock().unwrap();
            match links.links.get(hash) {
                Some((id, expires)) if *expires > now => Ok(*id),
                _ => Err(StoreError::NotFound),
            }
        }

        async fn use_link(&self, hash: &str, pw: &str, now: DateTime<Utc>) -> StoreResult<i64> {
            let id = self.live_link(hash, now).await?;
            let mut links = self.0.lock().unwrap();
            links.links.retain(|_, (account, _)| *account != id);
            links.set.push((id, pw.to_owned()));
            Ok(id)
        }
    }

    const GOOD: &str = "una contraseña larga";

    #[tokio::test]
    async fn a_wrong_or_expired_link_is_refused_before_anything_is_hashed() {
        let now = Utc::now();
        let links = Links::default();
        links
            .0
            .lock()
            .unwrap()
            .links
            .insert(token_hash("old"), (7, now - chrono::Duration::seconds(1)));
        let hasher = Counting::default();
        for link in ["wrong", "old", ""] {
            let refused = set_password_with(&links, &hasher, link, GOOD, GOOD, now).await;
            assert!(matches!(refused, Err(Refusal::NotFound)), "{link}");
            // Nor is a wrong link told apart by a password that breaks the rules.
            let refused = set_password_with(&links, &hasher, link, "corta", "corta", now).await;
            assert!(matches!(refused, Err(Refusal::NotFound)), "{link}");
        }
        assert_eq!(hasher.0.load(Ordering::SeqCst), 0, "nothing was hashed");
    }

    #[tokio::test]
    async fn a_live_link_hashes_once_and_works_once() {
        let now = Utc::now();
        let links = Links::default();
        let expires = now + chrono::Duration::days(7);
        links
            .0
            .lock()
            .unwrap()
            .links
            .insert(token_hash("good"), (7, expires));
        let hasher = Counting::default();
        let short = set_password_with(&links, &hasher, "good", "corta", "corta", now).await;
        assert!(matches!(short, Err(Refusal::Invalid(_))));
        assert_eq!(
            hasher.0.load(Ordering::SeqCst),
            0,
            "a refused password is not hashed"
        );
        let set = set_password_with(&links, &hasher, "good", GOOD, GOOD, now).await;
        assert_eq!(set.unwrap(), 7);
        assert_eq!(hasher.0.load(Ordering::SeqCst), 1);
        assert_eq!(
            links.0.lock().unwrap().set,
            [(7, format!("hash of {GOOD}"))]
        );
        let again = set_password_with(&links, &hasher, "good", GOOD, GOOD, now).await;
        assert!(matches!(again, Err(Refusal::NotFound)));
        assert_eq!(
            hasher.0.load(Ordering::SeqCst),
            1,
            "a used link hashes nothing"
        );
    }
}
