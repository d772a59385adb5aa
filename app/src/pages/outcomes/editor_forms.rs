//! The record editor's forms: the record's header, an agreement, a commitment. Plain forms that
//! work without JavaScript; each carries a `form_id`, so a refusal brings its input and errors
//! back to the right form of the page. Ids are prefixed with the form's, so many forms share a
//! page.

use leptos::prelude::*;

use crate::api::outcomes::EventLabel;
use crate::components::forms::CsrfField;
use crate::components::localized::use_lang;
use crate::domain::outcomes::{
    AgreementInput, CommitmentInput, CommitmentStatus, OutcomeField as F, Party, RecordInput,
    RecordStatus,
};
use crate::domain::{Country, Lang, format};
use crate::flash::FlashError;
use crate::i18n::{t, use_i18n};

/// What a form shows: its id, and the errors kept for it.
#[derive(Clone)]
pub struct FormState {
    /// The form's id (`header`, `agreement-new`, `agreement-3`, `commitment-new-3`,
    /// `commitment-17`), also the prefix of its inputs' ids.
    pub id: String,
    /// The errors of its last refused post.
    pub errors: Vec<FlashError>,
}

impl FormState {
    fn input_id(&self, name: &str) -> String {
        format!("{}-{name}", self.id)
    }

    fn error_id(&self, name: &str) -> String {
        format!("{}-{name}-error", self.id)
    }

    fn has(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }

    /// `aria-invalid` and `aria-describedby` of a field.
    fn aria(&self, name: &str) -> (Option<&'static str>, Option<String>) {
        if self.has(name) {
            (Some("true"), Some(self.error_id(name)))
        } else {
            (None, None)
        }
    }

    /// The errors of a field, under it.
    fn errors_of(&self, name: &str, lang: Lang) -> Option<impl IntoView + use<>> {
        let messages: Vec<String> = self
            .errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message(lang).to_owned())
            .collect();
        let id = self.error_id(name);
        (!messages.is_empty())
            .then(|| view! { <p class="field-error" id=id>{messages.join(" ")}</p> })
    }

    /// The form's general errors (and a note that fields have some), as an alert.
    fn summary(&self, lang: Lang) -> Option<impl IntoView + use<>> {
        let general: Vec<String> = self
            .errors
            .iter()
            .filter(|e| e.field.is_empty())
            .map(|e| e.message(lang).to_owned())
            .collect();
        let any_field = self.errors.iter().any(|e| !e.field.is_empty());
        let note = crate::i18n::td_string!(lang.locale(), form_has_errors);
        (!general.is_empty() || any_field).then(|| {
            view! {
                <div class="form-errors" role="alert">
                    {general.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                    {any_field.then(|| view! { <p>{note}</p> })}
                </div>
            }
        })
    }
}

/// A labelled text input or text area, with its kept value and errors.
fn text(
    state: &FormState,
    field: F,
    value: String,
    multiline: bool,
    lang_attr: Option<&'static str>,
    lang: Lang,
) -> impl IntoView + use<> {
    let name = field.name();
    let id = state.input_id(name);
    let (invalid, described) = state.aria(name);
    let input = if multiline {
        view! { <textarea id=id.clone() name=name lang=lang_attr rows="5" aria-invalid=invalid aria-describedby=described>{value}</textarea> }.into_any()
    } else {
        view! { <input id=id.clone() name=name lang=lang_attr value=value aria-invalid=invalid aria-describedby=described /> }.into_any()
    };
    view! {
        <div class="field">
            <label for=id>{field.label(lang)}</label>
            {input}
            {state.errors_of(name, lang)}
        </div>
    }
}

/// The record's header: title, place, status, preamble, delegations present.
#[component]
pub fn HeaderForm(
    /// Where it posts.
    action: String,
    /// The values to show.
    input: RecordInput,
    /// The record's version (none for a new record).
    version: Option<i64>,
    /// Its id and kept errors.
    state: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang().get_untracked();
    let status = input.status.clone();
    let delegations = input.delegations.clone();
    let (_, d_described) = state.aria(F::Delegations.name());
    view! {
        <form method="post" action=action class="record-form" id=state.id novalidate>
            <CsrfField />
            <input type="hidden" name="form_id" value=state.id.clone() />
            {version.map(|v| view! { <input type="hidden" name="version" value=v.to_string() /> })}
            {state.summary(lang)}
            {text(&state, F::TitleEs, input.title_es, false, Some("es"), lang)}
            {text(&state, F::TitleEn, input.title_en, false, Some("en"), lang)}
            {text(&state, F::Place, input.place, false, None, lang)}
            <div class="field">
                <label for=state.input_id("record_status")>{F::RecordStatus.label(lang)}</label>
                <select id=state.input_id("record_status") name="record_status">
                    {RecordStatus::ALL.into_iter().map(|s| {
                        let selected = s.code() == status || (status.is_empty() && s == RecordStatus::Draft);
                        view! { <option value=s.code() selected=selected>{s.label(lang)}</option> }
                    }).collect_view()}
                </select>
                {state.errors_of("record_status", lang)}
            </div>
            {text(&state, F::PreambleEs, input.preamble_es, true, Some("es"), lang)}
            {text(&state, F::PreambleEn, input.preamble_en, true, Some("en"), lang)}
            <fieldset class="field checks" aria-describedby=d_described>
                <legend>{F::Delegations.label(lang)}</legend>
                {Country::ALL.into_iter().map(|c| {
                    let id = state.input_id(&format!("delegation-{}", c.code()));
                    let checked = delegations.iter().any(|d| d == c.code());
                    let for_id = id.clone();
                    view! { <label for=for_id class="check"><input type="checkbox" id=id name="delegations" value=c.code() checked=checked /> {c.name(lang)}</label> }
                }).collect_view()}
                {state.errors_of("delegations", lang)}
            </fieldset>
            <button type="submit">{t!(i18n, ocp_save_header)}</button>
        </form>
    }
}

/// An agreement: number, text, the events it names.
#[component]
pub fn AgreementForm(
    /// Where it posts.
    action: String,
    /// The values to show.
    input: AgreementInput,
    /// The number of the agreement edited (none for a new one).
    replacing: Option<u32>,
    /// The record's version.
    version: i64,
    /// The events it may name.
    events: Vec<EventLabel>,
    /// Its id and kept errors.
    state: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang().get_untracked();
    let named = input.events.clone();
    let events_id = state.input_id("events");
    let (e_invalid, e_described) = state.aria("events");
    view! {
        <form method="post" action=action class="agreement-form" id=state.id.clone() novalidate>
            <CsrfField />
            <input type="hidden" name="form_id" value=state.id.clone() />
            <input type="hidden" name="version" value=version.to_string() />
            {replacing.map(|n| view! { <input type="hidden" name="replacing" value=n.to_string() /> })}
            {state.summary(lang)}
            {text(&state, F::Number, input.number, false, None, lang)}
            {text(&state, F::TextEs, input.text_es, true, Some("es"), lang)}
            {text(&state, F::TextEn, input.text_en, true, Some("en"), lang)}
            <div class="field">
                <label for=events_id.clone()>{F::Events.label(lang)}</label>
                <select id=events_id name="events" multiple size="5" aria-invalid=e_invalid aria-describedby=e_described>
                    {events.into_iter().map(|e| {
                        let selected = named.contains(&e.slug);
                        let label = format!("{} ({})", e.title.pick(lang).text, format::event_dates(lang, &e.dates));
                        view! { <option value=e.slug selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                {state.errors_of("events", lang)}
            </div>
            <button type="submit">{t!(i18n, ocp_save_agreement)}</button>
        </form>
    }
}

/// A commitment: parties, action, due point, status.
#[component]
pub fn CommitmentForm(
    /// Where it posts.
    action: String,
    /// The values to show.
    input: CommitmentInput,
    /// The commitment's sequence (none for a new one).
    sequence: Option<i64>,
    /// The events it may wait for.
    events: Vec<EventLabel>,
    /// Its id and kept errors.
    state: FormState,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang().get_untracked();
    let parties = input.parties.clone();
    let kind = input.due_kind.clone();
    let due_event = input.due_event.clone();
    let status = input.status.clone();
    let (_, p_described) = state.aria("parties");
    let kind_id = state.input_id("due_kind");
    let date_id = state.input_id("due_date");
    let event_id = state.input_id("due_event");
    let status_id = state.input_id("status");
    let (date_invalid, date_described) = state.aria("due_date");
    let (event_invalid, event_described) = state.aria("due_event");
    view! {
        <form method="post" action=action class="commitment-form" id=state.id.clone() novalidate>
            <CsrfField />
            <input type="hidden" name="form_id" value=state.id.clone() />
            {sequence.map(|s| view! { <input type="hidden" name="sequence" value=s.to_string() /> })}
            {state.summary(lang)}
            <fieldset class="field checks" aria-describedby=p_described>
                <legend>{F::Parties.label(lang)}</legend>
                {Party::all().into_iter().map(|p| {
                    let id = state.input_id(&format!("party-{}", p.code()));
                    let checked = parties.iter().any(|x| x.eq_ignore_ascii_case(p.code()));
                    let for_id = id.clone();
                    view! { <label for=for_id class="check"><input type="checkbox" id=id name="parties" value=p.code() checked=checked /> {p.label(lang)}</label> }
                }).collect_view()}
                {state.errors_of("parties", lang)}
            </fieldset>
            {text(&state, F::ActionEs, input.action_es, true, Some("es"), lang)}
            {text(&state, F::ActionEn, input.action_en, true, Some("en"), lang)}
            <fieldset class="field due">
                <legend>{t!(i18n, ocp_due)}</legend>
                <div class="field">
                    <label for=kind_id.clone()>{F::DueKind.label(lang)}</label>
                    <select id=kind_id name="due_kind">
                        {["unstated", "on", "before", "when", "periodically"].into_iter().map(|code| {
                            let selected = code == kind || (kind.is_empty() && code == "unstated");
                            let label = crate::domain::outcomes::DuePoint::kind_label(code, lang).unwrap_or(code);
                            view! { <option value=code selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {state.errors_of("due_kind", lang)}
                </div>
                <div class="field">
                    <label for=date_id.clone()>{F::DueDate.label(lang)}</label>
                    <input type="date" id=date_id name="due_date" value=input.due_date aria-invalid=date_invalid aria-describedby=date_described />
                    {state.errors_of("due_date", lang)}
                </div>
                <div class="field">
                    <label for=event_id.clone()>{F::DueEvent.label(lang)}</label>
                    <select id=event_id name="due_event" aria-invalid=event_invalid aria-describedby=event_described>
                        <option value="">{t!(i18n, choose)}</option>
                        {events.into_iter().map(|e| {
                            let selected = e.slug == due_event;
                            let label = format!("{} ({})", e.title.pick(lang).text, format::event_dates(lang, &e.dates));
                            view! { <option value=e.slug selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {state.errors_of("due_event", lang)}
                </div>
                {text(&state, F::ConditionEs, input.condition_es, false, Some("es"), lang)}
                {text(&state, F::ConditionEn, input.condition_en, false, Some("en"), lang)}
            </fieldset>
            <div class="field">
                <label for=status_id.clone()>{F::Status.label(lang)}</label>
                <select id=status_id name="status">
                    {CommitmentStatus::ALL.into_iter().map(|s| {
                        let selected = s.code() == status || (status.is_empty() && s == CommitmentStatus::Pending);
                        view! { <option value=s.code() selected=selected>{s.label(lang)}</option> }
                    }).collect_view()}
                </select>
                {state.errors_of("status", lang)}
            </div>
            <button type="submit">{t!(i18n, ocp_save_commitment)}</button>
        </form>
    }
}

/// A small form with one button that deletes something (`what` names it for screen readers).
#[component]
pub fn DeleteForm(
    /// Where it posts.
    action: String,
    /// The hidden version field's name and value.
    version: (&'static str, i64),
    /// The button's accessible name.
    label: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="post" action=action class="delete-form">
            <CsrfField />
            <input type="hidden" name=version.0 value=version.1.to_string() />
            <button type="submit" class="secondary" aria-label=label>{t!(i18n, ocp_delete)}</button>
        </form>
    }
}
