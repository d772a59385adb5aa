//! The error a page or a server function can show. Shared by the server functions, the pages and
//! components, and the server's handlers, so none of them depends on another for it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// An error a page can show: not found, or a generic failure (details stay in the server log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Nothing at this address (404).
    #[error("not found")]
    NotFound,
    /// The request was malformed (400).
    #[error("bad request")]
    BadRequest,
    /// Something failed on the server (500); the cause is logged, not shown.
    #[error("internal error")]
    Internal,
    /// The database cannot be reached just now (503): try again shortly.
    #[error("database unavailable")]
    Unavailable,
    /// Not signed in (the page offers to sign in).
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed (403).
    #[error("forbidden")]
    Forbidden,
    /// The call itself failed (network, decoding).
    #[error("server function failed: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
impl From<crate::ssr::StoreError> for AppError {
    fn from(e: crate::ssr::StoreError) -> Self {
        match e {
            crate::ssr::StoreError::NotFound => AppError::NotFound,
            crate::ssr::StoreError::Unavailable(e) => {
                leptos::logging::warn!("database unavailable: {e:#}");
                AppError::Unavailable
            }
            other => {
                tracing_log(&other);
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
fn tracing_log(e: &crate::ssr::StoreError) {
    leptos::logging::error!("store error: {e:#}");
}

/// Sets the HTTP status of the page being rendered on the server (no-op in the browser).
pub fn set_status_for(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let status = match error {
            AppError::NotFound => http::StatusCode::NOT_FOUND,
            AppError::BadRequest => http::StatusCode::BAD_REQUEST,
            // The server function already answered with a redirect to sign in: keep it.
            AppError::Unauthenticated => return,
            AppError::Forbidden => http::StatusCode::FORBIDDEN,
            AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::ServerFn(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
        };
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}
