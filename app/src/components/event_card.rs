//! An event in a list: title, status, kind, dates, place and hosts.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::badges::{CountryBadge, StatusBadge};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::{Event, format};

/// One event as a list item.
#[component]
pub fn EventCard(
    /// The event.
    event: Event,
) -> impl IntoView {
    let lang = use_lang();
    let details = event.details.clone();
    let href = format!("/events/{}", event.slug);
    let dates = details.dates;
    let kind = details.kind;
    let hosts: Vec<_> = details.hosts().collect();
    let city = details.city.clone();
    let cancelled = details.status == crate::domain::EventStatus::Cancelled;
    view! {
        <li class="event-card" class:cancelled=cancelled>
            <h3 class="event-title">
                <A href=href>
                    <LocalizedText text=details.title.clone() />
                </A>
            </h3>
            <p class="event-meta">
                <StatusBadge status=details.status />
                " "
                <span class="kind">{move || kind.label(lang.get())}</span>
            </p>
            <p class="event-when">
                <time datetime=dates.first_day().to_string()>
                    {move || format::event_dates(lang.get(), &dates)}
                </time>
            </p>
            <p class="event-where">
                <span class="city">{city}</span>
                " · "
                {hosts.into_iter().map(|c| view! { <CountryBadge country=c /> " " }).collect_view()}
            </p>
        </li>
    }
}
