//! The [`RateLimit`] extractor: put `_limit: RateLimit<Policy>` first in a handler's arguments
//! and the request is counted before anything else is read (the anti-forgery token, the body) or
//! done (hashing, saving, mailing). Over the limit, the answer is [`too_many`].

use std::marker::PhantomData;
use std::net::IpAddr;

use app::domain::Lang;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Limits, Refused};
use crate::routes::error::page_with_text;
use crate::routes::forms::request_lang;
use crate::state::AppState;

/// Which limit a route is under.
pub trait Policy: Send + Sync + 'static {
    /// Counts one request of `client`; `slug` is the route's `{slug}`, if it has one.
    ///
    /// # Errors
    /// Which limit refused, and for how long.
    fn check(limits: &Limits, client: IpAddr, slug: Option<&str>) -> Result<(), Refused>;
}

/// Registering for an event (`{slug}` in the path): per client, then per event.
pub struct Register;
/// Signing in: per client.
pub struct SignIn;
/// Choosing a password through a one-time link: per client, before any hashing.
pub struct PasswordLink;
/// Anything that mails an address the client typed (send my link again): per client.
pub struct Mail;

impl Policy for Register {
    fn check(limits: &Limits, client: IpAddr, slug: Option<&str>) -> Result<(), Refused> {
        limits.register(client, slug.unwrap_or_default())
    }
}

impl Policy for SignIn {
    fn check(limits: &Limits, client: IpAddr, _: Option<&str>) -> Result<(), Refused> {
        limits.signin(client)
    }
}

impl Policy for PasswordLink {
    fn check(limits: &Limits, client: IpAddr, _: Option<&str>) -> Result<(), Refused> {
        limits.password(client)
    }
}

impl Policy for Mail {
    fn check(limits: &Limits, client: IpAddr, _: Option<&str>) -> Result<(), Refused> {
        limits.mail(client)
    }
}

/// A request that was within the limit `P` (and has been counted).
#[derive(Debug)]
pub struct RateLimit<P: Policy>(PhantomData<P>);

impl<P: Policy> FromRequestParts<AppState> for RateLimit<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let client = state.limits.client(parts);
        let params = RawPathParams::from_request_parts(parts, state).await.ok();
        let slug = params
            .as_ref()
            .and_then(|p| p.iter().find(|(k, _)| *k == "slug").map(|(_, v)| v));
        match P::check(&state.limits, client, slug) {
            Ok(()) => Ok(RateLimit(PhantomData)),
            Err(refused) => {
                tracing::info!(
                    client = %client,
                    path = %parts.uri.path(),
                    event = refused.event_full,
                    "rate limited"
                );
                Err(too_many(request_lang(&parts.headers), refused))
            }
        }
    }
}

/// The 429 page: who was limited, that nothing was saved or sent, when to try again (also as
/// `Retry-After`, in seconds), and that the form still holds what was typed.
#[must_use]
pub fn too_many(lang: Lang, refused: Refused) -> Response {
    let l = lang.locale();
    let seconds = refused.wait.as_secs_f64().ceil().max(1.0);
    // At most a day by construction of the settings: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = seconds as u64;
    let minutes = seconds.div_ceil(60);
    let why = if refused.event_full {
        app::i18n::td_string!(l, rl_event_busy)
    } else {
        app::i18n::td_string!(l, rl_too_many)
    };
    let when = app::i18n::td_string!(l, rl_try_again, minutes = minutes);
    let text = format!("{why} {when}");
    let mut response = page_with_text(StatusCode::TOO_MANY_REQUESTS, lang, &text);
    let h = response.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.into_response()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    async fn body(response: Response) -> String {
        let bytes = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_page_says_when_in_the_readers_language_and_in_retry_after() {
        let refused = Refused {
            wait: Duration::from_millis(59_100),
            event_full: false,
        };
        let r = too_many(Lang::En, refused);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "60");
        let text = body(r).await;
        assert!(text.contains("Too many attempts"), "{text}");
        assert!(text.contains("1 minute"), "{text}");
        let full = Refused {
            wait: Duration::from_secs(90),
            event_full: true,
        };
        let r = too_many(Lang::Es, full);
        assert_eq!(r.headers()[header::RETRY_AFTER], "90");
        let text = body(r).await;
        assert!(text.contains("lang=\"es\""), "{text}");
        assert!(text.contains("Este evento"), "{text}");
    }
}
