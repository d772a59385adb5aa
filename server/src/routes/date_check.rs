//! The two fields every form that sets an event's dates carries about the conflicts it showed:
//! the "save anyway" box and the fingerprint of exactly the conflicts seen.

use app::usecase::coordination::SeenConflicts;

use super::forms::FormPost;

/// The hidden field with the fingerprint of the conflicts the form showed.
pub const SEEN_FIELD: &str = "conflicts_seen";
/// The "I have seen these conflicts; save anyway" checkbox.
pub const SAVE_ANYWAY_FIELD: &str = "save_anyway";

/// What the post says about the conflicts it was shown.
#[must_use]
pub fn seen_conflicts(post: &FormPost) -> SeenConflicts {
    SeenConflicts {
        save_anyway: post.checked(SAVE_ANYWAY_FIELD),
        fingerprint: post.get(SEEN_FIELD),
    }
}
