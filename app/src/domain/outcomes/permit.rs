//! Who may write a meeting record and who may follow up which commitment. The use-case layer
//! asks these before it writes; every change it makes goes in the audit log.

use serde::{Deserialize, Serialize};

use super::model::Commitment;
use super::party::Party;
use crate::domain::access::{Actor, Role};
use crate::domain::country::Country;

/// What of a commitment an account may update (its status and progress notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Share {
    /// The whole commitment: its shared status.
    Whole,
    /// One member's entry of an "all delegations" commitment.
    Member(Country),
}

/// Whether `actor` may write the record (header, agreements, commitments' wording and parties)
/// of an event hosted by `hosts` (main host and co-hosts): the secretariat and the hosting
/// countries' officials. Disabled accounts may not.
#[must_use]
pub fn may_write_record(actor: &Actor, hosts: &[Country]) -> bool {
    if actor.disabled {
        return false;
    }
    match actor.role {
        Role::Secretariat => true,
        Role::Official(country) => hosts.contains(&country),
    }
}

/// What `actor` may update of `commitment`, if anything. The rule (issue 15): a country's
/// officials update the commitments their country is responsible for and nothing else (for
/// "all delegations", their own country's entry); the secretariat updates those of the IOM, the
/// RROCM and itself (the whole commitment, also when a member state shares it), and no member's
/// entry of "all delegations". Disabled accounts update nothing.
#[must_use]
pub fn update_right(actor: &Actor, commitment: &Commitment) -> Option<Share> {
    if actor.disabled {
        return None;
    }
    match actor.role {
        Role::Official(country) if commitment.is_all_delegations() => commitment
            .members
            .contains_key(&country)
            .then_some(Share::Member(country)),
        Role::Official(country) => commitment
            .parties
            .contains(&Party::Member(country))
            .then_some(Share::Whole),
        Role::Secretariat => commitment
            .parties
            .iter()
            .any(|p| p.followed_by_secretariat())
            .then_some(Share::Whole),
    }
}

/// Whether `actor` may update anything of `commitment` (see [`update_right`]).
#[must_use]
pub fn may_update(actor: &Actor, commitment: &Commitment) -> bool {
    update_right(actor, commitment).is_some()
}

/// Whether `actor` may update exactly `share` of `commitment`.
#[must_use]
pub fn may_update_share(actor: &Actor, commitment: &Commitment, share: Share) -> bool {
    update_right(actor, commitment) == Some(share)
}
