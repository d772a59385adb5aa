//! Registration pages: the form (`/events/{slug}/register`), a delegate's own registration behind
//! its private link (`/registrations/{token}`), and the hosts' participant list
//! (`/events/{slug}/participants`). Plain forms that work without JavaScript; the server checks
//! everything again.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::registrations::{
    MyRegistration, Participants, RegisterForm, Seats, get_my_registration, get_participants,
    get_register_form,
};
use crate::api::session::{FlashError, FormFlash};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::{LocalizedText, UseLang, use_lang};
use crate::domain::registration::{
    Delegation, Interpretation, MAX_FLIGHT, MAX_NOTE, MAX_SHORT, Registration, RegistrationInput,
    RegistrationStatus,
};
use crate::domain::{Lang, format};
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// A text in the reader's language, following language changes.
pub fn tr(lang: UseLang, es: &'static str, en: &'static str) -> impl Fn() -> &'static str + Clone {
    move || match lang.get() {
        Lang::Es => es,
        Lang::En => en,
    }
}

fn kept(flash: Option<&FormFlash>, fallback: RegistrationInput) -> RegistrationInput {
    match flash {
        Some(f) if !f.values.is_empty() => {
            RegistrationInput::from_fields(|n| f.value(n).unwrap_or_default().to_owned())
        }
        _ => fallback,
    }
}

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

fn described(errors: &[FlashError], name: &str) -> Option<String> {
    errors
        .iter()
        .any(|e| e.field == name)
        .then(|| format!("{name}-error"))
}

/// A one-line text input with its label and errors.
#[component]
fn TextField(
    name: &'static str,
    label: (&'static str, &'static str),
    value: String,
    errors: Vec<FlashError>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = MAX_SHORT)] max: usize,
    #[prop(default = false)] required: bool,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = false)] readonly: bool,
) -> impl IntoView {
    let lang = use_lang();
    let invalid = errors.iter().any(|e| e.field == name);
    view! {
        <div class="field">
            <label for=name>{tr(lang, label.0, label.1)} {required.then(|| view! { <span aria-hidden="true">" *"</span> })}</label>
            <input id=name name=name type=kind value=value maxlength=max.to_string() required=required
                readonly=readonly autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-invalid=invalid.then_some("true") aria-describedby=described(&errors, name) />
            {field_error(&errors, name, lang)}
        </div>
    }
}

/// A checkbox with its label.
#[component]
fn CheckField(
    name: &'static str,
    label: (&'static str, &'static str),
    checked: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field check">
            <input id=name name=name type="checkbox" checked=checked />
            <label for=name>{tr(lang, label.0, label.1)}</label>
        </div>
    }
}

/// A multi-line note with its label and errors.
#[component]
fn NoteField(
    name: &'static str,
    label: (&'static str, &'static str),
    value: String,
    errors: Vec<FlashError>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for=name>{tr(lang, label.0, label.1)}</label>
            <textarea id=name name=name rows="2" maxlength=MAX_NOTE.to_string()
                aria-describedby=described(&errors, name)>{value}</textarea>
            {field_error(&errors, name, lang)}
        </div>
    }
}

/// The travel and logistics fields, shared by the form and the manage page.
#[component]
fn LogisticsFields(input: RegistrationInput, errors: Vec<FlashError>) -> impl IntoView {
    let lang = use_lang();
    let interpretation = input.interpretation.clone();
    let interpretation_error = field_error(&errors, "interpretation", lang);
    view! {
        <fieldset>
            <legend>{tr(lang, "Viaje", "Travel")}</legend>
            <p class="hint">{tr(lang,
                "Fechas y horas locales del lugar del evento. Déjelo en blanco si no viaja.",
                "Local dates and times where the event takes place. Leave blank if you are not travelling.")}</p>
            <div class="field-row">
                <TextField name="arrival_date" label=("Fecha de llegada", "Arrival date") kind="date" value=input.arrival_date.clone() errors=errors.clone() />
                <TextField name="arrival_time" label=("Hora de llegada", "Arrival time") kind="time" value=input.arrival_time.clone() errors=errors.clone() />
                <TextField name="arrival_flight" label=("Vuelo de llegada", "Arrival flight") value=input.arrival_flight.clone() errors=errors.clone() max=MAX_FLIGHT />
            </div>
            <div class="field-row">
                <TextField name="departure_date" label=("Fecha de salida", "Departure date") kind="date" value=input.departure_date.clone() errors=errors.clone() />
                <TextField name="departure_time" label=("Hora de salida", "Departure time") kind="time" value=input.departure_time.clone() errors=errors.clone() />
                <TextField name="departure_flight" label=("Vuelo de salida", "Departure flight") value=input.departure_flight.clone() errors=errors.clone() max=MAX_FLIGHT />
            </div>
            <CheckField name="hotel" label=("Necesito hotel (desde la noche de llegada hasta la noche antes de la salida)", "I need a hotel (from the arrival night to the night before departure)") checked=input.hotel />
            <CheckField name="transfer" label=("Necesito traslado aeropuerto–hotel", "I need an airport–hotel transfer") checked=input.transfer />
            <CheckField name="visa_letter" label=("Necesito una carta de invitación para la visa", "I need an invitation letter for a visa") checked=input.visa_letter />
        </fieldset>
        <fieldset>
            <legend>{tr(lang, "Necesidades", "Needs")}</legend>
            <NoteField name="dietary" label=("Necesidades alimentarias", "Dietary needs") value=input.dietary.clone() errors=errors.clone() />
            <NoteField name="accessibility" label=("Necesidades de accesibilidad", "Accessibility needs") value=input.accessibility errors=errors />
            <div class="field">
                <label for="interpretation">{tr(lang, "Interpretación simultánea", "Simultaneous interpretation")}</label>
                <select id="interpretation" name="interpretation">
                    <option value="">{tr(lang, "No la necesito", "Not needed")}</option>
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
fn LangField(selected: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label for="lang">{tr(lang, "Idioma para escribirle", "Language to write to you in")}</label>
            <select id="lang" name="lang">
                {[Lang::Es, Lang::En].into_iter().map(|l| {
                    let chosen = l.code() == selected || (selected.is_empty() && l == lang.get());
                    view! { <option value=l.code() selected=chosen>{l.endonym()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Seats in words: "12 of 50 seats taken · 3 waiting".
fn seats_text(seats: &Seats, lang: Lang) -> String {
    let taken = match (seats.capacity, lang) {
        (Some(c), Lang::Es) => format!("{} de {c} cupos ocupados", seats.confirmed),
        (Some(c), Lang::En) => format!("{} of {c} seats taken", seats.confirmed),
        (None, Lang::Es) => format!(
            "{} inscripciones confirmadas (sin límite de cupo)",
            seats.confirmed
        ),
        (None, Lang::En) => format!(
            "{} confirmed registrations (no seat limit)",
            seats.confirmed
        ),
    };
    let waiting = match lang {
        Lang::Es => format!(" · {} en lista de espera", seats.waitlisted),
        Lang::En => format!(" · {} on the waitlist", seats.waitlisted),
    };
    let quota = match (seats.quota, lang) {
        (Some(q), Lang::Es) => format!(" · hasta {q} por delegación"),
        (Some(q), Lang::En) => format!(" · up to {q} per delegation"),
        (None, _) => String::new(),
    };
    let deadline = match (seats.deadline, lang) {
        (Some(d), Lang::Es) => format!(" · inscripción hasta el {}", format::date(lang, d)),
        (Some(d), Lang::En) => format!(" · register by {}", format::date(lang, d)),
        (None, _) => String::new(),
    };
    format!("{taken}{waiting}{quota}{deadline}")
}

/// The seats and a link to register, for the event page.
#[component]
pub fn RegistrationBox(slug: String) -> impl IntoView {
    let lang = use_lang();
    let seats = Resource::new(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        crate::api::registrations::get_seats,
    );
    view! {
        <Suspense>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let Ok(seats) = seats.await else { return ().into_any() };
                    // Events that never took registrations say nothing about them.
                    let never = seats.closed == Some(crate::domain::registration::Closed::NotOpen)
                        && seats.confirmed + seats.waitlisted == 0;
                    if never {
                        return ().into_any();
                    }
                    let full = seats.capacity.is_some_and(|c| seats.confirmed >= c);
                    view! {
                        <section class="registration-box" aria-labelledby="registration-heading">
                            <h2 id="registration-heading">{tr(lang, "Inscripción", "Registration")}</h2>
                            <p>{move || seats_text(&seats, lang.get())}</p>
                            {match seats.closed {
                                None => view! {
                                    {full.then(|| view! { <p>{tr(lang,
                                        "El cupo está completo: quien se inscriba ahora queda en lista de espera.",
                                        "All seats are taken: whoever registers now joins the waitlist.")}</p> })}
                                    <p><a class="button" href=format!("/events/{slug}/register")>{tr(lang, "Inscribirse", "Register")}</a></p>
                                }.into_any(),
                                Some(closed) => view! { <p class="note">{move || closed.message(lang.get())}</p> }.into_any(),
                            }}
                        </section>
                    }.into_any()
                })
            }}
        </Suspense>
    }
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
    let lang = use_lang();
    let event = form.event;
    let title = event.details.title.clone();
    let dates = event.details.dates;
    let errors = errors_of(form.flash.as_ref());
    let input = kept(form.flash.as_ref(), RegistrationInput::default());
    let delegation = input.delegation.clone();
    let seats = form.seats;
    let slug = event.slug.clone();
    let place = event.details.city.clone();
    view! {
        <Title text=move || format!("{} · {}", tr(lang, "Inscripción", "Registration")(), title.pick(lang.get()).text) />
        <p class="breadcrumb"><A href=format!("/events/{slug}")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{tr(lang, "Inscripción", "Registration")}</h1>
        <p>{move || format::event_dates(lang.get(), &dates)} " · " {place}</p>
        <p>{move || seats_text(&seats, lang.get())}</p>
        {match seats.closed {
            Some(closed) => view! { <p class="form-errors" role="alert">{move || closed.message(lang.get())}</p> }.into_any(),
            None => view! {
                <FormErrors errors=errors.clone() />
                <form method="post" action=format!("/events/{slug}/register") class="registration-form" novalidate=false>
                    <CsrfField />
                    <input type="hidden" name="submission" value=form.nonce />
                    <fieldset>
                        <legend>{tr(lang, "Participante", "Participant")}</legend>
                        <TextField name="name" label=("Nombre completo", "Full name") value=input.name.clone() errors=errors.clone() required=true autocomplete="name" />
                        <TextField name="email" label=("Correo electrónico", "E-mail") kind="email" value=input.email.clone() errors=errors.clone() required=true autocomplete="email" max=254 />
                        <div class="field">
                            <label for="delegation">{tr(lang, "Delegación", "Delegation")} <span aria-hidden="true">" *"</span></label>
                            <select id="delegation" name="delegation" required=true aria-describedby=described(&errors, "delegation")>
                                <option value="">{tr(lang, "Elija…", "Choose…")}</option>
                                {move || Delegation::choices(lang.get()).into_iter().map(|(code, label)| {
                                    let chosen = code == delegation;
                                    view! { <option value=code selected=chosen>{label}</option> }
                                }).collect_view()}
                            </select>
                            {field_error(&errors, "delegation", lang)}
                        </div>
                        <TextField name="organisation" label=("Organización (si eligió «Otra organización»)", "Organisation (if you chose “Another organisation”)") value=input.organisation.clone() errors=errors.clone() />
                        <TextField name="institution" label=("Institución", "Institution") value=input.institution.clone() errors=errors.clone() required=true autocomplete="organization" />
                        <TextField name="position" label=("Cargo", "Position") value=input.position.clone() errors=errors.clone() autocomplete="organization-title" />
                        <LangField selected=input.lang.clone() />
                    </fieldset>
                    <LogisticsFields input=input.clone() errors=errors.clone() />
                    <fieldset>
                        <legend>{tr(lang, "Datos personales", "Personal data")}</legend>
                        <p class="hint">{tr(lang,
                            "Sus datos se usan solo para organizar este evento (logística, traslados, hospedaje y cartas de invitación). Solo los ven los funcionarios de los países anfitriones y la Secretaría Técnica de la CRM. Puede cambiarlos o cancelar su inscripción con el enlace privado que recibirá.",
                            "Your data is used only to organise this event (logistics, transfers, lodging and invitation letters). Only the officials of the host countries and the RCM Technical Secretariat see it. You can change it or cancel your registration with the private link you will receive.")}</p>
                        <div class="field check">
                            <input id="consent" name="consent" type="checkbox" required=true checked=input.consent aria-describedby=described(&errors, "consent") />
                            <label for="consent">{tr(lang, "Acepto el uso de mis datos para este fin.", "I agree to the use of my data for this purpose.")}</label>
                            {field_error(&errors, "consent", lang)}
                        </div>
                    </fieldset>
                    <button type="submit">{tr(lang, "Inscribirme", "Register me")}</button>
                </form>
            }.into_any(),
        }}
    }
}

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

fn status_text(r: &Registration, lang: Lang) -> String {
    match (r.status, lang) {
        (RegistrationStatus::Confirmed, Lang::Es) => "Su inscripción está confirmada.".into(),
        (RegistrationStatus::Confirmed, Lang::En) => "Your registration is confirmed.".into(),
        (RegistrationStatus::Waitlisted, Lang::Es) => format!(
            "Está en la lista de espera, en el puesto {}. Si se libera un cupo, pasará a confirmada automáticamente y le escribiremos.",
            r.waitlist_position.unwrap_or_default()
        ),
        (RegistrationStatus::Waitlisted, Lang::En) => format!(
            "You are on the waitlist, in place {}. If a seat opens up, you are confirmed automatically and we will write to you.",
            r.waitlist_position.unwrap_or_default()
        ),
        (RegistrationStatus::Cancelled, Lang::Es) => "Esta inscripción está cancelada.".into(),
        (RegistrationStatus::Cancelled, Lang::En) => "This registration is cancelled.".into(),
    }
}

#[component]
fn MyRegistrationView(mine: MyRegistration) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let is_new = query.read_untracked().get("new").is_some();
    let saved = query.read_untracked().get("saved").is_some();
    let new_feed = query.read_untracked().get("feed").is_some();
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
    let cancelled = registration.status == RegistrationStatus::Cancelled;
    let reg = registration.clone();
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
        <Title text=move || tr(lang, "Mi inscripción", "My registration")().to_owned() />
        <h1>{tr(lang, "Mi inscripción", "My registration")}</h1>
        <p class="event-title"><A href=format!("/events/{slug}")><LocalizedText text=event.details.title.clone() /></A>
            " · " {move || format::event_dates(lang.get(), &dates)}</p>
        {is_new.then(|| view! {
            <div class="notice" role="status">
                <p><strong>{tr(lang, "¡Inscripción recibida!", "Registration received!")}</strong></p>
                <p>{tr(lang,
                    "Guarde la dirección de esta página: es su enlace privado para ver, cambiar o cancelar su inscripción. También se la enviamos por correo.",
                    "Keep this page's address: it is your private link to see, change or cancel your registration. We also sent it to you by e-mail.")}</p>
            </div>
        })}
        {saved.then(|| view! { <p class="notice" role="status">{tr(lang, "Cambios guardados.", "Changes saved.")}</p> })}
        <p class=format!("registration-status status-{}", registration.status.code())>
            <strong>{move || registration.status.label(lang.get())}</strong> ". " {move || status_text(&reg, lang.get())}
        </p>
        <dl class="facts">
            <dt>{tr(lang, "Nombre", "Name")}</dt><dd>{d.name.clone()}</dd>
            <dt>{tr(lang, "Correo", "E-mail")}</dt><dd>{d.email.clone()}</dd>
            <dt>{tr(lang, "Delegación", "Delegation")}</dt><dd>{move || d.delegation.label(lang.get())}</dd>
        </dl>
        <FormErrors errors=errors.clone() />
        {(!cancelled).then(|| view! {
            <section aria-labelledby="change-heading">
                <h2 id="change-heading">{tr(lang, "Cambiar mis datos", "Change my details")}</h2>
                <form method="post" action=here.clone()>
                    <CsrfField />
                    <TextField name="institution" label=("Institución", "Institution") value=input.institution.clone() errors=errors.clone() required=true />
                    <TextField name="position" label=("Cargo", "Position") value=input.position.clone() errors=errors.clone() />
                    <LangField selected=input.lang.clone() />
                    <LogisticsFields input=input.clone() errors=errors.clone() />
                    <button type="submit">{tr(lang, "Guardar cambios", "Save changes")}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="feed-heading" id="feed">
            <h2 id="feed-heading">{tr(lang, "Mi calendario", "My calendar")}</h2>
            <p>{tr(lang,
                "Suscríbase a este calendario privado para ver en su aplicación de calendario los eventos en los que se inscribió, con sus cambios.",
                "Subscribe to this private calendar to see the events you registered for, with their changes, in your calendar app.")}</p>
            {new_feed.then(|| view! { <p class="notice" role="status">{tr(lang,
                "Nueva dirección creada: la anterior ya no funciona.",
                "New address created: the old one no longer works.")}</p> })}
            <p><a class="button" href=webcal>{tr(lang, "Suscribirme", "Subscribe")}</a></p>
            <label for="feed-url">{tr(lang, "Dirección del calendario", "Calendar address")}</label>
            <input id="feed-url" type="text" readonly=true value=feed_url class="feed-url" />
            <form method="post" action=format!("{here}/feed")>
                <CsrfField />
                <p class="hint">{tr(lang,
                    "¿Compartió esta dirección por error? Cree una nueva: la anterior dejará de funcionar.",
                    "Shared this address by mistake? Make a new one: the old one stops working.")}</p>
                <button type="submit" class="secondary">{tr(lang, "Crear una dirección nueva", "Make a new address")}</button>
            </form>
        </section>
        {(!cancelled).then(|| view! {
            <section aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">{tr(lang, "Cancelar mi inscripción", "Cancel my registration")}</h2>
                <p>{tr(lang,
                    "Su cupo pasará a la primera persona en lista de espera. No se puede deshacer.",
                    "Your seat goes to the first person on the waitlist. This cannot be undone.")}</p>
                <form method="post" action=format!("{here}/cancel")>
                    <CsrfField />
                    <button type="submit" class="danger">{tr(lang, "Cancelar mi inscripción", "Cancel my registration")}</button>
                </form>
            </section>
        })}
    }
}

/// `/events/{slug}/participants`: the hosts' list.
#[component]
pub fn ParticipantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_participants,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <ParticipantsView list /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn travel_text(t: Option<&crate::domain::registration::Travel>) -> String {
    t.map(|t| {
        let time = t
            .time
            .map(|x| x.format(" %H:%M").to_string())
            .unwrap_or_default();
        let flight = if t.flight.is_empty() {
            String::new()
        } else {
            format!(" · {}", t.flight)
        };
        format!("{}{time}{flight}", t.date)
    })
    .unwrap_or_default()
}

#[component]
fn ParticipantsView(list: Participants) -> impl IntoView {
    let lang = use_lang();
    let Participants {
        event,
        settings,
        seats,
        registrations,
        by_delegation,
        flash,
    } = list;
    let slug = event.slug.clone();
    let errors = errors_of(flash.as_ref());
    let value = |name: &str, fallback: String| -> String {
        flash
            .as_ref()
            .and_then(|f| f.value(name).map(str::to_owned))
            .unwrap_or(fallback)
    };
    let capacity = value(
        "capacity",
        settings.capacity.map(|c| c.to_string()).unwrap_or_default(),
    );
    let quota = value(
        "quota",
        settings.quota.map(|c| c.to_string()).unwrap_or_default(),
    );
    let deadline = value(
        "deadline",
        settings.deadline.map(|d| d.to_string()).unwrap_or_default(),
    );
    let rows = registrations;
    view! {
        <Title text=move || tr(lang, "Participantes", "Participants")().to_owned() />
        <p class="breadcrumb"><A href=format!("/events/{slug}/manage")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{tr(lang, "Participantes", "Participants")}</h1>
        <p>{move || seats_text(&seats, lang.get())}</p>
        <p class="actions">
            <a href=format!("/events/{slug}/logistics")>{tr(lang, "Plan logístico", "Logistics plan")}</a>
            " · " <a href=format!("/events/{slug}/exports/participants.csv?lang=es")>"CSV (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.csv?lang=en")>"CSV (en)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.xlsx?lang=es")>"XLSX (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.xlsx?lang=en")>"XLSX (en)"</a>
        </p>
        <FormErrors errors=errors.clone() />
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{tr(lang, "Inscripción", "Registration")}</h2>
            <form method="post" action=format!("/events/{slug}/registration")>
                <CsrfField />
                <CheckField name="open" label=("Inscripción abierta", "Registration open") checked=settings.open />
                <div class="field-row">
                    <TextField name="capacity" label=("Capacidad (en blanco: sin límite)", "Capacity (blank: no limit)") kind="number" value=capacity errors=errors.clone() />
                    <TextField name="quota" label=("Cupo por delegación (en blanco: sin cupo)", "Quota per delegation (blank: none)") kind="number" value=quota errors=errors.clone() />
                    <TextField name="deadline" label=("Fecha límite (incluida)", "Deadline (inclusive)") kind="date" value=deadline errors=errors />
                </div>
                <p class="hint">{tr(lang,
                    "Si aumenta la capacidad o el cupo, la lista de espera avanza sola, en orden. Si la reduce, nadie pierde su cupo; solo no se confirmará a nadie más hasta que haya lugar.",
                    "If you raise the capacity or the quota, the waitlist moves up by itself, in order. If you lower it, nobody loses their seat; nobody more is confirmed until there is room.")}</p>
                <button type="submit">{tr(lang, "Guardar", "Save")}</button>
            </form>
        </section>
        <section aria-labelledby="delegations-heading">
            <h2 id="delegations-heading">{tr(lang, "Por delegación", "By delegation")}</h2>
            <table class="data">
                <thead><tr>
                    <th scope="col">{tr(lang, "Delegación", "Delegation")}</th>
                    <th scope="col">{tr(lang, "Confirmadas", "Confirmed")}</th>
                    <th scope="col">{tr(lang, "En espera", "Waitlisted")}</th>
                    <th scope="col">{tr(lang, "Canceladas", "Cancelled")}</th>
                </tr></thead>
                <tbody>
                    {by_delegation.into_iter().map(|c| view! {
                        <tr>
                            <th scope="row">{move || if lang.get() == Lang::Es { c.name_es.clone() } else { c.name_en.clone() }}</th>
                            <td>{c.confirmed}</td><td>{c.waitlisted}</td><td>{c.cancelled}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{tr(lang, "Personas", "People")}</h2>
            {rows.is_empty().then(|| view! { <p>{tr(lang, "Aún no hay inscripciones.", "No registrations yet.")}</p> })}
            <table class="data participants">
                <thead><tr>
                    <th scope="col">{tr(lang, "Estado", "Status")}</th>
                    <th scope="col">{tr(lang, "Nombre", "Name")}</th>
                    <th scope="col">{tr(lang, "Delegación", "Delegation")}</th>
                    <th scope="col">{tr(lang, "Institución", "Institution")}</th>
                    <th scope="col">{tr(lang, "Correo", "E-mail")}</th>
                    <th scope="col">{tr(lang, "Llegada", "Arrival")}</th>
                    <th scope="col">{tr(lang, "Salida", "Departure")}</th>
                    <th scope="col"><span class="visually-hidden">{tr(lang, "Acciones", "Actions")}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let slug = slug.clone();
                        let status = r.status;
                        let position = r.waitlist_position;
                        let d = r.details.clone();
                        let delegation = d.delegation.clone();
                        view! {
                            <tr class=format!("reg-{}", status.code())>
                                <td>{move || status.label(lang.get())} {position.map(|p| format!(" ({p})"))}</td>
                                <td>{d.name.clone()}</td>
                                <td>{move || delegation.label(lang.get())}</td>
                                <td>{d.institution.clone()}</td>
                                <td>{d.email.clone()}</td>
                                <td>{travel_text(d.arrival.as_ref())}</td>
                                <td>{travel_text(d.departure.as_ref())}</td>
                                <td>{(status == RegistrationStatus::Waitlisted).then(|| view! {
                                    <form method="post" action=format!("/events/{slug}/participants/{}/promote", r.id)>
                                        <CsrfField />
                                        <button type="submit" class="secondary">{tr(lang, "Confirmar ahora", "Confirm now")}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// `/events/{slug}/logistics`: arrivals and departures (the manifest for airport transfers),
/// hotel nights, needs, interpretation and visa letters, for confirmed participants.
#[component]
pub fn LogisticsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        crate::api::registrations::get_logistics,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((event, plan)) => view! { <LogisticsView event plan /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn travel_days(days: Vec<crate::domain::logistics::TravelDay>, lang: UseLang) -> impl IntoView {
    days.into_iter()
        .map(|day| {
            let date = day.date;
            view! {
                <h4>{move || format::date(lang.get(), date)}</h4>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{tr(lang, "Hora", "Time")}</th>
                        <th scope="col">{tr(lang, "Vuelo", "Flight")}</th>
                        <th scope="col">{tr(lang, "Nombre", "Name")}</th>
                        <th scope="col">{tr(lang, "Delegación", "Delegation")}</th>
                        <th scope="col">{tr(lang, "Traslado", "Transfer")}</th>
                    </tr></thead>
                    <tbody>
                        {day.people.into_iter().map(|p| {
                            let delegation = p.delegation.clone();
                            view! {
                                <tr>
                                    <td>{p.time.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "—".into())}</td>
                                    <td>{p.flight.clone()}</td>
                                    <td>{p.name.clone()}</td>
                                    <td>{move || delegation.label(lang.get())}</td>
                                    <td>{move || if p.transfer { tr(lang, "Sí", "Yes")() } else { tr(lang, "No", "No")() }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
}

fn needs(list: Vec<crate::domain::logistics::Need>, lang: UseLang) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>{tr(lang, "Ninguna.", "None.")}</p> }.into_any();
    }
    view! {
        <ul>
            {list.into_iter().map(|n| {
                let delegation = n.delegation.clone();
                view! { <li><strong>{n.name.clone()}</strong> " (" {move || delegation.label(lang.get())} "): " {n.note}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn LogisticsView(
    event: crate::domain::Event,
    plan: crate::domain::logistics::LogisticsPlan,
) -> impl IntoView {
    let lang = use_lang();
    let slug = event.slug.clone();
    let figures = (
        plan.confirmed,
        plan.without_travel,
        plan.transfers.arrivals,
        plan.transfers.departures,
        plan.room_nights(),
        plan.waitlisted,
        plan.waitlisted_with_needs,
    );
    let summary = move || {
        let (confirmed, without, arrivals, departures, nights, waitlisted, needs) = figures;
        match lang.get() {
            Lang::Es => format!(
                "{confirmed} confirmadas · {without} sin viaje · {arrivals} traslados de llegada y {departures} de salida · {nights} noches de hotel · {waitlisted} en lista de espera ({needs} con necesidades logísticas)"
            ),
            Lang::En => format!(
                "{confirmed} confirmed · {without} not travelling · {arrivals} arrival and {departures} departure transfers · {nights} hotel nights · {waitlisted} waitlisted ({needs} with logistics needs)"
            ),
        }
    };
    let tz = plan.tz.name();
    view! {
        <Title text=move || tr(lang, "Plan logístico", "Logistics plan")().to_owned() />
        <p class="breadcrumb"><A href=format!("/events/{slug}/participants")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{tr(lang, "Plan logístico", "Logistics plan")}</h1>
        <p>{summary}</p>
        <p class="hint">{tr(lang, "Horas locales del evento", "Event's local times")} " (" {tz} ")."</p>
        <p class="actions">
            <a href=format!("/events/{slug}/exports/logistics.csv?lang=es")>"CSV (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.csv?lang=en")>"CSV (en)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.xlsx?lang=es")>"XLSX (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/logistics.xlsx?lang=en")>"XLSX (en)"</a>
        </p>
        <section aria-labelledby="arrivals-heading">
            <h2 id="arrivals-heading">{tr(lang, "Llegadas", "Arrivals")}</h2>
            {travel_days(plan.arrivals, lang)}
        </section>
        <section aria-labelledby="departures-heading">
            <h2 id="departures-heading">{tr(lang, "Salidas", "Departures")}</h2>
            {travel_days(plan.departures, lang)}
        </section>
        <section aria-labelledby="hotel-heading">
            <h2 id="hotel-heading">{tr(lang, "Noches de hotel", "Hotel nights")}</h2>
            <table class="data">
                <thead><tr>
                    <th scope="col">{tr(lang, "Noche", "Night")}</th>
                    <th scope="col">{tr(lang, "Habitaciones", "Rooms")}</th>
                    <th scope="col">{tr(lang, "Huéspedes", "Guests")}</th>
                </tr></thead>
                <tbody>
                    {plan.hotel_nights.into_iter().map(|n| {
                        let night = n.night;
                        view! { <tr><td>{move || format::date(lang.get(), night)}</td><td>{n.count}</td><td>{n.names.join("; ")}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section aria-labelledby="dietary-heading">
            <h2 id="dietary-heading">{tr(lang, "Necesidades alimentarias", "Dietary needs")}</h2>
            {needs(plan.dietary, lang)}
        </section>
        <section aria-labelledby="access-heading">
            <h2 id="access-heading">{tr(lang, "Accesibilidad", "Accessibility")}</h2>
            {needs(plan.accessibility, lang)}
        </section>
        <section aria-labelledby="interp-heading">
            <h2 id="interp-heading">{tr(lang, "Interpretación", "Interpretation")}</h2>
            <ul>
                {plan.interpretation.into_iter().map(|c| view! { <li>{move || c.language.label(lang.get())} ": " {c.count}</li> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="visa-heading">
            <h2 id="visa-heading">{tr(lang, "Cartas de invitación para visa", "Visa invitation letters")}</h2>
            <table class="data">
                <thead><tr>
                    <th scope="col">{tr(lang, "Nombre", "Name")}</th>
                    <th scope="col">{tr(lang, "Delegación", "Delegation")}</th>
                    <th scope="col">{tr(lang, "Institución", "Institution")}</th>
                    <th scope="col">{tr(lang, "Cargo", "Position")}</th>
                    <th scope="col">{tr(lang, "Correo", "E-mail")}</th>
                </tr></thead>
                <tbody>
                    {plan.visa_letters.into_iter().map(|v| {
                        let delegation = v.delegation.clone();
                        view! { <tr><td>{v.name.clone()}</td><td>{move || delegation.label(lang.get())}</td><td>{v.institution.clone()}</td><td>{v.position.clone()}</td><td>{v.email}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
