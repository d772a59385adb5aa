//! Fuzz targets of the domain's validators: each is one plain function over bytes, called by the
//! bounded proptest tests of `cargo test` (`tests`) and by the cargo-fuzz targets in `fuzz/` for
//! long runs, so the two never drift. Compiled for tests and under `--cfg fuzzing` (which
//! cargo-fuzz sets), never into the product.
//!
//! A target never panics on any input; a panic (an assertion here included) is a finding.

pub mod draw;
pub mod event;
pub mod registration;
pub mod validators;

pub use event::event_form;
pub use registration::registration_form;
pub use validators::validators;

/// Checks a cleaned free-text value: at most `max` characters, no carriage return, and no control
/// character but line breaks and tabs where `multiline`.
///
/// # Panics
/// When it does not hold.
pub fn assert_clean(value: &str, max: usize, multiline: bool) {
    assert!(value.chars().count() <= max, "longer than {max}: {value:?}");
    assert!(
        !value
            .chars()
            .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t'))),
        "control characters in {value:?}"
    );
    assert_eq!(value, value.trim(), "not trimmed: {value:?}");
}

/// [`assert_clean`] for a one-line field.
///
/// # Panics
/// When it does not hold.
pub fn assert_single_line(value: &str, max: usize) {
    assert_clean(value, max, false);
}

#[cfg(test)]
mod tests;
