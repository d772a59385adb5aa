//! cargo-fuzz target: `server::fuzz::forms`, the function its proptest in `cargo test` calls.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| server::fuzz::forms(data));
