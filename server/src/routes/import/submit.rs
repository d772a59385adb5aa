//! `POST /import/{id}`: creates the events chosen in the preview, all in one transaction or none
//! ([`app::usecase::import::import`]).

use std::collections::BTreeMap;

use app::domain::Country;
use app::msg::Msg;
use app::usecase::import::{self, Selection};
use axum::extract::{Path, State};
use axum::response::Response;

use crate::ical::import::ImportedEvent;
use crate::routes::error::RouteError;
use crate::routes::forms::{FormPost, Posted, see_other};
use crate::state::AppState;

/// The preview's submission.
pub(super) async fn post(
    State(state): State<AppState>,
    Path(id): Path<String>,
    post: FormPost,
) -> Result<Response, RouteError> {
    let form = format!("/import/{id}");
    let selection = Selection {
        chosen: chosen(&post.fields),
        publish: post.checked("publish"),
    };
    let n = import::import::<ImportedEvent>(&state.deps, post.account(), &id, &selection)
        .await
        .map_err(|r| post.refused_missing(r, &form, Msg::ImportGone))?;
    Ok(see_other(&format!("/dashboard?imported={n}")))
}

/// The ticked events (`include_{i}` not empty), each with its `host_{i}`.
fn chosen(posted: &Posted) -> BTreeMap<usize, Option<Country>> {
    posted
        .fields
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .filter_map(|(name, _)| {
            let index = name.strip_prefix("include_")?;
            // Only the names the preview writes: `include_01` is not `include_1`.
            let i: usize = index
                .parse()
                .ok()
                .filter(|i: &usize| i.to_string() == index)?;
            Some((i, Country::parse(&posted.get(&format!("host_{i}")))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ticked_events_are_chosen_each_with_its_host() {
        let posted = Posted::new(
            [
                ("include_0", "on"),
                ("host_0", "GT"),
                ("include_1", ""),
                ("host_1", "SV"),
                ("include_2", "on"),
                ("host_2", "XX"),
                ("include_03", "on"),
                ("include_x", "on"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        let chosen = chosen(&posted);
        assert_eq!(
            chosen.into_iter().collect::<Vec<_>>(),
            [(0, Some(Country::GT)), (2, None)]
        );
    }
}
