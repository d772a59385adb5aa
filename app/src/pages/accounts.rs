//! `/admin/accounts`: the secretariat creates officials' accounts, issues password links, and
//! disables or re-enables accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::manage::{get_accounts, take_issued_link};
use crate::api::session::take_form_flash;
use crate::components::forms::{CountryOptions, CsrfField, FormErrors};
use crate::components::localized::use_lang;
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/admin/accounts`
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let data = Resource::new(
        || (),
        |()| async {
            let accounts = get_accounts().await?;
            let flash = take_form_flash("/admin/accounts".into()).await?;
            let link = take_issued_link().await?;
            Ok::<_, crate::api::AppError>((accounts, flash, link))
        },
    );
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), accounts).to_owned() />
        <h1 id="accounts-title">{t!(i18n, accounts)}</h1>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((accounts, flash, link)) => {
                        let flash = flash.unwrap_or_default();
                        let field_error = |name: &'static str| {
                            let messages: Vec<_> = flash.errors.iter().filter(|e| e.field == name).cloned().collect();
                            view! { {messages.into_iter().map(|e| view! { <p class="field-error">{move || e.message(lang.get()).to_owned()}</p> }).collect_view()} }
                        };
                        let other_errors: Vec<_> = flash.errors.iter().filter(|e| e.field != "link").cloned().collect();
                        let email = flash.value("email").unwrap_or_default().to_owned();
                        let name = flash.value("name").unwrap_or_default().to_owned();
                        let country = flash.value("country").unwrap_or_default().to_owned();
                        view! {
                            {link.map(|l| view! { <p class="notice" role="status" id="new-link">{move || l.message(lang.get()).to_owned()}</p> })}
                            <FormErrors errors=other_errors />
                            <p class="actions"><a href="/admin/erase">{t!(i18n, pd_erase_link)}</a></p>
                            <section aria-labelledby="create-heading">
                                <h2 id="create-heading">{t!(i18n, create_official)}</h2>
                                <form method="post" action="/admin/accounts" class="account-form">
                                    <CsrfField />
                                    <div class="field">
                                        <label for="email">{t!(i18n, email)}</label>
                                        <input id="email" name="email" type="email" required value=email />
                                        {field_error("email")}
                                    </div>
                                    <div class="field">
                                        <label for="name">{t!(i18n, field_name)}</label>
                                        <input id="name" name="name" value=name maxlength="200" />
                                        {field_error("name")}
                                    </div>
                                    <div class="field">
                                        <label for="country">{t!(i18n, field_country)}</label>
                                        <select id="country" name="country" required>
                                            <CountryOptions selected=country />
                                        </select>
                                        {field_error("country")}
                                    </div>
                                    <button type="submit">{t!(i18n, create_account)}</button>
                                </form>
                            </section>
                            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="accounts-title">
                            <table class="accounts">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, email)}</th>
                                    <th scope="col">{t!(i18n, role)}</th>
                                    <th scope="col">{t!(i18n, state)}</th>
                                    <th scope="col"><span class="visually-hidden">{t!(i18n, manage)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {accounts.into_iter().map(|a| {
                                        let id = a.id;
                                        let disabled = a.disabled;
                                        let has_password = a.has_password;
                                        let role = a.clone();
                                        view! {
                                            <tr>
                                                <td>{a.email}</td>
                                                <td>{move || role.role_label(lang.get())}</td>
                                                <td>
                                                    {if disabled { view! { {t!(i18n, disabled)} }.into_any() } else { view! { {t!(i18n, active)} }.into_any() }}
                                                    {(!has_password).then(|| view! { " · " {t!(i18n, no_password_yet)} })}
                                                </td>
                                                <td class="row-actions">
                                                    <form method="post" action=format!("/admin/accounts/{id}/{}", if disabled { "enable" } else { "disable" })>
                                                        <CsrfField />
                                                        <button type="submit" class="secondary">
                                                            {if disabled { view! { {t!(i18n, enable)} }.into_any() } else { view! { {t!(i18n, disable)} }.into_any() }}
                                                        </button>
                                                    </form>
                                                    <form method="post" action=format!("/admin/accounts/{id}/link")>
                                                        <CsrfField />
                                                        <button type="submit" class="secondary">{t!(i18n, new_link)}</button>
                                                    </form>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
