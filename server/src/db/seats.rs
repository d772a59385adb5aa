//! Changes of seats: every one runs in a transaction that first takes the event's lock (see
//! [`Dialect::begin_seats`](super::Dialect::begin_seats) and
//! [`Dialect::lock_row`](super::Dialect::lock_row)), then counts, decides with the domain's
//! rules, and writes, so capacity and quotas hold under any concurrency. A seat is taken by a
//! confirmed registration or by a hold still running
//! ([`takes_seat`](app::domain::registration::takes_seat), mirrored in SQL below); those that can
//! give a seat to someone new first settle the event ([`settle_in_tx`]).

use std::collections::HashMap;

use app::domain::registration::{self, RegistrationMode, RegistrationSettings, SeatCounts};
use app::ssr::StoreResult;
use app::ssr::store::PageStamp;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

use super::map_err;
use super::sql_store::{SeatsTx, SqlStore};

/// Seats taken at event `$1` at instant `$3`: in all, and by the quota key `$2`. A seat is
/// taken by a confirmed registration or a hold still running, as [`registration::takes_seat`]
/// says (a held seat is stored `confirmed` with its hold's instant): the confirmed rows, read
/// from the `seat_counters` the triggers keep, less the holds that ran out and are not released
/// yet (few: an index range).
const COUNT_SEATS: &str = "select \
     cast(coalesce((select sum(confirmed) from seat_counters where event_id = $1), 0) \
     - (select count(*) from registrations where event_id = $1 and status = 'confirmed' \
     and hold_until <= $3) as bigint), \
     cast(coalesce((select confirmed from seat_counters where event_id = $1 \
     and quota_key = $2), 0) \
     - (select count(*) from registrations where event_id = $1 and status = 'confirmed' \
     and quota_key = $2 and hold_until <= $3) as bigint)";

/// The confirmed registrations of event `$1` per quota key (the counters; see [`COUNT_SEATS`]).
const CONFIRMED_BY_KEY: &str =
    "select quota_key, confirmed from seat_counters where event_id = $1 and confirmed > 0";

/// The holds of event `$1` that ran out at instant `$2` and still count as confirmed, per key.
const EXPIRED_BY_KEY: &str = "select quota_key, count(*) from registrations where event_id = $1 \
     and status = 'confirmed' and hold_until <= $2 group by quota_key";

/// The people in line at event `$1` at instant `$2`, in order: waitlisted, not awaiting
/// approval, and if held, still within the hold (as [`registration::in_line`] says).
const IN_LINE: &str = "select id, quota_key from registrations where event_id = $1 \
     and status = 'waitlisted' and awaiting_approval = 0 \
     and (hold_until is null or hold_until > $2) order by id";

/// Gives registration `$2` its seat at instant `$1` (a held place stays held: its hold goes on).
const CONFIRM: &str = "update registrations set status = 'confirmed', awaiting_approval = 0, \
     updated_at = $1 where id = $2";

/// Releases, at instant `$1`, the live registrations of event `$2` whose hold ran out (they keep
/// the hold's instant, which marks them expired).
const RELEASE_EXPIRED: &str = "update registrations set status = 'cancelled', cancelled_at = $1, \
     updated_at = $1, submission_hash = null, submission_box = null \
     where event_id = $2 and status in ('confirmed', 'waitlisted') \
     and hold_until is not null and hold_until <= $1";

/// The registration settings of event `e` (the columns of [`LockedEvent`]) and its registrations
/// counted at instant `$2` as [`SeatCounts`] counts them: taken ([`registration::takes_seat`]:
/// confirmed, or held with the hold running; a held seat is stored `confirmed` with its hold's
/// instant), of those held, in line ([`registration::in_line`]: waitlisted, not awaiting
/// approval, within any hold), and awaiting approval; the event is `e`, the counted ones `c`,
/// whose `from … where event_id = ` the caller ends. One row, however many registrations, read
/// from `registrations_seats_idx` alone.
macro_rules! seat_summary_sql {
    () => {
        "select e.status, e.published, e.registration_open, e.capacity, \
         e.registration_quota, e.registration_deadline, e.registration_mode, e.slug, \
         coalesce(c.taken, 0) as taken, coalesce(c.held, 0) as held, \
         coalesce(c.in_line, 0) as in_line, coalesce(c.awaiting, 0) as awaiting"
    };
}
macro_rules! seat_counts_sql {
    () => {
        "(select \
         sum(case when status = 'confirmed' and (hold_until is null or hold_until > $2) \
         then 1 else 0 end) as taken, \
         sum(case when status = 'confirmed' and hold_until is not null and hold_until > $2 \
         then 1 else 0 end) as held, \
         sum(case when status = 'waitlisted' and awaiting_approval = 0 \
         and (hold_until is null or hold_until > $2) then 1 else 0 end) as in_line, \
         sum(case when status = 'waitlisted' and awaiting_approval <> 0 then 1 else 0 end) \
         as awaiting, \
         min(case when hold_until > $2 then hold_until end) as next_hold_end \
         from registrations where status in ('confirmed', 'waitlisted') and event_id = "
    };
}

/// Event `$1`'s settings and seats at `$2` (see [`seat_summary_sql`]).
const SEAT_SUMMARY: &str = concat!(
    seat_summary_sql!(),
    ", c.next_hold_end from events e cross join ",
    seat_counts_sql!(),
    "$1) c where e.id = $1"
);

/// What the page of the event with slug `$1` depends on at `$2`: the events' change counter, the
/// event's settings and seats, and the end of its next hold (no row: no such event).
const EVENT_PAGE_STAMP: &str = concat!(
    seat_summary_sql!(),
    ", c.next_hold_end, (select n from change_counters where name = 'events') as events_version \
     from events e cross join ",
    seat_counts_sql!(),
    "(select id from events where slug = $1)) c where e.slug = $1"
);

/// A row of [`SEAT_SUMMARY`].
#[derive(Debug, sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    event: LockedEvent,
    taken: i64,
    held: i64,
    in_line: i64,
    awaiting: i64,
    next_hold_end: Option<i64>,
}

impl SummaryRow {
    fn counts(&self) -> SeatCounts {
        let n = |v: i64| u32::try_from(v).unwrap_or(0);
        SeatCounts {
            taken: n(self.taken),
            held: n(self.held),
            in_line: n(self.in_line),
            awaiting: n(self.awaiting),
        }
    }
}

/// A row of [`EVENT_PAGE_STAMP`].
#[derive(Debug, sqlx::FromRow)]
struct StampRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    events_version: i64,
}

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
    /// The registration mode's code.
    pub registration_mode: String,
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
            mode: RegistrationMode::parse(&self.registration_mode).unwrap_or_default(),
        }
    }

    /// Whether the event takes registrations at all (published, not cancelled, open).
    pub fn takes_registrations(&self) -> bool {
        self.status != "cancelled" && self.published != 0 && self.registration_open != 0
    }
}

/// Seats taken at an event: in all, and of one quota key.
pub(super) struct Taken {
    /// Every seat taken.
    pub total: u32,
    /// The seats taken by the quota key asked about.
    pub mine: u32,
}

/// Counts the seats of `event_id` taken at `now`, in all and for `quota_key`.
pub(super) async fn count_seats(
    conn: &mut AnyConnection,
    event_id: i64,
    quota_key: &str,
    now: DateTime<Utc>,
) -> StoreResult<Taken> {
    let (total, mine): (i64, i64) = sqlx::query_as(COUNT_SEATS)
        .bind(event_id)
        .bind(quota_key)
        .bind(now.timestamp())
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
/// fits `settings`, and returns their ids. Expired holds neither take a seat nor wait in line;
/// those awaiting approval do not wait in line.
pub(super) async fn promote_in_tx(
    conn: &mut AnyConnection,
    event_id: i64,
    settings: &RegistrationSettings,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let waitlist: Vec<(i64, String)> = sqlx::query_as(IN_LINE)
        .bind(event_id)
        .bind(now.timestamp())
        .fetch_all(&mut *conn)
        .await
        .map_err(map_err)?;
    if waitlist.is_empty() {
        return Ok(Vec::new());
    }
    let confirmed: Vec<(String, i64)> = sqlx::query_as(CONFIRMED_BY_KEY)
        .bind(event_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(map_err)?;
    let expired: HashMap<String, i64> = sqlx::query_as(EXPIRED_BY_KEY)
        .bind(event_id)
        .bind(now.timestamp())
        .fetch_all(&mut *conn)
        .await
        .map_err(map_err)?
        .into_iter()
        .collect();
    let by_key: HashMap<String, u32> = confirmed
        .into_iter()
        .map(|(k, n)| {
            let taken = n - expired.get(&k).copied().unwrap_or(0);
            let taken = u32::try_from(taken.max(0)).unwrap_or(u32::MAX);
            (k, taken)
        })
        .collect();
    let ids = registration::promotions(settings, &by_key, &waitlist);
    for id in &ids {
        confirm(conn, *id, now).await?;
    }
    Ok(ids)
}

/// Inside a transaction that holds the event's lock: releases the holds that ran out at `now`,
/// then promotes whoever now fits; returns the ids promoted. Every change of seats that could
/// give a seat to someone new runs this first, so a newcomer never takes a seat freed by an
/// expired hold ahead of the people waiting for it.
pub(super) async fn settle_in_tx(
    conn: &mut AnyConnection,
    event_id: i64,
    settings: &RegistrationSettings,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    sqlx::query(RELEASE_EXPIRED)
        .bind(now.timestamp())
        .bind(event_id)
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    promote_in_tx(conn, event_id, settings, now).await
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

    /// The event's registration settings and its seats counted at `now`, in one query.
    pub(super) async fn seat_summary(
        &self,
        event_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<(RegistrationSettings, SeatCounts)> {
        let row: SummaryRow = sqlx::query_as(SEAT_SUMMARY)
            .bind(event_id)
            .bind(now.timestamp())
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok((row.event.settings(), row.counts()))
    }

    /// What a public page depends on at `now` (see [`app::ssr::Store::page_stamp`]).
    pub(super) async fn page_stamp(
        &self,
        slug: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<PageStamp> {
        let Some(slug) = slug else {
            return Ok(PageStamp {
                events: self.events_version().await?,
                event: None,
            });
        };
        let row: Option<StampRow> = sqlx::query_as(EVENT_PAGE_STAMP)
            .bind(slug)
            .bind(now.timestamp())
            .fetch_optional(&self.pool)
            .await
            .map_err(map_err)?;
        match row {
            Some(row) => Ok(PageStamp {
                events: row.events_version,
                event: Some((
                    row.summary.event.settings(),
                    row.summary.counts(),
                    row.summary.next_hold_end,
                )),
            }),
            None => Ok(PageStamp {
                events: self.events_version().await?,
                event: None,
            }),
        }
    }

    /// The event's registration settings as the transaction `conn` sees them (after its own
    /// change of the event, say).
    pub(super) async fn registration_settings_in(
        &self,
        conn: &mut AnyConnection,
        event_id: i64,
    ) -> StoreResult<RegistrationSettings> {
        let event: LockedEvent = sqlx::query_as(self.sql.read_event_seats.clone())
            .bind(event_id)
            .fetch_one(conn)
            .await
            .map_err(map_err)?;
        Ok(event.settings())
    }
}
