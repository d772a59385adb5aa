//! One keyed limiter: governor's GCRA per key, in a map whose size is capped and that the
//! periodic task prunes.
//!
//! **Over the cap**, a key the map does not hold yet is not given a state of its own: every such
//! new key is counted under one shared *overflow* key, so together they get what one client gets.
//! Keys already held keep their own state. Evicting instead would let a flood of addresses wipe
//! out the state of the clients it floods with (their count would start again), and refusing new
//! keys outright would shut every newcomer out for as long as the flood lasts; the shared key
//! never lets more through than the limit allows and still leaves a trickle for newcomers. Keys
//! leave the map at the first pruning one interval after their state is back to a fresh one
//! (governor's `retain_recent`), so the map is back under the cap soon after the flood stops.

use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::{Quota, RateLimiter};

use crate::config::Rate;

/// A map of GCRA states shared between the limiter and its owner, who asks it what it holds.
#[derive(Debug)]
struct Shared<K: Hash + Eq + Clone>(Arc<DashMapStateStore<K>>);

impl<K: Hash + Eq + Clone> StateStore for Shared<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        self.0.measure_and_replace(key, f)
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for Shared<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(self.0.as_ref(), drop_below);
    }

    fn shrink_to_fit(&self) {
        self.0.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A rate limit per key, with at most `cap` keys of their own (plus the overflow key).
pub struct KeyedLimiter<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    map: Arc<DashMapStateStore<K>>,
    limiter: RateLimiter<K, Shared<K>, C, NoOpMiddleware<C::Instant>>,
    cap: usize,
    overflow: K,
}

/// The quota of a rate: `burst` at once, then one every `period / burst`.
#[must_use]
pub fn quota(rate: Rate) -> Quota {
    let per_cell = rate.period / rate.burst.get();
    Quota::with_period(per_cell.max(Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_second(rate.burst))
        .allow_burst(rate.burst)
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    /// A limiter of `rate` per key on the real clock; `overflow` is the key new keys share when
    /// `cap` keys are held (one that no real client has).
    #[must_use]
    pub fn new(rate: Rate, cap: usize, overflow: K) -> Self {
        Self::with_clock(rate, cap, overflow, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock> KeyedLimiter<K, C> {
    /// As [`KeyedLimiter::new`], on `clock` (a fake one in tests).
    pub fn with_clock(rate: Rate, cap: usize, overflow: K, clock: C) -> Self {
        let map = Arc::new(DashMapStateStore::default());
        let limiter = RateLimiter::new(quota(rate), Shared(map.clone()), clock);
        KeyedLimiter {
            map,
            limiter,
            cap: cap.max(1),
            overflow,
        }
    }

    /// Counts one request of `key`: `Ok`, or how long until one is allowed again.
    ///
    /// # Errors
    /// The wait, when over the limit.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        let key = if self.map.len() >= self.cap && !self.map.contains_key(key) {
            &self.overflow
        } else {
            key
        };
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }

    /// Forgets the keys whose state is the same as a fresh one and gives the memory back;
    /// returns how many keys are still held.
    pub fn prune(&self) -> usize {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        self.limiter.len()
    }

    /// How many keys are held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no key is held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// How many entries the map has room for without growing.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.map.capacity()
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    use std::num::NonZeroU32;

    use governor::clock::FakeRelativeClock;

    use super::*;

    fn rate(burst: u32, secs: u64) -> Rate {
        Rate {
            burst: NonZeroU32::new(burst).unwrap(),
            period: Duration::from_secs(secs),
        }
    }

    fn address(i: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i))
    }

    const OVERFLOW: IpAddr = IpAddr::V6(Ipv6Addr::UNSPECIFIED);

    #[test]
    fn a_burst_then_one_per_interval_with_the_wait_told() {
        let clock = FakeRelativeClock::default();
        let limiter = KeyedLimiter::with_clock(rate(10, 600), 100, OVERFLOW, clock.clone());
        let me = address(1);
        for _ in 0..10 {
            assert!(limiter.check(&me).is_ok());
        }
        let wait = limiter.check(&me).unwrap_err();
        assert_eq!(wait, Duration::from_secs(60));
        // Someone else is not affected.
        assert!(limiter.check(&address(2)).is_ok());
        clock.advance(Duration::from_secs(60));
        assert!(limiter.check(&me).is_ok());
        assert!(limiter.check(&me).is_err());
    }

    #[test]
    fn a_hundred_thousand_addresses_leave_the_map_bounded_after_pruning() {
        let clock = FakeRelativeClock::default();
        let limiter = KeyedLimiter::with_clock(rate(10, 600), 100_000, OVERFLOW, clock.clone());
        for i in 0..100_000 {
            assert!(limiter.check(&address(i)).is_ok());
        }
        assert_eq!(limiter.len(), 100_000);
        let grown = limiter.capacity();
        // Still counting: nothing is forgotten while its state differs from a fresh one.
        assert_eq!(limiter.prune(), 100_000);
        // One request each is back after one interval (a minute); governor forgets a key one
        // interval after that. Then they are all forgotten, and the memory is given back.
        clock.advance(Duration::from_secs(60));
        assert_eq!(limiter.prune(), 100_000, "kept for one more interval");
        clock.advance(Duration::from_secs(60));
        assert_eq!(limiter.prune(), 0);
        assert!(limiter.is_empty());
        assert!(
            limiter.capacity() < grown / 10,
            "capacity {} after shrinking, {grown} before",
            limiter.capacity()
        );
    }

    #[test]
    fn over_the_cap_new_keys_share_one_budget_and_known_keys_keep_theirs() {
        let clock = FakeRelativeClock::default();
        let limiter = KeyedLimiter::with_clock(rate(2, 600), 1_000, OVERFLOW, clock.clone());
        let known = address(0);
        assert!(limiter.check(&known).is_ok());
        let mut allowed = 0;
        for i in 1..100_000 {
            if limiter.check(&address(i)).is_ok() {
                allowed += 1;
            }
        }
        // Never more keys than the cap and the overflow key.
        assert!(limiter.len() <= 1_001, "{} keys", limiter.len());
        // 999 keys of their own, then two requests of the shared budget.
        assert_eq!(allowed, 999 + 2);
        // The client known before the flood still has its own budget.
        assert!(limiter.check(&known).is_ok());
        assert!(limiter.check(&known).is_err());
        // After the flood, pruning brings the map back down.
        clock.advance(Duration::from_secs(1_200));
        assert_eq!(limiter.prune(), 0);
        assert!(limiter.check(&address(5)).is_ok());
    }

    #[test]
    fn the_quota_spreads_the_period_over_the_burst() {
        let q = quota(rate(5, 20));
        assert_eq!(q.burst_size().get(), 5);
        assert_eq!(q.replenish_interval(), Duration::from_secs(4));
    }
}
