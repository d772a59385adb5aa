//! The meeting record on the event page: title, place, dates (marked "to be confirmed" when
//! tentative), the delegations present, the preamble, and the numbered agreements with the
//! events they name and their commitments. A draft is shown only to its writers, marked as
//! such. Plain server HTML; the print styles make it a clean page on A4 or Letter.

use leptos::prelude::*;

use super::{CommitmentItem, PrintLink};
use crate::api::outcomes::{RecordView, get_record};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::format;
use crate::i18n::{t, use_i18n};

/// The record of the event `slug`, if it has one the viewer may read (nothing otherwise).
#[component]
pub fn RecordSection(
    /// The event's slug.
    slug: String,
) -> impl IntoView {
    let record = Resource::new(move || slug.clone(), get_record);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(Some(view)) => view! { <RecordBody view /> }.into_any(),
                    // No record, or one this viewer may not read; a failure shows no record
                    // rather than no event.
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RecordBody(view: RecordView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let RecordView {
        record,
        commitments,
        events,
        may_write,
        updatable,
        base,
    } = view;
    let draft = !record.status.is_public();
    let tentative = record.dates_tentative;
    let dates = record.dates;
    let slug = record.event_slug.clone();
    let delegations = record.delegations.clone();
    let has_preamble = !record.preamble.is_empty();
    let board = format!("/commitments?party=&meeting={slug}");
    let report = format!("/commitments/report?meeting={slug}");
    let edit = format!("/events/{slug}/record");
    let agreements = record.agreements.into_iter().zip(commitments);
    view! {
        <section class="record" class:draft=draft aria-labelledby="record-heading">
            <h2 id="record-heading">{t!(i18n, ocp_record_heading)}</h2>
            {draft.then(|| view! { <p class="draft-note" role="note"><strong>{t!(i18n, ocp_draft_note)}</strong></p> })}
            <p class="record-title"><strong><LocalizedText text=record.title /></strong></p>
            <dl class="facts">
                <dt>{t!(i18n, ocp_place)}</dt>
                <dd>{record.place}</dd>
                <dt>{t!(i18n, ocp_date)}</dt>
                <dd>
                    <time datetime=dates.first_day().to_string()>{move || format::event_dates(lang.get(), &dates)}</time>
                    {tentative.then(|| view! { " " <span class="tentative-note">"(" {t!(i18n, ocp_dates_tentative)} ")"</span> })}
                </dd>
                {(!delegations.is_empty()).then(|| view! {
                    <dt>{t!(i18n, ocp_delegations)}</dt>
                    <dd>{move || delegations.iter().map(|c| c.name(lang.get())).collect::<Vec<_>>().join(", ")}</dd>
                })}
            </dl>
            {has_preamble.then(|| view! { <p class="preamble"><LocalizedText text=record.preamble.clone() /></p> })}
            <h3>{t!(i18n, ocp_agreements)}</h3>
            <ol class="agreements">
                {agreements.map(|(a, views)| {
                    let named: Vec<_> = a.events.iter().filter_map(|s| events.iter().find(|e| &e.slug == s).cloned()).collect();
                    let base = base.clone();
                    let updatable = updatable.clone();
                    view! {
                        <li value=a.number.to_string() id=format!("agreement-{}", a.number)>
                            <p class="agreement-text"><LocalizedText text=a.text /></p>
                            {(!named.is_empty()).then(|| {
                                let base = base.clone();
                                view! {
                                    <p class="agreement-events">{t!(i18n, ocp_events_named)} " "
                                        {named.into_iter().map(|e| {
                                            let title = e.title.clone();
                                            view! { <PrintLink base=base.clone() href=format!("/events/{}", e.slug)>{move || title.pick(lang.get()).text.to_owned()}</PrintLink> " " }
                                        }).collect_view()}
                                    </p>
                                }
                            })}
                            {(!views.is_empty()).then(|| view! {
                                <h4 class="commitments-title">{t!(i18n, ocp_commitments)}</h4>
                                <ul class="commitments">
                                    {views.into_iter().map(|v| {
                                        let follow_up = updatable.contains(&v.id);
                                        view! { <li><CommitmentItem view=v base=base.clone() follow_up /></li> }
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="actions no-print">
                <a href=board>{t!(i18n, ocp_see_on_board)}</a>
                " · "
                <a href=report>{t!(i18n, ocp_printable_report)}</a>
                {may_write.then(|| view! { " · " <a class="button" href=edit>{t!(i18n, ocp_edit_record)}</a> })}
            </p>
        </section>
    }
}
