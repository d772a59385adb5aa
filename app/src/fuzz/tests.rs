//! The bounded runs of the fuzz targets in `cargo test`, and one regression test per input a
//! fuzzer found (named for what it broke). `PROPTEST_CASES=n` runs each target `n` times instead
//! of its default (`scripts/fuzz.sh` sets it for long runs).

use proptest::collection::vec;
use proptest::prelude::*;

/// `cases` runs, or `PROPTEST_CASES` when it is set: every target's default is sized so that all
/// of them together take well under a minute in a debug build on two cores.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Shrinking a long run's failure can take long; a minute is enough to make it readable.
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn event_form(data in vec(any::<u8>(), 0..2048)) {
        super::event_form(&data);
    }

    #[test]
    fn registration_form(data in vec(any::<u8>(), 0..2048)) {
        super::registration_form(&data);
    }

    #[test]
    fn validators(data in vec(any::<u8>(), 0..1024)) {
        super::validators(&data);
    }
}
