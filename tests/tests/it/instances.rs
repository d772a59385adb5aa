//! Issue 14, several servers on one PostgreSQL, deployed as `docs/deploy.md` says: its env file,
//! its nginx configuration (HTTPS with a self-signed certificate, round robin over two instances,
//! `/pkg/` from disk) and its systemd units, taken from the guide itself (see [`doc`]). Through
//! nginx: 200 registrations at once never overbook and both instances take some; an edit on one
//! instance shows at once in both instances' feeds and pages, with one new ETag; a session, a
//! form's anti-forgery token and input kept after a failed save work on the other instance; the
//! rate limits are per instance, and through nginx exactly instances × limit pass.

mod doc;
mod front;
mod nginx;

use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::RegistrationStatus;

use crate::helpers::{Backend, Spawn, TestApp, TestDb, binary, site_root};
use crate::people::{account, borrowed, extract_token, fields_of};
use crate::registrations::{form, open_workshop, registrations};
use front::{Front, etag, location};
use nginx::{NGINX, Nginx};

/// The password-link limit both instances get: three per client each.
const PASSWORD_LIMIT: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_nginx_as_the_deployment_guide_says() {
    if !doc::available(NGINX, "nginx") || !doc::available("openssl", "openssl") {
        return;
    }
    doc::verify_units(&binary());
    let ports = Nginx::ports();
    let public = Nginx::base(ports.https);
    let db = TestDb::new(Backend::Postgres).await;
    let env = instance_env(&db, &public);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let a = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let b = TestApp::spawn_env(a.db.alias(), Spawn { demo: false }, &env).await;
    let site = site_root().display().to_string();
    let nginx = Nginx::start(ports, [port_of(&a), port_of(&b)], &site).await;
    let front = Front {
        names: HashMap::from([
            (format!("127.0.0.1:{}", port_of(&a)), "A"),
            (format!("127.0.0.1:{}", port_of(&b)), "B"),
        ]),
        nginx,
        public,
        steps: AtomicUsize::new(0),
    };
    https_in_front(&front).await;
    registrations_never_overbook(&front, &a).await;
    sessions_forms_and_kept_input_cross_instances(&front, &a).await;
    rate_limits_add_up_per_instance(&front).await;
}

/// The guide's env file with this test's database, site and public port; no mail relay (mail is
/// logged); the password-link limit small enough to reach.
fn instance_env(db: &TestDb, public: &str) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = doc::env_file()
        .into_iter()
        .filter(|(k, _)| k != "ENLACE_SMTP_URL")
        .map(|(k, v)| match k.as_str() {
            "DATABASE_URL" => (k, db.url.clone()),
            "ENLACE_PUBLIC_URL" => {
                assert_eq!(v, "https://enlace.example.org", "the guide's public URL");
                (k, public.to_owned())
            }
            "LEPTOS_SITE_ROOT" => (k, site_root().display().to_string()),
            _ => (k, v),
        })
        .collect();
    for required in [
        "DATABASE_URL",
        "ENLACE_PUBLIC_URL",
        "ENLACE_SECRET",
        "ENLACE_TRUSTED_PROXIES",
        "LEPTOS_SITE_ROOT",
    ] {
        assert!(
            env.iter().any(|(k, _)| k == required),
            "the guide's env file sets {required}"
        );
    }
    env.push((
        "ENLACE_RATE_PASSWORD".into(),
        format!("{PASSWORD_LIMIT}/1h"),
    ));
    env
}

fn port_of(app: &TestApp) -> u16 {
    app.base_url.rsplit(':').next().unwrap().parse().unwrap()
}

/// TLS from the guide's nginx: plain HTTP redirected, one HSTS header, `/pkg/` from disk.
async fn https_in_front(front: &Front) {
    let person = front.person().await;
    let page = front.get(&person, "/").await;
    assert_eq!(page.status, 200, "{}", front.nginx.errors());
    let hsts: Vec<_> = page
        .headers
        .get_all("strict-transport-security")
        .iter()
        .collect();
    assert_eq!(hsts.len(), 1, "one HSTS header: {hsts:?}");
    let plain = format!("http://{}:{}/calendar", nginx::HOST, front.nginx.http);
    let redirect = front.send(person.client.get(plain)).await;
    assert_eq!(redirect.status, 301);
    assert_eq!(
        location(&redirect),
        format!("https://{}/calendar", nginx::HOST)
    );
    // A hashed stylesheet, from disk, precompressed.
    let pkg = site_root().join("pkg");
    let css = std::fs::read_dir(&pkg)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with(".css") && n.split('.').nth(1).is_some_and(|h| h.len() == 16))
        .expect("a hashed stylesheet in the site");
    let request = person
        .client
        .get(format!("{}/pkg/{css}", front.public))
        .header("accept-encoding", "gzip");
    let file = front.send(request).await;
    assert_eq!(
        (file.status, file.by),
        (200, "-"),
        "served by nginx from disk"
    );
    assert_eq!(file.headers["content-encoding"], "gzip");
    assert_eq!(
        file.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

/// 200 people register at once through nginx for 40 seats: both instances take some, exactly 40
/// are confirmed and the waitlist runs 1 to 160 without a gap.
async fn registrations_never_overbook(front: &Front, a: &TestApp) {
    let event = open_workshop(a, "dos-servidores", Some(40), None).await;
    let person = front.person().await;
    let path = format!("/events/{}/register", event.slug);
    let mut tasks = Vec::new();
    for i in 0..200 {
        let mut fields = form(&format!("Delegada {i}"), &format!("d{i}@test.org"), "GT");
        fields.push(("authenticity_token".into(), person.token.clone()));
        let request = person
            .client
            .post(format!("{}{path}", front.public))
            .header("x-test-step", format!("register-{i}"))
            .form(&fields);
        tasks.push(tokio::spawn(async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.headers().get("location").cloned())
        }));
    }
    for (i, task) in tasks.into_iter().enumerate() {
        let (status, to) = task.await.unwrap();
        assert_eq!(status, 303, "registration {i}: {}", front.nginx.errors());
        let to = to.unwrap();
        assert!(
            to.to_str().unwrap().starts_with("/registrations/"),
            "{to:?}"
        );
    }
    let mut per: HashMap<String, usize> = HashMap::new();
    for i in 0..200 {
        let line = front.nginx.logged(&format!("register-{i}")).await;
        assert_eq!(
            (line.method.as_str(), line.uri.as_str()),
            ("POST", path.as_str())
        );
        assert_eq!(line.status, 303, "{line:?}");
        *per.entry(line.upstream).or_default() += 1;
    }
    println!("registrations per instance: {per:?}");
    assert_eq!(per.values().sum::<usize>(), 200);
    assert!(
        front
            .names
            .keys()
            .all(|u| per.get(u).is_some_and(|n| *n > 0)),
        "both instances took registrations: {per:?}"
    );
    let all = registrations(a, &event).await;
    assert_eq!(all.len(), 200, "nothing lost");
    let confirmed = all
        .iter()
        .filter(|r| r.status == RegistrationStatus::Confirmed)
        .count();
    assert_eq!(confirmed, 40, "never overbooked");
    let mut positions: Vec<u32> = all.iter().filter_map(|r| r.waitlist_position).collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=160).collect::<Vec<u32>>());
}

/// A sign-in form opened on one instance posted to the other; the session used on both; input
/// kept after a failed save on one shown by the other; an edit on one seen at once on both.
async fn sessions_forms_and_kept_input_cross_instances(front: &Front, a: &TestApp) {
    account(a, "gt@test.org", Role::Official(Country::GT)).await;
    let mut official = front.person().await;
    let opened = front.get(&official, "/signin").await;
    official.token = extract_token(&opened.body).expect("a form token");
    let signed = front
        .post(
            &official,
            "/signin",
            &[
                ("email", "gt@test.org"),
                ("password", crate::people::PASSWORD),
            ],
        )
        .await;
    assert_ne!(signed.by, opened.by, "posted to the other instance");
    assert_eq!(
        (signed.status, location(&signed)),
        (303, "/dashboard"),
        "a token from {}'s page is accepted by {}",
        opened.by,
        signed.by
    );
    for page in front.on_both(&official, "/dashboard").await {
        assert_eq!(page.status, 200, "the session works on {}", page.by);
    }

    // A failed save on one instance: the other shows the input and the error.
    let event = open_workshop(a, "guardado", Some(10), None).await;
    let path = format!("/events/{}/register", event.slug);
    let visitor = front.person().await;
    let bad = form("Ana", "ana@@minex", "GT");
    let failed = front.post(&visitor, &path, &borrowed(&bad)).await;
    assert_eq!((failed.status, location(&failed)), (303, path.as_str()));
    let shown = front.get(&visitor, &path).await;
    assert_ne!(shown.by, failed.by, "read back on the other instance");
    assert!(
        shown.body.contains("value=\"ana@@minex\""),
        "{}",
        shown.body
    );
    assert!(
        shown.body.contains("Not a valid e-mail address"),
        "{}",
        shown.body
    );

    // An edit on one instance: both instances' feeds and page show it at once, with one ETag.
    let feeds = [
        "/calendar.ics".to_owned(),
        format!("/events/{}.ics", event.slug),
    ];
    let mut before = Vec::new();
    for feed in &feeds {
        let [x, y] = front.on_both(&visitor, feed).await;
        assert_eq!(etag(&x), etag(&y), "{feed}: the same ETag on A and B");
        before.push(etag(&x).to_owned());
    }
    let current = a.store.event_by_slug(&event.slug).await.unwrap();
    let mut fields = fields_of(&current);
    fields.retain(|(k, _)| k != "title_es" && k != "title_en");
    fields.push((
        "title_es".into(),
        "Taller renombrado en dos servidores".into(),
    ));
    fields.push(("title_en".into(), "Workshop renamed on two servers".into()));
    let edit = format!("/events/{}/edit", event.slug);
    let saved = front.post(&official, &edit, &borrowed(&fields)).await;
    assert_eq!(saved.status, 303, "the edit on {} is saved", saved.by);
    for (feed, old) in feeds.iter().zip(&before) {
        let [x, y] = front.on_both(&visitor, feed).await;
        for served in [&x, &y] {
            assert!(
                served.body.contains("Taller renombrado en dos servidores")
                    || served.body.contains("Workshop renamed on two servers"),
                "{feed} on {} shows the edit at once: {}",
                served.by,
                served.body
            );
            assert_ne!(etag(served), old, "{feed} on {}: a new ETag", served.by);
        }
        assert_eq!(etag(&x), etag(&y), "{feed}: the same new ETag on A and B");
    }
    for page in front
        .on_both(&visitor, &format!("/events/{}", event.slug))
        .await
    {
        assert!(
            page.body.contains("Workshop renamed on two servers"),
            "the event page on {} shows the edit at once",
            page.by
        );
    }
}

/// Each instance limits password-link posts to three per client: through nginx (which names the
/// client itself, whatever the client claims), exactly 2 × 3 pass, then both instances refuse.
async fn rate_limits_add_up_per_instance(front: &Front) {
    let guesser = front.person().await;
    let path = format!("/password/{}", "A".repeat(43));
    let fields = [
        ("password", "una contraseña nueva larga"),
        ("password_confirm", "una contraseña nueva larga"),
    ];
    let mut answers = Vec::new();
    for i in 0..4 * PASSWORD_LIMIT {
        let mut form = vec![("authenticity_token", guesser.token.as_str())];
        form.extend_from_slice(&fields);
        let mut request = guesser
            .client
            .post(format!("{}{path}", front.public))
            .form(&form);
        if i >= 2 * PASSWORD_LIMIT {
            // A forged hop: nginx replaces the header, so it changes nothing.
            request = request.header("x-forwarded-for", format!("203.0.113.{i}"));
        }
        let served = front.send(request).await;
        answers.push((served.status, served.by));
    }
    let passed: Vec<_> = answers.iter().filter(|(s, _)| *s != 429).collect();
    assert_eq!(
        passed.len(),
        2 * PASSWORD_LIMIT,
        "instances × limit pass: {answers:?}"
    );
    assert!(
        answers[..2 * PASSWORD_LIMIT].iter().all(|(s, _)| *s != 429),
        "{answers:?}"
    );
    let mut refusing: Vec<&str> = answers[2 * PASSWORD_LIMIT..]
        .iter()
        .map(|(s, by)| {
            assert_eq!(*s, 429, "{answers:?}");
            *by
        })
        .collect();
    refusing.sort_unstable();
    refusing.dedup();
    assert_eq!(refusing, ["A", "B"], "both instances refuse: {answers:?}");
}
