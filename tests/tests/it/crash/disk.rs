//! Disk full on SQLite: the database on a small tmpfs, filled up while the server runs. A
//! registration or an event then answers a 507 page in the reader's language saying nothing was
//! saved, the server does not panic and goes on reading, saves again as soon as there is room,
//! and the file, checked and restarted, holds everything saved before, intact.

use std::io::Write;
use std::path::{Path, PathBuf};

use app::domain::Country;
use app::domain::access::Role;

use super::{Answer, assert_no_panic, check_whole, closed_smtp, post_registration, text};
use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_sqlite_only;
use crate::people::{Person, account, borrowed};
use crate::registrations::open_workshop;

/// A tmpfs of `size` mounted on a directory of its own, unmounted and removed when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let uid = std::process::Command::new("id").arg("-u").output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&uid.stdout).trim(),
            "0",
            "this test needs root: it mounts a small tmpfs to fill up (run the tests as root, as CI does)"
        );
        let dir =
            std::env::temp_dir().join(format!("enlace-full-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "mount -t tmpfs failed (root, but no mount rights?)"
        );
        Tmpfs { dir }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: the test's own pools may still hold the file open for a moment.
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.dir)
            .status();
        let _ = std::fs::remove_dir(&self.dir);
    }
}

/// Fills the file system of `dir` with a file until not even 512 bytes fit; returns its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let big = vec![0xA5_u8; 64 * 1024];
    while file.write_all(&big).is_ok() {}
    let small = [0xA5_u8; 512];
    while file.write_all(&small).is_ok() {}
    path
}

/// `pragma integrity_check` of the SQLite file at `url`.
async fn integrity(url: &str) -> String {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let result: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    result
}

/// An event proposed through the real form.
fn proposal(title: &str) -> Vec<(String, String)> {
    [
        ("host", "GT"),
        ("city", "Antigua Guatemala"),
        ("kind", "workshop"),
        ("title_es", title),
        ("title_en", title),
        ("start_date", "2031-06-10"),
        ("end_date", "2031-06-11"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

async fn a_full_disk_saves_nothing_says_so_and_keeps_what_was_saved(_backend: Backend) {
    let disk = Tmpfs::mount("16m");
    let mut db = TestDb::new(Backend::Sqlite).await.alias();
    db.url = format!("sqlite://{}/enlace.db", disk.dir.display());
    let smtp = closed_smtp();
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_SMTP_URL", smtp.as_str()),
    ];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let event = open_workshop(&app, "lleno", None, None).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let host = Person::signed_in(&app, "gt@test.org").await;
    let delegate = Person::anonymous(&app).await;
    let url = app.url("/events/lleno/register");
    let post = |i: usize, lang: &'static str| {
        let (client, token, url) = (&delegate.client, &delegate.token, &url);
        async move { post_registration(client, url, token, "lleno", i, lang).await }
    };
    let mut answers = Vec::new();
    for i in 0..20 {
        let (answer, _) = post(i, "es").await;
        assert!(matches!(answer, Answer::Saved(_)), "{i}: {answer:?}");
        answers.push((i, answer));
    }
    let events_before = app.store.count_events().await.unwrap();

    // The disk fills up while the server runs (the log emptied first, so that the next write
    // needs new room at once rather than reusing the log's old pages).
    app.db.execute("pragma wal_checkpoint(truncate)").await;
    let filler = fill(&disk.dir);
    let mut refused = None;
    for i in 20..520 {
        let (answer, body) = post(i, "en").await;
        if let Answer::Refused(status) = answer {
            refused = Some((i, status, body.unwrap_or_default()));
            answers.push((i, answer));
            break;
        }
        answers.push((i, answer));
    }
    let (first_refused, status, body) = refused.expect("the full disk refused a registration");
    println!(
        "disk full: {} registrations saved, then {status}",
        first_refused
    );
    assert_eq!(status, 507, "{body}");
    assert!(body.contains(&text("en", "fault_disk_full")), "{body}");
    let (answer, body) = post(first_refused + 1, "es").await;
    assert_eq!(answer, Answer::Refused(507));
    assert!(body.unwrap().contains(&text("es", "fault_disk_full")));
    answers.push((first_refused + 1, answer));
    let proposed = host
        .post("/events/new", &borrowed(&proposal("Taller sin espacio")))
        .await;
    assert_eq!(proposed.status().as_u16(), 507);
    let body = proposed.text().await.unwrap();
    assert!(body.contains(&text("en", "fault_disk_full")), "{body}");
    // Reading goes on.
    let page = delegate.get("/events/lleno").await;
    assert_eq!(page.status().as_u16(), 200);

    // Room again: the same server saves again, without a restart.
    std::fs::remove_file(filler).unwrap();
    let next = first_refused + 2;
    let (answer, _) = post(next, "es").await;
    assert!(
        matches!(answer, Answer::Saved(_)),
        "after freeing room: {answer:?}"
    );
    answers.push((next, answer));
    let proposed = host
        .post("/events/new", &borrowed(&proposal("Taller con espacio")))
        .await;
    assert_eq!(proposed.status().as_u16(), 303);
    assert_eq!(app.store.count_events().await.unwrap(), events_before + 1);

    let (db, log) = app.stop_with_log().await;
    assert_no_panic(&log);
    assert_eq!(integrity(&db.url).await, "ok");
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let stored = check_whole(&app, &event, "lleno", &answers).await;
    let saved = answers
        .iter()
        .filter(|(_, a)| matches!(a, Answer::Saved(_)))
        .count();
    assert_eq!(stored, saved, "nothing refused was saved");
    assert_eq!(app.store.count_events().await.unwrap(), events_before + 1);
    let db = app.stop().await;
    assert_eq!(integrity(&db.url).await, "ok");
    drop(disk);
}

on_sqlite_only!(a_full_disk_saves_nothing_says_so_and_keeps_what_was_saved);
