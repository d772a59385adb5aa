//! Bilingual content shown in the reader's language, with a visible note when it falls back.

use leptos::prelude::*;

use crate::domain::{Lang, Localized};
use crate::i18n::{Locale, t, use_i18n};

/// The reader's language as a domain value. It reads the app-wide i18n context directly, so a
/// closure holding it (a document title, say) stays valid after the component that made it is
/// gone; a derived signal would be disposed with its component.
#[derive(Clone, Copy)]
pub struct UseLang(leptos_i18n::I18nContext<Locale>);

impl UseLang {
    /// The current language, tracked.
    #[must_use]
    pub fn get(self) -> Lang {
        match self.0.get_locale() {
            Locale::es => Lang::Es,
            Locale::en => Lang::En,
        }
    }

    /// The current language, untracked: for what is read once while rendering, such as the
    /// document title, which leptos_meta writes after the page's reactive owners may be gone.
    #[must_use]
    pub fn get_untracked(self) -> Lang {
        match self.0.get_locale_untracked() {
            Locale::es => Lang::Es,
            Locale::en => Lang::En,
        }
    }
}

/// The i18n context at the top of an island: on the server, the page's own. In the browser, where
/// an island sees no context from the server, one fixed to the language the server chose and wrote
/// on `<html lang>`: the language only changes through the server (the switch is a link), so the
/// browser needs none of leptos_i18n's cookie and `Accept-Language` code (see vendor/README.md).
/// Call it first in every `#[island]`, before `use_lang` or `use_i18n`.
pub fn island_i18n() -> leptos_i18n::I18nContext<Locale> {
    #[cfg(feature = "hydrate")]
    {
        let lang = document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default();
        leptos_i18n::I18nContext::provide_fixed(lang.locale())
    }
    #[cfg(not(feature = "hydrate"))]
    use_i18n()
}

/// The reader's language, following the i18n context.
pub fn use_lang() -> UseLang {
    UseLang(use_i18n())
}

/// Renders event content in the reader's language; when only the other language exists, shows it
/// marked with its `lang` attribute and a note, so readers and screen readers know.
#[component]
pub fn LocalizedText(
    /// The text in both languages.
    text: Localized,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    move || {
        let picked = text.pick(lang.get());
        let body = picked.text.to_owned();
        let note = picked.is_fallback.then(
            || view! { <small class="fallback-note">" (" {t!(i18n, only_in_other)} ")"</small> },
        );
        view! { <span lang=picked.lang.code()>{body}</span> {note} }
    }
}
