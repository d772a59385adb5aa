//! cargo-fuzz target: `app::fuzz::validators`, the function its proptest in `cargo test` calls.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzz::validators(data));
