//! The region's change log (`changes`): entries written once, in the transaction of the change
//! they tell ([`insert_change`]), or on their own for time-triggered ones; read newest first by
//! the Atom feeds and by week for the digest.

use app::domain::Country;
use app::domain::changes::{ChangeEntry, ChangeKind, NewChange};
use app::domain::lang::Localized;
use app::ssr::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::map_err;
use super::sql_store::SqlStore;

/// Bumps the change log's counter (the Atom feeds' ETag).
const BUMP_CHANGES_VERSION: &str = "update change_counters set n = n + 1 where name = 'changes'";

/// The columns a change-log entry is read back from (a macro, so queries stay `&'static str`).
macro_rules! change_columns {
    () => {
        "select id, key, kind, event_id, path, countries, title_es, title_en, summary_es, \
         summary_en, at from changes "
    };
}

/// A row of `changes`, in `change_columns!`' order.
type ChangeRow = (
    i64,
    String,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
);

/// `,MX,GT,`: the stored form of the countries an entry concerns.
fn countries_column(countries: &[Country]) -> String {
    let mut codes: Vec<&str> = countries.iter().map(|c| c.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        String::new()
    } else {
        format!(",{},", codes.join(","))
    }
}

/// Writes `change` on `conn` (inside the caller's transaction) unless an entry with its key
/// exists; true if written. Bumps the change log's counter when it writes.
pub(super) async fn insert_change(
    conn: &mut AnyConnection,
    change: &NewChange,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "insert into changes (key, kind, event_id, path, countries, title_es, title_en, \
         summary_es, summary_en, at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         on conflict (key) do nothing",
    )
    .bind(&change.key)
    .bind(change.kind.code())
    .bind(change.event_id)
    .bind(&change.path)
    .bind(countries_column(&change.countries))
    .bind(&change.title.es)
    .bind(&change.title.en)
    .bind(&change.summary.es)
    .bind(&change.summary.en)
    .bind(now.timestamp())
    .execute(&mut *conn)
    .await
    .map_err(map_err)?;
    let written = done.rows_affected() == 1;
    if written {
        sqlx::query(BUMP_CHANGES_VERSION)
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
    }
    Ok(written)
}

/// Writes every entry of `changes` on `conn` (see [`insert_change`]).
pub(super) async fn insert_changes(
    conn: &mut AnyConnection,
    changes: &[NewChange],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for change in changes {
        insert_change(conn, change, now).await?;
    }
    Ok(())
}

/// A stored row back into an entry.
fn entry(row: ChangeRow) -> StoreResult<ChangeEntry> {
    let (id, key, kind, event_id, path, countries, title_es, title_en, summary_es, summary_en, at) =
        row;
    let bad = |what: &str| StoreError::Other(anyhow::anyhow!("changes {id}: bad {what}"));
    let kind = ChangeKind::parse(&kind).ok_or_else(|| bad("kind"))?;
    let at = DateTime::from_timestamp(at, 0).ok_or_else(|| bad("time"))?;
    let countries = countries
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Country::parse(c).ok_or_else(|| bad("country")))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ChangeEntry {
        id,
        at,
        change: NewChange {
            key,
            kind,
            event_id,
            path,
            countries,
            title: Localized::new(title_es, title_en),
            summary: Localized::new(summary_es, summary_en),
        },
    })
}

impl SqlStore {
    /// Writes a time-triggered entry on its own; true if written.
    pub(super) async fn add_change(
        &self,
        change: &NewChange,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let written = insert_change(&mut tx, change, now).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(written)
    }

    /// The latest `limit` entries, newest first, only those naming `country` when given.
    pub(super) async fn changes(
        &self,
        country: Option<Country>,
        limit: u32,
    ) -> StoreResult<Vec<ChangeEntry>> {
        let rows: Vec<ChangeRow> = match country {
            Some(c) => sqlx::query_as(concat!(
                change_columns!(),
                "where countries like $1 order by at desc, id desc limit $2"
            ))
            .bind(format!("%,{},%", c.code()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?,
            None => sqlx::query_as(concat!(
                change_columns!(),
                "order by at desc, id desc limit $1"
            ))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?,
        };
        rows.into_iter().map(entry).collect()
    }

    /// The entries written in `[from, to)`, oldest first.
    pub(super) async fn changes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<ChangeEntry>> {
        let rows: Vec<ChangeRow> = sqlx::query_as(concat!(
            change_columns!(),
            "where at >= $1 and at < $2 order by at, id"
        ))
        .bind(from.timestamp())
        .bind(to.timestamp())
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(entry).collect()
    }

    /// A named change counter (`changes`, `outcomes`).
    pub(super) async fn counter(&self, name: &str) -> StoreResult<i64> {
        sqlx::query_scalar("select n from change_counters where name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)
    }
}
