//! cargo-fuzz target: `server::fuzz::feed_roundtrip`, the function its proptest in `cargo test` calls.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzz::feed_roundtrip(data));
