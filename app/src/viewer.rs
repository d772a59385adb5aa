//! Who is looking at a page: filled by the server's session middleware, read by pages, server
//! functions and handlers.

use serde::{Deserialize, Serialize};

use crate::domain::account::Account;

/// The viewer of a page: their account when signed in, and the token every form must carry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Viewer {
    /// The signed-in account.
    pub account: Option<Account>,
    /// The anti-forgery token for forms (`authenticity_token`).
    pub csrf: String,
}
