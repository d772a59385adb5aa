//! The pieces the registration pages share: fields with their labels and kept errors, the travel
//! and logistics fieldsets, and the seats in words.

use leptos::prelude::*;

use crate::api::registrations::Seats;
use crate::api::session::{FlashError, FormFlash};
use crate::components::localized::{UseLang, use_lang};
use crate::domain::registration::{
    Interpretation, MAX_FLIGHT, MAX_NOTE, MAX_SHORT, RegistrationInput,
};
use crate::domain::{Field, Lang, format};
use crate::i18n::{t, td_string, use_i18n};

/// The input kept from a refused post, or `fallback`.
pub(super) fn kept(flash: Option<&FormFlash>, fallback: RegistrationInput) -> RegistrationInput {
    match flash {
        Some(f) if !f.values.is_empty() => {
            RegistrationInput::from_fields(|n| f.value(n).unwrap_or_default().to_owned())
        }
        _ => fallback,
    }
}

/// The errors kept from a refused post.
pub(super) fn errors_of(flash: Option<&FormFlash>) -> Vec<FlashError> {
    flash.map(|f| f.errors.clone()).unwrap_or_default()
}

/// The messages of one field, under it.
pub(super) fn field_error(
    errors: &[FlashError],
    name: &'static str,
    lang: UseLang,
) -> impl IntoView + use<> {
    let mine: Vec<FlashError> = errors.iter().filter(|e| e.field == name).cloned().collect();
    (!mine.is_empty()).then(move || {
        view! {
            <p class="field-error" id=format!("{name}-error")>
                {move || mine.iter().map(|e| e.message(lang.get()).to_owned()).collect::<Vec<_>>().join(" ")}
            </p>
        }
    })
}

/// The id of a field's messages, when it has any.
pub(super) fn described(errors: &[FlashError], name: &str) -> Option<String> {
    errors
        .iter()
        .any(|e| e.field == name)
        .then(|| format!("{name}-error"))
}

/// A one-line text input with its label (the children) and errors.
#[component]
pub(super) fn TextField(
    field: Field,
    value: String,
    errors: Vec<FlashError>,
    children: Children,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = MAX_SHORT)] max: usize,
    #[prop(default = false)] required: bool,
    #[prop(default = "")] autocomplete: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let name = field.name();
    let invalid = errors.iter().any(|e| e.field == name);
    view! {
        <div class="field">
            <label for=name>{children()} {required.then(|| view! { <span aria-hidden="true">" *"</span> })}</label>
            <input id=name name=name type=kind value=value maxlength=max.to_string() required=required
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-invalid=invalid.then_some("true") aria-describedby=described(&errors, name) />
            {field_error(&errors, name, lang)}
        </div>
    }
}

/// A checkbox with its label (the children).
#[component]
pub(super) fn CheckField(name: &'static str, checked: bool, children: Children) -> impl IntoView {
    view! {
        <div class="field check">
            <input id=name name=name type="checkbox" checked=checked />
            <label for=name>{children()}</label>
        </div>
    }
}

/// A multi-line note with its label and errors.
#[component]
fn NoteField(
    field: Field,
    value: String,
    errors: Vec<FlashError>,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let name = field.name();
    view! {
        <div class="field">
            <label for=name>{children()}</label>
            <textarea id=name name=name rows="2" maxlength=MAX_NOTE.to_string()
                aria-describedby=described(&errors, name)>{value}</textarea>
            {field_error(&errors, name, lang)}
        </div>
    }
}

/// The travel and logistics fields, shared by the form and the manage page.
#[component]
pub(super) fn LogisticsFields(input: RegistrationInput, errors: Vec<FlashError>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let interpretation = input.interpretation.clone();
    let interpretation_error = field_error(&errors, "interpretation", lang);
    view! {
        <fieldset>
            <legend>{t!(i18n, reg_travel)}</legend>
            <p class="hint">{t!(i18n, reg_travel_hint)}</p>
            <div class="field-row">
                <TextField field=Field::ArrivalDate kind="date" value=input.arrival_date.clone() errors=errors.clone()>{t!(i18n, val_field_arrival_date)}</TextField>
                <TextField field=Field::ArrivalTime kind="time" value=input.arrival_time.clone() errors=errors.clone()>{t!(i18n, val_field_arrival_time)}</TextField>
                <TextField field=Field::ArrivalFlight value=input.arrival_flight.clone() errors=errors.clone() max=MAX_FLIGHT>{t!(i18n, val_field_arrival_flight)}</TextField>
            </div>
            <div class="field-row">
                <TextField field=Field::DepartureDate kind="date" value=input.departure_date.clone() errors=errors.clone()>{t!(i18n, val_field_departure_date)}</TextField>
                <TextField field=Field::DepartureTime kind="time" value=input.departure_time.clone() errors=errors.clone()>{t!(i18n, val_field_departure_time)}</TextField>
                <TextField field=Field::DepartureFlight value=input.departure_flight.clone() errors=errors.clone() max=MAX_FLIGHT>{t!(i18n, val_field_departure_flight)}</TextField>
            </div>
            <CheckField name="hotel" checked=input.hotel>{t!(i18n, reg_hotel)}</CheckField>
            <CheckField name="transfer" checked=input.transfer>{t!(i18n, reg_transfer)}</CheckField>
            <CheckField name="visa_letter" checked=input.visa_letter>{t!(i18n, reg_visa_letter)}</CheckField>
        </fieldset>
        <fieldset>
            <legend>{t!(i18n, reg_needs)}</legend>
            <NoteField field=Field::Dietary value=input.dietary.clone() errors=errors.clone()>{t!(i18n, val_field_dietary)}</NoteField>
            <NoteField field=Field::Accessibility value=input.accessibility errors=errors>{t!(i18n, val_field_accessibility)}</NoteField>
            <div class="field">
                <label for="interpretation">{t!(i18n, val_field_interpretation)}</label>
                <select id="interpretation" name="interpretation">
                    <option value="">{t!(i18n, reg_interpretation_none)}</option>
                    {Interpretation::ALL.into_iter().map(|i| {
                        let chosen = i.code() == interpretation;
                        view! { <option value=i.code() selected=chosen>{move || i.label(lang.get())}</option> }
                    }).collect_view()}
                </select>
                {interpretation_error}
            </div>
        </fieldset>
    }
}

/// The preferred-language select.
#[component]
pub(super) fn LangField(selected: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="lang">{t!(i18n, val_field_lang)}</label>
            <select id="lang" name="lang">
                {[Lang::Es, Lang::En].into_iter().map(|l| {
                    let chosen = l.code() == selected || (selected.is_empty() && l == lang.get());
                    view! { <option value=l.code() selected=chosen>{l.endonym()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Seats in words: "12 of 50 seats taken · 3 on the waitlist · 2 of the seats held until
/// confirmed · up to 5 per delegation".
pub(super) fn seats_text(seats: &Seats, lang: Lang) -> String {
    let l = lang.locale();
    let confirmed = seats.confirmed;
    let mut parts = vec![
        match seats.capacity {
            Some(capacity) => td_string!(
                l,
                reg_seats_taken,
                confirmed = confirmed,
                capacity = capacity
            ),
            None => td_string!(l, reg_seats_unlimited, confirmed = confirmed),
        },
        td_string!(l, reg_seats_waiting, waiting = seats.waitlisted),
    ];
    if seats.held > 0 {
        parts.push(td_string!(l, rm_seats_held, held = seats.held));
    }
    if seats.awaiting > 0 {
        parts.push(td_string!(l, rm_seats_awaiting, awaiting = seats.awaiting));
    }
    if let Some(quota) = seats.quota {
        parts.push(td_string!(l, reg_seats_quota, quota = quota));
    }
    if let Some(deadline) = seats.deadline {
        parts.push(td_string!(
            l,
            reg_seats_deadline,
            date = format::date(lang, deadline)
        ));
    }
    parts.join(" · ")
}
