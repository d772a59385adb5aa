//! Why one event of a readable calendar file cannot be imported.

use app::domain::{Lang, ValidationErrors};
use app::i18n::td_string;
use serde::{Deserialize, Serialize};

/// Why one event of a readable file cannot be imported; shown beside it in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SkipReason {
    /// A series (RRULE, RDATE) or one occurrence of a series (RECURRENCE-ID): a series cannot be
    /// one event.
    Recurring,
    /// STATUS:CANCELLED, or a calendar sent with METHOD:CANCEL.
    Cancelled,
    /// CLASS:PRIVATE or CLASS:CONFIDENTIAL: a personal appointment must not become public.
    Private,
    /// Its UID already appeared earlier in the file.
    Duplicate,
    /// No SUMMARY, or an empty one.
    NoTitle,
    /// No DTSTART.
    NoStart,
    /// A start time but neither DTEND nor DURATION.
    NoEnd,
    /// A date, date-time or duration that cannot be read.
    BadDate {
        /// The property (DTSTART, DTEND, DURATION).
        property: String,
        /// Its value, shortened.
        value: String,
    },
    /// A TZID that is neither an IANA name, nor a Windows name, nor described by the file.
    UnknownZone(String),
    /// The event does not pass the form's validation.
    Invalid(ValidationErrors),
}

impl SkipReason {
    /// The explanation in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let locale = lang.locale();
        match self {
            SkipReason::Recurring => td_string!(locale, import_skip_recurring).to_owned(),
            SkipReason::Cancelled => td_string!(locale, import_skip_cancelled).to_owned(),
            SkipReason::Private => td_string!(locale, import_skip_private).to_owned(),
            SkipReason::Duplicate => td_string!(locale, import_skip_duplicate).to_owned(),
            SkipReason::NoTitle => td_string!(locale, import_skip_no_title).to_owned(),
            SkipReason::NoStart => td_string!(locale, import_skip_no_start).to_owned(),
            SkipReason::NoEnd => td_string!(locale, import_skip_no_end).to_owned(),
            SkipReason::BadDate { property, value } => {
                td_string!(
                    locale,
                    import_skip_bad_date,
                    property = property,
                    value = value
                )
            }
            SkipReason::UnknownZone(name) => {
                td_string!(locale, import_skip_unknown_zone, name = name)
            }
            SkipReason::Invalid(errors) => {
                let errors = errors.describe(lang).replace('\n', "; ");
                td_string!(locale, import_skip_invalid, errors = errors)
            }
        }
    }
}
