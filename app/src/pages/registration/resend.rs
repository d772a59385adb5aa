//! `/registrations/resend`: "send me my links again". One address field; the page after sending
//! says the same whether or not the address has registrations ("if it has, a mail is on its
//! way"), so it tells nobody who is registered. The links only ever go to the address itself.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::fields::{TextField, errors_of};
use crate::api::session::take_form_flash;
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::use_lang;
use crate::domain::Field;
use crate::domain::registration::MAX_EMAIL;
use crate::i18n::{t, td_string, use_i18n};

/// The form's path (where it posts and where its kept input is found).
pub const RESEND_PATH: &str = "/registrations/resend";

/// `/registrations/resend`
#[component]
pub fn ResendPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let sent = move || query.read().get("sent").is_some();
    let flash = Resource::new(|| (), |()| take_form_flash(RESEND_PATH.into()));
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ob_resend_title).to_owned() />
        <h1>{t!(i18n, ob_resend_title)}</h1>
        {move || sent().then(|| view! { <p class="notice" role="status">{t!(i18n, ob_resend_sent)}</p> })}
        <p>{t!(i18n, ob_resend_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let flash = flash.await.ok().flatten();
                let errors = errors_of(flash.as_ref());
                let email = flash.as_ref().and_then(|f| f.value("email")).unwrap_or_default().to_owned();
                view! {
                    <form method="post" action=RESEND_PATH class="resend-form">
                        <CsrfField />
                        <FormErrors errors=errors.clone() />
                        <TextField field=Field::Email kind="email" value=email errors required=true autocomplete="email" max=MAX_EMAIL>{t!(i18n, val_field_email)}</TextField>
                        <button type="submit">{t!(i18n, ob_resend_button)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}
