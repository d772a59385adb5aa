//! The home page: upcoming events, or the most recent ones under their own heading, so the first
//! page is never empty.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::get_home_events;
use crate::components::event_card::EventCard;
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |()| get_home_events());
    view! {
        <Title text="" />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(home) if !home.upcoming.is_empty() => view! {
                        <section aria-labelledby="upcoming">
                            <h1 id="upcoming">{t!(i18n, upcoming_heading)}</h1>
                            <ul class="event-list">
                                {home.upcoming.into_iter().map(|event| view! { <EventCard event level=2 /> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Ok(home) if !home.recent.is_empty() => view! {
                        <section aria-labelledby="recent">
                            <h1 id="recent">{t!(i18n, recent_heading)}</h1>
                            <p class="notice">{t!(i18n, no_upcoming)}</p>
                            <ul class="event-list">
                                {home.recent.into_iter().map(|event| view! { <EventCard event level=2 /> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Ok(_) => view! {
                        <h1>{t!(i18n, upcoming_heading)}</h1>
                        <p class="notice">{t!(i18n, no_events)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
