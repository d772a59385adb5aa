//! `/events/{slug}/register`: the registration form, and the seats box on the event page that
//! leads to it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::fields::{
    LangField, LogisticsFields, TextField, described, errors_of, field_error, kept, seats_text,
};
use crate::api::registrations::{RegisterForm, get_register_form};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::registration::{
    Closed, Delegation, MAX_EMAIL, RegistrationInput, RegistrationMode, hold_label,
};
use crate::domain::{Field, format};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// The seats and a link to register, for the event page (its data come with the event's).
#[component]
pub fn RegistrationBox(
    /// The event's slug.
    slug: String,
    /// Its seats.
    seats: crate::api::registrations::Seats,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    // Events that never took registrations say nothing about them.
    let never = seats.closed == Some(Closed::NotOpen)
        && seats.confirmed + seats.waitlisted + seats.awaiting == 0;
    let full = seats.capacity.is_some_and(|c| seats.confirmed >= c);
    (!never).then(|| view! {
        <section class="registration-box" aria-labelledby="registration-heading">
            <h2 id="registration-heading">{t!(i18n, reg_registration)}</h2>
            <p>{move || seats_text(&seats, lang.get())}</p>
            {match seats.closed {
                None => view! {
                    {full.then(|| view! { <p>{t!(i18n, reg_full)}</p> })}
                    <p><a class="button" href=format!("/events/{slug}/register")>{t!(i18n, reg_register)}</a></p>
                }.into_any(),
                Some(closed) => view! { <p class="note">{move || closed.message(lang.get())}</p> }.into_any(),
            }}
            <p class="hint"><a href="/registrations/resend">{t!(i18n, ob_resend_link)}</a></p>
        </section>
    })
}

/// `/events/{slug}/register`
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_register_form,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => view! { <RegisterView form /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RegisterView(form: RegisterForm) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let event = form.event;
    let title = event.details.title.clone();
    let dates = event.details.dates;
    let errors = errors_of(form.flash.as_ref());
    let input = kept(form.flash.as_ref(), RegistrationInput::default());
    let delegation = input.delegation.clone();
    let seats = form.seats;
    let slug = event.slug.clone();
    let sent = use_query_map().read_untracked().get("sent").is_some();
    let hold = chrono::Duration::minutes(form.hold_minutes);
    let mode_hint = move |lang: crate::domain::Lang| match seats.mode {
        RegistrationMode::Open => None,
        RegistrationMode::Confirm => Some(td_string!(
            lang.locale(),
            rm_register_confirm_hint,
            hold = hold_label(lang, hold)
        )),
        RegistrationMode::Approval => {
            Some(td_string!(lang.locale(), rm_register_approval_hint).to_owned())
        }
    };
    let place = event.details.city.clone();
    let page_title = {
        let l = lang.get_untracked();
        format!(
            "{} · {}",
            td_string!(l.locale(), reg_registration),
            title.pick(l).text
        )
    };
    view! {
        <Title text=page_title />
        <p class="breadcrumb"><A href=format!("/events/{slug}")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{t!(i18n, reg_registration)}</h1>
        <p>{move || format::event_dates(lang.get(), &dates)} " · " {place}</p>
        <p>{move || seats_text(&seats, lang.get())}</p>
        <p class="hint"><A href="/registrations/resend">{t!(i18n, ob_resend_link)}</A></p>
        {match seats.closed {
            // Registered in confirm mode: the manage link went only to the address given.
            _ if sent => view! {
                <div class="notice" role="status">
                    <p><strong>{t!(i18n, rm_sent_title)}</strong></p>
                    <p>{move || td_string!(lang.get().locale(), rm_sent_hint, hold = hold_label(lang.get(), hold))}</p>
                </div>
            }.into_any(),
            Some(closed) => view! { <p class="form-errors" role="alert">{move || closed.message(lang.get())}</p> }.into_any(),
            None => view! {
                {move || mode_hint(lang.get()).map(|hint| view! { <p class="note">{hint}</p> })}
                <FormErrors errors=errors.clone() />
                <form method="post" action=format!("/events/{slug}/register") class="registration-form" novalidate=false>
                    <CsrfField />
                    <input type="hidden" name="submission" value=form.nonce />
                    <fieldset>
                        <legend>{t!(i18n, reg_participant)}</legend>
                        <TextField field=Field::Name value=input.name.clone() errors=errors.clone() required=true autocomplete="name">{t!(i18n, val_field_name)}</TextField>
                        <TextField field=Field::Email kind="email" value=input.email.clone() errors=errors.clone() required=true autocomplete="email" max=MAX_EMAIL>{t!(i18n, val_field_email)}</TextField>
                        <div class="field">
                            <label for="delegation">{t!(i18n, val_field_delegation)} <span aria-hidden="true">" *"</span></label>
                            <select id="delegation" name="delegation" required=true aria-describedby=described(&errors, "delegation")>
                                <option value="">{t!(i18n, choose)}</option>
                                {move || Delegation::choices(lang.get()).into_iter().map(|(code, label)| {
                                    let chosen = code == delegation;
                                    view! { <option value=code selected=chosen>{label}</option> }
                                }).collect_view()}
                            </select>
                            {field_error(&errors, "delegation", lang)}
                        </div>
                        <TextField field=Field::Organisation value=input.organisation.clone() errors=errors.clone()>{t!(i18n, reg_organisation_label)}</TextField>
                        <TextField field=Field::Institution value=input.institution.clone() errors=errors.clone() required=true autocomplete="organization">{t!(i18n, val_field_institution)}</TextField>
                        <TextField field=Field::Position value=input.position.clone() errors=errors.clone() autocomplete="organization-title">{t!(i18n, val_field_position)}</TextField>
                        <LangField selected=input.lang.clone() />
                    </fieldset>
                    <LogisticsFields input=input.clone() errors=errors.clone() />
                    <fieldset>
                        <legend>{t!(i18n, reg_personal_data)}</legend>
                        <p class="hint">{t!(i18n, reg_privacy)}</p>
                        <div class="field check">
                            <input id="consent" name="consent" type="checkbox" required=true checked=input.consent aria-describedby=described(&errors, "consent") />
                            <label for="consent">{t!(i18n, reg_consent)}</label>
                            {field_error(&errors, "consent", lang)}
                        </div>
                    </fieldset>
                    <button type="submit">{t!(i18n, reg_register_me)}</button>
                </form>
            }.into_any(),
        }}
    }
}
