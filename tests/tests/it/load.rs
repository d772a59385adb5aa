//! Issue 12, "the server panics under load": many readers at once, in both languages, many of
//! them leaving in the middle of a page, and not one panic in the server's log.
//!
//! The panics came from the moment a page's reactive tree is torn down while tasks of the page
//! still run on another worker (the language effect of leptos_i18n, `<Suspense>` effects reading
//! the language or the router's context): mostly when a client leaves while its page renders.
//! The race is one of timing: this story cannot catch it every time (on a debug build without
//! the protections it did in most runs), but it never fails falsely.

use std::time::Duration;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};

/// Readers at once.
const TASKS: usize = 16;

/// Pages each reader asks for, one after the other.
const REQUESTS: usize = 300;

/// An event page, the home page and a month of the calendar, all from the demo data.
const PATHS: [&str; 3] = [
    "/events/conferencia-trabajo-forzado-infantil-trata-2010",
    "/",
    "/calendar?month=2010-12",
];

/// What a panic, or a read of a value already gone, writes to the log.
const BAD: [&str; 3] = ["panicked at", "already been disposed", "no Arena is active"];

/// How a reader leaves its `i`-th page: `None` when it reads it whole.
fn leaves(i: usize, n: usize) -> Option<Leave> {
    if i % 10 == 9 {
        Some(Leave::AfterHeaders)
    } else if i.is_multiple_of(2) {
        Some(Leave::While(Duration::from_millis((n * 7 % 30) as u64)))
    } else {
        None
    }
}

/// When a reader leaves a page.
enum Leave {
    /// Once it has the headers: the body is never read, and the connection dropped while the
    /// server may still be writing it.
    AfterHeaders,
    /// After this long, answered or not: mostly while the page still renders.
    While(Duration),
}

/// One reader: `REQUESTS` pages, one after the other, leaving some of them early (see
/// [`leaves`]). Returns how many pages it read whole.
async fn reader(base: String, task: usize) -> usize {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut read = 0;
    for i in 0..REQUESTS {
        let n = task * REQUESTS + i;
        let path = PATHS[n % PATHS.len()];
        let lang = if n.is_multiple_of(2) { "es" } else { "en" };
        let mut request = client
            .get(format!("{base}{path}"))
            .header("accept-language", lang);
        if n.is_multiple_of(3) {
            let other = if lang == "es" { "en" } else { "es" };
            request = request.header("cookie", format!("i18n_pref_locale={other}"));
        }
        let leave = leaves(i, n);
        let response = match leave {
            Some(Leave::While(after)) => match tokio::time::timeout(after, request.send()).await {
                Ok(response) => response.unwrap(),
                // Gone before the answer.
                Err(_) => continue,
            },
            _ => request.send().await.unwrap(),
        };
        assert_eq!(response.status().as_u16(), 200, "{path}");
        if leave.is_some() {
            drop(response);
            continue;
        }
        let body = response.text().await.unwrap();
        assert!(body.contains("</html>"), "{path}: {body}");
        read += 1;
    }
    read
}

/// The lines around the first of `bad` in `log`.
fn around(log: &str, bad: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let at = lines.iter().position(|l| l.contains(bad)).unwrap_or(0);
    lines[at.saturating_sub(3)..(at + 30).min(lines.len())].join("\n")
}

async fn many_readers_some_leaving_mid_page_cause_no_panic(backend: Backend) {
    let db = TestDb::new(backend).await;
    let env = [("ENLACE_FEED_MONTHS_BACK", "240"), ("RUST_BACKTRACE", "1")];
    let app = TestApp::spawn_env(db, Spawn { demo: true }, &env).await;
    let mut readers = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        readers.spawn(reader(app.base_url.clone(), task));
    }
    let mut read = 0;
    while let Some(done) = readers.join_next().await {
        read += done.unwrap();
    }
    let whole = (0..TASKS * REQUESTS)
        .filter(|n| leaves(n % REQUESTS, *n).is_none())
        .count();
    assert_eq!(read, whole);
    // The pages left mid-way finish in the background: time for a late panic to show.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (_db, log) = app.stop_with_log().await;
    let found: Vec<(&str, usize)> = BAD
        .iter()
        .map(|bad| (*bad, log.matches(bad).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(
        found.is_empty(),
        "the server's log after {} pages: {found:?}\n{}",
        TASKS * REQUESTS,
        found
            .first()
            .map_or(String::new(), |(bad, _)| around(&log, bad))
    );
}

crate::on_sqlite_only!(many_readers_some_leaving_mid_page_cause_no_panic);
