//! One page per file: home, month calendar, event, not found.

pub mod calendar;
pub mod event;
pub mod home;
pub mod not_found;
