//! Renders meeting commitments as an iCalendar to-do feed (RFC 5545 §3.6.2 `VTODO`): one to-do
//! per commitment of a final record, with its stable UID, `SEQUENCE` (bumped by every change of
//! it), `DTSTAMP`/`LAST-MODIFIED` from its last change, `STATUS` and `PERCENT-COMPLETE` from the
//! domain ([`Commitment::todo`](app::domain::outcomes::Commitment::todo)), `DUE;VALUE=DATE` where
//! it has a last day, and `RELATED-TO` the UID of the meeting it was agreed at. A country's feed
//! carries the commitments binding that country (listed, or one of "all delegations", then with
//! that member's own status).

use app::domain::outcomes::{DuePoint, Party, TodoFields};
use app::domain::{Country, Lang, format};
use app::i18n::td_string;
use app::ssr::CommitmentRow;
use chrono::{DateTime, Utc};
use icalendar::{Component, Property, Todo, TodoStatus};

use super::{FeedInfo, clean, escape_text, head};

/// The rows a feed carries, in their order: commitments of final records; for a country, only
/// those binding it.
#[must_use]
pub fn select(rows: &[CommitmentRow], country: Option<Country>) -> Vec<&CommitmentRow> {
    rows.iter()
        .filter(|row| row.meeting.status.is_public())
        .filter(|row| country.is_none_or(|c| row.commitment.binds(Party::Member(c))))
        .collect()
}

/// What the to-do of `row` shows in the feed of `country` (the region's: `None`). For a
/// country, an "all delegations" commitment shows that member's own status and percent; `None`
/// when the commitment does not bind the country.
#[must_use]
pub fn fields(row: &CommitmentRow, country: Option<Country>) -> Option<TodoFields> {
    let whole = row.commitment.todo(row.due_event_first_day);
    match country {
        None => Some(whole),
        Some(c) => {
            let own = row.commitment.status_of(Party::Member(c))?;
            Some(if row.commitment.is_all_delegations() {
                TodoFields {
                    status: own.vtodo_status(),
                    percent: own.percent(),
                    due: whole.due,
                }
            } else {
                whole
            })
        }
    }
}

/// The newest change among the carried rows (the feed's `Last-Modified` candidate).
#[must_use]
pub fn newest(rows: &[&CommitmentRow]) -> Option<DateTime<Utc>> {
    rows.iter().map(|row| row.meta.updated_at).max()
}

fn todo_status(code: &str) -> TodoStatus {
    match code {
        "IN-PROCESS" => TodoStatus::InProcess,
        "COMPLETED" => TodoStatus::Completed,
        "CANCELLED" => TodoStatus::Cancelled,
        _ => TodoStatus::NeedsAction,
    }
}

fn parties(row: &CommitmentRow, lang: Lang) -> Vec<&'static str> {
    row.commitment
        .parties
        .iter()
        .map(|p| p.label(lang))
        .collect()
}

fn summary(row: &CommitmentRow, lang: Lang) -> String {
    let action = clean(row.commitment.action.pick(lang).text);
    format!("{}: {action}", parties(row, lang).join(", "))
}

/// The to-do's link: the commitment on the follow-up board.
#[must_use]
pub fn url(base_url: &str, id: i64) -> String {
    format!("{base_url}/commitments#c-{id}")
}

fn description(row: &CommitmentRow, lang: Lang, url: &str) -> String {
    let l = lang.locale();
    let c = &row.commitment;
    let mut lines = vec![clean(c.action.pick(lang).text), String::new()];
    lines.push(td_string!(
        l,
        ocf_todo_agreement,
        number = row.agreement,
        record = clean(row.meeting.title.pick(lang).text)
    ));
    let due = match &c.due {
        DuePoint::On(day) => format::date(lang, *day),
        DuePoint::Before { .. } => match row.due_event_first_day.and_then(|d| d.pred_opt()) {
            Some(day) => format::date(lang, day),
            None => td_string!(l, ocf_todo_before_unknown).to_owned(),
        },
        DuePoint::When(condition) => clean(condition.pick(lang).text),
        DuePoint::Periodically => td_string!(l, oc_due_periodically).to_owned(),
        DuePoint::Unstated => td_string!(l, oc_due_unstated).to_owned(),
    };
    lines.push(td_string!(l, ocf_todo_due, due = due));
    if c.is_all_delegations() {
        for (country, status) in &c.members {
            lines.push(format!("· {}: {}", country.name(lang), status.label(lang)));
        }
    }
    for note in &c.notes {
        lines.push(format!(
            "{} · {}: {}",
            format::date(lang, note.on),
            note.party.label(lang),
            clean(note.text.pick(lang).text)
        ));
    }
    lines.push(String::new());
    lines.push(url.to_owned());
    lines.join("\n")
}

fn vtodo(row: &CommitmentRow, todo: TodoFields, feed: &FeedInfo<'_>) -> Todo {
    let lang = feed.lang;
    let url = url(feed.base_url, row.meta.id);
    let mut out = Todo::new();
    out.uid(&row.meta.uid)
        .timestamp(row.meta.updated_at)
        .last_modified(row.meta.updated_at)
        .sequence(u32::try_from(row.meta.sequence).unwrap_or(0))
        .summary(&summary(row, lang))
        .description(&description(row, lang, &url))
        .url(&url)
        .status(todo_status(todo.status))
        .percent_complete(todo.percent);
    if let Some(day) = todo.due {
        out.due(day);
    }
    out.append_property(Property::new("RELATED-TO", &row.meeting.uid));
    let categories: Vec<String> = parties(row, lang).into_iter().map(escape_text).collect();
    out.append_property(Property::new("CATEGORIES", categories.join(",")));
    out.done()
}

/// Renders the to-dos of `rows` (already [`select`]ed) for `country`'s feed (`None`: the
/// region's) as one VCALENDAR.
#[must_use]
pub fn render(rows: &[&CommitmentRow], country: Option<Country>, feed: &FeedInfo<'_>) -> String {
    let mut calendar = head(feed);
    for row in rows {
        if let Some(todo) = fields(row, country) {
            calendar.push(vtodo(row, todo, feed));
        }
    }
    calendar.done().to_string()
}

/// The feed's name in `lang`: the region's, or a country's.
#[must_use]
pub fn name(country: Option<Country>, lang: Lang) -> String {
    let l = lang.locale();
    match country {
        None => td_string!(l, ocf_todo_name_all).to_owned(),
        Some(c) => td_string!(l, ocf_todo_name_country, country = c.name(lang)),
    }
}

/// The feed's description in `lang`.
#[must_use]
pub fn description_of_feed(lang: Lang) -> &'static str {
    td_string!(lang.locale(), ocf_todo_description)
}

#[cfg(test)]
#[path = "todo_tests.rs"]
mod tests;
