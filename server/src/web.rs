//! What guards every request before the routes see it: security headers with the page's script
//! nonce ([`headers`]), caching headers and page tags ([`caching`]), public pages rendered once per change ([`page_cache`]), body limits checked before a body is read ([`body_limit`]), a time limit
//! on each request ([`timeout`]), pages read to their end when their client leaves ([`finish`]),
//! and the connection loop with its header-read timeout ([`serve`]).

pub mod body_limit;
pub mod caching;
pub mod finish;
pub mod headers;
pub mod page_cache;
pub mod serve;
pub mod timeout;
