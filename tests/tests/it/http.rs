//! The server's own protections, against the real binary: forms that survive a restart and work
//! across servers (the anti-forgery key comes from the site secret), security headers, body limits
//! checked before reading, the header-read timeout against slow clients, and PostgreSQL's session
//! time limits. The browser half (the pages under the Content-Security-Policy) is in
//! [`browser`].

mod browser;

use std::time::{Duration, Instant};

use app::domain::Country;
use app::domain::access::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::people::{Person, account, workshop};

crate::on_backends!(
    both: [
        a_form_opened_before_a_restart_is_accepted_after_it,
        two_servers_on_one_database_accept_each_others_forms,
        postgres_sessions_have_time_limits,
    ],
    sqlite_only: [
        servers_sharing_enlace_secret_accept_each_others_forms,
        a_short_enlace_secret_is_refused_at_start,
        every_response_has_security_headers,
        oversized_posts_are_refused_unread_and_nothing_is_saved,
        a_client_trickling_its_headers_is_disconnected,
    ],
);

const SECRET: &str = "a shared site secret for the tests, long enough";

/// Posts `person`'s sign-in form (opened on whichever server it was) to `app`: 303 when accepted.
async fn sign_in_on(app: &TestApp, person: &mut Person, email: &str) -> u16 {
    person.base = app.base_url.clone();
    let response = person
        .post(
            "/signin",
            &[("email", email), ("password", crate::people::PASSWORD)],
        )
        .await;
    response.status().as_u16()
}

async fn a_form_opened_before_a_restart_is_accepted_after_it(backend: Backend) {
    // No ENLACE_SECRET: the secret kept in the database keys the form.
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let mut person = Person::anonymous(&app).await;
    let db = app.stop().await;
    let app = TestApp::spawn_on(db, Spawn { demo: false }).await;
    assert_eq!(
        sign_in_on(&app, &mut person, "gt@test.org").await,
        303,
        "the form opened before the restart is accepted"
    );
}

async fn two_servers_on_one_database_accept_each_others_forms(backend: Backend) {
    let first = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&first, "gt@test.org", Role::Official(Country::GT)).await;
    let second = TestApp::spawn_on(first.db.alias(), Spawn { demo: false }).await;
    let mut person = Person::anonymous(&first).await;
    assert_eq!(sign_in_on(&second, &mut person, "gt@test.org").await, 303);
}

/// A server on a database of its own, with `secret` as `ENLACE_SECRET`.
async fn spawn_with_secret(backend: Backend, secret: &str) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_env(db, Spawn { demo: false }, &[("ENLACE_SECRET", secret)]).await
}

async fn servers_sharing_enlace_secret_accept_each_others_forms(backend: Backend) {
    // Each on a database of its own: only the secret is shared.
    let first = spawn_with_secret(backend, SECRET).await;
    let second = spawn_with_secret(backend, SECRET).await;
    let other =
        spawn_with_secret(backend, "another secret, not the one the first server has").await;
    for app in [&second, &other] {
        account(app, "gt@test.org", Role::Official(Country::GT)).await;
    }
    let mut person = Person::anonymous(&first).await;
    assert_eq!(sign_in_on(&second, &mut person, "gt@test.org").await, 303);
    let mut person = Person::anonymous(&first).await;
    assert_eq!(
        sign_in_on(&other, &mut person, "gt@test.org").await,
        403,
        "a server with another secret refuses the form"
    );
}

async fn a_short_enlace_secret_is_refused_at_start(backend: Backend) {
    let db = TestDb::new(backend).await;
    let output = tokio::process::Command::new(crate::helpers::binary())
        .current_dir(crate::helpers::workspace())
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_SITE_ROOT", crate::helpers::site_root())
        .env("DATABASE_URL", &db.url)
        .env("ENLACE_DEMO_DATA", "false")
        .env("ENLACE_SECRET", "short")
        .output()
        .await
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ENLACE_SECRET") && stderr.contains("at least 32 characters"),
        "{stderr}"
    );
}

async fn every_response_has_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get_in("/", "en").await;
    let headers = response.headers().clone();
    let page = response.text().await.unwrap();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce in the policy");
    assert!(nonce.len() >= 16, "{csp}");
    let script = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!script.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // Every script on the page carries this response's nonce (but the empty placeholder
    // `<script></script>` Leptos leaves, which runs nothing).
    let scripts: Vec<&str> = page
        .split("<script")
        .skip(1)
        .filter(|s| !s.starts_with("></script>"))
        .collect();
    assert!(scripts.len() >= 2, "the hydration script and the resources");
    for tag in &scripts {
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "<script{tag}>");
    }
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(!headers.contains_key("strict-transport-security"));
    // A fresh nonce for every response.
    let again = app.get_in("/", "en").await;
    assert_ne!(again.headers()["content-security-policy"], csp.as_str());
    // Feeds, files, errors and plain routes have them too; token pages send no referrer.
    let css = crate::assets::linked(&page, "stylesheet");
    let plain = ["/calendar.ics", "/healthz", css.as_str(), "/no-such-page"];
    for path in plain {
        let h = app.get_in(path, "en").await.headers().clone();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("content-security-policy"), "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
    }
    let private = [
        "/registrations/not-a-token",
        "/password/not-a-token",
        "/feeds/0000.ics",
        "/import/not-an-id",
    ];
    for path in private {
        let h = app.get_in(path, "en").await.headers().clone();
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
    }
    let db = app.stop().await;
    let https = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[("ENLACE_PUBLIC_URL", "https://enlace.example.org")],
    )
    .await;
    let h = https.get_in("/", "en").await.headers().clone();
    assert_eq!(
        h["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

/// A published workshop open for registration.
async fn open_workshop(app: &TestApp) -> app::domain::Event {
    let event = workshop(app, "taller-limites", Country::GT, None, true).await;
    crate::registrations::open_registration(app, event.id, Some(40), None).await;
    event
}

fn registration_form(email: &str) -> Vec<(&str, &str)> {
    vec![
        ("name", "Ana Pérez"),
        ("email", email),
        ("delegation", "GT"),
        ("institution", "Ministerio"),
        ("position", "Oficial de enlace"),
        ("lang", "es"),
        ("arrival_date", "2031-03-02"),
        ("departure_date", "2031-03-05"),
        ("consent", "on"),
    ]
}

/// An event proposal with a Spanish description.
fn proposal(description: &str) -> Vec<(&str, &str)> {
    vec![
        ("host", "GT"),
        ("city", "Antigua Guatemala"),
        ("kind", "workshop"),
        ("title_es", "Taller de límites"),
        ("title_en", "Workshop on limits"),
        ("start_date", "2031-06-03"),
        ("end_date", "2031-06-04"),
        ("description_es", description),
    ]
}

async fn oversized_posts_are_refused_unread_and_nothing_is_saved(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let event = open_workshop(&app).await;
    let delegate = Person::anonymous(&app).await;
    let path = format!("/events/{}/register", event.slug);
    let padding = "x".repeat(100 * 1024);

    // A registration form of 100 KB: refused with the reason, in the reader's language.
    let mut fields = registration_form("ana@test.org");
    fields.push(("notes", padding.as_str()));
    let response = delegate.post(&path, &fields).await;
    assert_eq!(response.status().as_u16(), 413);
    let page = response.text().await.unwrap();
    assert!(page.contains("at most 64 KB"), "{page}");
    let response = delegate
        .client
        .post(format!("{}{path}", delegate.base))
        .header("accept-language", "es")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert!(response.text().await.unwrap().contains("como máximo 64 KB"));
    let saved = app.store.registrations_for_event(event.id).await.unwrap();
    assert!(saved.is_empty(), "nothing saved: {saved:?}");
    // The same form without the padding goes through.
    let response = delegate
        .post(&path, &registration_form("ana@test.org"))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        app.store
            .registrations_for_event(event.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // The event form may be larger (two long descriptions), but not without bound.
    let official = Person::signed_in(&app, "gt@test.org").await;
    let before = app.store.count_events().await.unwrap();
    let huge = "y".repeat(300 * 1024);
    let response = official.post("/events/new", &proposal(&huge)).await;
    assert_eq!(response.status().as_u16(), 413);
    assert!(response.text().await.unwrap().contains("at most 256 KB"));
    assert_eq!(app.store.count_events().await.unwrap(), before);

    // A body with no declared length is cut off at the limit as it is read.
    let addr = app.base_url.strip_prefix("http://").unwrap().to_owned();
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /signin HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: en\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // 72 KiB in chunks, then the end: all sent before reading the answer.
    let chunk = format!("{:x}\r\n{}\r\n", 8192, "z".repeat(8192));
    let body = format!("{}0\r\n\r\n", chunk.repeat(9));
    let _ = stream.write_all(body.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

async fn a_client_trickling_its_headers_is_disconnected(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[("ENLACE_HEADER_TIMEOUT_SECS", "1")],
    )
    .await;
    let addr = app.base_url.strip_prefix("http://").unwrap().to_owned();
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nX-Slow: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(40)
    );
    // Sent at once, it is answered.
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"));

    // One byte every 200 ms (the whole request would take about 20 s): cut off after about 1 s.
    let stream = TcpStream::connect(&addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let bytes = request.into_bytes();
    let sending = tokio::spawn(async move {
        for b in bytes {
            if writer.write_all(&[b]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let started = Instant::now();
    let mut answer = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(8), reader.read_to_end(&mut answer)).await;
    let elapsed = started.elapsed();
    sending.abort();
    assert!(
        closed.is_ok(),
        "the connection was still open after 8 s of trickled headers"
    );
    assert!(elapsed >= Duration::from_millis(800), "{elapsed:?}");
    assert!(
        !answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

async fn postgres_sessions_have_time_limits(backend: Backend) {
    let db = TestDb::new(backend).await;
    let url = db.url.clone();
    // The store as the server opens it, with the default limits and then with chosen ones.
    let open = |extra: &'static [(&'static str, &'static str)]| {
        let url = url.clone();
        async move {
            let settings = server::config::Settings::from_lookup(|k| {
                if k == "DATABASE_URL" {
                    return Some(url.clone());
                }
                extra
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| (*v).to_owned())
            });
            server::db::open(&settings.unwrap()).await.unwrap()
        }
    };
    let store = open(&[]).await;
    let settings = [
        ("statement_timeout", "15s"),
        ("lock_timeout", "5s"),
        ("idle_in_transaction_session_timeout", "30s"),
    ];
    for (name, expected) in settings {
        let value = store.session_setting(name).await.unwrap();
        match backend {
            Backend::Postgres => assert_eq!(value.as_deref(), Some(expected), "{name}"),
            Backend::Sqlite => assert_eq!(value, None, "{name}"),
        }
    }
    if backend == Backend::Postgres {
        let store = open(&[
            ("ENLACE_DB_STATEMENT_TIMEOUT_SECS", "2"),
            ("ENLACE_DB_LOCK_TIMEOUT_SECS", "0"),
        ])
        .await;
        let value = store.session_setting("statement_timeout").await.unwrap();
        assert_eq!(value.as_deref(), Some("2s"));
        let value = store.session_setting("lock_timeout").await.unwrap();
        assert_eq!(value.as_deref(), Some("0"));
    }
    drop(db);
}
