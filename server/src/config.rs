//! Settings, read once at start from the environment (with defaults that need no set-up).

use std::path::PathBuf;
use std::time::Duration;

mod limits;

pub use limits::{LimitSettings, Rate};

/// Where the SQLite file goes when `DATABASE_URL` is not set.
pub const DEFAULT_SQLITE_PATH: &str = "data/enlace.db";

/// How often expired holds are released when `ENLACE_HOLD_SWEEP_SECONDS` is not set.
pub const DEFAULT_HOLD_SWEEP_SECONDS: u64 = 60;

/// The server's settings.
#[derive(Clone)]
pub struct Settings {
    /// `sqlite://...` (default, a file under `./data`) or `postgres://...`.
    pub database_url: String,
    /// Load the source report's events into an empty database (`ENLACE_DEMO_DATA`, default on).
    pub demo_data: bool,
    /// With the demo data, also an upcoming workshop open for registration
    /// (`ENLACE_DEMO_UPCOMING`, on by default).
    pub demo_upcoming: bool,
    /// The public base URL, used for links in feeds (`ENLACE_PUBLIC_URL`); when unset, the
    /// address the server actually binds.
    pub public_url: Option<String>,
    /// Mark cookies `Secure` (`ENLACE_SECURE_COOKIES`; on by default when the public URL is https).
    pub secure_cookies: bool,
    /// The site secret (`ENLACE_SECRET`, at least 32 characters, checked at start), from which
    /// the anti-forgery and sealing keys are derived. When unset, a secret generated once and kept
    /// in the database is used, shared by every server on that database.
    pub secret: Option<String>,
    /// How long a request and its headers may take.
    pub http_timeouts: HttpTimeouts,
    /// PostgreSQL's per-connection time limits (SQLite has none of these).
    pub db_timeouts: DbTimeouts,
    /// How many months back the collection feeds reach (`ENLACE_FEED_MONTHS_BACK`, default 12).
    pub feed_months_back: u32,
    /// Where mail goes (`ENLACE_SMTP_URL`, e.g. `smtp://127.0.0.1:2525` or
    /// `smtps://user:password@smtp.example.org`); without it, mail is written to the log.
    pub smtp_url: Option<String>,
    /// The sender of mail (`ENLACE_MAIL_FROM`).
    pub mail_from: String,
    /// How long a place is held in confirm mode, in hours (`ENLACE_HOLD_HOURS`, fractions
    /// allowed; 24 when unset), as given: read with [`Settings::hold`].
    pub hold_hours: Option<String>,
    /// How often expired holds are released, in seconds (`ENLACE_HOLD_SWEEP_SECONDS`; 60 when
    /// unset), as given: read with [`Settings::hold_sweep`].
    pub hold_sweep_seconds: Option<String>,
    /// Days after an event's last day its registrations' personal data is kept
    /// (`ENLACE_RETENTION_DAYS`, default 180): then it is erased, keeping counts per delegation.
    pub retention_days: u32,
    /// Rate limits, where client addresses come from, and the periodic clean-up.
    pub limits: LimitSettings,
}

impl std::fmt::Debug for Settings {
    // The database URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database", &redact(&self.database_url))
            .field("demo_data", &self.demo_data)
            .field("public_url", &self.public_url)
            .field("secure_cookies", &self.secure_cookies)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("http_timeouts", &self.http_timeouts)
            .field("db_timeouts", &self.db_timeouts)
            .field("feed_months_back", &self.feed_months_back)
            .field("smtp", &self.smtp_url.as_deref().map(redact))
            .field("mail_from", &self.mail_from)
            .field("limits", &self.limits)
            .field("retention_days", &self.retention_days)
            .field("hold_hours", &self.hold_hours)
            .field("hold_sweep_seconds", &self.hold_sweep_seconds)
            .finish()
    }
}

/// How long clients get (each in whole seconds in its environment variable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpTimeouts {
    /// A request's whole handling, body included (`ENLACE_REQUEST_TIMEOUT_SECS`, default 30):
    /// past it the client gets a 503 page.
    pub request: Duration,
    /// Sending a request's headers (`ENLACE_HEADER_TIMEOUT_SECS`, default 10): past it the
    /// connection is closed (against clients that trickle headers to hold connections).
    pub header_read: Duration,
}

impl Default for HttpTimeouts {
    fn default() -> Self {
        Self {
            request: Duration::from_secs(30),
            header_read: Duration::from_secs(10),
        }
    }
}

/// PostgreSQL's time limits, set on every pooled connection (each in whole seconds in its
/// environment variable; `0` turns one off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbTimeouts {
    /// `statement_timeout` (`ENLACE_DB_STATEMENT_TIMEOUT_SECS`, default 15).
    pub statement: Duration,
    /// `lock_timeout` (`ENLACE_DB_LOCK_TIMEOUT_SECS`, default 5).
    pub lock: Duration,
    /// `idle_in_transaction_session_timeout` (`ENLACE_DB_IDLE_TX_TIMEOUT_SECS`, default 30).
    pub idle_in_transaction: Duration,
}

impl Default for DbTimeouts {
    fn default() -> Self {
        Self {
            statement: Duration::from_secs(15),
            lock: Duration::from_secs(5),
            idle_in_transaction: Duration::from_secs(30),
        }
    }
}

/// Whole seconds from `value`, at most a day; `default` when unset or unreadable, and when zero
/// unless `zero_allowed`.
fn seconds(value: Option<String>, default: Duration, zero_allowed: bool) -> Duration {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s <= 86_400 && (zero_allowed || *s > 0))
        .map_or(default, Duration::from_secs)
}

/// The URL with any password replaced by `***`.
#[must_use]
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// `ENLACE_RETENTION_DAYS`: unset or blank is the default; anything else must be a positive whole
/// number of days.
fn retention_days(value: Option<String>) -> anyhow::Result<u32> {
    use app::domain::personal_data::{
        DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, parse_retention_days,
    };
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(DEFAULT_RETENTION_DAYS),
        Some(raw) => parse_retention_days(raw).ok_or_else(|| {
            anyhow::anyhow!(
                "ENLACE_RETENTION_DAYS must be a whole number of days from 1 to \
                 {MAX_RETENTION_DAYS} (how long registrations' personal data is kept after an \
                 event ends; default {DEFAULT_RETENTION_DAYS}), not {raw:?}"
            )
        }),
    }
}

fn flag(value: Option<String>, default: bool) -> bool {
    match value
        .as_deref()
        .map(str::trim)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("0" | "false" | "no" | "off") => false,
        Some("1" | "true" | "yes" | "on") => true,
        _ => default,
    }
}

impl Settings {
    /// Reads the settings from the environment.
    ///
    /// # Errors
    /// When a setting is set to something it cannot be (the message names it).
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    ///
    /// # Errors
    /// When a setting is set to something it cannot be (the message names it).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let database_url = lookup("DATABASE_URL")
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{DEFAULT_SQLITE_PATH}"));
        let public_url = lookup("ENLACE_PUBLIC_URL")
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().trim_end_matches('/').to_owned());
        let https = public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        let retention_days = retention_days(lookup("ENLACE_RETENTION_DAYS"))?;
        Ok(Self {
            database_url,
            demo_data: flag(lookup("ENLACE_DEMO_DATA"), true),
            demo_upcoming: flag(lookup("ENLACE_DEMO_UPCOMING"), true),
            public_url,
            secure_cookies: flag(lookup("ENLACE_SECURE_COOKIES"), https),
            // Checked (length) when the server starts, which refuses a short one.
            secret: lookup("ENLACE_SECRET").filter(|s| !s.is_empty()),
            http_timeouts: {
                let d = HttpTimeouts::default();
                HttpTimeouts {
                    request: seconds(lookup("ENLACE_REQUEST_TIMEOUT_SECS"), d.request, false),
                    header_read: seconds(
                        lookup("ENLACE_HEADER_TIMEOUT_SECS"),
                        d.header_read,
                        false,
                    ),
                }
            },
            db_timeouts: {
                let d = DbTimeouts::default();
                DbTimeouts {
                    statement: seconds(
                        lookup("ENLACE_DB_STATEMENT_TIMEOUT_SECS"),
                        d.statement,
                        true,
                    ),
                    lock: seconds(lookup("ENLACE_DB_LOCK_TIMEOUT_SECS"), d.lock, true),
                    idle_in_transaction: seconds(
                        lookup("ENLACE_DB_IDLE_TX_TIMEOUT_SECS"),
                        d.idle_in_transaction,
                        true,
                    ),
                }
            },
            feed_months_back: lookup("ENLACE_FEED_MONTHS_BACK")
                .and_then(|m| m.trim().parse().ok())
                .filter(|m| *m <= 1200)
                .unwrap_or(app::domain::feed::DEFAULT_MONTHS_BACK),
            smtp_url: lookup("ENLACE_SMTP_URL").filter(|u| !u.trim().is_empty()),
            mail_from: lookup("ENLACE_MAIL_FROM")
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| "Enlace <enlace@localhost>".into()),
            limits: LimitSettings::from_lookup(&lookup),
            retention_days,
            hold_hours: lookup("ENLACE_HOLD_HOURS"),
            hold_sweep_seconds: lookup("ENLACE_HOLD_SWEEP_SECONDS"),
        })
    }

    /// How long a place is held in confirm mode (`ENLACE_HOLD_HOURS`).
    ///
    /// # Errors
    /// When the value is not a number of hours from one minute to 30 days.
    pub fn hold(&self) -> anyhow::Result<chrono::Duration> {
        app::domain::registration::hold_from_hours(self.hold_hours.as_deref())
            .map_err(anyhow::Error::msg)
    }

    /// How often expired holds are released (`ENLACE_HOLD_SWEEP_SECONDS`, 60 s by default).
    ///
    /// # Errors
    /// When the value is not a whole number of seconds from 1 to 3600.
    pub fn hold_sweep(&self) -> anyhow::Result<std::time::Duration> {
        let raw = self
            .hold_sweep_seconds
            .as_deref()
            .map(str::trim)
            .unwrap_or("");
        if raw.is_empty() {
            return Ok(std::time::Duration::from_secs(DEFAULT_HOLD_SWEEP_SECONDS));
        }
        match raw.parse::<u64>() {
            Ok(n) if (1..=3600).contains(&n) => Ok(std::time::Duration::from_secs(n)),
            _ => anyhow::bail!(
                "ENLACE_HOLD_SWEEP_SECONDS must be a whole number of seconds from 1 to 3600 \
                 (got {raw:?})"
            ),
        }
    }

    /// For a SQLite URL, the file's directory, to create before opening.
    #[must_use]
    pub fn sqlite_dir(&self) -> Option<PathBuf> {
        let path = self.database_url.strip_prefix("sqlite://")?;
        let path = path.split('?').next()?;
        PathBuf::from(path).parent().map(PathBuf::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_setup() {
        let s = Settings::from_lookup(|_| None).unwrap();
        assert_eq!(s.database_url, "sqlite://data/enlace.db");
        assert!(s.demo_data);
        assert_eq!(s.public_url, None);
        assert_eq!(s.sqlite_dir(), Some(PathBuf::from("data")));
        assert_eq!(s.retention_days, 180);
    }

    #[test]
    fn retention_must_be_a_positive_whole_number_of_days() {
        let with = |v: &'static str| {
            Settings::from_lookup(move |k| (k == "ENLACE_RETENTION_DAYS").then(|| v.to_owned()))
        };
        assert_eq!(with("30").unwrap().retention_days, 30);
        assert_eq!(with(" ").unwrap().retention_days, 180);
        for bad in ["0", "-1", "1.5", "a year", "36501"] {
            let e = with(bad).err().unwrap().to_string();
            assert!(e.contains("ENLACE_RETENTION_DAYS"), "{e}");
            assert!(e.contains(bad), "{e}");
        }
    }

    #[test]
    fn timeouts_have_defaults_and_can_be_set() {
        let s = Settings::from_lookup(|_| None).unwrap();
        assert_eq!(s.http_timeouts, HttpTimeouts::default());
        assert_eq!(s.http_timeouts.request, Duration::from_secs(30));
        assert_eq!(s.db_timeouts.statement, Duration::from_secs(15));
        assert_eq!(s.db_timeouts.lock, Duration::from_secs(5));
        assert_eq!(s.db_timeouts.idle_in_transaction, Duration::from_secs(30));
        assert_eq!(s.secret, None);
        let s = Settings::from_lookup(|k| match k {
            "ENLACE_HEADER_TIMEOUT_SECS" => Some("2".into()),
            "ENLACE_REQUEST_TIMEOUT_SECS" => Some("0".into()),
            "ENLACE_DB_LOCK_TIMEOUT_SECS" => Some("0".into()),
            "ENLACE_DB_STATEMENT_TIMEOUT_SECS" => Some("soon".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.http_timeouts.header_read, Duration::from_secs(2));
        assert_eq!(
            s.http_timeouts.request,
            Duration::from_secs(30),
            "never zero"
        );
        assert_eq!(s.db_timeouts.lock, Duration::ZERO, "zero turns it off");
        assert_eq!(s.db_timeouts.statement, Duration::from_secs(15));
    }

    #[test]
    fn the_secret_never_reaches_the_log() {
        let s = Settings::from_lookup(|k| (k == "ENLACE_SECRET").then(|| "s".repeat(40))).unwrap();
        assert_eq!(s.secret.as_deref(), Some("s".repeat(40).as_str()));
        assert!(!format!("{s:?}").contains("ssss"));
    }

    #[test]
    fn demo_data_can_be_turned_off() {
        let s = Settings::from_lookup(|k| (k == "ENLACE_DEMO_DATA").then(|| "false".to_owned()))
            .unwrap();
        assert!(!s.demo_data);
    }

    #[test]
    fn holds_last_24_hours_unless_set_and_nonsense_is_refused() {
        let none = Settings::from_lookup(|_| None).unwrap();
        assert_eq!(none.hold().unwrap(), chrono::Duration::hours(24));
        assert_eq!(none.hold_sweep().unwrap().as_secs(), 60);
        let set = |k: &'static str, v: &'static str| {
            Settings::from_lookup(move |key| (key == k).then(|| v.to_owned())).unwrap()
        };
        assert_eq!(
            set("ENLACE_HOLD_HOURS", "0.5").hold().unwrap(),
            chrono::Duration::minutes(30)
        );
        for bad in ["0", "-1", "abc", "721", "NaN", "0.001"] {
            let e = set("ENLACE_HOLD_HOURS", bad).hold().unwrap_err();
            assert!(e.to_string().contains("ENLACE_HOLD_HOURS"), "{bad}: {e}");
        }
        assert_eq!(
            set("ENLACE_HOLD_SWEEP_SECONDS", "2")
                .hold_sweep()
                .unwrap()
                .as_secs(),
            2
        );
        for bad in ["0", "x", "3601", "1.5"] {
            assert!(
                set("ENLACE_HOLD_SWEEP_SECONDS", bad).hold_sweep().is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_never_reach_the_log() {
        assert_eq!(
            redact("postgres://enlace:s3cret@db:5432/enlace"),
            "postgres://enlace:***@db:5432/enlace"
        );
        assert_eq!(redact("sqlite://data/enlace.db"), "sqlite://data/enlace.db");
        let s = Settings::from_lookup(|k| {
            (k == "DATABASE_URL").then(|| "postgres://u:pw@h/d".to_owned())
        })
        .unwrap();
        assert!(!format!("{s:?}").contains("pw"));
    }
}
