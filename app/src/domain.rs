//! The pure domain of Enlace: countries, languages, events, dates and their validation.
//! No I/O; compiled for the server and the browser alike.

pub mod access;
pub mod account;
pub mod calendar;
pub mod changes;
pub mod coordination;
pub mod country;
pub mod digest;
pub mod email;
pub mod error;
pub mod event;
pub mod feed;
pub mod form;
pub mod format;
#[cfg(feature = "ssr")]
pub mod holidays;
pub mod import_batch;
pub mod lang;
pub mod lifecycle;
pub mod logistics;
pub mod outbox;
pub mod outcomes;
pub mod personal_data;
pub mod registration;
pub mod text;
pub mod time;
pub mod timeline;

pub use country::Country;
pub use email::Email;
pub use error::{Field, FieldError, Problem, ValidationErrors};
pub use event::{Event, EventDetails, EventInput, EventKind, EventStatus};
pub use lang::{Lang, Localized};
pub use time::{EventDates, LocalTimeError, LocalTimes};
