//! Small labels: host countries (colour and name, never colour alone) and event statuses.

use leptos::prelude::*;

use crate::components::localized::use_lang;
use crate::domain::{Country, EventStatus};

/// A country's colour swatch followed by its name.
#[component]
pub fn CountryBadge(
    /// The country.
    country: Country,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="country" data-country=country.code()>
            <span class="swatch" aria-hidden="true" style=format!("background:{}", country.colour())></span>
            {move || country.name(lang.get())}
        </span>
    }
}

/// An event's status as a labelled badge.
#[component]
pub fn StatusBadge(
    /// The status.
    status: EventStatus,
) -> impl IntoView {
    let lang = use_lang();
    view! { <span class=format!("status status-{}", status.code())>{move || status.label(lang.get())}</span> }
}
