//! The parts of meeting-outcome writes shared inside one transaction: a record's, agreement's
//! and commitment's rows, the audit line, and the `outcomes` counter.

use app::domain::lifecycle::FieldChange;
use app::domain::outcomes::{Agreement, Commitment, DuePoint, MeetingRecord, RecordStatus};
use app::ssr::{AuditActor, CommitmentMeta, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use super::events::{AuditLine, insert_audit};
use super::map_err;

/// Bumps the outcomes' counter (the to-do feeds' ETag).
const BUMP_OUTCOMES_VERSION: &str = "update change_counters set n = n + 1 where name = 'outcomes'";

/// Bumps the outcomes' counter inside the caller's transaction.
pub(super) async fn bump_outcomes(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query(BUMP_OUTCOMES_VERSION)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(())
}

/// The slug of event `event_id` (kept in the audit log); `NotFound` when there is none.
pub(super) async fn event_slug(conn: &mut AnyConnection, event_id: i64) -> StoreResult<String> {
    sqlx::query_scalar("select slug from events where id = $1")
        .bind(event_id)
        .fetch_one(conn)
        .await
        .map_err(map_err)
}

/// The meeting's event of commitment `id`, with its slug, its status and sequence.
pub(super) async fn commitment_owner(
    conn: &mut AnyConnection,
    id: i64,
) -> StoreResult<(i64, String, String, i64)> {
    let row = sqlx::query(
        "select a.event_id, e.slug, c.status, c.sequence from commitments c \
         join agreements a on a.id = c.agreement_id join events e on e.id = a.event_id \
         where c.id = $1",
    )
    .bind(id)
    .fetch_one(conn)
    .await
    .map_err(map_err)?;
    Ok((
        row.try_get(0).map_err(map_err)?,
        row.try_get(1).map_err(map_err)?,
        row.try_get(2).map_err(map_err)?,
        row.try_get(3).map_err(map_err)?,
    ))
}

/// Appends an audit line of the meeting `event_id` (`action`, and `what` as its description).
pub(super) async fn audit(
    conn: &mut AnyConnection,
    event_id: i64,
    slug: &str,
    by: &AuditActor,
    action: &str,
    what: String,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let changes = [FieldChange {
        field: "outcomes".into(),
        old: String::new(),
        new: what,
    }];
    let line = AuditLine {
        event_id,
        slug,
        by,
        action,
        changes: &changes,
        at: now,
    };
    insert_audit(conn, line).await
}

/// `a,b,c`: a stored list.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}

/// Binds a record header's seven columns, then the time of writing and `final_at` (the time, when
/// the record is final), in the order `insert_header` and `update_header` both list them.
fn bind_header<'q>(
    query: Query<'q, Any, AnyArguments>,
    record: &'q MeetingRecord,
    now: DateTime<Utc>,
) -> Query<'q, Any, AnyArguments> {
    let final_at = (record.status == RecordStatus::Final).then(|| now.timestamp());
    query
        .bind(&record.title.es)
        .bind(&record.title.en)
        .bind(&record.place)
        .bind(record.status.code())
        .bind(&record.preamble.es)
        .bind(&record.preamble.en)
        .bind(list(record.delegations.iter().map(|c| c.code())))
        .bind(now.timestamp())
        .bind(final_at)
}

/// Inserts the record's header (version 1); false when the event has a record already.
pub(super) async fn insert_header(
    conn: &mut AnyConnection,
    record: &MeetingRecord,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let query = sqlx::query(
        "insert into meeting_records (event_id, title_es, title_en, place, status, preamble_es, \
         preamble_en, delegations, version, created_at, updated_at, final_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10) on conflict (event_id) do nothing",
    )
    .bind(record.event_id);
    let done = bind_header(query, record, now)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the record's header at `expected` version, bumping it; false when another version
/// (or no record) is stored.
pub(super) async fn update_header(
    conn: &mut AnyConnection,
    record: &MeetingRecord,
    expected: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let query = sqlx::query(
        "update meeting_records set title_es = $1, title_en = $2, place = $3, status = $4, \
         preamble_es = $5, preamble_en = $6, delegations = $7, version = version + 1, \
         updated_at = $8, final_at = coalesce(final_at, $9) where event_id = $10 and version = $11",
    );
    let done = bind_header(query, record, now)
        .bind(record.event_id)
        .bind(expected)
        .execute(conn)
        .await
        .map_err(map_err)?;
    Ok(done.rows_affected() == 1)
}

/// Bumps the record's version at `expected` (agreements are part of it); `StaleVersion` when
/// another is stored.
pub(super) async fn bump_record(
    conn: &mut AnyConnection,
    event_id: i64,
    expected: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let done = sqlx::query(
        "update meeting_records set version = version + 1, updated_at = $1 \
         where event_id = $2 and version = $3",
    )
    .bind(now.timestamp())
    .bind(event_id)
    .bind(expected)
    .execute(conn)
    .await
    .map_err(map_err)?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(app::ssr::Conflict::StaleVersion))
    }
}

/// Inserts an agreement (without its commitments); false when its number is taken.
pub(super) async fn insert_agreement(
    conn: &mut AnyConnection,
    event_id: i64,
    agreement: &Agreement,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "insert into agreements (event_id, number, text_es, text_en, events) \
         values ($1, $2, $3, $4, $5) on conflict (event_id, number) do nothing",
    )
    .bind(event_id)
    .bind(i64::from(agreement.number))
    .bind(&agreement.text.es)
    .bind(&agreement.text.en)
    .bind(list(agreement.events.iter().map(String::as_str)))
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(done.rows_affected() == 1)
}

/// The due point's stored columns: kind, date, event, condition (es, en).
fn due_columns(due: &DuePoint) -> (&'static str, Option<String>, Option<String>, &str, &str) {
    match due {
        DuePoint::On(d) => ("on", Some(d.to_string()), None, "", ""),
        DuePoint::Before { event } => ("before", None, Some(event.clone()), "", ""),
        DuePoint::When(c) => ("when", None, None, &c.es, &c.en),
        DuePoint::Periodically => ("periodically", None, None, "", ""),
        DuePoint::Unstated => ("unstated", None, None, "", ""),
    }
}

/// Replaces the members' statuses of commitment `id`.
pub(super) async fn write_members(
    conn: &mut AnyConnection,
    id: i64,
    commitment: &Commitment,
) -> StoreResult<()> {
    sqlx::query("delete from commitment_members where commitment_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    for (country, status) in &commitment.members {
        sqlx::query(
            "insert into commitment_members (commitment_id, country, status) values ($1, $2, $3)",
        )
        .bind(id)
        .bind(country.code())
        .bind(status.code())
        .execute(&mut *conn)
        .await
        .map_err(map_err)?;
    }
    Ok(())
}

/// Adds a progress note to commitment `id`.
pub(super) async fn insert_note(
    conn: &mut AnyConnection,
    id: i64,
    note: &app::domain::outcomes::ProgressNote,
    by: &AuditActor,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into commitment_notes (commitment_id, on_day, party, text_es, text_en, \
         account_email, created_at) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(note.on.to_string())
    .bind(note.party.code())
    .bind(&note.text.es)
    .bind(&note.text.en)
    .bind(&by.email)
    .bind(now.timestamp())
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts a commitment at the end of agreement `number` of the record of `event_id`, with a new
/// UID, its members' statuses and notes; `NotFound` without that agreement.
pub(super) async fn insert_commitment(
    conn: &mut AnyConnection,
    event_id: i64,
    number: u32,
    commitment: &Commitment,
    by: &AuditActor,
    now: DateTime<Utc>,
) -> StoreResult<CommitmentMeta> {
    let agreement_id: i64 =
        sqlx::query_scalar("select id from agreements where event_id = $1 and number = $2")
            .bind(event_id)
            .bind(i64::from(number))
            .fetch_one(&mut *conn)
            .await
            .map_err(map_err)?;
    let position: i64 = sqlx::query_scalar(
        "select coalesce(max(position) + 1, 0) from commitments where agreement_id = $1",
    )
    .bind(agreement_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(map_err)?;
    let uid = format!("{}@enlace", uuid::Uuid::new_v4());
    let (kind, date, event, cond_es, cond_en) = due_columns(&commitment.due);
    let id: i64 = sqlx::query_scalar(
        "insert into commitments (uid, agreement_id, position, parties, action_es, action_en, \
         due_kind, due_date, due_event, condition_es, condition_en, status, sequence, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, \
         $13, $13) returning id",
    )
    .bind(&uid)
    .bind(agreement_id)
    .bind(position)
    .bind(list(commitment.parties.iter().map(|p| p.code())))
    .bind(&commitment.action.es)
    .bind(&commitment.action.en)
    .bind(kind)
    .bind(date)
    .bind(event)
    .bind(cond_es)
    .bind(cond_en)
    .bind(commitment.status.code())
    .bind(now.timestamp())
    .fetch_one(&mut *conn)
    .await
    .map_err(map_err)?;
    write_members(conn, id, commitment).await?;
    for note in &commitment.notes {
        insert_note(conn, id, note, by, now).await?;
    }
    Ok(CommitmentMeta {
        id,
        uid,
        sequence: 0,
        updated_at: now,
    })
}

/// Replaces commitment `id`'s wording, parties, due point and status at `expected` sequence,
/// bumping it; false when another sequence is stored.
pub(super) async fn update_commitment(
    conn: &mut AnyConnection,
    id: i64,
    expected: i64,
    commitment: &Commitment,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let (kind, date, event, cond_es, cond_en) = due_columns(&commitment.due);
    let done = sqlx::query(
        "update commitments set parties = $1, action_es = $2, action_en = $3, due_kind = $4, \
         due_date = $5, due_event = $6, condition_es = $7, condition_en = $8, status = $9, \
         sequence = sequence + 1, updated_at = $10 where id = $11 and sequence = $12",
    )
    .bind(list(commitment.parties.iter().map(|p| p.code())))
    .bind(&commitment.action.es)
    .bind(&commitment.action.en)
    .bind(kind)
    .bind(date)
    .bind(event)
    .bind(cond_es)
    .bind(cond_en)
    .bind(commitment.status.code())
    .bind(now.timestamp())
    .bind(id)
    .bind(expected)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(done.rows_affected() == 1)
}
