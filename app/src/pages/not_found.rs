//! The 404 page, and the error panel shared by pages whose data fails to load.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::{AppError, set_status_for};
use crate::i18n::{t, use_i18n};

/// Shown for any path no route answers; answers 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status_for(&AppError::NotFound);
    let i18n = use_i18n();
    view! {
        <Title text=crate::i18n::td_string!(i18n.get_locale_untracked(), not_found_title).to_owned() />
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><A href="/">{t!(i18n, back_home)}</A></p>
    }
}

/// Explains a failed load in the reader's language and sets the HTTP status.
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: AppError,
) -> impl IntoView {
    set_status_for(&error);
    let i18n = use_i18n();
    let not_found = error == AppError::NotFound;
    let forbidden = matches!(error, AppError::Forbidden | AppError::Unauthenticated);
    let unavailable = error == AppError::Unavailable;
    view! {
        <section class="error-panel" role="alert">
            {if unavailable {
                view! {
                    <h1>{t!(i18n, fault_unavailable_title)}</h1>
                    <p>{t!(i18n, fault_unavailable_text)}</p>
                }
                    .into_any()
            } else if forbidden {
                view! {
                    <h1>{t!(i18n, forbidden_title)}</h1>
                    <p>{t!(i18n, forbidden_text)}</p>
                }
                    .into_any()
            } else if not_found {
                view! {
                    <h1>{t!(i18n, not_found_title)}</h1>
                    <p>{t!(i18n, event_not_found)}</p>
                }
                    .into_any()
            } else {
                view! {
                    <h1>{t!(i18n, error_title)}</h1>
                    <p>{t!(i18n, error_text)}</p>
                }
                    .into_any()
            }}
            <p><A href="/">{t!(i18n, back_home)}</A></p>
        </section>
    }
}
