//! `/events/{slug}/record`: the record's editor, for the secretariat and the hosting countries'
//! officials: the header form (which creates the record), then each agreement with its form and
//! its commitments' forms, a form for a new commitment under each, and one for a new agreement.
//! Forms other than the one just refused start folded (`<details>`, no JavaScript needed).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::editor_forms::{AgreementForm, CommitmentForm, DeleteForm, FormState, HeaderForm};
use crate::api::outcomes::{EditorPage, get_record_editor};
use crate::api::session::{FormFlash, take_form_flash};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::outcomes::{
    Agreement, AgreementInput, Commitment, CommitmentInput, DuePoint, MeetingRecord, RecordInput,
};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// The record's form values from the stored record.
#[must_use]
pub fn record_input(r: &MeetingRecord) -> RecordInput {
    RecordInput {
        title_es: r.title.es.clone(),
        title_en: r.title.en.clone(),
        place: r.place.clone(),
        status: r.status.code().into(),
        preamble_es: r.preamble.es.clone(),
        preamble_en: r.preamble.en.clone(),
        delegations: r.delegations.iter().map(|c| c.code().to_owned()).collect(),
        agreements: Vec::new(),
    }
}

/// An agreement's form values from the stored one.
#[must_use]
pub fn agreement_input(a: &Agreement) -> AgreementInput {
    AgreementInput {
        number: a.number.to_string(),
        text_es: a.text.es.clone(),
        text_en: a.text.en.clone(),
        events: a.events.clone(),
        commitments: Vec::new(),
    }
}

/// A commitment's form values from the stored one.
#[must_use]
pub fn commitment_input(c: &Commitment) -> CommitmentInput {
    let mut input = CommitmentInput {
        parties: c.parties.iter().map(|p| p.code().to_owned()).collect(),
        action_es: c.action.es.clone(),
        action_en: c.action.en.clone(),
        due_kind: c.due.kind_code().into(),
        status: c.status.code().into(),
        ..CommitmentInput::default()
    };
    match &c.due {
        DuePoint::On(day) => input.due_date = day.to_string(),
        DuePoint::Before { event } => input.due_event = event.clone(),
        DuePoint::When(condition) => {
            input.condition_es = condition.es.clone();
            input.condition_en = condition.en.clone();
        }
        DuePoint::Periodically | DuePoint::Unstated => {}
    }
    input
}

/// The kept values of a refused post, read as the form's fields (repeated ones comma-joined).
fn kept_get(flash: &FormFlash) -> impl Fn(&str) -> String + '_ {
    move |name| flash.value(name).unwrap_or_default().to_owned()
}

/// `/events/{slug}/record`
#[component]
pub fn RecordEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        |slug| async move {
            let page = get_record_editor(slug.clone()).await?;
            let flash = take_form_flash(format!("/events/{slug}/record")).await?;
            Ok::<_, crate::api::AppError>((page, flash))
        },
    );
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), ocp_editor_title).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((page, flash)) => view! { <Editor page flash /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(page: EditorPage, flash: Option<FormFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let EditorPage {
        slug,
        event_title,
        record,
        version,
        meta,
        events,
    } = page;
    let kept_id = flash
        .as_ref()
        .and_then(|f| f.value("form_id"))
        .unwrap_or_default()
        .to_owned();
    // The state of the form `id`: its kept errors when it was the one refused.
    let state = |id: String| FormState {
        errors: flash
            .as_ref()
            .filter(|_| kept_id == id)
            .map(|f| f.errors.clone())
            .unwrap_or_default(),
        id,
    };
    let kept = |id: &str| flash.as_ref().filter(|_| kept_id == id);
    let base = format!("/events/{slug}/record");
    let header_input = kept("header").map_or_else(
        || record.as_ref().map(record_input).unwrap_or_default(),
        |f| {
            let get = kept_get(f);
            RecordInput {
                title_es: get("title_es"),
                title_en: get("title_en"),
                place: get("place"),
                status: get("record_status"),
                preamble_es: get("preamble_es"),
                preamble_en: get("preamble_en"),
                delegations: get("delegations").split(',').map(str::to_owned).collect(),
                agreements: Vec::new(),
            }
        },
    );
    let agreement_from = |id: &str, stored: Option<&Agreement>| {
        kept(id).map_or_else(
            || stored.map(agreement_input).unwrap_or_default(),
            |f| AgreementInput::from_fields(kept_get(f)),
        )
    };
    let commitment_from = |id: &str, stored: Option<&Commitment>| {
        kept(id).map_or_else(
            || stored.map(commitment_input).unwrap_or_default(),
            |f| CommitmentInput::from_fields(kept_get(f)),
        )
    };
    let open = |id: &str| kept_id == id;
    let agreements = record
        .as_ref()
        .map(|r| r.agreements.clone())
        .unwrap_or_default();
    let version_now = version.unwrap_or(0);
    let has_record = record.is_some();
    let new_agreement = agreement_from("agreement-new", None);
    view! {
        <h1>{t!(i18n, ocp_editor_title)}</h1>
        <p class="report-meta"><a href=format!("/events/{slug}")><LocalizedText text=event_title /></a></p>
        <section aria-labelledby="header-heading">
            <h2 id="header-heading">{t!(i18n, ocp_header_heading)}</h2>
            {(!has_record).then(|| view! { <p class="hint">{t!(i18n, ocp_no_record_yet)}</p> })}
            <HeaderForm action=base.clone() input=header_input version state=state("header".into()) />
        </section>
        {has_record.then(|| view! {
            <section aria-labelledby="agreements-heading">
                <h2 id="agreements-heading">{t!(i18n, ocp_agreements)}</h2>
                {agreements.into_iter().zip(meta.clone()).map(|(a, metas)| {
                    let n = a.number;
                    let id = format!("agreement-{n}");
                    let input = agreement_from(&id, Some(&a));
                    let new_id = format!("commitment-new-{n}");
                    let new_input = commitment_from(&new_id, None);
                    let heading = td_string!(lang.get_untracked().locale(), ocp_agreement_no, number = n);
                    view! {
                        <section class="editor-agreement" aria-labelledby=format!("{id}-heading")>
                            <h3 id=format!("{id}-heading")>{heading}</h3>
                            <details open=open(&id)>
                                <summary>{t!(i18n, ocp_edit_agreement)}</summary>
                                <AgreementForm action=format!("{base}/agreements") input replacing=Some(n) version=version_now events=events.clone() state=state(id.clone()) />
                                <DeleteForm action=format!("{base}/agreements/{n}/delete") version=("version", version_now) label=td_string!(lang.get_untracked().locale(), ocp_delete_agreement, number = n) />
                            </details>
                            {a.commitments.iter().zip(metas).enumerate().map(|(i, (c, (cid, seq)))| {
                                let cid_s = format!("commitment-{cid}");
                                let input = commitment_from(&cid_s, Some(c));
                                let label = td_string!(lang.get_untracked().locale(), ocp_commitment_no, number = i + 1);
                                let action = c.action.pick(lang.get_untracked()).text.to_owned();
                                view! {
                                    <details class="editor-commitment" open=open(&cid_s)>
                                        <summary>{label.clone()} ": " {action}</summary>
                                        <CommitmentForm action=format!("{base}/commitments/{cid}/edit") input sequence=Some(seq) events=events.clone() state=state(cid_s.clone()) />
                                        <DeleteForm action=format!("{base}/commitments/{cid}/delete") version=("sequence", seq) label=td_string!(lang.get_untracked().locale(), ocp_delete_commitment, label = label) />
                                    </details>
                                }
                            }).collect_view()}
                            <details class="editor-commitment" open=open(&new_id)>
                                <summary>{t!(i18n, ocp_add_commitment)}</summary>
                                <CommitmentForm action=format!("{base}/agreements/{n}/commitments") input=new_input sequence=None events=events.clone() state=state(new_id.clone()) />
                            </details>
                        </section>
                    }
                }).collect_view()}
                <details class="editor-agreement" open=open("agreement-new")>
                    <summary>{t!(i18n, ocp_add_agreement)}</summary>
                    <AgreementForm action=format!("{base}/agreements") input=new_agreement.clone() replacing=None version=version_now events=events.clone() state=state("agreement-new".into()) />
                </details>
            </section>
        })}
    }
}
