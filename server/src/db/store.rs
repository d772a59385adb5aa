//! `Store` for [`SqlStore`]: each method is implemented in its aggregate's module (`events`,
//! `accounts`, `forms`, `imports`, `acks`, `sql_store`) under the same name; this only forwards.

use app::domain::account::Account;
use app::domain::coordination::Acknowledgement;
use app::domain::{Country, Event, EventDates, EventDetails};
use app::ssr::{
    AuditActor, AuditEntry, EventQuery, EventUpdate, Letters, NewAccount, NewImported, Store,
    StoreResult,
};
use chrono::{DateTime, Utc};

use super::events::NewEvent;
use super::sql_store::SqlStore;

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> StoreResult<()> {
        SqlStore::ping(self).await
    }

    async fn count_events(&self) -> StoreResult<i64> {
        SqlStore::count_events(self).await
    }

    async fn list_events(&self, query: EventQuery) -> StoreResult<Vec<Event>> {
        SqlStore::list_events(self, query).await
    }

    async fn event_by_slug(&self, slug: &str) -> StoreResult<Event> {
        SqlStore::event_by_slug(self, slug).await
    }

    async fn create_event_by(
        &self,
        slug: &str,
        uid: &str,
        details: &EventDetails,
        published: bool,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<Event> {
        let new = NewEvent {
            slug,
            uid,
            details,
            published,
            registration_mode: self.new_event_mode,
        };
        SqlStore::create_event_by(self, new, by, now).await
    }

    async fn update_event(
        &self,
        id: i64,
        update: EventUpdate<'_>,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Event> {
        SqlStore::update_event(self, id, update, by, now, mail).await
    }

    async fn delete_draft(
        &self,
        id: i64,
        expected_version: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::delete_draft(self, id, expected_version, by, now).await
    }

    async fn previous_dates(&self, event_id: i64) -> StoreResult<Vec<(EventDates, DateTime<Utc>)>> {
        SqlStore::previous_dates(self, event_id).await
    }

    async fn audit_log(&self, event_id: i64) -> StoreResult<Vec<AuditEntry>> {
        SqlStore::audit_log(self, event_id).await
    }

    async fn events_for_hosts(&self, country: Option<Country>) -> StoreResult<Vec<Event>> {
        SqlStore::events_for_hosts(self, country).await
    }

    async fn create_account(&self, new: &NewAccount, now: DateTime<Utc>) -> StoreResult<Account> {
        SqlStore::create_account(self, new, now).await
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<(Account, Option<String>)> {
        SqlStore::account_by_email(self, email).await
    }

    async fn account_by_id(&self, id: i64) -> StoreResult<Account> {
        SqlStore::account_by_id(self, id).await
    }

    async fn list_accounts(&self) -> StoreResult<Vec<Account>> {
        SqlStore::list_accounts(self).await
    }

    async fn set_account_disabled(&self, id: i64, disabled: bool) -> StoreResult<()> {
        SqlStore::set_account_disabled(self, id, disabled).await
    }

    async fn set_password_hash(&self, id: i64, hash: &str) -> StoreResult<()> {
        SqlStore::set_password_hash(self, id, hash).await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::create_session(self, token_hash, account_id, now, expires).await
    }

    async fn session_account(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Account> {
        SqlStore::session_account(self, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        SqlStore::delete_session(self, token_hash).await
    }

    async fn create_password_link(
        &self,
        token_hash: &str,
        account_id: i64,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::create_password_link(self, token_hash, account_id, expires).await
    }

    async fn password_link_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        SqlStore::password_link_account(self, token_hash, now).await
    }

    async fn use_password_link(
        &self,
        token_hash: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        SqlStore::use_password_link(self, token_hash, hash, now).await
    }

    async fn sign_in_locked_until(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        SqlStore::sign_in_locked_until(self, key_hash, now).await
    }

    async fn record_sign_in_failure(
        &self,
        key_hash: &str,
        now: DateTime<Utc>,
        window_ends: DateTime<Utc>,
    ) -> StoreResult<i64> {
        SqlStore::record_sign_in_failure(self, key_hash, now, window_ends).await
    }

    async fn lock_sign_in(&self, key_hash: &str, until: DateTime<Utc>) -> StoreResult<()> {
        SqlStore::lock_sign_in(self, key_hash, until).await
    }

    async fn clear_sign_in_failures(&self, key_hash: &str) -> StoreResult<()> {
        SqlStore::clear_sign_in_failures(self, key_hash).await
    }

    async fn save_form_draft(
        &self,
        id: &str,
        body: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::save_form_draft(self, id, body, expires).await
    }

    async fn take_form_draft(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        SqlStore::take_form_draft(self, id, now).await
    }

    async fn peek_form_draft(&self, id: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        SqlStore::peek_form_draft(self, id, now).await
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        SqlStore::delete_expired(self, now).await
    }

    async fn imported_uids(&self, uids: &[String]) -> StoreResult<Vec<String>> {
        SqlStore::imported_uids(self, uids).await
    }

    async fn import_events(
        &self,
        events: &[NewImported],
        published: bool,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        SqlStore::import_events(self, events, published, by, now).await
    }

    async fn claim_once(&self, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        SqlStore::claim_once(self, key, now).await
    }

    async fn events_version(&self) -> StoreResult<i64> {
        SqlStore::events_version(self).await
    }

    async fn page_stamp(
        &self,
        slug: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<app::ssr::store::PageStamp> {
        SqlStore::page_stamp(self, slug, now).await
    }

    async fn acknowledge_conflict(
        &self,
        key: &str,
        substance: &str,
        note: &str,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        SqlStore::acknowledge_conflict(self, key, substance, note, by, now).await
    }

    async fn unacknowledge_conflict(&self, key: &str) -> StoreResult<()> {
        SqlStore::unacknowledge_conflict(self, key).await
    }

    async fn conflict_acks(&self) -> StoreResult<Vec<Acknowledgement>> {
        SqlStore::conflict_acks(self).await
    }
}
