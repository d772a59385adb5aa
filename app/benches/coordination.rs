//! The coordination engine on large random calendars: 1,000, 10,000 and 100,000 events spread over
//! ten years, with registrations and holidays, from a fixed seed.

use std::hint::black_box;

use app::domain::coordination::{self, Holiday, Options, Registration};
use app::domain::{
    Country, Event, EventDates, EventDetails, EventKind, EventStatus, LocalTimes, Localized,
};
use chrono::{DateTime, Days, NaiveDate, NaiveTime};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// A small deterministic generator (SplitMix64), so the bench needs no random crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items[i]
    }
}

const YEARS: u64 = 10;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).expect("valid date")
}

fn calendar(n: usize, rng: &mut Rng) -> (Vec<Event>, Vec<Registration>, Vec<Holiday>) {
    let days = YEARS * 365;
    let events: Vec<Event> = (0..n)
        .map(|i| {
            let host = rng.pick(&Country::ALL);
            let start = base() + Days::new(rng.below(days));
            let dates = match rng.below(10) {
                0 => EventDates::Month {
                    year: chrono::Datelike::year(&start),
                    month: chrono::Datelike::month(&start),
                },
                1..=3 => EventDates::Exact {
                    start,
                    end: start,
                    times: Some(LocalTimes {
                        start: NaiveTime::from_hms_opt(9, 0, 0).expect("valid time"),
                        end: NaiveTime::from_hms_opt(13, 0, 0).expect("valid time"),
                    }),
                },
                _ => EventDates::Exact {
                    start,
                    end: start + Days::new(rng.below(3)),
                    times: None,
                },
            };
            let id = i64::try_from(i).unwrap_or(i64::MAX);
            Event {
                id,
                slug: format!("event-{i}"),
                uid: format!("event-{i}@enlace"),
                details: EventDetails {
                    host,
                    cohosts: Vec::new(),
                    city: "Ciudad".into(),
                    venue: String::new(),
                    tz: host.capital_zone(),
                    kind: rng.pick(&EventKind::ALL),
                    title: Localized::new(format!("Evento {i}"), format!("Event {i}")),
                    description: Localized::default(),
                    status: if rng.below(20) == 0 {
                        EventStatus::Cancelled
                    } else {
                        EventStatus::Confirmed
                    },
                    capacity: None,
                    dates,
                },
                revision: 0,
                version: 0,
                published: true,
                cancel_reason: String::new(),
                cancelled_at: None,
                created_at: DateTime::UNIX_EPOCH,
                updated_at: DateTime::UNIX_EPOCH,
            }
        })
        .collect();
    // Two registrations per event on average, by a fifth as many people as events.
    let people = (n / 5).max(1) as u64;
    let delegations = [
        "BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US", "OIM",
    ];
    let registrations = (0..2 * n)
        .map(|_| Registration {
            event_id: i64::try_from(rng.below(n as u64)).unwrap_or(0),
            person: format!("person-{}", rng.below(people)),
            delegation: rng.pick(&delegations).to_owned(),
        })
        .collect();
    // Twelve holidays a year in each member country.
    let holidays = Country::ALL
        .iter()
        .flat_map(|&country| {
            (0..YEARS * 12).map(move |k| Holiday {
                country,
                date: base() + Days::new(k * 30 + 5),
                name: Localized::new("Feriado", "Holiday"),
            })
        })
        .collect();
    (events, registrations, holidays)
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("coordination");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let mut rng = Rng(0x00C0_FFEE);
        let (events, registrations, holidays) = calendar(n, &mut rng);
        let entries = coordination::entries(&events);
        let report =
            coordination::find_conflicts(&entries, &registrations, &holidays, Options::default());
        let counts: Vec<String> = coordination::ConflictKind::ALL
            .iter()
            .map(|&k| format!("{} {}", k.code(), report.found(k)))
            .collect();
        eprintln!(
            "{n} events: {} conflicts kept; found: {}",
            report.conflicts.len(),
            counts.join(", ")
        );
        group.bench_with_input(BenchmarkId::new("default", n), &n, |b, _| {
            b.iter(|| {
                coordination::find_conflicts(
                    black_box(&entries),
                    black_box(&registrations),
                    black_box(&holidays),
                    Options::default(),
                )
                .conflicts
                .len()
            });
        });
        group.bench_with_input(BenchmarkId::new("uncapped", n), &n, |b, _| {
            let options = Options {
                max_per_kind: usize::MAX,
                ..Options::default()
            };
            b.iter(|| {
                coordination::find_conflicts(
                    black_box(&entries),
                    black_box(&registrations),
                    black_box(&holidays),
                    options,
                )
                .conflicts
                .len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
