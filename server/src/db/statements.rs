//! The SQL of the store: constants that are the same on both databases (`$n` placeholders work on
//! SQLite and PostgreSQL alike), and [`Sql`], the statements built once per [`Dialect`].

use sqlx::{AssertSqlSafe, SqlSafeStr, SqlStr};

use super::dialect::Dialect;

/// Inserts an event and returns its id; `$21` is both created and updated time, `$22` published,
/// `$23` its registration mode.
pub const INSERT_EVENT: &str = "insert into events (slug, uid, host, city, venue, tz, kind, \
     title_es, title_en, description_es, description_en, status, capacity, date_precision, \
     start_date, end_date, start_time, end_time, starts_at, ends_at, revision, created_at, \
     updated_at, published, cancelled_at, registration_mode) values ($1, $2, $3, $4, $5, $6, \
     $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 0, $21, $21, $22, \
     case when $12 = 'cancelled' then $21 end, $23) returning id";

/// Rewrites an event's details at an expected version (`$21`): `$19` is added to the revision.
pub const UPDATE_EVENT: &str = "update events set host = $1, city = $2, venue = $3, tz = $4, \
     kind = $5, title_es = $6, title_en = $7, description_es = $8, description_en = $9, \
     status = $10, capacity = $11, date_precision = $12, start_date = $13, end_date = $14, \
     start_time = $15, end_time = $16, starts_at = $17, ends_at = $18, \
     revision = revision + $19, version = version + 1, updated_at = $20, cancel_reason = $22, \
     published = $23, \
     cancelled_at = case when $10 = 'cancelled' then coalesce(cancelled_at, $20) end \
     where id = $24 and version = $21";

/// Adds co-host `$2` to event `$1`.
pub const INSERT_COHOST: &str = "insert into event_cohosts (event_id, country) values ($1, $2)";

/// Bumps the events' change counter; run inside every transaction that changes events.
pub const BUMP_EVENTS_VERSION: &str = "update change_counters set n = n + 1 where name = 'events'";

/// Appends a line to the audit log.
pub const INSERT_AUDIT: &str = "insert into audit_log (event_id, event_slug, account_id, \
     account_email, action, changes, at) values ($1, $2, $3, $4, $5, $6, $7)";

/// The columns of `accounts a`, in `AccountRow` order.
const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.name, a.role, a.country, a.password_hash, a.disabled, a.created_at";

/// Every column a registration is read from, with its place on the waitlist (those awaiting
/// approval are not in line).
const SELECT_REGISTRATION: &str = "select r.id, r.event_id, r.email, r.name, r.delegation, \
     r.organisation, r.institution, r.position, r.lang, r.arrival_date, r.arrival_time, \
     r.arrival_flight, r.departure_date, r.departure_time, r.departure_flight, r.hotel, \
     r.transfer, r.dietary, r.accessibility, r.interpretation, r.visa_letter, r.status, \
     r.created_at, r.updated_at, r.feed_generation, r.hold_until, r.awaiting_approval, \
     case when r.status = 'waitlisted' and r.awaiting_approval = 0 then (select count(*) \
     from registrations w where w.event_id = r.event_id and w.status = 'waitlisted' \
     and w.awaiting_approval = 0 and w.id <= r.id) end \
     as waitlist_position from registrations r";

/// What a change of seats reads of the event it locks, in `LockedEvent` order.
const LOCKED_EVENT: &str = "select status, published, registration_open, capacity, \
     registration_quota, registration_deadline, registration_mode, slug from events where id = $1";

/// The statements whose text depends on the dialect, or is assembled from the constants above.
/// They are built once, only from constants in this crate, never from input: hence
/// `AssertSqlSafe` here, and nowhere else.
#[derive(Debug)]
pub struct Sql {
    /// Events with `ends_at > $1`, soonest first, at most `$2`.
    pub upcoming: SqlStr,
    /// Events with `ends_at <= $1`, latest first, at most `$2`.
    pub past: SqlStr,
    /// Events touching the local days `$1` to `$2`.
    pub days: SqlStr,
    /// Events whose last day is on or after `$1`.
    pub since: SqlStr,
    /// All events.
    pub all: SqlStr,
    /// One event by slug `$1`.
    pub by_slug: SqlStr,
    /// One event by id `$1`.
    pub by_id: SqlStr,
    /// Every event, drafts included, hosted or co-hosted by `$1`.
    pub for_host: SqlStr,
    /// Every event, drafts included.
    pub all_with_drafts: SqlStr,
    /// Published events with a live registration of the address `$1` (the personal feed).
    pub for_person: SqlStr,
    /// The account with e-mail `$1`.
    pub account_by_email: SqlStr,
    /// The account with id `$1`.
    pub account_by_id: SqlStr,
    /// Every account, secretariat first.
    pub accounts: SqlStr,
    /// The enabled account of the session `$1` that is live at `$2`.
    pub session_account: SqlStr,
    /// The registration with id `$1`.
    pub registration_by_id: SqlStr,
    /// The registration whose manage token hashes to `$1`.
    pub registration_by_token: SqlStr,
    /// Every registration of event `$1`, in order.
    pub registrations_for_event: SqlStr,
    /// The event `$1` as a change of seats reads it, locked (see [`Dialect::lock_row`]).
    pub lock_event: SqlStr,
    /// The event `$1` as a change of seats reads it, without a lock.
    pub read_event_seats: SqlStr,
    /// The live registrations of the address `$1`, oldest first.
    pub live_registrations_of: SqlStr,
    /// Leases, until `$1`, at most `$3` pending messages due and free at `$2`, oldest first (see
    /// [`Dialect::skip_locked`]), and returns them.
    pub claim_mail: SqlStr,
}

impl Sql {
    /// Builds the statements for `dialect`.
    #[must_use]
    pub fn new(dialect: Dialect) -> Self {
        let select = format!(
            "select e.id, e.slug, e.uid, e.host, \
             (select {} from event_cohosts c where c.event_id = e.id) as cohosts, \
             e.city, e.venue, e.tz, e.kind, e.title_es, e.title_en, e.description_es, \
             e.description_en, e.status, e.capacity, e.date_precision, e.start_date, e.end_date, \
             e.start_time, e.end_time, e.revision, e.version, e.published, e.cancel_reason, \
             e.cancelled_at, e.created_at, e.updated_at from events e",
            dialect.cohost_list()
        );
        let public = "e.published = 1";
        let accounts = format!("select {ACCOUNT_COLUMNS} from accounts a");
        Self {
            upcoming: sql(format!(
                "{select} where {public} and e.ends_at > $1 order by e.starts_at, e.id limit $2"
            )),
            past: sql(format!(
                "{select} where {public} and e.ends_at <= $1 \
                 order by e.starts_at desc, e.id desc limit $2"
            )),
            days: sql(format!(
                "{select} where {public} and e.start_date <= $2 and e.end_date >= $1 \
                 order by e.starts_at, e.id"
            )),
            since: sql(format!(
                "{select} where {public} and e.end_date >= $1 order by e.starts_at, e.id"
            )),
            all: sql(format!(
                "{select} where {public} order by e.starts_at, e.id"
            )),
            by_slug: sql(format!("{select} where e.slug = $1")),
            by_id: sql(format!("{select} where e.id = $1")),
            for_host: sql(format!(
                "{select} where e.host = $1 or exists (select 1 from event_cohosts h \
                 where h.event_id = e.id and h.country = $1) order by e.starts_at desc, e.id desc"
            )),
            all_with_drafts: sql(format!("{select} order by e.starts_at desc, e.id desc")),
            for_person: sql(format!(
                "{select} where {public} and e.id in (select r.event_id from registrations r \
                 where r.email = $1 and r.status <> 'cancelled') order by e.starts_at, e.id"
            )),
            account_by_email: sql(format!("{accounts} where a.email = $1")),
            account_by_id: sql(format!("{accounts} where a.id = $1")),
            accounts: sql(format!(
                "{accounts} order by a.role desc, a.country, a.email"
            )),
            session_account: sql(format!(
                "{accounts} join sessions s on s.account_id = a.id \
                 where s.token_hash = $1 and s.expires_at > $2 and a.disabled = 0"
            )),
            registration_by_id: sql(format!("{SELECT_REGISTRATION} where r.id = $1")),
            registration_by_token: sql(format!("{SELECT_REGISTRATION} where r.token_hash = $1")),
            registrations_for_event: sql(format!(
                "{SELECT_REGISTRATION} where r.event_id = $1 order by r.id"
            )),
            lock_event: sql(format!("{LOCKED_EVENT}{}", dialect.lock_row())),
            read_event_seats: SqlStr::from_static(LOCKED_EVENT),
            live_registrations_of: sql(format!(
                "{SELECT_REGISTRATION} where r.email = $1 and r.status <> 'cancelled' order by r.id"
            )),
            claim_mail: sql(format!(
                "update mail_outbox set locked_until = $1 where id in (select id from mail_outbox \
                 where status = 'pending' and next_attempt_at <= $2 and locked_until <= $2 \
                 order by next_attempt_at, id limit $3{}) \
                 and status = 'pending' and locked_until <= $2 \
                 returning id, recipient, subject, body, ics, ics_name, kind, event_id, attempts, \
                 list_unsubscribe",
                dialect.skip_locked()
            )),
        }
    }

    /// The registrations whose ids are among `count` placeholders `$1..`, by id.
    #[must_use]
    pub fn registrations_by_ids(count: usize) -> SqlStr {
        sql(format!(
            "{SELECT_REGISTRATION} where r.id in ({}) order by r.id",
            placeholders(count)
        ))
    }

    /// The events whose source UID is among `count` placeholders `$1..`.
    #[must_use]
    pub fn imported_uids(count: usize) -> SqlStr {
        sql(format!(
            "select import_uid from events where import_uid in ({})",
            placeholders(count)
        ))
    }
}

/// `$1, $2, ..., $count`.
fn placeholders(count: usize) -> String {
    (1..=count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement assembled in this file from constants and placeholders.
fn sql(text: String) -> SqlStr {
    AssertSqlSafe(text).into_sql_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_postgres_locks_the_row_and_aggregates_with_string_agg() {
        let pg = Sql::new(Dialect::Postgres);
        assert!(pg.lock_event.as_str().ends_with("where id = $1 for update"));
        assert!(pg.by_id.as_str().contains("string_agg(c.country"));
        let lite = Sql::new(Dialect::Sqlite);
        assert!(lite.lock_event.as_str().ends_with("where id = $1"));
        assert!(lite.by_id.as_str().contains("group_concat(c.country"));
    }

    #[test]
    fn only_postgres_skips_rows_another_sender_locked() {
        let pg = Sql::new(Dialect::Postgres);
        assert!(
            pg.claim_mail
                .as_str()
                .contains("limit $3 for update skip locked)")
        );
        let lite = Sql::new(Dialect::Sqlite);
        assert!(lite.claim_mail.as_str().contains("limit $3)"));
    }

    #[test]
    fn lists_have_one_placeholder_per_item() {
        assert!(
            Sql::registrations_by_ids(3)
                .as_str()
                .contains("r.id in ($1, $2, $3) order by r.id")
        );
    }
}
