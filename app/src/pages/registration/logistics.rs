//! `/events/{slug}/logistics`: arrivals and departures (the manifest for airport transfers),
//! hotel nights, needs, interpretation and visa letters, for confirmed participants.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::localized::{LocalizedText, UseLang, use_lang};
use crate::domain::logistics::{LogisticsPlan, Need, TravelDay};
use crate::domain::{Event, format};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/events/{slug}/logistics`: the hosts' logistics plan.
#[component]
pub fn LogisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        crate::api::registrations::get_logistics,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((event, plan)) => view! { <LogisticsView event plan /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One table per day of arrivals or departures, each named by its day's heading (`{which}-{date}`).
fn travel_days(which: &'static str, days: Vec<TravelDay>, lang: UseLang) -> impl IntoView {
    let i18n = use_i18n();
    days.into_iter()
        .map(|day| {
            let date = day.date;
            let heading = format!("{which}-{date}");
            view! {
                <h4 id=heading.clone()>{move || format::date(lang.get(), date)}</h4>
                <div class="table-scroll" tabindex="0" role="group" aria-labelledby=heading>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t!(i18n, reg_time)}</th>
                        <th scope="col">{t!(i18n, reg_flight)}</th>
                        <th scope="col">{t!(i18n, reg_name)}</th>
                        <th scope="col">{t!(i18n, val_field_delegation)}</th>
                        <th scope="col">{t!(i18n, reg_col_transfer)}</th>
                    </tr></thead>
                    <tbody>
                        {day.people.into_iter().map(|p| {
                            let delegation = p.delegation.clone();
                            view! {
                                <tr>
                                    <td>{p.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td>{p.flight.clone()}</td>
                                    <td>{p.name.clone()}</td>
                                    <td>{move || delegation.label(lang.get())}</td>
                                    <td>{move || {
                                        let l = lang.get().locale();
                                        if p.transfer { td_string!(l, reg_yes) } else { td_string!(l, reg_no) }
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
        })
        .collect_view()
}

/// The people with a need, and what they wrote.
fn needs(list: Vec<Need>, lang: UseLang) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{t!(i18n, reg_none)}</p> }.into_any();
    }
    view! {
        <ul>
            {list.into_iter().map(|n| {
                let delegation = n.delegation.clone();
                view! { <li><strong>{n.name.clone()}</strong> " (" {move || delegation.label(lang.get())} "): " {n.note}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn LogisticsView(event: Event, plan: LogisticsPlan) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let slug = event.slug.clone();
    let figures = (
        plan.confirmed,
        plan.without_travel,
        plan.transfers.arrivals,
        plan.transfers.departures,
        plan.room_nights(),
        plan.waitlisted,
        plan.waitlisted_with_needs,
    );
    let summary = move || {
        let (confirmed, without, arrivals, departures, nights, waitlisted, needs) = figures;
        td_string!(
            lang.get().locale(),
            reg_logistics_summary,
            confirmed = confirmed,
            without = without,
            arrivals = arrivals,
            departures = departures,
            nights = nights,
            waitlisted = waitlisted,
            needs = needs
        )
    };
    let tz = plan.tz.name();
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), reg_logistics_plan).to_owned() />
        <p class="breadcrumb"><A href=format!("/events/{slug}/participants")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{t!(i18n, reg_logistics_plan)}</h1>
        <super::my_data::ErasureNotice slug=slug.clone() />
        <p>{summary}</p>
        <p class="hint">{t!(i18n, reg_local_times)} " (" {tz} ")."</p>
        <p class="actions">
            <a href=format!("/events/{slug}/exports/logistics.csv?lang=es")>"CSV (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.csv?lang=en")>"CSV (en)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.xlsx?lang=es")>"XLSX (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.xlsx?lang=en")>"XLSX (en)"</a>
        </p>
        <section aria-labelledby="arrivals-heading">
            <h2 id="arrivals-heading">{t!(i18n, reg_arrivals)}</h2>
            {travel_days("arrivals", plan.arrivals, lang)}
        </section>
        <section aria-labelledby="departures-heading">
            <h2 id="departures-heading">{t!(i18n, reg_departures)}</h2>
            {travel_days("departures", plan.departures, lang)}
        </section>
        <section aria-labelledby="hotel-heading">
            <h2 id="hotel-heading">{t!(i18n, reg_hotel_nights)}</h2>
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="hotel-heading">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t!(i18n, reg_night)}</th>
                    <th scope="col">{t!(i18n, reg_rooms)}</th>
                    <th scope="col">{t!(i18n, reg_guests)}</th>
                </tr></thead>
                <tbody>
                    {plan.hotel_nights.into_iter().map(|n| {
                        let night = n.night;
                        view! { <tr><td>{move || format::date(lang.get(), night)}</td><td>{n.count}</td><td>{n.names.join("; ")}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
        <section aria-labelledby="dietary-heading">
            <h2 id="dietary-heading">{t!(i18n, val_field_dietary)}</h2>
            {needs(plan.dietary, lang)}
        </section>
        <section aria-labelledby="access-heading">
            <h2 id="access-heading">{t!(i18n, reg_accessibility)}</h2>
            {needs(plan.accessibility, lang)}
        </section>
        <section aria-labelledby="interp-heading">
            <h2 id="interp-heading">{t!(i18n, reg_interpretation)}</h2>
            <ul>
                {plan.interpretation.into_iter().map(|c| view! { <li>{move || c.language.label(lang.get())} ": " {c.count}</li> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="visa-heading">
            <h2 id="visa-heading">{t!(i18n, reg_visa_letters)}</h2>
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="visa-heading">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t!(i18n, reg_name)}</th>
                    <th scope="col">{t!(i18n, val_field_delegation)}</th>
                    <th scope="col">{t!(i18n, val_field_institution)}</th>
                    <th scope="col">{t!(i18n, val_field_position)}</th>
                    <th scope="col">{t!(i18n, reg_email)}</th>
                </tr></thead>
                <tbody>
                    {plan.visa_letters.into_iter().map(|v| {
                        let delegation = v.delegation.clone();
                        view! { <tr><td>{v.name.clone()}</td><td>{move || delegation.label(lang.get())}</td><td>{v.institution.clone()}</td><td>{v.position.clone()}</td><td>{v.email}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}
