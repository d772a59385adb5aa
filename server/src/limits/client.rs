//! Who the client is: the peer address of the connection, or, only when that peer is a trusted
//! proxy (`ENLACE_TRUSTED_PROXIES`), the rightmost untrusted address of `X-Forwarded-For`.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: single addresses or networks (CIDR).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads a comma-separated list (`10.0.0.1, 192.168.0.0/16, ::1`). Returns the proxies and
    /// the entries that are neither an address nor a network (left out: trusting fewer is safe).
    #[must_use]
    pub fn parse(list: &str) -> (Self, Vec<String>) {
        let mut nets = Vec::new();
        let mut rejected = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.parse::<IpNet>() {
                Ok(net) => nets.push(net.trunc()),
                Err(_) => match entry.parse::<IpAddr>() {
                    Ok(ip) => nets.push(IpNet::from(canonical(ip))),
                    Err(_) => rejected.push(entry.to_owned()),
                },
            }
        }
        (TrustedProxies(nets), rejected)
    }

    /// Whether no proxy is trusted (the default).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the trusted proxies.
    #[must_use]
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that came from `peer` with these headers. Without a trusted peer,
    /// the peer itself (whatever `X-Forwarded-For` says); through trusted proxies, the rightmost
    /// address in `X-Forwarded-For` that is not a trusted proxy (each proxy appends the address it
    /// was reached from, so only the entries right of the first untrusted one are reliable). An
    /// entry that is not an address ends the walk at the last trusted hop. No peer at all (a
    /// request made in-process) is the unspecified address.
    #[must_use]
    pub fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
        let Some(peer) = peer.map(|p| canonical(p.ip())) else {
            return IpAddr::V6(Ipv6Addr::UNSPECIFIED);
        };
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.iter().rev() {
            let Some(ip) = parse_hop(entry) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))?;
    Some(canonical(ip))
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// What the limits count a client by: an IPv4 address, or the /64 network of an IPv6 address
/// (one subscriber usually holds a whole /64, so counting single IPv6 addresses would give one
/// person billions of budgets).
#[must_use]
pub fn key_of(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(bits))
        }
        v4 @ IpAddr::V4(_) => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn peer(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().unwrap(), 40000))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_spoofed_header_from_an_untrusted_peer_is_ignored() {
        let none = TrustedProxies::default();
        let h = headers(&["1.1.1.1"]);
        assert_eq!(none.client(peer("203.0.113.9"), &h), ip("203.0.113.9"));
        // A proxy is trusted, but this peer is not it.
        let (some, _) = TrustedProxies::parse("10.0.0.1");
        assert_eq!(some.client(peer("203.0.113.9"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn through_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let (trusted, rejected) = TrustedProxies::parse(" 10.0.0.1 , 192.168.0.0/16,, ::1 ");
        assert!(rejected.is_empty());
        // The client claims to be 1.1.1.1; the edge proxy saw 198.51.100.7, then an inner one.
        let h = headers(&["1.1.1.1, 198.51.100.7", "192.168.4.4"]);
        assert_eq!(trusted.client(peer("10.0.0.1"), &h), ip("198.51.100.7"));
        // IPv4 peers reached over IPv6 sockets are the same proxies.
        assert_eq!(
            trusted.client(peer("::ffff:10.0.0.1"), &h),
            ip("198.51.100.7")
        );
        // With a port, and in one header.
        let h = headers(&["198.51.100.7:5555"]);
        assert_eq!(trusted.client(peer("::1"), &h), ip("198.51.100.7"));
    }

    #[test]
    fn a_trusted_proxy_without_a_header_or_with_garbage_is_the_client_itself() {
        let (trusted, _) = TrustedProxies::parse("10.0.0.0/8");
        assert_eq!(
            trusted.client(peer("10.1.2.3"), &headers(&[])),
            ip("10.1.2.3")
        );
        let h = headers(&["nonsense, 10.9.9.9"]);
        assert_eq!(trusted.client(peer("10.1.2.3"), &h), ip("10.9.9.9"));
        let h = headers(&["10.5.5.5, 10.9.9.9"]);
        assert_eq!(trusted.client(peer("10.1.2.3"), &h), ip("10.5.5.5"));
    }

    #[test]
    fn entries_that_are_not_addresses_are_rejected() {
        let (trusted, rejected) = TrustedProxies::parse("10.0.0.1, proxy.example, 300.1.1.1");
        assert_eq!(rejected, vec!["proxy.example", "300.1.1.1"]);
        assert!(trusted.trusts(ip("10.0.0.1")));
        assert!(!trusted.trusts(ip("10.0.0.2")));
        assert!(TrustedProxies::parse("").0.is_empty());
    }

    #[test]
    fn no_peer_is_one_unspecified_client() {
        let (trusted, _) = TrustedProxies::parse("0.0.0.0/0");
        assert_eq!(
            trusted.client(None, &headers(&["1.1.1.1"])),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_network() {
        assert_eq!(key_of(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(key_of(ip("2001:db8:1:2:bbbb::9")), ip("2001:db8:1:2::"));
        assert_ne!(key_of(ip("2001:db8:1:3::1")), ip("2001:db8:1:2::"));
        assert_eq!(key_of(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(key_of(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
