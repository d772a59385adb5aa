//! Renders events as an iCalendar feed (RFC 5545): CRLF lines folded at 75 octets, escaped TEXT,
//! all-day ranges as `VALUE=DATE` with an exclusive DTEND, a stable UID, DTSTAMP from the event's
//! last change (so unchanged data gives identical bytes), and a VTIMEZONE for every TZID used.

pub mod import;
pub mod todo;
pub mod vtimezone;

use std::collections::BTreeMap;

use app::domain::{Event, EventDates, EventStatus, Lang};
use app::i18n::td_string;
use chrono::{Datelike, Duration};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};

/// What describes a feed as a whole.
#[derive(Debug, Clone)]
pub struct FeedInfo<'a> {
    /// The calendar's name (`NAME`, `X-WR-CALNAME`).
    pub name: &'a str,
    /// Its description (`DESCRIPTION`, `X-WR-CALDESC`).
    pub description: &'a str,
    /// Base URL of the site, for event links.
    pub base_url: &'a str,
    /// Language of the text.
    pub lang: Lang,
}

/// How often clients should refresh (RFC 7986 §5.7).
const REFRESH: &str = "PT1H";

/// Escapes one TEXT value (RFC 5545 §3.3.11), for the list properties the crate leaves raw.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Carriage returns are dropped: the crate escapes `\n` but would pass a lone `\r` through.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn summary(event: &Event, lang: Lang) -> String {
    let d = &event.details;
    let l = lang.locale();
    let title = clean(d.title.pick(lang).text);
    let title = if d.dates.is_month_only() {
        td_string!(l, feed_summary_month_only, title = title)
    } else {
        title
    };
    if d.status == EventStatus::Cancelled {
        td_string!(l, feed_summary_cancelled, title = title)
    } else {
        title
    }
}

fn location(event: &Event, lang: Lang) -> String {
    let d = &event.details;
    [d.venue.as_str(), d.city.as_str(), d.host.name(lang)]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(clean)
        .collect::<Vec<_>>()
        .join(", ")
}

fn vevent(event: &Event, feed: &FeedInfo<'_>) -> icalendar::Event {
    let d = &event.details;
    let lang = feed.lang;
    let url = format!("{}/events/{}", feed.base_url, event.slug);
    let mut out = icalendar::Event::new();
    out.uid(&event.uid)
        .timestamp(event.updated_at)
        .last_modified(event.updated_at)
        .created(event.created_at)
        .sequence(u32::try_from(event.revision).unwrap_or(0))
        .summary(&summary(event, lang))
        .location(&location(event, lang))
        .url(&url);
    let description = clean(d.description.pick(lang).text);
    let description = if description.trim().is_empty() {
        url
    } else {
        format!("{description}\n\n{url}")
    };
    out.description(&description);
    out.status(match d.status {
        EventStatus::Confirmed => icalendar::EventStatus::Confirmed,
        EventStatus::Cancelled => icalendar::EventStatus::Cancelled,
        EventStatus::Tentative | EventStatus::Postponed => icalendar::EventStatus::Tentative,
    });
    match d.dates {
        EventDates::Exact {
            start,
            end,
            times: Some(times),
        } => {
            out.starts(CalendarDateTime::WithTimezone {
                date_time: start.and_time(times.start),
                tzid: d.tz.name().to_owned(),
            });
            out.ends(CalendarDateTime::WithTimezone {
                date_time: end.and_time(times.end),
                tzid: d.tz.name().to_owned(),
            });
        }
        dates => {
            out.starts(dates.first_day());
            out.ends(dates.exclusive_end_day());
        }
    }
    if d.dates.is_month_only() {
        // A month-long placeholder must not block anyone's calendar (RFC 5545 §3.8.2.7).
        out.add_property("TRANSP", "TRANSPARENT");
    }
    let categories = [d.kind.label(lang), d.host.name(lang)]
        .map(escape_text)
        .join(",");
    out.append_property(Property::new("CATEGORIES", categories));
    out.done()
}

/// The years each zone is needed for, by timed events.
fn zones_used(events: &[Event]) -> BTreeMap<String, (Tz, i32, i32)> {
    let mut zones: BTreeMap<String, (Tz, i32, i32)> = BTreeMap::new();
    for event in events {
        let d = &event.details;
        if d.dates.times().is_none() {
            continue;
        }
        let (first, last) = (d.dates.first_day().year(), d.dates.last_day().year());
        zones
            .entry(d.tz.name().to_owned())
            .and_modify(|(_, lo, hi)| {
                *lo = (*lo).min(first);
                *hi = (*hi).max(last);
            })
            .or_insert((d.tz, first, last));
    }
    zones
}

/// Renders `events` as one VCALENDAR.
#[must_use]
pub fn render(events: &[Event], feed: &FeedInfo<'_>) -> String {
    let mut calendar = head(feed);
    for event in events {
        calendar.push(vevent(event, feed));
    }
    let text = calendar.done().to_string();
    let timezones: String = zones_used(events)
        .into_values()
        .map(|(tz, from, to)| vtimezone::vtimezone(tz, from, to))
        .collect();
    // VTIMEZONEs go before the first VEVENT, where every client looks for them: before the first
    // line that is `BEGIN:VEVENT`, not the first text that reads so (a title can).
    let at = ["\r\nBEGIN:VEVENT\r\n", "\r\nEND:VCALENDAR\r\n"]
        .into_iter()
        .find_map(|line| text.find(line))
        .map_or(text.len(), |i| i + 2);
    let mut out = String::with_capacity(text.len() + timezones.len());
    out.push_str(&text[..at]);
    out.push_str(&timezones);
    out.push_str(&text[at..]);
    out
}

/// An empty VCALENDAR with the properties every feed starts with: version, product, method,
/// the feed's name and description, and how often to refresh.
fn head(feed: &FeedInfo<'_>) -> Calendar {
    // One event's feed is named after its title. The crate writes NAME raw (escaped here) and
    // escapes the other TEXT values but for a carriage return (cleaned here).
    let (name, description) = (clean(feed.name), clean(feed.description));
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//Enlace//Calendario CRM//ES"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("NAME", escape_text(&name)))
        .append_property(Property::new("X-WR-CALNAME", &name))
        .append_property(Property::new("DESCRIPTION", &description))
        .append_property(Property::new("X-WR-CALDESC", &description))
        .append_property(
            Property::new("REFRESH-INTERVAL", REFRESH)
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    calendar
}

/// Feeds are cacheable for this long by clients and proxies.
#[must_use]
pub fn max_age() -> Duration {
    Duration::minutes(5)
}

#[cfg(test)]
mod tests;
