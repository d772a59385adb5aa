//! Settings, read once at start from the environment (with defaults that need no set-up).

use std::path::PathBuf;

/// Where the SQLite file goes when `DATABASE_URL` is not set.
pub const DEFAULT_SQLITE_PATH: &str = "data/enlace.db";

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
    /// Secret that keys the anti-forgery tokens (`ENLACE_SECRET`); random per start when unset,
    /// which is fine for one server (set it when several share the load).
    pub secret: String,
    /// How many months back the collection feeds reach (`ENLACE_FEED_MONTHS_BACK`, default 12).
    pub feed_months_back: u32,
    /// Where mail goes (`ENLACE_SMTP_URL`, e.g. `smtp://127.0.0.1:2525` or
    /// `smtps://user:password@smtp.example.org`); without it, mail is written to the log.
    pub smtp_url: Option<String>,
    /// The sender of mail (`ENLACE_MAIL_FROM`).
    pub mail_from: String,
    /// Days after an event's last day its registrations' personal data is kept
    /// (`ENLACE_RETENTION_DAYS`, default 180): then it is erased, keeping counts per delegation.
    pub retention_days: u32,
}

impl std::fmt::Debug for Settings {
    // The database URL may carry a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database", &redact(&self.database_url))
            .field("demo_data", &self.demo_data)
            .field("public_url", &self.public_url)
            .field("secure_cookies", &self.secure_cookies)
            .field("feed_months_back", &self.feed_months_back)
            .field("smtp", &self.smtp_url.as_deref().map(redact))
            .field("mail_from", &self.mail_from)
            .field("retention_days", &self.retention_days)
            .finish()
    }
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
            secret: lookup("ENLACE_SECRET")
                .filter(|s| s.len() >= 32)
                .unwrap_or_else(app::ssr::tokens::new_token),
            feed_months_back: lookup("ENLACE_FEED_MONTHS_BACK")
                .and_then(|m| m.trim().parse().ok())
                .filter(|m| *m <= 1200)
                .unwrap_or(app::domain::feed::DEFAULT_MONTHS_BACK),
            smtp_url: lookup("ENLACE_SMTP_URL").filter(|u| !u.trim().is_empty()),
            mail_from: lookup("ENLACE_MAIL_FROM")
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| "Enlace <enlace@localhost>".into()),
            retention_days,
        })
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
    fn demo_data_can_be_turned_off() {
        let s = Settings::from_lookup(|k| (k == "ENLACE_DEMO_DATA").then(|| "false".to_owned()))
            .unwrap();
        assert!(!s.demo_data);
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
