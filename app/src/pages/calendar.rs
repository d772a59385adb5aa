//! The month calendar (`/calendar?month=2010-12`): a week grid where multi-day events span their
//! days, month-only events listed apart, every host shown by colour and name.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::get_month_events;
use crate::components::badges::CountryBadge;
use crate::components::event_card::EventCard;
use crate::components::localized::use_lang;
use crate::domain::calendar::{MonthLayout, layout};
use crate::domain::{Country, Event, EventDates, format};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/calendar?month=YYYY-MM`
#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let events = Resource::new(move || query.read().get("month"), get_month_events);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((month, events)) => {
                        let dates: Vec<EventDates> = events.iter().map(|e| e.details.dates).collect();
                        let grid = layout(month, &dates);
                        view! { <MonthView grid events /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MonthView(grid: MonthLayout, events: Vec<Event>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let month = grid.month;
    let title = format::month_year(lang.get_untracked(), month.year, month.month);
    let mut hosts: Vec<Country> = events
        .iter()
        .flat_map(|e| e.details.hosts().collect::<Vec<_>>())
        .collect();
    hosts.sort_unstable();
    hosts.dedup();
    let month_only: Vec<Event> = grid.month_only.iter().map(|&i| events[i].clone()).collect();
    let exact: Vec<Event> = events
        .iter()
        .filter(|e| !e.details.dates.is_month_only())
        .cloned()
        .collect();
    let no_events = events.is_empty();
    view! {
        <Title text=title.clone() />
        <h1 id="month-title">{title}</h1>
        <MonthNav>
            <nav class="month-nav" aria-label=move || t_string!(i18n, calendar_heading).to_string()>
                <A href=format!("/calendar?month={}", month.prev().key()) attr:rel="prev" attr:class="prev">
                    <span aria-hidden="true">"← "</span>{t!(i18n, prev_month)}
                </A>
                <form method="get" action="/calendar" class="month-form">
                    <label for="month-input">{t!(i18n, go_to_month)}</label>
                    <input id="month-input" type="month" name="month" value=month.key() min="1900-01" max="2200-12" />
                    <button type="submit">{t!(i18n, go)}</button>
                </form>
                <A href=format!("/calendar?month={}", month.next().key()) attr:rel="next" attr:class="next">
                    {t!(i18n, next_month)}<span aria-hidden="true">" →"</span>
                </A>
            </nav>
        </MonthNav>
        <MonthGrid grid events />
        {(!month_only.is_empty()).then(|| view! {
            <section class="month-only" aria-labelledby="month-only-heading">
                <h2 id="month-only-heading">{t!(i18n, month_only_heading)}</h2>
                <ul class="event-list">
                    {month_only.into_iter().map(|event| view! { <EventCard event /> }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="month-list-heading">
            <h2 id="month-list-heading">{t!(i18n, events_this_month)}</h2>
            {if no_events {
                view! { <p class="notice">{t!(i18n, no_events_month)}</p> }.into_any()
            } else {
                view! {
                    <ul class="event-list">
                        {exact.into_iter().map(|event| view! { <EventCard event /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!hosts.is_empty()).then(|| view! {
            <section class="legend" aria-labelledby="legend-heading">
                <h2 id="legend-heading">{t!(i18n, legend)}</h2>
                <ul>{hosts.into_iter().map(|c| view! { <li><CountryBadge country=c /></li> }).collect_view()}</ul>
            </section>
        })}
    }
}

/// The month links, which change the month in the page once it is interactive (see
/// `browser::navigation`), and plain links before that or without JavaScript.
#[island]
fn MonthNav(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    crate::browser::navigation::install();
    children()
}

#[component]
fn MonthGrid(grid: MonthLayout, events: Vec<Event>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let month = grid.month;
    view! {
        <div class="month-grid" role="group" aria-labelledby="month-title" tabindex="0">
            <div class="weekdays" aria-hidden="true">
                {(0..7usize).map(|i| view! {
                    <div class="weekday">{move || format::weekday_name(lang.get(), i, true)}</div>
                }).collect_view()}
            </div>
            {grid.weeks.into_iter().map(|week| {
                let days = week.days.clone();
                view! {
                    <div class="week" style=format!("--lanes:{}", week.lanes.max(1))>
                        {days.into_iter().enumerate().map(|(col, day)| {
                            let outside = chrono::Datelike::month(&day) != month.month;
                            view! {
                                <div class="day" class:outside=outside style=format!("grid-column:{};grid-row:1 / span {}", col + 1, week.lanes + 1)>
                                    <time class="day-number" datetime=day.to_string()>{chrono::Datelike::day(&day)}</time>
                                </div>
                            }
                        }).collect_view()}
                        {week.bars.into_iter().map(|bar| {
                            let event = events[bar.event].clone();
                            let host = event.details.host;
                            let title = event.details.title.clone();
                            let status = event.details.status;
                            let style = format!(
                                "grid-column:{} / span {};grid-row:{};background:{}",
                                bar.start_col + 1, bar.span, bar.lane + 2, host.colour()
                            );
                            view! {
                                <a
                                    class="bar"
                                    class:continues-before=bar.continues_before
                                    class:continues-after=bar.continues_after
                                    class:cancelled=status == crate::domain::EventStatus::Cancelled
                                    href=format!("/events/{}", event.slug)
                                    style=style
                                >
                                    <span class="bar-title">{move || title.pick(lang.get()).text.to_owned()}</span>
                                    <span class="bar-host">{move || host.name(lang.get())}</span>
                                    {bar.continues_after.then(|| view! { <span class="visually-hidden">{t!(i18n, continues)}</span> })}
                                </a>
                            }
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
