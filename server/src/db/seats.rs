//! Changes of seats: every one runs in a transaction that first takes the event's lock (see
//! [`Dialect::begin_seats`](super::Dialect::begin_seats) and
//! [`Dialect::lock_row`](super::Dialect::lock_row)), then counts, decides with the domain's
//! rules, and writes, so capacity and quotas hold under any concurrency.

use std::collections::HashMap;

use app::domain::registration::{self, RegistrationSettings};
use app::ssr::StoreResult;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::map_err;
use super::sql_store::{SeatsTx, SqlStore};

/// Seats taken at event `$1`: in all, and by the quota key `$2`.
const COUNT_SEATS: &str = "select count(*), \
     coalesce(sum(case when quota_key = $2 then 1 else 0 end), 0) \
     from registrations where event_id = $1 and status = 'confirmed'";

/// Gives registration `$2` its seat at instant `$1`.
const CONFIRM: &str =
    "update registrations set status = 'confirmed', updated_at = $1 where id = $2";

/// What a change of seats reads of the event it locks.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct LockedEvent {
    /// The event's status code (`cancelled`, ...).
    pub status: String,
    /// 1 when published.
    pub published: i64,
    /// 1 when its hosts opened registration.
    pub registration_open: i64,
    /// Seats in all, if limited.
    pub capacity: Option<i64>,
    /// Seats per delegation, if limited.
    pub registration_quota: Option<i64>,
    /// The last day to register (`YYYY-MM-DD`), if any.
    pub registration_deadline: Option<String>,
    /// Its slug, for the audit log.
    pub slug: String,
}

impl LockedEvent {
    /// The registration settings these columns hold.
    pub fn settings(&self) -> RegistrationSettings {
        RegistrationSettings {
            open: self.registration_open != 0,
            capacity: self.capacity.and_then(|c| u32::try_from(c).ok()),
            quota: self.registration_quota.and_then(|q| u32::try_from(q).ok()),
            deadline: self
                .registration_deadline
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        }
    }

    /// Whether the event takes registrations at all (published, not cancelled, open).
    pub fn takes_registrations(&self) -> bool {
        self.status != "cancelled" && self.published != 0 && self.registration_open != 0
    }
}

/// Confirmed seats at an event: in all, and of one quota key.
pub(super) struct Taken {
    /// Every confirmed seat.
    pub total: u32,
    /// The confirmed seats of the quota key asked about.
    pub mine: u32,
}

/// Counts the confirmed seats of `event_id`, in all and for `quota_key`.
pub(super) async fn count_seats(
    conn: &mut AnyConnection,
    event_id: i64,
    quota_key: &str,
) -> StoreResult<Taken> {
    let (total, mine): (i64, i64) = sqlx::query_as(COUNT_SEATS)
        .bind(event_id)
        .bind(quota_key)
        .fetch_one(conn)
        .await
        .map_err(map_err)?;
    Ok(Taken {
        total: u32::try_from(total).unwrap_or(u32::MAX),
        mine: u32::try_from(mine).unwrap_or(u32::MAX),
    })
}

/// Gives registration `id` its seat.
pub(super) async fn confirm(
    conn: &mut AnyConnection,
    id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(CONFIRM)
        .bind(now.timestamp())
        .bind(id)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// Inside a transaction that holds the event's lock: promotes, in waitlist order, whoever now
/// fits `settings`, and returns their ids.
pub(super) async fn promote_in_tx(
    conn: &mut AnyConnection,
    event_id: i64,
    settings: &RegistrationSettings,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let counts: Vec<(String, i64)> = sqlx::query_as(
        "select quota_key, count(*) from registrations where event_id = $1 \
         and status = 'confirmed' group by quota_key",
    )
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    let by_key: HashMap<String, u32> = counts
        .into_iter()
        .map(|(k, n)| (k, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let waitlist: Vec<(i64, String)> = sqlx::query_as(
        "select id, quota_key from registrations where event_id = $1 \
         and status = 'waitlisted' order by id",
    )
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(map_err)?;
    let ids = registration::promotions(settings, &by_key, &waitlist);
    for id in &ids {
        confirm(conn, *id, now).await?;
    }
    Ok(ids)
}

impl SqlStore {
    /// Opens a change of seats: a transaction holding the event's lock, and the event's state.
    pub(super) async fn lock_event(
        &self,
        event_id: i64,
    ) -> StoreResult<(SeatsTx<'_>, LockedEvent)> {
        let mut seats = self.begin_seats().await?;
        let event: LockedEvent = sqlx::query_as(self.sql.lock_event.clone())
            .bind(event_id)
            .fetch_one(&mut *seats.tx)
            .await
            .map_err(map_err)?;
        Ok((seats, event))
    }

    /// The event's registration settings, read without a lock.
    pub(super) async fn registration_settings(
        &self,
        event_id: i64,
    ) -> StoreResult<RegistrationSettings> {
        let event: LockedEvent = sqlx::query_as(self.sql.read_event_seats.clone())
            .bind(event_id)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(event.settings())
    }
}
