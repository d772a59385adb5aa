//! `/healthz` answers when the database does.

use crate::helpers::{Backend, TestApp};

crate::on_both_backends!(health_check_answers_ok_when_the_database_answers);

async fn health_check_answers_ok_when_the_database_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}
