//! `POST /import/{id}`: creates the events chosen in the preview, all in one transaction or none.

use std::collections::HashSet;

use app::api::import::batch_key;
use app::api::session::{FlashError, Viewer};
use app::domain::Lang;
use app::domain::access::Action;
use app::domain::event::slug_base;
use app::domain::{Country, EventDetails};
use app::ssr::{Conflict, NewImported, StoreError};
use app::usecase::access::{Target, may};
use axum::extract::{Extension, Form, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_csrf::CsrfToken;
use chrono::{Datelike, Utc};

use super::{bilingual, defaults, gone, load_batch};
use crate::routes::forms::{
    Posted, check_csrf, forbidden, form_error, keep_and_redirect, request_lang, require_account,
    see_other,
};
use crate::state::AppState;
use app::usecase::audit_actor as actor;

/// The preview's submission.
pub(super) async fn post(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    let form = format!("/import/{id}");
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let account = match require_account(&state, &viewer, &posted, &form).await {
        Ok(a) => a,
        Err(redirect) => return redirect,
    };
    let now = Utc::now();
    let batch = match load_batch(&state, &id, &account, now).await {
        Ok(Some(batch)) => batch,
        Ok(None) => return gone(lang),
        Err(failed) => return failed,
    };
    let refuse = |errors: Vec<FlashError>| keep_and_redirect(&state, &form, &posted, errors, &form);
    // Every chosen host is checked before anything else: an official may import only for their
    // own country, whatever the rest of the form says.
    let mut chosen: Vec<(usize, Country)> = Vec::new();
    let mut errors = Vec::new();
    for (i, event) in batch.events.iter().enumerate() {
        if posted.get(&format!("include_{i}")).is_empty() {
            continue;
        }
        match Country::parse(&posted.get(&format!("host_{i}"))) {
            Some(host) if may(Some(&account), Target::Host(host), Action::Propose) => {
                chosen.push((i, host));
            }
            Some(_) => return forbidden(lang),
            None => errors.push(line_error(event.line(), |l| match l {
                Lang::Es => "elija su país anfitrión.".into(),
                Lang::En => "choose its host country.".into(),
            })),
        }
    }
    if chosen.is_empty() && errors.is_empty() {
        let error = form_error(
            "Marque al menos un evento para importar.",
            "Tick at least one event to import.",
        );
        return refuse(vec![error]).await;
    }
    let uids: Vec<String> = chosen
        .iter()
        .map(|(i, _)| batch.events[*i].source_uid().to_owned())
        .collect();
    let already: HashSet<String> = match state.store.imported_uids(&uids).await {
        Ok(found) => found.into_iter().collect(),
        Err(e) => return failed_to_save(&state, &form, &posted, &e).await,
    };
    let mut ready = Vec::new();
    let mut taken = HashSet::new();
    for (i, host) in chosen {
        let event = &batch.events[i];
        let line = event.line();
        if already.contains(event.source_uid()) {
            errors.push(line_error(line, |l| match l {
                Lang::Es => "ya se importó antes.".into(),
                Lang::En => "it was already imported.".into(),
            }));
            continue;
        }
        let candidate = event.to_candidate(&defaults(host, batch.head.lang, batch.head.kind, now));
        if let Some(reason) = candidate.skip {
            errors.push(line_error(line, |l| reason.message(l)));
            continue;
        }
        let details = match candidate.input.validate() {
            Ok(details) => details,
            Err(invalid) => {
                errors.push(line_error(line, |l| {
                    invalid.describe(l).replace('\n', "; ")
                }));
                continue;
            }
        };
        let slug =
            match app::usecase::events::free_slug(&state.deps, &slug_for(&details), &taken).await {
                Ok(s) => s,
                Err(_) => {
                    return axum::response::IntoResponse::into_response(
                        crate::routes::error::RouteError::Internal(lang),
                    );
                }
            };
        taken.insert(slug.clone());
        ready.push(NewImported {
            slug,
            uid: format!("{}@enlace", uuid::Uuid::new_v4()),
            details,
            import_uid: candidate.source_uid,
        });
    }
    if !errors.is_empty() {
        let mut all = vec![form_error(
            "No se importó nada. Corrija lo siguiente, o desmarque esos eventos, e inténtelo de nuevo:",
            "Nothing was imported. Fix the following, or untick those events, and try again:",
        )];
        all.extend(errors);
        return refuse(all).await;
    }
    let publish = matches!(posted.get("publish").as_str(), "on" | "1" | "true");
    match state
        .store
        .import_events(&ready, publish, &actor(&account), now)
        .await
    {
        Ok(n) => {
            // Consumed: submitting the same preview again finds nothing to import.
            if let Err(e) = state.store.take_form_draft(&batch_key(&id), now).await {
                tracing::error!(error = %e, "removing an imported batch");
            }
            see_other(&format!("/dashboard?imported={n}"))
        }
        Err(StoreError::Conflict(Conflict::ImportUidTaken)) => {
            let error = form_error(
                "Algunos de estos eventos se importaron mientras tanto (quizá con un segundo clic o en otra pestaña), así que no se guardó nada. \
                 Ahora aparecen como ya importados.",
                "Some of these events were imported meanwhile (perhaps by a second click or in another tab), so nothing was saved. \
                 They now show as already imported.",
            );
            refuse(vec![error]).await
        }
        Err(e) => failed_to_save(&state, &form, &posted, &e).await,
    }
}

/// The slug base of an imported event: its Spanish title (or English, when it has no Spanish one)
/// and its year.
fn slug_for(details: &EventDetails) -> String {
    let title = details.title.pick(Lang::Es).text.to_owned();
    slug_base(&title, details.dates.first_day().year())
}

/// An error about the event that begins at `line` of the file.
fn line_error(line: usize, what: impl Fn(Lang) -> String) -> FlashError {
    bilingual(|l| match l {
        Lang::Es => format!("Línea {line}: {}", what(l)),
        Lang::En => format!("Line {line}: {}", what(l)),
    })
}

async fn failed_to_save(state: &AppState, form: &str, posted: &Posted, e: &StoreError) -> Response {
    tracing::error!(error = %e, "importing events");
    let error = form_error(
        "No se pudo guardar; no se importó nada. Inténtelo de nuevo.",
        "Could not save; nothing was imported. Please try again.",
    );
    keep_and_redirect(state, form, posted, vec![error], form).await
}
