//! Rows as stored, their conversion to and from domain events, and the SQL both backends share
//! (`$n` placeholders work on SQLite and PostgreSQL alike).

use anyhow::anyhow;
use app::domain::{
    Country, Event, EventDates, EventDetails, EventKind, EventStatus, LocalTimes, Localized,
};
use app::ssr::{StoreError, StoreResult};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The columns of `events`, plus the co-hosts aggregated into one comma-separated column.
#[derive(Debug, sqlx::FromRow)]
pub struct EventRow {
    id: i64,
    slug: String,
    uid: String,
    host: String,
    cohosts: Option<String>,
    city: String,
    venue: String,
    tz: String,
    kind: String,
    title_es: String,
    title_en: String,
    description_es: String,
    description_en: String,
    status: String,
    capacity: Option<i64>,
    date_precision: String,
    start_date: String,
    end_date: String,
    start_time: Option<String>,
    end_time: Option<String>,
    revision: i64,
    version: i64,
    published: i64,
    cancel_reason: String,
    cancelled_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow!("corrupt stored {what}: {value:?}"))
}

fn date(value: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| corrupt("date", value))
}

fn time(value: &str) -> StoreResult<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M:%S").map_err(|_| corrupt("time", value))
}

fn instant(secs: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0).ok_or_else(|| corrupt("instant", &secs.to_string()))
}

impl EventRow {
    /// Converts to the domain event, refusing rows that do not make sense.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_event(self) -> StoreResult<Event> {
        let host = Country::parse(&self.host).ok_or_else(|| corrupt("host", &self.host))?;
        let mut cohosts = Vec::new();
        for code in self
            .cohosts
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|c| !c.is_empty())
        {
            cohosts.push(Country::parse(code).ok_or_else(|| corrupt("co-host", code))?);
        }
        cohosts.sort_unstable();
        let dates = if self.date_precision == "month" {
            let first = date(&self.start_date)?;
            EventDates::Month {
                year: chrono::Datelike::year(&first),
                month: chrono::Datelike::month(&first),
            }
        } else {
            let times = match (&self.start_time, &self.end_time) {
                (Some(s), Some(e)) => Some(LocalTimes {
                    start: time(s)?,
                    end: time(e)?,
                }),
                _ => None,
            };
            EventDates::Exact {
                start: date(&self.start_date)?,
                end: date(&self.end_date)?,
                times,
            }
        };
        Ok(Event {
            id: self.id,
            slug: self.slug,
            uid: self.uid,
            details: EventDetails {
                host,
                cohosts,
                city: self.city,
                venue: self.venue,
                tz: self.tz.parse().map_err(|_| corrupt("zone", &self.tz))?,
                kind: EventKind::parse(&self.kind).ok_or_else(|| corrupt("kind", &self.kind))?,
                title: Localized::new(self.title_es, self.title_en),
                description: Localized::new(self.description_es, self.description_en),
                status: EventStatus::parse(&self.status)
                    .ok_or_else(|| corrupt("status", &self.status))?,
                capacity: self.capacity.and_then(|c| u32::try_from(c).ok()),
                dates,
            },
            revision: self.revision,
            version: self.version,
            published: self.published != 0,
            cancel_reason: self.cancel_reason,
            cancelled_at: self.cancelled_at.map(instant).transpose()?,
            created_at: instant(self.created_at)?,
            updated_at: instant(self.updated_at)?,
        })
    }
}

/// The stored form of dates without their instants: precision, first and last day, local times.
#[must_use]
pub fn date_columns(
    dates: &EventDates,
) -> (&'static str, String, String, Option<String>, Option<String>) {
    let times = dates.times();
    (
        if dates.is_month_only() {
            "month"
        } else {
            "day"
        },
        dates.first_day().to_string(),
        dates.last_day().to_string(),
        times.map(|t| t.start.format("%H:%M:%S").to_string()),
        times.map(|t| t.end.format("%H:%M:%S").to_string()),
    )
}

/// Reads dates back from their stored columns.
///
/// # Errors
/// `StoreError::Other` for corrupt data.
pub fn dates_from_columns(
    precision: &str,
    start_date: &str,
    end_date: &str,
    start_time: Option<&str>,
    end_time: Option<&str>,
) -> StoreResult<EventDates> {
    if precision == "month" {
        let first = date(start_date)?;
        return Ok(EventDates::Month {
            year: chrono::Datelike::year(&first),
            month: chrono::Datelike::month(&first),
        });
    }
    let times = match (start_time, end_time) {
        (Some(s), Some(e)) => Some(LocalTimes {
            start: time(s)?,
            end: time(e)?,
        }),
        _ => None,
    };
    Ok(EventDates::Exact {
        start: date(start_date)?,
        end: date(end_date)?,
        times,
    })
}

/// A row of `event_previous_dates`.
#[derive(Debug, sqlx::FromRow)]
pub struct PreviousDatesRow {
    date_precision: String,
    start_date: String,
    end_date: String,
    start_time: Option<String>,
    end_time: Option<String>,
    replaced_at: i64,
}

impl PreviousDatesRow {
    /// Converts to dates and the time they were replaced.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_dates(self) -> StoreResult<(EventDates, DateTime<Utc>)> {
        Ok((
            dates_from_columns(
                &self.date_precision,
                &self.start_date,
                &self.end_date,
                self.start_time.as_deref(),
                self.end_time.as_deref(),
            )?,
            instant(self.replaced_at)?,
        ))
    }
}

/// A row of `accounts`.
#[derive(Debug, sqlx::FromRow)]
pub struct AccountRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    country: Option<String>,
    password_hash: Option<String>,
    disabled: i64,
    created_at: i64,
}

/// The columns of `accounts`, in `AccountRow` order.
pub const ACCOUNT_COLUMNS: &str =
    "a.id, a.email, a.name, a.role, a.country, a.password_hash, a.disabled, a.created_at";

impl AccountRow {
    /// Converts to the domain account and the password hash.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_account(self) -> StoreResult<(app::domain::account::Account, Option<String>)> {
        let role = app::domain::account::role_from_columns(&self.role, self.country.as_deref())
            .ok_or_else(|| corrupt("role", &self.role))?;
        Ok((
            app::domain::account::Account {
                id: self.id,
                email: self.email,
                name: self.name,
                role,
                disabled: self.disabled != 0,
                has_password: self.password_hash.is_some(),
                created_at: instant(self.created_at)?,
            },
            self.password_hash,
        ))
    }
}

/// A row of `audit_log`.
#[derive(Debug, sqlx::FromRow)]
pub struct AuditRow {
    at: i64,
    account_email: String,
    action: String,
    changes: String,
}

impl AuditRow {
    /// Converts to an audit entry.
    ///
    /// # Errors
    /// `StoreError::Other` for corrupt data.
    pub fn into_entry(self) -> StoreResult<app::ssr::AuditEntry> {
        Ok(app::ssr::AuditEntry {
            at: instant(self.at)?,
            who: self.account_email,
            action: self.action,
            changes: serde_json::from_str(&self.changes)
                .map_err(|_| corrupt("audit changes", &self.changes))?,
        })
    }
}

/// The derived columns of an event's dates, ready to bind.
pub struct EventColumns {
    /// Host code.
    pub host: &'static str,
    /// `day` or `month`.
    pub precision: &'static str,
    /// First local day.
    pub start_date: String,
    /// Last local day.
    pub end_date: String,
    /// Local start time, `HH:MM:SS`.
    pub start_time: Option<String>,
    /// Local end time, `HH:MM:SS`.
    pub end_time: Option<String>,
    /// UTC start, unix seconds.
    pub starts_at: i64,
    /// UTC end, unix seconds.
    pub ends_at: i64,
}

impl EventColumns {
    /// Derives the columns from validated details.
    ///
    /// # Errors
    /// `StoreError::Other` if the local times do not resolve (validation prevents it).
    pub fn from_details(d: &EventDetails) -> StoreResult<Self> {
        let times = d.dates.times();
        Ok(Self {
            host: d.host.code(),
            precision: if d.dates.is_month_only() {
                "month"
            } else {
                "day"
            },
            start_date: d.dates.first_day().to_string(),
            end_date: d.dates.last_day().to_string(),
            start_time: times.map(|t| t.start.format("%H:%M:%S").to_string()),
            end_time: times.map(|t| t.end.format("%H:%M:%S").to_string()),
            starts_at: d
                .starts_at()
                .map_err(|e| StoreError::Other(e.into()))?
                .timestamp(),
            ends_at: d
                .ends_at()
                .map_err(|e| StoreError::Other(e.into()))?
                .timestamp(),
        })
    }
}

/// Inserts an event and returns its id; `$21` is both created and updated time, `$22` published.
pub const INSERT_EVENT: &str = "insert into events (slug, uid, host, city, venue, tz, kind, title_es, title_en, \
     description_es, description_en, status, capacity, date_precision, start_date, end_date, start_time, \
     end_time, starts_at, ends_at, revision, created_at, updated_at, published, cancelled_at) \
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 0, $21, $21, $22, \
     case when $12 = 'cancelled' then $21 end) \
     returning id";

/// Rewrites an event's details at an expected version (`$21`): `$19` is added to the revision.
pub const UPDATE_EVENT: &str = "update events set host = $1, city = $2, venue = $3, tz = $4, kind = $5, \
     title_es = $6, title_en = $7, description_es = $8, description_en = $9, status = $10, capacity = $11, \
     date_precision = $12, start_date = $13, end_date = $14, start_time = $15, end_time = $16, \
     starts_at = $17, ends_at = $18, revision = revision + $19, version = version + 1, updated_at = $20, \
     cancel_reason = $22, published = $23, \
     cancelled_at = case when $10 = 'cancelled' then coalesce(cancelled_at, $20) end \
     where id = $24 and version = $21";

/// The SELECT statements, built once per backend around its string-aggregation function. They are
/// assembled only from constants in this file, never from input, hence `AssertSqlSafe` at use.
pub struct Sql {
    /// Events with `ends_at > $1`, soonest first, at most `$2`.
    pub upcoming: Arc<str>,
    /// Events with `ends_at <= $1`, latest first, at most `$2`.
    pub past: Arc<str>,
    /// Events touching the local days `$1` to `$2`.
    pub days: Arc<str>,
    /// Events whose last day is on or after `$1`.
    pub since: Arc<str>,
    /// All events.
    pub all: Arc<str>,
    /// One event by slug `$1`.
    pub by_slug: Arc<str>,
    /// One event by id `$1`.
    pub by_id: Arc<str>,
    /// Every event, drafts included, hosted or co-hosted by `$1`.
    pub for_host: Arc<str>,
    /// Every event, drafts included.
    pub all_with_drafts: Arc<str>,
    /// Published events with a live registration of the address `$1` (the personal feed).
    pub for_person: Arc<str>,
}

impl Sql {
    /// Builds the statements; `aggregate` is the backend's `group_concat`/`string_agg` call on `country`.
    #[must_use]
    pub fn new(aggregate: &str) -> Self {
        let select = format!(
            "select e.id, e.slug, e.uid, e.host, \
             (select {aggregate} from event_cohosts c where c.event_id = e.id) as cohosts, \
             e.city, e.venue, e.tz, e.kind, e.title_es, e.title_en, e.description_es, e.description_en, \
             e.status, e.capacity, e.date_precision, e.start_date, e.end_date, e.start_time, e.end_time, \
             e.revision, e.version, e.published, e.cancel_reason, e.cancelled_at, e.created_at, e.updated_at from events e"
        );
        let public = "e.published = 1";
        Self {
            upcoming: arc(format!(
                "{select} where {public} and e.ends_at > $1 order by e.starts_at, e.id limit $2"
            )),
            past: arc(format!(
                "{select} where {public} and e.ends_at <= $1 order by e.starts_at desc, e.id desc limit $2"
            )),
            days: arc(format!(
                "{select} where {public} and e.start_date <= $2 and e.end_date >= $1 \
                 order by e.starts_at, e.id"
            )),
            since: arc(format!(
                "{select} where {public} and e.end_date >= $1 order by e.starts_at, e.id"
            )),
            all: arc(format!(
                "{select} where {public} order by e.starts_at, e.id"
            )),
            by_slug: arc(format!("{select} where e.slug = $1")),
            by_id: arc(format!("{select} where e.id = $1")),
            for_host: arc(format!(
                "{select} where e.host = $1 or exists (select 1 from event_cohosts h \
                 where h.event_id = e.id and h.country = $1) order by e.starts_at desc, e.id desc"
            )),
            all_with_drafts: arc(format!("{select} order by e.starts_at desc, e.id desc")),
            for_person: arc(format!(
                "{select} where {public} and e.id in (select r.event_id from registrations r \
                 where r.email = $1 and r.status <> 'cancelled') order by e.starts_at, e.id"
            )),
        }
    }
}

fn arc(sql: String) -> Arc<str> {
    Arc::from(sql)
}

/// Bumps the events' change counter; run inside every transaction that changes events.
pub const BUMP_EVENTS_VERSION: &str = "update change_counters set n = n + 1 where name = 'events'";

/// Appends a line to the audit log.
pub const INSERT_AUDIT: &str = "insert into audit_log (event_id, event_slug, account_id, account_email, action, \
     changes, at) values ($1, $2, $3, $4, $5, $6, $7)";

/// The audit log's JSON form of a list of changes.
///
/// # Errors
/// `StoreError::Other` if serialisation fails (it does not for these types).
pub fn changes_json(changes: &[app::domain::lifecycle::FieldChange]) -> StoreResult<String> {
    serde_json::to_string(changes).map_err(|e| StoreError::Other(e.into()))
}
