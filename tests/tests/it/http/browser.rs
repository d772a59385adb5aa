//! The pages under the Content-Security-Policy in Debian's Chromium (`tests/e2e/csp.mjs`, driven
//! by playwright-core): every public page and the registration form, with JavaScript on, report
//! no policy violation, hydrate, and respond (the month calendar navigates in the page).

use app::domain::Country;

use crate::helpers::{Backend, TestApp, workspace};
use crate::people::workshop;

crate::on_sqlite_only!(pages_hydrate_under_the_content_security_policy);

async fn pages_hydrate_under_the_content_security_policy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let event = workshop(&app, "taller-csp", Country::GT, None, true).await;
    crate::registrations::open_registration(&app, event.id, Some(40), None).await;
    let artifacts = workspace().join(format!("target/test-artifacts/{backend:?}").to_lowercase());
    let output = tokio::process::Command::new("node")
        .arg("tests/e2e/csp.mjs")
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .env("SLUG", &event.slug)
        .env(
            "DEMO_SLUG",
            "taller-modernizacion-legislacion-trata-trafico-2010",
        )
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
    assert!(stdout.contains("ok - the month calendar"), "{stdout}");
}
