//! The state every handler shares.

use std::sync::Arc;

use app::ssr::store::DynStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::config::Settings;

/// Shared by axum handlers and, through context, by server functions.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos's options (site root, address, output name).
    pub leptos_options: LeptosOptions,
    /// The store, SQLite or PostgreSQL.
    pub store: DynStore,
    /// The settings.
    pub settings: Arc<Settings>,
    /// The base URL links in feeds start with.
    pub public_url: Arc<str>,
    /// Anti-forgery token settings (axum_csrf).
    pub csrf: axum_csrf::CsrfConfig,
    /// Rendered feeds, kept until the data changes.
    pub feeds: Arc<crate::feed_cache::FeedCache>,
    /// Rendered public pages, kept until what they show changes.
    pub pages: Arc<crate::web::page_cache::PageCache>,
    /// Where mail goes (SMTP, or the log).
    pub mailer: Arc<crate::mail::Mailer>,
    /// What the use cases work with: the store and the mail port.
    pub deps: app::usecase::Deps,
    /// The rate limiters.
    pub limits: Arc<crate::limits::Limits>,
}
