//! `/registrations/{token}`: the delegate's own registration behind its private link: where it
//! stands (with the confirmation of a held place, in confirm mode), changing the details, the
//! personal calendar feed, and cancelling.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::fields::{LangField, LogisticsFields, TextField, errors_of, kept};
use crate::api::registrations::{MyRegistration, get_my_registration};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::registration::{
    Registration, RegistrationInput, RegistrationStatus, hold_end_text,
};
use crate::domain::{Event, Field, Lang, format};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/registrations/{token}`: the delegate's own registration.
#[component]
pub fn MyRegistrationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("token").unwrap_or_default(),
        get_my_registration,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(mine) => view! { <MyRegistrationView mine /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where the registration stands, in a sentence (a hold's end in the event's zone).
fn status_text(r: &Registration, event: &Event, lang: Lang) -> String {
    let l = lang.locale();
    let until = r
        .hold_until
        .map(|t| hold_end_text(lang, event, t))
        .unwrap_or_default();
    let place = r.waitlist_position.unwrap_or_default();
    match r.status {
        RegistrationStatus::Confirmed => td_string!(l, reg_status_text_confirmed).into(),
        RegistrationStatus::Held => td_string!(l, rm_status_text_held, until = until),
        RegistrationStatus::Waitlisted if r.hold_until.is_some() => td_string!(
            l,
            rm_status_text_waitlisted_held,
            place = place,
            until = until
        ),
        RegistrationStatus::Waitlisted => {
            td_string!(l, reg_status_text_waitlisted, place = place)
        }
        RegistrationStatus::AwaitingApproval => td_string!(l, rm_status_text_pending).into(),
        RegistrationStatus::Cancelled => td_string!(l, reg_status_text_cancelled).into(),
        RegistrationStatus::Expired => td_string!(l, rm_status_text_expired).into(),
        RegistrationStatus::Declined => td_string!(l, rm_status_text_declined).into(),
    }
}

#[component]
fn MyRegistrationView(mine: MyRegistration) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let is_new = query.read_untracked().get("new").is_some();
    let saved = query.read_untracked().get("saved").is_some();
    let new_feed = query.read_untracked().get("feed").is_some();
    let confirmed_now = query.read_untracked().get("confirmed").is_some();
    let MyRegistration {
        event,
        registration,
        feed_url,
        flash,
    } = mine;
    let errors = errors_of(flash.as_ref());
    let input = kept(
        flash.as_ref(),
        RegistrationInput::from_details(&registration.details),
    );
    let cancelled = !registration.status.is_live();
    let held = !cancelled && registration.hold_until.is_some();
    let reg = registration.clone();
    let status_event = event.clone();
    let dates = event.details.dates;
    let slug = event.slug.clone();
    let d = registration.details.clone();
    let webcal = crate::domain::feed::webcal_url(&feed_url);
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let here = format!("/registrations/{token}");
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), reg_mine).to_owned() />
        <h1>{t!(i18n, reg_mine)}</h1>
        <p class="event-title"><A href=format!("/events/{slug}")><LocalizedText text=event.details.title.clone() /></A>
            " · " {move || format::event_dates(lang.get(), &dates)}</p>
        {is_new.then(|| view! {
            <div class="notice" role="status">
                <p><strong>{t!(i18n, reg_received)}</strong></p>
                <p>{t!(i18n, reg_received_hint)}</p>
            </div>
        })}
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, reg_saved)}</p> })}
        {confirmed_now.then(|| view! { <p class="notice" role="status">{t!(i18n, rm_confirmed_done)}</p> })}
        <p class=format!("registration-status status-{}", registration.status.code())>
            <strong>{move || registration.status.label(lang.get())}</strong> ". " {move || status_text(&reg, &status_event, lang.get())}
        </p>
        {held.then(|| view! {
            <form method="post" action=format!("{here}/confirm") class="confirm-hold">
                <CsrfField />
                <button type="submit">{t!(i18n, rm_confirm_button)}</button>
            </form>
        })}
        <dl class="facts">
            <dt>{t!(i18n, reg_name)}</dt><dd>{d.name.clone()}</dd>
            <dt>{t!(i18n, reg_email)}</dt><dd>{d.email.clone()}</dd>
            <dt>{t!(i18n, val_field_delegation)}</dt><dd>{move || d.delegation.label(lang.get())}</dd>
        </dl>
        <FormErrors errors=errors.clone() />
        {(!cancelled).then(|| view! {
            <section aria-labelledby="change-heading">
                <h2 id="change-heading">{t!(i18n, reg_change_details)}</h2>
                <form method="post" action=here.clone()>
                    <CsrfField />
                    <TextField field=Field::Institution value=input.institution.clone() errors=errors.clone() required=true>{t!(i18n, val_field_institution)}</TextField>
                    <TextField field=Field::Position value=input.position.clone() errors=errors.clone()>{t!(i18n, val_field_position)}</TextField>
                    <LangField selected=input.lang.clone() />
                    <LogisticsFields input=input.clone() errors=errors.clone() />
                    <button type="submit">{t!(i18n, save_changes)}</button>
                </form>
            </section>
        })}
        // The feed of this registration only, and only while it is live (it answers 404 once
        // cancelled); one calendar of all of a person's registrations is only ever mailed.
        {(!cancelled).then(|| view! {
            <section aria-labelledby="feed-heading" id="feed">
                <h2 id="feed-heading">{t!(i18n, reg_my_calendar)}</h2>
                <p>{t!(i18n, ob_feed_hint)}</p>
                {new_feed.then(|| view! { <p class="notice" role="status">{t!(i18n, reg_new_feed_done)}</p> })}
                <p><a class="button" href=webcal.clone()>{t!(i18n, reg_subscribe)}</a></p>
                <label for="feed-url">{t!(i18n, subscribe_address)}</label>
                <input id="feed-url" type="text" readonly=true value=feed_url.clone() class="feed-url" />
                <form method="post" action=format!("{here}/feed")>
                    <CsrfField />
                    <p class="hint">{t!(i18n, reg_feed_shared_hint)}</p>
                    <button type="submit" class="secondary">{t!(i18n, reg_new_feed)}</button>
                </form>
                <p class="hint">{t!(i18n, ob_feed_all_hint)} " " <A href="/registrations/resend">{t!(i18n, ob_resend_title)}</A></p>
            </section>
        })}
        {(!cancelled).then(|| view! {
            <section aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">{t!(i18n, reg_cancel)}</h2>
                <p>{t!(i18n, reg_cancel_hint)}</p>
                <form method="post" action=format!("{here}/cancel")>
                    <CsrfField />
                    <button type="submit" class="danger">{t!(i18n, reg_cancel)}</button>
                </form>
            </section>
        })}
        <super::my_data::MyDataSection here=here />
    }
}
