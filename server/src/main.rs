//! The `enlace` binary: a thin shim over the server library.

use std::time::Duration;

/// How long the tasks still running after the server stopped (a blocking call, a stuck worker)
/// may hold the exit.
const EXIT_GRACE: Duration = Duration::from_secs(5);

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(server::startup::run());
    // Dropping the runtime would wait for every worker without end.
    runtime.shutdown_timeout(EXIT_GRACE);
    result
}
