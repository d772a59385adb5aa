//! A delegate's private links as the store answers them: the feed of one registration (its own
//! event only, and only while it is live), the merged feed of an address (only ever mailed to
//! it), and mailing an address its links again (new secrets for each live registration, a new
//! merged feed, and the mail, in one transaction).

use app::domain::Event;
use app::domain::registration::Registration;
use app::ssr::{OutgoingMail, Reissued, StoreError, StoreResult};
use chrono::{DateTime, Utc};

use super::events::event_select;
use super::map_err;
use super::outbox::insert_mail;
use super::registration_rows::RegistrationRow;
use super::sql_store::SqlStore;

impl SqlStore {
    /// The event of the live registration whose feed hashes to `feed_hash`, if published.
    pub(super) async fn registration_feed(&self, feed_hash: &str) -> StoreResult<Event> {
        let event_id: i64 = sqlx::query_scalar(
            "select event_id from registrations where feed_hash = $1 and status <> 'cancelled'",
        )
        .bind(feed_hash)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        let event = self.event_by_id(event_id).await?;
        if event.published {
            Ok(event)
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// The published events of the live registrations of the address whose merged feed hashes
    /// to `token_hash`.
    pub(super) async fn person_feed(&self, token_hash: &str) -> StoreResult<Vec<Event>> {
        let email: String =
            sqlx::query_scalar("select email from person_feeds where token_hash = $1")
                .bind(token_hash)
                .fetch_one(&self.pool)
                .await
                .map_err(map_err)?;
        self.fetch_events(event_select(&self.sql.for_person).bind(email))
            .await
    }

    /// The live registrations of `email`, oldest first.
    pub(super) async fn live_registrations_of(
        &self,
        email: &str,
    ) -> StoreResult<Vec<Registration>> {
        let rows = sqlx::query_as::<_, RegistrationRow>(self.sql.live_registrations_of.clone())
            .bind(email)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.into_iter()
            .map(RegistrationRow::into_registration)
            .collect()
    }

    /// New secrets for these registrations of `email`, a new merged feed, and the mail.
    pub(super) async fn reissue_links(
        &self,
        email: &str,
        links: &[Reissued],
        person_feed_hash: &str,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for link in links {
            // A form sent twice no longer finds the old manage link either.
            sqlx::query(
                "update registrations set token_hash = $1, feed_hash = $2, feed_generation = 0, \
                 submission_hash = null, submission_box = null \
                 where id = $3 and email = $4 and status <> 'cancelled'",
            )
            .bind(&link.token_hash)
            .bind(&link.feed_hash)
            .bind(link.id)
            .bind(email)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        }
        sqlx::query(
            "insert into person_feeds (email, token_hash, created_at) values ($1, $2, $3) \
             on conflict (email) do update set token_hash = excluded.token_hash, \
             created_at = excluded.created_at",
        )
        .bind(email)
        .bind(person_feed_hash)
        .bind(now.timestamp())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        insert_mail(&mut tx, mail, now).await?;
        tx.commit().await.map_err(map_err)
    }
}
