//! Spawning the real server on a fresh database, and talking to it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::{EventDetails, EventInput};
use app::ssr::store::DynStore;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Which database a story runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A database of its own for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    dir: Option<PathBuf>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let name = format!("enlace_test_{}", uuid::Uuid::new_v4().simple());
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).unwrap();
                TestDb {
                    url: format!("sqlite://{}/enlace.db", dir.display()),
                    dir: Some(dir),
                    pg: None,
                }
            }
            Backend::Postgres => {
                let admin = std::env::var("TEST_DATABASE_URL").expect(
                    "TEST_DATABASE_URL is not set: run the README's test command, which starts PostgreSQL",
                );
                let pool = sqlx::PgPool::connect(&admin)
                    .await
                    .expect("connecting to TEST_DATABASE_URL");
                sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
                    .execute(&pool)
                    .await
                    .unwrap();
                pool.close().await;
                let (base, _) = admin.rsplit_once('/').unwrap();
                TestDb {
                    url: format!("{base}/{name}"),
                    dir: None,
                    pg: Some((admin, name)),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async; a small runtime of its own removes the database.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "drop database if exists {name} with (force)"
                        )))
                        .execute(&pool)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

/// The real `enlace` binary serving a fresh database on a loopback port.
pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    pub store: DynStore,
    pub db: TestDb,
    /// Everything the server wrote to stdout and stderr (its log), line by line.
    pub output: Arc<Mutex<String>>,
    child: Child,
    /// The tasks that copy the server's stdout and stderr into `output`; they end at the pipes' EOF.
    drains: Vec<tokio::task::JoinHandle<()>>,
}

/// The directory this test binary was built in (`target/debug`, wherever the target directory
/// is), where the same build put the server binary.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // <target>/[<triple>/]debug/deps/it-<hash>
    exe.ancestors().nth(2).unwrap().to_path_buf()
}

/// The server binary the README's build produced, next to this test binary.
pub fn binary() -> PathBuf {
    std::env::var_os("ENLACE_BIN").map_or_else(|| profile_dir().join("enlace"), PathBuf::from)
}

/// The site `scripts/build.sh` wrote for this profile: `site/` beside this test binary's profile
/// directory (`<target>/debug/site`, or `<target>/<triple>/debug/site` when the build named the
/// host triple, as the README's test command does), never the release site in `<target>/site`.
pub fn site_root() -> PathBuf {
    profile_dir().join("site")
}

/// Rate limits no story reaches (see `spawn_env`).
pub const RELAXED_LIMITS: &[(&str, &str)] = &[
    ("ENLACE_RATE_REGISTER", "100000/1s"),
    ("ENLACE_RATE_REGISTER_EVENT", "100000/1s"),
    ("ENLACE_RATE_PASSWORD", "100000/1s"),
    ("ENLACE_RATE_MAIL", "100000/1s"),
    ("ENLACE_RATE_DRAFTS", "100000/1s"),
];

/// Options for spawning.
#[derive(Clone, Copy)]
pub struct Spawn {
    pub demo: bool,
}

impl TestApp {
    /// Spawns on a fresh database with the demo data.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, Spawn { demo: true }).await
    }

    pub async fn spawn_with(backend: Backend, options: Spawn) -> TestApp {
        let db = TestDb::new(backend).await;
        Self::spawn_on(db, options).await
    }

    /// Spawns on an existing database (to test restarts).
    pub async fn spawn_on(db: TestDb, options: Spawn) -> TestApp {
        // The demo's events are from 2010, so tests reach back to them as the demo does.
        Self::spawn_env(db, options, &[("ENLACE_FEED_MONTHS_BACK", "240")]).await
    }

    /// Spawns on an existing database with extra environment variables.
    pub async fn spawn_env(db: TestDb, options: Spawn, env: &[(&str, &str)]) -> TestApp {
        let bin = binary();
        crate::fresh::ensure(&workspace(), &bin, &site_root());
        let mut child = Command::new(&bin)
            .current_dir(workspace())
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("LEPTOS_SITE_ROOT", site_root())
            .env("LEPTOS_SITE_PKG_DIR", "pkg")
            .env("LEPTOS_OUTPUT_NAME", "enlace")
            .env("LEPTOS_ENV", "DEV")
            .env("DATABASE_URL", &db.url)
            .env(
                "ENLACE_DEMO_DATA",
                if options.demo { "true" } else { "false" },
            )
            .env_remove("ENLACE_PUBLIC_URL")
            .env_remove("ENLACE_SMTP_URL")
            // The source report's events only, unless a test asks for the upcoming demo event.
            .env("ENLACE_DEMO_UPCOMING", "false")
            .env("RUST_LOG", "warn")
            // The stories post far more than one person would, all from 127.0.0.1: the rate limits
            // (but sign-in's) are out of their way here, and tested with their real settings in
            // `limits.rs`, which sets them again.
            .envs(RELAXED_LIMITS.iter().copied())
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("spawning enlace");
        let output = Arc::new(Mutex::new(String::new()));
        let keep = |output: &Arc<Mutex<String>>, line: &str| {
            let mut all = output.lock().unwrap();
            all.push_str(line);
            all.push('\n');
        };
        // Stderr still reaches the test's own stderr, and is kept too.
        let mut errors = BufReader::new(child.stderr.take().unwrap()).lines();
        let kept = output.clone();
        let mut drains = vec![tokio::spawn(async move {
            while let Ok(Some(line)) = errors.next_line().await {
                eprintln!("{line}");
                keep(&kept, &line);
            }
        })];
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base_url = tokio::time::timeout(Duration::from_secs(120), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                keep(&output, &line);
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.trim().to_owned();
                }
            }
            panic!("enlace exited before listening");
        })
        .await
        .expect("enlace did not start in time");
        // Keep draining stdout so the server never blocks on a full pipe.
        let kept = output.clone();
        drains.push(tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                keep(&kept, &line);
            }
        }));
        let settings = server::config::Settings {
            database_url: db.url.clone(),
            demo_data: false,
            demo_upcoming: false,
            ..server::config::Settings::from_lookup(|_| None).expect("the default settings")
        };
        let store = server::db::connect(&settings)
            .await
            .expect("opening the test database in-process");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            base_url,
            client,
            store,
            db,
            output,
            child,
            drains,
        }
    }

    /// The server's process id (to send it signals).
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the server is running")
    }

    /// Sends the server a signal by name (`TERM`, `KILL`, ...), as an operator's `kill -s` would.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", name, &self.pid().to_string()])
            .status()
            .expect("running kill");
        assert!(status.success(), "kill -s {name} failed");
    }

    /// Waits for the server to exit by itself (after a signal), and hands back its database, its
    /// exit status and its whole log (every line it wrote before exiting).
    pub async fn exited(mut self) -> (TestDb, std::process::ExitStatus, String) {
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .expect("the server did not exit within 60 s")
            .expect("waiting for the server");
        for drain in self.drains.drain(..) {
            let _ = drain.await;
        }
        let log = self.output.lock().unwrap().clone();
        (self.db, status, log)
    }

    /// Kills the server (SIGKILL: no chance to clean up) and hands back its database and its whole
    /// log.
    pub async fn stop_with_log(self) -> (TestDb, String) {
        self.signal("KILL");
        let (db, _, log) = self.exited().await;
        (db, log)
    }

    /// Stops the server and hands back its database.
    pub async fn stop(mut self) -> TestDb {
        let _ = self.child.kill().await;
        let _ = self.child.wait().await;
        self.db
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// GET with an Accept-Language header.
    pub async fn get_in(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap()
    }

    /// GET a page and return its status and body, without the `<!>` hydration markers that Leptos
    /// puts between text nodes (they are invisible to readers).
    pub async fn page(&self, path: &str, accept_language: &str) -> (u16, String) {
        let response = self.get_in(path, accept_language).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap().replace("<!>", ""))
    }

    /// Stores an event directly (posting comes with accounts, in a later issue).
    pub async fn insert(&self, slug: &str, details: &EventDetails) -> app::domain::Event {
        self.store
            .create_event(
                slug,
                &format!("{slug}@enlace.test"),
                details,
                chrono::Utc::now(),
            )
            .await
            .unwrap()
    }
}

impl TestDb {
    /// The same database for a second server; dropping it removes nothing (the original does).
    pub fn alias(&self) -> TestDb {
        TestDb {
            url: self.url.clone(),
            dir: None,
            pg: None,
        }
    }

    /// Runs one SQL statement directly on the database (to move stored times into the past).
    pub async fn execute(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        if self.url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

/// A valid event input to adjust per test.
pub fn input(host: &str, start: &str, end: &str) -> EventInput {
    EventInput {
        host: host.into(),
        city: "Ciudad".into(),
        kind: "workshop".into(),
        title_es: format!("Taller en {host}"),
        title_en: format!("Workshop in {host}"),
        start_date: start.into(),
        end_date: end.into(),
        ..EventInput::default()
    }
}

/// Writes `text` to a temporary file and runs an external program on it, returning its stdout.
pub fn run_tool(program: &str, args: &[&str], text: &str) -> String {
    let path = std::env::temp_dir().join(format!("enlace-{}.ics", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, text).unwrap();
    let output = std::process::Command::new(program)
        .args(args)
        .arg(&path)
        .current_dir(workspace())
        .output()
        .unwrap_or_else(|e| panic!("running {program}: {e}"));
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Parsers must read our feeds without a warning, not only without an error.
    assert!(
        output.stderr.is_empty(),
        "{program} {args:?} warned: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The python interpreter with icalendar installed (the test command makes a venv).
pub fn python() -> String {
    std::env::var("ENLACE_PYTHON").unwrap_or_else(|_| {
        workspace()
            .join("target/pyenv/bin/python")
            .display()
            .to_string()
    })
}
