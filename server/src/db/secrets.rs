//! The site secret kept in the database (when `ENLACE_SECRET` is not set), and a look at a
//! connection's session settings.

use app::ssr::StoreResult;

use super::{SqlStore, map_err};

impl SqlStore {
    /// The secret called `name`: the one already kept, or else `candidate`, kept now. Two servers
    /// starting at once on one database agree: the insert does nothing when a row is there, and
    /// both then read the row that won.
    ///
    /// # Errors
    /// When the database cannot be written or read.
    pub async fn site_secret(&self, name: &str, candidate: &str) -> StoreResult<String> {
        sqlx::query(
            "insert into site_secrets (name, value) values ($1, $2) on conflict (name) do nothing",
        )
        .bind(name)
        .bind(candidate)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        sqlx::query_scalar("select value from site_secrets where name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }

    /// A PostgreSQL session setting as a pooled connection has it (e.g. `statement_timeout`);
    /// `None` on SQLite, which has no such settings.
    ///
    /// # Errors
    /// When the database cannot be read, or has no such setting.
    pub async fn session_setting(&self, name: &str) -> StoreResult<Option<String>> {
        if self.dialect != super::Dialect::Postgres {
            return Ok(None);
        }
        sqlx::query_scalar("select current_setting($1)")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map(Some)
            .map_err(map_err)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Dialect;
    use super::*;

    #[tokio::test]
    async fn the_first_secret_kept_wins_and_is_kept() {
        let dir = std::env::temp_dir().join(format!("enlace-secret-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/enlace.db", dir.display());
        let store = SqlStore::connect(&url, Dialect::Sqlite).await.unwrap();
        let other = SqlStore::connect(&url, Dialect::Sqlite).await.unwrap();
        // Two servers starting at once, each with its own candidate: both get the same one.
        let (a, b) = tokio::join!(
            store.site_secret("site", "candidate-a"),
            other.site_secret("site", "candidate-b")
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a, b);
        assert!(a == "candidate-a" || a == "candidate-b");
        assert_eq!(store.site_secret("site", "later").await.unwrap(), a);
        assert_eq!(store.site_secret("other", "x").await.unwrap(), "x");
        assert_eq!(
            store.session_setting("statement_timeout").await.unwrap(),
            None
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
