//! `OutboxStore`: the mail outbox. [`insert_mail`] queues a message inside the transaction of the
//! change it is about; senders claim due rows with a lease (`Sql::claim_mail`), then record that
//! each was sent (its body erased) or failed (tried again later, or given up), or give back the
//! rows they did not get to (a sender that stops).

use app::domain::outbox::{MailKind, MailProblem, MailStatus};
use app::ssr::{OutboxStore, OutgoingMail, QueuedMail, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::map_err;
use super::sql_store::SqlStore;

/// Queues one message, due at once.
const INSERT_MAIL: &str = "insert into mail_outbox (recipient, subject, body, ics, ics_name, \
     kind, event_id, next_attempt_at, created_at, list_unsubscribe) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)";

/// Queues `mail` on `conn` (inside the transaction of the change it is about).
pub(super) async fn insert_mail(
    conn: &mut AnyConnection,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(INSERT_MAIL)
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(mail.ics.as_deref())
        .bind(&mail.ics_name)
        .bind(mail.kind.code())
        .bind(mail.event_id)
        .bind(now.timestamp())
        .bind(mail.list_unsubscribe.as_deref())
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// A claimed row: id, recipient, subject, body, ics, ics name, kind, event, attempts, the
/// unsubscribe address.
type ClaimedRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<i64>,
    i64,
    Option<String>,
);

/// A row of the hosts' list: recipient, kind, subject, status, attempts, last error, created,
/// next attempt.
type ProblemRow = (String, String, String, String, i64, String, i64, i64);

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow::anyhow!("corrupt stored mail {what}: {value:?}"))
}

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn queued(row: ClaimedRow) -> StoreResult<QueuedMail> {
    let (id, to, subject, body, ics, ics_name, kind, event_id, attempts, list_unsubscribe) = row;
    Ok(QueuedMail {
        id,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        mail: OutgoingMail {
            to,
            subject,
            body,
            ics,
            ics_name,
            kind: MailKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            event_id,
            list_unsubscribe,
        },
    })
}

fn problem(row: ProblemRow) -> StoreResult<MailProblem> {
    let (recipient, kind, subject, status, attempts, last_error, created_at, next_attempt_at) = row;
    Ok(MailProblem {
        recipient,
        kind: MailKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        subject,
        status: MailStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        last_error,
        created_at: instant(created_at),
        next_attempt_at: instant(next_attempt_at),
    })
}

#[async_trait::async_trait]
impl OutboxStore for SqlStore {
    async fn queue_mail(&self, mail: &[OutgoingMail], now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_seats().await?;
        for m in mail {
            insert_mail(&mut tx.tx, m, now).await?;
        }
        tx.commit().await
    }

    async fn retry_pending_now(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.begin_seats().await?;
        let done = sqlx::query(
            "update mail_outbox set next_attempt_at = $1 \
             where status = 'pending' and next_attempt_at > $1",
        )
        .bind(now.timestamp())
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn claim_mail(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<QueuedMail>> {
        let mut tx = self.begin_seats().await?;
        let rows: Vec<ClaimedRow> = sqlx::query_as(self.sql.claim_mail.clone())
            .bind(lease_until.timestamp())
            .bind(now.timestamp())
            .bind(i64::from(limit))
            .fetch_all(&mut *tx.tx)
            .await
            .map_err(map_err)?;
        tx.commit().await?;
        let mut claimed = rows
            .into_iter()
            .map(queued)
            .collect::<StoreResult<Vec<_>>>()?;
        // `returning` keeps no order: oldest first, as claimed.
        claimed.sort_by_key(|q| q.id);
        Ok(claimed)
    }

    async fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_seats().await?;
        sqlx::query(
            "update mail_outbox set status = 'sent', sent_at = $1, attempts = attempts + 1, \
             body = '', ics = null, list_unsubscribe = null, last_error = null, locked_until = 0 \
             where id = $2",
        )
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        tx.commit().await
    }

    async fn release_mail(&self, ids: &[i64], lease_until: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_seats().await?;
        for id in ids {
            sqlx::query(
                "update mail_outbox set locked_until = 0 \
                 where id = $1 and status = 'pending' and locked_until = $2",
            )
            .bind(id)
            .bind(lease_until.timestamp())
            .execute(&mut *tx.tx)
            .await
            .map_err(map_err)?;
        }
        tx.commit().await
    }

    async fn mail_failed(
        &self,
        id: i64,
        attempts: u32,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_seats().await?;
        let query = match retry_at {
            Some(at) => sqlx::query(
                "update mail_outbox set attempts = $1, last_error = $2, next_attempt_at = $3, \
                 locked_until = 0 where id = $4",
            )
            .bind(i64::from(attempts))
            .bind(error)
            .bind(at.timestamp())
            .bind(id),
            None => sqlx::query(
                "update mail_outbox set attempts = $1, last_error = $2, status = 'failed', \
                 body = '', ics = null, list_unsubscribe = null, locked_until = 0 where id = $3",
            )
            .bind(i64::from(attempts))
            .bind(error)
            .bind(id),
        };
        query.execute(&mut *tx.tx).await.map_err(map_err)?;
        tx.commit().await
    }

    async fn undelivered_mail(&self, event_id: i64) -> StoreResult<Vec<MailProblem>> {
        let rows: Vec<ProblemRow> = sqlx::query_as(
            "select recipient, kind, subject, status, attempts, coalesce(last_error, ''), \
             created_at, next_attempt_at from mail_outbox where event_id = $1 \
             and (status = 'failed' or (status = 'pending' and attempts > 0)) \
             order by id desc limit 200",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(problem).collect()
    }
}
