//! Who may do what: the roles of Enlace and the actions a person may try. The rule that joins
//! them is the use-case layer's `authorize` (server-only), the one place a permission is decided.

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
    /// Publish an event (create it published, or publish a draft): only for its main host.
    Publish,
    /// Change an event's hosts (its main host or its co-hosts): only for its main host.
    ChangeHosts,
    /// Erase a person's registrations and their personal data by address, across every event.
    ErasePersonalData,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 13] = [
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
        Action::Publish,
        Action::ChangeHosts,
        Action::ErasePersonalData,
    ];
}
