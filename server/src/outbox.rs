//! The outbox's sender: a task that delivers the mail the use cases queued in the database. It
//! wakes at once when mail is queued here ([`Notify`]) and also looks every few seconds (mail
//! queued by another server on the same database, retries coming due). Each round claims due rows
//! with a lease, so several servers never send the same row, sends them one by one, and records
//! the outcome: sent (the body, which holds private links, is erased), or failed and tried again
//! after a growing wait ([`app::domain::outbox::retry_delay`]), or given up after
//! [`app::domain::outbox::MAX_ATTEMPTS`]. On start it first tries every pending row at once, so
//! mail that failed under a wrong SMTP setting goes out as soon as the fixed server starts.
//! While the database cannot be reached the sender waits longer between rounds ([`backoff`]).
//!
//! When the server stops ([`Stop`]), the sender claims nothing more; the message being sent gets
//! [`STOP_GRACE`] to go out, and is otherwise abandoned, never recorded as sent nor as failed; it
//! and the rest of the round are given back (their lease ended), so the next start sends them at
//! once. A message abandoned while the SMTP server was already taking it may so go out twice,
//! never not at all.

use std::sync::Arc;
use std::time::Duration;

use app::domain::outbox::retry_delay;
use app::ssr::QueuedMail;
use app::ssr::store::DynStore;
use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};

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

/// How long the message being sent when the server stops gets to go out.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// Tells the sender to stop: set once, by the server's shutdown.
#[derive(Clone)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    /// A stop signal and the sender that sets it.
    #[must_use]
    pub fn new() -> (watch::Sender<bool>, Stop) {
        let (set, stop) = watch::channel(false);
        (set, Stop(stop))
    }

    /// Whether it is set (or can never be: its sender is gone).
    fn is_requested(&self) -> bool {
        *self.0.borrow() || self.0.has_changed().is_err()
    }

    /// Waits until it is set.
    async fn wait(&mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

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
    /// Runs the sender in the background until `stop` is set; the task ends once it has given
    /// back what it held.
    pub fn spawn(self, stop: Stop) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move { self.run(stop).await })
    }

    async fn run(self, mut stop: Stop) {
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
        while !stop.is_requested() {
            let wait = match self.send_due(Utc::now(), &mut stop).await {
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
                () = stop.wait() => {}
            }
        }
    }

    /// One round: claims the rows due at `now` and tries each until `stop` is set; returns how
    /// many were claimed. The rows it did not get to are given back.
    ///
    /// # Errors
    /// When the store cannot be read or written.
    pub async fn send_due(
        &self,
        now: DateTime<Utc>,
        stop: &mut Stop,
    ) -> app::ssr::StoreResult<usize> {
        let lease = now + LEASE;
        let claimed = self.store.claim_mail(now, lease, BATCH).await?;
        let n = claimed.len();
        let mut left = claimed.into_iter();
        while let Some(queued) = left.next() {
            let id = queued.id;
            if stop.is_requested() || !self.try_one(queued, stop).await? {
                let ids: Vec<i64> = std::iter::once(id).chain(left.map(|q| q.id)).collect();
                tracing::info!(
                    left = ids.len(),
                    "mail outbox: stopping; the mail not sent yet stays queued"
                );
                self.store.release_mail(&ids, lease).await?;
                break;
            }
        }
        Ok(n)
    }

    /// Sends one message and records the outcome; `false` when `stop` came and the message did
    /// not go out within [`STOP_GRACE`] (nothing is recorded then).
    async fn try_one(&self, queued: QueuedMail, stop: &mut Stop) -> app::ssr::StoreResult<bool> {
        let attempts = queued.attempts.saturating_add(1);
        let abandon = async {
            stop.wait().await;
            tokio::time::sleep(STOP_GRACE).await;
        };
        let sent = tokio::select! {
            sent = self.mailer.send(&queued.mail) => sent,
            () = abandon => return Ok(false),
        };
        match sent {
            Ok(()) => self.store.mail_sent(queued.id, Utc::now()).await?,
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
                    .await?;
            }
        }
        Ok(true)
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
