//! What an event's life tells the change log, composed in both languages when it happens: an
//! event published, its dates moved (old and new), cancelled (with the reason), its registration
//! opened, its registration deadline within 7 days. Each entry has a key naming the change once
//! (`event-published:{id}`, `event-postponed:{id}:{version}`, `event-cancelled:{id}`,
//! `registration-opened:{id}:{version}`, `deadline-soon:{id}:{deadline}`), concerns the event's
//! host and co-hosts, and links to the event's page. Only published events are news.

use app::domain::changes::{ChangeKind, NewChange};
use app::domain::lifecycle::Outcome;
use app::domain::{Country, Event, EventDates, EventDetails, EventStatus, Lang, Localized, format};
use app::i18n::td_string;
use chrono::NaiveDate;

/// The event an entry is about.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    /// Its id.
    pub id: i64,
    /// Its slug (the entry links to `/events/{slug}`).
    pub slug: &'a str,
    /// Its details as they are after the change.
    pub details: &'a EventDetails,
}

impl<'a> About<'a> {
    /// A stored event.
    #[must_use]
    pub fn of(event: &'a Event) -> About<'a> {
        About {
            id: event.id,
            slug: &event.slug,
            details: &event.details,
        }
    }

    fn hosts(&self) -> Vec<Country> {
        let mut hosts = vec![self.details.host];
        hosts.extend(self.details.cohosts.iter().copied());
        hosts
    }

    fn title(&self, lang: Lang) -> String {
        self.details.title.pick(lang).text.to_owned()
    }

    fn dates(&self, lang: Lang) -> String {
        format::event_dates(lang, &self.details.dates)
    }

    fn place(&self, lang: Lang) -> String {
        let d = self.details;
        [d.city.as_str(), d.host.name(lang)]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn change(
        &self,
        key: String,
        kind: ChangeKind,
        text: impl Fn(Lang) -> (String, String),
    ) -> NewChange {
        let (title_es, summary_es) = text(Lang::Es);
        let (title_en, summary_en) = text(Lang::En);
        NewChange {
            key,
            kind,
            event_id: Some(self.id),
            path: format!("/events/{}", self.slug),
            countries: self.hosts(),
            title: Localized::new(title_es, title_en),
            summary: Localized::new(summary_es, summary_en),
        }
    }
}

/// An event was published.
#[must_use]
pub fn published(about: About<'_>) -> NewChange {
    about.change(
        format!("event-published:{}", about.id),
        ChangeKind::EventPublished,
        |lang| {
            let l = lang.locale();
            (
                td_string!(l, ocf_ch_published_title, title = about.title(lang)),
                td_string!(
                    l,
                    ocf_ch_published_summary,
                    dates = about.dates(lang),
                    place = about.place(lang)
                ),
            )
        },
    )
}

/// An event's dates moved from `old` to its current ones; `version` is the event's version after
/// the move (each move is its own entry).
#[must_use]
pub fn postponed(about: About<'_>, old: &EventDates, version: i64) -> NewChange {
    about.change(
        format!("event-postponed:{}:{version}", about.id),
        ChangeKind::EventPostponed,
        |lang| {
            let l = lang.locale();
            (
                td_string!(l, ocf_ch_postponed_title, title = about.title(lang)),
                td_string!(
                    l,
                    ocf_ch_postponed_summary,
                    old = format::event_dates(lang, old),
                    new = about.dates(lang)
                ),
            )
        },
    )
}

/// An event was cancelled, for `reason`.
#[must_use]
pub fn cancelled(about: About<'_>, reason: &str) -> NewChange {
    about.change(
        format!("event-cancelled:{}", about.id),
        ChangeKind::EventCancelled,
        |lang| {
            let l = lang.locale();
            (
                td_string!(l, ocf_ch_cancelled_title, title = about.title(lang)),
                td_string!(
                    l,
                    ocf_ch_cancelled_summary,
                    dates = about.dates(lang),
                    reason = reason.trim()
                ),
            )
        },
    )
}

/// An event opened its registration (until `deadline`, if any); `version` is the event's version
/// after the change (registration may close and open again).
#[must_use]
pub fn registration_opened(
    about: About<'_>,
    deadline: Option<NaiveDate>,
    version: i64,
) -> NewChange {
    about.change(
        format!("registration-opened:{}:{version}", about.id),
        ChangeKind::RegistrationOpened,
        |lang| {
            let l = lang.locale();
            let summary = match deadline {
                Some(day) => td_string!(
                    l,
                    ocf_ch_registration_until,
                    deadline = format::date(lang, day)
                ),
                None => td_string!(l, ocf_ch_registration_no_deadline).to_owned(),
            };
            (
                td_string!(l, ocf_ch_registration_title, title = about.title(lang)),
                summary,
            )
        },
    )
}

/// An event's registration closes after `deadline` (inclusive), within 7 days.
#[must_use]
pub fn deadline_soon(about: About<'_>, deadline: NaiveDate) -> NewChange {
    about.change(
        format!("deadline-soon:{}:{deadline}", about.id),
        ChangeKind::DeadlineSoon,
        |lang| {
            let l = lang.locale();
            (
                td_string!(l, ocf_ch_deadline_title, title = about.title(lang)),
                td_string!(
                    l,
                    ocf_ch_deadline_summary,
                    deadline = format::date(lang, deadline)
                ),
            )
        },
    )
}

/// What an update of `current` (to `outcome`, publishing it when `publish`) tells: a draft
/// published; for a published event, its dates moved and its cancellation. A draft's other
/// changes are nobody's news. `reason` is the cancellation's.
#[must_use]
pub fn of_update(
    current: &Event,
    outcome: &Outcome,
    publish: bool,
    reason: Option<&str>,
) -> Vec<NewChange> {
    let about = About {
        id: current.id,
        slug: &current.slug,
        details: &outcome.details,
    };
    if !current.published {
        return if publish {
            vec![published(about)]
        } else {
            Vec::new()
        };
    }
    let mut told = Vec::new();
    if let Some(old) = &outcome.previous_dates {
        told.push(postponed(about, old, current.version + 1));
    }
    if outcome.details.status == EventStatus::Cancelled
        && current.details.status != EventStatus::Cancelled
    {
        told.push(cancelled(about, reason.unwrap_or(&current.cancel_reason)));
    }
    told
}

#[cfg(test)]
#[path = "told_tests.rs"]
mod tests;
