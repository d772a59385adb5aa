//! The e-mail digest's public pages, all plain HTML forms that work without JavaScript:
//!
//! - `/digest`: subscribe (address, countries, none for the whole region, and language); the
//!   page after sending says the same whether or not the address was subscribed;
//! - `/digest/confirm/{token}`: the mailed confirmation link's page, with a button (a link
//!   scanner's visit confirms nothing);
//! - `/digest/unsubscribe/{token}`: a button that unsubscribes (the mail's link; mail clients post
//!   there directly, RFC 8058); it looks nothing up, so it is the same for any token;
//! - `/digest/unsubscribed`: the same calm answer for a right, wrong or used link.
//!
//! The secretariat's schedule is [`settings`]'s.

pub mod settings;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::session::take_form_flash;
use crate::api::session::{FlashError, FormFlash};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::UseLang;
use crate::components::localized::use_lang;
use crate::domain::registration::MAX_EMAIL;
use crate::domain::{Country, Lang};
use crate::i18n::{t, td_string, use_i18n};

pub use settings::DigestSettingsPage;

/// The errors kept from a refused post.
fn errors_of(flash: Option<&FormFlash>) -> Vec<FlashError> {
    flash.map(|f| f.errors.clone()).unwrap_or_default()
}

/// The messages of one field, under it.
fn field_error(errors: &[FlashError], name: &'static str, lang: UseLang) -> impl IntoView + use<> {
    let mine: Vec<FlashError> = errors.iter().filter(|e| e.field == name).cloned().collect();
    (!mine.is_empty()).then(move || {
        view! {
            <p class="field-error" id=format!("{name}-error")>
                {move || mine.iter().map(|e| e.message(lang.get()).to_owned()).collect::<Vec<_>>().join(" ")}
            </p>
        }
    })
}

/// The subscription form's path.
pub const DIGEST_PATH: &str = "/digest";

/// `/digest`
#[component]
pub fn DigestPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let has = move |k: &str| query.read().get(k).is_some();
    let flash = Resource::new(|| (), |()| take_form_flash(DIGEST_PATH.into()));
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ocd_title).to_owned() />
        <h1>{t!(i18n, ocd_title)}</h1>
        {move || has("sent").then(|| view! { <p class="notice" role="status" id="digest-sent">{t!(i18n, ocd_sent)}</p> })}
        {move || has("confirmed").then(|| view! { <p class="notice" role="status" id="digest-confirmed">{t!(i18n, ocd_confirmed)}</p> })}
        {move || has("expired").then(|| view! { <p class="notice" role="status" id="digest-expired">{t!(i18n, ocd_expired)}</p> })}
        <p>{t!(i18n, ocd_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let flash = flash.await.ok().flatten();
                let errors = errors_of(flash.as_ref());
                let value = |k: &str| flash.as_ref().and_then(|f| f.value(k)).unwrap_or_default().to_owned();
                let email = value("email");
                let ticked: Vec<String> = value("countries").split(',').map(str::to_owned).collect();
                let chosen = Lang::parse(&value("lang")).unwrap_or(lang.get_untracked());
                let l = lang.get_untracked();
                view! {
                    <form method="post" action=DIGEST_PATH class="digest-form">
                        <CsrfField />
                        <FormErrors errors=errors.clone() />
                        <div class="field">
                            <label for="email">{t!(i18n, val_field_email)}</label>
                            <input id="email" name="email" type="email" required autocomplete="email" maxlength=MAX_EMAIL value=email />
                            {field_error(&errors, "email", lang)}
                        </div>
                        <fieldset class="field">
                            <legend>{t!(i18n, ocd_countries)}</legend>
                            <p class="hint">{t!(i18n, ocd_countries_hint)}</p>
                            {Country::ALL.into_iter().map(|c| {
                                let id = format!("country-{}", c.code());
                                let checked = ticked.iter().any(|t| t == c.code());
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=id.clone() name="countries" value=c.code() checked=checked />
                                        <label for=id>{c.name(l)}</label>
                                    </div>
                                }
                            }).collect_view()}
                            {field_error(&errors, "countries", lang)}
                        </fieldset>
                        <fieldset class="field">
                            <legend>{t!(i18n, ocd_lang)}</legend>
                            {[Lang::Es, Lang::En].into_iter().map(|option| {
                                let id = format!("lang-{}", option.code());
                                view! {
                                    <div class="check">
                                        <input type="radio" id=id.clone() name="lang" value=option.code() checked=option == chosen />
                                        <label for=id>{option.endonym()}</label>
                                    </div>
                                }
                            }).collect_view()}
                            {field_error(&errors, "lang", lang)}
                        </fieldset>
                        <button type="submit">{t!(i18n, ocd_subscribe)}</button>
                    </form>
                }
            })}
        </Suspense>
    }
}

/// The token of a `…/{token}` page.
fn token() -> String {
    use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default()
}

/// `/digest/confirm/{token}`
#[component]
pub fn DigestConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let action = format!("/digest/confirm/{}", token());
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ocd_confirm_title).to_owned() />
        <h1>{t!(i18n, ocd_confirm_title)}</h1>
        <p>{t!(i18n, ocd_confirm_intro)}</p>
        <form method="post" action=action class="digest-form">
            <CsrfField />
            <button type="submit">{t!(i18n, ocd_confirm_button)}</button>
        </form>
    }
}

/// `/digest/unsubscribe/{token}`: looks nothing up.
#[component]
pub fn DigestUnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let action = format!("/digest/unsubscribe/{}", token());
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ocd_unsubscribe_title).to_owned() />
        <h1>{t!(i18n, ocd_unsubscribe_title)}</h1>
        <p>{t!(i18n, ocd_unsubscribe_intro)}</p>
        <form method="post" action=action class="digest-form">
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit">{t!(i18n, ocd_unsubscribe_button)}</button>
        </form>
    }
}

/// `/digest/unsubscribed`: the same for every link.
#[component]
pub fn DigestUnsubscribedPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), ocd_unsubscribe_title).to_owned() />
        <h1>{t!(i18n, ocd_unsubscribe_title)}</h1>
        <p class="notice" role="status" id="digest-unsubscribed">{t!(i18n, ocd_unsubscribed)}</p>
        <p><a href=DIGEST_PATH>{t!(i18n, ocd_subscribe_again)}</a></p>
    }
}
