//! `GET /coordination.csv`: the conflicts of the coordination page as CSV (secretariat only),
//! with the page's filters and headers in the reader's language; and the secretariat's
//! acknowledgements of conflicts (`POST /coordination/acks`, `POST /coordination/acks/withdraw`).

mod acks;

use app::api::coordination::{CoordinationQuery, analyse};
use app::api::session::Viewer;
use app::domain::Lang;
use app::domain::access::{Action, allowed};
use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;

use super::forms::{forbidden, message_page, request_lang, see_other};
use crate::export::Csv;
use crate::state::AppState;

/// The coordination routes: the export and the acknowledgements.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/coordination.csv", get(get_csv))
        .route("/coordination/acks", post(acks::post))
        .route("/coordination/acks/withdraw", post(acks::withdraw))
}

pub(super) fn internal_error(lang: Lang) -> Response {
    message_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        "Error interno.",
        "Internal error.",
    )
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
    let (all, acks, registrations) = match (
        state.store.events_for_hosts(None).await,
        state.store.conflict_acks().await,
        state.store.coordination_registrations().await,
    ) {
        (Ok(all), Ok(acks), Ok(registrations)) => (all, acks, registrations),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::error!(error = %e, "coordination export failed");
            return internal_error(lang);
        }
    };
    let page = analyse(&all, &query, Utc::now().date_naive(), &acks, &registrations);
    let head = match lang {
        Lang::Es => [
            "día",
            "tipo",
            "gravedad",
            "explicación",
            "eventos",
            "clave",
            "aceptado",
        ],
        Lang::En => [
            "day",
            "kind",
            "severity",
            "explanation",
            "events",
            "key",
            "acknowledged",
        ],
    };
    let mut csv = Csv::new(&head);
    for c in &page.conflicts {
        let explanation = match lang {
            Lang::Es => c.explain_es.clone(),
            Lang::En => c.explain_en.clone(),
        };
        // The note of an acknowledgement that still covers the conflict.
        let acknowledged = c
            .ack
            .as_ref()
            .filter(|_| c.ack_current)
            .map(|a| format!("{} ({}, {})", a.note, a.by, a.at.date_naive()))
            .unwrap_or_default();
        let row = [
            c.day.to_string(),
            c.kind.label(lang).to_owned(),
            c.severity.label(lang).to_owned(),
            explanation,
            c.uids.join(" "),
            c.key.clone(),
            acknowledged,
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
