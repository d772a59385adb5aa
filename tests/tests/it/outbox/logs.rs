//! No token in the log, at any level: the server runs with `RUST_LOG=trace` and no SMTP (so mail
//! goes to the log), and a delegate registers, uses the manage page and the feed, asks for the
//! links again; an official sets a password by one-time link; an import is previewed. None of
//! those tokens may appear in what the server wrote.

use std::time::Duration;

use app::domain::access::Role;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::people::{Person, account};
use crate::registrations::{form, location, manage_path, open_workshop, post};

/// A tiny calendar to import.
const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n\
UID:log-test@enlace.test\r\nDTSTAMP:20301117T160000Z\r\nDTSTART;VALUE=DATE:20310701\r\n\
DTEND;VALUE=DATE:20310704\r\nSUMMARY:Reunión\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Runs of token characters in `text` that look like one of Enlace's tokens: 43 or more
/// URL-safe characters with a capital letter and a digit, or 64 hex digits.
fn token_like(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| {
            (w.len() >= 43
                && w.chars().any(|c| c.is_ascii_uppercase())
                && w.chars().any(|c| c.is_ascii_digit()))
                || (w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .map(str::to_owned)
        .collect()
}

/// The path of the first `/password/…` link on a page.
fn password_link(page: &str) -> String {
    let at = page.find("/password/").expect("the one-time link is shown");
    page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect()
}

pub(super) async fn no_token_reaches_the_log(backend: Backend) {
    let db = TestDb::new(backend).await;
    let env = [("ENLACE_FEED_MONTHS_BACK", "240"), ("RUST_LOG", "trace")];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let event = open_workshop(&app, "bitacora", None, None).await;
    let mut secrets = Vec::new();

    // A delegate registers, opens the manage page, changes it, subscribes, replaces the feed.
    let delegate = Person::anonymous(&app).await;
    let me = form("Gabriela", "gabriela@test.org", "GT");
    let r = post(&delegate, &format!("/events/{}/register", event.slug), &me).await;
    let manage = manage_path(&r);
    secrets.push(manage.trim_start_matches("/registrations/").to_owned());
    let page = delegate.get_text(&location(&r)).await;
    let feed = crate::registrations::feed_url(&page);
    let feed = feed[feed.find("/feeds/").unwrap()..].to_owned();
    secrets.push(
        feed.trim_start_matches("/feeds/")
            .trim_end_matches(".ics")
            .to_owned(),
    );
    assert_eq!(post(&delegate, &manage, &me).await.status().as_u16(), 303);
    assert_eq!(delegate.get(&feed).await.status().as_u16(), 200);
    delegate.post(&format!("{manage}/feed"), &[]).await;
    let page = delegate.get_text(&manage).await;
    let feed = crate::registrations::feed_url(&page);
    let feed = feed[feed.find("/feeds/").unwrap()..].to_owned();
    secrets.push(
        feed.trim_start_matches("/feeds/")
            .trim_end_matches(".ics")
            .to_owned(),
    );
    assert_eq!(delegate.get(&feed).await.status().as_u16(), 200);
    // The links mailed again (to the log): new tokens the test never sees, caught by their shape.
    let r = delegate
        .post("/registrations/resend", &[("email", "gabriela@test.org")])
        .await;
    assert_eq!(r.status().as_u16(), 303);

    // An official chooses a password through a one-time link.
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let official = [
        ("email", "ana@mingob.gob.gt"),
        ("name", "Ana"),
        ("country", "GT"),
    ];
    sec.post("/admin/accounts", &official).await;
    let link = password_link(&sec.get_text("/admin/accounts").await);
    secrets.push(link.trim_start_matches("/password/").to_owned());
    let ana = Person::anonymous(&app).await;
    assert_eq!(ana.get(&link).await.status().as_u16(), 200);
    let password = crate::people::PASSWORD;
    ana.post(
        &link,
        &[("password", "corta"), ("password_confirm", "corta")],
    )
    .await;
    let set = ana
        .post(
            &link,
            &[("password", password), ("password_confirm", password)],
        )
        .await;
    assert_eq!(set.headers()["location"], "/signin?welcome=1");

    // The secretariat previews an import.
    let part = reqwest::multipart::Part::bytes(ICS.as_bytes().to_vec())
        .file_name("calendario.ics")
        .mime_str("text/calendar")
        .unwrap();
    let upload = reqwest::multipart::Form::new()
        .text("authenticity_token", sec.token.clone())
        .text("kind", "workshop")
        .text("lang", "es")
        .text("host", "GT")
        .part("file", part);
    let r = sec
        .client
        .post(format!("{}/import", app.base_url))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    let preview = location(&r);
    assert!(preview.starts_with("/import/"), "{preview}");
    secrets.push(preview.trim_start_matches("/import/").to_owned());
    assert_eq!(sec.get(&preview).await.status().as_u16(), 200);

    // Both mails reach the log, without their links.
    let mut out = String::new();
    for _ in 0..100 {
        out = app.output.lock().unwrap().clone();
        if out.contains("Inscripción confirmada") && out.contains("Sus enlaces de inscripción") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for secret in &secrets {
        assert!(secret.len() >= 20, "{secret}");
        if let Some(at) = out.find(secret.as_str()) {
            let from = out[..at].rfind('\n').unwrap_or(0);
            let line: String = out[from..].chars().take(400).collect();
            panic!("a token reached the log: {line}");
        }
    }
    assert_eq!(
        token_like(&out),
        Vec::<String>::new(),
        "token-like words in the log"
    );
    assert!(
        out.contains("Sus enlaces de inscripción"),
        "the links mail was logged: {out}"
    );
    assert!(out.contains("/registrations/<redacted>"), "{out}");
    assert!(out.contains("/feeds/person/<redacted>.ics"), "{out}");
    assert!(out.contains("/password/<redacted>"), "request log: {out}");
    assert!(out.contains("/import/<redacted>"), "request log: {out}");
}
