//! The PostgreSQL backend, for deployments that outgrow one machine.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

use super::rows::Sql;

/// A store in a PostgreSQL database.
pub struct PgStore {
    pool: PgPool,
    sql: Sql,
    locking: super::registrations::Locking,
    /// Unused: PostgreSQL's row lock is enough.
    write_gate: Option<tokio::sync::Mutex<()>>,
}

impl PgStore {
    /// Connects to `url` and applies `migrations/postgres`.
    ///
    /// # Errors
    /// When the server cannot be reached or the migrations fail.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        Ok(Self {
            pool,
            sql: Sql::new("string_agg(c.country, ',' order by c.country)"),
            locking: super::registrations::POSTGRES_LOCKING,
            write_gate: None,
        })
    }
}

super::impl_store!(PgStore);
super::impl_registration_store!(PgStore, sqlx::Postgres);
