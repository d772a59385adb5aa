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
    /// The countries the target is about, its main host first.
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
/// address; only the main host's officials publish an event or change its hosts (a co-host can
/// neither drop the main host nor hand the event, and its participants' data, to another
/// country); anonymous and disabled accounts may do nothing. `hosts` lists the main host first.
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
        (Role::Official(country), Action::Publish | Action::ChangeHosts) => {
            hosts.first() == Some(&country)
        }
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
                Action::ManageAccounts
                    | Action::Coordinate
                    | Action::Publish
                    | Action::ChangeHosts
                    | Action::ErasePersonalData
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

    /// Every role × action × host arrangement, against the rule written out cell by cell.
    #[test]
    fn the_role_action_host_matrix() {
        let (gt, sv, hn) = (Country::GT, Country::SV, Country::HN);
        let arrangements: [&[Country]; 6] = [&[], &[gt], &[sv], &[gt, sv], &[sv, gt], &[hn, sv]];
        let actors = [None, Some(GT), Some(SV), Some(OFF), Some(SEC)];
        let mut cells = 0;
        for actor in actors {
            for action in Action::ALL {
                for hosts in arrangements {
                    let main_host = hosts.first().copied();
                    let expected = match (actor.map(|a| (a.role, a.disabled)), action) {
                        (None | Some((_, true)), _) => false,
                        (Some((Role::Secretariat, _)), _) => true,
                        (
                            _,
                            Action::ManageAccounts | Action::Coordinate | Action::ErasePersonalData,
                        ) => false,
                        (Some((Role::Official(c), _)), Action::Publish | Action::ChangeHosts) => {
                            main_host == Some(c)
                        }
                        (Some((Role::Official(c), _)), _) => hosts.contains(&c),
                    };
                    assert_eq!(
                        allowed(actor.as_ref(), action, hosts),
                        expected,
                        "{actor:?} {action:?} {hosts:?}"
                    );
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 5 * Action::ALL.len() * 6);
    }

    #[test]
    fn a_co_host_neither_publishes_nor_changes_the_hosts() {
        // SV co-hosts a workshop Guatemala hosts: it runs it, but only Guatemala (and the
        // secretariat) publish it or change who hosts it.
        let hosts = [Country::GT, Country::SV];
        for action in [Action::Edit, Action::Cancel, Action::ManageRegistrations] {
            assert!(allowed(Some(&SV), action, &hosts), "{action:?}");
        }
        for action in [Action::Publish, Action::ChangeHosts] {
            assert!(!allowed(Some(&SV), action, &hosts), "{action:?}");
            assert!(allowed(Some(&GT), action, &hosts), "{action:?}");
            assert!(allowed(Some(&SEC), action, &hosts), "{action:?}");
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
