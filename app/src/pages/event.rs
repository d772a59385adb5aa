//! The event page (`/events/{slug}`): bilingual content, hosts, place, status, and dates in the
//! event's own zone and, for timed events, in the viewer's zone too.

use chrono_tz::Tz;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::get_event;
use crate::components::badges::{CountryBadge, StatusBadge};
use crate::components::localized::{LocalizedText, island_i18n, use_lang};
use crate::domain::{Country, Event, EventDates, format};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/events/{slug}`
#[component]
pub fn EventPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let event = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_event,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(page) => view! { <EventView event=page.event previous=page.previous seats=page.seats /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventView(
    event: Event,
    previous: Vec<(EventDates, chrono::DateTime<chrono::Utc>)>,
    seats: Option<crate::api::registrations::Seats>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let d = event.details.clone();
    let title_for_head = d.title.clone();
    let kind = d.kind;
    let dates = d.dates;
    let tz = d.tz;
    let cohosts = d.cohosts.clone();
    let has_description = !d.description.is_empty();
    let venue = d.venue.clone();
    let cancelled = d.status == crate::domain::EventStatus::Cancelled;
    view! {
        <Title text=title_for_head.pick(lang.get_untracked()).text.to_owned() />
        <article class="event" class:cancelled=cancelled>
            <header>
                <p class="event-meta">
                    <StatusBadge status=d.status />
                    " "
                    <span class="kind">{move || kind.label(lang.get())}</span>
                </p>
                <h1><LocalizedText text=d.title.clone() /></h1>
            </header>
            {cancelled.then(|| {
                let reason = event.cancel_reason.clone();
                view! { <p class="cancel-reason" role="note"><strong>{t!(i18n, cancelled_because)}</strong> " " {reason}</p> }
            })}
            <dl class="facts">
                <dt>{t!(i18n, dates)}</dt>
                <dd>
                    <time datetime=dates.first_day().to_string()>{move || format::event_dates(lang.get(), &dates)}</time>
                    {dates.times().map(|_| view! {
                        " " <span class="tz-label">"(" {t!(i18n, event_time)} ", " {tz.name()} ")"</span>
                    })}
                </dd>
                {dates.times().is_some().then(|| view! {
                    <dt>{t!(i18n, your_time)}</dt>
                    <dd><ViewerTime dates tz /></dd>
                })}
                {(!previous.is_empty()).then(|| view! {
                    <dt>{t!(i18n, previous_dates)}</dt>
                    <dd>{previous.iter().map(|(p, _)| { let p = *p; view! { <s class="previous-dates">{move || format::event_dates(lang.get(), &p)}</s> " " } }).collect_view()}</dd>
                })}
                <dt>{t!(i18n, time_zone)}</dt>
                <dd>{tz.name()}</dd>
                <dt>{t!(i18n, host)}</dt>
                <dd><CountryBadge country=d.host /></dd>
                {(!cohosts.is_empty()).then(|| view! {
                    <dt>{t!(i18n, cohosts)}</dt>
                    <dd>{cohosts.into_iter().map(|c| view! { <CountryBadge country=c /> " " }).collect_view()}</dd>
                })}
                <dt>{t!(i18n, city)}</dt>
                <dd>{d.city.clone()}</dd>
                <dt>{t!(i18n, venue)}</dt>
                <dd>{if venue.is_empty() { view! { {t!(i18n, venue_unknown)} }.into_any() } else { venue.into_any() }}</dd>
            </dl>
            <section aria-labelledby="description-heading">
                <h2 id="description-heading">{t!(i18n, description)}</h2>
                {if has_description {
                    view! { <div class="description"><LocalizedText text=d.description /></div> }.into_any()
                } else {
                    view! { <p>{t!(i18n, no_description)}</p> }.into_any()
                }}
            </section>
            {seats.map(|seats| view! { <crate::pages::registration::RegistrationBox slug=event.slug.clone() seats /> })}
            <crate::pages::outcomes::record::RecordSection slug=event.slug.clone() />
            <p class="actions">
                <a class="button" href=format!("/events/{}/subscribe", event.slug)>
                    {t!(i18n, add_to_calendar)}
                </a>
            </p>
        </article>
    }
}

/// Zones offered in the viewer's zone picker: the member capitals and the region's other common zones.
const EXTRA_ZONES: [Tz; 8] = [
    Tz::America__Chicago,
    Tz::America__Denver,
    Tz::America__Los_Angeles,
    Tz::America__Vancouver,
    Tz::America__Tijuana,
    Tz::America__Cancun,
    Tz::Europe__Madrid,
    Tz::UTC,
];

fn zone_choices() -> Vec<Tz> {
    let mut zones: Vec<Tz> = Country::ALL
        .iter()
        .map(|c| c.capital_zone())
        .chain(EXTRA_ZONES)
        .collect();
    zones.sort_by_key(|z| z.name());
    zones.dedup();
    zones
}

/// A timed event's times in the viewer's zone: the zone chosen in a form that works without
/// JavaScript (`?tz=`, resolved here against the full zone database), or else the one the browser
/// reports (see [`ViewerZone`]).
#[component]
fn ViewerTime(dates: EventDates, tz: Tz) -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang().get_untracked();
    let instants = dates.starts_at(tz).ok().zip(dates.ends_at(tz).ok());
    let span = instants.map(|(start, end)| (start.timestamp_millis(), end.timestamp_millis()));
    let chosen = query
        .read_untracked()
        .get("tz")
        .and_then(|z| z.trim().parse::<Tz>().ok())
        .map(|viewer| {
            let text = instants.map(|(start, end)| {
                let (start, end) = (start.with_timezone(&viewer), end.with_timezone(&viewer));
                format::wall_clock_span(lang, start.naive_local(), end.naive_local())
            });
            (viewer.name().to_owned(), text)
        });
    let choices = zone_choices().iter().map(|z| z.name().to_owned()).collect();
    view! { <ViewerZone span event_zone=tz.name().to_owned() choices chosen /> }
}

/// The viewer's zone line and the zone picker. An island: without a zone chosen in the address,
/// the browser's own zone (`Intl`) is shown, computed in the browser from the event's instants,
/// with no zone database in the browser's code.
#[island]
fn ViewerZone(
    /// The event's start and end, in milliseconds since 1970 (UTC), when they exist.
    span: Option<(i64, i64)>,
    /// The event's own zone, selected in the picker when no other is known.
    event_zone: String,
    /// The zones offered in the picker.
    choices: Vec<String>,
    /// The zone chosen in the address (`?tz=`), with the times in it.
    chosen: Option<(String, Option<String>)>,
) -> impl IntoView {
    let i18n = island_i18n();
    let lang = use_lang();
    let shown = RwSignal::new(chosen.clone());
    if chosen.is_none() {
        Effect::new(move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(zone) = crate::browser::time_zone() {
                let text = span.and_then(|(start, end)| {
                    let start = crate::browser::local_time(start, &zone)?;
                    let end = crate::browser::local_time(end, &zone)?;
                    Some(format::wall_clock_span(lang.get_untracked(), start, end))
                });
                shown.set(Some((zone, text)));
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (span, lang);
        });
    }
    view! {
        <div class="viewer-time">
            {move || shown.get().map(|(zone, text)| {
                let name = zone.clone();
                view! {
                    <p class="viewer-time-value" data-zone=zone>
                        <strong>{name}</strong>": "
                        {text}
                    </p>
                }
            })}
            <form method="get" class="tz-form">
                <label for="tz-select">{t!(i18n, choose_zone)}</label>
                <select id="tz-select" name="tz">
                    {move || {
                        let current = shown.get().map_or_else(|| event_zone.clone(), |(zone, _)| zone);
                        choices.iter().map(|z| view! {
                            <option value=z.clone() selected=*z == current>{z.clone()}</option>
                        }).collect_view()
                    }}
                </select>
                <button type="submit" aria-label=move || t_string!(i18n, show).to_string()>{t!(i18n, show)}</button>
            </form>
        </div>
    }
}
