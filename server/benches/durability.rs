//! What SQLite's `synchronous = full` costs: a registration through the real use case and store
//! (validation, the event's lock, the seat decision, the row, its mail in the outbox, one commit)
//! on a SQLite file, with the server's `full` (every commit fsynced before it is answered) and
//! with `normal` (fsync at checkpoints only), one at a time and eight at once.
//!
//! The file lives under `CARGO_TARGET_TMPDIR` (the target directory, on a real disk), or under
//! `ENLACE_BENCH_DIR` when set: on a tmpfs an fsync costs nothing and both settings measure alike.
//!
//! `cargo bench -p server --bench durability`

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::domain::registration::{RegistrationInput, RegistrationMode, RegistrationSettings};
use app::domain::{Event, EventInput};
use app::ssr::AuditActor;
use app::ssr::secret::SiteSecret;
use app::ssr::store::DynStore;
use app::usecase::registrations::{Registering, register};
use app::usecase::{Deps, RegistrationPolicy};
use criterion::{Criterion, criterion_group, criterion_main};
use server::db::SqlStore;
use server::db::dialect::SqliteSync;
use tokio::runtime::Runtime;

/// Registrations sent at once in the concurrent case.
const AT_ONCE: usize = 8;

/// Where the benchmark's databases go.
fn bench_dir() -> PathBuf {
    let base = std::env::var_os("ENLACE_BENCH_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")), PathBuf::from);
    let dir = base.join(format!(
        "enlace-durability-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("creating the benchmark's directory");
    dir
}

/// The use cases' dependencies on a fresh SQLite file with `sync`, and an upcoming event open
/// for registration without a capacity (nobody is waitlisted).
async fn setup(dir: &std::path::Path, sync: SqliteSync) -> (Deps, Event) {
    let url = format!("sqlite://{}/{sync:?}.db", dir.display());
    let store: DynStore = Arc::new(
        SqlStore::connect_sqlite_for_benchmark(&url, sync)
            .await
            .expect("opening the benchmark's database"),
    );
    let by = AuditActor {
        account_id: None,
        email: "bench".into(),
    };
    let details = EventInput {
        host: "GT".into(),
        city: "Ciudad de Guatemala".into(),
        kind: "workshop".into(),
        title_es: "Taller de la CRM".into(),
        title_en: "CRM workshop".into(),
        start_date: "2031-03-03".into(),
        end_date: "2031-03-04".into(),
        ..EventInput::default()
    }
    .validate()
    .expect("a valid event");
    let now = chrono::Utc::now();
    let event = store
        .create_event_by("taller", "taller@enlace.bench", &details, true, &by, now)
        .await
        .expect("storing the event");
    let settings = RegistrationSettings {
        open: true,
        capacity: None,
        quota: None,
        deadline: None,
        mode: RegistrationMode::Open,
    };
    store
        .set_registration_settings(event.id, &settings, &by, now)
        .await
        .expect("opening registration");
    let secret = SiteSecret::new(&SiteSecret::generate()).expect("a secret");
    let deps = Deps {
        store,
        mail: Arc::new(server::notify::DelegateMail {
            public_url: "https://enlace.example.org".into(),
            wake: Arc::default(),
        }),
        sealer: server::keys::sealer(&secret),
        registration: RegistrationPolicy {
            hold: chrono::Duration::hours(24),
            mail_configured: true,
        },
    };
    (deps, event)
}

/// A complete registration form for delegate `i`.
fn form(i: usize) -> Registering {
    let field = |name: &str| -> String {
        match name {
            "name" => return format!("Delegada {i}"),
            "email" => return format!("d{i}@bench.org"),
            "delegation" => "GT",
            "institution" => "Ministerio de Relaciones Exteriores",
            "position" => "Directora de Asuntos Migratorios",
            "lang" => "es",
            "arrival_date" => "2031-03-02",
            "arrival_time" => "14:30",
            "arrival_flight" => "CM 201",
            "departure_date" => "2031-03-05",
            "departure_time" => "08:15",
            "departure_flight" => "CM 202",
            "hotel" | "transfer" | "visa_letter" | "consent" => "on",
            "dietary" => "Vegetariana",
            "interpretation" => "en",
            _ => "",
        }
        .to_string()
    };
    Registering {
        input: RegistrationInput::from_fields(field),
        nonce: None,
    }
}

async fn one(deps: &Deps, slug: &str, i: usize) {
    let registered = register(deps, slug, form(i)).await;
    black_box(registered.expect("registered"));
}

fn bench(c: &mut Criterion) {
    let runtime = Runtime::new().expect("a runtime");
    let dir = bench_dir();
    let mut group = c.benchmark_group("register_sqlite");
    for sync in [SqliteSync::Full, SqliteSync::Normal] {
        let (deps, event) = runtime.block_on(setup(&dir, sync));
        let next = Arc::new(AtomicUsize::new(0));
        let name = format!("{sync:?}").to_lowercase();
        group.bench_function(format!("{name}/one"), |b| {
            b.iter(|| {
                let i = next.fetch_add(1, Ordering::Relaxed);
                runtime.block_on(one(&deps, &event.slug, i));
            });
        });
        group.bench_function(format!("{name}/{AT_ONCE}_at_once"), |b| {
            b.iter(|| {
                runtime.block_on(async {
                    let mut tasks = tokio::task::JoinSet::new();
                    for _ in 0..AT_ONCE {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let (deps, slug) = (deps.clone(), event.slug.clone());
                        tasks.spawn(async move { one(&deps, &slug, i).await });
                    }
                    while let Some(done) = tasks.join_next().await {
                        done.expect("a registration task");
                    }
                });
            });
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
