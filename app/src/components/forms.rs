//! Form pieces: the anti-forgery field, kept errors, and the event form, which validates as you
//! type with the same domain code the server runs, and works as a plain form without JavaScript.

use leptos::prelude::*;

use crate::components::localized::{island_i18n, use_lang};
use crate::domain::{Country, EventInput, EventKind, Lang};
use crate::error::AppError;
use crate::flash::FlashError;
use crate::i18n::{t, use_i18n};
use crate::viewer::Viewer;

/// The viewer resource the app provides.
pub type ViewerResource = Resource<Result<Viewer, AppError>>;

/// The hidden anti-forgery field every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    let viewer = expect_context::<ViewerResource>();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let csrf = viewer.await.map(|v| v.csrf).unwrap_or_default();
                view! { <input type="hidden" name="authenticity_token" value=csrf /> }
            })}
        </Suspense>
    }
}

/// Errors about the whole form (not one field), as an alert.
#[component]
pub fn FormErrors(
    /// Kept errors.
    errors: Vec<FlashError>,
) -> impl IntoView {
    let lang = use_lang();
    let general: Vec<FlashError> = errors
        .iter()
        .filter(|e| e.field.is_empty())
        .cloned()
        .collect();
    let any_field = errors
        .iter()
        .any(|e| !e.field.is_empty() && e.field != "link");
    let i18n = use_i18n();
    view! {
        {(!general.is_empty() || any_field).then(|| view! {
            <div class="form-errors" role="alert">
                {general.into_iter().map(|e| view! { <p>{move || e.message(lang.get()).to_owned()}</p> }).collect_view()}
                {any_field.then(|| view! { <p>{t!(i18n, form_has_errors)}</p> })}
            </div>
        })}
    }
}

/// The errors of one field, shown under it (server-kept ones until the person types).
fn field_errors(errors: Signal<Vec<FlashError>>, name: &'static str, lang: Lang) -> impl IntoView {
    let id = format!("{name}-error");
    move || {
        let messages: Vec<String> = errors
            .get()
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message(lang).to_owned())
            .collect();
        (!messages.is_empty()).then(|| {
            view! { <p class="field-error" id=id.clone()>{messages.join(" ")}</p> }
        })
    }
}

/// Reads the event form in the browser and validates it with the domain's rules.
#[cfg(feature = "hydrate")]
fn validate_in_browser(ev: &leptos::ev::Event) -> Option<Vec<FlashError>> {
    use wasm_bindgen::JsCast;
    let form = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("form")
        .ok()??;
    let form = form.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let cohosts: Vec<String> = data
        .get_all("cohosts")
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let cohosts = cohosts.join(",");
    let input = EventInput::from_fields(|name| {
        if name == "cohosts" {
            cohosts.clone()
        } else {
            data.get(name).as_string().unwrap_or_default()
        }
    });
    let mut found = match input.validate() {
        Ok(_) => Vec::new(),
        Err(errors) => FlashError::from_validation(&errors),
    };
    // The browser's build holds only the region's zones (see app/Cargo.toml): any other zone the
    // browser itself knows is left to the server, which checks it against the full database.
    if crate::browser::zone_known(input.tz.trim()) {
        found.retain(|e| e.field != "tz");
    }
    Some(found)
}

/// The event form, for proposing (no version) and editing (with the version it was based on).
/// An island: its live checks run in the browser. `children` is server HTML placed before the
/// submit button: the anti-forgery field and the conflict warnings of the last post
/// (`DateWarnings`), which stay out of the browser's code.
#[island]
pub fn EventForm(
    /// Where it posts.
    action: String,
    /// The values to show.
    input: EventInput,
    /// Kept errors from the server.
    errors: Vec<FlashError>,
    /// The version being edited.
    version: Option<i64>,
    /// Offer "publish now" (new events).
    is_new: bool,
    /// The anti-forgery field and the conflict warnings (server HTML).
    children: Children,
) -> impl IntoView {
    let i18n = island_i18n();
    let lang = use_lang();
    let shown = RwSignal::new(errors.clone());
    let on_input = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(found) = validate_in_browser(&_ev) {
            shown.set(found);
        }
    };
    let errs = move |name: &'static str| field_errors(shown.into(), name, lang.get());
    let invalid = move |name: &'static str| {
        move || {
            shown
                .get()
                .iter()
                .any(|e| e.field == name)
                .then_some("true")
        }
    };
    let described = move |name: &'static str| {
        move || {
            shown
                .get()
                .iter()
                .any(|e| e.field == name)
                .then(|| format!("{name}-error"))
        }
    };
    let cohosts = input.cohosts.clone();
    let host = input.host.clone();
    let kind = input.kind.clone();
    let dates_input = input.clone();
    view! {
        <form method="post" action=action class="event-form" on:input=on_input novalidate>
            {version.map(|v| view! { <input type="hidden" name="version" value=v.to_string() /> })}
            <FormErrors errors />
            <div class="field">
                <label for="host">{t!(i18n, field_host)}</label>
                <select id="host" name="host" required aria-invalid=invalid("host") aria-describedby=described("host")>
                    <CountryOptions selected=host />
                </select>
                {errs("host")}
            </div>
            <fieldset class="field cohosts">
                <legend>{t!(i18n, field_cohosts)}</legend>
                {Country::ALL.into_iter().map(|c| {
                    let checked = cohosts.iter().any(|x| x == c.code());
                    let id = format!("cohost-{}", c.code());
                    view! {
                        <label for=id class="check">
                            <input type="checkbox" id=id.clone() name="cohosts" value=c.code() checked=checked />
                            {move || c.name(lang.get())}
                        </label>
                    }
                }).collect_view()}
                {errs("cohosts")}
            </fieldset>
            <div class="field">
                <label for="kind">{t!(i18n, field_kind)}</label>
                <select id="kind" name="kind" aria-invalid=invalid("kind") aria-describedby=described("kind")>
                    {EventKind::ALL.into_iter().map(|k| {
                        let selected = k.code() == kind;
                        view! { <option value=k.code() selected=selected>{move || k.label(lang.get())}</option> }
                    }).collect_view()}
                </select>
                {errs("kind")}
            </div>
            <div class="field">
                <label for="title_es">{t!(i18n, field_title_es)}</label>
                <input id="title_es" name="title_es" lang="es" value=input.title_es maxlength="300" aria-invalid=invalid("title_es") aria-describedby=described("title_es") />
                {errs("title_es")}
            </div>
            <div class="field">
                <label for="title_en">{t!(i18n, field_title_en)}</label>
                <input id="title_en" name="title_en" lang="en" value=input.title_en maxlength="300" aria-invalid=invalid("title_en") aria-describedby=described("title_en") />
                {errs("title_en")}
            </div>
            <div class="field">
                <label for="description_es">{t!(i18n, field_description_es)}</label>
                <textarea id="description_es" name="description_es" lang="es" rows="4" aria-invalid=invalid("description_es") aria-describedby=described("description_es")>{input.description_es}</textarea>
                {errs("description_es")}
            </div>
            <div class="field">
                <label for="description_en">{t!(i18n, field_description_en)}</label>
                <textarea id="description_en" name="description_en" lang="en" rows="4" aria-invalid=invalid("description_en") aria-describedby=described("description_en")>{input.description_en}</textarea>
                {errs("description_en")}
            </div>
            <div class="field">
                <label for="city">{t!(i18n, field_city)}</label>
                <input id="city" name="city" value=input.city maxlength="200" aria-invalid=invalid("city") aria-describedby=described("city") />
                {errs("city")}
            </div>
            <div class="field">
                <label for="venue">{t!(i18n, field_venue)}</label>
                <input id="venue" name="venue" value=input.venue maxlength="200" aria-invalid=invalid("venue") aria-describedby=described("venue") />
                {errs("venue")}
            </div>
            <div class="field">
                <label for="tz">{t!(i18n, field_tz)}</label>
                <input id="tz" name="tz" value=input.tz list="zones" aria-describedby="tz-hint" aria-invalid=invalid("tz") />
                <p class="hint" id="tz-hint">{t!(i18n, field_tz_hint)}</p>
                <datalist id="zones">
                    {Country::ALL.into_iter().map(|c| view! { <option value=c.capital_zone().name()></option> }).collect_view()}
                    <option value="America/Tijuana"></option>
                    <option value="America/Cancun"></option>
                    <option value="America/Chicago"></option>
                    <option value="America/Los_Angeles"></option>
                    <option value="America/Vancouver"></option>
                </datalist>
                {errs("tz")}
            </div>
            <DateFields input=dates_input shown=shown />
            <div class="field">
                <label for="capacity">{t!(i18n, field_capacity)}</label>
                <input id="capacity" name="capacity" type="number" min="1" max="100000" inputmode="numeric" value=input.capacity aria-invalid=invalid("capacity") aria-describedby=described("capacity") />
                {errs("capacity")}
            </div>
            {is_new.then(|| view! {
                <div class="field">
                    <label class="check" for="publish">
                        <input type="checkbox" id="publish" name="publish" value="on" checked=true />
                        {t!(i18n, publish_now)}
                    </label>
                </div>
            })}
            {children()}
            <button type="submit">
                {if is_new { view! { {t!(i18n, save)} }.into_any() } else { view! { {t!(i18n, save_changes)} }.into_any() }}
            </button>
        </form>
    }
}

/// The date fields: a month for a tentative event, or days with optional times.
#[component]
pub fn DateFields(
    /// The values to show.
    input: EventInput,
    /// The errors shown (kept or live).
    shown: RwSignal<Vec<FlashError>>,
    /// Prefix of the inputs' ids, so two date forms can share a page.
    #[prop(optional)]
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let errs = move |name: &'static str| field_errors(shown.into(), name, lang.get());
    view! {
        <fieldset class="field dates">
            <legend>{t!(i18n, dates_legend)}</legend>
            <p class="hint">{t!(i18n, dates_hint)}</p>
            <div class="field">
                <label for=format!("{id_prefix}month")>{t!(i18n, field_month)}</label>
                <input id=format!("{id_prefix}month") name="month" type="month" value=input.month />
                {errs("month")}
            </div>
            <div class="field">
                <label for=format!("{id_prefix}start_date")>{t!(i18n, field_start_date)}</label>
                <input id=format!("{id_prefix}start_date") name="start_date" type="date" value=input.start_date />
                {errs("start_date")}
            </div>
            <div class="field">
                <label for=format!("{id_prefix}end_date")>{t!(i18n, field_end_date)}</label>
                <input id=format!("{id_prefix}end_date") name="end_date" type="date" value=input.end_date />
                {errs("end_date")}
            </div>
            <div class="field">
                <label for=format!("{id_prefix}start_time")>{t!(i18n, field_start_time)}</label>
                <input id=format!("{id_prefix}start_time") name="start_time" type="time" value=input.start_time />
                {errs("start_time")}
            </div>
            <div class="field">
                <label for=format!("{id_prefix}end_time")>{t!(i18n, field_end_time)}</label>
                <input id=format!("{id_prefix}end_time") name="end_time" type="time" value=input.end_time />
                {errs("end_time")}
            </div>
        </fieldset>
    }
}

/// The options of a member-country select: "Choose…" first, then every country by name in the
/// reader's language, with the one whose code is `selected` (if any) selected.
#[component]
pub fn CountryOptions(
    /// The code of the country to select, or empty.
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <option value="">{t!(i18n, choose)}</option>
        {Country::ALL.into_iter().map(|c| {
            let chosen = c.code() == selected;
            view! { <option value=c.code() selected=chosen>{move || c.name(lang.get())}</option> }
        }).collect_view()}
    }
}
