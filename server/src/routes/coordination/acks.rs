//! The secretariat's acknowledgements of conflicts on the coordination page: given with a note
//! (`POST /coordination/acks`) and withdrawn (`POST /coordination/acks/withdraw`), both plain
//! forms that come back to the same filtered view.

use app::components::layout::encode_query_value;
use app::domain::timeline::CoordinationQuery;
use app::usecase::coordination;
use axum::extract::State;
use axum::response::Response;

use crate::routes::error::RouteError;
use crate::routes::forms::{FormPost, Posted, see_other};
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
pub(super) async fn post(
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let query = posted_query(&post.fields);
    let back = back_to(&query);
    coordination::acknowledge(
        &state.deps,
        post.account(),
        &query,
        &post.get("key"),
        &post.get("note"),
    )
    .await
    .map_err(|r| post.refused_to(r, PAGE, &back))?;
    Ok(see_other(&back))
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let back = back_to(&posted_query(&post.fields));
    coordination::withdraw(&state.deps, post.account(), &post.get("key"))
        .await
        .map_err(|r| post.refused_to(r, PAGE, &back))?;
    Ok(see_other(&back))
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
