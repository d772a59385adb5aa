//! Accessibility and slow links, in Debian's Chromium driven by playwright-core: an axe-core scan of
//! every public page and form and of the signed-in pages, at a desktop and a phone viewport, with
//! zero violations (`tests/e2e/a11y.mjs`); the coordination timeline read whole at a six-month range,
//! its month labels zooming in (`tests/e2e/timeline.mjs`); and the home page, an event page and the
//! registration form becoming interactive on a phone over emulated "Fast 3G", their timings and
//! bytes written to `fast-3g.json` (`tests/e2e/fast3g.mjs`; no timing is asserted).

use app::domain::Country;
use app::domain::access::Role;

use crate::helpers::{Backend, TestApp, input, workspace};
use crate::people::{PASSWORD, account, workshop};

crate::on_sqlite_only!(
    every_page_passes_axe_at_desktop_and_phone_widths,
    the_timeline_reads_whole_at_six_months_and_zooms_to_a_month,
    pages_become_interactive_on_fast_3g,
);

const DEMO_SLUG: &str = "taller-modernizacion-legislacion-trata-trafico-2010";
const SECRETARIAT: &str = "st@crm.test";

/// The demo data, a secretariat account, and an upcoming workshop open for registration.
async fn spawn(backend: Backend) -> (TestApp, String) {
    let app = TestApp::spawn(backend).await;
    account(&app, SECRETARIAT, Role::Secretariat).await;
    let event = workshop(&app, "taller-a11y", Country::GT, None, true).await;
    crate::registrations::open_registration(&app, event.id, Some(40), None).await;
    (app, event.slug)
}

/// Runs one browser script against the app; fails with its output unless every step passed.
async fn node(app: &TestApp, backend: Backend, script: &str, env: &[(&str, &str)]) -> String {
    let artifacts = artifacts(backend);
    let output = tokio::process::Command::new("node")
        .arg(script)
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .env("DEMO_SLUG", DEMO_SLUG)
        .env("SECRETARIAT_EMAIL", SECRETARIAT)
        .env("PASSWORD", PASSWORD)
        .env("ARTIFACTS", &artifacts)
        .envs(env.iter().copied())
        .output()
        .await
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("not ok"), "{stdout}");
    stdout
}

fn artifacts(backend: Backend) -> std::path::PathBuf {
    workspace().join(format!("target/test-artifacts/{backend:?}").to_lowercase())
}

async fn every_page_passes_axe_at_desktop_and_phone_widths(backend: Backend) {
    let (app, slug) = spawn(backend).await;
    let out = node(&app, backend, "tests/e2e/a11y.mjs", &[("SLUG", &slug)]).await;
    // Every page was scanned, in both languages and at both widths.
    assert!(
        out.contains("# axe /calendar?month=2010-12 phone es: 0"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "# axe /events/{slug}/participants phone en signed-in: 0"
        )),
        "{out}"
    );
    assert!(artifacts(backend).join("axe-violations.json").exists());
}

async fn the_timeline_reads_whole_at_six_months_and_zooms_to_a_month(backend: Backend) {
    let (app, _) = spawn(backend).await;
    // Short Salvadoran events with long titles in one week, and one on the range's last days: they
    // must stack without overlapping, and the last one keep its title on the track.
    let long = [
        (
            "2010-09-06",
            "2010-09-06",
            "Technical meeting on the protection of migrant children and adolescents travelling alone",
        ),
        (
            "2010-09-07",
            "2010-09-08",
            "Workshop on consular assistance and the return of nationals in vulnerable situations",
        ),
        (
            "2010-09-08",
            "2010-09-10",
            "Regional seminar on labour migration, remittances and the rights of seasonal workers",
        ),
        (
            "2010-12-30",
            "2010-12-31",
            "End-of-year review of the Regional Conference on Migration's plan of action",
        ),
    ];
    for (i, (start, end, title)) in long.iter().enumerate() {
        let mut short = input("SV", start, end);
        short.title_en = (*title).into();
        short.title_es =
            format!("Evento corto {i} con un título bastante largo para la línea de tiempo");
        app.insert(&format!("corto-{i}"), &short.validate().unwrap())
            .await;
    }
    node(&app, backend, "tests/e2e/timeline.mjs", &[]).await;
    assert!(
        artifacts(backend)
            .join("coordination-6-months.png")
            .exists()
    );
}

async fn pages_become_interactive_on_fast_3g(backend: Backend) {
    let (app, slug) = spawn(backend).await;
    let mut timed = input("MX", "2024-07-01", "2024-07-01");
    timed.start_time = "09:00".into();
    timed.end_time = "17:00".into();
    app.insert("timed-3g", &timed.validate().unwrap()).await;
    let out = node(
        &app,
        backend,
        "tests/e2e/fast3g.mjs",
        &[("SLUG", &slug), ("TIMED_SLUG", "timed-3g")],
    )
    .await;
    let file = artifacts(backend).join("fast-3g.json");
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    for page in ["home", "event", "register"] {
        let hydrated = &figures["pages"][page]["hydrated_ms"];
        assert!(hydrated.is_number(), "{page} hydrated: {figures}\n{out}");
        assert!(
            figures["pages"][page]["bytes"].as_u64().unwrap_or(0) > 0,
            "{figures}"
        );
    }
}
