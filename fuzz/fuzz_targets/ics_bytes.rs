//! cargo-fuzz target: `server::fuzz::ics_bytes`, the function its proptest in `cargo test` calls.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzz::ics_bytes(data));
