//! The e-mail digest's periodic work, spawned at start: every [`EVERY`] it sends the weekly
//! digest once its slot has passed (the secretariat's day and hour in the region's zone; one per
//! week even with several servers, since the week's key and its mail are written in one
//! transaction), sends the reminders of commitments' due dates, and writes the change log's
//! "falls due" entries ([`app::usecase::digest`]). The end-to-end tests call [`run_once`] with
//! the instant they choose: production has no way to set it.

pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use app::usecase::Deps;
use app::usecase::digest::{ReminderReport, WeeklyReport, send_reminders, send_weekly};
use chrono::{DateTime, Utc};

/// How often the digest and the reminders are looked at.
pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// One round at `now`: the week's digest if due, then the reminders. Each part's failure is
/// logged and leaves the other to run.
pub async fn run_once(
    deps: &Deps,
    base: &str,
    now: DateTime<Utc>,
) -> (Option<WeeklyReport>, Option<ReminderReport>) {
    let weekly = match send_weekly(deps, base, now).await {
        Ok(report) => {
            if let Some(key) = &report.claimed {
                tracing::info!(week = %key, queued = report.queued, "weekly digest queued");
            }
            if report.unopened > 0 {
                tracing::warn!(
                    skipped = report.unopened,
                    "digest subscriptions whose unsubscribe link was sealed under another site secret got no digest"
                );
            }
            Some(report)
        }
        Err(e) => {
            tracing::error!(error = %e, "could not send the weekly digest");
            None
        }
    };
    let reminders = match send_reminders(deps, base, now).await {
        Ok(report) => {
            if report.mailed > 0 || report.due_entries > 0 {
                tracing::info!(
                    mailed = report.mailed,
                    due_entries = report.due_entries,
                    "commitment reminders queued"
                );
            }
            Some(report)
        }
        Err(e) => {
            tracing::error!(error = %e, "could not send the commitment reminders");
            None
        }
    };
    (weekly, reminders)
}

/// Starts the rounds, the first right away; they run until the process ends.
pub fn spawn(deps: Deps, base: Arc<str>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            run_once(&deps, &base, Utc::now()).await;
        }
    })
}
