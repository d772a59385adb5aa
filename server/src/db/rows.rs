//! Rows as stored and their conversion to and from the domain: events, their previous dates,
//! accounts and the audit log. Flags are integers (0 or 1) on both databases.

use anyhow::anyhow;
use app::domain::{
    Country, Event, EventDates, EventDetails, EventKind, EventStatus, LocalTimes, Localized,
};
use app::ssr::{StoreError, StoreResult};

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
        let dates = dates_from_columns(
            &self.date_precision,
            &self.start_date,
            &self.end_date,
            self.start_time.as_deref(),
            self.end_time.as_deref(),
        )?;
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

/// The audit log's JSON form of a list of changes.
///
/// # Errors
/// `StoreError::Other` if serialisation fails (it does not for these types).
pub fn changes_json(changes: &[app::domain::lifecycle::FieldChange]) -> StoreResult<String> {
    serde_json::to_string(changes).map_err(|e| StoreError::Other(e.into()))
}
