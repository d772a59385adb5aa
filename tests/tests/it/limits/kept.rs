//! What anonymous clients can store, against the real server, on both databases: an oversized
//! anonymous post is not kept and a long field is cut, anonymous input lives 30 minutes and a
//! signed-in person's 2 hours, signing out forgets the kept input, and expired kept input and
//! sessions are deleted by the periodic clean-up.

use std::time::Duration;

use app::domain::Country;
use app::domain::access::Role;

use super::{form, open_workshop, spawn};
use crate::helpers::{Backend, TestApp, TestDb};
use crate::on_both_backends;
use crate::people::{Person, account, borrowed};

on_both_backends!(
    an_oversized_anonymous_post_is_not_kept_and_a_large_field_is_cut,
    signing_out_forgets_the_kept_input,
    expired_kept_input_and_sessions_are_deleted_periodically,
);

/// One value of a SQL query on the test's database.
async fn scalar(db: &TestDb, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
        let v = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        v
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        let v = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        v
    }
}

/// The id of the kept input a response set the cookie of.
fn kept_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("enlace_form="))
        .and_then(|c| c.split(';').next())
        .filter(|id| !id.is_empty())
        .expect("a kept-input cookie")
        .to_owned()
}

/// Seconds from now until the kept input `id` expires.
async fn lifetime(app: &TestApp, id: &str) -> i64 {
    let expires = scalar(
        &app.db,
        &format!("select expires_at from form_drafts where id = '{id}'"),
    )
    .await;
    expires - chrono::Utc::now().timestamp()
}

async fn an_oversized_anonymous_post_is_not_kept_and_a_large_field_is_cut(backend: Backend) {
    let app = spawn(backend, &[]).await;
    let event = open_workshop(&app, "grande", 40).await;
    let path = format!("/events/{}/register", event.slug);
    let person = Person::anonymous(&app).await;

    // 40 KB of extra fields with a bad address: the error is shown, nothing typed is kept.
    let mut fields = form("ana@@minex");
    for i in 0..40 {
        fields.push((format!("extra{i}"), "x".repeat(1_000)));
    }
    let r = person.post(&path, &borrowed(&fields)).await;
    assert_eq!(r.headers()["location"], path.as_str());
    let id = kept_id(&r);
    let stored = scalar(
        &app.db,
        "select cast(coalesce(max(length(body)), 0) as bigint) from form_drafts",
    )
    .await;
    assert!(stored < 4_096, "{stored} bytes kept of 40 KB");
    let life = lifetime(&app, &id).await;
    assert!(
        (1_700..=1_800).contains(&life),
        "anonymous: 30 minutes, not {life} s"
    );
    let page = person.get_text(&path).await;
    assert!(page.contains("Not a valid e-mail address"), "{page}");
    assert!(page.contains("too long to keep"), "{page}");
    assert!(!page.contains("value=\"ana@@minex\""), "the form is empty");

    // One field far over its limit: kept, cut to what the form accepts.
    let mut fields = form("ana@@minex");
    fields.retain(|(k, _)| k != "name");
    fields.push(("name".into(), "n".repeat(5_000)));
    let r = person.post(&path, &borrowed(&fields)).await;
    assert_eq!(r.headers()["location"], path.as_str());
    let page = person.get_text(&path).await;
    assert!(page.contains("value=\"ana@@minex\""), "kept");
    assert!(
        page.contains(&format!("value=\"{}\"", "n".repeat(200))),
        "cut to 200"
    );
    assert!(!page.contains(&"n".repeat(201)));
    assert!(
        app.store
            .registrations_for_event(event.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn signing_out_forgets_the_kept_input(backend: Backend) {
    let app = spawn(backend, &[]).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    let sv = Person::signed_in(&app, "sv@test.org").await;
    let r = sv
        .post(
            "/events/new",
            &[
                ("host", "SV"),
                ("kind", "workshop"),
                ("title_es", "Taller privado"),
                ("start_date", "2031-05-12"),
                ("end_date", "2031-05-10"),
            ],
        )
        .await;
    assert_eq!(r.headers()["location"], "/events/new");
    let id = kept_id(&r);
    let life = lifetime(&app, &id).await;
    assert!(
        (7_100..=7_200).contains(&life),
        "signed in: 2 hours, not {life} s"
    );
    let r = sv.post("/signout", &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let cleared = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("enlace_form=;") && c.contains("Max-Age=0"));
    assert!(cleared, "the cookie is removed");
    let left = scalar(
        &app.db,
        &format!("select count(*) from form_drafts where id = '{id}'"),
    )
    .await;
    assert_eq!(left, 0, "the kept input is deleted");
}

async fn expired_kept_input_and_sessions_are_deleted_periodically(backend: Backend) {
    let app = spawn(backend, &[("ENLACE_CLEANUP_SECONDS", "1")]).await;
    let gt = account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let now = chrono::Utc::now();
    let hour = chrono::Duration::hours(1);
    app.store
        .save_form_draft("old-draft", "{}", now - hour)
        .await
        .unwrap();
    app.store
        .save_form_draft("live-draft", "{}", now + hour)
        .await
        .unwrap();
    // (Creating a session deletes the ones expired by its `now`: the live one first.)
    app.store
        .create_session("live-session", gt.id, now, now + hour)
        .await
        .unwrap();
    app.store
        .create_session("old-session", gt.id, now - hour - hour, now - hour)
        .await
        .unwrap();
    let count = |table: &'static str, key: &'static str, id: &'static str| {
        let db = &app.db;
        async move {
            scalar(
                db,
                &format!("select count(*) from {table} where {key} = '{id}'"),
            )
            .await
        }
    };
    let mut gone = false;
    for _ in 0..100 {
        if count("form_drafts", "id", "old-draft").await == 0
            && count("sessions", "token_hash", "old-session").await == 0
        {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "expired rows are deleted without any other request");
    assert_eq!(count("form_drafts", "id", "live-draft").await, 1);
    assert_eq!(count("sessions", "token_hash", "live-session").await, 1);
}
