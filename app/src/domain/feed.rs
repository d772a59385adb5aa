//! Which events a calendar feed carries, and what the feed is called: the collection feeds (all
//! events, one host country, one kind), one event's feed, and the time window they all share.
//!
//! The window: collection feeds carry events whose last day is at most [`FeedWindow::months_back`]
//! months ago (12 by default), and everything ahead. A cancelled event stays in every feed, one
//! event's own included, for [`CANCELLED_DAYS`] days after its cancellation (so subscribed
//! calendars show it as cancelled), then leaves.

use chrono::{DateTime, Days, Months, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::country::Country;
use super::event::{Event, EventKind, EventStatus};
use super::lang::Lang;
use crate::i18n::td_string;

/// Days a cancelled event stays in the feeds after it was cancelled.
pub const CANCELLED_DAYS: u64 = 30;

/// The default months back a collection feed reaches.
pub const DEFAULT_MONTHS_BACK: u32 = 12;

/// A collection feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedScope {
    /// Every published event.
    All,
    /// Events a country hosts or co-hosts.
    Country(Country),
    /// Events of one kind.
    Kind(EventKind),
}

impl FeedScope {
    /// Every collection feed: all events, each member country, each kind.
    #[must_use]
    pub fn every() -> Vec<FeedScope> {
        std::iter::once(FeedScope::All)
            .chain(Country::ALL.into_iter().map(FeedScope::Country))
            .chain(EventKind::ALL.into_iter().map(FeedScope::Kind))
            .collect()
    }

    /// Whether the feed carries `event` (window aside).
    #[must_use]
    pub fn includes(self, event: &Event) -> bool {
        match self {
            FeedScope::All => true,
            FeedScope::Country(country) => event.details.hosts().any(|c| c == country),
            FeedScope::Kind(kind) => event.details.kind == kind,
        }
    }

    /// The feed's path (`/calendar.ics`, `/countries/gt/calendar.ics`, `/kinds/workshop/calendar.ics`).
    #[must_use]
    pub fn path(self) -> String {
        match self {
            FeedScope::All => "/calendar.ics".to_owned(),
            FeedScope::Country(c) => {
                format!("/countries/{}/calendar.ics", c.code().to_ascii_lowercase())
            }
            FeedScope::Kind(k) => format!("/kinds/{}/calendar.ics", k.code()),
        }
    }

    /// The path of the feed's subscribe page.
    #[must_use]
    pub fn subscribe_path(self) -> String {
        match self {
            FeedScope::All => "/subscribe".to_owned(),
            FeedScope::Country(c) => {
                format!("/countries/{}/subscribe", c.code().to_ascii_lowercase())
            }
            FeedScope::Kind(k) => format!("/kinds/{}/subscribe", k.code()),
        }
    }

    /// The calendar's name, as clients show it (`NAME`, `X-WR-CALNAME`).
    #[must_use]
    pub fn name(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            FeedScope::All => td_string!(l, feed_name_all).to_owned(),
            FeedScope::Country(c) => td_string!(l, feed_name_country, country = c.name(lang)),
            FeedScope::Kind(k) => td_string!(l, feed_name_kind, kinds = kind_plural(k, lang)),
        }
    }

    /// The calendar's description (`DESCRIPTION`, `X-WR-CALDESC`).
    #[must_use]
    pub fn description(self, lang: Lang) -> String {
        let l = lang.locale();
        match self {
            FeedScope::All => td_string!(l, feed_description_all).to_owned(),
            FeedScope::Country(c) => {
                td_string!(l, feed_description_country, country = c.name(lang))
            }
            FeedScope::Kind(EventKind::Workshop) => {
                td_string!(l, feed_description_workshops).to_owned()
            }
            FeedScope::Kind(EventKind::Conference) => {
                td_string!(l, feed_description_conferences).to_owned()
            }
            FeedScope::Kind(EventKind::Meeting) => {
                td_string!(l, feed_description_meetings).to_owned()
            }
        }
    }
}

/// The `webcal://` form of a feed's `http(s)://` address, which opens the viewer's calendar
/// application (Apple Calendar, Outlook and Thunderbird register for it).
#[must_use]
pub fn webcal_url(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

/// A kind's plural, lower case (`talleres`, `workshops`).
#[must_use]
pub fn kind_plural(kind: EventKind, lang: Lang) -> &'static str {
    let l = lang.locale();
    match kind {
        EventKind::Workshop => td_string!(l, feed_kind_workshops),
        EventKind::Conference => td_string!(l, feed_kind_conferences),
        EventKind::Meeting => td_string!(l, feed_kind_meetings),
    }
}

/// The time window of the feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedWindow {
    /// How many months back from today a collection feed reaches (by an event's last day).
    pub months_back: u32,
}

impl Default for FeedWindow {
    fn default() -> Self {
        FeedWindow {
            months_back: DEFAULT_MONTHS_BACK,
        }
    }
}

fn midnight_utc(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
}

impl FeedWindow {
    /// The earliest last day a collection feed keeps, on `today`.
    #[must_use]
    pub fn first_day(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(Months::new(self.months_back))
            .unwrap_or(NaiveDate::MIN)
    }

    /// When a cancelled event leaves the feeds.
    #[must_use]
    pub fn cancelled_until(event: &Event) -> Option<DateTime<Utc>> {
        if event.details.status != EventStatus::Cancelled {
            return None;
        }
        // Events cancelled before the time was recorded leave 30 days after their last change.
        let at = event.cancelled_at.unwrap_or(event.updated_at);
        Some(at + chrono::Duration::days(CANCELLED_DAYS as i64))
    }

    /// Whether a cancelled event has already left the feeds at `now`.
    fn cancelled_gone(event: &Event, now: DateTime<Utc>) -> bool {
        Self::cancelled_until(event).is_some_and(|until| until <= now)
    }

    /// The instant `event` leaves a collection feed by the months-back rule: the start (UTC) of
    /// the first day on which its last day falls before [`Self::first_day`].
    #[must_use]
    pub fn ages_out_at(self, event: &Event) -> Option<DateTime<Utc>> {
        let last = event.details.dates.last_day();
        last.checked_add_months(Months::new(self.months_back))
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(midnight_utc)
    }

    /// The events of a collection feed at `now`, in the given order.
    #[must_use]
    pub fn select(self, scope: FeedScope, events: &[Event], now: DateTime<Utc>) -> Vec<Event> {
        let first = self.first_day(now.date_naive());
        events
            .iter()
            .filter(|e| e.published && scope.includes(e))
            .filter(|e| e.details.dates.last_day() >= first)
            .filter(|e| !Self::cancelled_gone(e, now))
            .cloned()
            .collect()
    }

    /// Whether one event's own feed still carries it at `now`.
    #[must_use]
    pub fn keeps_event(event: &Event, now: DateTime<Utc>) -> bool {
        event.published && !Self::cancelled_gone(event, now)
    }

    /// The feed's `Last-Modified`: the latest change among the events it carries, or the latest
    /// instant (up to `now`) at which one of `candidates` left it, whichever is later. An event
    /// leaving is a change too, or a client asking `If-Modified-Since` would keep it forever.
    #[must_use]
    pub fn last_modified(
        self,
        scope: FeedScope,
        candidates: &[Event],
        carried: &[Event],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let changed = carried.iter().map(|e| e.updated_at).max();
        let left = candidates
            .iter()
            .filter(|e| e.published && scope.includes(e))
            .flat_map(|e| [Self::cancelled_until(e), self.ages_out_at(e)])
            .flatten()
            .filter(|t| *t <= now)
            .max();
        changed.max(left)
    }

    /// The next instant after `now` at which one of `candidates` leaves the feed by the clock
    /// alone (its cancellation grace ends, or it ages out of the window): a rendered feed is
    /// good until then, unless the data changes first.
    #[must_use]
    pub fn next_exit(
        self,
        scope: Option<FeedScope>,
        candidates: &[Event],
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        candidates
            .iter()
            .filter(|e| e.published && scope.is_none_or(|s| s.includes(e)))
            .flat_map(|e| {
                [
                    Self::cancelled_until(e),
                    scope.and_then(|_| self.ages_out_at(e)),
                ]
            })
            .flatten()
            .filter(|t| *t > now)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventDates, EventDetails, Localized};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        midnight_utc(day(y, m, d))
    }

    fn event(host: Country, cohosts: &[Country], kind: EventKind, first: NaiveDate) -> Event {
        Event {
            id: 1,
            slug: "e".into(),
            uid: "e@enlace".into(),
            details: EventDetails {
                host,
                cohosts: cohosts.to_vec(),
                city: "Ciudad".into(),
                venue: String::new(),
                tz: host.capital_zone(),
                kind,
                title: Localized::new("Taller", "Workshop"),
                description: Localized::default(),
                status: EventStatus::Confirmed,
                capacity: None,
                dates: EventDates::Exact {
                    start: first,
                    end: first + Days::new(2),
                    times: None,
                },
            },
            revision: 0,
            version: 0,
            published: true,
            cancel_reason: String::new(),
            cancelled_at: None,
            created_at: at(2026, 1, 1),
            updated_at: at(2026, 1, 2),
        }
    }

    #[test]
    fn scopes_pick_hosts_cohosts_and_kinds() {
        let e = event(
            Country::SV,
            &[Country::GT],
            EventKind::Workshop,
            day(2026, 12, 1),
        );
        assert!(FeedScope::All.includes(&e));
        assert!(FeedScope::Country(Country::SV).includes(&e));
        assert!(FeedScope::Country(Country::GT).includes(&e));
        assert!(!FeedScope::Country(Country::MX).includes(&e));
        assert!(FeedScope::Kind(EventKind::Workshop).includes(&e));
        assert!(!FeedScope::Kind(EventKind::Meeting).includes(&e));
        assert_eq!(
            FeedScope::Country(Country::GT).path(),
            "/countries/gt/calendar.ics"
        );
        assert_eq!(
            FeedScope::Kind(EventKind::Conference).path(),
            "/kinds/conference/calendar.ics"
        );
        assert_eq!(FeedScope::every().len(), 1 + 11 + 3);
    }

    #[test]
    fn webcal_links_swap_the_scheme() {
        assert_eq!(
            webcal_url("https://enlace.example/calendar.ics?lang=en"),
            "webcal://enlace.example/calendar.ics?lang=en"
        );
        assert_eq!(
            webcal_url("http://127.0.0.1:3000/calendar.ics"),
            "webcal://127.0.0.1:3000/calendar.ics"
        );
    }

    #[test]
    fn names_exist_in_both_languages() {
        for scope in FeedScope::every() {
            let (es, en) = (scope.name(Lang::Es), scope.name(Lang::En));
            assert!(!es.is_empty() && !en.is_empty());
            assert_ne!(es, en, "{scope:?}");
            assert_ne!(scope.description(Lang::Es), scope.description(Lang::En));
        }
        assert_eq!(
            FeedScope::Kind(EventKind::Workshop).description(Lang::En),
            "Workshops of the Regional Conference on Migration"
        );
    }

    #[test]
    fn the_window_reaches_twelve_months_back_and_everything_ahead() {
        let window = FeedWindow::default();
        let now = at(2026, 11, 28);
        let old = event(Country::GT, &[], EventKind::Meeting, day(2025, 11, 20)); // ends 22 Nov 2025
        let recent = event(Country::GT, &[], EventKind::Meeting, day(2025, 11, 27)); // ends 29 Nov 2025
        let far = event(Country::GT, &[], EventKind::Meeting, day(2031, 1, 1));
        let picked = window.select(FeedScope::All, &[old.clone(), recent, far], now);
        assert_eq!(picked.len(), 2);
        assert_eq!(window.ages_out_at(&old), Some(at(2026, 11, 23)));
    }

    #[test]
    fn a_cancelled_event_stays_thirty_days_then_leaves() {
        let mut e = event(Country::GT, &[], EventKind::Meeting, day(2027, 3, 1));
        e.details.status = EventStatus::Cancelled;
        e.cancelled_at = Some(at(2026, 11, 1));
        let window = FeedWindow::default();
        assert_eq!(
            window
                .select(FeedScope::All, &[e.clone()], at(2026, 11, 30))
                .len(),
            1
        );
        assert!(FeedWindow::keeps_event(&e, at(2026, 11, 30)));
        assert!(
            window
                .select(FeedScope::All, &[e.clone()], at(2026, 12, 1))
                .is_empty()
        );
        assert!(!FeedWindow::keeps_event(&e, at(2026, 12, 1)));
        assert_eq!(
            window.next_exit(Some(FeedScope::All), &[e.clone()], at(2026, 11, 30)),
            Some(at(2026, 12, 1))
        );
        assert_eq!(window.next_exit(None, &[e.clone()], at(2026, 12, 2)), None);
        // Leaving is a change: Last-Modified moves to the moment it left.
        assert_eq!(
            window.last_modified(FeedScope::All, &[e], &[], at(2026, 12, 5)),
            Some(at(2026, 12, 1))
        );
    }

    #[test]
    fn drafts_never_reach_a_feed() {
        let mut e = event(Country::GT, &[], EventKind::Meeting, day(2027, 3, 1));
        e.published = false;
        assert!(
            FeedWindow::default()
                .select(FeedScope::All, &[e.clone()], at(2026, 11, 28))
                .is_empty()
        );
        assert!(!FeedWindow::keeps_event(&e, at(2026, 11, 28)));
    }
}
