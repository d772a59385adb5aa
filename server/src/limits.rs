//! The server's one rate limiter: per client address (and, for registrations, per event), on
//! governor's GCRA, with its memory bounded (a cap on tracked keys, see [`keyed`], and pruning by
//! the periodic task in [`crate::housekeeping`]). A route is limited by taking a
//! [`RateLimit<Policy>`](extract::RateLimit) as its handler's first argument; the answer over the
//! limit is a 429 page in the reader's language with `Retry-After`, before anything else runs.
//!
//! The limits are per server process: with N instances behind a balancer, a client gets up to N
//! times each setting.

pub mod client;
pub mod extract;
pub mod keyed;

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

pub use client::TrustedProxies;
pub use extract::{Mail, PasswordLink, Policy, RateLimit, Register, SignIn};
use keyed::KeyedLimiter;

use crate::config::LimitSettings;

/// The key no real client has: where new clients are counted while a map is full.
const OVERFLOW: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

/// The longest event key kept (a slug); longer ones are counted together.
const MAX_EVENT_KEY: usize = 120;

/// Why a request was refused, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Until when (from now) the same request would be refused.
    pub wait: Duration,
    /// Whether the event's ceiling (for everyone) rather than this client's limit was reached.
    pub event_full: bool,
}

impl Refused {
    fn client(wait: Duration) -> Self {
        Refused {
            wait,
            event_full: false,
        }
    }
}

/// Every limiter, and where the client address comes from.
pub struct Limits {
    proxies: TrustedProxies,
    register: KeyedLimiter<IpAddr>,
    register_event: KeyedLimiter<Box<str>>,
    signin: KeyedLimiter<IpAddr>,
    password: KeyedLimiter<IpAddr>,
    mail: KeyedLimiter<IpAddr>,
    drafts: KeyedLimiter<IpAddr>,
}

impl Limits {
    /// The limiters of these settings, empty.
    #[must_use]
    pub fn new(s: &LimitSettings) -> Self {
        let per_client = |rate| KeyedLimiter::new(rate, s.max_keys, OVERFLOW);
        Limits {
            proxies: s.trusted_proxies.clone(),
            register: per_client(s.register),
            register_event: KeyedLimiter::new(s.register_event, s.max_keys, Box::from("")),
            signin: per_client(s.signin),
            password: per_client(s.password),
            mail: per_client(s.mail),
            drafts: per_client(s.drafts),
        }
    }

    /// The client address of a request (see [`TrustedProxies::client`]).
    #[must_use]
    pub fn client(&self, parts: &Parts) -> IpAddr {
        self.client_of(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
            &parts.headers,
        )
    }

    /// The client address of a request from `peer` with `headers`.
    #[must_use]
    pub fn client_of(&self, peer: Option<SocketAddr>, headers: &axum::http::HeaderMap) -> IpAddr {
        self.proxies.client(peer, headers)
    }

    /// A registration post for the event `slug`: the client's limit, then the event's ceiling.
    ///
    /// # Errors
    /// Which limit, and the wait.
    pub fn register(&self, client: IpAddr, slug: &str) -> Result<(), Refused> {
        self.register
            .check(&client::key_of(client))
            .map_err(Refused::client)?;
        let key: Box<str> = if slug.len() <= MAX_EVENT_KEY {
            slug.into()
        } else {
            Box::from("")
        };
        self.register_event.check(&key).map_err(|wait| Refused {
            wait,
            event_full: true,
        })
    }

    /// A sign-in attempt.
    ///
    /// # Errors
    /// The wait.
    pub fn signin(&self, client: IpAddr) -> Result<(), Refused> {
        Self::one(&self.signin, client)
    }

    /// A post of a password link (before the password is hashed).
    ///
    /// # Errors
    /// The wait.
    pub fn password(&self, client: IpAddr) -> Result<(), Refused> {
        Self::one(&self.password, client)
    }

    /// A post that mails an address the client chose (send my link again).
    ///
    /// # Errors
    /// The wait.
    pub fn mail(&self, client: IpAddr) -> Result<(), Refused> {
        Self::one(&self.mail, client)
    }

    /// Form input kept for an anonymous client.
    ///
    /// # Errors
    /// The wait.
    pub fn drafts(&self, client: IpAddr) -> Result<(), Refused> {
        Self::one(&self.drafts, client)
    }

    fn one(limiter: &KeyedLimiter<IpAddr>, client: IpAddr) -> Result<(), Refused> {
        limiter
            .check(&client::key_of(client))
            .map_err(Refused::client)
    }

    /// Forgets what no longer limits anyone (the periodic task calls this); returns how many
    /// keys all the limiters still hold.
    pub fn prune(&self) -> usize {
        self.register.prune()
            + self.register_event.prune()
            + self.signin.prune()
            + self.password.prune()
            + self.mail.prune()
            + self.drafts.prune()
    }
}
