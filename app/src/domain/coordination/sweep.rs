//! The machinery behind the coordination engine: events reduced to spans of days and instants,
//! sorted by start and swept with active sets ordered by end, so that only pairs that meet are
//! ever compared.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};

use super::{
    Clash, Conflict, ConflictKind, Entry, Holiday, Options, Registration, Report, sort_conflicts,
};
use crate::domain::country::Country;

mod registry;
mod span;

use registry::{Collector, Registry, common};
pub(super) use span::Span;
use span::{day_number, kind_of};
pub(super) use span::{first_day, last_day, relation};

/// Extra days of reach when looking for a person's overlapping timed events by their local days:
/// the same instant falls on local dates at most two days apart (UTC−12 to UTC+14), plus one for
/// clocks set back across midnight.
const ZONE_REACH_DAYS: i64 = 3;

/// The two events of a conflict in the order they are told: the earlier first (by first day, then
/// start instant, UID and id), except that a possible clash names the month-only event first.
fn ordered<'a>(
    a: (&'a Entry<'a>, &Span),
    b: (&'a Entry<'a>, &Span),
    clash: Clash,
) -> (&'a Entry<'a>, &'a Entry<'a>) {
    if clash == Clash::Possible && a.1.month_only != b.1.month_only {
        return if a.1.month_only {
            (a.0, b.0)
        } else {
            (b.0, a.0)
        };
    }
    let key =
        |(e, s): (&'a Entry<'a>, &Span)| (s.first, s.instants.map(|(start, _)| start), e.uid, e.id);
    if key(a) <= key(b) {
        (a.0, b.0)
    } else {
        (b.0, a.0)
    }
}

/// A min-heap of active items by their end (the items whose end is smallest leave first).
type Active<K> = BinaryHeap<Reverse<(K, usize)>>;

/// Drops the items that end before `now` (or at `now`, when `inclusive` is false).
fn expire<K: Ord + Copy>(active: &mut Active<K>, now: K, inclusive: bool) {
    while let Some(&Reverse((end, _))) = active.peek() {
        let gone = if inclusive { end < now } else { end <= now };
        if !gone {
            break;
        }
        active.pop();
    }
}

/// Where the pair sweeps send what they find.
trait Sink {
    /// True while conflicts of `kind` are kept, not only counted.
    fn keeps(&self, kind: ConflictKind) -> bool;
    /// Counts `n` conflicts of `kind` without keeping them.
    fn count(&mut self, kind: ConflictKind, n: usize);
    /// Takes one pair of events that clash (`j` found before `i`).
    fn pair(&mut self, j: usize, i: usize, clash: Clash);
}

/// Pairs whose days meet, where at least one is compared by days (all-day, month-only, or timed
/// without resolvable times): the overlaps and possible clashes of the rules. Once a kind is no
/// longer kept, an event's pairs are counted from the sizes of the active sets, not visited.
fn by_days(live: &[(usize, Span)], sink: &mut impl Sink) {
    // Active items by last day, flagged when month-only.
    let mut dated: BinaryHeap<Reverse<(i64, usize, bool)>> = BinaryHeap::new();
    let mut dated_months = 0_usize;
    let mut timed: Active<i64> = BinaryHeap::new();
    for &(i, s) in live {
        while let Some(&Reverse((end, _, month_only))) = dated.peek() {
            if end >= s.first {
                break;
            }
            dated.pop();
            dated_months = dated_months.saturating_sub(usize::from(month_only));
        }
        expire(&mut timed, s.first, true);
        let with_timed = if s.instants.is_none() { timed.len() } else { 0 };
        let (possible, overlap) = if s.month_only {
            (dated.len() + with_timed, 0)
        } else {
            (
                dated_months,
                dated.len().saturating_sub(dated_months) + with_timed,
            )
        };
        if (possible > 0 && sink.keeps(ConflictKind::PossibleClash))
            || (overlap > 0 && sink.keeps(ConflictKind::Overlap))
        {
            for &Reverse((_, j, month_only)) in &dated {
                let clash = if s.month_only || month_only {
                    Clash::Possible
                } else {
                    Clash::Overlap
                };
                sink.pair(j, i, clash);
            }
            if with_timed > 0 {
                for &Reverse((_, j)) in &timed {
                    let clash = if s.month_only {
                        Clash::Possible
                    } else {
                        Clash::Overlap
                    };
                    sink.pair(j, i, clash);
                }
            }
        } else {
            sink.count(ConflictKind::PossibleClash, possible);
            sink.count(ConflictKind::Overlap, overlap);
        }
        if s.instants.is_none() {
            dated.push(Reverse((s.last, i, s.month_only)));
            dated_months += usize::from(s.month_only);
        } else {
            timed.push(Reverse((s.last, i)));
        }
    }
}

/// Pairs of timed events whose instants overlap.
fn by_instants(live: &[(usize, Span)], sink: &mut impl Sink) {
    let mut timed: Vec<(DateTime<Utc>, DateTime<Utc>, usize)> = live
        .iter()
        .filter_map(|&(i, s)| s.instants.map(|(start, end)| (start, end, i)))
        .collect();
    timed.sort_unstable();
    let mut active: Active<DateTime<Utc>> = BinaryHeap::new();
    for (start, end, i) in timed {
        expire(&mut active, start, false);
        if sink.keeps(ConflictKind::Overlap) {
            for &Reverse((_, j)) in &active {
                sink.pair(j, i, Clash::Overlap);
            }
        } else {
            sink.count(ConflictKind::Overlap, active.len());
        }
        active.push(Reverse((end, i)));
    }
}

/// One host country's events in the travel-gap sweep.
#[derive(Default)]
struct Host {
    /// Events compared by days whose last day is not yet behind the sweep, by last day.
    running_dated: Active<i64>,
    /// Timed events whose last day is not yet behind the sweep, by last day.
    running_timed: Active<i64>,
    /// Events that ended before the sweep's day, by last day plus the minimum of free days.
    ended: Active<i64>,
}

impl Host {
    /// Moves events that end before `day` to `ended`, and drops those that ended too long ago.
    fn advance(&mut self, day: i64, min_free: i64) {
        for running in [&mut self.running_dated, &mut self.running_timed] {
            while let Some(&Reverse((last, j))) = running.peek() {
                if last >= day {
                    break;
                }
                running.pop();
                self.ended.push(Reverse((last + min_free, j)));
            }
        }
        expire(&mut self.ended, day, true);
    }
}

/// Pairs in different countries with fewer free days between them than the minimum. Sweeping by
/// first day, with one set of active events per host country: an event meets the events of other
/// countries that ended within the minimum before it, and, when timed, the timed events still
/// running on its first day (they may not overlap it). Overlapping pairs are never visited, so the
/// work follows the number of travel gaps.
fn travel_gaps(
    live: &[(usize, Span)],
    spans: &[Option<Span>],
    min_free: i64,
    sink: &mut impl Sink,
) {
    if min_free <= 0 {
        return;
    }
    let mut hosts: [Host; Country::ALL.len()] = std::array::from_fn(|_| Host::default());
    for &(i, s) in live.iter().filter(|(_, s)| !s.month_only) {
        let home = s.host as usize;
        for (country, host) in hosts.iter_mut().enumerate() {
            host.advance(s.first, min_free);
            if country == home {
                continue;
            }
            // Timed events still running matter only to a timed event (same-day gaps).
            let still = if s.instants.is_some() { usize::MAX } else { 0 };
            let running = host.running_timed.iter().take(still);
            for &Reverse((_, j)) in host.ended.iter().chain(running) {
                if let Some(Some(other)) = spans.get(j)
                    && let Some(clash @ Clash::TravelGap { .. }) = relation(other, &s, min_free)
                {
                    sink.pair(j, i, clash);
                }
            }
        }
        if let Some(host) = hosts.get_mut(home) {
            let running = if s.instants.is_some() {
                &mut host.running_timed
            } else {
                &mut host.running_dated
            };
            running.push(Reverse((s.last, i)));
        }
    }
}

/// Each person's pairs of events that clash (overlap, possible clash or travel gap).
fn double_bookings(
    spans: &[Option<Span>],
    registry: &Registry<'_>,
    min_free: i64,
    emit: &mut impl FnMut(usize, usize, usize, Clash),
) {
    let reach = min_free.max(0) + ZONE_REACH_DAYS;
    let mut mine: Vec<(i64, usize, Span)> = Vec::new();
    for person in 0..registry.people.len() {
        let events = registry.person_events.row(person);
        if events.len() < 2 {
            continue;
        }
        mine.clear();
        mine.extend(
            events
                .iter()
                .filter_map(|&i| spans.get(i).copied().flatten().map(|s| (s.first, i, s))),
        );
        mine.sort_unstable_by_key(|&(first, i, _)| (first, i));
        let mut active: Active<i64> = BinaryHeap::new();
        for &(first, i, s) in &mine {
            expire(&mut active, first, true);
            for &Reverse((_, j)) in &active {
                if let Some(Some(other)) = spans.get(j)
                    && let Some(clash) = relation(other, &s, min_free)
                {
                    emit(person, j, i, clash);
                }
            }
            active.push(Reverse((s.last + reach, i)));
        }
    }
}

/// Holidays of each event's host on its days (month-only events have no known days).
fn holidays_on(live: &[(usize, Span)], holidays: &[Holiday], emit: &mut impl FnMut(usize, usize)) {
    if holidays.is_empty() {
        return;
    }
    let mut table: Vec<(Country, i64, usize)> = holidays
        .iter()
        .enumerate()
        .map(|(h, holiday)| (holiday.country, day_number(holiday.date), h))
        .collect();
    table.sort_unstable();
    for &(i, s) in live.iter().filter(|(_, s)| !s.month_only) {
        let from = table.partition_point(|&(c, d, _)| (c, d) < (s.host, s.first));
        for &(c, d, h) in table.get(from..).unwrap_or_default() {
            if c != s.host || d > s.last {
                break;
            }
            emit(i, h);
        }
    }
}

/// The pair sweeps' sink for a whole calendar: keeps conflicts between entries of `events`.
struct Pairs<'a, 'r> {
    events: &'a [Entry<'a>],
    spans: &'r [Option<Span>],
    registry: &'r Registry<'a>,
    out: Collector<'a>,
}

impl Sink for Pairs<'_, '_> {
    fn keeps(&self, kind: ConflictKind) -> bool {
        self.out.keeps(kind)
    }

    fn count(&mut self, kind: ConflictKind, n: usize) {
        self.out.count(kind, n);
    }

    fn pair(&mut self, j: usize, i: usize, clash: Clash) {
        if !self.out.admit(kind_of(clash)) {
            return;
        }
        let events = self.events;
        if let (Some(a), Some(b), Some(Some(sa)), Some(Some(sb))) = (
            events.get(j),
            events.get(i),
            self.spans.get(j),
            self.spans.get(i),
        ) {
            let (first, second) = ordered((a, sa), (b, sb), clash);
            self.out.conflicts.push(Conflict::Events {
                clash,
                first,
                second,
                audience: self.registry.audience((j, sa), (i, sb)),
            });
        }
    }
}

/// The whole engine: see [`super::find_conflicts`].
pub(super) fn find<'a>(
    events: &'a [Entry<'a>],
    registrations: &'a [Registration],
    holidays: &'a [Holiday],
    options: Options,
) -> Report<'a> {
    let min_free = options.min_free();
    let spans: Vec<Option<Span>> = events.iter().map(|e| Span::of(e.details)).collect();
    let mut live: Vec<(usize, Span)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    live.sort_unstable_by_key(|&(i, s)| (s.first, i));
    let registry = Registry::new(events, registrations, None);
    let mut pairs = Pairs {
        events,
        spans: &spans,
        registry: &registry,
        out: Collector {
            cap: options.max_per_kind,
            found: [0; ConflictKind::ALL.len()],
            kept: [0; ConflictKind::ALL.len()],
            conflicts: Vec::new(),
        },
    };
    by_days(&live, &mut pairs);
    by_instants(&live, &mut pairs);
    travel_gaps(&live, &spans, min_free, &mut pairs);
    let mut out = pairs.out;

    double_bookings(&spans, &registry, min_free, &mut |person, j, i, clash| {
        if !out.admit(ConflictKind::DoubleBooking) {
            return;
        }
        if let (Some(a), Some(b), Some(Some(sa)), Some(Some(sb)), Some(&person)) = (
            events.get(j),
            events.get(i),
            spans.get(j),
            spans.get(i),
            registry.people.get(person),
        ) {
            let (first, second) = ordered((a, sa), (b, sb), clash);
            out.conflicts.push(Conflict::Person {
                clash,
                person,
                first,
                second,
            });
        }
    });

    holidays_on(&live, holidays, &mut |i, h| {
        if !out.admit(ConflictKind::Holiday) {
            return;
        }
        if let (Some(event), Some(holiday)) = (events.get(i), holidays.get(h)) {
            out.conflicts.push(Conflict::Holiday { event, holiday });
        }
    });

    sort_conflicts(&mut out.conflicts);
    Report {
        conflicts: out.conflicts,
        found: out.found,
    }
}

/// The conflicts of one proposed event: see [`super::conflicts_with`].
pub(super) fn candidate<'a>(
    candidate: &'a Entry<'a>,
    events: &'a [Entry<'a>],
    registrations: &'a [Registration],
    holidays: &'a [Holiday],
    options: Options,
) -> Vec<Conflict<'a>> {
    let Some(own) = Span::of(candidate.details) else {
        return Vec::new();
    };
    let min_free = options.min_free();
    let is_stored_version = |e: &Entry<'_>| {
        (candidate.id.is_some() && e.id == candidate.id)
            || (!candidate.uid.is_empty() && e.uid == candidate.uid)
    };
    let registry = Registry::new(events, registrations, candidate.id);
    let me = events.len();
    let mut out = Vec::new();
    for (j, other) in events.iter().enumerate() {
        if is_stored_version(other) {
            continue;
        }
        let Some(span) = Span::of(other.details) else {
            continue;
        };
        let Some(clash) = relation(&own, &span, min_free) else {
            continue;
        };
        let (first, second) = ordered((candidate, &own), (other, &span), clash);
        out.push(Conflict::Events {
            clash,
            first,
            second,
            audience: registry.audience((me, &own), (j, &span)),
        });
        common(
            registry.event_people.row(me),
            registry.event_people.row(j),
            |person| {
                if let Some(&person) = registry.people.get(person) {
                    out.push(Conflict::Person {
                        clash,
                        person,
                        first,
                        second,
                    });
                }
            },
        );
    }
    if !own.month_only {
        out.extend(
            holidays
                .iter()
                .filter(|h| {
                    h.country == own.host && (own.first..=own.last).contains(&day_number(h.date))
                })
                .map(|holiday| Conflict::Holiday {
                    event: candidate,
                    holiday,
                }),
        );
    }
    sort_conflicts(&mut out);
    out
}
