//! The two store backends and what they share: row mapping, SQL, and the `Store` implementation
//! written once as a macro over the pool type (no trait-bound soup, no `sqlx::Any`).

pub mod postgres;
pub mod rows;
pub mod sqlite;

use std::sync::Arc;

use anyhow::Context;
use app::ssr::StoreError;
use app::ssr::store::DynStore;

use crate::config::Settings;

/// Opens the store named by the settings' `DATABASE_URL` and applies its migrations.
///
/// # Errors
/// When the database cannot be reached, created or migrated.
pub async fn connect(settings: &Settings) -> anyhow::Result<DynStore> {
    let url = settings.database_url.as_str();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(
            postgres::PgStore::connect(url)
                .await
                .context("opening PostgreSQL")?,
        ))
    } else if url.starts_with("sqlite:") {
        if let Some(dir) = settings.sqlite_dir().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        Ok(Arc::new(
            sqlite::SqliteStore::connect(url)
                .await
                .context("opening SQLite")?,
        ))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
    }
}

/// Maps sqlx errors: missing rows to `NotFound`, unique violations to `Conflict`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
            db.constraint()
                .map_or_else(|| db.message().to_owned(), str::to_owned),
        ),
        other => StoreError::Other(other.into()),
    }
}

/// Implements `Store` for a backend struct holding `pool: sqlx::Pool<$db>` and `sql: rows::Sql`.
macro_rules! impl_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl app::ssr::Store for $store {
            async fn ping(&self) -> app::ssr::StoreResult<()> {
                sqlx::query("select 1").execute(&self.pool).await.map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn count_events(&self) -> app::ssr::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("select count(*) from events")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(n)
            }

            async fn list_events(
                &self,
                query: app::ssr::EventQuery,
            ) -> app::ssr::StoreResult<Vec<app::domain::Event>> {
                use app::ssr::EventQuery;
                use $crate::db::rows::EventRow;
                let sql = &self.sql;
                let rows: Vec<EventRow> = match query {
                    EventQuery::Upcoming { now, limit } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.upcoming.clone()))
                            .bind(now.timestamp())
                            .bind(i64::from(limit))
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::Past { now, limit } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.past.clone()))
                            .bind(now.timestamp())
                            .bind(i64::from(limit))
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::Days { first, last } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.days.clone()))
                            .bind(first.to_string())
                            .bind(last.to_string())
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::All => sqlx::query_as(sqlx::AssertSqlSafe(sql.all.clone())).fetch_all(&self.pool).await,
                }
                .map_err($crate::db::map_err)?;
                rows.into_iter().map(EventRow::into_event).collect()
            }

            async fn event_by_slug(&self, slug: &str) -> app::ssr::StoreResult<app::domain::Event> {
                let row: $crate::db::rows::EventRow = sqlx::query_as(sqlx::AssertSqlSafe(self.sql.by_slug.clone()))
                    .bind(slug)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                row.into_event()
            }

            async fn create_event(
                &self,
                slug: &str,
                uid: &str,
                details: &app::domain::EventDetails,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::Event> {
                let cols = $crate::db::rows::EventColumns::from_details(details)?;
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                let (id,): (i64,) = sqlx::query_as($crate::db::rows::INSERT_EVENT)
                    .bind(slug)
                    .bind(uid)
                    .bind(cols.host)
                    .bind(&details.city)
                    .bind(&details.venue)
                    .bind(details.tz.name())
                    .bind(details.kind.code())
                    .bind(&details.title.es)
                    .bind(&details.title.en)
                    .bind(&details.description.es)
                    .bind(&details.description.en)
                    .bind(details.status.code())
                    .bind(details.capacity.map(i64::from))
                    .bind(cols.precision)
                    .bind(&cols.start_date)
                    .bind(&cols.end_date)
                    .bind(&cols.start_time)
                    .bind(&cols.end_time)
                    .bind(cols.starts_at)
                    .bind(cols.ends_at)
                    .bind(now.timestamp())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                for country in &details.cohosts {
                    sqlx::query("insert into event_cohosts (event_id, country) values ($1, $2)")
                        .bind(id)
                        .bind(country.code())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                }
                tx.commit().await.map_err($crate::db::map_err)?;
                self.event_by_slug(slug).await
            }

            async fn claim_once(
                &self,
                key: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<bool> {
                let done = sqlx::query("insert into app_meta (key, value) values ($1, $2) on conflict (key) do nothing")
                    .bind(key)
                    .bind(now.to_rfc3339())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn last_change(&self) -> app::ssr::StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
                let (max,): (Option<i64>,) = sqlx::query_as("select max(updated_at) from events")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(max.and_then(|s| chrono::DateTime::from_timestamp(s, 0)))
            }
        }
    };
}

pub(crate) use impl_store;
