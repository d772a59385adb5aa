//! The browser test: Debian's Chromium driven by playwright-core (`tests/e2e/browser.mjs`), with
//! JavaScript on (hydration, client-side navigation, detected time zone, an official proposing an
//! event with live validation, the secretariat warned of a conflict and reading the regional
//! timeline, saved as `coordination-timeline.png`) and off.

use crate::helpers::{Backend, TestApp, input, workspace};

crate::on_sqlite_only!(pages_hydrate_and_also_work_without_javascript);

async fn pages_hydrate_and_also_work_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut timed = input("MX", "2024-07-01", "2024-07-01");
    timed.start_time = "09:00".into();
    timed.end_time = "17:00".into();
    app.insert("timed-event", &timed.validate().unwrap()).await;
    crate::people::account(
        &app,
        "ana@minex.gob.gt",
        app::domain::access::Role::Official(app::domain::Country::GT),
    )
    .await;
    crate::people::account(&app, "st@crm.test", app::domain::access::Role::Secretariat).await;
    let artifacts = workspace().join(format!("target/test-artifacts/{backend:?}").to_lowercase());
    let output = tokio::process::Command::new("node")
        .arg("tests/e2e/browser.mjs")
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .env("TIMED_SLUG", "timed-event")
        .env("OFFICIAL_EMAIL", "ana@minex.gob.gt")
        .env("OFFICIAL_PASSWORD", crate::people::PASSWORD)
        .env("SECRETARIAT_EMAIL", "st@crm.test")
        .env("ARTIFACTS", &artifacts)
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
    assert!(artifacts.join("calendar-2010-12.png").exists());
    assert!(artifacts.join("coordination-timeline.png").exists());
}
