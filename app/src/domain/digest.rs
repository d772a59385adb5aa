//! The e-mail digest and the reminders, as pure rules: who subscribed to what
//! ([`Subscription`], with its double opt-in's expiry), which change-log entries a subscriber's
//! digest holds, when the weekly digest goes out and which week it covers ([`schedule`]), and
//! which reminders of a commitment's due date are due at a given instant ([`reminders`]).

pub mod reminders;
pub mod schedule;
pub mod subscription;
#[cfg(test)]
mod tests;

pub use reminders::{DUE_SOON_DAYS, DueReminder, REMINDER_DAYS, falls_due_soon, reminders_due};
pub use schedule::{DigestSchedule, DigestWindow, MAX_SPAN_DAYS, digest_window};
pub use subscription::{
    CONFIRM_HOURS, MAX_PENDING_PER_ADDRESS, Subscription, SubscriptionInput, SubscriptionProblem,
    entries_for,
};
