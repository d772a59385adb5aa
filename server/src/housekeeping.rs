//! The periodic clean-up, spawned at start: every `ENLACE_CLEANUP_SECONDS` it deletes expired
//! kept form input, expired sessions and the digest subscriptions left unconfirmed for 48 hours,
//! and prunes the rate limiters (so that neither the database nor the limiters' memory grows with
//! the clients that came and went); and tells the change log of registration deadlines within 7
//! days ([`crate::atom::deadlines`]).

use std::sync::Arc;
use std::time::Duration;

use app::ssr::store::DynStore;
use tokio::task::JoinHandle;

use crate::limits::Limits;

/// Runs one round: what expired is deleted, what no longer limits anyone is forgotten.
pub async fn run_once(store: &DynStore, limits: &Limits) {
    match store.delete_expired(chrono::Utc::now()).await {
        Ok(0) => {}
        Ok(gone) => tracing::debug!(gone, "expired kept input and sessions deleted"),
        Err(e) => tracing::warn!(error = %e, "could not delete expired kept input and sessions"),
    }
    let unconfirmed =
        chrono::Utc::now() - chrono::Duration::hours(app::domain::digest::CONFIRM_HOURS);
    match store.delete_unconfirmed(unconfirmed).await {
        Ok(0) => {}
        Ok(gone) => tracing::debug!(gone, "unconfirmed digest subscriptions deleted"),
        Err(e) => tracing::warn!(error = %e, "could not delete unconfirmed digest subscriptions"),
    }
    let keys = limits.prune();
    tracing::debug!(keys, "rate limiters pruned");
    match crate::atom::deadlines::run_once(store, chrono::Utc::now()).await {
        Ok(0) => {}
        Ok(told) => tracing::info!(told, "registration deadlines within 7 days told"),
        Err(e) => tracing::warn!(error = %e, "could not tell registration deadlines"),
    }
}

/// Starts the clean-up every `every`, the first round right away.
#[must_use]
pub fn spawn(store: DynStore, limits: Arc<Limits>, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            run_once(&store, &limits).await;
        }
    })
}
