//! Golden and property tests of the feed rendering.
