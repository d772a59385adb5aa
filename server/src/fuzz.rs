//! Fuzz targets of the server's parsers: the ICS import reader (any bytes, and near-valid
//! calendars with hostile fields), the form decoders, and the feed renderer round-tripped through
//! the importer. Each is one plain function over bytes, called by the bounded proptest tests of
//! `cargo test` (`tests`) and by the cargo-fuzz targets in `fuzz/` for long runs, so the two
//! never drift. Compiled for tests and under `--cfg fuzzing` (which cargo-fuzz sets), never into
//! the product. The domain's validators have their targets in `app::fuzz`.
//!
//! A target never panics on any input; a panic (an assertion here included) is a finding.

pub mod draw;
pub mod forms;
pub mod ics;
pub mod ics_file;
pub mod roundtrip;

pub use forms::forms;
pub use ics::{ics_bytes, ics_structured};
pub use roundtrip::feed_roundtrip;

#[cfg(test)]
mod tests;
