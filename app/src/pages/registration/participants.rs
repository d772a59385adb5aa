//! `/events/{slug}/participants`: the hosts' list: registration settings (with the mode), counts
//! by delegation, and every registration, with a way to confirm someone from the waitlist and to
//! approve or decline those awaiting approval.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::fields::{CheckField, TextField, errors_of, seats_text};
use crate::api::registrations::{Participants, get_participants};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::outbox::{MailProblem, MailStatus};
use crate::domain::registration::{
    Registration, RegistrationMode, RegistrationStatus, Travel, hold_end_text,
};
use crate::domain::{Field, Lang};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

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

/// One leg in a cell: "2027-03-08 14:30 · CM 201".
fn travel_text(t: Option<&Travel>) -> String {
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

/// The notice after a host approved or declined someone, from the page's query.
fn decision_notice(approved: Option<String>, declined: bool, lang: Lang) -> Option<&'static str> {
    let l = lang.locale();
    match approved.as_deref() {
        Some("waitlisted") => Some(td_string!(l, rm_approved_waitlisted)),
        Some(_) => Some(td_string!(l, rm_approved_seat)),
        None => declined.then(|| td_string!(l, rm_declined_done)),
    }
}

/// A registration's status in its row: the status, its waitlist place, and until when a hold runs.
fn status_cell(r: &Registration, event: &crate::domain::Event, lang: Lang) -> String {
    let mut text = r.status.label(lang).to_owned();
    if let Some(p) = r.waitlist_position {
        text.push_str(&format!(" ({p})"));
    }
    if let (Some(until), true) = (r.hold_until, r.status.is_live()) {
        let until = hold_end_text(lang, event, until);
        text.push_str(" · ");
        text.push_str(&td_string!(lang.locale(), rm_held_until, until = until));
    }
    text
}

/// The mode choices of the settings form, with what each does.
#[component]
fn ModeField(chosen: String, errors: Vec<crate::api::session::FlashError>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let invalid = errors.iter().any(|e| e.field == "mode");
    view! {
        <fieldset class="modes" aria-invalid=invalid.then_some("true")>
            <legend>{t!(i18n, rm_field_mode)}</legend>
            {RegistrationMode::ALL.into_iter().map(|m| {
                let id = format!("mode-{}", m.code());
                view! {
                    <div class="field check">
                        <input type="radio" name="mode" id=id.clone() value=m.code() checked=chosen == m.code() />
                        <label for=id>{move || m.label(lang.get())} " — " <span class="hint">{move || m.hint(lang.get())}</span></label>
                    </div>
                }
            }).collect_view()}
            {super::fields::field_error(&errors, "mode", lang)}
        </fieldset>
    }
}

#[component]
fn ParticipantsView(list: Participants) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Participants {
        event,
        settings,
        seats,
        registrations,
        by_delegation,
        mail,
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
    let mode = value("mode", settings.mode.code().to_owned());
    let rows = registrations;
    let query = use_query_map();
    let approved = query.read_untracked().get("approved");
    let declined = query.read_untracked().get("declined").is_some();
    let row_event = event.clone();
    view! {
        <Title text=td_string!(lang.get_untracked().locale(), reg_participants).to_owned() />
        <p class="breadcrumb"><A href=format!("/events/{slug}/manage")><LocalizedText text=event.details.title.clone() /></A></p>
        <h1>{t!(i18n, reg_participants)}</h1>
        <super::my_data::ErasureNotice slug=slug.clone() />
        <p>{move || seats_text(&seats, lang.get())}</p>
        <p class="actions">
            <a href=format!("/events/{slug}/logistics")>{t!(i18n, reg_logistics_plan)}</a>
            " · " <a href=format!("/events/{slug}/exports/participants.csv?lang=es")>"CSV (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.csv?lang=en")>"CSV (en)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.xlsx?lang=es")>"XLSX (es)"</a>
            " · " <a href=format!("/events/{slug}/exports/participants.xlsx?lang=en")>"XLSX (en)"</a>
        </p>
        {move || decision_notice(approved.clone(), declined, lang.get()).map(|text| view! {
            <p class="notice" role="status">{text}</p>
        })}
        <FormErrors errors=errors.clone() />
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t!(i18n, reg_registration)}</h2>
            <form method="post" action=format!("/events/{slug}/registration")>
                <CsrfField />
                <CheckField name="open" checked=settings.open>{t!(i18n, reg_open)}</CheckField>
                <div class="field-row">
                    <TextField field=Field::Capacity kind="number" value=capacity errors=errors.clone()>{t!(i18n, reg_capacity_label)}</TextField>
                    <TextField field=Field::Quota kind="number" value=quota errors=errors.clone()>{t!(i18n, reg_quota_label)}</TextField>
                    <TextField field=Field::Deadline kind="date" value=deadline errors=errors.clone()>{t!(i18n, reg_deadline_label)}</TextField>
                </div>
                <ModeField chosen=mode errors=errors />
                <p class="hint">{t!(i18n, reg_settings_hint)}</p>
                <button type="submit">{t!(i18n, save)}</button>
            </form>
        </section>
        <section aria-labelledby="delegations-heading">
            <h2 id="delegations-heading">{t!(i18n, reg_by_delegation)}</h2>
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="delegations-heading">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t!(i18n, val_field_delegation)}</th>
                    <th scope="col">{t!(i18n, reg_col_confirmed)}</th>
                    <th scope="col">{t!(i18n, rm_col_held)}</th>
                    <th scope="col">{t!(i18n, rm_col_awaiting)}</th>
                    <th scope="col">{t!(i18n, reg_col_waitlisted)}</th>
                    <th scope="col">{t!(i18n, reg_col_cancelled)}</th>
                </tr></thead>
                <tbody>
                    {by_delegation.into_iter().map(|c| view! {
                        <tr>
                            <th scope="row">{move || if lang.get() == Lang::Es { c.name_es.clone() } else { c.name_en.clone() }}</th>
                            <td>{c.confirmed}</td><td>{c.held}</td><td>{c.awaiting}</td><td>{c.waitlisted}</td><td>{c.cancelled}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
        <UndeliveredMail mail />
        <section aria-labelledby="people-heading">
            <h2 id="people-heading">{t!(i18n, reg_people)}</h2>
            {rows.is_empty().then(|| view! { <p>{t!(i18n, reg_none_yet)}</p> })}
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="people-heading">
            <table class="data participants">
                <thead><tr>
                    <th scope="col">{t!(i18n, reg_col_status)}</th>
                    <th scope="col">{t!(i18n, reg_name)}</th>
                    <th scope="col">{t!(i18n, val_field_delegation)}</th>
                    <th scope="col">{t!(i18n, val_field_institution)}</th>
                    <th scope="col">{t!(i18n, reg_email)}</th>
                    <th scope="col">{t!(i18n, reg_arrival)}</th>
                    <th scope="col">{t!(i18n, reg_departure)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, reg_actions)}</span></th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let slug = slug.clone();
                        let status = r.status;
                        let shown = r.clone();
                        let event = row_event.clone();
                        let d = r.details.clone();
                        let delegation = d.delegation.clone();
                        view! {
                            <tr class=format!("reg-{}", status.code())>
                                <td>{move || status_cell(&shown, &event, lang.get())}</td>
                                <td>{d.name.clone()}</td>
                                <td>{move || delegation.label(lang.get())}</td>
                                <td>{d.institution.clone()}</td>
                                <td>{d.email.clone()}</td>
                                <td>{travel_text(d.arrival.as_ref())}</td>
                                <td>{travel_text(d.departure.as_ref())}</td>
                                <td>{(status == RegistrationStatus::Waitlisted).then(|| view! {
                                    <form method="post" action=format!("/events/{slug}/participants/{}/promote", r.id)>
                                        <CsrfField />
                                        <button type="submit" class="secondary">{t!(i18n, reg_confirm_now)}</button>
                                    </form>
                                })}
                                {(status == RegistrationStatus::AwaitingApproval).then(|| view! {
                                    <form method="post" action=format!("/events/{slug}/participants/{}/approve", r.id)>
                                        <CsrfField />
                                        <button type="submit">{t!(i18n, rm_approve)}</button>
                                    </form>
                                    <form method="post" action=format!("/events/{slug}/participants/{}/decline", r.id)>
                                        <CsrfField />
                                        <button type="submit" class="danger">{t!(i18n, rm_decline)}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// The mail to participants that did not go out: who, which mail, how often tried, the last
/// error, and whether it is retried; never a body or a link.
#[component]
fn UndeliveredMail(mail: Vec<MailProblem>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!mail.is_empty()).then(|| view! {
        <section aria-labelledby="mail-heading" class="undelivered-mail">
            <h2 id="mail-heading">{t!(i18n, ob_mail_heading)}</h2>
            <p class="hint">{t!(i18n, ob_mail_hint)}</p>
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="mail-heading">
            <table class="data">
                <thead><tr>
                    <th scope="col">{t!(i18n, ob_col_recipient)}</th>
                    <th scope="col">{t!(i18n, ob_col_mail)}</th>
                    <th scope="col">{t!(i18n, ob_col_attempts)}</th>
                    <th scope="col">{t!(i18n, ob_col_error)}</th>
                    <th scope="col">{t!(i18n, ob_col_written)}</th>
                    <th scope="col">{t!(i18n, ob_col_state)}</th>
                </tr></thead>
                <tbody>
                    {mail.into_iter().map(|m| {
                        let kind = m.kind;
                        let status = m.status;
                        let next = m.next_attempt_at.format("%Y-%m-%d %H:%M").to_string();
                        view! {
                            <tr class=format!("mail-{}", status.code())>
                                <td>{m.recipient.clone()}</td>
                                <td>{move || kind.label(lang.get())} <br /> <span class="hint">{m.subject.clone()}</span></td>
                                <td>{m.attempts}</td>
                                <td>{m.last_error.clone()}</td>
                                <td>{m.created_at.format("%Y-%m-%d %H:%M").to_string()}</td>
                                <td>{move || match status {
                                    MailStatus::Failed => td_string!(lang.get().locale(), ob_state_failed).to_owned(),
                                    _ => td_string!(lang.get().locale(), ob_state_retrying, at = next.clone()),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    })
}
