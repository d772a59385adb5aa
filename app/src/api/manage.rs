//! Server functions of the signed-in pages: dashboard, managing an event, its audit log, the
//! accounts list and password links. Permissions are checked here, on the server, with the same
//! domain function the pages use to decide what to show.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::access::Action;
use crate::domain::account::Account;
use crate::domain::{Event, EventDates};

/// The dashboard: who is signed in and the events they run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The signed-in account.
    pub account: Account,
    /// Their country's events (every event for the secretariat), drafts included, newest first.
    pub events: Vec<Event>,
}

/// An event as its hosts manage it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Managed {
    /// The event.
    pub event: Event,
    /// Its earlier dates, newest first.
    pub previous: Vec<(EventDates, DateTime<Utc>)>,
}

/// The public view of an event: the event and the dates it had before moving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    /// The event.
    pub event: Event,
    /// Its earlier dates, newest first.
    pub previous: Vec<(EventDates, DateTime<Utc>)>,
    /// Its seats, once published.
    pub seats: Option<super::registrations::Seats>,
}

/// The signed-in account of this request, if any.
#[cfg(feature = "ssr")]
pub(crate) fn viewer_account() -> Option<Account> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .extensions
        .get::<super::session::Viewer>()?
        .account
        .clone()
}

/// The signed-in account; else a redirect to sign in that comes back to this page.
#[cfg(feature = "ssr")]
pub(crate) fn signed_in() -> Result<Account, AppError> {
    viewer_account().ok_or_else(|| refused(crate::usecase::Refusal::SignInRequired))
}

/// The use cases' dependencies, from the server's context.
#[cfg(feature = "ssr")]
pub(crate) fn deps() -> Result<crate::usecase::Deps, AppError> {
    use_context::<crate::usecase::Deps>().ok_or(AppError::Internal)
}

/// A use case's refusal as a page's error; when nobody is signed in, the page answers with a
/// redirect to sign in that comes back to it.
#[cfg(feature = "ssr")]
pub(crate) fn refused(refusal: crate::usecase::Refusal) -> AppError {
    if matches!(refusal, crate::usecase::Refusal::SignInRequired) {
        let here = use_context::<http::request::Parts>()
            .map(|p| p.uri.path().to_owned())
            .unwrap_or_else(|| "/dashboard".into());
        // During a page render this answers 302 to the sign-in page, coming back here afterwards.
        leptos_axum::redirect(&crate::components::layout::sign_in_path(&here));
    }
    refusal.into()
}

/// Loads the dashboard.
#[server]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    let (account, events) = crate::usecase::events::dashboard(&deps()?, viewer_account().as_ref())
        .await
        .map_err(refused)?;
    Ok(Dashboard { account, events })
}

/// Loads an event for its hosts (the edit and lifecycle forms).
#[server]
pub async fn get_managed(slug: String) -> Result<Managed, AppError> {
    let deps = deps()?;
    let viewer = viewer_account();
    let (_, event) = crate::usecase::events::managed(&deps, viewer.as_ref(), &slug, Action::Edit)
        .await
        .map_err(refused)?;
    let previous = deps.store.previous_dates(event.id).await?;
    Ok(Managed { event, previous })
}

/// Loads an event's audit log.
#[server]
pub async fn get_audit(
    slug: String,
) -> Result<(Event, Vec<crate::domain::lifecycle::AuditEntry>), AppError> {
    let deps = deps()?;
    let viewer = viewer_account();
    let (_, event) =
        crate::usecase::events::managed(&deps, viewer.as_ref(), &slug, Action::ViewAudit)
            .await
            .map_err(refused)?;
    let entries = deps.store.audit_log(event.id).await?;
    Ok((event, entries))
}

/// Lists every account (secretariat only).
#[server]
pub async fn get_accounts() -> Result<Vec<Account>, AppError> {
    crate::usecase::accounts::list(&deps()?, viewer_account().as_ref())
        .await
        .map_err(refused)
}

/// Tells whether a one-time password link is still good.
#[server]
pub async fn check_password_link(token: String) -> Result<(), AppError> {
    crate::usecase::accounts::link_is_live(&deps()?, &token)
        .await
        .map_err(AppError::from)
}

/// The cookie that carries a just-issued one-time link from the post that issued it to the
/// accounts page, which shows it once: the server keeps only the link's hash.
pub const ISSUED_LINK_COOKIE: &str = "enlace_new_link";

/// The one-time link just issued, as the notice the accounts page shows once (then the cookie
/// holding it is removed); `None` without one, or when it is not live any more.
#[server]
pub async fn take_issued_link() -> Result<Option<crate::flash::FlashError>, AppError> {
    use crate::domain::Lang;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let Some(token) =
        super::session::cookie(&parts.headers, ISSUED_LINK_COOKIE).filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let gone = format!(
            "{ISSUED_LINK_COOKIE}=; Path=/admin/accounts; HttpOnly; SameSite=Strict; Max-Age=0"
        );
        if let Ok(gone) = http::HeaderValue::from_str(&gone) {
            response.append_header(http::header::SET_COOKIE, gone);
        }
    }
    let Ok(issued) =
        crate::usecase::accounts::issued_link(&deps()?, viewer_account().as_ref(), &token).await
    else {
        return Ok(None);
    };
    let settings = use_context::<super::feeds::FeedSettings>().ok_or(AppError::Internal)?;
    let link = format!("{}/password/{}", settings.public_url, issued.token);
    let text = |lang: Lang| {
        crate::i18n::td_string!(
            lang.locale(),
            acct_link_ready,
            email = issued.email.as_str(),
            link = link.as_str()
        )
    };
    Ok(Some(crate::flash::FlashError {
        field: "link".into(),
        es: text(Lang::Es),
        en: text(Lang::En),
    }))
}
