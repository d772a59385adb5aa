//! Rate limits against the real server: registrations limited per client (a 429 page in the
//! reader's language, with `Retry-After`, and the seats not filled) and per event across many
//! clients behind a trusted proxy; `X-Forwarded-For` believed only from a trusted proxy; password
//! links and sign-in limited. What anonymous clients can store: [`kept`].

use app::domain::access::Role;
use app::domain::{Country, Event};

use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::on_sqlite_only;
use crate::people::{Person, account, workshop};

mod kept;

on_sqlite_only!(
    one_client_posting_many_registrations_gets_429_and_the_seats_stay_free,
    the_event_ceiling_holds_across_many_clients_behind_a_trusted_proxy,
    forwarded_addresses_count_only_from_a_trusted_proxy,
    password_links_and_sign_in_are_limited,
    the_resend_form_is_limited_per_client,
);

/// The documented defaults, set again over the test harness's relaxed limits.
const DEFAULTS: &[(&str, &str)] = &[
    ("ENLACE_RATE_REGISTER", "10/10m"),
    ("ENLACE_RATE_REGISTER_EVENT", "60/1m"),
    ("ENLACE_RATE_PASSWORD", "5/15m"),
    ("ENLACE_RATE_MAIL", "5/30m"),
    ("ENLACE_RATE_DRAFTS", "30/10m"),
];

pub(super) async fn spawn(backend: Backend, env: &[(&str, &str)]) -> TestApp {
    let db = TestDb::new(backend).await;
    let mut all: Vec<(&str, &str)> = DEFAULTS.to_vec();
    all.extend_from_slice(env);
    TestApp::spawn_env(db, Spawn { demo: false }, &all).await
}

/// An upcoming workshop open for registration, with `capacity` seats.
pub(super) async fn open_workshop(app: &TestApp, slug: &str, capacity: u32) -> Event {
    let event = workshop(app, slug, Country::GT, None, true).await;
    crate::registrations::open_registration(app, event.id, Some(capacity), None).await;
    event
}

/// A complete registration form for `email`.
pub(super) fn form(email: &str) -> Vec<(String, String)> {
    [
        ("name", "Delegada"),
        ("email", email),
        ("delegation", "GT"),
        ("institution", "Ministerio de Relaciones Exteriores"),
        ("lang", "es"),
        ("consent", "on"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Posts a registration from `person`, in `accept_language`, through a proxy that says the
/// client is `forwarded` (if any).
async fn register(
    person: &Person,
    slug: &str,
    email: &str,
    accept_language: &str,
    forwarded: Option<&str>,
) -> reqwest::Response {
    let mut fields = form(email);
    fields.push(("authenticity_token".into(), person.token.clone()));
    let mut request = person
        .client
        .post(format!("{}/events/{slug}/register", person.base))
        .header("accept-language", accept_language)
        .form(&fields);
    if let Some(ip) = forwarded {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.unwrap()
}

/// Whether the answer is a saved registration (a redirect to its manage page).
fn registered(response: &reqwest::Response) -> bool {
    response.status().as_u16() == 303
        && response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/registrations/")
}

/// A 429 with a `Retry-After` of some seconds; its page.
async fn refused(response: reqwest::Response) -> String {
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1, "Retry-After {wait}");
    response.text().await.unwrap()
}

const TOO_MANY_EN: &str = "Too many attempts from your connection. Nothing was saved";
const TOO_MANY_ES: &str = "Demasiados intentos desde su conexión. No se guardó nada";
const EVENT_BUSY_EN: &str = "This event is receiving too many registrations at once.";

async fn one_client_posting_many_registrations_gets_429_and_the_seats_stay_free(backend: Backend) {
    let app = spawn(backend, &[]).await;
    let event = open_workshop(&app, "limitado", 40).await;
    let script = Person::anonymous(&app).await;
    let mut saved = 0;
    let mut refusals = Vec::new();
    for i in 0..25 {
        let r = register(&script, &event.slug, &format!("d{i}@test.org"), "en", None).await;
        if registered(&r) {
            saved += 1;
        } else {
            refusals.push(refused(r).await);
        }
    }
    assert_eq!(saved, 10, "ten at once, per client");
    assert_eq!(refusals.len(), 15);
    assert!(refusals[0].contains(TOO_MANY_EN), "{}", refusals[0]);
    assert!(refusals[0].contains("lang=\"en\""));
    assert!(refusals[0].contains("Back button"));
    // In Spanish by Accept-Language, and by the language cookie over Accept-Language.
    let es =
        refused(register(&script, &event.slug, "x@test.org", "es-GT,es;q=0.9", None).await).await;
    assert!(es.contains(TOO_MANY_ES), "{es}");
    assert!(es.contains("lang=\"es\""));
    let mut fields = form("y@test.org");
    fields.push(("authenticity_token".into(), script.token.clone()));
    let by_cookie = script
        .client
        .post(format!("{}/events/{}/register", app.base_url, event.slug))
        .header("accept-language", "es")
        .header("cookie", "i18n_pref_locale=en")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert!(refused(by_cookie).await.contains(TOO_MANY_EN));
    // Nothing refused was saved: 10 of 40 seats taken.
    let all = app.store.registrations_for_event(event.id).await.unwrap();
    assert_eq!(all.len(), 10);
    // Other pages still answer.
    assert_eq!(script.get("/").await.status().as_u16(), 200);
}

async fn the_event_ceiling_holds_across_many_clients_behind_a_trusted_proxy(backend: Backend) {
    let app = spawn(
        backend,
        &[
            ("ENLACE_TRUSTED_PROXIES", "127.0.0.1"),
            ("ENLACE_RATE_REGISTER", "2/10m"),
            ("ENLACE_RATE_REGISTER_EVENT", "5/1m"),
        ],
    )
    .await;
    let event = open_workshop(&app, "asediado", 40).await;
    let other = open_workshop(&app, "tranquilo", 40).await;
    let botnet = Person::anonymous(&app).await;
    let mut saved = 0;
    let mut pages = Vec::new();
    for i in 0..8 {
        let ip = format!("198.51.100.{}", i + 1);
        let r = register(
            &botnet,
            &event.slug,
            &format!("b{i}@test.org"),
            "en",
            Some(&ip),
        )
        .await;
        if registered(&r) {
            saved += 1;
        } else {
            pages.push(refused(r).await);
        }
    }
    assert_eq!(
        saved, 5,
        "the event's ceiling, whatever the number of clients"
    );
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|p| p.contains(EVENT_BUSY_EN)), "{pages:?}");
    let all = app.store.registrations_for_event(event.id).await.unwrap();
    assert_eq!(all.len(), 5);
    // Another event is not affected.
    let r = register(
        &botnet,
        &other.slug,
        "o@test.org",
        "en",
        Some("198.51.100.99"),
    )
    .await;
    assert!(registered(&r));
}

async fn forwarded_addresses_count_only_from_a_trusted_proxy(backend: Backend) {
    let limits = [("ENLACE_RATE_REGISTER", "2/10m")];
    // Behind a trusted proxy, each forwarded address is a client of its own.
    let trusted = [
        limits[0],
        ("ENLACE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
    ];
    let app = spawn(backend, &trusted).await;
    let event = open_workshop(&app, "proxy", 40).await;
    let p = Person::anonymous(&app).await;
    let (a, b) = (Some("203.0.113.1"), Some("203.0.113.2"));
    assert!(registered(
        &register(&p, &event.slug, "a1@test.org", "en", a).await
    ));
    assert!(registered(
        &register(&p, &event.slug, "a2@test.org", "en", a).await
    ));
    refused(register(&p, &event.slug, "a3@test.org", "en", a).await).await;
    assert!(registered(
        &register(&p, &event.slug, "b1@test.org", "en", b).await
    ));
    // A client cannot hide behind addresses it adds itself: the proxy's own entry counts.
    let spoof = Some("203.0.113.77, 203.0.113.1");
    refused(register(&p, &event.slug, "a4@test.org", "en", spoof).await).await;
    drop(app.stop().await);

    // Without a trusted proxy, X-Forwarded-For is ignored: one client, limited.
    let app = spawn(backend, &limits).await;
    let event = open_workshop(&app, "sin-proxy", 40).await;
    let p = Person::anonymous(&app).await;
    assert!(registered(
        &register(&p, &event.slug, "a1@test.org", "en", a).await
    ));
    assert!(registered(
        &register(&p, &event.slug, "a2@test.org", "en", a).await
    ));
    refused(register(&p, &event.slug, "b1@test.org", "en", b).await).await;
    refused(register(&p, &event.slug, "c1@test.org", "en", Some("192.0.2.9")).await).await;
    assert_eq!(
        app.store
            .registrations_for_event(event.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn password_links_and_sign_in_are_limited(backend: Backend) {
    let app = spawn(backend, &[("ENLACE_RATE_SIGNIN", "2/1m")]).await;
    let guesser = Person::anonymous(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = guesser
            .post(
                &format!("/password/{}", "A".repeat(43)),
                &[
                    ("password", "una contraseña nueva larga"),
                    ("password_confirm", "una contraseña nueva larga"),
                ],
            )
            .await;
        let status = r.status().as_u16();
        if status == 429 {
            assert!(refused(r).await.contains(TOO_MANY_EN));
        }
        statuses.push(status);
    }
    assert!(
        statuses[..5].iter().all(|s| *s != 429),
        "five tries: {statuses:?}"
    );
    assert_eq!(&statuses[5..], &[429, 429], "{statuses:?}");

    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let r = guesser
            .client
            .post(format!("{}/signin", app.base_url))
            .header("accept-language", "es")
            .form(&[
                ("authenticity_token", guesser.token.as_str()),
                ("email", "gt@test.org"),
                ("password", "wrong guess 123"),
            ])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        if status == 429 {
            assert!(refused(r).await.contains(TOO_MANY_ES));
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [303, 303, 429]);
}

/// "Send me my links again" mails an address of the client's choosing and replaces its links:
/// five per client in half an hour (`ENLACE_RATE_MAIL`), then a 429 page.
async fn the_resend_form_is_limited_per_client(backend: Backend) {
    let app = spawn(backend, &[]).await;
    let script = Person::anonymous(&app).await;
    let mut statuses = Vec::new();
    for i in 0..7 {
        let r = script
            .client
            .post(format!("{}/registrations/resend", app.base_url))
            .header("accept-language", "en")
            .form(&[
                ("authenticity_token", script.token.as_str()),
                ("email", format!("victim{i}@example.org").as_str()),
            ])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        if status == 429 {
            assert!(refused(r).await.contains(TOO_MANY_EN));
        }
        statuses.push(status);
    }
    assert_eq!(statuses, [303, 303, 303, 303, 303, 429, 429]);
}
