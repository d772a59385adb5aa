//! Tests of the outcomes domain: the rules by example, the rules as properties, validation, and
//! the demo record.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::demo::{
    COMMITTEES_2011, CONFERENCE_2010, MINISTERIAL_2010, QUERETARO_2010, WORKSHOP_2010,
};
use super::{Commitment, CommitmentStatus, DuePoint, EventRef, Party};
use crate::domain::country::Country;
use crate::domain::event::EventStatus;
use crate::domain::lang::Localized;
use crate::domain::time::EventDates;

mod demo;
mod properties;
mod rules;
mod validation;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn days(id: i64, slug: &str, status: EventStatus, start: NaiveDate, end: NaiveDate) -> EventRef {
    EventRef {
        id,
        slug: slug.into(),
        status,
        dates: EventDates::Exact {
            start,
            end,
            times: None,
        },
    }
}

/// The five events of the source report, as `server/src/demo.rs` loads them.
fn demo_events() -> Vec<EventRef> {
    vec![
        days(
            1,
            MINISTERIAL_2010,
            EventStatus::Confirmed,
            d(2010, 10, 8),
            d(2010, 10, 8),
        ),
        days(
            2,
            QUERETARO_2010,
            EventStatus::Confirmed,
            d(2010, 11, 16),
            d(2010, 11, 16),
        ),
        days(
            3,
            WORKSHOP_2010,
            EventStatus::Confirmed,
            d(2010, 12, 1),
            d(2010, 12, 3),
        ),
        days(
            4,
            CONFERENCE_2010,
            EventStatus::Confirmed,
            d(2010, 12, 6),
            d(2010, 12, 7),
        ),
        EventRef {
            id: 5,
            slug: COMMITTEES_2011.into(),
            status: EventStatus::Tentative,
            dates: EventDates::Month {
                year: 2011,
                month: 2,
            },
        },
    ]
}

fn meeting() -> EventRef {
    demo_events().remove(1)
}

/// A commitment of `parties` sharing one status.
fn shared(parties: &[Party], due: DuePoint, status: CommitmentStatus) -> Commitment {
    Commitment {
        parties: parties.to_vec(),
        action: Localized::new("Hacer algo", "Do something"),
        due,
        status,
        members: BTreeMap::new(),
        notes: Vec::new(),
    }
}

/// An "all delegations" commitment with these members' statuses.
fn all(members: &[(Country, CommitmentStatus)], due: DuePoint) -> Commitment {
    let members: BTreeMap<_, _> = members.iter().copied().collect();
    Commitment {
        parties: vec![Party::AllDelegations],
        action: Localized::new("Hacer algo", "Do something"),
        due,
        status: super::roll_up(members.values().copied()),
        members,
        notes: Vec::new(),
    }
}
