//! Registrations: who may register and until when, what a delegate tells the hosts (travel and
//! logistics), and the one rule that decides who gets a seat — capacity, a quota per delegation,
//! and a waitlist served in order. Pure: the store applies these decisions inside a transaction
//! that holds the event's lock, so they hold under any concurrency.
//!
//! - [`model`]: delegations, interpretation, statuses, the trip and the stored registration;
//! - [`input`]: the form as typed and its checks;
//! - [`seats`]: the hosts' settings, when registration is open, and who gets a seat;
//! - [`mode`]: the registration modes (open, confirm by e-mail, approval), holds and their expiry.

pub mod input;
pub mod mode;
pub mod model;
pub mod seats;
#[cfg(test)]
mod tests;

pub use super::email::MAX_EMAIL;
pub use input::{MAX_FLIGHT, MAX_NOTE, MAX_SHORT, MAX_TRAVEL_DAYS, RegistrationInput};
pub use mode::{
    DEFAULT_HOLD_HOURS, NotConfirmed, Placement, RegistrationMode, SeatCounts, approve,
    confirm_address, decision_change, hold_end_text, hold_expired, hold_from_hours, hold_label,
    in_line, intake, promoted, seen_at, takes_seat,
};
pub use model::{
    Delegation, Interpretation, Registration, RegistrationDetails, RegistrationStatus, Travel,
};
pub use seats::{
    Closed, MANAGE_DAYS_AFTER, MAX_SEATS, RegistrationSettings, admit, fits, manage_link_alive,
    promotion_change, promotions, registration_open,
};
