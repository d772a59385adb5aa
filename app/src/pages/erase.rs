//! `/admin/erase`: the secretariat erases a person's registrations and personal data by
//! address, in every event, then sees how many went. The audit log records counts only.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::personal_data::{ERASE_FORM, get_erase_form};
use crate::components::forms::CsrfField;
use crate::components::localized::use_lang;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/admin/erase`
#[component]
pub fn ErasePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let data = Resource::new(|| (), |()| get_erase_form());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), pd_erase_title).to_owned() />
        <p class="breadcrumb"><A href="/admin/accounts">{t!(i18n, accounts)}</A></p>
        <h1>{t!(i18n, pd_erase_title)}</h1>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(flash) => {
                        let flash = flash.unwrap_or_default();
                        let done = flash.errors.iter().find(|e| e.field == "done").cloned();
                        let problems: Vec<_> = flash.errors.iter().filter(|e| e.field != "done").cloned().collect();
                        view! {
                            {done.map(|d| view! { <p class="notice" role="status" id="erased">{move || d.message(lang.get()).to_owned()}</p> })}
                            {problems.into_iter().map(|e| view! { <p class="field-error" role="alert">{move || e.message(lang.get()).to_owned()}</p> }).collect_view()}
                            <p>{t!(i18n, pd_erase_hint)}</p>
                            <form method="post" action=ERASE_FORM class="account-form">
                                <CsrfField />
                                <div class="field">
                                    <label for="email">{t!(i18n, pd_erase_email)}</label>
                                    <input id="email" name="email" type="email" required autocomplete="off" />
                                </div>
                                <div class="field check">
                                    <input id="confirm" name="confirm" type="checkbox" required />
                                    <label for="confirm">{t!(i18n, pd_erase_confirm)}</label>
                                </div>
                                <button type="submit" class="danger">{t!(i18n, pd_erase_submit)}</button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
