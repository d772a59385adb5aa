//! Registrations as stored: the row type, the SQL both backends share, and the
//! `RegistrationStore` implementation, written once as a macro over the pool type like the rest of
//! the store. Every change to seats runs in one transaction that first locks the event (see
//! [`Locking`]), then counts, decides with the domain's rules, and writes.

use anyhow::anyhow;
use app::domain::Lang;
use app::domain::registration::{
    Delegation, Interpretation, Registration, RegistrationDetails, RegistrationSettings,
    RegistrationStatus, Travel,
};
use app::ssr::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// How a backend takes the event's lock for a change of seats.
#[derive(Debug, Clone, Copy)]
pub struct Locking {
    /// The statement that opens a writing transaction: SQLite's `BEGIN IMMEDIATE` takes the
    /// database's write lock at once (a deferred transaction that reads and then writes fails
    /// when another writer got in between); PostgreSQL's plain `BEGIN`.
    pub begin: &'static str,
    /// The event row's lock: `SELECT … FOR UPDATE` on PostgreSQL, a plain read on SQLite (whose
    /// write lock already covers the whole database).
    pub lock_event: &'static str,
}

/// SQLite's locking.
pub const SQLITE_LOCKING: Locking = Locking {
    begin: "BEGIN IMMEDIATE",
    lock_event: "select status, published, registration_open, capacity, registration_quota, \
                 registration_deadline, slug from events where id = $1",
};

/// PostgreSQL's locking.
pub const POSTGRES_LOCKING: Locking = Locking {
    begin: "BEGIN",
    lock_event: "select status, published, registration_open, capacity, registration_quota, \
                 registration_deadline, slug from events where id = $1 for update",
};

/// What the lock statement reads of the event.
pub type LockedEvent = (
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    String,
);

/// Reads the settings from the locked event's columns.
#[must_use]
pub fn settings_of(row: &LockedEvent) -> RegistrationSettings {
    RegistrationSettings {
        open: row.2 != 0,
        capacity: row.3.and_then(|c| u32::try_from(c).ok()),
        quota: row.4.and_then(|q| u32::try_from(q).ok()),
        deadline: row
            .5
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    }
}

/// Every column a registration is read from, with its place on the waitlist.
pub const SELECT_REGISTRATION: &str = "select r.id, r.event_id, r.email, r.name, r.delegation, \
     r.organisation, r.institution, r.position, r.lang, r.arrival_date, r.arrival_time, \
     r.arrival_flight, r.departure_date, r.departure_time, r.departure_flight, r.hotel, r.transfer, \
     r.dietary, r.accessibility, r.interpretation, r.visa_letter, r.status, r.created_at, \
     r.updated_at, r.feed_generation, \
     case when r.status = 'waitlisted' then (select count(*) from registrations w \
     where w.event_id = r.event_id and w.status = 'waitlisted' and w.id <= r.id) end as waitlist_position \
     from registrations r";

/// Inserts a registration ($1..$29), returning its id.
pub const INSERT_REGISTRATION: &str = "insert into registrations (event_id, token_hash, feed_hash, \
     submission_hash, submission_box, email, name, delegation, organisation, quota_key, institution, \
     position, lang, arrival_date, arrival_time, arrival_flight, departure_date, departure_time, \
     departure_flight, hotel, transfer, dietary, accessibility, interpretation, visa_letter, status, \
     consent_at, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
     $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29) returning id";

/// Seats taken at event `$1`: in all, and by the quota key `$2`.
pub const COUNT_SEATS: &str = "select count(*), coalesce(sum(case when quota_key = $2 then 1 else 0 end), 0) \
     from registrations where event_id = $1 and status = 'confirmed'";

/// Gives registration `$2` its seat at instant `$1`.
pub const CONFIRM: &str =
    "update registrations set status = 'confirmed', updated_at = $1 where id = $2";

/// Changes what a delegate may change ($1..$15 details, $16 now, $17 id), never a cancelled one.
pub const UPDATE_REGISTRATION: &str = "update registrations set institution = $1, position = $2, \
     lang = $3, arrival_date = $4, arrival_time = $5, arrival_flight = $6, departure_date = $7, \
     departure_time = $8, departure_flight = $9, hotel = $10, transfer = $11, dietary = $12, \
     accessibility = $13, interpretation = $14, visa_letter = $15, updated_at = $16 \
     where id = $17 and status <> 'cancelled'";

/// The stored columns of one leg of travel.
#[must_use]
pub fn travel_columns(t: Option<&Travel>) -> (Option<String>, Option<String>, String) {
    match t {
        Some(t) => (
            Some(t.date.to_string()),
            t.time.map(|x| x.format("%H:%M").to_string()),
            t.flight.clone(),
        ),
        None => (None, None, String::new()),
    }
}

/// A stored registration.
#[derive(Debug, sqlx::FromRow)]
pub struct RegistrationRow {
    id: i64,
    event_id: i64,
    email: String,
    name: String,
    delegation: String,
    organisation: String,
    institution: String,
    position: String,
    lang: String,
    arrival_date: Option<String>,
    arrival_time: Option<String>,
    arrival_flight: String,
    departure_date: Option<String>,
    departure_time: Option<String>,
    departure_flight: String,
    hotel: i64,
    transfer: i64,
    dietary: String,
    accessibility: String,
    interpretation: String,
    visa_letter: i64,
    status: String,
    created_at: i64,
    updated_at: i64,
    /// Read by `registration_by_token`.
    pub feed_generation: i64,
    waitlist_position: Option<i64>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow!("corrupt stored registration {what}: {value:?}"))
}

fn instant(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| corrupt("instant", &secs.to_string()))
}

fn travel(date: Option<&str>, time: Option<&str>, flight: &str) -> StoreResult<Option<Travel>> {
    let Some(date) = date else {
        return Ok(None);
    };
    Ok(Some(Travel {
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| corrupt("date", date))?,
        time: time
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| corrupt("time", t)))
            .transpose()?,
        flight: flight.to_owned(),
    }))
}

impl RegistrationRow {
    /// Converts to the domain's registration.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_registration(self) -> StoreResult<Registration> {
        let delegation = Delegation::from_parts(&self.delegation, &self.organisation)
            .ok_or_else(|| corrupt("delegation", &self.delegation))?;
        Ok(Registration {
            id: self.id,
            event_id: self.event_id,
            details: RegistrationDetails {
                name: self.name,
                email: self.email,
                delegation,
                institution: self.institution,
                position: self.position,
                lang: Lang::parse(&self.lang).ok_or_else(|| corrupt("lang", &self.lang))?,
                arrival: travel(
                    self.arrival_date.as_deref(),
                    self.arrival_time.as_deref(),
                    &self.arrival_flight,
                )?,
                departure: travel(
                    self.departure_date.as_deref(),
                    self.departure_time.as_deref(),
                    &self.departure_flight,
                )?,
                hotel: self.hotel != 0,
                transfer: self.transfer != 0,
                dietary: self.dietary,
                accessibility: self.accessibility,
                interpretation: if self.interpretation.is_empty() {
                    None
                } else {
                    Some(
                        Interpretation::parse(&self.interpretation)
                            .ok_or_else(|| corrupt("interpretation", &self.interpretation))?,
                    )
                },
                visa_letter: self.visa_letter != 0,
            },
            status: RegistrationStatus::parse(&self.status)
                .ok_or_else(|| corrupt("status", &self.status))?,
            waitlist_position: self.waitlist_position.and_then(|p| u32::try_from(p).ok()),
            created_at: instant(self.created_at)?,
            updated_at: instant(self.updated_at)?,
        })
    }
}

/// Binds the columns a delegate may change, in `UPDATE_REGISTRATION`'s order ($1..$15).
macro_rules! bind_logistics {
    ($query:expr, $d:expr) => {{
        let (ad, at, af) = $crate::db::registrations::travel_columns($d.arrival.as_ref());
        let (dd, dt, df) = $crate::db::registrations::travel_columns($d.departure.as_ref());
        $query
            .bind(&$d.institution)
            .bind(&$d.position)
            .bind($d.lang.code())
            .bind(ad)
            .bind(at)
            .bind(af)
            .bind(dd)
            .bind(dt)
            .bind(df)
            .bind(i64::from($d.hotel))
            .bind(i64::from($d.transfer))
            .bind(&$d.dietary)
            .bind(&$d.accessibility)
            .bind($d.interpretation.map_or("", |i| i.code()))
            .bind(i64::from($d.visa_letter))
    }};
}

pub(crate) use bind_logistics;

/// Inside the transaction `$tx` that holds the event's lock: promotes, in waitlist order, whoever
/// now fits `$settings`, and evaluates to their ids.
macro_rules! promote_in_tx {
    ($tx:ident, $event_id:expr, $settings:expr, $now:expr) => {{
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "select quota_key, count(*) from registrations where event_id = $1 \
             and status = 'confirmed' group by quota_key",
        )
        .bind($event_id)
        .fetch_all(&mut *$tx)
        .await
        .map_err($crate::db::map_err)?;
        let by: std::collections::HashMap<String, u32> = counts
            .into_iter()
            .map(|(k, n)| (k, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect();
        let waitlist: Vec<(i64, String)> = sqlx::query_as(
            "select id, quota_key from registrations where event_id = $1 \
             and status = 'waitlisted' order by id",
        )
        .bind($event_id)
        .fetch_all(&mut *$tx)
        .await
        .map_err($crate::db::map_err)?;
        let ids = app::domain::registration::promotions(&$settings, &by, &waitlist);
        for id in &ids {
            sqlx::query($crate::db::registrations::CONFIRM)
                .bind($now.timestamp())
                .bind(id)
                .execute(&mut *$tx)
                .await
                .map_err($crate::db::map_err)?;
        }
        ids
    }};
}

pub(crate) use promote_in_tx;

/// Implements `RegistrationStore` for a backend struct holding `pool`, `locking: Locking` and
/// `write_gate: Option<tokio::sync::Mutex<()>>` (SQLite's one writer at a time in this process).
macro_rules! impl_registration_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Opens a transaction holding the event's lock, and reads the event's state.
            async fn lock_event(
                &self,
                event_id: i64,
            ) -> app::ssr::StoreResult<(
                Option<tokio::sync::MutexGuard<'_, ()>>,
                sqlx::Transaction<'static, $db>,
                $crate::db::registrations::LockedEvent,
            )> {
                let gate = match &self.write_gate {
                    Some(m) => Some(m.lock().await),
                    None => None,
                };
                let mut tx = self
                    .pool
                    .begin_with(self.locking.begin)
                    .await
                    .map_err($crate::db::map_err)?;
                let row: $crate::db::registrations::LockedEvent =
                    sqlx::query_as(self.locking.lock_event)
                        .bind(event_id)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                Ok((gate, tx, row))
            }

            async fn registration_by_id(
                &self,
                id: i64,
            ) -> app::ssr::StoreResult<$crate::db::registrations::RegistrationRow> {
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "{} where r.id = $1",
                    $crate::db::registrations::SELECT_REGISTRATION
                )))
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)
            }

            async fn registrations_by_ids(
                &self,
                ids: &[i64],
            ) -> app::ssr::StoreResult<Vec<app::domain::registration::Registration>> {
                let mut out = Vec::with_capacity(ids.len());
                for id in ids {
                    out.push(self.registration_by_id(*id).await?.into_registration()?);
                }
                Ok(out)
            }
        }

        #[async_trait::async_trait]
        impl app::ssr::RegistrationStore for $store {
            async fn event_by_id(&self, id: i64) -> app::ssr::StoreResult<app::domain::Event> {
                <$store>::event_by_id(self, id).await
            }

            async fn registration_settings(
                &self,
                event_id: i64,
            ) -> app::ssr::StoreResult<app::domain::registration::RegistrationSettings> {
                let row: $crate::db::registrations::LockedEvent = sqlx::query_as(
                    $crate::db::registrations::SQLITE_LOCKING.lock_event,
                )
                .bind(event_id)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok($crate::db::registrations::settings_of(&row))
            }

            async fn set_registration_settings(
                &self,
                event_id: i64,
                settings: &app::domain::registration::RegistrationSettings,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<Vec<app::domain::registration::Registration>> {
                let (gate, mut tx, row) = self.lock_event(event_id).await?;
                let old = $crate::db::registrations::settings_of(&row);
                let show = |s: &app::domain::registration::RegistrationSettings| {
                    [
                        ("registration_open", s.open.to_string()),
                        ("capacity", s.capacity.map(|c| c.to_string()).unwrap_or_default()),
                        ("quota", s.quota.map(|c| c.to_string()).unwrap_or_default()),
                        ("deadline", s.deadline.map(|c| c.to_string()).unwrap_or_default()),
                    ]
                };
                let changes: Vec<app::domain::lifecycle::FieldChange> = show(&old)
                    .into_iter()
                    .zip(show(settings))
                    .filter(|(o, n)| o.1 != n.1)
                    .map(|(o, n)| app::domain::lifecycle::FieldChange {
                        field: o.0.into(),
                        old: o.1,
                        new: n.1,
                    })
                    .collect();
                sqlx::query(
                    "update events set registration_open = $1, capacity = $2, registration_quota = $3, \
                     registration_deadline = $4, version = version + 1 where id = $5",
                )
                .bind(i64::from(settings.open))
                .bind(settings.capacity.map(i64::from))
                .bind(settings.quota.map(i64::from))
                .bind(settings.deadline.map(|d| d.to_string()))
                .bind(event_id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                if !changes.is_empty() {
                    sqlx::query($crate::db::rows::INSERT_AUDIT)
                        .bind(event_id)
                        .bind(&row.6)
                        .bind(by.account_id)
                        .bind(&by.email)
                        .bind("registration-settings")
                        .bind($crate::db::rows::changes_json(&changes)?)
                        .bind(now.timestamp())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                }
                let ids = $crate::db::registrations::promote_in_tx!(tx, event_id, settings, now);
                tx.commit().await.map_err($crate::db::map_err)?;
                drop(gate);
                self.registrations_by_ids(&ids).await
            }

            async fn register(
                &self,
                event_id: i64,
                new: &app::ssr::NewRegistration<'_>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::registration::Registration> {
                let (gate, mut tx, row) = self.lock_event(event_id).await?;
                let settings = $crate::db::registrations::settings_of(&row);
                if row.0 == "cancelled" || row.1 == 0 || !settings.open {
                    return Err(app::ssr::StoreError::Conflict("closed".into()));
                }
                let d = new.details;
                let key = d.delegation.quota_key();
                let (total, mine): (i64, i64) = sqlx::query_as($crate::db::registrations::COUNT_SEATS)
                .bind(event_id)
                .bind(&key)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                let status = app::domain::registration::admit(
                    &settings,
                    u32::try_from(total).unwrap_or(u32::MAX),
                    u32::try_from(mine).unwrap_or(u32::MAX),
                );
                let (ad, at, af) = $crate::db::registrations::travel_columns(d.arrival.as_ref());
                let (dd, dt, df) = $crate::db::registrations::travel_columns(d.departure.as_ref());
                let (submission_hash, submission_box) = match &new.submission {
                    Some((h, b)) => (Some(h.as_str()), Some(b.as_str())),
                    None => (None, None),
                };
                let (id,): (i64,) = sqlx::query_as($crate::db::registrations::INSERT_REGISTRATION)
                    .bind(event_id)
                    .bind(&new.token_hash)
                    .bind(&new.feed_hash)
                    .bind(submission_hash)
                    .bind(submission_box)
                    .bind(&d.email)
                    .bind(&d.name)
                    .bind(d.delegation.code())
                    .bind(d.delegation.organisation())
                    .bind(&key)
                    .bind(&d.institution)
                    .bind(&d.position)
                    .bind(d.lang.code())
                    .bind(ad)
                    .bind(at)
                    .bind(af)
                    .bind(dd)
                    .bind(dt)
                    .bind(df)
                    .bind(i64::from(d.hotel))
                    .bind(i64::from(d.transfer))
                    .bind(&d.dietary)
                    .bind(&d.accessibility)
                    .bind(d.interpretation.map_or("", |i| i.code()))
                    .bind(i64::from(d.visa_letter))
                    .bind(status.code())
                    .bind(now.timestamp())
                    .bind(now.timestamp())
                    .bind(now.timestamp())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                drop(gate);
                self.registration_by_id(id).await?.into_registration()
            }

            async fn registration_by_token(
                &self,
                token_hash: &str,
            ) -> app::ssr::StoreResult<app::ssr::RegistrationRecord> {
                let row: $crate::db::registrations::RegistrationRow =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "{} where r.token_hash = $1",
                        $crate::db::registrations::SELECT_REGISTRATION
                    )))
                    .bind(token_hash)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                let feed_generation = row.feed_generation;
                Ok(app::ssr::RegistrationRecord {
                    registration: row.into_registration()?,
                    feed_generation,
                })
            }

            async fn submission_box(&self, submission_hash: &str) -> app::ssr::StoreResult<String> {
                let (sealed,): (Option<String>,) = sqlx::query_as(
                    "select submission_box from registrations where submission_hash = $1",
                )
                .bind(submission_hash)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                sealed.ok_or(app::ssr::StoreError::NotFound)
            }

            async fn update_registration(
                &self,
                id: i64,
                details: &app::domain::registration::RegistrationDetails,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::registration::Registration> {
                let query = sqlx::query($crate::db::registrations::UPDATE_REGISTRATION);
                let done = $crate::db::registrations::bind_logistics!(query, details)
                    .bind(now.timestamp())
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                if done.rows_affected() != 1 {
                    return Err(app::ssr::StoreError::NotFound);
                }
                self.registration_by_id(id).await?.into_registration()
            }

            async fn cancel_registration(
                &self,
                id: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<Vec<app::domain::registration::Registration>> {
                let (event_id,): (i64,) =
                    sqlx::query_as("select event_id from registrations where id = $1")
                        .bind(id)
                        .fetch_one(&self.pool)
                        .await
                        .map_err($crate::db::map_err)?;
                let (gate, mut tx, row) = self.lock_event(event_id).await?;
                let done = sqlx::query(
                    "update registrations set status = 'cancelled', cancelled_at = $1, updated_at = $1, \
                     submission_hash = null, submission_box = null where id = $2 and status <> 'cancelled'",
                )
                .bind(now.timestamp())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                if done.rows_affected() != 1 {
                    return Err(app::ssr::StoreError::NotFound);
                }
                let settings = $crate::db::registrations::settings_of(&row);
                let ids = $crate::db::registrations::promote_in_tx!(tx, event_id, settings, now);
                tx.commit().await.map_err($crate::db::map_err)?;
                drop(gate);
                self.registrations_by_ids(&ids).await
            }

            async fn promote_registration(
                &self,
                event_id: i64,
                id: i64,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::registration::Registration> {
                let (gate, mut tx, row) = self.lock_event(event_id).await?;
                let settings = $crate::db::registrations::settings_of(&row);
                let (key,): (String,) = sqlx::query_as(
                    "select quota_key from registrations where id = $1 and event_id = $2 \
                     and status = 'waitlisted'",
                )
                .bind(id)
                .bind(event_id)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                let (total, mine): (i64, i64) = sqlx::query_as($crate::db::registrations::COUNT_SEATS)
                .bind(event_id)
                .bind(&key)
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                if !app::domain::registration::fits(
                    &settings,
                    u32::try_from(total).unwrap_or(u32::MAX),
                    u32::try_from(mine).unwrap_or(u32::MAX),
                ) {
                    return Err(app::ssr::StoreError::Conflict("full".into()));
                }
                sqlx::query($crate::db::registrations::CONFIRM)
                    .bind(now.timestamp())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                let change = app::domain::lifecycle::FieldChange {
                    field: format!("registration {id}"),
                    old: "waitlisted".into(),
                    new: "confirmed".into(),
                };
                sqlx::query($crate::db::rows::INSERT_AUDIT)
                    .bind(event_id)
                    .bind(&row.6)
                    .bind(by.account_id)
                    .bind(&by.email)
                    .bind("promote")
                    .bind($crate::db::rows::changes_json(&[change])?)
                    .bind(now.timestamp())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                drop(gate);
                self.registration_by_id(id).await?.into_registration()
            }

            async fn promote_waitlist(
                &self,
                event_id: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<Vec<app::domain::registration::Registration>> {
                let (gate, mut tx, row) = self.lock_event(event_id).await?;
                let settings = $crate::db::registrations::settings_of(&row);
                let ids = $crate::db::registrations::promote_in_tx!(tx, event_id, settings, now);
                tx.commit().await.map_err($crate::db::map_err)?;
                drop(gate);
                self.registrations_by_ids(&ids).await
            }

            async fn registrations_for_event(
                &self,
                event_id: i64,
            ) -> app::ssr::StoreResult<Vec<app::domain::registration::Registration>> {
                let rows: Vec<$crate::db::registrations::RegistrationRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "{} where r.event_id = $1 order by r.id",
                        $crate::db::registrations::SELECT_REGISTRATION
                    )))
                    .bind(event_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                rows.into_iter()
                    .map($crate::db::registrations::RegistrationRow::into_registration)
                    .collect()
            }

            async fn set_feed_hash(
                &self,
                id: i64,
                feed_hash: &str,
                generation: i64,
            ) -> app::ssr::StoreResult<()> {
                let done = sqlx::query(
                    "update registrations set feed_hash = $1, feed_generation = $2 where id = $3",
                )
                .bind(feed_hash)
                .bind(generation)
                .bind(id)
                .execute(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                if done.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(app::ssr::StoreError::NotFound)
                }
            }

            async fn personal_feed(
                &self,
                feed_hash: &str,
            ) -> app::ssr::StoreResult<Vec<app::domain::Event>> {
                let (email,): (String,) =
                    sqlx::query_as("select email from registrations where feed_hash = $1")
                        .bind(feed_hash)
                        .fetch_one(&self.pool)
                        .await
                        .map_err($crate::db::map_err)?;
                let rows: Vec<$crate::db::rows::EventRow> =
                    sqlx::query_as(sqlx::AssertSqlSafe(self.sql.for_person.clone()))
                        .bind(email)
                        .fetch_all(&self.pool)
                        .await
                        .map_err($crate::db::map_err)?;
                rows.into_iter().map($crate::db::rows::EventRow::into_event).collect()
            }

            async fn coordination_registrations(
                &self,
            ) -> app::ssr::StoreResult<Vec<app::domain::coordination::Registration>> {
                let rows: Vec<(i64, String, String)> = sqlx::query_as(
                    "select event_id, email, quota_key from registrations where status <> 'cancelled'",
                )
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(event_id, person, delegation)| app::domain::coordination::Registration {
                        event_id,
                        person,
                        delegation,
                    })
                    .collect())
            }
        }
    };
}

pub(crate) use impl_registration_store;
