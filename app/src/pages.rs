//! One page per file: home, month calendar, event, management, import, not found.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod coordination;
pub mod dashboard;
pub mod digest;
pub mod erase;
pub mod event;
pub mod home;
pub mod import;
pub mod manage;
pub mod not_found;
pub mod outcomes;
pub mod registration;
pub mod signin;
pub mod subscribe;
