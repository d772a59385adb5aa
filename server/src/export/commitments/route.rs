//! `GET /commitments/export.xlsx` and `/commitments/export.csv`: the follow-up matrix of every
//! final record's commitments, `?lang=es|en` (the reader's language by default) and the board's
//! filters `?party=MX|IOM|RROCM|ST|ALL`, `?status=pending|in_progress|done|dropped`,
//! `?meeting={event slug}`. Public, as the board is; drafts are not in it.

use app::domain::Lang;
use app::domain::outcomes::{CommitmentStatus, Party};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{MatrixFilter, commitments_csv, commitments_xlsx};
use crate::routes::error::RouteError;
use crate::routes::forms::request_lang;
use crate::state::AppState;

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The export's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/commitments/export.xlsx", get(get_xlsx))
        .route("/commitments/export.csv", get(get_csv))
}

/// The query: language and filters, each ignored when it is not one.
#[derive(Debug, Default, serde::Deserialize)]
struct ExportQuery {
    lang: Option<String>,
    party: Option<String>,
    status: Option<String>,
    meeting: Option<String>,
}

impl ExportQuery {
    fn filter(&self) -> MatrixFilter {
        MatrixFilter {
            party: self.party.as_deref().and_then(Party::parse),
            status: self.status.as_deref().and_then(CommitmentStatus::parse),
            meeting: self
                .meeting
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned),
        }
    }
}

async fn get_xlsx(
    state: State<AppState>,
    headers: HeaderMap,
    query: Query<ExportQuery>,
) -> Result<Response, RouteError> {
    export(state, headers, query, true).await
}

async fn get_csv(
    state: State<AppState>,
    headers: HeaderMap,
    query: Query<ExportQuery>,
) -> Result<Response, RouteError> {
    export(state, headers, query, false).await
}

async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
    xlsx: bool,
) -> Result<Response, RouteError> {
    let reader = request_lang(&headers);
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(reader);
    let rows = state
        .store
        .commitments(false)
        .await
        .map_err(|e| RouteError::store(reader, &e, "could not read the commitments"))?;
    let now = chrono::Utc::now();
    let filter = query.filter();
    let (body, kind, extension) = if xlsx {
        let body = commitments_xlsx(&rows, &filter, lang, now).map_err(|e| {
            tracing::error!(error = %format!("{e:#}"), "could not write the follow-up matrix");
            RouteError::Internal(reader)
        })?;
        (body, XLSX, "xlsx")
    } else {
        (commitments_csv(&rows, &filter, lang, now), CSV, "csv")
    };
    let name = app::i18n::td_string!(lang.locale(), ocd_x_file);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.{extension}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
