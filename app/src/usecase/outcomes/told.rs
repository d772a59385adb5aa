//! The change-log entries meeting outcomes cause, told now in both languages (the log keeps them
//! as told): a record entered final (`record-published:{event id}`) or a draft made final
//! (`record-final:{event id}`), to the hosts' countries; a commitment's status change
//! (`commitment-status:{id}:{sequence}`), to the member states whose status moved.

use crate::domain::changes::{ChangeKind, NewChange};
use crate::domain::lang::Localized;
use crate::domain::outcomes::{Commitment, MeetingRecord, Party, RecordStatus};
use crate::domain::{Country, Event, Lang};
use crate::i18n::td_string;
use crate::ssr::CommitmentRow;

/// Longest excerpt of an action in an entry's summary, in characters.
const ACTION_EXCERPT: usize = 140;

/// The same text built in each language.
fn both(mut text: impl FnMut(Lang) -> String) -> Localized {
    Localized::new(text(Lang::Es), text(Lang::En))
}

/// The entries saving `record` causes on `event`, whose record had status `before` (`None`: no
/// record yet): [`ChangeKind::RecordPublished`] when it is entered final,
/// [`ChangeKind::RecordFinal`] when a draft is made final; none otherwise.
#[must_use]
pub fn record_changes(
    event: &Event,
    before: Option<RecordStatus>,
    record: &MeetingRecord,
) -> Vec<NewChange> {
    if record.status != RecordStatus::Final || before == Some(RecordStatus::Final) {
        return Vec::new();
    }
    let (kind, key) = match before {
        None => (
            ChangeKind::RecordPublished,
            format!("record-published:{}", event.id),
        ),
        Some(_) => (
            ChangeKind::RecordFinal,
            format!("record-final:{}", event.id),
        ),
    };
    let title = both(|lang| {
        let t = record.title.pick(lang).text;
        match kind {
            ChangeKind::RecordPublished => {
                td_string!(lang.locale(), ocs_change_record_published, title = t)
            }
            _ => td_string!(lang.locale(), ocs_change_record_final, title = t),
        }
    });
    let summary = both(|lang| {
        td_string!(
            lang.locale(),
            ocs_change_record_summary,
            event = event.details.title.pick(lang).text,
            place = &record.place
        )
    });
    vec![NewChange {
        key,
        kind,
        event_id: Some(event.id),
        path: format!("/events/{}", event.slug),
        countries: event.details.hosts().collect(),
        title,
        summary,
    }]
}

/// The first `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The entry a change of `row`'s commitment to `after` causes, at its new `sequence`: none when
/// no status moved; otherwise one [`ChangeKind::CommitmentStatus`] entry telling the old and new
/// status (for "all delegations", each member whose status moved), to the member states whose
/// status moved (for a listed party's change, every member state it names).
#[must_use]
pub fn status_changes(row: &CommitmentRow, after: &Commitment, sequence: i64) -> Vec<NewChange> {
    let before = &row.commitment;
    let mut moves: Vec<(Option<Party>, _, _)> = Vec::new();
    let mut countries: Vec<Country> = Vec::new();
    if after.is_all_delegations() {
        for (country, to) in &after.members {
            let from = before.status_of(Party::Member(*country));
            if let Some(from) = from.filter(|f| f != to) {
                moves.push((Some(Party::Member(*country)), from, *to));
                countries.push(*country);
            }
        }
    } else if before.status != after.status {
        moves.push((None, before.status, after.status));
        countries = super::commitments::member_states(after);
    }
    if moves.is_empty() {
        return Vec::new();
    }
    let parties = |lang: Lang| {
        after
            .parties
            .iter()
            .map(|p| p.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let title = both(|lang| {
        td_string!(
            lang.locale(),
            ocs_change_status_title,
            number = row.agreement,
            parties = parties(lang)
        )
    });
    let summary = both(|lang| {
        let l = lang.locale();
        let told: Vec<String> = moves
            .iter()
            .map(|(who, from, to)| {
                let moved = td_string!(
                    l,
                    ocs_change_status_move,
                    from = from.label(lang),
                    to = to.label(lang)
                );
                match who {
                    Some(p) => format!("{}: {moved}", p.label(lang)),
                    None => moved,
                }
            })
            .collect();
        td_string!(
            l,
            ocs_change_status_summary,
            action = excerpt(after.action.pick(lang).text, ACTION_EXCERPT),
            record = row.meeting.title.pick(lang).text,
            moves = told.join("; ")
        )
    });
    vec![NewChange {
        key: format!("commitment-status:{}:{sequence}", row.meta.id),
        kind: ChangeKind::CommitmentStatus,
        event_id: Some(row.meeting.event_id),
        path: format!("/commitments#c-{}", row.meta.id),
        countries,
        title,
        summary,
    }]
}
