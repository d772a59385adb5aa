//! Who may do what: the one decision every use case asks before it reads something private or
//! writes anything. The roles and actions are the domain's ([`crate::domain::access`]); the rule
//! that joins them lives here and only here.

use crate::domain::access::{Action, Actor, Role};
use crate::domain::account::Account;
use crate::domain::{Country, Event, EventDetails};

use super::Refusal;

/// What an action is about.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// The region as a whole (accounts, coordination).
    Region,
    /// A stored event: its host and co-hosts decide.
    Event(&'a Event),
    /// Event details not stored yet, or new details for an event: their host and co-hosts.
    Details(&'a EventDetails),
    /// A proposal or import for one host country.
    Host(Country),
}

impl Target<'_> {
    fn hosts(&self) -> Vec<Country> {
        match self {
            Target::Region => Vec::new(),
            Target::Event(e) => e.details.hosts().collect(),
            Target::Details(d) => d.hosts().collect(),
            Target::Host(c) => vec![*c],
        }
    }
}

/// The rule: the secretariat may do everything; an official runs what their country hosts or
/// co-hosts, but neither manages accounts, coordinates the region nor erases a person's data by
/// address; anonymous and disabled
/// accounts may do nothing.
fn allowed(actor: Option<&Actor>, action: Action, hosts: &[Country]) -> bool {
    let Some(actor) = actor.filter(|a| !a.disabled) else {
        return false;
    };
    match (actor.role, action) {
        (Role::Secretariat, _) => true,
        (
            Role::Official(_),
            Action::ManageAccounts | Action::Coordinate | Action::ErasePersonalData,
        ) => false,
        (Role::Official(country), _) => hosts.contains(&country),
    }
}

/// The signed-in account if it may do `action` on `target`.
///
/// # Errors
/// `SignInRequired` when nobody is signed in, `Forbidden` when the account may not.
pub fn authorize(
    viewer: Option<&Account>,
    target: Target<'_>,
    action: Action,
) -> Result<Account, Refusal> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    if allowed(Some(&account.actor()), action, &target.hosts()) {
        Ok(account.clone())
    } else {
        Err(Refusal::Forbidden)
    }
}

/// Whether `viewer` may do `action` on `target`, for filtering lists (drafts of other countries
/// stay unnamed to an official) rather than refusing.
#[must_use]
pub fn may(viewer: Option<&Account>, target: Target<'_>, action: Action) -> bool {
    authorize(viewer, target, action).is_ok()
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
        for action in Action::ALL.into_iter().filter(|a| {
            !matches!(
                a,
                Action::ManageAccounts | Action::Coordinate | Action::ErasePersonalData
            )
        }) {
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
        for action in [
            Action::ManageAccounts,
            Action::Coordinate,
            Action::ErasePersonalData,
        ] {
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

    #[test]
    fn nobody_signed_in_must_sign_in_and_others_are_forbidden() {
        use crate::domain::access::Role;
        let official = Account {
            id: 1,
            email: "gt@example.org".into(),
            name: "GT".into(),
            role: Role::Official(Country::GT),
            disabled: false,
            has_password: true,
            created_at: chrono::Utc::now(),
        };
        assert!(matches!(
            authorize(None, Target::Region, Action::Coordinate),
            Err(Refusal::SignInRequired)
        ));
        assert!(matches!(
            authorize(Some(&official), Target::Region, Action::Coordinate),
            Err(Refusal::Forbidden)
        ));
        assert!(authorize(Some(&official), Target::Host(Country::GT), Action::Propose).is_ok());
        assert!(!may(
            Some(&official),
            Target::Host(Country::SV),
            Action::Propose
        ));
    }
}
