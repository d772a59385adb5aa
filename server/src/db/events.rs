//! Events: reading and listing them, creating, changing and deleting them with their co-hosts,
//! previous dates and audit log, each change in one transaction that bumps the change counter
//! and writes what the region's change log tells of it (published, new dates, cancelled).

use app::domain::lifecycle::FieldChange;
use app::domain::{Country, Event, EventDates, EventDetails};
use app::ssr::{
    AuditActor, AuditEntry, Conflict, EventQuery, EventUpdate, Letters, MailReason, StoreError,
    StoreResult,
};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Row, SqlStr};

use crate::atom::told;

use super::changes::insert_change;
use super::map_err;
use super::registrations::write_letters;
use super::rows::{AuditRow, EventColumns, EventRow, PreviousDatesRow, changes_json, date_columns};
use super::seats::settle_in_tx;
use super::sql_store::SqlStore;
use super::statements::{
    BUMP_EVENTS_VERSION, INSERT_AUDIT, INSERT_COHOST, INSERT_EVENT, UPDATE_EVENT,
};

/// One line of an event's audit log.
pub(super) struct AuditLine<'a> {
    /// The event.
    pub event_id: i64,
    /// Its slug, kept when the event is deleted.
    pub slug: &'a str,
    /// Who made the change.
    pub by: &'a AuditActor,
    /// The change's name (`create`, `update`, `promote`, ...).
    pub action: &'a str,
    /// What changed.
    pub changes: &'a [FieldChange],
    /// When.
    pub at: DateTime<Utc>,
}

/// Appends `line` to the audit log, inside the caller's transaction.
pub(super) async fn insert_audit(conn: &mut AnyConnection, line: AuditLine<'_>) -> StoreResult<()> {
    sqlx::query(INSERT_AUDIT)
        .bind(line.event_id)
        .bind(line.slug)
        .bind(line.by.account_id)
        .bind(&line.by.email)
        .bind(line.action)
        .bind(changes_json(line.changes)?)
        .bind(line.at.timestamp())
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// Bumps the events' change counter, inside the caller's transaction.
pub(super) async fn bump_events_version(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query(BUMP_EVENTS_VERSION)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// Binds an event's 18 detail columns, in the order `INSERT_EVENT` ($3..$20) and `UPDATE_EVENT`
/// ($1..$18) both list them.
fn bind_details<'q>(
    query: Query<'q, Any, AnyArguments>,
    details: &EventDetails,
    cols: &EventColumns,
) -> Query<'q, Any, AnyArguments> {
    query
        .bind(cols.host)
        .bind(&details.city)
        .bind(&details.venue)
        .bind(details.tz.name())
        .bind(details.kind.code())
        .bind(&details.title.es)
        .bind(&details.title.en)
        .bind(&details.description.es)
        .bind(&details.description.en)
        .bind(details.status.code())
        .bind(details.capacity.map(i64::from))
        .bind(cols.precision)
        .bind(&cols.start_date)
        .bind(&cols.end_date)
        .bind(&cols.start_time)
        .bind(&cols.end_time)
        .bind(cols.starts_at)
        .bind(cols.ends_at)
}

/// Adds the co-hosts of an event, inside the caller's transaction.
async fn insert_cohosts(conn: &mut AnyConnection, id: i64, cohosts: &[Country]) -> StoreResult<()> {
    for country in cohosts {
        sqlx::query(INSERT_COHOST)
            .bind(id)
            .bind(country.code())
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
    }
    Ok(())
}

/// A new event to insert.
pub(super) struct NewEvent<'a> {
    /// Its slug.
    pub slug: &'a str,
    /// Its feed UID.
    pub uid: &'a str,
    /// What it is.
    pub details: &'a EventDetails,
    /// Published, or a draft.
    pub published: bool,
    /// The registration mode it starts with (the store's default for new events).
    pub registration_mode: app::domain::registration::RegistrationMode,
}

/// Inserts one event with its co-hosts and its audit line (`action`: `create`, `import`) inside
/// the caller's transaction, and returns its id. Creating and importing share it.
pub(super) async fn insert_event(
    conn: &mut AnyConnection,
    new: NewEvent<'_>,
    by: &AuditActor,
    action: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let cols = EventColumns::from_details(new.details)?;
    let query = sqlx::query(INSERT_EVENT).bind(new.slug).bind(new.uid);
    let row = bind_details(query, new.details, &cols)
        .bind(now.timestamp())
        .bind(i64::from(new.published))
        .bind(new.registration_mode.code())
        .fetch_one(&mut *conn)
        .await
        .map_err(map_err)?;
    let id: i64 = row.try_get("id").map_err(map_err)?;
    insert_cohosts(conn, id, &new.details.cohosts).await?;
    let changes = app::domain::lifecycle::created(new.details);
    let line = AuditLine {
        event_id: id,
        slug: new.slug,
        by,
        action,
        changes: &changes,
        at: now,
    };
    insert_audit(conn, line).await?;
    if new.published {
        let about = told::About {
            id,
            slug: new.slug,
            details: new.details,
        };
        insert_change(conn, &told::published(about), now).await?;
    }
    Ok(id)
}

/// An event query on the prepared statement `sql`, ready for its arguments.
pub(super) fn event_select<'q>(sql: &SqlStr) -> EventSelect<'q> {
    sqlx::query_as(sql.clone())
}

/// A query that selects events.
pub(super) type EventSelect<'q> = QueryAs<'q, Any, EventRow, AnyArguments>;

impl SqlStore {
    /// The events `query` selects.
    pub(super) async fn fetch_events(&self, query: EventSelect<'_>) -> StoreResult<Vec<Event>> {
        let rows = query.fetch_all(&self.pool).await.map_err(map_err)?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// The one event `query` selects; `NotFound` when there is none.
    async fn fetch_event(&self, query: EventSelect<'_>) -> StoreResult<Event> {
        query
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?
            .into_event()
    }

    /// One event by id, drafts included.
    pub(super) async fn event_by_id(&self, id: i64) -> StoreResult<Event> {
        self.fetch_event(event_select(&self.sql.by_id).bind(id))
            .await
    }

    /// One event by slug, drafts included.
    pub(super) async fn event_by_slug(&self, slug: &str) -> StoreResult<Event> {
        self.fetch_event(event_select(&self.sql.by_slug).bind(slug))
            .await
    }

    /// Number of events stored.
    pub(super) async fn count_events(&self) -> StoreResult<i64> {
        sqlx::query_scalar("select count(*) from events")
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }

    /// The published events `query` asks for.
    pub(super) async fn list_events(&self, query: EventQuery) -> StoreResult<Vec<Event>> {
        let sql = &self.sql;
        let select = match query {
            EventQuery::Upcoming { now, limit } => event_select(&sql.upcoming)
                .bind(now.timestamp())
                .bind(i64::from(limit)),
            EventQuery::Past { now, limit } => event_select(&sql.past)
                .bind(now.timestamp())
                .bind(i64::from(limit)),
            EventQuery::Days { first, last } => event_select(&sql.days)
                .bind(first.to_string())
                .bind(last.to_string()),
            EventQuery::Since { first } => event_select(&sql.since).bind(first.to_string()),
            EventQuery::All => event_select(&sql.all),
        };
        self.fetch_events(select).await
    }

    /// Every event including drafts that `country` hosts or co-hosts, or all.
    pub(super) async fn events_for_hosts(
        &self,
        country: Option<Country>,
    ) -> StoreResult<Vec<Event>> {
        let select = match country {
            Some(c) => event_select(&self.sql.for_host).bind(c.code()),
            None => event_select(&self.sql.all_with_drafts),
        };
        self.fetch_events(select).await
    }

    /// Stores a new event and its audit line.
    pub(super) async fn create_event_by(
        &self,
        new: NewEvent<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<Event> {
        let mut tx = self.begin().await?;
        let id = insert_event(&mut tx, new, by, "create", now).await?;
        bump_events_version(&mut tx).await?;
        tx.commit().await.map_err(map_err)?;
        self.event_by_id(id).await
    }

    /// Applies a checked change at the expected version, in one transaction.
    pub(super) async fn update_event(
        &self,
        id: i64,
        update: EventUpdate<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Event> {
        let current = self.event_by_id(id).await?;
        if current.version != update.expected_version {
            return Err(StoreError::Conflict(Conflict::StaleVersion));
        }
        let details = &update.outcome.details;
        let cols = EventColumns::from_details(details)?;
        let published = current.published || update.publish;
        // Calendars hear only of published changes that matter to them (the feeds' SEQUENCE).
        let bump = i64::from(current.published && update.outcome.calendar_change);
        let reason = update
            .cancel_reason
            .map_or_else(|| current.cancel_reason.clone(), str::to_owned);
        // A change of capacity or quotas changes seats: the edit takes the event's lock, and
        // whoever now fits moves up from the waitlist in the same transaction.
        let (mut seats, _) = self.lock_event(id).await?;
        let tx = &mut seats.tx;
        let done = bind_details(sqlx::query(UPDATE_EVENT), details, &cols)
            .bind(bump)
            .bind(now.timestamp())
            .bind(update.expected_version)
            .bind(&reason)
            .bind(i64::from(published))
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() != 1 {
            // Another save got there first, between our read and our write.
            return Err(StoreError::Conflict(Conflict::StaleVersion));
        }
        sqlx::query("delete from event_cohosts where event_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(map_err)?;
        insert_cohosts(tx, id, &details.cohosts).await?;
        if let Some(previous) = &update.outcome.previous_dates {
            let (precision, start, end, start_time, end_time) = date_columns(previous);
            sqlx::query(
                "insert into event_previous_dates (event_id, date_precision, start_date, \
                 end_date, start_time, end_time, replaced_at) values ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(precision)
            .bind(start)
            .bind(end)
            .bind(start_time)
            .bind(end_time)
            .bind(now.timestamp())
            .execute(&mut **tx)
            .await
            .map_err(map_err)?;
        }
        let line = AuditLine {
            event_id: id,
            slug: &current.slug,
            by,
            action: update.action,
            changes: &update.outcome.changes,
            at: now,
        };
        insert_audit(tx, line).await?;
        // What the change log tells of it, in the same transaction: written with the change.
        let reason = update.cancel_reason;
        for change in told::of_update(&current, update.outcome, update.publish, reason) {
            insert_change(tx, &change, now).await?;
        }
        bump_events_version(tx).await?;
        let settings = self.registration_settings_in(tx, id).await?;
        let promoted_ids = settle_in_tx(tx, id, &settings, now).await?;
        let promoted = Self::registrations_in(tx, &promoted_ids).await?;
        write_letters(tx, mail, MailReason::Promoted, &promoted, now).await?;
        seats.commit().await?;
        self.event_by_id(id).await
    }

    /// Deletes a draft at the expected version, leaving a line in the audit log.
    pub(super) async fn delete_draft(
        &self,
        id: i64,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let current = self.event_by_id(id).await?;
        if current.published {
            return Err(StoreError::Conflict(Conflict::Published));
        }
        let mut tx = self.begin().await?;
        let line = AuditLine {
            event_id: id,
            slug: &current.slug,
            by,
            action: "delete",
            changes: &[],
            at: now,
        };
        insert_audit(&mut tx, line).await?;
        let done =
            sqlx::query("delete from events where id = $1 and version = $2 and published = 0")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(Conflict::StaleVersion));
        }
        bump_events_version(&mut tx).await?;
        tx.commit().await.map_err(map_err)
    }

    /// The dates an event had before it was moved, newest first.
    pub(super) async fn previous_dates(
        &self,
        event_id: i64,
    ) -> StoreResult<Vec<(EventDates, DateTime<Utc>)>> {
        let rows: Vec<PreviousDatesRow> = sqlx::query_as(
            "select date_precision, start_date, end_date, start_time, end_time, replaced_at \
             from event_previous_dates where event_id = $1 order by replaced_at desc, id desc",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(PreviousDatesRow::into_dates).collect()
    }

    /// An event's audit log, newest first.
    pub(super) async fn audit_log(&self, event_id: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "select at, account_email, action, changes from audit_log where event_id = $1 \
             order by at desc, id desc",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(AuditRow::into_entry).collect()
    }
}
