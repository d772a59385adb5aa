//! The retention task: at start and then every hour, erases the personal data of the
//! registrations whose event ended longer ago than `ENLACE_RETENTION_DAYS` (through the use case
//! [`app::usecase::personal_data::retention_pass`], which keeps counts per delegation and writes
//! one audit line per event). Each erasure is one locked transaction, so several servers on one
//! database may run it at the same time: what one erased, the others find gone.

use std::time::Duration;

use app::usecase::Deps;
use app::usecase::personal_data::retention_pass;

/// How often the pass runs after the first one, at start.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the task on the current runtime; it runs as long as the runtime does.
pub fn spawn(deps: Deps, days: u32) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            // The first tick completes at once: the first pass runs at start.
            tick.tick().await;
            run_once(&deps, days).await;
        }
    });
}

/// One pass, logged with counts only.
async fn run_once(deps: &Deps, days: u32) {
    match retention_pass(deps, days, chrono::Utc::now()).await {
        Ok(report) if report.registrations > 0 => tracing::info!(
            events = report.events,
            registrations = report.registrations,
            retention_days = days,
            "personal data erased under the retention policy"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "the retention pass failed"),
    }
}
