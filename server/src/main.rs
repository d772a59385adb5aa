//! The `enlace` binary: a thin shim over the server library.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::startup::run().await
}
