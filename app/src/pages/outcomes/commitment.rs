//! `/commitments/{id}`: one commitment with where it comes from, its statuses and notes, and,
//! for those who may update it, the follow-up form: a new status (the shared one, or their own
//! country's for "all delegations") and a dated progress note. A plain form; a refusal comes
//! back here with the input kept and the errors at their fields.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{CommitmentItem, PrintLink};
use crate::api::outcomes::{CommitmentPage, get_commitment};
use crate::api::session::{FormFlash, take_form_flash};
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::format;
use crate::domain::outcomes::{CommitmentStatus, Share, may_move};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/commitments/{id}`
#[component]
pub fn CommitmentPageView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        |id| async move {
            let page = get_commitment(id.clone()).await?;
            let flash = take_form_flash(format!("/commitments/{id}")).await?;
            Ok::<_, crate::api::AppError>((page, flash))
        },
    );
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), ocp_commitment_title).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((page, flash)) => view! { <CommitmentBody page flash /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CommitmentBody(page: CommitmentPage, flash: Option<FormFlash>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let CommitmentPage { view, share, base } = page;
    let meeting = view.meeting.clone();
    let dates = meeting.dates;
    let agreement = view.agreement;
    let back = format!("/events/{}#agreement-{agreement}", meeting.slug);
    let form = share.map(|share| {
        let current = match share {
            Share::Whole => Some(view.commitment.status),
            Share::Member(c) => view.commitment.members.get(&c).copied(),
        };
        view! { <FollowUpForm id=view.id sequence=view.sequence share current=current.unwrap_or(CommitmentStatus::Pending) flash=flash.clone() /> }
    });
    view! {
        <article class="commitment-page">
            <h1>{t!(i18n, ocp_commitment_title)}</h1>
            <p class="report-meta">
                <PrintLink base=base.clone() href=back><LocalizedText text=meeting.event_title.clone() /></PrintLink>
                " · " {move || format::event_dates(lang.get(), &dates)}
                " · " {t!(i18n, ocp_agreement_no, number = move || agreement)}
                {meeting.draft.then(|| view! { " · " <strong class="draft-note">{t!(i18n, ocp_draft)}</strong> })}
            </p>
            <CommitmentItem view base />
            {form}
        </article>
    }
}

/// The follow-up form: a status the rules allow from `current` (or none, to add only a note)
/// and a note in either language.
#[component]
fn FollowUpForm(
    id: i64,
    sequence: i64,
    share: Share,
    current: CommitmentStatus,
    flash: Option<FormFlash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let kept = |name: &str| {
        flash
            .as_ref()
            .and_then(|f| f.value(name))
            .unwrap_or_default()
            .to_owned()
    };
    let chosen = kept("status");
    let note_es = kept("note_es");
    let note_en = kept("note_en");
    let error_of = move |name: &'static str| {
        let messages: Vec<String> = errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message(lang.get_untracked()).to_owned())
            .collect();
        (!messages.is_empty()).then(
            || view! { <p class="field-error" id=format!("{name}-error")>{messages.join(" ")}</p> },
        )
    };
    let has = |name: &str| {
        flash
            .as_ref()
            .is_some_and(|f| f.errors.iter().any(|e| e.field == name))
    };
    let (status_invalid, es_invalid, en_invalid) = (has("status"), has("note_es"), has("note_en"));
    let all_errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let legend = match share {
        Share::Whole => td_string!(lang.get_untracked().locale(), ocp_follow_up_whole).to_owned(),
        Share::Member(c) => td_string!(
            lang.get_untracked().locale(),
            ocp_follow_up_member,
            country = c.name(lang.get_untracked())
        ),
    };
    let moves: Vec<CommitmentStatus> = CommitmentStatus::ALL
        .into_iter()
        .filter(|to| may_move(current, *to))
        .collect();
    view! {
        <section class="follow-up no-print" aria-labelledby="follow-up-heading">
            <h2 id="follow-up-heading">{t!(i18n, ocp_follow_up_heading)}</h2>
            <form method="post" action=format!("/commitments/{id}/follow-up") class="follow-up-form" novalidate>
                <CsrfField />
                <input type="hidden" name="sequence" value=sequence.to_string() />
                <FormErrors errors=all_errors />
                <fieldset>
                    <legend>{legend}</legend>
                    <div class="field">
                        <label for="status">{t!(i18n, ocp_new_status)}</label>
                        <select id="status" name="status" aria-invalid=status_invalid.then_some("true") aria-describedby=status_invalid.then_some("status-error")>
                            <option value="">{move || td_string!(lang.get().locale(), ocp_keep_status, status = current.label(lang.get()))}</option>
                            {moves.into_iter().map(|s| {
                                let selected = s.code() == chosen;
                                view! { <option value=s.code() selected=selected>{move || s.label(lang.get())}</option> }
                            }).collect_view()}
                        </select>
                        {error_of("status")}
                    </div>
                    <div class="field">
                        <label for="note_es">{t!(i18n, ocp_note_es)}</label>
                        <textarea id="note_es" name="note_es" lang="es" rows="3" maxlength="4000" aria-invalid=es_invalid.then_some("true") aria-describedby=es_invalid.then_some("note_es-error")>{note_es}</textarea>
                        {error_of("note_es")}
                    </div>
                    <div class="field">
                        <label for="note_en">{t!(i18n, ocp_note_en)}</label>
                        <textarea id="note_en" name="note_en" lang="en" rows="3" maxlength="4000" aria-invalid=en_invalid.then_some("true") aria-describedby=en_invalid.then_some("note_en-error")>{note_en}</textarea>
                        {error_of("note_en")}
                    </div>
                    <p class="hint">{t!(i18n, ocp_note_hint)}</p>
                </fieldset>
                <button type="submit">{t!(i18n, ocp_save_follow_up)}</button>
            </form>
        </section>
    }
}
