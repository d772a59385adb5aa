//! The site's files and pages in caches: content-hashed `/pkg/` names cached for a year and sent
//! precompressed (brotli, gzip) to who accepts it; a build without hashes revalidated; HTML pages
//! revalidated with an `ETag` that ignores the script nonce, answered `304` without a
//! Content-Security-Policy, and that survives a reload in Chromium (`tests/e2e/assets.mjs`).

use std::path::Path;

use app::domain::access::Role;

use crate::helpers::{Backend, Spawn, TestApp, input, site_root, workspace};
use crate::people::{Person, account};

crate::on_sqlite_only!(
    hashed_assets_are_immutable,
    assets_are_sent_precompressed,
    without_a_hash_file_the_plain_names_are_revalidated,
    pages_are_revalidated_by_a_tag_that_ignores_the_nonce,
    a_page_changes_its_tag_when_it_changes,
    a_reloaded_page_comes_from_the_cache_and_still_runs,
);

/// The `/pkg/` address of the first `<link rel="{rel}" href="/pkg/...">` in a page (the
/// stylesheet, `modulepreload` for the script, `preload` for the wasm).
pub fn linked(page: &str, rel: &str) -> String {
    let needle = format!("rel=\"{rel}\"");
    page.split("<link")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())])
        .filter(|tag| tag.contains(&needle))
        .find_map(|tag| {
            let start = tag.find("href=\"/pkg/")? + "href=\"".len();
            let end = tag[start..].find('"')? + start;
            Some(tag[start..end].to_owned())
        })
        .unwrap_or_else(|| panic!("no <link rel={rel}> to /pkg/ in the page:\n{page}"))
}

/// The script, wasm and stylesheet a page loads.
fn assets_of(page: &str) -> [String; 3] {
    [
        linked(page, "modulepreload"),
        linked(page, "preload"),
        linked(page, "stylesheet"),
    ]
}

async fn get_encoded(app: &TestApp, path: &str, encoding: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap()
}

fn file(site: &Path, path: &str) -> Vec<u8> {
    let at = site.join(path.trim_start_matches('/'));
    std::fs::read(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()))
}

async fn hashed_assets_are_immutable(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get_in("/", "en").await.text().await.unwrap();
    let site = site_root();
    for (path, ext) in assets_of(&page).iter().zip(["js", "wasm", "css"]) {
        let name = path.rsplit('/').next().unwrap();
        assert!(server::web::caching::is_hashed(name), "{path}");
        assert!(name.starts_with("enlace.") && name.ends_with(ext), "{path}");
        for encoding in ["identity", "br", "gzip"] {
            let response = get_encoded(&app, path, encoding).await;
            assert_eq!(response.status(), 200, "{path} {encoding}");
            let h = response.headers();
            assert_eq!(
                h["cache-control"], "public, max-age=31536000, immutable",
                "{path} {encoding}"
            );
            let vary: Vec<_> = h.get_all("vary").iter().collect();
            assert!(
                vary.iter()
                    .any(|v| v.to_str().unwrap().contains("accept-encoding")),
                "{path} {encoding}: {vary:?}"
            );
        }
        let raw = get_encoded(&app, path, "identity").await;
        assert!(!raw.headers().contains_key("content-encoding"), "{path}");
        assert!(
            raw.bytes().await.unwrap()[..] == file(&site, path)[..],
            "{path}"
        );
    }
}

async fn assets_are_sent_precompressed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get_in("/", "en").await.text().await.unwrap();
    let site = site_root();
    let assets = assets_of(&page);
    for path in &assets {
        for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
            let response = get_encoded(&app, path, encoding).await;
            assert_eq!(response.status(), 200, "{path} {encoding}");
            assert_eq!(
                response
                    .headers()
                    .get("content-encoding")
                    .map(|v| v.to_str().unwrap()),
                Some(encoding),
                "{path}"
            );
            let body = response.bytes().await.unwrap();
            assert!(
                body[..] == file(&site, &format!("{path}{suffix}"))[..],
                "{path} with {encoding}: not the bytes of {path}{suffix}"
            );
        }
    }
    // The compressed files are smaller, and brotli the smallest.
    let wasm = &assets[1];
    let [raw, br, gz] = ["", ".br", ".gz"].map(|s| file(&site, &format!("{wasm}{s}")).len());
    assert!(br < gz && gz < raw, "{raw} {gz} {br}");
}

async fn without_a_hash_file_the_plain_names_are_revalidated(backend: Backend) {
    // The built site's files under their plain names, without hash.txt (as a build without
    // hashes, or `cargo leptos watch`, leaves them).
    let site = site_root();
    let plain = std::env::temp_dir().join(format!("enlace-plain-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(plain.join("pkg")).unwrap();
    let hashes = std::fs::read_to_string(site.join("pkg/hash.txt")).unwrap();
    for line in hashes.lines() {
        let (kind, hash) = line.split_once(": ").unwrap();
        let from = site.join(format!("pkg/enlace.{hash}.{kind}"));
        std::fs::copy(&from, plain.join(format!("pkg/enlace.{kind}"))).unwrap();
    }
    let db = crate::helpers::TestDb::new(backend).await;
    let app = TestApp::spawn_env(
        db,
        Spawn { demo: false },
        &[("LEPTOS_SITE_ROOT", plain.to_str().unwrap())],
    )
    .await;
    let page = app.get_in("/", "en").await.text().await.unwrap();
    assert_eq!(
        assets_of(&page),
        ["/pkg/enlace.js", "/pkg/enlace.wasm", "/pkg/enlace.css"]
    );
    let css = get_encoded(&app, "/pkg/enlace.css", "identity").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["cache-control"], "no-cache");
    assert_eq!(css.bytes().await.unwrap(), file(&plain, "/pkg/enlace.css"));
    app.stop().await;
    let _ = std::fs::remove_dir_all(&plain);
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// GET with `If-None-Match`, from the person's client (with its cookies).
async fn revalidate(person: &Person, path: &str, tag: &str, lang: &str) -> reqwest::Response {
    person
        .client
        .get(format!("{}{path}", person.base))
        .header("accept-language", lang)
        .header("if-none-match", tag)
        .send()
        .await
        .unwrap()
}

async fn pages_are_revalidated_by_a_tag_that_ignores_the_nonce(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let person = Person::anonymous(&app).await;
    let first = person.get("/").await;
    let second = person.get("/").await;
    assert_eq!(first.status(), 200);
    let tag = header(&first, "etag");
    assert!(tag.starts_with("W/\""), "a weak tag: {tag:?}");
    assert!(
        header(&first, "cache-control").contains("no-cache"),
        "{:?}",
        first.headers()
    );
    assert_ne!(
        header(&first, "content-security-policy"),
        header(&second, "content-security-policy"),
        "a new nonce for every response"
    );
    assert_eq!(header(&second, "etag"), tag, "the same page, the same tag");

    let again = revalidate(&person, "/", &tag, "en").await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), tag);
    assert!(
        !again.headers().contains_key("content-security-policy"),
        "a 304 keeps the stored policy: {:?}",
        again.headers()
    );
    assert!(again.bytes().await.unwrap().is_empty());
    let other = revalidate(&person, "/", "W/\"0000000000000000\"", "en").await;
    assert_eq!(other.status(), 200);

    // Pages with their own Cache-Control keep it; a signed-in person's pages are private.
    account(&app, "st@crm.test", Role::Secretariat).await;
    let signed_in = Person::signed_in(&app, "st@crm.test").await;
    let dashboard = signed_in.get("/dashboard").await;
    assert_eq!(dashboard.status(), 200);
    assert_eq!(header(&dashboard, "cache-control"), "private, no-cache");
}

async fn a_page_changes_its_tag_when_it_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let person = Person::anonymous(&app).await;
    let path = "/calendar?month=2010-12";
    let en = header(&person.get(path).await, "etag");
    let es = person
        .client
        .get(format!("{}{path}", person.base))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap();
    assert_ne!(header(&es, "etag"), en, "the other language");
    assert_eq!(revalidate(&person, path, &en, "en").await.status(), 304);
    app.insert(
        "etag-change",
        &input("GT", "2010-12-20", "2010-12-21").validate().unwrap(),
    )
    .await;
    let changed = revalidate(&person, path, &en, "en").await;
    assert_eq!(changed.status(), 200, "a new event in the month");
    assert_ne!(header(&changed, "etag"), en);
}

async fn a_reloaded_page_comes_from_the_cache_and_still_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let output = tokio::process::Command::new("node")
        .arg("tests/e2e/assets.mjs")
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .output()
        .await
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("not ok"), "{stdout}");
}
