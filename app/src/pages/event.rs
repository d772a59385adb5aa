//! The event page (`/events/{slug}`): bilingual content, hosts, place, status, and dates in the
//! event's own zone and, for timed events, in the viewer's zone too.

use chrono_tz::Tz;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::get_event;
use crate::components::badges::{CountryBadge, StatusBadge};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::{Country, Event, EventDates, Lang, format};
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
                    Ok(page) => view! { <EventView event=page.event previous=page.previous /> }.into_any(),
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
            <crate::pages::registration::RegistrationBox slug=event.slug.clone() />
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

/// The browser's IANA zone, read through `Intl` once the page is hydrated.
fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

fn in_zone(lang: Lang, dates: &EventDates, event_tz: Tz, viewer: Tz) -> Option<String> {
    let start = dates.starts_at(event_tz).ok()?.with_timezone(&viewer);
    let end = dates.ends_at(event_tz).ok()?.with_timezone(&viewer);
    Some(if start.date_naive() == end.date_naive() {
        format!(
            "{}–{}",
            format::instant_in(lang, start),
            format::time(end.time())
        )
    } else {
        format!(
            "{} – {}",
            format::instant_in(lang, start),
            format::instant_in(lang, end)
        )
    })
}

/// A timed event's times in the viewer's zone: detected in the browser, or chosen in a form that
/// works without JavaScript (`?tz=`).
#[component]
fn ViewerTime(dates: EventDates, tz: Tz) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let detected = RwSignal::new(None::<String>);
    Effect::new(move |_| detected.set(browser_time_zone()));
    let viewer = Memo::new(move |_| {
        query
            .read()
            .get("tz")
            .filter(|z| !z.trim().is_empty())
            .or_else(|| detected.get())
            .and_then(|z| z.parse::<Tz>().ok())
    });
    view! {
        <div class="viewer-time">
            {move || viewer.get().map(|viewer_tz| view! {
                <p class="viewer-time-value" data-zone=viewer_tz.name()>
                    <strong>{viewer_tz.name()}</strong>": "
                    {in_zone(lang.get(), &dates, tz, viewer_tz)}
                </p>
            })}
            <form method="get" class="tz-form">
                <label for="tz-select">{t!(i18n, choose_zone)}</label>
                <select id="tz-select" name="tz">
                    {move || {
                        let current = viewer.get().unwrap_or(tz);
                        zone_choices().into_iter().map(|z| view! {
                            <option value=z.name() selected=z == current>{z.name()}</option>
                        }).collect_view()
                    }}
                </select>
                <button type="submit" aria-label=move || t_string!(i18n, show).to_string()>{t!(i18n, show)}</button>
            </form>
        </div>
    }
}
