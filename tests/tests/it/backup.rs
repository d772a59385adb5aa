//! Issue 14, backups as `docs/deploy.md` says, on both databases: `scripts/backup.sh` while the
//! server runs, `scripts/restore.sh` refusing while it runs, then stop, wipe the database, restore
//! and start again: the same registrations, seats and waitlist order, and the delegate's manage
//! link, her personal feed (same ETag), the collection feed and a signed-in session all still work.

use std::path::{Path, PathBuf};
use std::process::Command;

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::RegistrationStatus;

use crate::helpers::{Backend, Spawn, TestApp, TestDb, workspace};
use crate::on_both_backends;
use crate::people::{Person, account};
use crate::registrations::{feed_url, form, manage_path, open_workshop, post, registrations};

on_both_backends!(a_backup_taken_while_serving_restores_registrations_links_and_sessions);

/// The public URL both servers have, so that feeds read the same before and after.
const PUBLIC: &str = "http://backup.enlace.test";

async fn spawn(db: TestDb) -> TestApp {
    TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[
            ("ENLACE_FEED_MONTHS_BACK", "240"),
            ("ENLACE_PUBLIC_URL", PUBLIC),
        ],
    )
    .await
}

/// Runs one of the scripts with `DATABASE_URL`; its exit status and what it said.
fn script(name: &str, db: &TestDb, file: &Path, env: &[(&str, &str)]) -> (bool, String) {
    let output = Command::new("bash")
        .arg(workspace().join("scripts").join(name))
        .arg(file)
        .env("DATABASE_URL", &db.url)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("running {name}: {e}"));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

/// What a registration is, for comparing before and after.
type Row = (i64, String, RegistrationStatus, Option<u32>);

async fn rows(app: &TestApp, event: &app::domain::Event) -> Vec<Row> {
    registrations(app, event)
        .await
        .into_iter()
        .map(|r| (r.id, r.details.email, r.status, r.waitlist_position))
        .collect()
}

/// GET `path` (absolute under [`PUBLIC`] or not) on `app`: status, ETag and body.
async fn fetch(app: &TestApp, person: &Person, path: &str) -> (u16, String, String) {
    let path = path.trim_start_matches(PUBLIC);
    let r = person
        .client
        .get(app.url(path))
        .header("accept-language", "en")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let etag = r
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, etag, r.text().await.unwrap().replace("<!>", ""))
}

/// Removes the database as a lost disk would: the SQLite file (with its `-wal` and `-shm`), or the
/// PostgreSQL database, created again empty under the same name.
async fn wipe(db: &TestDb) {
    if let Some(path) = db.url.strip_prefix("sqlite://") {
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{path}{suffix}"));
            if file.exists() {
                std::fs::remove_file(file).unwrap();
            }
        }
        return;
    }
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let name = db.url.rsplit('/').next().unwrap();
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    for sql in [
        format!("drop database {name} with (force)"),
        format!("create database {name}"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

async fn a_backup_taken_while_serving_restores_registrations_links_and_sessions(backend: Backend) {
    let app = spawn(TestDb::new(backend).await).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let mut official = Person::signed_in(&app, "gt@test.org").await;
    let event = open_workshop(&app, "respaldo", Some(2), None).await;
    let path = format!("/events/{}/register", event.slug);
    let delegate = Person::anonymous(&app).await;
    let mut manage = Vec::new();
    for (i, code) in ["GT", "SV", "HN", "CR"].iter().enumerate() {
        let fields = form(&format!("Delegada {i}"), &format!("d{i}@test.org"), code);
        manage.push(manage_path(&post(&delegate, &path, &fields).await));
    }
    let before = rows(&app, &event).await;
    let statuses: Vec<_> = before.iter().map(|r| (r.2, r.3)).collect();
    assert_eq!(
        statuses,
        [
            (RegistrationStatus::Confirmed, None),
            (RegistrationStatus::Confirmed, None),
            (RegistrationStatus::Waitlisted, Some(1)),
            (RegistrationStatus::Waitlisted, Some(2)),
        ]
    );
    // The last delegate (second on the waitlist) keeps her manage link and her feed.
    let (_, _, page) = fetch(&app, &delegate, &manage[3]).await;
    let feed = feed_url(&page);
    let (status, feed_etag, feed_text) = fetch(&app, &delegate, &feed).await;
    assert_eq!(status, 200);
    let (_, calendar_etag, _) = fetch(&app, &delegate, "/calendar.ics").await;

    let dir = std::env::temp_dir().join(format!("enlace-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let backup = dir.join("enlace.backup");
    let (ok, said) = script("backup.sh", &app.db, &backup, &[]);
    assert!(ok, "backup.sh while the server runs: {said}");
    let (ok, again) = script("backup.sh", &app.db, &backup, &[]);
    assert!(!ok && again.contains("exists already"), "{again}");
    let (ok, refused) = script(
        "restore.sh",
        &app.db,
        &backup,
        &[("RESTORE_WAIT_SECONDS", "0")],
    );
    assert!(
        !ok && refused.contains("Stop every Enlace instance first"),
        "restore.sh must refuse while the server runs: {refused}"
    );

    let db = app.stop().await;
    wipe(&db).await;
    let (ok, said) = script("restore.sh", &db, &backup, &[]);
    assert!(ok, "restore.sh: {said}");
    let app = spawn(db).await;

    assert_eq!(rows(&app, &event).await, before, "the same registrations");
    let (status, _, public) = fetch(&app, &delegate, &format!("/events/{}", event.slug)).await;
    assert_eq!(status, 200);
    assert!(public.contains("2 of 2 seats taken"), "{public}");
    let (status, _, mine) = fetch(&app, &delegate, &manage[3]).await;
    assert_eq!(status, 200, "the manage link still opens");
    assert!(mine.contains("Delegada 3"), "{mine}");
    let (status, etag, text) = fetch(&app, &delegate, &feed).await;
    assert_eq!(
        (status, &etag),
        (200, &feed_etag),
        "the personal feed, same ETag"
    );
    assert_eq!(text, feed_text);
    let (_, etag, _) = fetch(&app, &delegate, "/calendar.ics").await;
    assert_eq!(etag, calendar_etag, "the collection feed, same ETag");
    official.base = app.base_url.clone();
    let dashboard = official.get("/dashboard").await;
    assert_eq!(dashboard.status().as_u16(), 200, "the session still works");
    let _ = std::fs::remove_dir_all(&dir);
}
