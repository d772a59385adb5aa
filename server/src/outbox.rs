//! The outbox's sender: a task that delivers the mail the use cases queued in the database. It
//! wakes at once when mail is queued here ([`Notify`]) and also looks every few seconds (mail
//! queued by another server on the same database, retries coming due). Each round claims due rows
//! with a lease, so several servers never send the same row, sends them one by one, and records
//! the outcome: sent (the body, which holds private links, is erased), or failed and tried again
//! after a growing wait ([`app::domain::outbox::retry_delay`]), or given up after
//! [`app::domain::outbox::MAX_ATTEMPTS`]. On start it first tries every pending row at once, so
//! mail that failed under a wrong SMTP setting goes out as soon as the fixed server starts.
//! While the database cannot be reached the sender waits longer between rounds ([`backoff`]).

use std::sync::Arc;
use std::time::Duration;

use app::domain::outbox::retry_delay;
use app::ssr::QueuedMail;
use app::ssr::store::DynStore;
use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::mail::Mailer;

/// How often the sender looks for due mail when nothing woke it.
pub const POLL: Duration = Duration::from_secs(5);

/// The longest wait between rounds while the queue cannot be read.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How long the sender waits after `failures` rounds in a row could not read the queue:
/// [`POLL`], doubled each time, at most [`MAX_BACKOFF`] (a database that is down is not asked
/// in a tight loop, and one that is back is asked again within a minute; mail queued meanwhile
/// wakes the sender at once).
#[must_use]
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    POLL.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

/// How many rows one round claims.
const BATCH: u32 = 20;

/// How long a claimed row stays the claimer's (more than a batch of SMTP time-outs, 60 s each,
/// needs: a sender that died lets its rows go after this).
const LEASE: chrono::Duration = chrono::Duration::minutes(30);

/// Longest error text kept for the hosts' list.
const MAX_ERROR: usize = 500;

/// The sender: the store it reads, the transport it sends with, and what wakes it.
#[derive(Clone)]
pub struct Outbox {
    /// The store holding the queue.
    pub store: DynStore,
    /// SMTP, or the log.
    pub mailer: Arc<Mailer>,
    /// Notified when mail was queued.
    pub wake: Arc<Notify>,
}

impl Outbox {
    /// Runs the sender in the background until the process ends.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move { self.run().await })
    }

    async fn run(self) {
        // First every pending row, due or not: a restart is how a fixed SMTP setting arrives.
        match self.store.retry_pending_now(Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(pending = n, "mail outbox: retrying pending mail now"),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "mail outbox: could not read the queue");
            }
        }
        // Rounds in a row that could not reach the queue (the database is down): each waits
        // longer, up to a minute, and only the first is logged as an error.
        let mut failures: u32 = 0;
        loop {
            let wait = match self.send_due(Utc::now()).await {
                // Some were claimed: there may be more.
                Ok(claimed) if claimed > 0 => {
                    failures = 0;
                    continue;
                }
                Ok(_) => {
                    failures = 0;
                    POLL
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let wait = backoff(failures);
                    let error = format!("{e:#}");
                    if failures == 1 {
                        tracing::error!(%error, "mail outbox: could not read the queue");
                    } else {
                        tracing::warn!(%error, failures, retry_in = ?wait, "mail outbox: still cannot read the queue");
                    }
                    wait
                }
            };
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One round: claims the rows due at `now` and tries each; returns how many were claimed.
    ///
    /// # Errors
    /// When the store cannot be read or written.
    pub async fn send_due(&self, now: DateTime<Utc>) -> app::ssr::StoreResult<usize> {
        let claimed = self.store.claim_mail(now, now + LEASE, BATCH).await?;
        let n = claimed.len();
        for queued in claimed {
            self.try_one(queued).await?;
        }
        Ok(n)
    }

    async fn try_one(&self, queued: QueuedMail) -> app::ssr::StoreResult<()> {
        let attempts = queued.attempts.saturating_add(1);
        match self.mailer.send(&queued.mail).await {
            Ok(()) => self.store.mail_sent(queued.id, Utc::now()).await,
            Err(e) => {
                let error: String = format!("{e:#}").chars().take(MAX_ERROR).collect();
                let retry_at = retry_delay(attempts).map(|d| Utc::now() + d);
                if retry_at.is_some() {
                    tracing::warn!(id = queued.id, attempts, %error, "could not send mail; will retry");
                } else {
                    tracing::error!(id = queued.id, attempts, %error, "could not send mail; given up");
                }
                self.store
                    .mail_failed(queued.id, attempts, &error, retry_at)
                    .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_out_of_reach_is_asked_less_and_less_often() {
        let waits: Vec<u64> = (1..=6).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60]);
        assert_eq!(backoff(0), POLL);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }
}
