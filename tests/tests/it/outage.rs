//! Issue 12, PostgreSQL stopped: the server reaches PostgreSQL through a small TCP proxy in the
//! test, which "stops" (stops listening and cuts every connection) and "starts" again on the same
//! port. Meanwhile pages answer 503 within seconds with a page in the reader's language saying
//! the database is unreachable, `/healthz` and the feeds 503, a registration 503 saying nothing
//! was saved; a signed-in person is not sent to sign in. Once PostgreSQL is back the same server
//! process answers again within seconds, with no restart and no panic, and its background tasks
//! did not spin.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::domain::Country;
use app::domain::access::Role;
use tokio::net::{TcpSocket, TcpStream};
use tokio::task::AbortHandle;

use crate::crash::{Answer, assert_no_panic, post_registration, text};
use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::people::{Person, account};
use crate::registrations::open_workshop;

/// The longest a page may take to say the database is unreachable.
const ANSWER_WITHIN: Duration = Duration::from_secs(8);

/// How soon after PostgreSQL is back the server must answer again.
const BACK_WITHIN: Duration = Duration::from_secs(10);

/// A TCP proxy on a fixed loopback port to `upstream`, which can stop and start.
struct Proxy {
    port: u16,
    upstream: SocketAddr,
    accept: Option<AbortHandle>,
    conns: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut proxy = Proxy {
            port,
            upstream,
            accept: None,
            conns: Arc::default(),
        };
        proxy.listen();
        proxy
    }

    /// Listens on the port (again) and forwards every connection.
    fn listen(&mut self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], self.port)))
            .unwrap();
        let listener = socket.listen(128).unwrap();
        let (upstream, conns) = (self.upstream, self.conns.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                conns.lock().unwrap().push(conn.abort_handle());
            }
        });
        self.accept = Some(accept.abort_handle());
    }

    /// Stops listening and cuts every connection, as a stopped PostgreSQL does.
    async fn stop(&mut self) {
        if let Some(accept) = self.accept.take() {
            accept.abort();
        }
        for conn in self.conns.lock().unwrap().drain(..) {
            conn.abort();
        }
        // Until the port refuses connections.
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", self.port)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the proxy still listens");
    }
}

/// The host and port of a PostgreSQL URL (`postgres://user@host:port/db`).
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").unwrap().1;
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.split('/').next().unwrap()
}

/// GETs `path` in `lang` and times it.
async fn timed_page(app: &TestApp, path: &str, lang: &str) -> (u16, String, Duration) {
    let started = Instant::now();
    let (status, body) = app.page(path, lang).await;
    (status, body, started.elapsed())
}

/// The page of an unreachable database, in `lang`, within [`ANSWER_WITHIN`].
async fn assert_unavailable_page(app: &TestApp, path: &str, lang: &str) {
    let (status, body, took) = timed_page(app, path, lang).await;
    println!("{path} ({lang}) with PostgreSQL stopped: {status} in {took:.1?}");
    assert_eq!(status, 503, "{path} ({lang}): {body}");
    assert!(took <= ANSWER_WITHIN, "{path} took {took:?}");
    for key in ["fault_unavailable_title", "fault_unavailable_text"] {
        assert!(
            body.contains(&text(lang, key)),
            "{path} ({lang}) lacks {key}: {body}"
        );
    }
}

async fn pages_say_postgres_is_down_and_recover_by_themselves() {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL is not set");
    let upstream: SocketAddr = authority(&admin)
        .replace("localhost", "127.0.0.1")
        .parse()
        .unwrap();
    let mut proxy = Proxy::start(upstream).await;
    let db = TestDb::new(Backend::Postgres).await;
    let mut via = db.alias();
    via.url = db
        .url
        .replace(authority(&db.url), &format!("127.0.0.1:{}", proxy.port));
    let app = TestApp::spawn_env(via, Spawn { demo: false }, &[]).await;
    let event = open_workshop(&app, "corte", None, None).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let host = Person::signed_in(&app, "gt@test.org").await;
    let delegate = Person::anonymous(&app).await;
    let register = app.url("/events/corte/register");
    for path in ["/", "/events/corte", "/healthz"] {
        assert_eq!(app.page(path, "es").await.0, 200, "{path}");
    }

    proxy.stop().await;
    let down = Instant::now();
    for lang in ["es", "en"] {
        assert_unavailable_page(&app, "/", lang).await;
        assert_unavailable_page(&app, "/events/corte", lang).await;
    }
    let (status, body, took) = timed_page(&app, "/healthz", "es").await;
    assert_eq!((status, body.as_str()), (503, "database unavailable"));
    assert!(took <= ANSWER_WITHIN, "{took:?}");
    let feed = app.get_in("/calendar.ics", "es").await;
    assert_eq!(feed.status().as_u16(), 503);
    assert!(feed.headers().contains_key("retry-after"));
    // A registration: 503, nothing saved, said in the reader's language.
    let (answer, body) = post_registration(
        &delegate.client,
        &register,
        &delegate.token,
        "corte",
        0,
        "en",
    )
    .await;
    assert_eq!(answer, Answer::Refused(503));
    let body = body.unwrap();
    assert!(
        body.contains(&text("en", "fault_unavailable_not_saved")),
        "{body}"
    );
    // A signed-in host is told the same, not sent to sign in again.
    let r = host.get("/dashboard").await;
    assert_eq!(r.status().as_u16(), 503);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(&text("en", "fault_unavailable_text"))
    );
    let outage = down.elapsed();

    proxy.listen();
    let up = Instant::now();
    loop {
        if app.page("/healthz", "es").await.0 == 200 {
            break;
        }
        assert!(
            up.elapsed() <= BACK_WITHIN,
            "not back after {:?}",
            up.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "PostgreSQL stopped for {outage:.1?}; the server answered again {:.1?} after it started",
        up.elapsed()
    );
    for lang in ["es", "en"] {
        let (status, body) = app.page("/events/corte", lang).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Taller corte") || body.contains("Workshop corte"));
        assert_eq!(app.page("/", lang).await.0, 200);
    }
    let (answer, _) = post_registration(
        &delegate.client,
        &register,
        &delegate.token,
        "corte",
        1,
        "es",
    )
    .await;
    assert!(matches!(answer, Answer::Saved(_)), "{answer:?}");
    assert_eq!(host.get("/dashboard").await.status().as_u16(), 200);
    assert_eq!(
        app.store
            .registrations_for_event(event.id)
            .await
            .unwrap()
            .len(),
        1,
        "only the registration sent once PostgreSQL was back"
    );

    // The same process throughout (it never printed its address twice), no panic, and the
    // outbox's sender asked the queue a few times during the outage, not in a loop.
    let (_, log) = app.stop_with_log().await;
    assert_eq!(log.matches("listening on").count(), 1, "{log}");
    assert_no_panic(&log);
    let rounds = log.matches("mail outbox:").count();
    println!("outbox rounds that failed during the outage: {rounds}");
    assert!(
        rounds <= 10,
        "the sender spun: {rounds} failed rounds\n{log}"
    );
    drop(db);
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_say_postgres_is_down_and_recover_by_themselves() {
        super::pages_say_postgres_is_down_and_recover_by_themselves().await;
    }
}
