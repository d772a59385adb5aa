//! Personal data on the registration pages: the delegate's "download my data" and "delete my
//! registration and data" (with a confirmation step: the first button only asks, the second
//! posts) on their manage page, and, on the hosts' pages, the notice that an event's personal
//! data was erased under the retention policy.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::forms::CsrfField;
use crate::components::localized::use_lang;
use crate::i18n::{t, use_i18n};

/// The delegate's own data, at the foot of their manage page `here` (`/registrations/{token}`).
#[component]
pub fn MyDataSection(
    /// The manage page's path.
    here: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = use_query_map()
        .read_untracked()
        .get("erase")
        .is_some_and(|v| v == "confirm");
    let step = if confirming {
        view! {
            <div class="notice" role="group" aria-labelledby="delete-question">
                <p id="delete-question"><strong>{t!(i18n, pd_delete_question)}</strong></p>
                <form method="post" action=format!("{here}/erase")>
                    <CsrfField />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" class="danger">{t!(i18n, pd_delete_yes)}</button>
                    " " <a href=here.clone()>{t!(i18n, pd_delete_keep)}</a>
                </form>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p><a class="button secondary" href=format!("{here}?erase=confirm#my-data")>{t!(i18n, pd_delete)}</a></p>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="my-data-heading" id="my-data">
            <h2 id="my-data-heading">{t!(i18n, pd_my_data)}</h2>
            <p>{t!(i18n, pd_my_data_hint)}</p>
            <p><a class="button secondary" href=format!("{here}/data.json")>{t!(i18n, pd_download)}</a></p>
            <h3>{t!(i18n, pd_delete)}</h3>
            <p>{t!(i18n, pd_delete_hint)}</p>
            {step}
        </section>
    }
}

/// On the hosts' pages of event `slug`: whether the retention policy erased its registrations'
/// personal data, and when (nothing otherwise).
#[component]
pub fn ErasureNotice(
    /// The event's slug.
    slug: String,
) -> impl IntoView {
    let lang = use_lang();
    let notice = Resource::new(move || slug.clone(), crate::api::personal_data::get_erasure);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match notice.await {
                    Ok(Some(n)) => view! {
                        <p class="notice" role="status" id="erased">{move || n.text(lang.get()).to_owned()}</p>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
