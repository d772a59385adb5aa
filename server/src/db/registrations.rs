//! `RegistrationStore`: registering, the delegate's own changes, the hosts' settings and
//! promotions (each a change of seats, see `seats`), and the reads of registrations. The
//! registration modes' own changes (confirming a hold, approving, declining) are in `modes`.

use std::collections::HashMap;

use app::domain::Event;
use app::domain::coordination;
use app::domain::registration::{
    self, Registration, RegistrationDetails, RegistrationSettings, SeatCounts,
};
use app::ssr::{
    Admission, AuditActor, Conflict, Letters, MailReason, NewRegistration, OutgoingMail,
    RegistrationRecord, RegistrationStore, Reissued, StoreError, StoreResult,
};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::changes::insert_change;
use super::events::{AuditLine, event_select, insert_audit};
use super::map_err;
use super::outbox::insert_mail;
use super::registration_rows::{
    INSERT_REGISTRATION, RegistrationRow, UPDATE_REGISTRATION, bind_logistics,
};
use super::seats::{confirm, count_seats, settle_in_tx};
use super::sql_store::SqlStore;
use super::statements::Sql;

/// Registrations read per query when loading a list of them.
const IDS_PER_QUERY: usize = 200;

impl SqlStore {
    /// One registration by id, read on `conn` (inside a change's transaction, it sees the change).
    pub(super) async fn registration_in(
        &self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> StoreResult<Registration> {
        sqlx::query_as::<_, RegistrationRow>(self.sql.registration_by_id.clone())
            .bind(id)
            .fetch_one(conn)
            .await
            .map_err(map_err)?
            .into_registration()
    }

    /// The registrations with these ids, in the order given, read on `conn`; `NotFound` if one
    /// is missing.
    pub(super) async fn registrations_in(
        conn: &mut AnyConnection,
        ids: &[i64],
    ) -> StoreResult<Vec<Registration>> {
        let mut found = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let mut query =
                sqlx::query_as::<_, RegistrationRow>(Sql::registrations_by_ids(chunk.len()));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&mut *conn).await.map_err(map_err)? {
                let registration = row.into_registration()?;
                found.insert(registration.id, registration);
            }
        }
        ids.iter()
            .map(|id| found.remove(id).ok_or(StoreError::NotFound))
            .collect()
    }
}

/// A host's decision on one registration, inside its change's transaction: its audit line (the
/// one `change`, as `action`), then the registration as it now stands, with its mail for
/// `reason` queued.
pub(super) struct Decision<'a> {
    /// The event, locked.
    pub event_id: i64,
    /// Its slug, for the audit log.
    pub slug: &'a str,
    /// The registration decided.
    pub id: i64,
    /// Who decided.
    pub by: &'a AuditActor,
    /// The audit log's action.
    pub action: &'static str,
    /// What changed.
    pub change: app::domain::lifecycle::FieldChange,
    /// Why the delegate is mailed.
    pub reason: MailReason,
}

impl SqlStore {
    /// Writes `decision` on `conn` (see [`Decision`]) and returns the registration.
    pub(super) async fn record_decision(
        &self,
        conn: &mut AnyConnection,
        decision: Decision<'_>,
        mail: Letters<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<Registration> {
        let line = AuditLine {
            event_id: decision.event_id,
            slug: decision.slug,
            by: decision.by,
            action: decision.action,
            changes: std::slice::from_ref(&decision.change),
            at: now,
        };
        insert_audit(&mut *conn, line).await?;
        let registration = self.registration_in(&mut *conn, decision.id).await?;
        let decided = std::slice::from_ref(&registration);
        write_letters(conn, mail, decision.reason, decided, now).await?;
        Ok(registration)
    }
}

/// Queues, on `conn`, the mail `letters` writes for each of `registrations` for `reason`.
pub(super) async fn write_letters(
    conn: &mut AnyConnection,
    letters: Letters<'_>,
    reason: MailReason,
    registrations: &[Registration],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for registration in registrations {
        if let Some(mail) = letters(reason, registration) {
            insert_mail(&mut *conn, &mail, now).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl RegistrationStore for SqlStore {
    async fn event_by_id(&self, id: i64) -> StoreResult<Event> {
        SqlStore::event_by_id(self, id).await
    }

    async fn registration_settings(&self, event_id: i64) -> StoreResult<RegistrationSettings> {
        SqlStore::registration_settings(self, event_id).await
    }

    async fn seat_summary(
        &self,
        event_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<(RegistrationSettings, SeatCounts)> {
        SqlStore::seat_summary(self, event_id, now).await
    }

    async fn change_registration_settings(
        &self,
        event_id: i64,
        settings: &RegistrationSettings,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        let changes = event.settings().audit_changes(settings);
        sqlx::query(
            "update events set registration_open = $1, capacity = $2, registration_quota = $3, \
             registration_deadline = $4, registration_mode = $5, version = version + 1 \
             where id = $6",
        )
        .bind(i64::from(settings.open))
        .bind(settings.capacity.map(i64::from))
        .bind(settings.quota.map(i64::from))
        .bind(settings.deadline.map(|d| d.to_string()))
        .bind(settings.mode.code())
        .bind(event_id)
        .execute(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        if !changes.is_empty() {
            let line = AuditLine {
                event_id,
                slug: &event.slug,
                by,
                action: "registration-settings",
                changes: &changes,
                at: now,
            };
            insert_audit(&mut seats.tx, line).await?;
        }
        if event.published != 0
            && event.status != "cancelled"
            && !event.settings().open
            && settings.open
        {
            // The change log tells of it in the same transaction, keyed on the new version.
            let opened = event_select(&self.sql.by_id)
                .bind(event_id)
                .fetch_one(&mut *seats.tx)
                .await
                .map_err(map_err)?
                .into_event()?;
            let about = crate::atom::told::About::of(&opened);
            let change =
                crate::atom::told::registration_opened(about, settings.deadline, opened.version);
            insert_change(&mut seats.tx, &change, now).await?;
        }
        let ids = settle_in_tx(&mut seats.tx, event_id, settings, now).await?;
        let promoted = Self::registrations_in(&mut seats.tx, &ids).await?;
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        seats.commit().await?;
        Ok(promoted)
    }

    async fn register(
        &self,
        event_id: i64,
        new: &NewRegistration<'_>,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Admission> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        if !event.takes_registrations() {
            return Err(StoreError::Conflict(Conflict::RegistrationClosed));
        }
        let settings = event.settings();
        let promoted = settle_in_tx(&mut seats.tx, event_id, &settings, now).await?;
        let promoted = Self::registrations_in(&mut seats.tx, &promoted).await?;
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        let d = new.details;
        let key = d.delegation.quota_key();
        let taken = count_seats(&mut seats.tx, event_id, &key, now).await?;
        let place = registration::intake(&settings, taken.total, taken.mine, now, new.hold);
        let (submission_hash, submission_box) = match &new.submission {
            Some((hash, sealed)) => (Some(hash.as_str()), Some(sealed.as_str())),
            None => (None, None),
        };
        let query = sqlx::query(INSERT_REGISTRATION)
            .bind(event_id)
            .bind(&new.token_hash)
            .bind(&new.feed_hash)
            .bind(submission_hash)
            .bind(submission_box)
            .bind(&d.email)
            .bind(&d.name)
            .bind(d.delegation.code())
            .bind(d.delegation.organisation())
            .bind(&key);
        let row = bind_logistics(query, d)
            .bind(place.status.stored())
            .bind(now.timestamp())
            .bind(now.timestamp())
            .bind(now.timestamp())
            .bind(place.hold_until.map(|t| t.timestamp()))
            .bind(i64::from(
                place.status == registration::RegistrationStatus::AwaitingApproval,
            ))
            .fetch_one(&mut *seats.tx)
            .await
            .map_err(map_err)?;
        let id: i64 = sqlx::Row::try_get(&row, "id").map_err(map_err)?;
        let registration = self.registration_in(&mut seats.tx, id).await?;
        let registered = std::slice::from_ref(&registration);
        write_letters(&mut seats.tx, mail, MailReason::Registered, registered, now).await?;
        seats.commit().await?;
        Ok(Admission {
            registration,
            promoted,
        })
    }

    async fn registration_by_token(&self, token_hash: &str) -> StoreResult<RegistrationRecord> {
        let row = sqlx::query_as::<_, RegistrationRow>(self.sql.registration_by_token.clone())
            .bind(token_hash)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        let feed_generation = row.feed_generation;
        Ok(RegistrationRecord {
            registration: row.into_registration()?,
            feed_generation,
        })
    }

    async fn submission_box(&self, submission_hash: &str) -> StoreResult<String> {
        let sealed: Option<String> = sqlx::query_scalar(
            "select submission_box from registrations where submission_hash = $1",
        )
        .bind(submission_hash)
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        sealed.ok_or(StoreError::NotFound)
    }

    async fn update_registration(
        &self,
        id: i64,
        details: &RegistrationDetails,
        now: DateTime<Utc>,
    ) -> StoreResult<Registration> {
        let done = bind_logistics(sqlx::query(UPDATE_REGISTRATION), details)
            .bind(now.timestamp())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let mut conn = self.pool.acquire().await.map_err(map_err)?;
        self.registration_in(&mut conn, id).await
    }

    async fn cancel_registration(
        &self,
        id: i64,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>> {
        let event_id: i64 = sqlx::query_scalar("select event_id from registrations where id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        let (mut seats, event) = self.lock_event(event_id).await?;
        let done = sqlx::query(
            "update registrations set status = 'cancelled', cancelled_at = $1, updated_at = $1, \
             submission_hash = null, submission_box = null, hold_until = null, \
             awaiting_approval = 0 where id = $2 and status <> 'cancelled'",
        )
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let cancelled = self.registration_in(&mut seats.tx, id).await?;
        let cancelled = std::slice::from_ref(&cancelled);
        write_letters(&mut seats.tx, mail, MailReason::Cancelled, cancelled, now).await?;
        let ids = settle_in_tx(&mut seats.tx, event_id, &event.settings(), now).await?;
        let promoted = Self::registrations_in(&mut seats.tx, &ids).await?;
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        seats.commit().await?;
        Ok(promoted)
    }

    async fn promote_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Registration> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        let key: String = sqlx::query_scalar(
            "select quota_key from registrations where id = $1 and event_id = $2 \
             and status = 'waitlisted' and awaiting_approval = 0 \
             and (hold_until is null or hold_until > $3)",
        )
        .bind(id)
        .bind(event_id)
        .bind(now.timestamp())
        .fetch_one(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        let taken = count_seats(&mut seats.tx, event_id, &key, now).await?;
        if !registration::fits(&event.settings(), taken.total, taken.mine) {
            return Err(StoreError::Conflict(Conflict::Full));
        }
        confirm(&mut seats.tx, id, now).await?;
        let decision = Decision {
            event_id,
            slug: &event.slug,
            id,
            by,
            action: "promote",
            change: registration::promotion_change(id),
            reason: MailReason::Promoted,
        };
        let promoted = self
            .record_decision(&mut seats.tx, decision, mail, now)
            .await?;
        seats.commit().await?;
        Ok(promoted)
    }

    async fn promote_waitlist(
        &self,
        event_id: i64,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        let ids = settle_in_tx(&mut seats.tx, event_id, &event.settings(), now).await?;
        let promoted = Self::registrations_in(&mut seats.tx, &ids).await?;
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        seats.commit().await?;
        Ok(promoted)
    }

    async fn confirm_hold(&self, id: i64, now: DateTime<Utc>) -> StoreResult<Registration> {
        SqlStore::confirm_hold(self, id, now).await
    }

    async fn approve_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Admission> {
        SqlStore::approve_registration(self, event_id, id, by, now, mail).await
    }

    async fn decline_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Registration> {
        SqlStore::decline_registration(self, event_id, id, by, now, mail).await
    }

    async fn events_with_expired_holds(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        SqlStore::events_with_expired_holds(self, now).await
    }

    async fn registrations_for_event(&self, event_id: i64) -> StoreResult<Vec<Registration>> {
        let rows = sqlx::query_as::<_, RegistrationRow>(self.sql.registrations_for_event.clone())
            .bind(event_id)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.into_iter()
            .map(RegistrationRow::into_registration)
            .collect()
    }

    async fn set_feed_hash(&self, id: i64, feed_hash: &str, generation: i64) -> StoreResult<()> {
        let done = sqlx::query(
            "update registrations set feed_hash = $1, feed_generation = $2 where id = $3",
        )
        .bind(feed_hash)
        .bind(generation)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn registration_feed(&self, feed_hash: &str) -> StoreResult<Event> {
        SqlStore::registration_feed(self, feed_hash).await
    }

    async fn person_feed(&self, token_hash: &str) -> StoreResult<Vec<Event>> {
        SqlStore::person_feed(self, token_hash).await
    }

    async fn live_registrations_of(&self, email: &str) -> StoreResult<Vec<Registration>> {
        SqlStore::live_registrations_of(self, email).await
    }

    async fn reissue_links(
        &self,
        email: &str,
        links: &[Reissued],
        person_feed_hash: &str,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::reissue_links(self, email, links, person_feed_hash, mail, now).await
    }

    async fn coordination_registrations(&self) -> StoreResult<Vec<coordination::Registration>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            // Unproven registrations (a hold not yet confirmed, one awaiting approval) are left
            // out: anyone can type anyone's address, and they would raise false double bookings.
            "select event_id, email, quota_key from registrations where status <> 'cancelled' \
             and hold_until is null and awaiting_approval = 0",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(event_id, person, delegation)| coordination::Registration {
                    event_id,
                    person,
                    delegation,
                },
            )
            .collect())
    }
}
