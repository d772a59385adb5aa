//! What a person sees of meeting records and commitments: the record on the event page
//! ([`record`]), the record's editor ([`editor`], [`editor_forms`]), a commitment's page with its
//! follow-up form ([`commitment`]), the follow-up board ([`board`], its chart [`chart`]) and the
//! printable follow-up report ([`report`]). Every page is server HTML that works without
//! JavaScript; the pieces they share are here.

pub mod board;
pub mod chart;
pub mod commitment;
pub mod editor;
pub mod editor_forms;
pub mod record;
pub mod report;

use leptos::prelude::*;

use crate::api::outcomes::{CommitmentView, EventLabel};
use crate::components::localized::{LocalizedText, use_lang};
use crate::domain::outcomes::{Commitment, CommitmentStatus, DuePoint, Party, ProgressNote};
use crate::domain::{Lang, format};
use crate::i18n::{t, td_string, use_i18n};

/// A link whose full address is printed after it on paper (`data-url`, see the print styles).
#[component]
pub fn PrintLink(
    /// The site's public address (no trailing slash).
    base: String,
    /// The path.
    href: String,
    /// The link's text.
    children: Children,
) -> impl IntoView {
    let url = format!("{base}{href}");
    view! { <a href=href data-url=url>{children()}</a> }
}

/// A status as a small tag (its code as a class, for colour and print).
#[component]
pub fn StatusTag(
    /// The status.
    status: CommitmentStatus,
) -> impl IntoView {
    let lang = use_lang();
    let class = format!("status-tag status-{}", status.code());
    view! { <span class=class>{move || status.label(lang.get())}</span> }
}

/// The overdue mark.
#[component]
pub fn OverdueTag() -> impl IntoView {
    let i18n = use_i18n();
    view! { <strong class="overdue-tag">{t!(i18n, ocp_overdue)}</strong> }
}

/// The responsible parties, by name, joined.
#[must_use]
pub fn party_names(parties: &[Party], lang: Lang) -> String {
    parties
        .iter()
        .map(|p| p.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The due point in words: "By 31 January 2011", "Before {event} (by …)", "When …",
/// "Periodically", "No due point stated".
#[must_use]
pub fn due_words(
    due: &DuePoint,
    event: Option<&EventLabel>,
    last_day: Option<chrono::NaiveDate>,
    lang: Lang,
) -> String {
    let l = lang.locale();
    match due {
        DuePoint::On(day) => td_string!(l, ocp_due_by, date = format::date(lang, *day)),
        DuePoint::Before { event: slug } => {
            let name = event.map_or_else(|| slug.clone(), |e| e.title.pick(lang).text.to_owned());
            match last_day {
                Some(last) => td_string!(
                    l,
                    ocp_due_before_by,
                    event = name,
                    date = format::date(lang, last)
                ),
                None => td_string!(l, ocp_due_before_event, event = name),
            }
        }
        DuePoint::When(condition) => {
            td_string!(l, ocp_due_when_text, condition = condition.pick(lang).text)
        }
        DuePoint::Periodically => td_string!(l, ocp_due_periodic).to_owned(),
        DuePoint::Unstated => td_string!(l, ocp_due_none).to_owned(),
    }
}

/// Each member's status of an "all delegations" commitment, as a small table.
#[component]
pub fn MemberStatuses(
    /// The commitment.
    commitment: Commitment,
    /// The members it is overdue for.
    overdue: Vec<Party>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let members: Vec<_> = commitment.members.into_iter().collect();
    view! {
        <table class="members">
            <caption>{t!(i18n, ocp_members_caption)}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, ocp_col_delegation)}</th>
                <th scope="col">{t!(i18n, ocp_col_status)}</th>
            </tr></thead>
            <tbody>
                {members.into_iter().map(|(country, status)| {
                    let late = overdue.contains(&Party::Member(country));
                    view! {
                        <tr>
                            <th scope="row">{move || country.name(lang.get())}</th>
                            <td><StatusTag status /> {late.then(|| view! { " " <OverdueTag /> })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Progress notes, oldest first, each with its day and whose progress it tells.
#[component]
pub fn Notes(
    /// The notes.
    notes: Vec<ProgressNote>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    (!notes.is_empty()).then(|| {
        view! {
            <div class="notes">
                <p class="notes-title"><strong>{t!(i18n, ocp_notes)}</strong></p>
                <ul>
                    {notes.into_iter().map(|n| {
                        let on = n.on;
                        let party = n.party;
                        view! {
                            <li>
                                <time datetime=on.to_string()>{move || format::date(lang.get(), on)}</time>
                                " · " {move || party.label(lang.get())} ": "
                                <span class="note-text"><LocalizedText text=n.text /></span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// One commitment: parties, action, due point, status (each member's for all delegations),
/// overdue marks and notes; `link` adds a link to its own page (follow-up).
#[component]
pub fn CommitmentItem(
    /// The commitment.
    view: CommitmentView,
    /// The site's public address, for printed links.
    base: String,
    /// Offer the follow-up link (the viewer may update it).
    #[prop(optional)]
    follow_up: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let CommitmentView {
        id,
        commitment,
        due_event,
        last_day,
        overdue,
        ..
    } = view;
    let parties = commitment.parties.clone();
    let due = commitment.due.clone();
    let status = commitment.status;
    let all = commitment.is_all_delegations();
    let late = !overdue.is_empty();
    let notes = commitment.notes.clone();
    let href = format!("/commitments/{id}");
    view! {
        <div class="commitment" class:overdue=late id=format!("commitment-{id}")>
            <dl class="commitment-facts">
                <dt>{t!(i18n, ocp_parties)}</dt>
                <dd>{move || party_names(&parties, lang.get())}</dd>
                <dt>{t!(i18n, ocp_action)}</dt>
                <dd class="action"><LocalizedText text=commitment.action.clone() /></dd>
                <dt>{t!(i18n, ocp_due)}</dt>
                <dd>{move || due_words(&due, due_event.as_ref(), last_day, lang.get())}</dd>
                <dt>{t!(i18n, ocp_status)}</dt>
                <dd><StatusTag status /> {late.then(|| view! { " " <OverdueTag /> })}</dd>
            </dl>
            {all.then(|| view! { <MemberStatuses commitment=commitment.clone() overdue=overdue.clone() /> })}
            <Notes notes />
            <p class="no-print commitment-links">
                <PrintLink base=base href=href>
                    {if follow_up { view! { {t!(i18n, ocp_follow_up_link)} }.into_any() } else { view! { {t!(i18n, ocp_commitment_link)} }.into_any() }}
                </PrintLink>
            </p>
        </div>
    }
}
