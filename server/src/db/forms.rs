//! Form input kept between posts (JSON under a random id, until it expires).

use app::ssr::StoreResult;
use chrono::{DateTime, Utc};

use super::map_err;
use super::sql_store::SqlStore;

impl SqlStore {
    /// Keeps a form's input under `id` until `expires`, first removing expired ones.
    pub(super) async fn save_form_draft(
        &self,
        id: &str,
        body: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("delete from form_drafts where expires_at <= $1 or id = $2")
            .bind(Utc::now().timestamp())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        sqlx::query("insert into form_drafts (id, body, expires_at) values ($1, $2, $3)")
            .bind(id)
            .bind(body)
            .bind(expires.timestamp())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    /// Takes back a live kept input, removing it.
    pub(super) async fn take_form_draft(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        sqlx::query_scalar(
            "delete from form_drafts where id = $1 and expires_at > $2 returning body",
        )
        .bind(id)
        .bind(now.timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(map_err)
    }

    /// Reads a live kept input without removing it.
    pub(super) async fn peek_form_draft(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<String>> {
        sqlx::query_scalar("select body from form_drafts where id = $1 and expires_at > $2")
            .bind(id)
            .bind(now.timestamp())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)
    }
}
