//! `/coordination`: the secretariat's regional timeline (rows per host country, bars per event on
//! a CSS grid of days, rendered on the server), the conflicts found among the events with their
//! explanations, and the same events as a plain table.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::coordination::{ConflictView, Coordination, CoordinationQuery, get_coordination};
use crate::api::session::{FormFlash, take_form_flash};
use crate::components::badges::StatusBadge;
use crate::components::forms::{CsrfField, FormErrors};
use crate::components::localized::use_lang;
use crate::domain::timeline::{BarPlace, zoom_query};
use crate::domain::{Country, Event, EventKind, EventStatus, Lang, format};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// `/coordination`
#[component]
pub fn CoordinationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            CoordinationQuery {
                from: q.get("from"),
                to: q.get("to"),
                status: q.get("status"),
                kind: q.get("kind"),
            }
        },
        |query| async move {
            let page = get_coordination(query.clone()).await?;
            // A refused acknowledgement comes back with its note and what was wrong.
            let flash = take_form_flash("/coordination".into()).await?;
            Ok::<_, crate::api::AppError>((page, query, flash))
        },
    );
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), coordination_title).to_owned() />
        <h1>{t!(i18n, coordination_title)}</h1>
        <p>{t!(i18n, coordination_intro)}</p>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((page, query, flash)) => view! { <CoordinationView page query flash /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CoordinationView(
    page: Coordination,
    query: CoordinationQuery,
    flash: Option<FormFlash>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let Coordination {
        range,
        events,
        conflicts,
        truncated,
        holidays,
        legs,
    } = page;
    // Bars are outlined while one of their conflicts is not acknowledged (as it is now).
    let flagged: HashSet<String> = conflicts
        .iter()
        .filter(|c| !c.is_acknowledged())
        .flat_map(|c| c.uids.clone())
        .collect();
    let (from, to) = (range.first.key(), range.last.key());
    // The filters the acknowledgement forms carry, to come back to the same view.
    let filters = CoordinationQuery {
        from: Some(from.clone()),
        to: Some(to.clone()),
        status: query.status.filter(|s| !s.is_empty()),
        kind: query.kind.filter(|k| !k.is_empty()),
    };
    let flash_errors = flash.as_ref().map(|f| f.errors.clone()).unwrap_or_default();
    let kept_note = flash.as_ref().and_then(|f| {
        Some((
            f.value("key")?.to_owned(),
            f.value("note").unwrap_or_default().to_owned(),
        ))
    });
    let csv = format!("/coordination.csv?from={from}&to={to}");
    let days = range.days();
    let months = range.months();
    let rows = Country::ALL.map(|country| {
        let mine: Vec<Event> = events
            .iter()
            .filter(|e| e.details.host == country)
            .cloned()
            .collect();
        (country, mine)
    });
    let table_events = events;
    view! {
        <form method="get" action="/coordination" class="filters">
            <label>{t!(i18n, from_month)} <input type="month" name="from" value=from /></label>
            <label>{t!(i18n, to_month)} <input type="month" name="to" value=to /></label>
            <label>{t!(i18n, status)}
                <select name="status">
                    <option value="">{t!(i18n, all_statuses)}</option>
                    {EventStatus::ALL.into_iter().map(|s| view! { <option value=s.code()>{move || s.label(lang.get())}</option> }).collect_view()}
                </select>
            </label>
            <label>{t!(i18n, kind)}
                <select name="kind">
                    <option value="">{t!(i18n, all_kinds)}</option>
                    {EventKind::ALL.into_iter().map(|k| view! { <option value=k.code()>{move || k.label(lang.get())}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">{t!(i18n, show)}</button>
        </form>

        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, timeline_heading)}</h2>
            <p class="hint">{t!(i18n, timeline_legend)} " " {t!(i18n, a11y_timeline_zoom)}</p>
            // A group, not an image: it holds links. Focusable, so a keyboard can scroll it.
            <div class="timeline" role="group" tabindex="0" aria-labelledby="timeline-title" style=format!("--days: {days}")>
                <div class="tl-row tl-months">
                    <div class="tl-label"></div>
                    <div class="tl-track">
                        {months.into_iter().map(|m| {
                            let (a, b) = range.columns(m.first_day(), m.last_day()).unwrap_or((1, 2));
                            let zoom = zoom_query(m, filters.status.as_deref(), filters.kind.as_deref());
                            view! { <a class="tl-month" href=zoom style=format!("grid-column: {a} / {b}")>{move || format::month_year(lang.get(), m.year, m.month)}</a> }
                        }).collect_view()}
                    </div>
                </div>
                {rows.into_iter().map(|(country, mine)| {
                    let flagged = flagged.clone();
                    view! {
                        <div class="tl-row">
                            <div class="tl-label">{move || country.name(lang.get())}</div>
                            <div class="tl-track">
                                {mine.into_iter().filter_map(|e| {
                                    let (a, b) = range.event_columns(&e.details.dates)?;
                                    let mut class = format!("tl-bar host-{}", country.code().to_ascii_lowercase());
                                    if e.details.dates.is_month_only() || e.details.status == EventStatus::Tentative { class.push_str(" tentative"); }
                                    if e.details.status == EventStatus::Cancelled { class.push_str(" cancelled"); }
                                    if flagged.contains(&e.uid) { class.push_str(" flagged"); }
                                    // Too narrow for its title: a swatch of its days, the title beside it.
                                    let place = BarPlace::new(days, (a, b));
                                    let colour = country.colour();
                                    let (start, span) = (place.start, place.span);
                                    let style = if place.narrow {
                                        class.push_str(if place.title_first { " narrow title-first" } else { " narrow" });
                                        format!("grid-column: {start} / span {span}")
                                    } else {
                                        format!("grid-column: {start} / span {span}; background-color: {colour}")
                                    };
                                    let swatch = place.narrow.then(|| {
                                        let margin = if place.title_first {
                                            format!("margin-right: calc(100% * {} / {span})", place.trail)
                                        } else {
                                            format!("margin-left: calc(100% * {} / {span})", place.lead)
                                        };
                                        let style = format!("{margin}; width: calc(100% * {} / {span}); background-color: {colour}", place.width);
                                        view! { <span class="tl-swatch" aria-hidden="true" style=style></span> }
                                    });
                                    let title = e.details.title.clone();
                                    let dates = e.details.dates;
                                    let href = format!("/events/{}", e.slug);
                                    Some(view! {
                                        <a class=class style=style href=href title=move || format!("{} · {}", title.pick(lang.get()).text, format::event_dates(lang.get(), &dates))>
                                            {swatch}
                                            <span class="tl-text">{let title = e.details.title; move || title.pick(lang.get()).text.to_owned()}</span>
                                        </a>
                                    })
                                }).collect_view()}
                            </div>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>

        <section aria-labelledby="conflicts-title">
            <h2 id="conflicts-title">{t!(i18n, conflicts_heading)}</h2>
            <p class="hint">{t!(i18n, holidays_source, first = move || holidays.first_year, last = move || holidays.last_year, version = move || holidays.version.clone())}</p>
            <p><a href=csv rel="external" download>{t!(i18n, export_csv)}</a></p>
            {truncated.then(|| view! { <p class="notice">{t!(i18n, conflicts_truncated)}</p> })}
            <FormErrors errors=flash_errors />
            {if conflicts.is_empty() {
                view! { <p>{t!(i18n, no_conflicts)}</p> }.into_any()
            } else {
                view! {
                    <ul class="conflicts">
                        {conflicts.into_iter().map(|c| {
                            let note = kept_note.as_ref().filter(|(k, _)| *k == c.key).map(|(_, n)| n.clone()).unwrap_or_default();
                            view! { <ConflictItem conflict=c filters=filters.clone() note /> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="legs-title">
            <h2 id="legs-title">{t!(i18n, coord_legs_heading)}</h2>
            <p class="hint">{t!(i18n, coord_legs_hint)}</p>
            {if legs.is_empty() {
                view! { <p>{t!(i18n, coord_legs_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="legs">
                        {legs.into_iter().map(|leg| {
                            let class = if leg.enough { "leg-ok" } else { "leg-short" };
                            view! { <li class=class>{move || if lang.get() == Lang::Es { leg.explain_es.clone() } else { leg.explain_en.clone() }}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="events-table-title">
            <h2 id="events-table-title">{t!(i18n, events_table_heading)}</h2>
            <table class="events-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, col_event)}</th>
                    <th scope="col">{t!(i18n, host)}</th>
                    <th scope="col">{t!(i18n, dates)}</th>
                    <th scope="col">{t!(i18n, status)}</th>
                </tr></thead>
                <tbody>
                    {table_events.into_iter().map(|e| {
                        let title = e.details.title.clone();
                        let dates = e.details.dates;
                        let host = e.details.host;
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/events/{}", e.slug)>{move || title.pick(lang.get()).text.to_owned()}</a></th>
                                <td>{move || host.name(lang.get())}</td>
                                <td>{move || format::event_dates(lang.get(), &dates)}</td>
                                <td><StatusBadge status=e.details.status /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The hidden fields that bring an acknowledgement form back to the same filtered view.
fn filter_fields(filters: &CoordinationQuery) -> impl IntoView + use<> {
    let fields = [
        ("from", filters.from.clone()),
        ("to", filters.to.clone()),
        ("status", filters.status.clone()),
        ("kind", filters.kind.clone()),
    ];
    fields
        .into_iter()
        .filter_map(|(name, value)| {
            value.map(|v| view! { <input type="hidden" name=name value=v /> })
        })
        .collect_view()
}

/// One conflict: what, how bad, why; its acknowledgement (note, who, when) with a form to withdraw
/// it, or a form to acknowledge it with a note.
#[component]
fn ConflictItem(
    conflict: ConflictView,
    filters: CoordinationQuery,
    /// A note kept from a refused acknowledgement of this conflict.
    note: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let ConflictView {
        key,
        kind,
        severity,
        explain_es,
        explain_en,
        ack,
        ack_current,
        ..
    } = conflict;
    let acknowledged = ack.is_some() && ack_current;
    let mut class = format!("conflict severity-{}", severity.code());
    if acknowledged {
        class.push_str(" acknowledged");
    }
    let note_id = format!(
        "note-{}",
        key.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let ack_line = ack.map(|a| {
        let at = a.at;
        let by = a.by;
        let text = a.note;
        view! {
            <p class="ack">
                {if ack_current {
                    view! { <strong>{t!(i18n, acknowledged_by)}</strong> }.into_any()
                } else {
                    view! { <strong>{t!(i18n, changed_since_acknowledged)}</strong> }.into_any()
                }}
                " " {by} ", " <time datetime=at.to_rfc3339()>{move || format::date(lang.get(), at.date_naive())}</time>
                ": " <q>{text}</q>
            </p>
        }
    });
    let form = if acknowledged {
        view! {
            <form method="post" action="/coordination/acks/withdraw" class="ack-form">
                <CsrfField />
                <input type="hidden" name="key" value=key.clone() />
                {filter_fields(&filters)}
                <button type="submit" class="secondary">{t!(i18n, withdraw_ack)}</button>
            </form>
        }
        .into_any()
    } else {
        view! {
            <form method="post" action="/coordination/acks" class="ack-form">
                <CsrfField />
                <input type="hidden" name="key" value=key.clone() />
                {filter_fields(&filters)}
                <label for=note_id.clone() class="visually-hidden">{t!(i18n, ack_note)}</label>
                <input type="text" id=note_id name="note" maxlength="1000" required value=note placeholder=move || t_string!(i18n, ack_note).to_string() />
                <button type="submit" class="secondary">{t!(i18n, acknowledge)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <li class=class data-key=key>
            <strong>{move || format!("{} · {}", kind.label(lang.get()), severity.label(lang.get()))}</strong>
            " "
            <span>{move || match lang.get() { Lang::Es => explain_es.clone(), Lang::En => explain_en.clone() }}</span>
            {ack_line}
            {form}
        </li>
    }
}
