//! `/commitments`, the follow-up board: every commitment across meetings grouped by responsible
//! party, filtered by a GET form (party, status, meeting, "due before {event}") that works
//! without JavaScript, overdue ones marked, and the summary chart with its table. An official
//! who names no party sees their own country's ("our commitments").

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::chart::SummaryChart;
use super::{OverdueTag, StatusTag, due_words, party_names};
use crate::api::outcomes::{Board, BoardQuery, get_board};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::format;
use crate::domain::outcomes::{CommitmentStatus, Party};
use crate::flash::FlashError;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// The board's filters from the address.
pub fn query_from_address() -> Memo<BoardQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        BoardQuery {
            party: q.get("party"),
            status: q.get("status"),
            meeting: q.get("meeting"),
            before: q.get("before"),
        }
    })
}

/// `/commitments`
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_address();
    let board = Resource::new(move || query.get(), get_board);
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), ocp_board_title).to_owned() />
        <h1>{t!(i18n, ocp_board_title)}</h1>
        <p>{t!(i18n, ocp_board_intro)}</p>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Ok(board) => view! { <BoardView board /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The errors of one filter, under it.
fn filter_error(errors: &[FlashError], field: &str) -> impl IntoView + use<> {
    let lang = use_lang();
    let messages: Vec<FlashError> = errors
        .iter()
        .filter(|e| e.field == field)
        .cloned()
        .collect();
    let id = format!("filter-{field}-error");
    (!messages.is_empty()).then(move || {
        view! { <p class="field-error" id=id>{move || messages.iter().map(|m| m.message(lang.get()).to_owned()).collect::<Vec<_>>().join(" ")}</p> }
    })
}

/// The filter form (GET): it works without JavaScript.
#[component]
pub fn BoardFilters(
    /// The board (its filters as applied and what they may be).
    board: Board,
    /// Where the form goes (`/commitments` or `/commitments/report`).
    action: &'static str,
    /// Offer the party and status filters (the board; the report has only meeting and event).
    #[prop(optional)]
    full: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Board {
        applied,
        meetings,
        events,
        errors,
        ..
    } = board;
    let party = applied.party.unwrap_or_default();
    let status = applied.status.unwrap_or_default();
    let meeting = applied.meeting.unwrap_or_default();
    let before = applied.before.unwrap_or_default();
    let invalid = |field: &str| errors.iter().any(|e| e.field == field).then_some("true");
    let described = |field: &str| {
        errors
            .iter()
            .any(|e| e.field == field)
            .then(|| format!("filter-{field}-error"))
    };
    view! {
        <form method="get" action=action class="filters board-filters">
            {full.then(|| {
                let party = party.clone();
                let status = status.clone();
                view! {
                    <div class="field">
                        <label for="filter-party">{t!(i18n, ocp_filter_party)}</label>
                        <select id="filter-party" name="party" aria-invalid=invalid("party") aria-describedby=described("party")>
                            <option value="">{t!(i18n, ocp_all_parties)}</option>
                            {Party::all().into_iter().filter(|p| *p != Party::AllDelegations).map(|p| {
                                let selected = p.code() == party;
                                view! { <option value=p.code() selected=selected>{move || p.label(lang.get())}</option> }
                            }).collect_view()}
                        </select>
                        {filter_error(&errors, "party")}
                    </div>
                    <div class="field">
                        <label for="filter-status">{t!(i18n, ocp_filter_status)}</label>
                        <select id="filter-status" name="status" aria-invalid=invalid("status") aria-describedby=described("status")>
                            <option value="">{t!(i18n, ocp_all_statuses)}</option>
                            {CommitmentStatus::ALL.into_iter().map(|s| {
                                let selected = s.code() == status;
                                view! { <option value=s.code() selected=selected>{move || s.label(lang.get())}</option> }
                            }).collect_view()}
                        </select>
                        {filter_error(&errors, "status")}
                    </div>
                }
            })}
            <div class="field">
                <label for="filter-meeting">{t!(i18n, ocp_filter_meeting)}</label>
                <select id="filter-meeting" name="meeting" aria-invalid=invalid("meeting") aria-describedby=described("meeting")>
                    <option value="">{t!(i18n, ocp_all_meetings)}</option>
                    {meetings.into_iter().map(|m| {
                        let selected = m.slug == meeting;
                        let title = m.event_title.clone();
                        let dates = m.dates;
                        view! { <option value=m.slug selected=selected>{move || format!("{} ({})", title.pick(lang.get()).text, format::event_dates(lang.get(), &dates))}</option> }
                    }).collect_view()}
                </select>
                {filter_error(&errors, "meeting")}
            </div>
            <div class="field">
                <label for="filter-before">{t!(i18n, ocp_filter_before)}</label>
                <select id="filter-before" name="before" aria-invalid=invalid("before") aria-describedby=described("before")>
                    <option value="">{t!(i18n, ocp_any_due)}</option>
                    {events.into_iter().map(|e| {
                        let selected = e.slug == before;
                        let title = e.title.clone();
                        let dates = e.dates;
                        view! { <option value=e.slug selected=selected>{move || format!("{} ({})", title.pick(lang.get()).text, format::event_dates(lang.get(), &dates))}</option> }
                    }).collect_view()}
                </select>
                {filter_error(&errors, "before")}
            </div>
            <button type="submit" class="button">{t!(i18n, show)}</button>
        </form>
    }
}

#[component]
fn BoardView(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let filters = board.clone();
    let Board {
        rows,
        groups,
        summary,
        applied,
        ..
    } = board;
    let report = format!(
        "/commitments/report?meeting={}&before={}",
        applied.meeting.clone().unwrap_or_default(),
        applied.before.unwrap_or_default()
    );
    view! {
        <BoardFilters board=filters action="/commitments" full=true />
        <p class="actions no-print"><a href=report>{t!(i18n, ocp_printable_report)}</a></p>
        {if groups.is_empty() {
            view! { <p class="empty">{t!(i18n, ocp_board_empty)}</p> }.into_any()
        } else {
            view! {
                <section aria-labelledby="summary-heading">
                    <h2 id="summary-heading">{t!(i18n, ocp_summary_heading)}</h2>
                    <SummaryChart summary />
                </section>
                {groups.into_iter().map(|g| {
                    let party = g.party;
                    let id = format!("party-{}", party.code().to_ascii_lowercase());
                    let heading = format!("{id}-heading");
                    let labelled = heading.clone();
                    let scroll_label = heading.clone();
                    let rows = rows.clone();
                    view! {
                        <section class="party-group" id=id aria-labelledby=labelled>
                            <h2 id=heading>{move || party.label(lang.get())}</h2>
                            <div class="table-scroll" role="group" tabindex="0" aria-labelledby=scroll_label>
                            <table class="board-table">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, ocp_col_commitment)}</th>
                                    <th scope="col">{t!(i18n, ocp_col_meeting)}</th>
                                    <th scope="col">{t!(i18n, ocp_col_due)}</th>
                                    <th scope="col">{t!(i18n, ocp_col_status)}</th>
                                </tr></thead>
                                <tbody>
                                    {g.items.into_iter().filter_map(|item| {
                                        let row = rows.get(item.row)?.clone();
                                        let parties = row.commitment.parties.clone();
                                        let due = row.commitment.due.clone();
                                        let due_event = row.due_event.clone();
                                        let last_day = row.last_day;
                                        let meeting = row.meeting.clone();
                                        let dates = meeting.dates;
                                        let title = meeting.event_title.clone();
                                        let agreement = row.agreement;
                                        let href = format!("/commitments/{}", row.id);
                                        let meeting_href = format!("/events/{}#agreement-{agreement}", meeting.slug);
                                        let notes = row.commitment.notes.len();
                                        Some(view! {
                                            <tr class:overdue=item.overdue data-commitment=row.id.to_string()>
                                                <th scope="row">
                                                    <a href=href><LocalizedText text=row.commitment.action.clone() /></a>
                                                    <br /><small class="parties">{move || party_names(&parties, lang.get())}</small>
                                                    {(notes > 0).then(|| view! { <br /><small>{t!(i18n, ocp_note_count, count = move || notes)}</small> })}
                                                </th>
                                                <td>
                                                    <a href=meeting_href>{move || title.pick(lang.get()).text.to_owned()}</a>
                                                    <br /><small>{move || format::event_dates(lang.get(), &dates)} " · " {t!(i18n, ocp_agreement_no, number = move || agreement)}</small>
                                                    {meeting.draft.then(|| view! { <br /><small class="draft-note">{t!(i18n, ocp_draft)}</small> })}
                                                </td>
                                                <td>{move || due_words(&due, due_event.as_ref(), last_day, lang.get())}</td>
                                                <td><StatusTag status=item.status /> {item.overdue.then(|| view! { " " <OverdueTag /> })}</td>
                                            </tr>
                                        })
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        </section>
                    }
                }).collect_view()}
            }.into_any()
        }}
    }
}
