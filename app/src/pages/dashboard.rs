//! `/dashboard`: the events a signed-in official runs (every event for the secretariat), drafts
//! included, with the ways to propose a new one or import some from a calendar file.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::manage::get_dashboard;
use crate::components::badges::{CountryBadge, StatusBadge};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::access::Role;
use crate::domain::format;
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/dashboard`
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let data = Resource::new(|| (), |()| get_dashboard());
    // Set by the import, which comes back here.
    let query = use_query_map();
    let imported = move || {
        query
            .read()
            .get("imported")
            .and_then(|n| n.parse::<usize>().ok())
    };
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), dashboard).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(dashboard) => {
                        let account = dashboard.account.clone();
                        let is_secretariat = account.role == Role::Secretariat;
                        let empty = dashboard.events.is_empty();
                        view! {
                            <h1>
                                {if is_secretariat { view! { {t!(i18n, dashboard_all)} }.into_any() } else { view! { {t!(i18n, dashboard)} }.into_any() }}
                            </h1>
                            {imported().map(|n| view! {
                                <p class="notice" role="status">
                                    {if n == 1 { view! { {t!(i18n, imported_one)} }.into_any() } else { view! { {t!(i18n, imported_many, count = move || n)} }.into_any() }}
                                </p>
                            })}
                            <p class="signed-in">{t!(i18n, signed_in_as)} " " <strong>{account.email.clone()}</strong> " · " {move || account.role_label(lang.get())}</p>
                            <p class="actions">
                                <A href="/events/new" attr:class="button">{t!(i18n, propose_event)}</A>
                                " " <A href="/import" attr:class="button secondary">{t!(i18n, import_events)}</A>
                                {is_secretariat.then(|| view! { " " <A href="/admin/accounts" attr:class="button secondary">{t!(i18n, accounts)}</A> " " <A href="/coordination" attr:class="button secondary">{t!(i18n, coordination_link)}</A> })}
                            </p>
                            {if empty {
                                view! { <p class="notice">{t!(i18n, no_events_yours)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="event-list">
                                        {dashboard.events.into_iter().map(|event| {
                                            let d = event.details.clone();
                                            let dates = d.dates;
                                            let manage = format!("/events/{}/manage", event.slug);
                                            let audit = format!("/events/{}/audit", event.slug);
                                            let hosts: Vec<_> = d.hosts().collect();
                                            let city = d.city.clone();
                                            view! {
                                                <li class="event-card">
                                                    <h2 class="event-title"><A href=manage.clone()><LocalizedText text=d.title.clone() /></A></h2>
                                                    <p class="event-meta">
                                                        <StatusBadge status=d.status />
                                                        {(!event.published).then(|| view! { " " <span class="status status-draft">{t!(i18n, draft)}</span> })}
                                                    </p>
                                                    <p class="event-when">{move || format::event_dates(lang.get(), &dates)}</p>
                                                    <p class="event-where">{city} " · " {hosts.into_iter().map(|c| view! { <CountryBadge country=c /> " " }).collect_view()}</p>
                                                    <p><A href=manage>{t!(i18n, manage)}</A> " · " <A href=audit>{t!(i18n, audit_log)}</A></p>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
