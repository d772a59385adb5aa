//! The candidate built from one VEVENT: the form input for a host, language and kind, with its
//! dates local to the right zone, and the reason it cannot be imported when there is one.

use app::domain::time::first_of_next_month;
use app::domain::{Country, EventInput, EventStatus, Lang};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::ImportDefaults;
use super::location::{capital_city, country_named, location_parts, split_location};
use super::skip::SkipReason;
use super::values::{RawDate, When, parse_duration, read_when, shorten, single_line};

/// One event of the file as the form would receive it, with the reason it cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The event's UID, or `sha256:…` of its content when it has none; used to skip events
    /// already imported.
    pub source_uid: String,
    /// The line of the file where the event begins.
    pub line: usize,
    /// The event as form input, filled as far as the file allows (also for skipped events, so the
    /// preview can show what they are).
    pub input: EventInput,
    /// True when the file gave no usable city and the host capital was assumed.
    pub city_assumed: bool,
    /// True when the event ended before [`ImportDefaults::now`] (the preview may leave it unticked).
    pub past: bool,
    /// The member state the LOCATION ends with, when it names one: a better host than the default.
    pub suggested_host: Option<Country>,
    /// Why the event cannot be imported; `None` when `input` passes [`EventInput::validate`].
    pub skip: Option<SkipReason>,
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// One VEVENT of a readable file, before it is given a host: what [`read_ics`](super::read_ics) turns into a
/// [`Candidate`], kept so a candidate can be made again for another host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedEvent {
    pub(super) line: usize,
    pub(super) source_uid: String,
    pub(super) duplicate: bool,
    pub(super) cancelled_by_method: bool,
    pub(super) recurring: bool,
    pub(super) summary: Option<String>,
    pub(super) description: Option<String>,
    pub(super) location: Option<String>,
    pub(super) status: Option<String>,
    pub(super) class: Option<String>,
    pub(super) start: Option<RawDate>,
    pub(super) end: Option<RawDate>,
    pub(super) duration: Option<String>,
}

/// The event's days and times, local to `zone`.
struct Dates {
    start: NaiveDate,
    end: NaiveDate,
    times: Option<(NaiveTime, NaiveTime)>,
    zone: Tz,
}

/// `when` as a wall-clock time in `zone`.
fn local_in(when: When, zone: Tz) -> Option<NaiveDateTime> {
    match when {
        When::Date(d) => Some(d.and_time(NaiveTime::MIN)),
        When::Floating(local) => Some(local),
        When::Utc(utc) => Some(utc.and_utc().with_timezone(&zone).naive_local()),
        When::Zoned(local, tz) if tz == zone => Some(local),
        When::Zoned(local, tz) => Some(
            tz.from_local_datetime(&local)
                .earliest()?
                .with_timezone(&zone)
                .naive_local(),
        ),
    }
}

/// Whether `when` is one wall-clock time in `zone` (not in a gap nor in an hour shown twice).
fn shown_once(when: When, zone: Tz) -> bool {
    local_in(when, zone).is_some_and(|local| zone.from_local_datetime(&local).single().is_some())
}

impl ImportedEvent {
    /// The event's UID, or a hash of its content when it has none.
    #[must_use]
    pub fn source_uid(&self) -> &str {
        &self.source_uid
    }

    /// The line of the file where the event begins.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The event as a candidate for `defaults` (its host, language, kind and current time).
    #[must_use]
    pub fn to_candidate(&self, defaults: &ImportDefaults) -> Candidate {
        let host = defaults.host;
        let title = self.summary.as_deref().map(single_line).unwrap_or_default();
        let description = self
            .description
            .as_deref()
            .map(|d| d.trim().to_owned())
            .unwrap_or_default();
        let location = self.location.as_deref().unwrap_or("");
        let suggested_host = location_parts(location)
            .last()
            .and_then(|part| country_named(part));
        let (venue, city) = split_location(location, host);
        let city_assumed = city.is_empty();
        let city = if city_assumed {
            capital_city(host, defaults.lang).to_owned()
        } else {
            city
        };
        let tentative = self.status.as_deref() == Some("TENTATIVE");
        let mut input = EventInput {
            host: host.code().to_owned(),
            city,
            venue,
            tz: host.capital_zone().name().to_owned(),
            kind: defaults.kind.code().to_owned(),
            status: if tentative {
                EventStatus::Tentative
            } else {
                EventStatus::Confirmed
            }
            .code()
            .to_owned(),
            ..EventInput::default()
        };
        let mut skip = self.structural_skip(&title);
        let mut whole_month = false;
        match self.dates(host) {
            Ok(dates) => whole_month = fill_dates(&mut input, &dates, tentative),
            Err(reason) => skip = skip.or(Some(reason)),
        }
        // Our feeds add the suffix to every month-only event, confirmed ones too (which come back
        // as the month's days).
        let title = if whole_month {
            strip_month_suffix(&title).to_owned()
        } else {
            title
        };
        match defaults.lang {
            Lang::Es => (input.title_es, input.description_es) = (title, description),
            Lang::En => (input.title_en, input.description_en) = (title, description),
        }
        let mut past = false;
        if skip.is_none() {
            match input.validate() {
                Ok(details) => past = details.ends_at().is_ok_and(|end| end <= defaults.now),
                Err(errors) => skip = Some(SkipReason::Invalid(errors)),
            }
        }
        Candidate {
            source_uid: self.source_uid.clone(),
            line: self.line,
            input,
            city_assumed,
            past,
            suggested_host,
            skip,
        }
    }

    /// Reasons to skip that do not depend on dates or validation, most telling first.
    fn structural_skip(&self, title: &str) -> Option<SkipReason> {
        if self.status.as_deref() == Some("CANCELLED") || self.cancelled_by_method {
            Some(SkipReason::Cancelled)
        } else if self.recurring {
            Some(SkipReason::Recurring)
        } else if matches!(self.class.as_deref(), Some("PRIVATE" | "CONFIDENTIAL")) {
            Some(SkipReason::Private)
        } else if self.duplicate {
            Some(SkipReason::Duplicate)
        } else if title.is_empty() {
            Some(SkipReason::NoTitle)
        } else if self.start.is_none() {
            Some(SkipReason::NoStart)
        } else {
            None
        }
    }

    /// Days and times: all-day dates with an exclusive DTEND (RFC 5545 §3.6.1), or times local to
    /// the start's zone (UTC and floating times in the host capital's zone).
    fn dates(&self, host: Country) -> Result<Dates, SkipReason> {
        let start_raw = self.start.as_ref().ok_or(SkipReason::NoStart)?;
        let start = read_when("DTSTART", start_raw)?;
        let end = self
            .end
            .as_ref()
            .map(|raw| read_when("DTEND", raw))
            .transpose()?;
        let bad = |property: &str, value: &str| SkipReason::BadDate {
            property: property.to_owned(),
            value: shorten(value),
        };
        let duration = match &self.duration {
            Some(text) => Some(parse_duration(text).ok_or_else(|| bad("DURATION", text))?),
            None => None,
        };
        let end_value = || self.end.as_ref().map_or("", |e| e.value.as_str());
        let capital = host.capital_zone();
        if let When::Date(first) = start {
            let last = match (end, duration) {
                (Some(When::Date(exclusive)), _) if exclusive == first => first,
                (Some(When::Date(exclusive)), _) => exclusive
                    .pred_opt()
                    .ok_or_else(|| bad("DTEND", end_value()))?,
                (Some(_), _) => return Err(bad("DTEND", end_value())),
                (None, Some(duration)) if duration.num_days() > 1 => {
                    let extra = u64::try_from(duration.num_days() - 1).unwrap_or(0);
                    first
                        .checked_add_days(Days::new(extra))
                        .ok_or_else(|| bad("DURATION", self.duration.as_deref().unwrap_or("")))?
                }
                (None, _) => first,
            };
            return Ok(Dates {
                start: first,
                end: last,
                times: None,
                zone: capital,
            });
        }
        let zone = match start {
            When::Zoned(_, tz) => tz,
            // A UTC time is shown in the capital's zone, unless that clock shows it twice (in the
            // hour it is set back) and the form could not hold it: then it stays in UTC.
            When::Utc(_)
                if [Some(start), end]
                    .into_iter()
                    .flatten()
                    .any(|w| !shown_once(w, capital)) =>
            {
                Tz::UTC
            }
            _ => capital,
        };
        let start_local = local_in(start, zone).ok_or_else(|| bad("DTSTART", &start_raw.value))?;
        let end_local = match (end, duration) {
            (Some(When::Date(_)), _) => return Err(bad("DTEND", end_value())),
            (Some(end), _) => local_in(end, zone).ok_or_else(|| bad("DTEND", end_value()))?,
            // Nominal arithmetic on the wall clock: the duration of a meeting, not of an instant.
            (None, Some(duration)) => start_local
                .checked_add_signed(duration)
                .ok_or_else(|| bad("DURATION", self.duration.as_deref().unwrap_or("")))?,
            (None, None) => return Err(SkipReason::NoEnd),
        };
        Ok(Dates {
            start: start_local.date(),
            end: end_local.date(),
            times: Some((start_local.time(), end_local.time())),
            zone,
        })
    }
}

/// Writes `dates` into the form fields; a tentative all-day event covering exactly one calendar
/// month is the month-only placeholder our own feeds write, so it becomes one again. Returns
/// whether the event covers exactly one whole month, all day.
fn fill_dates(input: &mut EventInput, dates: &Dates, tentative: bool) -> bool {
    input.tz = dates.zone.name().to_owned();
    let whole_month = dates.times.is_none()
        && dates.start.day() == 1
        && first_of_next_month(dates.start) == dates.end.succ_opt();
    if tentative && whole_month {
        input.month = dates.start.format("%Y-%m").to_string();
        return true;
    }
    input.start_date = dates.start.format("%Y-%m-%d").to_string();
    input.end_date = dates.end.format("%Y-%m-%d").to_string();
    if let Some((start, end)) = dates.times {
        // The form has minutes; seconds are dropped.
        input.start_time = start.format("%H:%M").to_string();
        input.end_time = end.format("%H:%M").to_string();
    }
    whole_month
}

/// A title without the "(dates to be confirmed)" our feeds add to month-only events.
fn strip_month_suffix(title: &str) -> &str {
    [" (fechas por confirmar)", " (dates to be confirmed)"]
        .iter()
        .find_map(|suffix| title.strip_suffix(suffix))
        .unwrap_or(title)
}
