//! Issue 12, "the server panics under load": many readers at once, in both languages, some of
//! them leaving in the middle of a page, and not one panic in the server's log.
//!
//! The panics came from the moment a page's reactive tree is torn down while tasks of the page
//! still run on another worker (the language effect of leptos_i18n, `<Suspense>` effects reading
//! the language or the router's context). The race is one of timing: this story cannot catch it
//! every time, but it never fails falsely.

use std::time::Duration;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};

/// Readers at once.
const TASKS: usize = 8;

/// Pages each reader asks for, one after the other.
const REQUESTS: usize = 200;

/// An event page, the home page and a month of the calendar, all from the demo data.
const PATHS: [&str; 3] = [
    "/events/conferencia-trabajo-forzado-infantil-trata-2010",
    "/",
    "/calendar?month=2010-12",
];

/// What a panic, or a read of a value already gone, writes to the log.
const BAD: [&str; 3] = ["panicked at", "already been disposed", "no Arena is active"];

/// One reader: `REQUESTS` pages; every 10th is left after its headers (its body is never read,
/// so the connection is dropped while the server may still be writing it). Returns how many
/// pages were read whole.
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
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        if i % 10 == 9 {
            // Gone after the headers.
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
    assert_eq!(read, TASKS * REQUESTS * 9 / 10);
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
