//! The registration modes' own changes, each in one transaction holding the event's lock (see
//! `seats`): the delegate confirms a held place, a host approves (after settling the event) or
//! declines a registration awaiting approval; and the events whose holds ran out.

use app::domain::registration::{self, NotConfirmed, Registration, RegistrationStatus};
use app::ssr::{Admission, AuditActor, Conflict, Letters, MailReason, StoreError, StoreResult};
use chrono::{DateTime, Utc};

use super::map_err;
use super::registrations::{Decision, write_letters};
use super::seats::{count_seats, settle_in_tx};
use super::sql_store::SqlStore;

/// The registration `$1` awaiting approval at event `$2`: its quota key.
const AWAITING: &str = "select quota_key from registrations where id = $1 and event_id = $2 \
     and status = 'waitlisted' and awaiting_approval = 1";

impl SqlStore {
    /// The event a registration belongs to.
    async fn event_of(&self, id: i64) -> StoreResult<i64> {
        sqlx::query_scalar("select event_id from registrations where id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }

    /// See `RegistrationStore::confirm_hold`.
    pub(super) async fn confirm_hold(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Registration> {
        let event_id = self.event_of(id).await?;
        let (mut seats, _) = self.lock_event(event_id).await?;
        let (place, hold, awaiting): (String, Option<i64>, i64) = sqlx::query_as(
            "select status, hold_until, awaiting_approval from registrations where id = $1",
        )
        .bind(id)
        .fetch_one(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        let status = RegistrationStatus::from_stored(&place, hold.is_some(), awaiting != 0)
            .ok_or(StoreError::NotFound)?;
        let hold_until = hold.and_then(|t| DateTime::from_timestamp(t, 0));
        match registration::confirm_address(status, hold_until, now) {
            Ok(_) => {}
            Err(NotConfirmed::Expired) => return Err(StoreError::Conflict(Conflict::HoldExpired)),
            // Confirmed already (a second click): nothing to do.
            Err(NotConfirmed::NothingHeld) => {
                return self.registration_in(&mut seats.tx, id).await;
            }
            Err(NotConfirmed::Ended) => return Err(StoreError::NotFound),
        }
        // A held seat stays `confirmed`, a held waitlist place `waitlisted`: only the hold ends.
        sqlx::query("update registrations set hold_until = null, updated_at = $1 where id = $2")
            .bind(now.timestamp())
            .bind(id)
            .execute(&mut *seats.tx)
            .await
            .map_err(map_err)?;
        let confirmed = self.registration_in(&mut seats.tx, id).await?;
        seats.commit().await?;
        Ok(confirmed)
    }

    /// See `RegistrationStore::approve_registration`.
    pub(super) async fn approve_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Admission> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        let settings = event.settings();
        let promoted = settle_in_tx(&mut seats.tx, event_id, &settings, now).await?;
        let promoted = Self::registrations_in(&mut seats.tx, &promoted).await?;
        write_letters(&mut seats.tx, mail, MailReason::Promoted, &promoted, now).await?;
        let key: String = sqlx::query_scalar(AWAITING)
            .bind(id)
            .bind(event_id)
            .fetch_one(&mut *seats.tx)
            .await
            .map_err(map_err)?;
        let taken = count_seats(&mut seats.tx, event_id, &key, now).await?;
        let status = registration::approve(
            RegistrationStatus::AwaitingApproval,
            &settings,
            taken.total,
            taken.mine,
        )
        .ok_or(StoreError::NotFound)?;
        sqlx::query(
            "update registrations set status = $1, awaiting_approval = 0, updated_at = $2 \
             where id = $3",
        )
        .bind(status.stored())
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        let decision = Decision {
            event_id,
            slug: &event.slug,
            id,
            by,
            action: "approve",
            change: registration::decision_change(id, status),
            reason: MailReason::Approved,
        };
        let registration = self
            .record_decision(&mut seats.tx, decision, mail, now)
            .await?;
        seats.commit().await?;
        Ok(Admission {
            registration,
            promoted,
        })
    }

    /// See `RegistrationStore::decline_registration`.
    pub(super) async fn decline_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Registration> {
        let (mut seats, event) = self.lock_event(event_id).await?;
        // It keeps `awaiting_approval`, which marks it declined rather than cancelled.
        let done = sqlx::query(
            "update registrations set status = 'cancelled', cancelled_at = $1, updated_at = $1, \
             submission_hash = null, submission_box = null \
             where id = $2 and event_id = $3 and status = 'waitlisted' and awaiting_approval = 1",
        )
        .bind(now.timestamp())
        .bind(id)
        .bind(event_id)
        .execute(&mut *seats.tx)
        .await
        .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let decision = Decision {
            event_id,
            slug: &event.slug,
            id,
            by,
            action: "decline",
            change: registration::decision_change(id, RegistrationStatus::Declined),
            reason: MailReason::Declined,
        };
        let declined = self
            .record_decision(&mut seats.tx, decision, mail, now)
            .await?;
        seats.commit().await?;
        Ok(declined)
    }

    /// See `RegistrationStore::events_with_expired_holds`.
    pub(super) async fn events_with_expired_holds(
        &self,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        sqlx::query_scalar(
            "select distinct event_id from registrations where hold_until is not null \
             and hold_until <= $1 and status <> 'cancelled' order by event_id",
        )
        .bind(now.timestamp())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)
    }
}
