//! Reading meeting records and commitments back into the domain: a record with its agreements,
//! commitments, members' statuses and notes; commitments with their meeting (`MeetingRef`) and
//! the first day of the event a "before" due point waits for.

use std::collections::{BTreeMap, HashMap};

use app::domain::Country;
use app::domain::event::EventStatus;
use app::domain::lang::Localized;
use app::domain::outcomes::{
    Agreement, Commitment, CommitmentStatus, DuePoint, MeetingRecord, Party, ProgressNote,
    RecordStatus,
};
use app::ssr::{CommitmentMeta, CommitmentRow, MeetingRef, StoreError, StoreResult, StoredRecord};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::map_err;
use super::rows::dates_from_columns;

/// A corrupt stored value.
fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow::anyhow!("outcomes: bad stored {what}: {value:?}"))
}

fn time(at: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp(at, 0).ok_or_else(|| corrupt("time", &at.to_string()))
}

fn day(text: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt("day", text))
}

fn status(code: &str) -> StoreResult<CommitmentStatus> {
    CommitmentStatus::parse(code).ok_or_else(|| corrupt("status", code))
}

fn countries(list: &str) -> StoreResult<Vec<Country>> {
    let mut out = list
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Country::parse(c).ok_or_else(|| corrupt("country", c)))
        .collect::<StoreResult<Vec<_>>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Reads column `i` of `row`.
fn col<'r, T>(row: &'r AnyRow, i: usize) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(i).map_err(map_err)
}

/// Which commitments to read.
#[derive(Clone, Copy)]
pub(super) enum Scope {
    /// Those of one record.
    Event(i64),
    /// One.
    One(i64),
    /// All (drafts' too; the caller filters).
    All,
}

/// The commitment columns, joined with their agreement and the event a "before" waits for.
macro_rules! commitment_select {
    ($where:literal) => {
        concat!(
            "select c.id, c.uid, a.event_id, a.number, c.parties, c.action_es, c.action_en, \
             c.due_kind, c.due_date, c.due_event, c.condition_es, c.condition_en, c.status, \
             c.sequence, c.updated_at, c.position, de.start_date, de.status \
             from commitments c join agreements a on a.id = c.agreement_id \
             left join events de on de.slug = c.due_event ",
            $where,
            " order by a.number, c.position, c.id"
        )
    };
}

macro_rules! member_select {
    ($where:literal) => {
        concat!(
            "select m.commitment_id, m.country, m.status from commitment_members m \
             join commitments c on c.id = m.commitment_id \
             join agreements a on a.id = c.agreement_id ",
            $where
        )
    };
}

macro_rules! note_select {
    ($where:literal) => {
        concat!(
            "select n.commitment_id, n.on_day, n.party, n.text_es, n.text_en \
             from commitment_notes n join commitments c on c.id = n.commitment_id \
             join agreements a on a.id = c.agreement_id ",
            $where,
            " order by n.on_day, n.id"
        )
    };
}

/// The rows of `sql` for `scope` (binding its id, if any).
async fn fetch(pool: &AnyPool, sql: &'static str, scope: Scope) -> StoreResult<Vec<AnyRow>> {
    let query = sqlx::query(sql);
    let query = match scope {
        Scope::Event(id) | Scope::One(id) => query.bind(id),
        Scope::All => query,
    };
    query.fetch_all(pool).await.map_err(map_err)
}

/// A stored commitment: where it belongs, its identity, and the commitment.
pub(super) struct Loaded {
    /// Its meeting's event.
    pub event_id: i64,
    /// Its agreement's number.
    pub agreement: u32,
    /// Its identity.
    pub meta: CommitmentMeta,
    /// The commitment.
    pub commitment: Commitment,
    /// For "before", that event's first day unless cancelled.
    pub due_event_first_day: Option<NaiveDate>,
}

/// The commitments of `scope`, in agreement number and position order, with their members'
/// statuses and notes (oldest first).
pub(super) async fn load_commitments(pool: &AnyPool, scope: Scope) -> StoreResult<Vec<Loaded>> {
    let (c_sql, m_sql, n_sql) = match scope {
        Scope::Event(_) => (
            commitment_select!("where a.event_id = $1"),
            member_select!("where a.event_id = $1"),
            note_select!("where a.event_id = $1"),
        ),
        Scope::One(_) => (
            commitment_select!("where c.id = $1"),
            member_select!("where c.id = $1"),
            note_select!("where c.id = $1"),
        ),
        Scope::All => (commitment_select!(""), member_select!(""), note_select!("")),
    };
    let mut members: HashMap<i64, BTreeMap<Country, CommitmentStatus>> = HashMap::new();
    for row in fetch(pool, m_sql, scope).await? {
        let code: String = col(&row, 1)?;
        let country = Country::parse(&code).ok_or_else(|| corrupt("member", &code))?;
        let s: String = col(&row, 2)?;
        members
            .entry(col(&row, 0)?)
            .or_default()
            .insert(country, status(&s)?);
    }
    let mut notes: HashMap<i64, Vec<ProgressNote>> = HashMap::new();
    for row in fetch(pool, n_sql, scope).await? {
        let on: String = col(&row, 1)?;
        let party: String = col(&row, 2)?;
        notes.entry(col(&row, 0)?).or_default().push(ProgressNote {
            on: day(&on)?,
            party: Party::parse(&party).ok_or_else(|| corrupt("party", &party))?,
            text: Localized::new(col::<String>(&row, 3)?, col::<String>(&row, 4)?),
        });
    }
    let mut out = Vec::new();
    for row in fetch(pool, c_sql, scope).await? {
        let id: i64 = col(&row, 0)?;
        out.push(commitment_of(
            &row,
            members.remove(&id).unwrap_or_default(),
            notes.remove(&id).unwrap_or_default(),
        )?);
    }
    Ok(out)
}

/// One row of `commitment_select!` into a [`Loaded`].
fn commitment_of(
    row: &AnyRow,
    members: BTreeMap<Country, CommitmentStatus>,
    notes: Vec<ProgressNote>,
) -> StoreResult<Loaded> {
    let parties_text: String = col(row, 4)?;
    let mut parties = parties_text
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| Party::parse(p).ok_or_else(|| corrupt("party", p)))
        .collect::<StoreResult<Vec<_>>>()?;
    parties.sort_unstable();
    parties.dedup();
    let kind: String = col(row, 7)?;
    let due_date: Option<String> = col(row, 8)?;
    let due_event: Option<String> = col(row, 9)?;
    let due = match kind.as_str() {
        "on" => DuePoint::On(day(due_date.as_deref().unwrap_or_default())?),
        "before" => DuePoint::Before {
            event: due_event.unwrap_or_default(),
        },
        "when" => DuePoint::When(Localized::new(
            col::<String>(row, 10)?,
            col::<String>(row, 11)?,
        )),
        "periodically" => DuePoint::Periodically,
        "unstated" => DuePoint::Unstated,
        other => return Err(corrupt("due kind", other)),
    };
    let start: Option<String> = col(row, 16)?;
    let event_status: Option<String> = col(row, 17)?;
    let due_event_first_day = match (start, event_status) {
        (Some(start), Some(s)) if EventStatus::parse(&s) != Some(EventStatus::Cancelled) => {
            Some(day(&start)?)
        }
        _ => None,
    };
    let number: i64 = col(row, 3)?;
    let s: String = col(row, 12)?;
    Ok(Loaded {
        event_id: col(row, 2)?,
        agreement: u32::try_from(number).map_err(|_| corrupt("number", &number.to_string()))?,
        meta: CommitmentMeta {
            id: col(row, 0)?,
            uid: col(row, 1)?,
            sequence: col(row, 13)?,
            updated_at: time(col(row, 14)?)?,
        },
        commitment: Commitment {
            parties,
            action: Localized::new(col::<String>(row, 5)?, col::<String>(row, 6)?),
            due,
            status: status(&s)?,
            members,
            notes,
        },
        due_event_first_day,
    })
}

/// The record columns joined with the event's, in `header_of`'s order.
macro_rules! meeting_select {
    () => {
        "select r.event_id, e.slug, e.uid, e.title_es, e.title_en, r.title_es, r.title_en, \
         e.date_precision, e.start_date, e.end_date, e.start_time, e.end_time, r.status, \
         e.host, e.status, r.place, r.preamble_es, r.preamble_en, r.delegations, r.version, \
         r.updated_at from meeting_records r join events e on e.id = r.event_id"
    };
}

/// A record's header as read: the meeting, and the record without agreements.
pub(super) struct Header {
    /// As lists show the meeting.
    pub meeting: MeetingRef,
    /// The record, agreements empty.
    pub record: MeetingRecord,
    /// Its version.
    pub version: i64,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Every record's header (`event_id` `None`) or one's, with the meeting's co-hosts.
pub(super) async fn load_headers(
    pool: &AnyPool,
    event_id: Option<i64>,
) -> StoreResult<Vec<Header>> {
    let rows = match event_id {
        Some(id) => sqlx::query(concat!(meeting_select!(), " where r.event_id = $1"))
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(map_err)?,
        None => sqlx::query(meeting_select!())
            .fetch_all(pool)
            .await
            .map_err(map_err)?,
    };
    let mut cohosts: HashMap<i64, Vec<Country>> = HashMap::new();
    let cohost_rows = sqlx::query(
        "select h.event_id, h.country from event_cohosts h \
         join meeting_records r on r.event_id = h.event_id order by h.country",
    )
    .fetch_all(pool)
    .await
    .map_err(map_err)?;
    for row in cohost_rows {
        let code: String = col(&row, 1)?;
        let c = Country::parse(&code).ok_or_else(|| corrupt("co-host", &code))?;
        cohosts.entry(col(&row, 0)?).or_default().push(c);
    }
    rows.iter().map(|row| header_of(row, &cohosts)).collect()
}

fn header_of(row: &AnyRow, cohosts: &HashMap<i64, Vec<Country>>) -> StoreResult<Header> {
    let event_id: i64 = col(row, 0)?;
    let precision: String = col(row, 7)?;
    let start: String = col(row, 8)?;
    let end: String = col(row, 9)?;
    let start_time: Option<String> = col(row, 10)?;
    let end_time: Option<String> = col(row, 11)?;
    let dates = dates_from_columns(
        &precision,
        &start,
        &end,
        start_time.as_deref(),
        end_time.as_deref(),
    )?;
    let r_status: String = col(row, 12)?;
    let status = RecordStatus::parse(&r_status).ok_or_else(|| corrupt("record", &r_status))?;
    let host: String = col(row, 13)?;
    let host = Country::parse(&host).ok_or_else(|| corrupt("host", &host))?;
    let mut hosts = vec![host];
    hosts.extend(cohosts.get(&event_id).into_iter().flatten().copied());
    let e_status: String = col(row, 14)?;
    let e_status = EventStatus::parse(&e_status).ok_or_else(|| corrupt("event", &e_status))?;
    let slug: String = col(row, 1)?;
    let title = Localized::new(col::<String>(row, 5)?, col::<String>(row, 6)?);
    let delegations: String = col(row, 18)?;
    let record = MeetingRecord {
        event_id,
        event_slug: slug.clone(),
        title: title.clone(),
        place: col(row, 15)?,
        dates,
        dates_tentative: dates.is_month_only() || e_status == EventStatus::Tentative,
        status,
        preamble: Localized::new(col::<String>(row, 16)?, col::<String>(row, 17)?),
        delegations: countries(&delegations)?,
        agreements: Vec::new(),
    };
    Ok(Header {
        meeting: MeetingRef {
            event_id,
            slug,
            uid: col(row, 2)?,
            event_title: Localized::new(col::<String>(row, 3)?, col::<String>(row, 4)?),
            title,
            dates,
            status,
            hosts,
        },
        record,
        version: col(row, 19)?,
        updated_at: time(col(row, 20)?)?,
    })
}

/// The record of `event_id` with its agreements and commitments, if any.
pub(super) async fn load_record(
    pool: &AnyPool,
    event_id: i64,
) -> StoreResult<Option<StoredRecord>> {
    let Some(header) = load_headers(pool, Some(event_id)).await?.into_iter().next() else {
        return Ok(None);
    };
    let rows = sqlx::query(
        "select number, text_es, text_en, events from agreements where event_id = $1 \
         order by number",
    )
    .bind(event_id)
    .fetch_all(pool)
    .await
    .map_err(map_err)?;
    let mut record = header.record;
    for row in rows {
        let number: i64 = col(&row, 0)?;
        let events: String = col(&row, 3)?;
        record.agreements.push(Agreement {
            number: u32::try_from(number).map_err(|_| corrupt("number", &number.to_string()))?,
            text: Localized::new(col::<String>(&row, 1)?, col::<String>(&row, 2)?),
            events: events
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            commitments: Vec::new(),
        });
    }
    let mut meta = vec![Vec::new(); record.agreements.len()];
    for loaded in load_commitments(pool, Scope::Event(event_id)).await? {
        if let Some(i) = record
            .agreements
            .iter()
            .position(|a| a.number == loaded.agreement)
        {
            record.agreements[i].commitments.push(loaded.commitment);
            meta[i].push(loaded.meta);
        }
    }
    Ok(Some(StoredRecord {
        record,
        meta,
        version: header.version,
        updated_at: header.updated_at,
    }))
}

/// Commitments with their meetings: drafts' only with `include_drafts`; by meeting date,
/// agreement number and position.
pub(super) async fn commitment_rows(
    pool: &AnyPool,
    scope: Scope,
    include_drafts: bool,
) -> StoreResult<Vec<CommitmentRow>> {
    let meetings: HashMap<i64, MeetingRef> = load_headers(pool, None)
        .await?
        .into_iter()
        .map(|h| (h.meeting.event_id, h.meeting))
        .collect();
    let mut rows: Vec<CommitmentRow> = load_commitments(pool, scope)
        .await?
        .into_iter()
        .filter_map(|l| {
            let meeting = meetings.get(&l.event_id)?.clone();
            (include_drafts || meeting.status.is_public()).then_some(CommitmentRow {
                meta: l.meta,
                meeting,
                agreement: l.agreement,
                commitment: l.commitment,
                due_event_first_day: l.due_event_first_day,
            })
        })
        .collect();
    // The order within an agreement is the query's (position); sorting is stable.
    rows.sort_by_key(|r| (r.meeting.dates.first_day(), r.meeting.event_id, r.agreement));
    Ok(rows)
}
