//! Events imported from `.ics` files: which source UIDs are already here, and storing a batch.

use app::ssr::{AuditActor, NewImported, StoreResult};
use chrono::{DateTime, Utc};

use super::events::{NewEvent, bump_events_version, insert_event};
use super::map_err;
use super::sql_store::SqlStore;
use super::statements::Sql;

/// A few hundred placeholders per query stays far below either database's limit.
const UIDS_PER_QUERY: usize = 200;

impl SqlStore {
    /// Which of `uids` are already the source UID of an imported event.
    pub(super) async fn imported_uids(&self, uids: &[String]) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in uids.chunks(UIDS_PER_QUERY) {
            let mut query = sqlx::query_scalar(Sql::imported_uids(chunk.len()));
            for uid in chunk {
                query = query.bind(uid);
            }
            found.extend(query.fetch_all(&self.pool).await.map_err(map_err)?);
        }
        Ok(found)
    }

    /// Stores imported events in one transaction, all or nothing; a source UID imported
    /// meanwhile breaks its unique index (`Conflict::ImportUidTaken`) and so the whole import.
    pub(super) async fn import_events(
        &self,
        events: &[NewImported],
        published: bool,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        for event in events {
            let new = NewEvent {
                slug: &event.slug,
                uid: &event.uid,
                details: &event.details,
                published,
                registration_mode: self.new_event_mode,
            };
            let id = insert_event(&mut tx, new, by, "import", now).await?;
            sqlx::query("update events set import_uid = $1 where id = $2")
                .bind(&event.import_uid)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        bump_events_version(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(events.len())
    }
}
