//! The periodic release of expired holds (confirm mode): every `ENLACE_HOLD_SWEEP_SECONDS`
//! (60 s by default), each event with a hold that ran out is settled in one locked transaction:
//! the hold is released and its place given to the next person waiting, who is mailed. Seat
//! decisions never wait for this: each settles its own event first, and no expired hold counts
//! as a taken seat.

use std::time::Duration;

use app::usecase::Deps;
use tokio::task::JoinHandle;

/// Starts the periodic release; it runs until the process ends.
pub fn spawn(deps: Deps, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            match app::usecase::registrations::release_expired(&deps, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(moved) => tracing::info!(moved, "expired holds released, places given on"),
                Err(e) => tracing::error!(error = %e, "could not release expired holds"),
            }
        }
    })
}
