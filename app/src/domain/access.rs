//! Who may do what: the roles of Enlace and the one function that decides every permission.
//! Pure, so the same answer is given in the browser (to hide a button) and on the server (where
//! it is enforced).

use serde::{Deserialize, Serialize};

use super::country::Country;

/// What an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The Technical Secretariat: manages accounts, edits every event, reads every audit log.
    Secretariat,
    /// An official of one member country: runs the events that country hosts or co-hosts.
    Official(Country),
}

/// The signed-in person, as far as permissions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Account id.
    pub id: i64,
    /// Role.
    pub role: Role,
    /// A disabled account may sign in to nothing.
    pub disabled: bool,
}

/// Something a person may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Propose a new event hosted by a country.
    Propose,
    /// Edit an event's details.
    Edit,
    /// Confirm an event's dates.
    Confirm,
    /// Move an event to new dates.
    Postpone,
    /// Cancel an event.
    Cancel,
    /// Delete an event never published.
    Delete,
    /// Read an event's audit log.
    ViewAudit,
    /// Create, disable and list accounts.
    ManageAccounts,
    /// See the region's coordination page (every event, every conflict).
    Coordinate,
    /// See an event's registrations (personal data), its logistics plan and exports; change its
    /// registration settings; move people up from the waitlist.
    ManageRegistrations,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 10] = [
        Action::Propose,
        Action::Edit,
        Action::Confirm,
        Action::Postpone,
        Action::Cancel,
        Action::Delete,
        Action::ViewAudit,
        Action::ManageAccounts,
        Action::Coordinate,
        Action::ManageRegistrations,
    ];
}

/// Decides whether `actor` may do `action` on something hosted by `hosts` (the event's host and
/// co-hosts, or, for a proposal, the proposed host). Anonymous and disabled actors may do nothing.
#[must_use]
pub fn allowed(actor: Option<&Actor>, action: Action, hosts: &[Country]) -> bool {
    let Some(actor) = actor.filter(|a| !a.disabled) else {
        return false;
    };
    match (actor.role, action) {
        (Role::Secretariat, _) => true,
        (Role::Official(_), Action::ManageAccounts | Action::Coordinate) => false,
        (Role::Official(country), _) => hosts.contains(&country),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GT: Actor = Actor {
        id: 1,
        role: Role::Official(Country::GT),
        disabled: false,
    };
    const SV: Actor = Actor {
        id: 2,
        role: Role::Official(Country::SV),
        disabled: false,
    };
    const OFF: Actor = Actor {
        id: 3,
        role: Role::Official(Country::GT),
        disabled: true,
    };
    const SEC: Actor = Actor {
        id: 4,
        role: Role::Secretariat,
        disabled: false,
    };

    #[test]
    fn officials_run_what_their_country_hosts_or_co_hosts() {
        for action in Action::ALL
            .into_iter()
            .filter(|a| !matches!(a, Action::ManageAccounts | Action::Coordinate))
        {
            assert!(allowed(Some(&GT), action, &[Country::GT]), "{action:?}");
            assert!(!allowed(Some(&GT), action, &[Country::SV]), "{action:?}");
            assert!(
                allowed(Some(&GT), action, &[Country::SV, Country::GT]),
                "{action:?}"
            );
            assert!(
                allowed(Some(&SV), action, &[Country::SV, Country::GT]),
                "{action:?}"
            );
        }
    }

    #[test]
    fn only_the_secretariat_manages_accounts_and_coordinates() {
        for action in [Action::ManageAccounts, Action::Coordinate] {
            assert!(allowed(Some(&SEC), action, &[]));
            assert!(!allowed(Some(&GT), action, &[Country::GT]));
        }
    }

    #[test]
    fn anonymous_and_disabled_may_do_nothing() {
        for action in Action::ALL {
            assert!(!allowed(None, action, &[Country::GT]));
            assert!(!allowed(Some(&OFF), action, &[Country::GT]));
            assert!(allowed(Some(&SEC), action, &[Country::SV]));
        }
    }
}
