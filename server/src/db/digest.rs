//! `DigestStore`: digest subscriptions (their confirmation and unsubscribe tokens kept as
//! SHA-256 hashes), the secretariat's schedule, and mail queued once under a one-time key. Every
//! write that queues mail goes through the outbox's transaction ([`SqlStore::begin_seats`]).

use app::domain::Lang;
use app::domain::digest::{DigestSchedule, MAX_PENDING_PER_ADDRESS, Subscription};
use app::ssr::digest::{ConfirmedSubscription, DigestSettings, DigestStore, PendingSubscription};
use app::ssr::{OutgoingMail, StoreResult};
use chrono::{DateTime, Utc};

use super::map_err;
use super::outbox::insert_mail;
use super::sql_store::SqlStore;

/// A confirmed row: id, email, countries, lang, unsubscribe hash, sealed token.
type SubscriptionRow = (i64, String, String, String, String, String);

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

#[async_trait::async_trait]
impl DigestStore for SqlStore {
    async fn add_subscription(
        &self,
        pending: &PendingSubscription,
        mail: &OutgoingMail,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let s = &pending.subscription;
        let mut tx = self.begin_seats().await?;
        let waiting: i64 = sqlx::query_scalar(
            "select count(*) from digest_subscriptions where email = $1 \
             and confirmed_at is null and created_at >= $2",
        )
        .bind(&s.email)
        .bind(not_before.timestamp())
        .fetch_one(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        if waiting >= MAX_PENDING_PER_ADDRESS {
            tx.commit().await?;
            return Ok(false);
        }
        sqlx::query(
            "insert into digest_subscriptions (email, countries, lang, confirm_hash, \
             unsubscribe_hash, unsubscribe_sealed, created_at) values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.email)
        .bind(s.countries_code())
        .bind(s.lang.code())
        .bind(&pending.confirm_hash)
        .bind(&pending.unsubscribe_hash)
        .bind(&pending.unsubscribe_sealed)
        .bind(now.timestamp())
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        insert_mail(&mut tx.tx, mail, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn confirm_subscription(
        &self,
        confirm_hash: &str,
        not_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_seats().await?;
        let found: Option<(i64, String)> = sqlx::query_as(
            "select id, email from digest_subscriptions where confirm_hash = $1 \
             and confirmed_at is null and created_at >= $2",
        )
        .bind(confirm_hash)
        .bind(not_before.timestamp())
        .fetch_optional(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        let Some((id, email)) = found else {
            tx.commit().await?;
            return Ok(false);
        };
        // The address's earlier subscription (and other requests) give way to this one.
        sqlx::query("delete from digest_subscriptions where email = $1 and id <> $2")
            .bind(&email)
            .bind(id)
            .execute(&mut *tx.tx)
            .await
            .map_err(map_err)?;
        sqlx::query(
            "update digest_subscriptions set confirmed_at = $1, confirm_hash = null where id = $2",
        )
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        tx.commit().await?;
        Ok(true)
    }

    async fn unsubscribe(&self, unsubscribe_hash: &str) -> StoreResult<bool> {
        let mut tx = self.begin_seats().await?;
        let done = sqlx::query("delete from digest_subscriptions where unsubscribe_hash = $1")
            .bind(unsubscribe_hash)
            .execute(&mut *tx.tx)
            .await
            .map_err(map_err)?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn confirmed_subscriptions(&self) -> StoreResult<Vec<ConfirmedSubscription>> {
        let rows: Vec<SubscriptionRow> = sqlx::query_as(
            "select id, email, countries, lang, unsubscribe_hash, unsubscribe_sealed \
             from digest_subscriptions where confirmed_at is not null order by id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, email, countries, lang, hash, sealed)| ConfirmedSubscription {
                    id,
                    subscription: Subscription {
                        email,
                        countries: Subscription::parse_countries(&countries),
                        lang: Lang::parse(&lang).unwrap_or(Lang::Es),
                    },
                    unsubscribe_hash: hash,
                    unsubscribe_sealed: sealed,
                },
            )
            .collect())
    }

    async fn delete_unconfirmed(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let mut tx = self.begin_seats().await?;
        let done = sqlx::query(
            "delete from digest_subscriptions where confirmed_at is null and created_at < $1",
        )
        .bind(before.timestamp())
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    async fn digest_settings(&self) -> StoreResult<DigestSettings> {
        let row: Option<(i64, i64, Option<i64>)> =
            sqlx::query_as("select weekday, hour, last_until from digest_settings where id = 1")
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
        let (day, hour, last_until) = row.unwrap_or((0, 8, None));
        let schedule = u32::try_from(day)
            .ok()
            .zip(u32::try_from(hour).ok())
            .and_then(|(d, h)| DigestSchedule::from_numbers(d, h))
            .unwrap_or_default();
        Ok(DigestSettings {
            schedule,
            last_until: last_until.map(instant),
        })
    }

    async fn save_digest_schedule(
        &self,
        schedule: DigestSchedule,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "update digest_settings set weekday = $1, hour = $2, updated_at = $3 where id = 1",
        )
        .bind(i64::from(schedule.day_number()))
        .bind(i64::from(schedule.hour))
        .bind(now.timestamp())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    async fn queue_once(
        &self,
        key: &str,
        mail: &[OutgoingMail],
        until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin_seats().await?;
        let claimed = sqlx::query(
            "insert into app_meta (key, value) values ($1, $2) on conflict (key) do nothing",
        )
        .bind(key)
        .bind(now.to_rfc3339())
        .execute(&mut *tx.tx)
        .await
        .map_err(map_err)?
        .rows_affected()
            == 1;
        if claimed {
            for m in mail {
                insert_mail(&mut tx.tx, m, now).await?;
            }
            // Never back: a late round of an earlier week leaves a later week's end alone.
            if let Some(until) = until {
                sqlx::query(
                    "update digest_settings set last_until = $1 \
                     where id = 1 and (last_until is null or last_until < $1)",
                )
                .bind(until.timestamp())
                .execute(&mut *tx.tx)
                .await
                .map_err(map_err)?;
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }
}
