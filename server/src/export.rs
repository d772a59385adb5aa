//! Exports for hosts, and the one CSV writer of the server.
//!
//! # Injection
//! In CSV a text that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading `'` (OWASP's advice for CSV injection).

mod csv;

pub use self::csv::{Csv, field};
