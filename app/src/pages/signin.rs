//! `/signin` and `/password/{token}`: signing in, and choosing a password from a one-time link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::manage::check_password_link;
use crate::api::session::{FlashError, take_form_flash};
use crate::components::forms::{CsrfField, FormErrors};
use crate::i18n::{t, use_i18n};

/// `/signin?next=/path`
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let flash = Resource::new(|| (), |()| take_form_flash("/signin".into()));
    let next = move || query.read().get("next").unwrap_or_default();
    let welcome = move || query.read().get("welcome").is_some();
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), sign_in).to_owned() />
        <h1>{t!(i18n, sign_in)}</h1>
        {move || welcome().then(|| view! { <p class="notice" role="status">{t!(i18n, password_set)}</p> })}
        {move || (!next().is_empty()).then(|| view! { <p class="notice">{t!(i18n, sign_in_to_continue)}</p> })}
        <Suspense>
            {move || Suspend::new(async move {
                let flash = flash.await.ok().flatten().unwrap_or_default();
                let email = flash.value("email").unwrap_or_default().to_owned();
                view! {
                    <form method="post" action=move || format!("/signin?next={}", crate::components::layout::encode_query_value(&next())) class="signin-form">
                        <CsrfField />
                        <FormErrors errors=flash.errors />
                        <div class="field">
                            <label for="email">{t!(i18n, email)}</label>
                            <input id="email" name="email" type="email" autocomplete="username" required value=email />
                        </div>
                        <div class="field">
                            <label for="password">{t!(i18n, password)}</label>
                            <input id="password" name="password" type="password" autocomplete="current-password" required />
                        </div>
                        <button type="submit">{t!(i18n, sign_in)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}

/// The name kept input of the password form is filed under (the same for every link).
pub const PASSWORD_FORM: &str = "/password";

/// `/password/{token}`
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let check = Resource::new(token, check_password_link);
    // Kept input is filed under the form's path without its token: no copy of a link is kept.
    let flash = Resource::new(token, |_| take_form_flash(PASSWORD_FORM.into()));
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), set_password_heading).to_owned() />
        <h1>{t!(i18n, set_password_heading)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                if let Err(error) = check.await {
                    crate::api::set_status_for(&error);
                    return view! { <p class="error-panel" role="alert">{t!(i18n, link_invalid)}</p> }.into_any();
                }
                let flash = flash.await.ok().flatten().unwrap_or_default();
                let errors: Vec<FlashError> = flash.errors.iter().map(|e| FlashError { field: String::new(), ..e.clone() }).collect();
                view! {
                    <form method="post" action=format!("/password/{}", token()) class="password-form">
                        <CsrfField />
                        <FormErrors errors />
                        <p class="hint" id="password-hint">{t!(i18n, password_hint)}</p>
                        <div class="field">
                            <label for="password">{t!(i18n, password)}</label>
                            <input id="password" name="password" type="password" autocomplete="new-password" minlength="12" required aria-describedby="password-hint" />
                        </div>
                        <div class="field">
                            <label for="password_confirm">{t!(i18n, password_confirm)}</label>
                            <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" minlength="12" required />
                        </div>
                        <button type="submit">{t!(i18n, save_password)}</button>
                    </form>
                }.into_any()
            })}
        </Suspense>
    }
}
