//! Tests of the registration domain, and the event they register for.

mod input;
mod modes;
mod seats;

use chrono::Utc;

use crate::domain::event::{Event, EventInput};

/// A confirmed, published workshop in Guatemala from `start` to `end`.
pub(super) fn event(start: &str, end: &str) -> Event {
    let details = EventInput {
        host: "GT".into(),
        city: "Antigua Guatemala".into(),
        kind: "workshop".into(),
        title_es: "Taller".into(),
        start_date: start.into(),
        end_date: end.into(),
        status: "confirmed".into(),
        ..EventInput::default()
    }
    .validate()
    .expect("valid event");
    Event {
        id: 1,
        slug: "taller".into(),
        uid: "u@enlace".into(),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}
