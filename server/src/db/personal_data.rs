//! `PersonalDataStore`: erasing registrations inside the event's lock (the same lock every change
//! of seats takes, see `seats`), what is kept of them (counts per delegation and status, and the
//! day the retention policy erased an event), and the reads a delegate's copy and an erasure by
//! address need.

use app::domain::personal_data::my_data::StoredTimes;
use app::domain::personal_data::{
    ErasedCount, ErasureReason, add_to, audit_changes, counted_status,
};
use app::domain::registration::RegistrationStatus;
use app::ssr::personal_data::{Erased, Erasure, Kept};
use app::ssr::{Letters, MailReason, PersonalDataStore, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::dialect::Dialect;
use super::events::{AuditLine, insert_audit};
use super::map_err;
use super::registrations::write_letters;
use super::seats::settle_in_tx;
use super::sql_store::SqlStore;

/// What an erasure reads of each registration: id, delegation code, status.
type ErasedRow = (i64, String, String);

/// Adds `$4` erased registrations of delegation `$2` with status `$3` to event `$1`'s counts.
const ADD_COUNT: &str = "insert into erased_registration_counts (event_id, delegation, status, n) \
     values ($1, $2, $3, $4) on conflict (event_id, delegation, status) \
     do update set n = erased_registration_counts.n + excluded.n";

/// Marks event `$1` as erased by the retention policy at `$2` (the first time only).
const MARK_RETENTION: &str = "insert into retention_erasures (event_id, erased_at) values ($1, $2) \
     on conflict (event_id) do nothing";

fn instant(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("corrupt stored instant {secs}")))
}

/// The registrations an erasure covers, read inside its transaction (those already gone are
/// skipped: another server, or an earlier run, erased them).
async fn rows_to_erase(
    conn: &mut AnyConnection,
    erasure: &Erasure<'_>,
) -> StoreResult<Vec<ErasedRow>> {
    let Some(ids) = erasure.ids else {
        return sqlx::query_as(
            "select id, delegation, status from registrations where event_id = $1 order by id",
        )
        .bind(erasure.event_id)
        .fetch_all(conn)
        .await
        .map_err(map_err);
    };
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<ErasedRow> = sqlx::query_as(
            "select id, delegation, status from registrations where event_id = $1 and id = $2",
        )
        .bind(erasure.event_id)
        .bind(*id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(map_err)?;
        rows.extend(row);
    }
    Ok(rows)
}

/// Adds `counts` to what is kept of event `event_id`.
async fn keep_counts(
    conn: &mut AnyConnection,
    event_id: i64,
    counts: &[ErasedCount],
) -> StoreResult<()> {
    for c in counts {
        sqlx::query(ADD_COUNT)
            .bind(event_id)
            .bind(&c.delegation)
            .bind(c.status.code())
            .bind(i64::from(c.count))
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl PersonalDataStore for SqlStore {
    async fn events_with_registrations_until(&self, last_day: NaiveDate) -> StoreResult<Vec<i64>> {
        sqlx::query_scalar(
            "select e.id from events e where e.end_date <= $1 and exists \
             (select 1 from registrations r where r.event_id = e.id) order by e.id",
        )
        .bind(last_day.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)
    }

    async fn erase_registrations(
        &self,
        erasure: &Erasure<'_>,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Erased> {
        let event_id = erasure.event_id;
        let (mut seats, event) = self.lock_event(event_id).await?;
        let rows = rows_to_erase(&mut seats.tx, erasure).await?;
        if rows.is_empty() {
            // Nothing left: erased already (here or on another server). The transaction rolls
            // back when dropped.
            return Ok(Erased::default());
        }
        let mut counts = Vec::new();
        for (id, delegation, status) in &rows {
            // A status this code does not know (a newer one) never held a seat: cancelled.
            let stored = RegistrationStatus::parse(status).unwrap_or(RegistrationStatus::Cancelled);
            add_to(
                &mut counts,
                delegation,
                counted_status(stored, erasure.free_seats),
            );
            // Queued mail to this person about this event holds their name and links: it goes
            // with them.
            sqlx::query(
                "delete from mail_outbox where event_id = $1 and recipient = \
                 (select email from registrations where id = $2)",
            )
            .bind(event_id)
            .bind(*id)
            .execute(&mut *seats.tx)
            .await
            .map_err(map_err)?;
            sqlx::query("delete from registrations where id = $1")
                .bind(*id)
                .execute(&mut *seats.tx)
                .await
                .map_err(map_err)?;
        }
        keep_counts(&mut seats.tx, event_id, &counts).await?;
        if erasure.reason == ErasureReason::Retention {
            sqlx::query(MARK_RETENTION)
                .bind(event_id)
                .bind(now.timestamp())
                .execute(&mut *seats.tx)
                .await
                .map_err(map_err)?;
        }
        let changes = audit_changes(&counts, erasure.request);
        let line = AuditLine {
            event_id,
            slug: &event.slug,
            by: erasure.by,
            action: erasure.reason.action(),
            changes: &changes,
            at: now,
        };
        insert_audit(&mut seats.tx, line).await?;
        // An address left with no registration anywhere loses its merged feed and the links mail
        // queued for it.
        for sql in [
            "delete from person_feeds where not exists \
             (select 1 from registrations r where r.email = person_feeds.email)",
            "delete from mail_outbox where event_id is null and kind = 'links' and not exists \
             (select 1 from registrations r where r.email = mail_outbox.recipient)",
        ] {
            sqlx::query(sql)
                .execute(&mut *seats.tx)
                .await
                .map_err(map_err)?;
        }
        let promoted = if erasure.free_seats {
            let ids = settle_in_tx(&mut seats.tx, event_id, &event.settings(), now).await?;
            Self::registrations_in(&mut seats.tx, &ids).await?
        } else {
            Vec::new()
        };
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        seats.commit().await?;
        Ok(Erased { counts, promoted })
    }

    async fn kept_of_event(&self, event_id: i64) -> StoreResult<Kept> {
        let erased_at: Option<i64> =
            sqlx::query_scalar("select erased_at from retention_erasures where event_id = $1")
                .bind(event_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "select delegation, status, n from erased_registration_counts where event_id = $1 \
             order by delegation, status",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let counts = rows
            .into_iter()
            .filter_map(|(delegation, status, n)| {
                Some(ErasedCount {
                    delegation,
                    status: RegistrationStatus::parse(&status)?,
                    count: u32::try_from(n).unwrap_or(u32::MAX),
                })
            })
            .collect();
        Ok(Kept {
            retention_erased_at: erased_at.map(instant).transpose()?,
            counts,
        })
    }

    async fn registrations_of_address(&self, email: &str) -> StoreResult<Vec<(i64, i64)>> {
        sqlx::query_as(
            "select id, event_id from registrations where email = $1 order by event_id, id",
        )
        .bind(email)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)
    }

    async fn stored_times(&self, id: i64) -> StoreResult<StoredTimes> {
        let (consent_at, cancelled_at, feed_generation): (i64, Option<i64>, i64) = sqlx::query_as(
            "select consent_at, cancelled_at, feed_generation from registrations \
                 where id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(StoredTimes {
            consent_at: instant(consent_at)?,
            cancelled_at: cancelled_at.map(instant).transpose()?,
            feed_generation,
        })
    }

    async fn forget_form_input_of(&self, email: &str) -> StoreResult<u64> {
        let done = sqlx::query("delete from form_drafts where lower(body) like $1 escape '\\'")
            .bind(mention_pattern(email))
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(done.rows_affected())
    }

    async fn settle_erasure(&self) -> StoreResult<()> {
        // SQLite zeroes deleted rows (`secure_delete`) in the pages it writes; the write-ahead
        // log still holds older copies of those pages until it is folded into the file and
        // emptied. PostgreSQL's dead rows go with its (auto)vacuum.
        if self.dialect == Dialect::Sqlite {
            sqlx::query("pragma wal_checkpoint(truncate)")
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
        }
        Ok(())
    }
}

/// A `like` pattern (escape `\`) that finds `email` as a whole JSON string value, in lower case.
fn mention_pattern(email: &str) -> String {
    let mut out = String::from("%\"");
    for c in email.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str("\"%");
    out
}

#[cfg(test)]
mod tests {
    use super::mention_pattern;

    #[test]
    fn a_mention_is_the_whole_quoted_address_with_wildcards_escaped() {
        assert_eq!(mention_pattern("Ana_P@x.org"), "%\"ana\\_p@x.org\"%");
        assert_eq!(mention_pattern("a%b@x.org"), "%\"a\\%b@x.org\"%");
    }
}
