//! `/events/new` and `/events/{slug}/manage`: proposing an event, and a host's controls over one
//! (edit, confirm, postpone, cancel, delete a draft), every one a plain form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::manage::get_managed;
use crate::api::session::{FlashError, take_form_flash};
use crate::components::date_check::DateWarnings;
use crate::components::forms::{CsrfField, DateFields, EventForm, FormErrors};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::{EventInput, EventStatus, format};
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// Kept input from a failed save, or the given values.
fn kept_or(flash: Option<&crate::api::session::FormFlash>, fallback: EventInput) -> EventInput {
    match flash {
        Some(f) if f.value("city").is_some() || f.value("title_es").is_some() => {
            EventInput::from_fields(|name| f.value(name).unwrap_or_default().to_owned())
        }
        _ => fallback,
    }
}

/// `/events/new`
#[component]
pub fn ProposePage() -> impl IntoView {
    let i18n = use_i18n();
    // Signed-in check (redirects to sign in) and the dashboard's account for the default host.
    let data = Resource::new(
        || (),
        |()| async {
            let dashboard = crate::api::manage::get_dashboard().await?;
            let flash = take_form_flash("/events/new".into()).await?;
            Ok::<_, crate::api::AppError>((dashboard.account, flash))
        },
    );
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), propose_event).to_owned() />
        <h1>{t!(i18n, propose_event)}</h1>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((account, flash)) => {
                        let default_host = match account.role {
                            crate::domain::access::Role::Official(c) => c.code().to_owned(),
                            crate::domain::access::Role::Secretariat => String::new(),
                        };
                        let input = kept_or(flash.as_ref(), EventInput { host: default_host, kind: "workshop".into(), ..EventInput::default() });
                        let check = flash.as_ref().and_then(|f| f.check.clone());
                        let errors = flash.map(|f| f.errors).unwrap_or_default();
                        view! {
                            <EventForm action="/events/new".to_owned() input errors version=None is_new=true>
                                <CsrfField />
                                <DateWarnings check />
                            </EventForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/events/{slug}/manage`
#[component]
pub fn ManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, |slug| async move {
        let managed = get_managed(slug.clone()).await?;
        let flash = take_form_flash(format!("/events/{slug}/manage")).await?;
        Ok::<_, crate::api::AppError>((managed, flash))
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok((managed, flash)) => {
                        let event = managed.event;
                        let d = event.details.clone();
                        let slug = event.slug.clone();
                        let version = event.version;
                        let errors: Vec<FlashError> = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
                        let input = kept_or(flash.as_ref(), EventInput::from_details(&d));
                        let reason = flash.as_ref().and_then(|f| f.value("reason")).unwrap_or_default().to_owned();
                        let cancelled = d.status == EventStatus::Cancelled;
                        let can_confirm = !cancelled && d.status != EventStatus::Confirmed && !d.dates.is_month_only();
                        let dates = d.dates;
                        let title = d.title.clone();
                        let general: Vec<FlashError> = errors.iter().filter(|e| e.field.is_empty()).cloned().collect();
                        let per_field: Vec<FlashError> = errors.iter().filter(|e| !e.field.is_empty()).cloned().collect();
                        // Kept input, field errors and date warnings go back to the form they came from.
                        let from_form = flash.as_ref().and_then(|f| f.value("form")).unwrap_or_default().to_owned();
                        let from_postpone = from_form == "postpone";
                        let check = flash.as_ref().and_then(|f| f.check.clone());
                        let (edit_check, confirm_check, postpone_check) = match from_form.as_str() {
                            "postpone" => (None, None, check),
                            "confirm" => (None, check, None),
                            _ => (check, None, None),
                        };
                        let (edit_errors, postpone_errors) =
                            if from_postpone { (Vec::new(), per_field) } else { (per_field, Vec::new()) };
                        let postpone_input = match flash.as_ref() {
                            Some(f) if from_postpone => EventInput::from_fields(|name| f.value(name).unwrap_or_default().to_owned()),
                            _ => EventInput::from_details(&d),
                        };
                        let input = if from_postpone { EventInput::from_details(&d) } else { input };
                        view! {
                            <Title text=title.pick(lang.get_untracked()).text.to_owned() />
                            <p class="event-meta">
                                <crate::components::badges::StatusBadge status=d.status />
                                {(!event.published).then(|| view! { " " <span class="status status-draft">{t!(i18n, draft)}</span> })}
                            </p>
                            <h1><LocalizedText text=d.title /></h1>
                            <p>{move || format::event_dates(lang.get(), &dates)}</p>
                            <p>
                                <A href=format!("/events/{slug}")>{t!(i18n, public_page)}</A>
                                " · "
                                <A href=format!("/events/{slug}/audit")>{t!(i18n, audit_log)}</A>
                                " · "
                                <A href=format!("/events/{slug}/participants")>{t!(i18n, reg_registrations_and_logistics)}</A>
                            </p>
                            {(!managed.previous.is_empty()).then(|| view! {
                                <section aria-labelledby="previous-heading">
                                    <h2 id="previous-heading">{t!(i18n, previous_dates)}</h2>
                                    <ul>{managed.previous.iter().map(|(p, _)| { let p = *p; view! { <li><s>{move || format::event_dates(lang.get(), &p)}</s></li> } }).collect_view()}</ul>
                                </section>
                            })}
                            <FormErrors errors=general />
                            {(!cancelled).then(|| view! {
                                <section aria-labelledby="edit-heading">
                                    <h2 id="edit-heading">{t!(i18n, edit_heading)}</h2>
                                    <EventForm action=format!("/events/{slug}/edit") input=input.clone() errors=edit_errors.clone() version=Some(version) is_new=false>
                                        <CsrfField />
                                        <DateWarnings check=edit_check.clone() />
                                    </EventForm>
                                </section>
                            })}
                            {can_confirm.then(|| view! {
                                <section aria-labelledby="confirm-heading">
                                    <h2 id="confirm-heading">{t!(i18n, confirm_heading)}</h2>
                                    <form method="post" action=format!("/events/{slug}/confirm")>
                                        <CsrfField />
                                        <input type="hidden" name="version" value=version.to_string() />
                                        <input type="hidden" name="form" value="confirm" />
                                        <DateWarnings check=confirm_check.clone() id_prefix="confirm-" />
                                        <button type="submit">{t!(i18n, confirm_button)}</button>
                                    </form>
                                </section>
                            })}
                            {(!cancelled).then(|| view! {
                                <section aria-labelledby="postpone-heading">
                                    <h2 id="postpone-heading">{t!(i18n, postpone_heading)}</h2>
                                    <form method="post" action=format!("/events/{slug}/postpone")>
                                        <CsrfField />
                                        <input type="hidden" name="version" value=version.to_string() />
                                        <input type="hidden" name="form" value="postpone" />
                                        <DateFields input=postpone_input.clone() shown=RwSignal::new(postpone_errors.clone()) id_prefix="postpone-" />
                                        <DateWarnings check=postpone_check.clone() id_prefix="postpone-" />
                                        <button type="submit">{t!(i18n, postpone_button)}</button>
                                    </form>
                                </section>
                                <section aria-labelledby="cancel-heading">
                                    <h2 id="cancel-heading">{t!(i18n, cancel_heading)}</h2>
                                    <form method="post" action=format!("/events/{slug}/cancel")>
                                        <CsrfField />
                                        <input type="hidden" name="version" value=version.to_string() />
                                        <div class="field">
                                            <label for="reason">{t!(i18n, cancel_reason)}</label>
                                            <textarea id="reason" name="reason" rows="3" maxlength="1000" required>{reason.clone()}</textarea>
                                        </div>
                                        <button type="submit" class="danger">{t!(i18n, cancel_button)}</button>
                                    </form>
                                </section>
                            })}
                            {(!event.published).then(|| view! {
                                <section aria-labelledby="delete-heading">
                                    <h2 id="delete-heading">{t!(i18n, delete_heading)}</h2>
                                    <form method="post" action=format!("/events/{slug}/delete")>
                                        <CsrfField />
                                        <input type="hidden" name="version" value=version.to_string() />
                                        <button type="submit" class="danger">{t!(i18n, delete_button)}</button>
                                    </form>
                                </section>
                            })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
