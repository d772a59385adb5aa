//! Issue 12, SIGTERM: the request under way when the server is told to stop finishes as usual
//! and no new connection is taken; mail still queued stays queued, neither failed nor lost, and
//! goes out after the restart; the server exits promptly, with status 0.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_backends;
use crate::people::{Person, extract_token};
use crate::registrations::{SmtpSink, form, manage_path, open_workshop, post};

/// A form token and the cookies it goes with, as a browser gets them with a page.
async fn token_and_cookies(app: &TestApp) -> (String, String) {
    let response = app.get_in("/signin", "en").await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    let page = response.text().await.unwrap();
    (extract_token(&page).unwrap(), cookies.join("; "))
}

/// `fields` as a form body (`application/x-www-form-urlencoded`).
fn urlencoded(fields: &[(String, String)]) -> String {
    let mut url = reqwest::Url::parse("http://form.test/").unwrap();
    url.query_pairs_mut().extend_pairs(fields);
    url.query().unwrap().to_owned()
}

/// Tries new connections to `addr` until one is refused (true), for up to 5 s.
async fn refused(addr: &str) -> bool {
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

async fn a_request_under_way_finishes_after_sigterm(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let event = open_workshop(&app, "apagado", None, None).await;
    let (token, cookies) = token_and_cookies(&app).await;
    let mut fields = vec![("authenticity_token".to_owned(), token)];
    fields.extend(form("Lucía Pérez", "lucia@test.org", "GT"));
    let body = urlencoded(&fields);
    let (first, rest) = body.split_at(body.len() / 2);
    let addr = app.base_url.trim_start_matches("http://").to_owned();
    // A slow client: the headers and half the body, then nothing for a while.
    let mut client = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /events/{}/register HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: en\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Cookie: {cookies}\r\n\r\n",
        event.slug,
        body.len()
    );
    client.write_all(head.as_bytes()).await.unwrap();
    client.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;

    app.signal("TERM");
    assert!(
        refused(&addr).await,
        "a new connection was still taken after SIGTERM"
    );
    // The rest of the body arrives: the registration is answered and saved as usual.
    client.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), client.read_to_end(&mut answer))
        .await
        .expect("no answer within 30 s")
        .expect("the connection failed before its answer");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("\r\nlocation: /registrations/"),
        "{answer}"
    );
    let saved = app.store.registrations_for_event(event.id).await.unwrap();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].details.email, "lucia@test.org");
    let (_db, status, log) = app.exited().await;
    assert_eq!(status.code(), Some(0), "{status}\n{log}");
}

/// A mail server that takes connections and never says a word (a relay that hangs); counts the
/// connections it took.
async fn hanging_smtp() -> (u16, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let taken = Arc::new(AtomicUsize::new(0));
    let count = taken.clone();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (port, taken, task)
}

/// The outbox's rows: recipient, status, attempts, last error, lease.
type Row = (String, String, i64, Option<String>, i64);

async fn outbox(db: &TestDb) -> Vec<Row> {
    const SQL: &str = "select recipient, status, attempts, last_error, locked_until \
                       from mail_outbox order by id";
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
        let rows = sqlx::query_as(SQL).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        let rows = sqlx::query_as(SQL).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    }
}

async fn queued_mail_stays_queued_across_sigterm(backend: Backend) {
    let (port, taken, hanging) = hanging_smtp().await;
    let smtp = format!("smtp://127.0.0.1:{port}");
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_SMTP_URL", smtp.as_str()),
    ];
    let db = TestDb::new(backend).await;
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let event = open_workshop(&app, "correo-colgado", None, None).await;
    let person = Person::anonymous(&app).await;
    let path = format!("/events/{}/register", event.slug);
    let manage = manage_path(&post(&person, &path, &form("Marta", "marta@test.org", "GT")).await);
    // The sender is at the mail server, which never answers.
    for _ in 0..100 {
        if taken.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(taken.load(Ordering::SeqCst) > 0, "the sender never called");

    let stopping = Instant::now();
    app.signal("TERM");
    let (db, status, log) = app.exited().await;
    let took = stopping.elapsed();
    assert_eq!(status.code(), Some(0), "{status}\n{log}");
    assert!(took < Duration::from_secs(20), "it took {took:?} to exit");
    // Still queued: pending, not counted as an attempt, no error, and no sender's lease on it.
    let rows = outbox(&db).await;
    assert!(rows.iter().any(|r| r.0 == "marta@test.org"), "{rows:?}");
    for row in &rows {
        assert_eq!(
            (&row.1[..], row.2, &row.3, row.4),
            ("pending", 0, &None, 0),
            "{rows:?}"
        );
    }

    // Restarted with a mail server that works: the mail goes out at once.
    hanging.abort();
    let sink = SmtpSink::start().await;
    let up = sink.url();
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_SMTP_URL", up.as_str()),
    ];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let mails = sink.wait_for(rows.len()).await;
    let mail = mails
        .iter()
        .find(|m| m["to"] == "marta@test.org")
        .unwrap_or_else(|| panic!("{mails:?}"));
    let body = mail["body"].as_str().unwrap();
    assert!(body.contains(&manage), "{body}");
    for _ in 0..50 {
        if outbox(&app.db).await.iter().all(|r| r.1 == "sent") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("not recorded as sent: {:?}", outbox(&app.db).await);
}

on_backends!(
    both: [queued_mail_stays_queued_across_sigterm],
    sqlite_only: [a_request_under_way_finishes_after_sigterm],
);
