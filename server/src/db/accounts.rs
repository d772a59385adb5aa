//! Accounts, their sessions and their one-time password links.

use app::domain::access::Role;
use app::domain::account::Account;
use app::ssr::{NewAccount, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, SqlStr};

use super::map_err;
use super::rows::AccountRow;
use super::sql_store::SqlStore;

/// An account query on the prepared statement `sql`, ready for its arguments.
fn account_select<'q>(sql: &SqlStr) -> QueryAs<'q, Any, AccountRow, AnyArguments> {
    sqlx::query_as(sql.clone())
}

impl SqlStore {
    /// Creates an account; `Conflict::EmailTaken` if the e-mail is taken.
    pub(super) async fn create_account(
        &self,
        new: &NewAccount,
        now: DateTime<Utc>,
    ) -> StoreResult<Account> {
        let (role, country) = match new.role {
            Role::Secretariat => ("secretariat", None),
            Role::Official(c) => ("official", Some(c.code())),
        };
        let id: i64 = sqlx::query_scalar(
            "insert into accounts (email, name, role, country, password_hash, disabled, \
             created_at) values ($1, $2, $3, $4, $5, 0, $6) returning id",
        )
        .bind(&new.email)
        .bind(&new.name)
        .bind(role)
        .bind(country)
        .bind(&new.password_hash)
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)?;
        self.account_by_id(id).await
    }

    /// An account and its password hash, by normalised e-mail.
    pub(super) async fn account_by_email(
        &self,
        email: &str,
    ) -> StoreResult<(Account, Option<String>)> {
        account_select(&self.sql.account_by_email)
            .bind(email)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?
            .into_account()
    }

    /// An account by id.
    pub(super) async fn account_by_id(&self, id: i64) -> StoreResult<Account> {
        let row = account_select(&self.sql.account_by_id)
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(row.into_account()?.0)
    }

    /// Every account, secretariat first.
    pub(super) async fn list_accounts(&self) -> StoreResult<Vec<Account>> {
        let rows = account_select(&self.sql.accounts)
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        rows.into_iter()
            .map(|r| r.into_account().map(|(a, _)| a))
            .collect()
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub(super) async fn set_account_disabled(&self, id: i64, disabled: bool) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("update accounts set disabled = $1 where id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            sqlx::query("delete from sessions where account_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)
    }

    /// Sets an account's password hash.
    pub(super) async fn set_password_hash(&self, id: i64, hash: &str) -> StoreResult<()> {
        sqlx::query("update accounts set password_hash = $1 where id = $2")
            .bind(hash)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    /// Stores a session until `expires`, first removing the expired ones.
    pub(super) async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("delete from sessions where expires_at <= $1")
            .bind(now.timestamp())
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        sqlx::query(
            "insert into sessions (token_hash, account_id, created_at, expires_at) \
             values ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now.timestamp())
        .bind(expires.timestamp())
        .execute(&self.pool)
        .await
        .map_err(map_err)?;
        Ok(())
    }

    /// The enabled account of a live session.
    pub(super) async fn session_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Account> {
        let row = account_select(&self.sql.session_account)
            .bind(token_hash)
            .bind(now.timestamp())
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(row.into_account()?.0)
    }

    /// Ends a session.
    pub(super) async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("delete from sessions where token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(())
    }

    /// Stores a one-time password link until `expires`, revoking the account's earlier links.
    pub(super) async fn create_password_link(
        &self,
        token_hash: &str,
        account_id: i64,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("delete from password_links where account_id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        sqlx::query(
            "insert into password_links (token_hash, account_id, expires_at) values ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(expires.timestamp())
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
        tx.commit().await.map_err(map_err)
    }

    /// The account of a live password link, without using it up.
    pub(super) async fn password_link_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        sqlx::query_scalar(
            "select account_id from password_links where token_hash = $1 and expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.timestamp())
        .fetch_one(&self.pool)
        .await
        .map_err(map_err)
    }

    /// Uses up a live password link and sets the password, in one transaction that also revokes
    /// the account's other links and ends its sessions.
    pub(super) async fn use_password_link(
        &self,
        token_hash: &str,
        hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "delete from password_links where token_hash = $1 and expires_at > $2 \
             returning account_id",
        )
        .bind(token_hash)
        .bind(now.timestamp())
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
        sqlx::query("update accounts set password_hash = $1 where id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        // The account's other links are revoked, and every session of it ends: whoever knew the
        // old password is signed out everywhere.
        for sql in [
            "delete from password_links where account_id = $1",
            "delete from sessions where account_id = $1",
        ] {
            sqlx::query(sql)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        tx.commit().await.map_err(map_err)?;
        Ok(id)
    }
}
