//! `/commitments/report`: the printable follow-up report for the next meeting. For each meeting
//! (all, one, or the commitments due before an event), what was agreed and what became of it:
//! each agreement holding commitments, each commitment's parties, due point, status (each
//! member's for all delegations) and progress notes. Made for paper (see the print styles).

use leptos::prelude::*;
use leptos_meta::Title;

use super::board::{BoardFilters, query_from_address};
use super::{MemberStatuses, Notes, OverdueTag, StatusTag, due_words, party_names};
use crate::api::outcomes::{Report, get_report};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::format;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/commitments/report`
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_address();
    let report = Resource::new(move || query.get(), get_report);
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), ocp_report_title).to_owned() />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(report) => view! { <ReportView report /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Report {
        filters,
        meetings,
        generated,
        before,
    } = report;
    view! {
        <article class="follow-up-report">
            <header>
                <h1>{t!(i18n, ocp_report_title)}</h1>
                <p class="report-meta">
                    {t!(i18n, ocp_report_generated)} " "
                    <time datetime=generated.to_string()>{move || format::date(lang.get(), generated)}</time>
                    {before.map(|e| {
                        let title = e.title;
                        view! { " · " {t!(i18n, ocp_report_before)} " " {move || title.pick(lang.get()).text.to_owned()} }
                    })}
                </p>
            </header>
            <div class="no-print">
                <BoardFilters board=filters action="/commitments/report" />
                <p class="hint">{t!(i18n, ocp_report_print_hint)}</p>
            </div>
            {if meetings.is_empty() {
                view! { <p class="empty">{t!(i18n, ocp_board_empty)}</p> }.into_any()
            } else {
                meetings.into_iter().map(|m| {
                    let title = m.meeting.title.clone();
                    let event_title = m.meeting.event_title.clone();
                    let dates = m.meeting.dates;
                    let tentative = m.dates_tentative;
                    let id = format!("meeting-{}", m.meeting.slug);
                    let heading = format!("{id}-heading");
                    let labelled = heading.clone();
                    view! {
                        <section class="report-meeting" id=id aria-labelledby=labelled>
                            <h2 id=heading><LocalizedText text=event_title /></h2>
                            <p class="record-title"><LocalizedText text=title /></p>
                            <p class="report-meta">
                                {m.place} " · "
                                <time datetime=dates.first_day().to_string()>{move || format::event_dates(lang.get(), &dates)}</time>
                                {tentative.then(|| view! { " (" {t!(i18n, ocp_dates_tentative)} ")" })}
                                {m.meeting.draft.then(|| view! { " · " <strong class="draft-note">{t!(i18n, ocp_draft)}</strong> })}
                            </p>
                            {m.agreements.into_iter().map(|a| {
                                let number = a.number;
                                view! {
                                    <section class="report-agreement">
                                        <h3>{t!(i18n, ocp_agreement_no, number = move || number)}</h3>
                                        <p class="agreement-text"><LocalizedText text=a.text /></p>
                                        {a.commitments.is_empty().then(|| view! { <p class="muted">{t!(i18n, ocp_no_commitments)}</p> })}
                                        {(!a.commitments.is_empty()).then(|| view! {
                                        <div class="table-scroll" role="group" tabindex="0" aria-label=move || td_string!(lang.get().locale(), ocp_report_caption, number = number)>
                                        <table class="report-table">
                                            <caption class="visually-hidden">{t!(i18n, ocp_report_caption, number = move || number)}</caption>
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, ocp_col_commitment)}</th>
                                                <th scope="col">{t!(i18n, ocp_col_due)}</th>
                                                <th scope="col">{t!(i18n, ocp_col_status)}</th>
                                                <th scope="col">{t!(i18n, ocp_col_became)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {a.commitments.into_iter().map(|v| {
                                                    let parties = v.commitment.parties.clone();
                                                    let due = v.commitment.due.clone();
                                                    let due_event = v.due_event.clone();
                                                    let last_day = v.last_day;
                                                    let late = !v.overdue.is_empty();
                                                    let all = v.commitment.is_all_delegations();
                                                    let commitment = v.commitment.clone();
                                                    let overdue = v.overdue.clone();
                                                    view! {
                                                        <tr class:overdue=late>
                                                            <th scope="row">
                                                                <strong>{move || party_names(&parties, lang.get())}</strong>": "
                                                                <LocalizedText text=v.commitment.action.clone() />
                                                            </th>
                                                            <td>{move || due_words(&due, due_event.as_ref(), last_day, lang.get())}</td>
                                                            <td>
                                                                <StatusTag status=v.commitment.status />
                                                                {late.then(|| view! { " " <OverdueTag /> })}
                                                                {all.then(|| view! { <MemberStatuses commitment=commitment.clone() overdue=overdue.clone() /> })}
                                                            </td>
                                                            <td>
                                                                {if v.commitment.notes.is_empty() {
                                                                    view! { <span class="muted">{t!(i18n, ocp_no_notes)}</span> }.into_any()
                                                                } else {
                                                                    view! { <Notes notes=v.commitment.notes /> }.into_any()
                                                                }}
                                                            </td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        </div>
                                        })}
                                    </section>
                                }
                            }).collect_view()}
                        </section>
                    }
                }).collect_view().into_any()
            }}
        </article>
    }
}
