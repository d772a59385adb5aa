//! `GET /coordination.csv`: the conflicts of the coordination page as CSV (secretariat only),
//! with the page's filters and headers in the reader's language; and the secretariat's
//! acknowledgements of conflicts (`POST /coordination/acks`, `POST /coordination/acks/withdraw`).

mod acks;

use app::domain::Lang;
use app::domain::timeline::CoordinationQuery;
use app::i18n::td_string;
use app::usecase::coordination;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::error::RouteError;
use super::forms::{SignedIn, page_for};
use crate::export::Csv;
use crate::state::AppState;

/// The coordination routes: the export and the acknowledgements.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/coordination.csv", get(get_csv))
        .route("/coordination/acks", post(acks::post))
        .route("/coordination/acks/withdraw", post(acks::withdraw))
}

async fn get_csv(
    State(state): State<AppState>,
    viewer: SignedIn,
    Query(query): Query<CoordinationQuery>,
) -> Result<Response, RouteError> {
    let lang = viewer.lang;
    let page = coordination::page(&state.deps, Some(&viewer.account), &query)
        .await
        .map_err(|r| page_for(r, lang))?;
    let l = lang.locale();
    let head = [
        td_string!(l, coord_csv_day),
        td_string!(l, coord_csv_kind),
        td_string!(l, coord_csv_severity),
        td_string!(l, coord_csv_explanation),
        td_string!(l, coord_csv_events),
        td_string!(l, coord_csv_key),
        td_string!(l, coord_csv_acknowledged),
    ];
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
    Ok(response)
}
