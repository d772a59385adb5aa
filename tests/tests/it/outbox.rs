//! Issue 11, privacy 1 and 3, against the real server: a feed reached by typing an address shows
//! that registration's event only and stops when it is cancelled; the merged feed comes only by
//! mail; mail waits in the database outbox until SMTP works, across a restart, and hosts see
//! what failed; the resend form answers the same for anyone; no token reaches the log.

mod logs;

use logs::no_token_reaches_the_log;

use std::time::Duration;

use app::domain::access::Role;
use app::domain::{Country, Event};
use serde_json::Value;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_backends;
use crate::people::{Person, account};
use crate::registrations::{
    SmtpSink, feed_url, form, location, manage_path, open_workshop, post, spawn_with_mail,
};

/// Registers `email` for `event` from `person`'s browser and returns the manage path.
async fn register(person: &Person, event: &Event, name: &str, email: &str) -> String {
    let path = format!("/events/{}/register", event.slug);
    manage_path(&post(person, &path, &form(name, email, "GT")).await)
}

/// The path of the feed a manage page shows.
async fn feed_of(app: &TestApp, person: &Person, manage: &str) -> String {
    let page = person.get_text(manage).await;
    feed_url(&page).trim_start_matches(&app.base_url).to_owned()
}

/// Every path on `base` in a mail body that starts with `prefix`.
fn links(body: &str, base: &str, prefix: &str) -> Vec<String> {
    body.split_whitespace()
        .filter_map(|w| w.strip_prefix(base))
        .filter(|p| p.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

async fn a_feed_from_a_typed_address_shows_only_its_own_event(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let a = open_workshop(&app, "victima-a", None, None).await;
    let b = open_workshop(&app, "victima-b", None, None).await;
    // The victim registers for A, the legitimate way.
    let victim = Person::anonymous(&app).await;
    let victims = register(&victim, &a, "Víctima", "victima@minex.gob.gt").await;
    let victim_feed = feed_of(&app, &victim, &victims).await;
    // The attacker registers the victim's address for B and reads the feed it is shown.
    let attacker = Person::anonymous(&app).await;
    let theirs = register(&attacker, &b, "Intruso", "VICTIMA@minex.gob.gt").await;
    let page = attacker.get_text(&theirs).await;
    assert!(
        !page.contains(&a.slug) && !page.contains("/feeds/person/"),
        "{page}"
    );
    let stolen = feed_of(&app, &attacker, &theirs).await;
    let text = attacker.get_text(&stolen).await;
    assert!(text.contains(&b.uid), "{text}");
    assert!(
        !text.contains(&a.uid),
        "the victim's other event leaked: {text}"
    );
    // Once the attacker cancels, their feed stops; the victim's is untouched.
    attacker.post(&format!("{theirs}/cancel"), &[]).await;
    assert_eq!(attacker.get(&stolen).await.status().as_u16(), 404);
    let text = victim.get_text(&victim_feed).await;
    assert!(text.contains(&a.uid) && !text.contains(&b.uid), "{text}");
}

async fn the_merged_feed_comes_only_by_mail(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    let a = open_workshop(&app, "todas-a", None, None).await;
    let b = open_workshop(&app, "todas-b", None, None).await;
    let me = Person::anonymous(&app).await;
    let first_a = register(&me, &a, "Carla", "carla@test.org").await;
    let first_b = register(&me, &b, "Carla", "carla@test.org").await;
    let old_feed = feed_of(&app, &me, &first_a).await;
    sink.wait_for(2).await;

    // Asking for the links again: one mail, with a new manage link per registration and the
    // merged feed; the old links stop.
    let r = me
        .post("/registrations/resend", &[("email", " Carla@Test.org ")])
        .await;
    assert_eq!(location(&r), "/registrations/resend?sent=1");
    let mails = sink.wait_for(3).await;
    let mail = mails
        .iter()
        .find(|m| m["subject"] == "Sus enlaces de inscripción en Enlace")
        .unwrap_or_else(|| panic!("{mails:?}"));
    assert_eq!(mail["to"], "carla@test.org");
    let body = mail["body"].as_str().unwrap();
    let manage = links(body, &app.base_url, "/registrations/");
    let manage: Vec<&String> = manage.iter().filter(|l| !l.ends_with("/resend")).collect();
    assert_eq!(manage.len(), 2, "{body}");
    let merged = links(body, &app.base_url, "/feeds/person/");
    assert_eq!(merged.len(), 1, "{body}");
    let merged = &merged[0];
    for old in [&first_a, &first_b, &old_feed] {
        assert_eq!(me.get(old).await.status().as_u16(), 404, "{old}");
    }
    for new in &manage {
        assert_eq!(me.get(new).await.status().as_u16(), 200, "{new}");
    }
    let text = me.get_text(merged).await;
    assert!(text.contains(&a.uid) && text.contains(&b.uid), "{text}");
    // No page reached by typing an address shows it.
    for page in [manage[0].as_str(), "/registrations/resend?sent=1"] {
        let html = me.get_text(page).await;
        assert!(!html.contains("/feeds/person/"), "{page}: {html}");
    }
    // A cancelled registration leaves the merged feed.
    let mut new_b = None;
    for path in &manage {
        if me
            .get_text(path)
            .await
            .contains(&format!("/events/{}\"", b.slug))
        {
            new_b = Some((*path).clone());
        }
    }
    let new_b = new_b.unwrap_or_else(|| panic!("no new link for {}: {body}", b.slug));
    me.post(&format!("{new_b}/cancel"), &[]).await;
    let text = me.get_text(merged).await;
    assert!(text.contains(&a.uid) && !text.contains(&b.uid), "{text}");
    // Asking again replaces the merged feed: the earlier one stops.
    me.post("/registrations/resend", &[("email", "carla@test.org")])
        .await;
    let mails = sink.wait_for(5).await;
    assert_eq!(
        mails.len(),
        5,
        "the cancellation and a second links mail: {mails:?}"
    );
    assert_eq!(me.get(merged).await.status().as_u16(), 404);
}

/// A page with the values of its per-request tokens (script nonces, the form token) emptied.
fn without_nonces(page: &str) -> String {
    let mut out = page.to_owned();
    for attr in [
        "crossorigin=\"",
        "nonce=\"",
        "name=\"authenticity_token\" value=\"",
    ] {
        let mut from = 0;
        while let Some(at) = out[from..].find(attr) {
            let start = from + at + attr.len();
            let end = out[start..].find('"').map_or(out.len(), |e| start + e);
            out.replace_range(start..end, "");
            from = start;
        }
    }
    out
}

async fn the_resend_form_answers_the_same_for_anyone(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    let event = open_workshop(&app, "reenvio", None, None).await;
    let someone = Person::anonymous(&app).await;
    register(&someone, &event, "Dora", "dora@test.org").await;
    sink.wait_for(1).await;

    let asker = Person::anonymous(&app).await;
    let page = asker
        .get_text(&format!("/events/{}/register", event.slug))
        .await;
    assert!(page.contains("href=\"/registrations/resend\""), "{page}");
    let mut answers = Vec::new();
    for email in ["dora@test.org", "nadie@test.org"] {
        let r = asker
            .post("/registrations/resend", &[("email", email)])
            .await;
        let status = r.status().as_u16();
        let mut names: Vec<String> = r
            .headers()
            .keys()
            .map(|k| k.as_str().to_owned())
            .filter(|k| k != "date")
            .collect();
        names.sort();
        let to = location(&r);
        let body = r.bytes().await.unwrap();
        let after = without_nonces(&asker.get_text(&to).await);
        answers.push((status, names, to, body, after));
    }
    assert_eq!(answers[0], answers[1], "the same answer, registered or not");
    assert_eq!(answers[0].0, 303);
    assert!(
        answers[0]
            .4
            .contains("If this address has registrations, a mail with their links is on its way."),
        "{}",
        answers[0].4
    );
    // Only the registered address gets mail (its registration, then its links).
    sink.wait_for(2).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mails = sink.read();
    let to: Vec<&Value> = mails.iter().map(|m| &m["to"]).collect();
    assert_eq!(to, ["dora@test.org", "dora@test.org"], "{mails:?}");
    // Not an address at all: the form again, saying so.
    let r = asker
        .post("/registrations/resend", &[("email", "dora@@x")])
        .await;
    assert_eq!(location(&r), "/registrations/resend");
    let page = asker.get_text("/registrations/resend").await;
    assert!(page.contains("Not a valid e-mail address"), "{page}");
}

/// The outbox's rows: recipient, status, attempts, last error, body.
async fn outbox(db: &TestDb) -> Vec<(String, String, i64, Option<String>, String)> {
    const SQL: &str = "select recipient, status, attempts, last_error, body from mail_outbox \
                       order by id";
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

/// Waits until every row of the outbox satisfies `done`.
async fn outbox_until(
    db: &TestDb,
    done: impl Fn(&(String, String, i64, Option<String>, String)) -> bool,
) -> Vec<(String, String, i64, Option<String>, String)> {
    for _ in 0..150 {
        let rows = outbox(db).await;
        if !rows.is_empty() && rows.iter().all(&done) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the outbox never got there: {:?}", outbox(db).await);
}

async fn mail_waits_in_the_outbox_until_smtp_works(backend: Backend) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let db = TestDb::new(backend).await;
    let down = format!("smtp://127.0.0.1:{closed}");
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_SMTP_URL", down.as_str()),
    ];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let event = open_workshop(&app, "sin-correo", None, None).await;
    let person = Person::anonymous(&app).await;
    let kept = register(&person, &event, "Elena", "elena@test.org").await;
    let lost = register(&person, &event, "Fabio", "fabio@test.org").await;
    // Saved, and the mail waits with the reason it could not go.
    assert_eq!(
        app.store
            .registrations_for_event(event.id)
            .await
            .unwrap()
            .len(),
        2
    );
    let rows = outbox_until(&app.db, |r| r.1 == "pending" && r.2 >= 1 && r.3.is_some()).await;
    assert!(
        rows[0].4.contains(&kept),
        "the body waits with its link: {rows:?}"
    );
    // One of them is given up (its last attempt is forced due).
    app.db
        .execute(
            "update mail_outbox set attempts = 9, next_attempt_at = 0 \
             where recipient = 'fabio@test.org'",
        )
        .await;
    outbox_until(&app.db, |r| r.0 != "fabio@test.org" || r.1 == "failed").await;
    let host = Person::signed_in(&app, "gt@test.org").await;
    let page = host
        .get_text(&format!("/events/{}/participants", event.slug))
        .await;
    let at = page
        .find("Mail not delivered")
        .expect("the failed mail is listed");
    let section = &page[at..];
    assert!(section.contains("elena@test.org") && section.contains("fabio@test.org"));
    assert!(
        section.contains("Given up") && section.contains("Retried at"),
        "{section}"
    );
    let error = rows[0].3.clone().unwrap();
    let word = error.split_whitespace().next().unwrap();
    assert!(section.contains(word), "the error ({error}) in {section}");
    for token in [&kept, &lost] {
        assert!(!page.contains(token.trim_start_matches("/registrations/")));
    }

    // Restarted with a working mail server: the pending mail goes out, the given-up one not.
    let db = app.stop().await;
    let sink = SmtpSink::start().await;
    let up = sink.url();
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_SMTP_URL", up.as_str()),
    ];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["to"], "elena@test.org");
    let body = mails[0]["body"].as_str().unwrap();
    assert!(body.contains(&format!("{kept}\n")), "{body}");
    let rows = outbox_until(&app.db, |r| r.1 != "pending").await;
    assert!(
        rows.iter().all(|r| r.4.is_empty()),
        "bodies erased: {rows:?}"
    );
    assert_eq!(rows[0].1, "sent");
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(sink.read().len(), 1);
}

async fn concurrent_senders_claim_each_mail_once(backend: Backend) {
    use app::domain::outbox::MailKind;
    use app::ssr::OutgoingMail;
    let db = TestDb::new(backend).await;
    let settings = server::config::Settings {
        database_url: db.url.clone(),
        demo_data: false,
        demo_upcoming: false,
        ..server::config::Settings::from_lookup(|_| None).unwrap()
    };
    // Two stores, as two servers on one database.
    let one = server::db::connect(&settings).await.unwrap();
    let two = server::db::connect(&settings).await.unwrap();
    let now = chrono::Utc::now();
    let mail: Vec<OutgoingMail> = (0..60)
        .map(|i| OutgoingMail {
            to: format!("p{i}@test.org"),
            subject: "s".into(),
            body: "b".into(),
            ics: None,
            ics_name: String::new(),
            kind: MailKind::Registered,
            event_id: None,
            list_unsubscribe: None,
        })
        .collect();
    one.queue_mail(&mail, now).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = if i % 2 == 0 { one.clone() } else { two.clone() };
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            loop {
                let claimed = store
                    .claim_mail(now, now + chrono::Duration::minutes(5), 3)
                    .await
                    .unwrap();
                if claimed.is_empty() {
                    return got;
                }
                got.extend(claimed.into_iter().map(|q| q.id));
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    let claimed = all.len();
    all.dedup();
    assert_eq!(claimed, all.len(), "a row was claimed twice");
    assert_eq!(all.len(), 60);
}

on_backends!(
    both: [
        a_feed_from_a_typed_address_shows_only_its_own_event,
        the_merged_feed_comes_only_by_mail,
        mail_waits_in_the_outbox_until_smtp_works,
        concurrent_senders_claim_each_mail_once,
    ],
    sqlite_only: [
        the_resend_form_answers_the_same_for_anyone,
        no_token_reaches_the_log,
    ],
);
