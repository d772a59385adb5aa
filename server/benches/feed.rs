//! Feed rendering for 1,000 events (timed in every member zone, all-day, month-only, cancelled),
//! against serving the same feed from the render-once cache: the figures the feeds issue asks for.

use std::hint::black_box;

use app::domain::{Country, Event, EventInput, Lang};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use server::feed_cache::{FeedCache, FeedKey, Rendered};
use server::ical::{FeedInfo, render};

fn events(n: usize) -> Vec<Event> {
    let first = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
    (0..n)
        .map(|i| {
            let host = Country::ALL[i % Country::ALL.len()];
            let start = first + Days::new((i as u64 * 3) % 900);
            let end = start + Days::new((i % 3) as u64);
            let mut raw = EventInput {
                host: host.code().into(),
                city: "Ciudad de Guatemala".into(),
                venue: "Hotel Real InterContinental, Salón Los Lagos".into(),
                kind: ["workshop", "conference", "meeting"][i % 3].into(),
                title_es: format!(
                    "Taller regional sobre trata de personas y tráfico ilícito de migrantes n.º {i}"
                ),
                title_en: format!(
                    "Regional workshop on trafficking in persons and migrant smuggling no. {i}"
                ),
                description_es:
                    "Intercambio de buenas prácticas entre los oficiales de enlace de la región; \
                                 agenda, logística e interpretación simultánea."
                        .repeat(3),
                description_en:
                    "Exchange of good practice among the region's liaison officers; agenda, \
                                 logistics and simultaneous interpretation."
                        .repeat(3),
                start_date: start.to_string(),
                end_date: end.to_string(),
                ..EventInput::default()
            };
            match i % 4 {
                0 | 1 => {
                    raw.start_time = "09:00".into();
                    raw.end_time = "17:30".into();
                }
                2 => {}
                _ => {
                    raw.month = start.format("%Y-%m").to_string();
                    raw.start_date.clear();
                    raw.end_date.clear();
                }
            }
            let details = raw.validate().expect("valid bench event");
            let stamp = Utc
                .timestamp_opt(1_790_000_000 + i as i64, 0)
                .single()
                .expect("valid");
            Event {
                id: i as i64,
                slug: format!("evento-{i}"),
                uid: format!("evento-{i}@enlace.bench"),
                details,
                revision: (i % 5) as i64,
                version: (i % 5) as i64,
                published: true,
                cancel_reason: String::new(),
                cancelled_at: None,
                created_at: stamp,
                updated_at: stamp,
            }
        })
        .collect()
}

fn feed_info() -> FeedInfo<'static> {
    FeedInfo {
        name: "Enlace: calendario de la CRM",
        description: "Talleres, conferencias y reuniones",
        base_url: "https://enlace.example.org",
        lang: Lang::Es,
    }
}

fn bench(c: &mut Criterion) {
    let events = events(1_000);
    let text = render(&events, &feed_info());
    let rendered = Rendered::new(text.clone(), None, None);
    eprintln!(
        "1,000 events: {} bytes ({} gzipped), {} VTIMEZONEs",
        text.len(),
        rendered.gzip.len(),
        text.matches("BEGIN:VTIMEZONE").count()
    );
    let mut group = c.benchmark_group("feed_1000_events");
    group.bench_function("render", |b| {
        b.iter(|| black_box(render(black_box(&events), &feed_info())));
    });
    group.bench_function("render_hash_gzip", |b| {
        b.iter(|| {
            black_box(Rendered::new(
                render(black_box(&events), &feed_info()),
                None,
                None,
            ))
        });
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let cache = FeedCache::default();
    let now = Utc::now();
    let key = FeedKey::Scope(app::domain::feed::FeedScope::All, Lang::Es);
    group.bench_function("served_from_cache", |b| {
        b.iter(|| {
            runtime.block_on(async {
                black_box(
                    cache
                        .get_or_render(key.clone(), 1, now, || async {
                            Ok::<_, ()>(Rendered::new(render(&events, &feed_info()), None, None))
                        })
                        .await,
                )
            })
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
