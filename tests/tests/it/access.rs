//! Abuse and access: co-hosts neither drop the main host nor hand the event away, `next` never
//! leads off the site, sign-in locks an address after repeated failures, password links are
//! revoked by newer ones, a new password ends every session, and no link is kept in plain text.

use std::net::{IpAddr, Ipv4Addr};

use app::domain::Country;
use app::domain::access::Role;

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::people::{PASSWORD, Person, account, borrowed, fields_of, workshop};

crate::on_backends!(
    both: [
        an_address_is_locked_after_repeated_failures_with_or_without_an_account,
        a_new_link_revokes_the_earlier_ones_and_a_new_password_ends_every_session,
    ],
    sqlite_only: [
        a_co_host_neither_drops_the_main_host_nor_hands_the_event_away,
        a_co_host_neither_publishes_nor_proposes_a_published_event_for_the_main_host,
        next_never_leads_to_another_site,
        no_password_link_is_kept_in_plain_text,
    ],
);

/// A client of its own from `127.0.0.{last}`, so that the per-address sign-in limit of one
/// client does not hide what the per-account lockout does.
async fn from_address(app: &TestApp, last: u8) -> Person {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap();
    let mut person = Person {
        client,
        base: app.base_url.clone(),
        token: String::new(),
    };
    person.refresh_token().await;
    person
}

/// The edit form of `event` with other hosts.
fn hosted_by(event: &app::domain::Event, host: &str, cohosts: &[&str]) -> Vec<(String, String)> {
    let mut fields = fields_of(event);
    fields.retain(|(k, _)| k != "host" && k != "cohosts");
    fields.push(("host".into(), host.into()));
    fields.extend(
        cohosts
            .iter()
            .map(|c| ("cohosts".to_owned(), (*c).to_owned())),
    );
    fields
}

async fn a_co_host_neither_drops_the_main_host_nor_hands_the_event_away(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    account(&app, "hn@test.org", Role::Official(Country::HN)).await;
    let sv = Person::signed_in(&app, "sv@test.org").await;
    let event = workshop(&app, "w", Country::GT, Some(Country::SV), true).await;
    let attempts: [(&str, &[&str]); 5] = [
        ("SV", &[]),           // drop the main host
        ("SV", &["GT"]),       // take the lead
        ("HN", &["SV"]),       // hand the event to Honduras
        ("GT", &["SV", "HN"]), // let Honduras in
        ("GT", &[]),           // leave, so that nobody else watches
    ];
    for (host, cohosts) in attempts {
        let response = sv
            .post(
                "/events/w/edit",
                &borrowed(&hosted_by(&event, host, cohosts)),
            )
            .await;
        assert_eq!(response.status().as_u16(), 403, "{host} {cohosts:?}");
        let now = app.store.event_by_slug("w").await.unwrap();
        assert_eq!(
            (now.details.host, now.details.cohosts.clone(), now.version),
            (Country::GT, vec![Country::SV], event.version),
            "{host} {cohosts:?}: nothing changed"
        );
    }
    // Honduras never got in: its officials read nothing of the participants.
    let hn = Person::signed_in(&app, "hn@test.org").await;
    let people = hn.get("/events/w/participants").await;
    assert_eq!(people.status().as_u16(), 403);
    // The co-host still edits the other details.
    let mut fields = fields_of(&event);
    fields.push(("city".into(), "San Salvador".into()));
    let edited = sv.post("/events/w/edit", &borrowed(&fields)).await;
    assert_eq!(edited.status().as_u16(), 303);
    let now = app.store.event_by_slug("w").await.unwrap();
    assert_eq!(now.details.city, "San Salvador");
    // The main host changes the hosts.
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let moved = gt
        .post(
            "/events/w/edit",
            &borrowed(&hosted_by(&now, "GT", &["SV", "HN"])),
        )
        .await;
    assert_eq!(moved.status().as_u16(), 303);
    let mut cohosts = app.store.event_by_slug("w").await.unwrap().details.cohosts;
    let mut expected = vec![Country::SV, Country::HN];
    cohosts.sort();
    expected.sort();
    assert_eq!(cohosts, expected);
}

async fn a_co_host_neither_publishes_nor_proposes_a_published_event_for_the_main_host(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    let sv = Person::signed_in(&app, "sv@test.org").await;
    // A draft Guatemala hosts and El Salvador co-hosts: El Salvador cannot publish it.
    let draft = workshop(&app, "d", Country::GT, Some(Country::SV), false).await;
    let mut fields = fields_of(&draft);
    fields.push(("publish".into(), "on".into()));
    let published = sv.post("/events/d/edit", &borrowed(&fields)).await;
    assert_eq!(published.status().as_u16(), 403);
    assert!(!app.store.event_by_slug("d").await.unwrap().published);
    let confirmed = sv
        .post("/events/d/confirm", &[("version", "0"), ("publish", "on")])
        .await;
    assert_eq!(confirmed.status().as_u16(), 403);
    assert!(!app.store.event_by_slug("d").await.unwrap().published);
    // Nor propose one published in Guatemala's name; a draft it may propose.
    let mut proposal = hosted_by(&draft, "GT", &["SV"]);
    proposal.retain(|(k, _)| k != "version");
    proposal.push(("title_es".into(), "Taller propuesto".into()));
    // Other dates than the draft's, so that no conflict holds the proposal back.
    proposal.retain(|(k, _)| k != "start_date" && k != "end_date");
    proposal.push(("start_date".into(), "2031-06-10".into()));
    proposal.push(("end_date".into(), "2031-06-11".into()));
    let mut publish = proposal.clone();
    publish.push(("publish".into(), "on".into()));
    let refused = sv.post("/events/new", &borrowed(&publish)).await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(
        app.store.count_events().await.unwrap(),
        1,
        "nothing created"
    );
    let proposed = sv.post("/events/new", &borrowed(&proposal)).await;
    assert_eq!(proposed.status().as_u16(), 303);
    let location = proposed.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.ends_with("/manage") && location != "/events/new",
        "{location}"
    );
    let events = app.store.events_for_hosts(Some(Country::SV)).await.unwrap();
    assert_eq!(events.len(), 2, "the draft was proposed");
    assert!(events.iter().all(|e| !e.published), "only drafts");
    // The main host publishes the draft.
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let mut fields = fields_of(&draft);
    fields.push(("publish".into(), "on".into()));
    let published = gt.post("/events/d/edit", &borrowed(&fields)).await;
    assert_eq!(published.status().as_u16(), 303);
    assert!(app.store.event_by_slug("d").await.unwrap().published);
}

async fn next_never_leads_to_another_site(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let hostile = [
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%5cevil.example",
        "//evil.example",
        "https://evil.example",
        "/%2509/evil.example",
    ];
    let visitor = Person::anonymous(&app).await;
    for next in hostile {
        let response = visitor.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(response.status().as_u16(), 303, "{next}");
        assert_eq!(
            response.headers()["location"],
            "/",
            "language switch, {next}"
        );
    }
    let kept = visitor
        .get("/lang/en?next=/calendar%3Fmonth%3D2010-12")
        .await;
    assert_eq!(kept.headers()["location"], "/calendar?month=2010-12");
    for (n, next) in (20..).zip(hostile) {
        let person = from_address(&app, n).await;
        let response = person
            .post(
                &format!("/signin?next={next}"),
                &[("email", "gt@test.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303, "{next}");
        assert_eq!(
            response.headers()["location"],
            "/dashboard",
            "sign-in, {next}"
        );
    }
    let person = from_address(&app, 30).await;
    let response = person
        .post(
            "/signin?next=/events",
            &[("email", "gt@test.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.headers()["location"], "/events");
}

/// The English text of the one-time-link lockout, as the sign-in page shows it.
const LOCKED: &str = "signing in is paused for 15 minutes";

/// What the sign-in page says after a post (its kept message), from `person`.
async fn sign_in_says(person: &Person, email: &str, password: &str) -> (String, String) {
    let response = person
        .post("/signin", &[("email", email), ("password", password)])
        .await;
    assert_eq!(response.status().as_u16(), 303, "{email}: not rate-limited");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page = if location.starts_with("/signin") {
        person.get_text("/signin").await
    } else {
        String::new()
    };
    (location, page)
}

async fn an_address_is_locked_after_repeated_failures_with_or_without_an_account(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let gt = account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    // Ten wrong passwords from two clients (the lockout counts per address, not per client).
    for (email, clients) in [("gt@test.org", [2, 3]), ("nobody@test.org", [4, 5])] {
        for (n, last) in clients.into_iter().enumerate() {
            let guesser = from_address(&app, last).await;
            for i in 0..5 {
                let (location, page) = sign_in_says(&guesser, email, "wrong guess 123").await;
                assert!(location.starts_with("/signin"), "{email}: {location}");
                let tenth = n == 1 && i == 4;
                assert_eq!(
                    page.contains(LOCKED),
                    tenth,
                    "{email}, attempt {}",
                    n * 5 + i + 1
                );
                assert_eq!(page.contains("Wrong email or password"), !tenth, "{email}");
            }
        }
    }
    // Locked: even the right password is refused, and the message says how it recovers.
    let owner = from_address(&app, 6).await;
    let (location, page) = sign_in_says(&owner, "GT@test.org", PASSWORD).await;
    assert!(location.starts_with("/signin"), "{location}");
    assert!(page.contains(LOCKED), "{page}");
    assert!(page.contains("a new password link"), "how it recovers");
    // An address without an account reads the same, so the lockout tells nothing.
    let (_, unknown) = sign_in_says(&owner, "nobody@test.org", PASSWORD).await;
    assert!(unknown.contains(LOCKED));
    // The lock is in the database: a restarted server keeps it.
    let db: TestDb = app.stop().await;
    let app = TestApp::spawn_on(db, Spawn { demo: false }).await;
    let owner = from_address(&app, 7).await;
    let (location, page) = sign_in_says(&owner, "gt@test.org", PASSWORD).await;
    assert!(location.starts_with("/signin") && page.contains(LOCKED));
    // A new password through a link from the secretariat lifts it at once.
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let link = issue_link(&sec, gt.id).await;
    let new_password = "otra contraseña de prueba";
    let set = owner
        .post(
            &link,
            &[
                ("password", new_password),
                ("password_confirm", new_password),
            ],
        )
        .await;
    assert_eq!(set.headers()["location"], "/signin?welcome=1");
    let (location, _) = sign_in_says(&owner, "gt@test.org", new_password).await;
    assert_eq!(location, "/dashboard");
    // Still locked: the address without an account.
    let (_, page) = sign_in_says(&owner, "nobody@test.org", PASSWORD).await;
    assert!(page.contains(LOCKED));
}

/// Issues a new one-time link for account `id` and reads it (`/password/...`) off the accounts
/// page, which shows it once.
async fn issue_link(sec: &Person, id: i64) -> String {
    let issued = sec.post(&format!("/admin/accounts/{id}/link"), &[]).await;
    assert_eq!(issued.status().as_u16(), 303);
    link_on(&sec.get_text("/admin/accounts").await).expect("the link is shown once")
}

/// The first `/password/...` link of a page.
fn link_on(page: &str) -> Option<String> {
    let at = page.find("/password/")?;
    Some(
        page[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
            .collect(),
    )
}

async fn a_new_link_revokes_the_earlier_ones_and_a_new_password_ends_every_session(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let gt = account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let laptop = Person::signed_in(&app, "gt@test.org").await;
    let phone = Person::signed_in(&app, "gt@test.org").await;
    assert_eq!(laptop.get("/dashboard").await.status().as_u16(), 200);

    let first = issue_link(&sec, gt.id).await;
    let second = issue_link(&sec, gt.id).await;
    assert_ne!(first, second);
    assert!(
        link_on(&sec.get_text("/admin/accounts").await).is_none(),
        "a link is shown once"
    );
    let setter = from_address(&app, 9).await;
    assert_eq!(setter.get(&first).await.status().as_u16(), 404, "revoked");
    let new_password = "otra contraseña de prueba";
    let form = [
        ("password", new_password),
        ("password_confirm", new_password),
    ];
    assert_eq!(setter.post(&first, &form).await.status().as_u16(), 404);
    assert_eq!(setter.get(&second).await.status().as_u16(), 200);
    let set = setter.post(&second, &form).await;
    assert_eq!(set.headers()["location"], "/signin?welcome=1");

    // Every session of the account ended; the secretariat's did not.
    for device in [&laptop, &phone] {
        let response = device.get("/dashboard").await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/signin"), "{location}");
    }
    assert_eq!(sec.get("/admin/accounts").await.status().as_u16(), 200);
    // The new password signs in; the old one does not; the link is used up.
    let (location, _) = sign_in_says(&setter, "gt@test.org", PASSWORD).await;
    assert!(location.starts_with("/signin"));
    let (location, _) = sign_in_says(&setter, "gt@test.org", new_password).await;
    assert_eq!(location, "/dashboard");
    assert_eq!(setter.post(&second, &form).await.status().as_u16(), 404);
}

/// Every text value of one column of a table, straight from the database.
async fn column(db: &TestDb, sql: &str) -> Vec<String> {
    if db.url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
        let rows = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        let rows = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    }
}

async fn no_password_link_is_kept_in_plain_text(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let created = sec
        .post(
            "/admin/accounts",
            &[
                ("email", "ana@test.org"),
                ("name", "Ana"),
                ("country", "GT"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 303);
    // Before the page is opened (it may never be), nothing of the link is kept server-side.
    let drafts = column(&app.db, "select body from form_drafts").await;
    assert!(
        drafts.iter().all(|d| !d.contains("/password/")),
        "{drafts:?}"
    );
    let link = link_on(&sec.get_text("/admin/accounts").await).expect("shown once");
    let token = link.trim_start_matches("/password/").to_owned();
    let stored = column(&app.db, "select token_hash from password_links").await;
    assert_eq!(stored, [server::auth::token_hash(&token)]);

    // A refused password keeps the form's message, not the link.
    let ana = Person::anonymous(&app).await;
    let short = ana
        .post(
            &link,
            &[("password", "corta"), ("password_confirm", "corta")],
        )
        .await;
    assert_eq!(short.headers()["location"], link.as_str());
    let drafts = column(&app.db, "select body from form_drafts").await;
    assert!(!drafts.is_empty(), "the refusal is kept for the form");
    assert!(drafts.iter().all(|d| !d.contains(&token)), "{drafts:?}");
    let page = ana.get_text(&link).await;
    assert!(
        page.contains("at least 12 characters"),
        "the kept message is shown"
    );
}
