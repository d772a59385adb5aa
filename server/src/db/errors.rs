//! From database errors to the store's: a missing row is `NotFound`, a broken uniqueness rule the
//! [`Conflict`] it stands for. PostgreSQL names the broken constraint; SQLite only says which
//! columns, so each rule is known by both.

use app::ssr::{Conflict, StoreError};

/// Each uniqueness rule the code tells apart: its constraint or index name (as in the
/// migrations, which PostgreSQL reports), the columns SQLite's message names, and its conflict.
const UNIQUE_RULES: [(&str, &str, Conflict); 6] = [
    ("events_slug_key", "events.slug", Conflict::SlugTaken),
    ("events_uid_key", "events.uid", Conflict::UidTaken),
    (
        "events_import_uid_key",
        "events.import_uid",
        Conflict::ImportUidTaken,
    ),
    ("accounts_email_key", "accounts.email", Conflict::EmailTaken),
    (
        "registrations_live_email_key",
        "registrations.event_id, registrations.email",
        Conflict::AlreadyRegistered,
    ),
    (
        "registrations_submission_key",
        "registrations.submission_hash",
        Conflict::RepeatedSubmission,
    ),
];

/// Maps sqlx errors: missing rows to `NotFound`, unique violations to `Conflict`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(unique_conflict(db.constraint(), db.message()))
        }
        other => StoreError::Other(other.into()),
    }
}

/// The conflict of a unique violation, from PostgreSQL's constraint name or SQLite's message
/// (`UNIQUE constraint failed: events.slug`).
fn unique_conflict(constraint: Option<&str>, message: &str) -> Conflict {
    let sqlite_columns = message.strip_prefix("UNIQUE constraint failed: ");
    for (name, columns, conflict) in UNIQUE_RULES {
        if constraint == Some(name) || sqlite_columns == Some(columns) {
            return conflict;
        }
    }
    Conflict::Duplicate(constraint.unwrap_or(message).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_name_the_same_rules() {
        assert_eq!(
            unique_conflict(Some("events_import_uid_key"), "duplicate key value"),
            Conflict::ImportUidTaken
        );
        assert_eq!(
            unique_conflict(None, "UNIQUE constraint failed: events.import_uid"),
            Conflict::ImportUidTaken
        );
        assert_eq!(
            unique_conflict(
                None,
                "UNIQUE constraint failed: registrations.event_id, registrations.email"
            ),
            Conflict::AlreadyRegistered
        );
        assert_eq!(
            unique_conflict(Some("registrations_submission_key"), "duplicate"),
            Conflict::RepeatedSubmission
        );
        assert_eq!(
            unique_conflict(None, "UNIQUE constraint failed: sessions.token_hash"),
            Conflict::Duplicate("UNIQUE constraint failed: sessions.token_hash".into())
        );
    }
}
