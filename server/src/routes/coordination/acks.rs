//! The secretariat's acknowledgements of conflicts on the coordination page: given with a note
//! (`POST /coordination/acks`) and withdrawn (`POST /coordination/acks/withdraw`), both plain
//! forms that come back to the same filtered view.

use app::api::coordination::{CoordinationQuery, analyse};
use app::api::session::Viewer;
use app::components::layout::encode_query_value;
use app::domain::access::{Action, allowed};
use app::domain::account::Account;
use app::domain::coordination::parse_ack_note;
use app::ssr::StoreError;
use axum::extract::{Extension, Form, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_csrf::CsrfToken;
use chrono::Utc;

use super::internal_error;
use crate::routes::forms::{
    Posted, check_csrf, forbidden, form_error, keep_and_redirect, request_lang, require_account,
    see_other,
};
use crate::routes::manage::actor;
use crate::state::AppState;

/// The page the forms come from, and the form their kept input belongs to.
const PAGE: &str = "/coordination";

/// The page's filters as the acknowledgement forms post them.
fn posted_query(posted: &Posted) -> CoordinationQuery {
    let get = |name: &str| Some(posted.get(name)).filter(|v| !v.trim().is_empty());
    CoordinationQuery {
        from: get("from"),
        to: get("to"),
        status: get("status"),
        kind: get("kind"),
    }
}

/// Back to the coordination page with the same filters, at the conflicts.
fn back_to(query: &CoordinationQuery) -> String {
    let params: Vec<String> = [
        ("from", &query.from),
        ("to", &query.to),
        ("status", &query.status),
        ("kind", &query.kind),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode_query_value(v))))
    .collect();
    if params.is_empty() {
        format!("{PAGE}#conflicts-title")
    } else {
        format!("{PAGE}?{}#conflicts-title", params.join("&"))
    }
}

/// The common start of both posts: token, session, and the secretariat's right to coordinate.
async fn authorize(
    state: &AppState,
    token: &CsrfToken,
    headers: &HeaderMap,
    viewer: &Viewer,
    posted: &Posted,
) -> Result<Account, Response> {
    let lang = request_lang(headers);
    check_csrf(token, posted, lang)?;
    let account = require_account(state, viewer, posted, PAGE).await?;
    if !allowed(Some(&account.actor()), Action::Coordinate, &[]) {
        return Err(forbidden(lang));
    }
    Ok(account)
}

/// Acknowledges a conflict with a note. The conflict is looked up again on the server, in the
/// view the form came from, so what is stored is its substance as it is now, never the client's.
pub(super) async fn post(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let account = match authorize(&state, &token, &headers, &viewer, &posted).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let query = posted_query(&posted);
    let back = back_to(&query);
    let note = match parse_ack_note(&posted.get("note")) {
        Ok(note) => note,
        Err((es, en)) => {
            return keep_and_redirect(&state, PAGE, &posted, vec![form_error(es, en)], &back).await;
        }
    };
    let key = posted.get("key");
    let (all, acks, registrations) = match (
        state.store.events_for_hosts(None).await,
        state.store.conflict_acks().await,
        state.store.coordination_registrations().await,
    ) {
        (Ok(all), Ok(acks), Ok(registrations)) => (all, acks, registrations),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::error!(error = %e, "loading conflicts to acknowledge");
            return internal_error(lang);
        }
    };
    let page = analyse(&all, &query, Utc::now().date_naive(), &acks, &registrations);
    let Some(conflict) = page.conflicts.iter().find(|c| c.key == key) else {
        let error = form_error(
            "Ese conflicto ya no existe (los eventos cambiaron): no se aceptó nada.",
            "That conflict no longer exists (the events changed): nothing was acknowledged.",
        );
        return keep_and_redirect(&state, PAGE, &posted, vec![error], &back).await;
    };
    match state
        .store
        .acknowledge_conflict(
            &conflict.key,
            &conflict.substance,
            &note,
            &actor(&account),
            Utc::now(),
        )
        .await
    {
        Ok(()) => see_other(&back),
        Err(e) => {
            tracing::error!(error = %e, "acknowledging a conflict");
            internal_error(lang)
        }
    }
}

/// Withdraws the acknowledgement of a conflict.
pub(super) async fn withdraw(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    if let Err(refused) = authorize(&state, &token, &headers, &viewer, &posted).await {
        return refused;
    }
    let back = back_to(&posted_query(&posted));
    match state.store.unacknowledge_conflict(&posted.get("key")).await {
        // Already withdrawn (another tab, another person): the page shows it as it is.
        Ok(()) | Err(StoreError::NotFound) => see_other(&back),
        Err(e) => {
            tracing::error!(error = %e, "withdrawing an acknowledgement");
            internal_error(lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CoordinationQuery, back_to};

    #[test]
    fn acknowledging_comes_back_to_the_same_view() {
        let query = CoordinationQuery {
            from: Some("2010-10".into()),
            to: Some("2011-02".into()),
            status: None,
            kind: Some("workshop".into()),
        };
        assert_eq!(
            back_to(&query),
            "/coordination?from=2010-10&to=2011-02&kind=workshop#conflicts-title"
        );
        assert_eq!(
            back_to(&CoordinationQuery::default()),
            "/coordination#conflicts-title"
        );
    }
}
