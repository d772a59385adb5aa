//! `/events/{slug}/audit`: who changed what and when, with old and new values.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::manage::get_audit;
use crate::components::localized::{LocalizedText, use_lang};
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/events/{slug}/audit`
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let _lang = use_lang();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_audit,
    );
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), audit_log).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((event, entries)) => view! {
                        <h1 id="audit-title">{t!(i18n, audit_log)}</h1>
                        <p><A href=format!("/events/{}/manage", event.slug)><LocalizedText text=event.details.title.clone() /></A></p>
                        {if entries.is_empty() {
                            view! { <p>{t!(i18n, no_changes_recorded)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll" tabindex="0" role="group" aria-labelledby="audit-title">
                                <table class="audit">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, when)}</th>
                                        <th scope="col">{t!(i18n, who)}</th>
                                        <th scope="col">{t!(i18n, what)}</th>
                                        <th scope="col">{t!(i18n, changes)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {entries.into_iter().map(|entry| view! {
                                            <tr>
                                                <td><time datetime=entry.at.to_rfc3339()>{entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}</time></td>
                                                <td>{entry.who.clone()}</td>
                                                <td>{entry.action.clone()}</td>
                                                <td>
                                                    <ul class="changes">
                                                        {entry.changes.into_iter().map(|c| view! {
                                                            <li><code>{c.field}</code>": " <del>{c.old}</del> " → " <ins>{c.new}</ins></li>
                                                        }).collect_view()}
                                                    </ul>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
