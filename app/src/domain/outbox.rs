//! The mail outbox's rules: what kind of mail a row is, where it stands, and when a failed
//! attempt is tried again (30 s, doubling, at most an hour apart, [`MAX_ATTEMPTS`] in all); and
//! what the hosts see of mail that did not go out (never its body, which holds private links).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::Lang;

/// How many times a mail is tried before it is given up (about three hours of retries).
pub const MAX_ATTEMPTS: u32 = 10;

/// The wait after the first failed attempt; each later one doubles it.
pub const FIRST_RETRY_SECS: i64 = 30;

/// The longest wait between two attempts.
pub const MAX_RETRY_SECS: i64 = 3600;

/// The wait before trying again after `attempts` failed attempts (1 after the first failure):
/// 30 s, 1 min, 2 min, … at most [`MAX_RETRY_SECS`]; `None` once [`MAX_ATTEMPTS`] have failed.
#[must_use]
pub fn retry_delay(attempts: u32) -> Option<Duration> {
    if attempts == 0 || attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = (attempts - 1).min(20);
    let secs = FIRST_RETRY_SECS
        .saturating_mul(1_i64 << doublings)
        .min(MAX_RETRY_SECS);
    Some(Duration::seconds(secs))
}

/// Why a mail was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailKind {
    /// A registration was received (a seat or the waitlist).
    Registered,
    /// Someone moved up from the waitlist.
    Promoted,
    /// A registration was cancelled.
    Cancelled,
    /// The hosts approved a registration (approval mode).
    Approved,
    /// The hosts declined a registration (approval mode).
    Declined,
    /// The "send me my links again" mail: every live registration of an address.
    Links,
    /// The link confirming a digest subscription (double opt-in).
    DigestConfirm,
    /// The weekly digest of what changed.
    Digest,
    /// A reminder to a country's officials that a commitment falls due.
    Reminder,
}

impl MailKind {
    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Promoted => "promoted",
            Self::Cancelled => "cancelled",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Links => "links",
            Self::DigestConfirm => "digest_confirm",
            Self::Digest => "digest",
            Self::Reminder => "reminder",
        }
    }

    /// From the stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Registered,
            Self::Promoted,
            Self::Cancelled,
            Self::Approved,
            Self::Declined,
            Self::Links,
            Self::DigestConfirm,
            Self::Digest,
            Self::Reminder,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// Its name for the hosts' list.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            Self::Registered => crate::i18n::td_string!(l, ob_kind_registered),
            Self::Promoted => crate::i18n::td_string!(l, ob_kind_promoted),
            Self::Cancelled => crate::i18n::td_string!(l, ob_kind_cancelled),
            Self::Approved => crate::i18n::td_string!(l, ob_kind_approved),
            Self::Declined => crate::i18n::td_string!(l, ob_kind_declined),
            Self::Links => crate::i18n::td_string!(l, ob_kind_links),
            Self::DigestConfirm => crate::i18n::td_string!(l, ocd_kind_confirm),
            Self::Digest => crate::i18n::td_string!(l, ocd_kind_digest),
            Self::Reminder => crate::i18n::td_string!(l, ocd_kind_reminder),
        }
    }
}

/// Where a mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MailStatus {
    /// Waiting to be sent (or tried again).
    Pending,
    /// Handed to the mail server; its body is erased.
    Sent,
    /// Given up after [`MAX_ATTEMPTS`]; its body is erased.
    Failed,
}

impl MailStatus {
    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    /// From the stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        [Self::Pending, Self::Sent, Self::Failed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A mail that did not go out, as an event's hosts see it: who, what, how often tried, why not.
/// No body and no link: those are the delegate's alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailProblem {
    /// The address it is for.
    pub recipient: String,
    /// Why it was written.
    pub kind: MailKind,
    /// Its subject line.
    pub subject: String,
    /// Pending (tried again later) or failed (given up).
    pub status: MailStatus,
    /// Attempts so far.
    pub attempts: u32,
    /// What the mail server (or the connection) said last.
    pub last_error: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it is tried next (pending only).
    pub next_attempt_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_thirty_seconds_doubling_up_to_an_hour_then_give_up() {
        let secs: Vec<Option<i64>> = (0..=MAX_ATTEMPTS + 1)
            .map(|n| retry_delay(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(
            secs,
            vec![
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                Some(3600),
                Some(3600),
                None,
                None,
            ]
        );
        let total: i64 = (1..MAX_ATTEMPTS)
            .filter_map(retry_delay)
            .map(|d| d.num_seconds())
            .sum();
        assert_eq!(total, 11_010, "about three hours of retries");
    }

    #[test]
    fn codes_round_trip() {
        for k in [
            MailKind::Registered,
            MailKind::Promoted,
            MailKind::Cancelled,
            MailKind::Links,
            MailKind::DigestConfirm,
            MailKind::Digest,
            MailKind::Reminder,
        ] {
            assert_eq!(MailKind::parse(k.code()), Some(k));
        }
        for s in [MailStatus::Pending, MailStatus::Sent, MailStatus::Failed] {
            assert_eq!(MailStatus::parse(s.code()), Some(s));
        }
        assert_eq!(MailKind::parse("x"), None);
    }
}
