//! Messages the server answers with (refusals, confirmations of failure), each a leptos_i18n key
//! in both languages. Use cases and handlers pass a [`Msg`] around; it becomes text only when a
//! page or a kept form shows it.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::flash::FlashError;
use crate::i18n::td_string;

/// A message for the whole form or the whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Msg {
    /// The anti-forgery token did not match.
    FormExpired,
    /// Signed in, but not allowed.
    Forbidden,
    /// No such event.
    NoSuchEvent,
    /// No such page.
    NotFound,
    /// Something failed on the server.
    Internal,
    /// A hidden field of the form is missing or malformed.
    IncompleteForm,
    /// Saving failed; the input is kept.
    SaveFailed,
    /// Someone else changed the event after the form was opened.
    StaleEvent,
    /// A published event cannot be deleted.
    PublishedNotDeleted,
    /// The draft changed after the page was opened.
    StaleDraft,
    /// The session ended; the input is kept.
    SessionEnded,
    /// The new dates could not be compared with the other events.
    DatesNotCompared,
    /// The conflict to acknowledge no longer exists.
    ConflictGone,
    /// The address is registered for this event already.
    AlreadyRegistered,
    /// Registration closed while the form was being filled in.
    RegistrationClosedMeanwhile,
    /// The registration could not be saved; the input is kept.
    RegistrationNotSaved,
    /// A cancelled registration cannot change.
    RegistrationCancelledNoChange,
    /// No seat or quota fits the person to promote.
    NoSeatForPerson,
    /// The person to promote no longer waits.
    NoLongerWaitlisted,
    /// No account has this id.
    NoSuchAccount,
    /// A one-time password link that is unknown, used or expired.
    LinkInvalid,
    /// A new official needs a country.
    ChooseCountry,
    /// An account's name is too long or has control characters.
    NameInvalid,
    /// Another account has this email.
    EmailTaken,
    /// Signing in failed (one answer for every reason).
    SignInFailed,
    /// The session could not be stored.
    SignInUnavailable,
    /// Too many failed sign-ins for the address: locked for `minutes`, and how it recovers.
    SignInLocked {
        /// How long the lock lasts.
        minutes: i64,
    },
    /// An upload's body could not be read.
    UploadUnreadable,
    /// An import batch that is missing, expired, done or someone else's.
    ImportGone,
    /// The secretariat's upload needs a default host.
    ImportChooseHost,
    /// An upload without a file.
    ImportChooseFile,
    /// A preview submitted with nothing ticked.
    ImportTickOne,
    /// The heading of the reasons a preview imported nothing.
    NothingImported,
    /// Events of the preview were imported meanwhile.
    ImportedMeanwhile,
    /// Saving an import failed.
    ImportNotSaved,
    /// The hold on a place ran out before it was confirmed.
    HoldExpired,
    /// The registration to approve or decline no longer awaits approval.
    NoLongerAwaiting,
    /// The meeting record changed after the form was opened.
    StaleRecord,
    /// The commitment changed after the form was opened.
    StaleCommitment,
}

impl Msg {
    /// The text in `lang`.
    #[must_use]
    pub fn text(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            Msg::FormExpired => td_string!(l, msg_form_expired).to_string(),
            Msg::Forbidden => td_string!(l, msg_forbidden).to_string(),
            Msg::NoSuchEvent => td_string!(l, msg_no_such_event).to_string(),
            Msg::NotFound => td_string!(l, msg_not_found).to_string(),
            Msg::Internal => td_string!(l, msg_internal).to_string(),
            Msg::IncompleteForm => td_string!(l, msg_incomplete_form).to_string(),
            Msg::SaveFailed => td_string!(l, msg_save_failed).to_string(),
            Msg::StaleEvent => td_string!(l, msg_stale_event).to_string(),
            Msg::PublishedNotDeleted => td_string!(l, msg_published_not_deleted).to_string(),
            Msg::StaleDraft => td_string!(l, msg_stale_draft).to_string(),
            Msg::SessionEnded => td_string!(l, msg_session_ended).to_string(),
            Msg::DatesNotCompared => td_string!(l, msg_dates_not_compared).to_string(),
            Msg::ConflictGone => td_string!(l, msg_conflict_gone).to_string(),
            Msg::AlreadyRegistered => td_string!(l, msg_already_registered).to_string(),
            Msg::RegistrationClosedMeanwhile => {
                td_string!(l, msg_registration_closed_meanwhile).to_string()
            }
            Msg::RegistrationNotSaved => td_string!(l, msg_registration_not_saved).to_string(),
            Msg::RegistrationCancelledNoChange => {
                td_string!(l, msg_registration_cancelled_no_change).to_string()
            }
            Msg::NoSeatForPerson => td_string!(l, msg_no_seat_for_person).to_string(),
            Msg::NoLongerWaitlisted => td_string!(l, msg_no_longer_waitlisted).to_string(),
            Msg::NoSuchAccount => td_string!(l, acct_no_such_account).to_string(),
            Msg::LinkInvalid => td_string!(l, acct_link_invalid).to_string(),
            Msg::ChooseCountry => td_string!(l, acct_choose_country).to_string(),
            Msg::NameInvalid => td_string!(l, acct_name_invalid).to_string(),
            Msg::EmailTaken => td_string!(l, acct_email_taken).to_string(),
            Msg::SignInFailed => td_string!(l, acct_sign_in_failed).to_string(),
            Msg::SignInUnavailable => td_string!(l, acct_sign_in_unavailable).to_string(),
            Msg::SignInLocked { minutes } => {
                td_string!(l, ac_sign_in_locked, minutes = minutes)
            }
            Msg::UploadUnreadable => td_string!(l, impr_upload_unreadable).to_string(),
            Msg::ImportGone => td_string!(l, impr_gone).to_string(),
            Msg::ImportChooseHost => td_string!(l, impr_choose_host).to_string(),
            Msg::ImportChooseFile => td_string!(l, impr_choose_file).to_string(),
            Msg::ImportTickOne => td_string!(l, impr_tick_one).to_string(),
            Msg::NothingImported => td_string!(l, impr_nothing_imported).to_string(),
            Msg::ImportedMeanwhile => td_string!(l, impr_imported_meanwhile).to_string(),
            Msg::ImportNotSaved => td_string!(l, impr_not_saved).to_string(),
            Msg::HoldExpired => td_string!(l, rm_msg_hold_expired).to_string(),
            Msg::NoLongerAwaiting => td_string!(l, rm_msg_no_longer_awaiting).to_string(),
            Msg::StaleRecord => td_string!(l, ocs_stale_record).to_string(),
            Msg::StaleCommitment => td_string!(l, ocs_stale_commitment).to_string(),
        }
    }

    /// The message as an error of the whole form, in both languages.
    #[must_use]
    pub fn for_form(self) -> FlashError {
        self.for_field("")
    }

    /// The message as an error of the form's field `field`, in both languages.
    #[must_use]
    pub fn for_field(self, field: &str) -> FlashError {
        FlashError {
            field: field.to_owned(),
            es: self.text(Lang::Es),
            en: self.text(Lang::En),
        }
    }
}
