//! The rate limits' settings: how many requests at once per kind, where client addresses come
//! from, and how often the limiters are pruned (`ENLACE_RATE_*`, `ENLACE_TRUSTED_PROXIES`,
//! `ENLACE_CLEANUP_SECONDS`).

use std::num::NonZeroU32;
use std::time::Duration;

use crate::limits::TrustedProxies;

/// A rate: `burst` requests at once, given back evenly over `period` (`10/10m`: ten at once, then
/// one a minute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many at once.
    pub burst: NonZeroU32,
    /// In how long the whole burst is available again.
    pub period: Duration,
}

impl Rate {
    const fn of(burst: u32, seconds: u64) -> Rate {
        Rate {
            burst: match NonZeroU32::new(burst) {
                Some(b) => b,
                None => NonZeroU32::MIN,
            },
            period: Duration::from_secs(seconds),
        }
    }

    /// Reads `N/period`: a count, then a period of `30s`, `10m`, `1h`, `1d` or plain seconds
    /// (`m` alone is one minute). At most a million in at most a day.
    #[must_use]
    pub fn parse(text: &str) -> Option<Rate> {
        let (burst, period) = text.trim().split_once('/')?;
        let burst: u32 = burst.trim().parse().ok().filter(|b| *b <= 1_000_000)?;
        let period = period.trim();
        let (digits, unit) = period.split_at(
            period
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(period.len()),
        );
        let count: u64 = if digits.is_empty() {
            1
        } else {
            digits.parse().ok()?
        };
        let unit = match unit.trim() {
            "" | "s" => 1,
            "m" | "min" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return None,
        };
        let seconds = count
            .checked_mul(unit)
            .filter(|s| (1..=86_400).contains(s))?;
        Some(Rate {
            burst: NonZeroU32::new(burst)?,
            period: Duration::from_secs(seconds),
        })
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}s", self.burst, self.period.as_secs())
    }
}

/// The rate limits (each per client address unless said otherwise, and per server process), where
/// client addresses come from, and how often expired data is cleaned up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitSettings {
    /// Registration posts (`ENLACE_RATE_REGISTER`, default `10/10m`).
    pub register: Rate,
    /// Registration posts per event, from all clients together (`ENLACE_RATE_REGISTER_EVENT`,
    /// default `60/1m`).
    pub register_event: Rate,
    /// Sign-in attempts (`ENLACE_RATE_SIGNIN`, default `5/20s`: five, then one every 4 s).
    pub signin: Rate,
    /// Posts of a password link (`ENLACE_RATE_PASSWORD`, default `5/15m`).
    pub password: Rate,
    /// Posts that mail an address the client typed (`ENLACE_RATE_MAIL`, default `5/30m`).
    pub mail: Rate,
    /// Form input kept for anonymous clients (`ENLACE_RATE_DRAFTS`, default `30/10m`).
    pub drafts: Rate,
    /// Most clients (or events) each limiter tracks on its own (`ENLACE_RATE_MAX_KEYS`, default
    /// 100000); past it, new ones share one budget.
    pub max_keys: usize,
    /// Proxies whose `X-Forwarded-For` is believed (`ENLACE_TRUSTED_PROXIES`, default none).
    pub trusted_proxies: TrustedProxies,
    /// How often expired kept input and sessions are deleted and the limiters pruned
    /// (`ENLACE_CLEANUP_SECONDS`, default 60).
    pub cleanup_every: Duration,
}

impl Default for LimitSettings {
    fn default() -> Self {
        LimitSettings {
            register: Rate::of(10, 600),
            register_event: Rate::of(60, 60),
            signin: Rate::of(5, 20),
            password: Rate::of(5, 900),
            mail: Rate::of(5, 1800),
            drafts: Rate::of(30, 600),
            max_keys: 100_000,
            trusted_proxies: TrustedProxies::default(),
            cleanup_every: Duration::from_secs(60),
        }
    }
}

impl LimitSettings {
    /// Reads the settings through `lookup`; a value that cannot be read keeps its default (and
    /// is logged).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let d = LimitSettings::default();
        let rate = |name: &str, default: Rate| {
            match lookup(name) {
            Some(v) if !v.trim().is_empty() => Rate::parse(&v).unwrap_or_else(|| {
                tracing::warn!(setting = name, value = %v, %default, "not a rate (N/period): default kept");
                default
            }),
            _ => default,
        }
        };
        let number = |name: &str, default: u64, max: u64| {
            lookup(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| (1..=max).contains(n))
                .unwrap_or(default)
        };
        let (trusted_proxies, rejected) =
            TrustedProxies::parse(&lookup("ENLACE_TRUSTED_PROXIES").unwrap_or_default());
        if !rejected.is_empty() {
            tracing::warn!(
                ?rejected,
                "ENLACE_TRUSTED_PROXIES: not addresses or networks, ignored"
            );
        }
        LimitSettings {
            register: rate("ENLACE_RATE_REGISTER", d.register),
            register_event: rate("ENLACE_RATE_REGISTER_EVENT", d.register_event),
            signin: rate("ENLACE_RATE_SIGNIN", d.signin),
            password: rate("ENLACE_RATE_PASSWORD", d.password),
            mail: rate("ENLACE_RATE_MAIL", d.mail),
            drafts: rate("ENLACE_RATE_DRAFTS", d.drafts),
            max_keys: usize::try_from(number("ENLACE_RATE_MAX_KEYS", 100_000, 10_000_000))
                .unwrap_or(d.max_keys),
            trusted_proxies,
            cleanup_every: Duration::from_secs(number("ENLACE_CLEANUP_SECONDS", 60, 86_400)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn rates_read_a_count_and_a_period() {
        let r = |burst, secs| Rate {
            burst: NonZeroU32::new(burst).unwrap(),
            period: Duration::from_secs(secs),
        };
        assert_eq!(Rate::parse("10/10m"), Some(r(10, 600)));
        assert_eq!(Rate::parse(" 60 / m "), Some(r(60, 60)));
        assert_eq!(Rate::parse("5/20s"), Some(r(5, 20)));
        assert_eq!(Rate::parse("5/20"), Some(r(5, 20)));
        assert_eq!(Rate::parse("3/1h"), Some(r(3, 3600)));
        assert_eq!(Rate::parse("100000/1s"), Some(r(100_000, 1)));
        for bad in [
            "",
            "10",
            "0/1m",
            "10/0s",
            "10/2d",
            "x/1m",
            "10/1w",
            "-1/1m",
            "2000000/1s",
        ] {
            assert_eq!(Rate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn limits_have_documented_defaults_and_can_be_set() {
        let d = Settings::from_lookup(|_| None).unwrap().limits;
        assert_eq!(d, LimitSettings::default());
        assert_eq!(Some(d.register), Rate::parse("10/10m"));
        assert_eq!(Some(d.register_event), Rate::parse("60/1m"));
        assert_eq!(Some(d.signin), Rate::parse("5/20s"));
        assert_eq!(Some(d.password), Rate::parse("5/15m"));
        assert_eq!(Some(d.mail), Rate::parse("5/30m"));
        assert_eq!(Some(d.drafts), Rate::parse("30/10m"));
        assert_eq!(d.max_keys, 100_000);
        assert!(d.trusted_proxies.is_empty());
        assert_eq!(d.cleanup_every, Duration::from_secs(60));
        let set = LimitSettings::from_lookup(|k| {
            match k {
                "ENLACE_RATE_REGISTER" => Some("3/1m"),
                "ENLACE_RATE_SIGNIN" => Some("nonsense"),
                "ENLACE_TRUSTED_PROXIES" => Some("127.0.0.1, 10.0.0.0/8"),
                "ENLACE_RATE_MAX_KEYS" => Some("0"),
                "ENLACE_CLEANUP_SECONDS" => Some("5"),
                _ => None,
            }
            .map(str::to_owned)
        });
        assert_eq!(Some(set.register), Rate::parse("3/1m"));
        assert_eq!(set.signin, d.signin, "unreadable: the default");
        assert_eq!(set.max_keys, 100_000, "out of range: the default");
        assert!(set.trusted_proxies.trusts("10.2.3.4".parse().unwrap()));
        assert_eq!(set.cleanup_every, Duration::from_secs(5));
    }
}
