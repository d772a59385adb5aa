//! The header (brand, navigation, language switch) and footer around every page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::localized::use_lang;
use crate::i18n::{t, t_string, use_i18n};

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay as they are).
#[must_use]
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The site header.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let location = use_location();
    // A plain link through the server sets the cookie and comes back: it works without JavaScript.
    // `rel="external"` keeps the client-side router from intercepting it.
    let switch_href = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!(
            "/lang/{}?next={}",
            lang.get().other().code(),
            encode_query_value(&here)
        )
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="brand">
                <A href="/" attr:class="brand-name">{t!(i18n, site_name)}</A>
                <p class="tagline">{t!(i18n, site_tagline)}</p>
            </div>
            <nav class="site-nav" aria-label=move || t_string!(i18n, nav_label).to_string()>
                <ul>
                    <li><A href="/">{t!(i18n, nav_home)}</A></li>
                    <li><A href="/calendar">{t!(i18n, nav_calendar)}</A></li>
                    <li><A href="/commitments?party=">{t!(i18n, ocp_nav_commitments)}</A></li>
                    <AccountLinks />
                    <li>
                        <a
                            class="lang-switch"
                            rel="external nofollow"
                            href=switch_href
                            hreflang=move || lang.get().other().code()
                            lang=move || lang.get().other().code()
                            aria-label=move || format!("{} {}", t_string!(i18n, switch_language), lang.get().other().endonym())
                        >
                            {move || lang.get().other().endonym()}
                        </a>
                    </li>
                </ul>
            </nav>
        </header>
    }
}

/// Sign in, or the signed-in person's dashboard and sign-out.
#[component]
fn AccountLinks() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = expect_context::<crate::components::forms::ViewerResource>();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let viewer = viewer.await.unwrap_or_default();
                match viewer.account {
                    None => view! { <li><A href="/signin">{t!(i18n, sign_in)}</A></li> }.into_any(),
                    Some(account) => view! {
                        {match account.role {
                            crate::domain::access::Role::Official(country) => Some(view! {
                                <li><A href=format!("/commitments?party={}", country.code())>{t!(i18n, ocp_nav_ours)}</A></li>
                            }),
                            crate::domain::access::Role::Secretariat => None,
                        }}
                        <li><A href="/dashboard">{t!(i18n, dashboard)}</A></li>
                        <li>
                            <form method="post" action="/signout" class="signout">
                                <input type="hidden" name="authenticity_token" value=viewer.csrf />
                                <button type="submit" class="link">{t!(i18n, sign_out)}</button>
                            </form>
                        </li>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The site footer.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, footer)}</p>
            <p><a href="/subscribe">{t!(i18n, subscribe_all)}</a></p>
        </footer>
    }
}

/// The sign-in page's address, coming back to `next` (a same-site path) afterwards.
#[must_use]
pub fn sign_in_path(next: &str) -> String {
    format!("/signin?next={}", encode_query_value(next))
}

#[cfg(test)]
mod tests {
    use super::encode_query_value;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_query_value("/calendar?month=2010-12"),
            "/calendar%3Fmonth%3D2010-12"
        );
        assert_eq!(encode_query_value("/a b&c"), "/a%20b%26c");
    }
}
