//! `/coordination`: the secretariat's regional timeline (rows per host country, bars per event on
//! a CSS grid of days, rendered on the server), the conflicts found among the events with their
//! explanations, and the same events as a plain table.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::coordination::{Coordination, CoordinationQuery, get_coordination};
use crate::components::badges::StatusBadge;
use crate::components::localized::use_lang;
use crate::domain::{Country, Event, EventKind, EventStatus, Lang, format};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/coordination`
#[component]
pub fn CoordinationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            CoordinationQuery {
                from: q.get("from"),
                to: q.get("to"),
                status: q.get("status"),
                kind: q.get("kind"),
            }
        },
        get_coordination,
    );
    view! {
        <Title text=move || t_string!(i18n, coordination_title).to_string() />
        <h1>{t!(i18n, coordination_title)}</h1>
        <p>{t!(i18n, coordination_intro)}</p>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <CoordinationView page /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CoordinationView(page: Coordination) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Coordination {
        range,
        events,
        conflicts,
        truncated,
        holidays,
    } = page;
    let flagged: HashSet<String> = conflicts.iter().flat_map(|c| c.uids.clone()).collect();
    let (from, to) = (range.first.key(), range.last.key());
    let csv = format!("/coordination.csv?from={from}&to={to}");
    let days = range.days();
    let months = range.months();
    let rows = Country::ALL.map(|country| {
        let mine: Vec<Event> = events
            .iter()
            .filter(|e| e.details.host == country)
            .cloned()
            .collect();
        (country, mine)
    });
    let table_events = events;
    view! {
        <form method="get" action="/coordination" class="filters">
            <label>{t!(i18n, from_month)} <input type="month" name="from" value=from /></label>
            <label>{t!(i18n, to_month)} <input type="month" name="to" value=to /></label>
            <label>{t!(i18n, status)}
                <select name="status">
                    <option value="">{t!(i18n, all_statuses)}</option>
                    {EventStatus::ALL.into_iter().map(|s| view! { <option value=s.code()>{move || s.label(lang.get())}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, kind)}
                <select name="kind">
                    <option value="">{t!(i18n, all_kinds)}</option>
                    {EventKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{move || k.label(lang.get())}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">{t!(i18n, show)}</button>
        </form>

        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, timeline_heading)}</h2>
            <p class="hint">{t!(i18n, timeline_legend)}</p>
            <div class="timeline" role="img" aria-labelledby="timeline-title" style=format!("--days: {days}")>
                <div class="tl-row tl-months">
                    <div class="tl-label"></div>
                    <div class="tl-track">
                        {months.into_iter().map(|m| {
                            let (a, b) = range.columns(m.first_day(), m.last_day()).unwrap_or((1, 2));
                            view! { <span class="tl-month" style=format!("grid-column: {a} / {b}")>{move || format::month_year(lang.get(), m.year, m.month)}</span> }
                        }).collect_view()}
                    </div>
                </div>
                {rows.into_iter().map(|(country, mine)| {
                    let flagged = flagged.clone();
                    view! {
                        <div class="tl-row">
                            <div class="tl-label">{move || country.name(lang.get())}</div>
                            <div class="tl-track">
                                {mine.into_iter().filter_map(|e| {
                                    let (a, b) = range.event_columns(&e.details.dates)?;
                                    let mut class = format!("tl-bar host-{}", country.code().to_ascii_lowercase());
                                    if e.details.dates.is_month_only() || e.details.status == EventStatus::Tentative { class.push_str(" tentative"); }
                                    if e.details.status == EventStatus::Cancelled { class.push_str(" cancelled"); }
                                    if flagged.contains(&e.uid) { class.push_str(" flagged"); }
                                    let style = format!("grid-column: {a} / {b}; background-color: {}", country.colour());
                                    let title = e.details.title.clone();
                                    let dates = e.details.dates;
                                    let href = format!("/events/{}", e.slug);
                                    Some(view! {
                                        <a class=class style=style href=href title=move || format!("{} · {}", title.pick(lang.get()).text, format::event_dates(lang.get(), &dates))>
                                            {let title = e.details.title; move || title.pick(lang.get()).text.to_owned()}
                                        </a>
                                    })
                                }).collect_view()}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>

        <section aria-labelledby="conflicts-title">
            <h2 id="conflicts-title">{t!(i18n, conflicts_heading)}</h2>
            <p class="hint">{t!(i18n, holidays_source, first = move || holidays.first_year, last = move || holidays.last_year, version = {let v = holidays.version.clone(); move || v.clone()})}</p>
            <p><a href=csv rel="external" download>{t!(i18n, export_csv)}</a></p>
            {truncated.then(|| view! { <p class="notice">{t!(i18n, conflicts_truncated)}</p> })}
            {if conflicts.is_empty() {
                view! { <p>{t!(i18n, no_conflicts)}</p> }.into_any()
            } else {
                view! {
                    <ul class="conflicts">
                        {conflicts.into_iter().map(|c| {
                            let severity = c.severity;
                            let kind = c.kind;
                            view! {
                                <li class=format!("conflict severity-{}", severity.code())>
                                    <strong>{move || format!("{} · {}", kind.label(lang.get()), severity.label(lang.get()))}</strong>
                                    " "
                                    <span>{move || match lang.get() { Lang::Es => c.explain_es.clone(), Lang::En => c.explain_en.clone() }}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="events-table-title">
            <h2 id="events-table-title">{t!(i18n, events_table_heading)}</h2>
            <table class="events-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, col_event)}</th>
                    <th scope="col">{t!(i18n, host)}</th>
                    <th scope="col">{t!(i18n, dates)}</th>
                    <th scope="col">{t!(i18n, status)}</th>
                </tr></thead>
                <tbody>
                    {table_events.into_iter().map(|e| {
                        let title = e.details.title.clone();
                        let dates = e.details.dates;
                        let host = e.details.host;
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/events/{}", e.slug)>{move || title.pick(lang.get()).text.to_owned()}</a></th>
                                <td>{move || host.name(lang.get())}</td>
                                <td>{move || format::event_dates(lang.get(), &dates)}</td>
                                <td><StatusBadge status=e.details.status /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
