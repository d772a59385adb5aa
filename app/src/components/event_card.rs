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
    /// The title's heading level: 2 right under a page's `h1`, 3 under a section's `h2`.
    #[prop(default = 3)]
    level: u8,
) -> impl IntoView {
    let lang = use_lang();
    let details = event.details.clone();
    let href = format!("/events/{}", event.slug);
    let dates = details.dates;
    let kind = details.kind;
    let hosts: Vec<_> = details.hosts().collect();
    let city = details.city.clone();
    let cancelled = details.status == crate::domain::EventStatus::Cancelled;
    let datetime = match dates {
        crate::domain::EventDates::Month { year, month } => format!("{year:04}-{month:02}"),
        crate::domain::EventDates::Exact { start, .. } => start.to_string(),
    };
    let title = view! {
        <A href=href>
            <LocalizedText text=details.title.clone() />
        </A>
    };
    let heading = if level <= 2 {
        view! { <h2 class="event-title">{title}</h2> }.into_any()
    } else {
        view! { <h3 class="event-title">{title}</h3> }.into_any()
    };
    view! {
        <li class="event-card" class:cancelled=cancelled>
            {heading}
            <p class="event-meta">
                <StatusBadge status=details.status />
                " "
                <span class="kind">{move || kind.label(lang.get())}</span>
            </p>
            <p class="event-when">
                <time datetime=datetime>
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
