//! `GET /coordination.csv`: the conflicts of the coordination page as CSV (secretariat only),
//! with the page's filters and headers in the reader's language.

use app::api::coordination::CoordinationQuery;
use app::api::session::Viewer;
use app::domain::Lang;
use app::domain::access::{Action, allowed};
use app::domain::coordination::{Options, entries, find_conflicts};
use app::domain::timeline::coordination_events;
use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::forms::{forbidden, message_page, request_lang, see_other};
use crate::export::Csv;
use crate::state::AppState;

/// The coordination export route.
pub fn router() -> Router<AppState> {
    Router::new().route("/coordination.csv", get(get_csv))
}

async fn get_csv(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<CoordinationQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = request_lang(&headers);
    let Some(account) = viewer.account else {
        return see_other("/signin?next=%2Fcoordination");
    };
    if !allowed(Some(&account.actor()), Action::Coordinate, &[]) {
        return forbidden(lang);
    }
    let all = match state.store.events_for_hosts(None).await {
        Ok(all) => all,
        Err(e) => {
            tracing::error!(error = %e, "coordination export failed");
            return message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                lang,
                "Error interno.",
                "Internal error.",
            );
        }
    };
    let (_, events) = coordination_events(&all, &query, chrono::Utc::now().date_naive());
    let list = entries(&events);
    let report = find_conflicts(&list, &[], &[], Options::default());
    let head = match lang {
        Lang::Es => ["día", "tipo", "gravedad", "explicación", "eventos", "clave"],
        Lang::En => ["day", "kind", "severity", "explanation", "events", "key"],
    };
    let mut csv = Csv::new(&head);
    for c in &report.conflicts {
        let uids: Vec<&str> = c.events().map(|e| e.uid).collect();
        let row = [
            c.day().to_string(),
            c.kind().label(lang).to_owned(),
            c.severity().label(lang).to_owned(),
            c.explain(lang),
            uids.join(" "),
            c.key(),
        ];
        csv.row(&row);
    }
    let mut response = csv.into_bytes().into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"enlace-conflictos.csv\""),
    );
    response
}
