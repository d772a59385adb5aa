//! Form input kept between posts (JSON under a random id, until it expires), and the periodic
//! deletion of what expired (kept input and sessions, both by an index on `expires_at`).

use app::ssr::StoreResult;
use chrono::{DateTime, Utc};

use super::map_err;
use super::sql_store::SqlStore;

impl SqlStore {
    /// Keeps a form's input under `id` until `expires`, replacing what `id` held. Expired rows
    /// are left to [`SqlStore::delete_expired`]: a save touches its own row only.
    pub(super) async fn save_form_draft(
        &self,
        id: &str,
        body: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "insert into form_drafts (id, body, expires_at) values ($1, $2, $3) \
             on conflict (id) do update set body = excluded.body, expires_at = excluded.expires_at",
        )
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

    /// Deletes the kept input and the sessions that expired by `now`; how many rows went.
    pub(super) async fn delete_expired(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let mut gone = 0;
        for sql in [
            "delete from form_drafts where expires_at <= $1",
            "delete from sessions where expires_at <= $1",
        ] {
            gone += sqlx::query(sql)
                .bind(now.timestamp())
                .execute(&self.pool)
                .await
                .map_err(map_err)?
                .rows_affected();
        }
        Ok(gone)
    }
}
