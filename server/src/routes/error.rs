//! The one error type of every route: each variant is an answer, rendered by `IntoResponse` as a
//! short page in the reader's language with its status, or as the form again with what was typed
//! kept (the [`KeptInput`] extension, stored by [`super::forms::keep_form_input`]). Faults of the
//! database have pages of their own: 503 when it is unreachable, 507 when its disk is full.

use app::domain::Lang;
use app::flash::FormFlash;
use app::msg::Msg;
use app::ssr::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// A refusal or failure, ready to answer.
#[derive(Debug)]
pub enum RouteError {
    /// 404: nothing there.
    NotFound(Lang),
    /// 403: signed in, but not allowed.
    Forbidden(Lang),
    /// 403: the anti-forgery token did not match.
    FormExpired(Lang),
    /// 400: a malformed request.
    BadRequest(Lang, Msg),
    /// 409: refused, with a page of its own.
    Conflict(Lang, Msg),
    /// 500: the cause is logged where it happened, never shown.
    Internal(Lang),
    /// 503 (with `Retry-After`): the database cannot be reached; nothing was saved.
    Unavailable(Lang),
    /// 507: the database's disk is full; nothing was saved.
    DiskFull(Lang),
    /// 413: the body is over the route's limit (in bytes).
    TooLarge(Lang, usize),
    /// Any other page with a status and its own message, already in the reader's language (a 404
    /// that says what is missing, a 413 that says the limit).
    Page(StatusCode, Lang, String),
    /// 303 to sign in, coming back to `next` afterwards.
    SignIn {
        /// Where to come back to.
        next: String,
    },
    /// 303 to `to`, with the form's input (and errors, or conflicts) kept for the form to show.
    Back {
        /// What to keep.
        flash: Box<FormFlash>,
        /// Where to go.
        to: String,
    },
}

impl RouteError {
    /// A page with `status` saying `msg` in `lang`.
    #[must_use]
    pub fn page(status: StatusCode, lang: Lang, msg: Msg) -> Self {
        RouteError::Page(status, lang, msg.text(lang))
    }

    /// The answer to a store's failure: 503 or 507 for a fault of the database (logged as a
    /// warning), else 500 (logged as an error, with `what` failed).
    #[must_use]
    pub fn store(lang: Lang, e: &StoreError, what: &str) -> Self {
        match e {
            StoreError::Unavailable(_) => {
                tracing::warn!(error = %e, "{what}");
                RouteError::Unavailable(lang)
            }
            StoreError::DiskFull(_) => {
                tracing::warn!(error = %e, "{what}");
                RouteError::DiskFull(lang)
            }
            _ => {
                tracing::error!(error = %e, "{what}");
                RouteError::Internal(lang)
            }
        }
    }
}

/// Seconds a client is asked to wait before trying again while the database is unreachable.
pub const RETRY_AFTER_SECS: u32 = 5;

/// Form input to keep server-side: put on a response by [`RouteError::Back`], taken off and stored
/// by the `keep_form_input` middleware, which also sets the cookie that finds it again.
#[derive(Debug, Clone)]
pub struct KeptInput(pub FormFlash);

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        match self {
            RouteError::NotFound(lang) => message_page(StatusCode::NOT_FOUND, lang, Msg::NotFound),
            RouteError::Forbidden(lang) => {
                message_page(StatusCode::FORBIDDEN, lang, Msg::Forbidden)
            }
            RouteError::FormExpired(lang) => {
                message_page(StatusCode::FORBIDDEN, lang, Msg::FormExpired)
            }
            RouteError::BadRequest(lang, msg) => message_page(StatusCode::BAD_REQUEST, lang, msg),
            RouteError::Conflict(lang, msg) => message_page(StatusCode::CONFLICT, lang, msg),
            RouteError::Internal(lang) => {
                message_page(StatusCode::INTERNAL_SERVER_ERROR, lang, Msg::Internal)
            }
            RouteError::Unavailable(lang) => unavailable(
                lang,
                app::i18n::td_string!(lang.locale(), fault_unavailable_not_saved),
            ),
            RouteError::DiskFull(lang) => {
                let text = app::i18n::td_string!(lang.locale(), fault_disk_full);
                page_with_text(StatusCode::INSUFFICIENT_STORAGE, lang, text)
            }
            RouteError::TooLarge(lang, limit) => crate::web::body_limit::too_large(lang, limit),
            RouteError::SignIn { next } => see_other(&app::components::layout::sign_in_path(&next)),
            RouteError::Page(status, lang, text) => page_with_text(status, lang, &text),
            RouteError::Back { flash, to } => {
                let mut response = see_other(&to);
                response.extensions_mut().insert(KeptInput(*flash));
                response
            }
        }
    }
}

/// The 503 page of an unreachable database, saying `text` (already in `lang`), with
/// `Retry-After`.
#[must_use]
pub fn unavailable(lang: Lang, text: &str) -> Response {
    let mut response = page_with_text(StatusCode::SERVICE_UNAVAILABLE, lang, text);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    response
}

/// A short page with a status and a message in the reader's language.
#[must_use]
pub fn message_page(status: StatusCode, lang: Lang, msg: Msg) -> Response {
    page_with_text(status, lang, &msg.text(lang))
}

/// A short page with a status and a text already in the reader's language.
#[must_use]
pub fn page_with_text(status: StatusCode, lang: Lang, text: &str) -> Response {
    let l = lang.locale();
    let title = app::i18n::td_string!(l, site_name);
    let back = app::i18n::td_string!(l, msg_back_home);
    let text = escape(text);
    let css = app::assets::stylesheet_href();
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" \
         href=\"{css}\"></head><body><main id=\"main\"><section class=\"error-panel\" role=\"alert\">\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/\">{back}</a></p></section></main></body></html>",
        lang.code()
    );
    (status, Html(body)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A 303 to `to`.
#[must_use]
pub fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}
