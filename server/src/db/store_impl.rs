//! The `Store` implementation, written once for both backends as a macro over the pool type: the
//! SQL is shared (`$n` placeholders work on both), and no generic trait bounds are needed.

/// Binds an event's 18 detail columns, in the order `INSERT_EVENT` ($3..$20) and `UPDATE_EVENT`
/// ($1..$18) both list them.
macro_rules! bind_details {
    ($query:expr, $details:expr, $cols:expr) => {
        $query
            .bind($cols.host)
            .bind(&$details.city)
            .bind(&$details.venue)
            .bind($details.tz.name())
            .bind($details.kind.code())
            .bind(&$details.title.es)
            .bind(&$details.title.en)
            .bind(&$details.description.es)
            .bind(&$details.description.en)
            .bind($details.status.code())
            .bind($details.capacity.map(i64::from))
            .bind($cols.precision)
            .bind(&$cols.start_date)
            .bind(&$cols.end_date)
            .bind(&$cols.start_time)
            .bind(&$cols.end_time)
            .bind($cols.starts_at)
            .bind($cols.ends_at)
    };
}

pub(crate) use bind_details;

/// Inserts one event with its co-hosts and its audit line (`$action`: `create`, `import`) inside
/// the transaction `$tx`, and evaluates to its id. Creating and importing share it.
macro_rules! insert_event {
    ($tx:ident, $slug:expr, $uid:expr, $details:expr, $published:expr, $by:expr, $action:expr, $now:expr) => {{
        let details = $details;
        let cols = $crate::db::rows::EventColumns::from_details(details)?;
        let query = sqlx::query_as($crate::db::rows::INSERT_EVENT)
            .bind($slug)
            .bind($uid);
        let (id,): (i64,) = $crate::db::store_impl::bind_details!(query, details, cols)
            .bind($now.timestamp())
            .bind(i64::from($published))
            .fetch_one(&mut *$tx)
            .await
            .map_err($crate::db::map_err)?;
        for country in &details.cohosts {
            sqlx::query("insert into event_cohosts (event_id, country) values ($1, $2)")
                .bind(id)
                .bind(country.code())
                .execute(&mut *$tx)
                .await
                .map_err($crate::db::map_err)?;
        }
        let changes = app::domain::lifecycle::created(details);
        sqlx::query($crate::db::rows::INSERT_AUDIT)
            .bind(id)
            .bind($slug)
            .bind($by.account_id)
            .bind(&$by.email)
            .bind($action)
            .bind($crate::db::rows::changes_json(&changes)?)
            .bind($now.timestamp())
            .execute(&mut *$tx)
            .await
            .map_err($crate::db::map_err)?;
        id
    }};
}

pub(crate) use insert_event;

/// Implements `Store` for a backend struct holding `pool: sqlx::Pool<_>` and `sql: rows::Sql`.
macro_rules! impl_store {
    ($store:ty) => {
        impl $store {
            async fn event_by_id(&self, id: i64) -> app::ssr::StoreResult<app::domain::Event> {
                let row: $crate::db::rows::EventRow = sqlx::query_as(sqlx::AssertSqlSafe(self.sql.by_id.clone()))
                    .bind(id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                row.into_event()
            }
        }

        #[async_trait::async_trait]
        impl app::ssr::Store for $store {
            async fn ping(&self) -> app::ssr::StoreResult<()> {
                sqlx::query("select 1").execute(&self.pool).await.map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn count_events(&self) -> app::ssr::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("select count(*) from events")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(n)
            }

            async fn list_events(
                &self,
                query: app::ssr::EventQuery,
            ) -> app::ssr::StoreResult<Vec<app::domain::Event>> {
                use app::ssr::EventQuery;
                use $crate::db::rows::EventRow;
                let sql = &self.sql;
                let rows: Vec<EventRow> = match query {
                    EventQuery::Upcoming { now, limit } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.upcoming.clone()))
                            .bind(now.timestamp())
                            .bind(i64::from(limit))
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::Past { now, limit } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.past.clone()))
                            .bind(now.timestamp())
                            .bind(i64::from(limit))
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::Days { first, last } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.days.clone()))
                            .bind(first.to_string())
                            .bind(last.to_string())
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::Since { first } => {
                        sqlx::query_as(sqlx::AssertSqlSafe(sql.since.clone()))
                            .bind(first.to_string())
                            .fetch_all(&self.pool)
                            .await
                    }
                    EventQuery::All => sqlx::query_as(sqlx::AssertSqlSafe(sql.all.clone())).fetch_all(&self.pool).await,
                }
                .map_err($crate::db::map_err)?;
                rows.into_iter().map(EventRow::into_event).collect()
            }

            async fn event_by_slug(&self, slug: &str) -> app::ssr::StoreResult<app::domain::Event> {
                let row: $crate::db::rows::EventRow = sqlx::query_as(sqlx::AssertSqlSafe(self.sql.by_slug.clone()))
                    .bind(slug)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                row.into_event()
            }

            async fn create_event_by(
                &self,
                slug: &str,
                uid: &str,
                details: &app::domain::EventDetails,
                published: bool,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::Event> {
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                let id = $crate::db::store_impl::insert_event!(tx, slug, uid, details, published, by, "create", now);
                sqlx::query($crate::db::rows::BUMP_EVENTS_VERSION)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                self.event_by_id(id).await
            }

            async fn update_event(
                &self,
                id: i64,
                update: app::ssr::EventUpdate<'_>,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::Event> {
                let current = self.event_by_id(id).await?;
                if current.version != update.expected_version {
                    return Err(app::ssr::StoreError::Conflict("version".into()));
                }
                let details = &update.outcome.details;
                let cols = $crate::db::rows::EventColumns::from_details(details)?;
                let published = current.published || update.publish;
                // Calendars hear only of published changes that matter to them (the feeds' SEQUENCE).
                let bump = i64::from(current.published && update.outcome.calendar_change);
                let reason = update.cancel_reason.map_or_else(|| current.cancel_reason.clone(), str::to_owned);
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                let query = sqlx::query($crate::db::rows::UPDATE_EVENT);
                let done = $crate::db::store_impl::bind_details!(query, details, cols)
                    .bind(bump)
                    .bind(now.timestamp())
                    .bind(update.expected_version)
                    .bind(&reason)
                    .bind(i64::from(published))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                if done.rows_affected() != 1 {
                    // Another save got there first, between our read and our write.
                    return Err(app::ssr::StoreError::Conflict("version".into()));
                }
                sqlx::query("delete from event_cohosts where event_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                for country in &details.cohosts {
                    sqlx::query("insert into event_cohosts (event_id, country) values ($1, $2)")
                        .bind(id)
                        .bind(country.code())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                }
                if let Some(previous) = &update.outcome.previous_dates {
                    let (precision, start, end, start_time, end_time) = $crate::db::rows::date_columns(previous);
                    sqlx::query(
                        "insert into event_previous_dates (event_id, date_precision, start_date, end_date, \
                         start_time, end_time, replaced_at) values ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(precision)
                    .bind(start)
                    .bind(end)
                    .bind(start_time)
                    .bind(end_time)
                    .bind(now.timestamp())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                }
                sqlx::query($crate::db::rows::INSERT_AUDIT)
                    .bind(id)
                    .bind(&current.slug)
                    .bind(by.account_id)
                    .bind(&by.email)
                    .bind(update.action)
                    .bind($crate::db::rows::changes_json(&update.outcome.changes)?)
                    .bind(now.timestamp())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                sqlx::query($crate::db::rows::BUMP_EVENTS_VERSION)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                self.event_by_id(id).await
            }

            async fn delete_draft(
                &self,
                id: i64,
                expected_version: i64,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<()> {
                let current = self.event_by_id(id).await?;
                if current.published {
                    return Err(app::ssr::StoreError::Conflict("published".into()));
                }
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                sqlx::query($crate::db::rows::INSERT_AUDIT)
                    .bind(id)
                    .bind(&current.slug)
                    .bind(by.account_id)
                    .bind(&by.email)
                    .bind("delete")
                    .bind("[]")
                    .bind(now.timestamp())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                let done = sqlx::query("delete from events where id = $1 and version = $2 and published = 0")
                    .bind(id)
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                if done.rows_affected() != 1 {
                    return Err(app::ssr::StoreError::Conflict("version".into()));
                }
                sqlx::query($crate::db::rows::BUMP_EVENTS_VERSION)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)
            }

            async fn previous_dates(
                &self,
                event_id: i64,
            ) -> app::ssr::StoreResult<Vec<(app::domain::EventDates, chrono::DateTime<chrono::Utc>)>> {
                let rows: Vec<$crate::db::rows::PreviousDatesRow> = sqlx::query_as(
                    "select date_precision, start_date, end_date, start_time, end_time, replaced_at \
                     from event_previous_dates where event_id = $1 order by replaced_at desc, id desc",
                )
                .bind(event_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                rows.into_iter().map($crate::db::rows::PreviousDatesRow::into_dates).collect()
            }

            async fn audit_log(&self, event_id: i64) -> app::ssr::StoreResult<Vec<app::ssr::AuditEntry>> {
                let rows: Vec<$crate::db::rows::AuditRow> = sqlx::query_as(
                    "select at, account_email, action, changes from audit_log where event_id = $1 \
                     order by at desc, id desc",
                )
                .bind(event_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                rows.into_iter().map($crate::db::rows::AuditRow::into_entry).collect()
            }

            async fn events_for_hosts(
                &self,
                country: Option<app::domain::Country>,
            ) -> app::ssr::StoreResult<Vec<app::domain::Event>> {
                let rows: Vec<$crate::db::rows::EventRow> = match country {
                    Some(c) => sqlx::query_as(sqlx::AssertSqlSafe(self.sql.for_host.clone()))
                        .bind(c.code())
                        .fetch_all(&self.pool)
                        .await,
                    None => sqlx::query_as(sqlx::AssertSqlSafe(self.sql.all_with_drafts.clone()))
                        .fetch_all(&self.pool)
                        .await,
                }
                .map_err($crate::db::map_err)?;
                rows.into_iter().map($crate::db::rows::EventRow::into_event).collect()
            }

            async fn create_account(
                &self,
                new: &app::ssr::NewAccount,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::account::Account> {
                let (role, country) = match new.role {
                    app::domain::access::Role::Secretariat => ("secretariat", None),
                    app::domain::access::Role::Official(c) => ("official", Some(c.code())),
                };
                let (id,): (i64,) = sqlx::query_as(
                    "insert into accounts (email, name, role, country, password_hash, disabled, created_at) \
                     values ($1, $2, $3, $4, $5, 0, $6) returning id",
                )
                .bind(&new.email)
                .bind(&new.name)
                .bind(role)
                .bind(country)
                .bind(&new.password_hash)
                .bind(now.timestamp())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                self.account_by_id(id).await
            }

            async fn account_by_email(
                &self,
                email: &str,
            ) -> app::ssr::StoreResult<(app::domain::account::Account, Option<String>)> {
                let row: $crate::db::rows::AccountRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from accounts a where a.email = $1",
                    $crate::db::rows::ACCOUNT_COLUMNS
                )))
                .bind(email)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                row.into_account()
            }

            async fn account_by_id(&self, id: i64) -> app::ssr::StoreResult<app::domain::account::Account> {
                let row: $crate::db::rows::AccountRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from accounts a where a.id = $1",
                    $crate::db::rows::ACCOUNT_COLUMNS
                )))
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok(row.into_account()?.0)
            }

            async fn list_accounts(&self) -> app::ssr::StoreResult<Vec<app::domain::account::Account>> {
                let rows: Vec<$crate::db::rows::AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from accounts a order by a.role desc, a.country, a.email",
                    $crate::db::rows::ACCOUNT_COLUMNS
                )))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                rows.into_iter().map(|r| r.into_account().map(|(a, _)| a)).collect()
            }

            async fn set_account_disabled(&self, id: i64, disabled: bool) -> app::ssr::StoreResult<()> {
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                let done = sqlx::query("update accounts set disabled = $1 where id = $2")
                    .bind(i64::from(disabled))
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                if done.rows_affected() != 1 {
                    return Err(app::ssr::StoreError::NotFound);
                }
                if disabled {
                    sqlx::query("delete from sessions where account_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                }
                tx.commit().await.map_err($crate::db::map_err)
            }

            async fn set_password_hash(&self, id: i64, hash: &str) -> app::ssr::StoreResult<()> {
                sqlx::query("update accounts set password_hash = $1 where id = $2")
                    .bind(hash)
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn create_session(
                &self,
                token_hash: &str,
                account_id: i64,
                now: chrono::DateTime<chrono::Utc>,
                expires: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<()> {
                sqlx::query("delete from sessions where expires_at <= $1")
                    .bind(now.timestamp())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                sqlx::query("insert into sessions (token_hash, account_id, created_at, expires_at) values ($1, $2, $3, $4)")
                    .bind(token_hash)
                    .bind(account_id)
                    .bind(now.timestamp())
                    .bind(expires.timestamp())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn session_account(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<app::domain::account::Account> {
                let row: $crate::db::rows::AccountRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {} from sessions s join accounts a on a.id = s.account_id \
                     where s.token_hash = $1 and s.expires_at > $2 and a.disabled = 0",
                    $crate::db::rows::ACCOUNT_COLUMNS
                )))
                .bind(token_hash)
                .bind(now.timestamp())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok(row.into_account()?.0)
            }

            async fn delete_session(&self, token_hash: &str) -> app::ssr::StoreResult<()> {
                sqlx::query("delete from sessions where token_hash = $1")
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn create_password_link(
                &self,
                token_hash: &str,
                account_id: i64,
                expires: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<()> {
                sqlx::query("insert into password_links (token_hash, account_id, expires_at) values ($1, $2, $3)")
                    .bind(token_hash)
                    .bind(account_id)
                    .bind(expires.timestamp())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn password_link_account(
                &self,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<i64> {
                let (id,): (i64,) = sqlx::query_as(
                    "select account_id from password_links where token_hash = $1 and expires_at > $2",
                )
                .bind(token_hash)
                .bind(now.timestamp())
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok(id)
            }

            async fn use_password_link(
                &self,
                token_hash: &str,
                hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<i64> {
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                let (id,): (i64,) = sqlx::query_as(
                    "delete from password_links where token_hash = $1 and expires_at > $2 returning account_id",
                )
                .bind(token_hash)
                .bind(now.timestamp())
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::db::map_err)?;
                sqlx::query("update accounts set password_hash = $1 where id = $2")
                    .bind(hash)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                Ok(id)
            }

            async fn save_form_draft(
                &self,
                id: &str,
                body: &str,
                expires: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<()> {
                sqlx::query("delete from form_drafts where expires_at <= $1 or id = $2")
                    .bind(chrono::Utc::now().timestamp())
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                sqlx::query("insert into form_drafts (id, body, expires_at) values ($1, $2, $3)")
                    .bind(id)
                    .bind(body)
                    .bind(expires.timestamp())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn take_form_draft(
                &self,
                id: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<Option<String>> {
                let row: Option<(String,)> =
                    sqlx::query_as("delete from form_drafts where id = $1 and expires_at > $2 returning body")
                        .bind(id)
                        .bind(now.timestamp())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::db::map_err)?;
                Ok(row.map(|(body,)| body))
            }

            async fn peek_form_draft(
                &self,
                id: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<Option<String>> {
                let row: Option<(String,)> =
                    sqlx::query_as("select body from form_drafts where id = $1 and expires_at > $2")
                        .bind(id)
                        .bind(now.timestamp())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::db::map_err)?;
                Ok(row.map(|(body,)| body))
            }

            async fn imported_uids(&self, uids: &[String]) -> app::ssr::StoreResult<Vec<String>> {
                let mut found = Vec::new();
                // A few hundred placeholders per query stays far below either backend's limit.
                for chunk in uids.chunks(200) {
                    let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
                    let sql = format!(
                        "select import_uid from events where import_uid in ({})",
                        placeholders.join(", ")
                    );
                    let mut query = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
                    for uid in chunk {
                        query = query.bind(uid);
                    }
                    let rows = query.fetch_all(&self.pool).await.map_err($crate::db::map_err)?;
                    found.extend(rows.into_iter().map(|(uid,)| uid));
                }
                Ok(found)
            }

            async fn import_events(
                &self,
                events: &[app::ssr::NewImported],
                published: bool,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<usize> {
                let mut tx = self.pool.begin().await.map_err($crate::db::map_err)?;
                for event in events {
                    let id = $crate::db::store_impl::insert_event!(
                        tx, &event.slug, &event.uid, &event.details, published, by, "import", now
                    );
                    // A unique index: an event imported meanwhile makes the whole import fail.
                    sqlx::query("update events set import_uid = $1 where id = $2")
                        .bind(&event.import_uid)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db::map_err)?;
                }
                sqlx::query($crate::db::rows::BUMP_EVENTS_VERSION)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db::map_err)?;
                tx.commit().await.map_err($crate::db::map_err)?;
                Ok(events.len())
            }

            async fn claim_once(&self, key: &str, now: chrono::DateTime<chrono::Utc>) -> app::ssr::StoreResult<bool> {
                let done = sqlx::query("insert into app_meta (key, value) values ($1, $2) on conflict (key) do nothing")
                    .bind(key)
                    .bind(now.to_rfc3339())
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn events_version(&self) -> app::ssr::StoreResult<i64> {
                let (n,): (i64,) = sqlx::query_as("select n from change_counters where name = 'events'")
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                Ok(n)
            }

            async fn acknowledge_conflict(
                &self,
                key: &str,
                substance: &str,
                note: &str,
                by: &app::ssr::AuditActor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> app::ssr::StoreResult<()> {
                sqlx::query(
                    "insert into conflict_acks (conflict_key, substance, note, account_id, by_email, acknowledged_at) \
                     values ($1, $2, $3, $4, $5, $6) \
                     on conflict (conflict_key) do update set substance = excluded.substance, note = excluded.note, \
                     account_id = excluded.account_id, by_email = excluded.by_email, acknowledged_at = excluded.acknowledged_at",
                )
                .bind(key)
                .bind(substance)
                .bind(note)
                .bind(by.account_id)
                .bind(&by.email)
                .bind(now.timestamp())
                .execute(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                Ok(())
            }

            async fn unacknowledge_conflict(&self, key: &str) -> app::ssr::StoreResult<()> {
                let done = sqlx::query("delete from conflict_acks where conflict_key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db::map_err)?;
                if done.rows_affected() == 0 {
                    return Err(app::ssr::StoreError::NotFound);
                }
                Ok(())
            }

            async fn conflict_acks(&self) -> app::ssr::StoreResult<Vec<app::domain::coordination::Acknowledgement>> {
                let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                    "select conflict_key, substance, note, by_email, acknowledged_at from conflict_acks order by conflict_key",
                )
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db::map_err)?;
                rows.into_iter()
                    .map(|(key, substance, note, by, at)| {
                        let at = chrono::DateTime::from_timestamp(at, 0).ok_or_else(|| {
                            app::ssr::StoreError::Other(anyhow::anyhow!("conflict_acks: bad time {at}"))
                        })?;
                        Ok(app::domain::coordination::Acknowledgement { key, substance, note, by, at })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use impl_store;
