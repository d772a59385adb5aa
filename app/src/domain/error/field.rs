//! The fields of every form, with their input names and labels.

use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// A field of a form: the event form, the registration form or the registration settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Field {
    // The event form.
    Host,
    Cohosts,
    City,
    Venue,
    TimeZone,
    Kind,
    Status,
    TitleEs,
    TitleEn,
    DescriptionEs,
    DescriptionEn,
    Capacity,
    Month,
    StartDate,
    EndDate,
    StartTime,
    EndTime,
    // The registration form.
    Name,
    Email,
    Delegation,
    Organisation,
    Institution,
    Position,
    Lang,
    ArrivalDate,
    ArrivalTime,
    ArrivalFlight,
    DepartureDate,
    DepartureTime,
    DepartureFlight,
    Dietary,
    Accessibility,
    Interpretation,
    Consent,
    // The hosts' registration settings (with `Capacity`).
    Quota,
    Deadline,
    RegistrationMode,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 37] = [
        Field::Host,
        Field::Cohosts,
        Field::City,
        Field::Venue,
        Field::TimeZone,
        Field::Kind,
        Field::Status,
        Field::TitleEs,
        Field::TitleEn,
        Field::DescriptionEs,
        Field::DescriptionEn,
        Field::Capacity,
        Field::Month,
        Field::StartDate,
        Field::EndDate,
        Field::StartTime,
        Field::EndTime,
        Field::Name,
        Field::Email,
        Field::Delegation,
        Field::Organisation,
        Field::Institution,
        Field::Position,
        Field::Lang,
        Field::ArrivalDate,
        Field::ArrivalTime,
        Field::ArrivalFlight,
        Field::DepartureDate,
        Field::DepartureTime,
        Field::DepartureFlight,
        Field::Dietary,
        Field::Accessibility,
        Field::Interpretation,
        Field::Consent,
        Field::Quota,
        Field::Deadline,
        Field::RegistrationMode,
    ];

    /// The form input's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Host => "host",
            Field::Cohosts => "cohosts",
            Field::City => "city",
            Field::Venue => "venue",
            Field::TimeZone => "tz",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::TitleEs => "title_es",
            Field::TitleEn => "title_en",
            Field::DescriptionEs => "description_es",
            Field::DescriptionEn => "description_en",
            Field::Capacity => "capacity",
            Field::Month => "month",
            Field::StartDate => "start_date",
            Field::EndDate => "end_date",
            Field::StartTime => "start_time",
            Field::EndTime => "end_time",
            Field::Name => "name",
            Field::Email => "email",
            Field::Delegation => "delegation",
            Field::Organisation => "organisation",
            Field::Institution => "institution",
            Field::Position => "position",
            Field::Lang => "lang",
            Field::ArrivalDate => "arrival_date",
            Field::ArrivalTime => "arrival_time",
            Field::ArrivalFlight => "arrival_flight",
            Field::DepartureDate => "departure_date",
            Field::DepartureTime => "departure_time",
            Field::DepartureFlight => "departure_flight",
            Field::Dietary => "dietary",
            Field::Accessibility => "accessibility",
            Field::Interpretation => "interpretation",
            Field::Consent => "consent",
            Field::Quota => "quota",
            Field::Deadline => "deadline",
            Field::RegistrationMode => "mode",
        }
    }

    /// The field's label in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            Field::Host => td_string!(l, val_field_host),
            Field::Cohosts => td_string!(l, val_field_cohosts),
            Field::City => td_string!(l, val_field_city),
            Field::Venue => td_string!(l, val_field_venue),
            Field::TimeZone => td_string!(l, val_field_tz),
            Field::Kind => td_string!(l, val_field_kind),
            Field::Status => td_string!(l, val_field_status),
            Field::TitleEs => td_string!(l, val_field_title_es),
            Field::TitleEn => td_string!(l, val_field_title_en),
            Field::DescriptionEs => td_string!(l, val_field_description_es),
            Field::DescriptionEn => td_string!(l, val_field_description_en),
            Field::Capacity => td_string!(l, val_field_capacity),
            Field::Month => td_string!(l, val_field_month),
            Field::StartDate => td_string!(l, val_field_start_date),
            Field::EndDate => td_string!(l, val_field_end_date),
            Field::StartTime => td_string!(l, val_field_start_time),
            Field::EndTime => td_string!(l, val_field_end_time),
            Field::Name => td_string!(l, val_field_name),
            Field::Email => td_string!(l, val_field_email),
            Field::Delegation => td_string!(l, val_field_delegation),
            Field::Organisation => td_string!(l, val_field_organisation),
            Field::Institution => td_string!(l, val_field_institution),
            Field::Position => td_string!(l, val_field_position),
            Field::Lang => td_string!(l, val_field_lang),
            Field::ArrivalDate => td_string!(l, val_field_arrival_date),
            Field::ArrivalTime => td_string!(l, val_field_arrival_time),
            Field::ArrivalFlight => td_string!(l, val_field_arrival_flight),
            Field::DepartureDate => td_string!(l, val_field_departure_date),
            Field::DepartureTime => td_string!(l, val_field_departure_time),
            Field::DepartureFlight => td_string!(l, val_field_departure_flight),
            Field::Dietary => td_string!(l, val_field_dietary),
            Field::Accessibility => td_string!(l, val_field_accessibility),
            Field::Interpretation => td_string!(l, val_field_interpretation),
            Field::Consent => td_string!(l, val_field_consent),
            Field::Quota => td_string!(l, val_field_quota),
            Field::Deadline => td_string!(l, val_field_deadline),
            Field::RegistrationMode => td_string!(l, rm_field_mode),
        }
    }
}
