//! Reusable pieces of the pages.

pub mod badges;
pub mod date_check;
pub mod event_card;
pub mod forms;
pub mod layout;
pub mod localized;
