//! What every form handler shares: the [`FormPost`] extractor (the posted fields, the reader's
//! language, the viewer, and the anti-forgery check already passed), the [`SignedIn`] extractor,
//! turning a use case's refusal into an answer, and keeping input across a failed save.

use std::collections::BTreeMap;

use app::api::session::{FlashError, FormFlash, Viewer, cookie};
use app::domain::Lang;
use app::domain::account::Account;
use app::msg::Msg;
use app::usecase::Refusal;
use axum::extract::{Form, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;

use super::error::RouteError;
pub use super::error::see_other;
use crate::state::AppState;

/// A posted form whose anti-forgery token has been checked, with the reader's language and who is
/// posting. Every form handler takes one; a wrong or missing token never reaches the handler.
#[derive(Debug)]
pub struct FormPost {
    /// The posted fields.
    pub fields: Posted,
    /// The reader's language.
    pub lang: Lang,
    /// Who is posting (signed in or not).
    pub viewer: Viewer,
}

impl FromRequest<AppState> for FormPost {
    type Rejection = RouteError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let lang = request_lang(&parts.headers);
        let token = CsrfToken::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| RouteError::FormExpired(lang))?;
        let viewer = parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default();
        let limit = parts
            .extensions
            .get::<crate::web::body_limit::BodyLimit>()
            .copied();
        let req = Request::from_parts(parts, body);
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(|e| match limit {
                // A body without a declared length, cut off at the route's limit.
                Some(limit) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    RouteError::TooLarge(lang, limit.0)
                }
                _ => RouteError::BadRequest(lang, Msg::IncompleteForm),
            })?;
        FormPost::verified(&token, Posted::new(pairs), lang, viewer)
    }
}

impl FormPost {
    /// The post of fields read some other way (a multipart upload), once its anti-forgery token
    /// is checked exactly as the extractor checks it.
    ///
    /// # Errors
    /// `FormExpired` when the token is wrong or missing.
    pub fn verified(
        token: &CsrfToken,
        fields: Posted,
        lang: Lang,
        viewer: Viewer,
    ) -> Result<Self, RouteError> {
        token
            .verify(&fields.get("authenticity_token"))
            .map_err(|_| RouteError::FormExpired(lang))?;
        Ok(FormPost {
            fields,
            lang,
            viewer,
        })
    }

    /// The signed-in account, if any.
    #[must_use]
    pub fn account(&self) -> Option<&Account> {
        self.viewer.account.as_ref()
    }

    /// A field's value, or empty.
    #[must_use]
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name)
    }

    /// Whether a checkbox was ticked.
    #[must_use]
    pub fn checked(&self, name: &str) -> bool {
        app::domain::form::checked(&self.fields.get(name))
    }

    /// Back to the form at `form` with the input kept and these errors.
    #[must_use]
    pub fn back(&self, form: &str, errors: Vec<FlashError>) -> RouteError {
        self.back_to(form, errors, form)
    }

    /// To `to` with the input of the form at `form` kept and these errors.
    #[must_use]
    pub fn back_to(&self, form: &str, errors: Vec<FlashError>, to: &str) -> RouteError {
        RouteError::Back {
            flash: Box::new(FormFlash {
                form: form.to_owned(),
                values: self.fields.keepable(),
                errors,
                check: None,
            }),
            to: to.to_owned(),
        }
    }

    /// The answer to a use case's refusal of this post from the form at `form`: the form again
    /// with the input kept (invalid input, conflicts to see, a stale version, an ended session:
    /// sign in, then back to it), or a page with its status.
    #[must_use]
    pub fn refused(&self, refusal: Refusal, form: &str) -> RouteError {
        self.refused_to(refusal, form, form)
    }

    /// As [`FormPost::refused`], coming back to `to` (the form's page with a fragment or a query)
    /// rather than to `form` itself.
    #[must_use]
    pub fn refused_to(&self, refusal: Refusal, form: &str, to: &str) -> RouteError {
        match refusal {
            Refusal::Invalid(errors) => self.back_to(form, errors, to),
            Refusal::Rejected(msg) => self.back_to(form, vec![msg.for_form()], to),
            Refusal::DatesConflict(check) => RouteError::Back {
                flash: Box::new(FormFlash {
                    form: form.to_owned(),
                    values: self.fields.keepable(),
                    errors: Vec::new(),
                    check: Some(*check),
                }),
                to: form.to_owned(),
            },
            Refusal::SignInRequired => {
                let next = app::components::layout::sign_in_path(form);
                self.back_to(form, vec![Msg::SessionEnded.for_form()], &next)
            }
            other => page_for(other, self.lang),
        }
    }

    /// As [`FormPost::refused`], with a page of its own saying `missing` when there is nothing
    /// there (an unknown account, a used link, an expired import).
    #[must_use]
    pub fn refused_missing(&self, refusal: Refusal, form: &str, missing: Msg) -> RouteError {
        match refusal {
            Refusal::NotFound => RouteError::page(StatusCode::NOT_FOUND, self.lang, missing),
            other => self.refused(other, form),
        }
    }
}

/// To the form at `form`, which shows these messages once, keeping none of its input: why an
/// upload could not even be read.
#[must_use]
pub fn show_on(form: &str, messages: Vec<FlashError>) -> Response {
    RouteError::Back {
        flash: Box::new(FormFlash {
            form: form.to_owned(),
            values: BTreeMap::new(),
            errors: messages,
            check: None,
        }),
        to: form.to_owned(),
    }
    .into_response()
}

/// The answer to a refusal that has no form to go back to.
#[must_use]
pub fn page_for(refusal: Refusal, lang: Lang) -> RouteError {
    match refusal {
        Refusal::NotFound => RouteError::NotFound(lang),
        Refusal::Forbidden => RouteError::Forbidden(lang),
        Refusal::Conflict(msg) => RouteError::Conflict(lang, msg),
        Refusal::BadRequest(msg) | Refusal::Rejected(msg) => RouteError::BadRequest(lang, msg),
        Refusal::Invalid(_) | Refusal::DatesConflict(_) => {
            RouteError::BadRequest(lang, Msg::IncompleteForm)
        }
        Refusal::SignInRequired => RouteError::SignIn { next: "/".into() },
        Refusal::Internal(e) => RouteError::store(lang, &e, "a use case failed"),
    }
}

/// The signed-in account of a request that needs one (an export, say); otherwise a redirect to
/// sign in that comes back to the same address.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The account.
    pub account: Account,
    /// The reader's language.
    pub lang: Lang,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = RouteError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let lang = request_lang(&parts.headers);
        let account = parts
            .extensions
            .get::<Viewer>()
            .and_then(|v| v.account.clone());
        match account {
            Some(account) => Ok(SignedIn { account, lang }),
            None => Err(RouteError::SignIn {
                next: parts
                    .uri
                    .path_and_query()
                    .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
            }),
        }
    }
}

pub use super::kept::keep_form_input;

/// A posted form: every field, the last value winning, plus repeated fields (checkboxes) in order.
#[derive(Debug, Default)]
pub struct Posted {
    /// Single values.
    pub fields: BTreeMap<String, String>,
    /// Every value of each field, for repeated fields.
    pub all: BTreeMap<String, Vec<String>>,
}

impl Posted {
    /// Builds from `application/x-www-form-urlencoded` pairs.
    #[must_use]
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let mut posted = Posted::default();
        for (k, v) in pairs {
            posted.all.entry(k.clone()).or_default().push(v.clone());
            posted.fields.insert(k, v);
        }
        posted
    }

    /// A field's value, or empty.
    #[must_use]
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// Every value of a repeated field.
    #[must_use]
    pub fn get_all(&self, name: &str) -> Vec<String> {
        self.all.get(name).cloned().unwrap_or_default()
    }

    /// What may be kept server-side: never passwords or the token.
    fn keepable(&self) -> BTreeMap<String, String> {
        let mut kept: BTreeMap<String, String> = self
            .fields
            .iter()
            .filter(|(k, _)| !k.contains("password") && k.as_str() != "authenticity_token")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // The repeated fields (checkboxes, multiple selects), kept as the comma-separated lists
        // the forms read.
        for name in ["cohosts", "countries", "parties", "delegations", "events"] {
            if let Some(values) = self.all.get(name) {
                kept.insert(name.into(), values.join(","));
            }
        }
        kept
    }
}

/// The reader's language: the language cookie, then Accept-Language, then Spanish.
#[must_use]
pub fn request_lang(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie(headers, "i18n_pref_locale").and_then(|c| Lang::parse(&c)) {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|tag| Lang::parse(tag.split(';').next().unwrap_or("")))
        })
        .unwrap_or(Lang::Es)
}

/// Where to go back to: only a same-site path, otherwise `fallback`. See [`is_same_site_path`].
#[must_use]
pub fn safe_next<'a>(next: Option<&'a str>, fallback: &'a str) -> &'a str {
    match next {
        Some(n) if is_same_site_path(n) => n,
        _ => fallback,
    }
}

/// Whether `next` is a path on this site: it starts with one `/` (not `//`), has no control
/// character, whitespace or backslash anywhere, neither as typed nor percent-decoded (browsers
/// drop tabs and line breaks and read `\` as `/`, so `/%09/evil.example` or `/\evil.example`
/// would lead to another site), and parses as a URI without a scheme or a host.
fn is_same_site_path(next: &str) -> bool {
    let clean = |s: &str| {
        !s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    };
    let Some(decoded) = fully_decoded(next) else {
        return false;
    };
    if !clean(next) || !clean(&decoded) {
        return false;
    }
    if !next.starts_with('/') || next.starts_with("//") || decoded.starts_with("//") {
        return false;
    }
    next.parse::<http::Uri>().is_ok_and(|uri| {
        uri.scheme().is_none() && uri.authority().is_none() && uri.path().starts_with('/')
    })
}

/// `text` percent-decoded until nothing changes (so `%2509` is seen as the tab it hides);
/// `None` for a malformed escape.
fn fully_decoded(text: &str) -> Option<String> {
    let mut current = text.to_owned();
    // Each round shortens the text, so this ends.
    loop {
        let decoded = percent_decoded(&current)?;
        if decoded == current {
            return Some(decoded);
        }
        current = decoded;
    }
}

/// One round of percent-decoding; `None` when a `%` is not followed by two hex digits.
fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}
