//! Form input kept across a failed save (the `form_drafts` rows and the `enlace_form` cookie),
//! and what an anonymous client may keep there: each field cut to the longest value its form
//! accepts, at most [`MAX_ANONYMOUS_BYTES`] in all (past that only the errors are kept, with a
//! note, and the form comes back empty), kept for 30 minutes rather than 2 hours, and at most
//! `ENLACE_RATE_DRAFTS` times per client. Signing out forgets the browser's kept input.

use std::net::SocketAddr;

use app::api::session::{FORM_COOKIE, FlashError, FormFlash, Viewer, cookie};
use app::domain::Lang;
use app::domain::{event, lifecycle, registration};
use app::flash::kept_seconds;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{Duration, Utc};

use super::error::KeptInput;
use super::forms::request_lang;
use crate::auth::new_token;
use crate::limits::extract::too_many;
use crate::state::AppState;

/// The most an anonymous post may keep, as stored (JSON): enough for the longest form at its
/// limits (an event's two 10,000-character descriptions and the rest, posted by someone whose
/// session ended mid-form), far below a whole 2 MB post.
pub const MAX_ANONYMOUS_BYTES: usize = 32 * 1024;

/// The longest value kept of a field, in characters: what its form accepts (the domain's limit),
/// 1,000 for the short fields (dates, choices, ids).
#[must_use]
pub fn field_limit(name: &str) -> usize {
    match name {
        "description_es" | "description_en" => event::MAX_DESCRIPTION,
        "title_es" | "title_en" => event::MAX_TITLE,
        "city" | "venue" => event::MAX_PLACE,
        "email" => registration::MAX_EMAIL,
        "name" | "delegation" | "organisation" | "institution" | "position" => {
            registration::MAX_SHORT
        }
        "arrival_flight" | "departure_flight" => registration::MAX_FLIGHT,
        "dietary" | "accessibility" => registration::MAX_NOTE,
        "reason" => lifecycle::MAX_REASON,
        "note" => app::domain::coordination::MAX_ACK_NOTE,
        _ => 1_000,
    }
}

/// What an anonymous client's failed post may keep: each field cut to [`field_limit`]; when the
/// whole is still over [`MAX_ANONYMOUS_BYTES`], nothing typed (the errors stay, with a note that
/// the input was too long to keep).
#[must_use]
pub fn bounded(mut flash: FormFlash) -> FormFlash {
    for (name, value) in &mut flash.values {
        if let Some((cut, _)) = value.char_indices().nth(field_limit(name)) {
            value.truncate(cut);
        }
    }
    let size = serde_json::to_string(&flash).map_or(usize::MAX, |s| s.len());
    if size > MAX_ANONYMOUS_BYTES {
        flash.values.clear();
        flash.check = None;
        flash.errors.truncate(50);
        let note = |lang: Lang| app::i18n::td_string!(lang.locale(), rl_input_not_kept).to_string();
        flash.errors.push(FlashError {
            field: String::new(),
            es: note(Lang::Es),
            en: note(Lang::En),
        });
    }
    flash
}

/// Stores the input a [`super::error::RouteError::Back`] kept, and sets the cookie the form finds
/// it by (replacing, and deleting, what the browser kept before). For an anonymous client, only
/// what [`bounded`] lets through, for a shorter time, and at most `ENLACE_RATE_DRAFTS` times (past
/// that, the 429 page: nothing was saved anyway, since the post failed).
pub async fn keep_form_input(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let signed_in = req
        .extensions()
        .get::<Viewer>()
        .is_some_and(|v| v.account.is_some());
    let previous = cookie(req.headers(), FORM_COOKIE);
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let client = state.limits.client_of(peer, req.headers());
    let lang = request_lang(req.headers());
    let mut response = next.run(req).await;
    let Some(KeptInput(flash)) = response.extensions_mut().remove::<KeptInput>() else {
        return response;
    };
    let flash = if signed_in {
        flash
    } else {
        if let Err(refused) = state.limits.drafts(client) {
            return too_many(lang, refused);
        }
        bounded(flash)
    };
    let seconds = kept_seconds(signed_in);
    let id = new_token();
    let body = serde_json::to_string(&flash).unwrap_or_default();
    let now = Utc::now();
    if let Err(e) = state
        .store
        .save_form_draft(&id, &body, now + Duration::seconds(seconds))
        .await
    {
        tracing::error!(error = %e, "could not keep form input");
    }
    if let Some(old) = previous
        && let Err(e) = state.store.take_form_draft(&old, now).await
    {
        tracing::warn!(error = %e, "could not forget replaced form input");
    }
    let cookie = format!("{FORM_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={seconds}");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Forgets the input this browser kept (on sign-out): deletes its row, and returns the
/// `Set-Cookie` value that removes the cookie.
pub async fn forget(state: &AppState, headers: &HeaderMap) -> Option<HeaderValue> {
    if let Some(id) = cookie(headers, FORM_COOKIE)
        && let Err(e) = state.store.take_form_draft(&id, Utc::now()).await
    {
        tracing::warn!(error = %e, "could not forget kept form input");
    }
    HeaderValue::from_str(&format!(
        "{FORM_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn flash(values: &[(&str, String)]) -> FormFlash {
        FormFlash {
            form: "/events/x/register".into(),
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            errors: vec![FlashError {
                field: "consent".into(),
                es: "Falta".into(),
                en: "Missing".into(),
            }],
            check: None,
        }
    }

    #[test]
    fn each_field_is_cut_to_what_its_form_accepts() {
        let kept = bounded(flash(&[
            ("name", "ñ".repeat(5_000)),
            ("description_es", "d".repeat(20_000)),
            ("arrival_flight", "CM 201".into()),
        ]));
        assert_eq!(kept.values["name"].chars().count(), registration::MAX_SHORT);
        assert_eq!(kept.values["description_es"].len(), event::MAX_DESCRIPTION);
        assert_eq!(kept.values["arrival_flight"], "CM 201");
        assert_eq!(kept.errors.len(), 1);
    }

    #[test]
    fn a_post_too_large_to_keep_keeps_only_its_errors() {
        let many: Vec<(String, String)> = (0..100)
            .map(|i| (format!("extra{i}"), "x".repeat(1_000)))
            .collect();
        let values: Vec<(&str, String)> =
            many.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let kept = bounded(flash(&values));
        assert!(kept.values.is_empty());
        assert_eq!(kept.errors.len(), 2);
        assert!(kept.errors[1].en.contains("too long to keep"));
        assert!(serde_json::to_string(&kept).unwrap().len() < 2_000);
    }

    #[test]
    fn the_longest_form_at_its_limits_is_kept_whole() {
        let kept = bounded(flash(&[
            ("description_es", "d".repeat(event::MAX_DESCRIPTION)),
            ("description_en", "e".repeat(event::MAX_DESCRIPTION)),
            ("title_es", "t".repeat(event::MAX_TITLE)),
            ("title_en", "t".repeat(event::MAX_TITLE)),
            ("city", "c".repeat(event::MAX_PLACE)),
            ("venue", "v".repeat(event::MAX_PLACE)),
        ]));
        assert_eq!(kept.values.len(), 6);
    }
}
