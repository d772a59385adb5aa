//! The HTML shell and the router: which page answers which path.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::api::session::get_viewer;
use crate::components::forms::ViewerResource;
use crate::components::layout::{SiteFooter, SiteHeader};
use crate::i18n::{I18nContextProvider, use_i18n};
use crate::pages::accounts::AccountsPage;
use crate::pages::audit::AuditPage;
use crate::pages::coordination::CoordinationPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::digest::{
    DigestConfirmPage, DigestPage, DigestSettingsPage, DigestUnsubscribePage,
    DigestUnsubscribedPage,
};
use crate::pages::erase::ErasePage;
use crate::pages::import::{ImportPage, ImportPreviewPage};
use crate::pages::manage::{ManagePage, ProposePage};
use crate::pages::outcomes::{
    board::BoardPage, commitment::CommitmentPageView, editor::RecordEditorPage, report::ReportPage,
};
use crate::pages::registration::{
    LogisticsPage, MyRegistrationPage, ParticipantsPage, RegisterPage, ResendPage,
};
use crate::pages::signin::{SetPasswordPage, SignInPage};
use crate::pages::subscribe::SubscribePage;
use crate::pages::{calendar::CalendarPage, event::EventPage, home::HomePage, not_found::NotFound};

/// The document around every server-rendered page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Who is looking, and the token forms carry: loaded once per page load.
    let viewer: ViewerResource = Resource::new(|| (), |()| get_viewer());
    provide_context(viewer);
    view! {
        <I18nContextProvider>
            <Stylesheet id="leptos" href=crate::assets::stylesheet_href() />
            <link rel="alternate" type="text/calendar" href="/calendar.ics" title="Enlace" />
            <SiteTitle />
            <Router>
                <SiteHeader />
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFound>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("calendar") view=CalendarPage ssr=SsrMode::Async />
                        <Route path=path!("events/new") view=ProposePage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug") view=EventPage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/manage") view=ManagePage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/record") view=RecordEditorPage ssr=SsrMode::Async />
                        <Route path=path!("commitments") view=BoardPage ssr=SsrMode::Async />
                        <Route path=path!("commitments/report") view=ReportPage ssr=SsrMode::Async />
                        <Route path=path!("commitments/:id") view=CommitmentPageView ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/register") view=RegisterPage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/participants") view=ParticipantsPage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/logistics") view=LogisticsPage ssr=SsrMode::Async />
                        <Route path=path!("registrations/resend") view=ResendPage ssr=SsrMode::Async />
                        <Route path=path!("registrations/:token") view=MyRegistrationPage ssr=SsrMode::Async />
                        <Route path=path!("events/:slug/subscribe") view=SubscribePage ssr=SsrMode::Async />
                        <Route path=path!("subscribe") view=SubscribePage ssr=SsrMode::Async />
                        <Route path=path!("coordination") view=CoordinationPage ssr=SsrMode::Async />
                        <Route path=path!("countries/:iso/subscribe") view=SubscribePage ssr=SsrMode::Async />
                        <Route path=path!("kinds/:kind/subscribe") view=SubscribePage ssr=SsrMode::Async />
                        <Route path=path!("signin") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("dashboard") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("import") view=ImportPage ssr=SsrMode::Async />
                        <Route path=path!("import/:id") view=ImportPreviewPage ssr=SsrMode::Async />
                        <Route path=path!("admin/accounts") view=AccountsPage ssr=SsrMode::Async />
                        <Route path=path!("admin/erase") view=ErasePage ssr=SsrMode::Async />
                        <Route path=path!("password/:token") view=SetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("digest") view=DigestPage ssr=SsrMode::Async />
                        <Route path=path!("digest/settings") view=DigestSettingsPage ssr=SsrMode::Async />
                        <Route path=path!("digest/confirm/:token") view=DigestConfirmPage ssr=SsrMode::Async />
                        <Route path=path!("digest/unsubscribe/:token") view=DigestUnsubscribePage ssr=SsrMode::Async />
                        <Route path=path!("digest/unsubscribed") view=DigestUnsubscribedPage ssr=SsrMode::Async />
                    </Routes>
                </main>
                <SiteFooter />
            </Router>
        </I18nContextProvider>
    }
}

/// The default document title; pages append their own.
#[component]
fn SiteTitle() -> impl IntoView {
    // The formatter runs when leptos_meta renders the head, after this component's reactive owner
    // may be gone (on the server, under load: "reactive value already disposed"), so it must not
    // read a signal: the site's name is read once, here, untracked.
    let site: &'static str = crate::i18n::td_string!(use_i18n().get_locale_untracked(), site_name);
    view! {
        <Title formatter=move |page: String| {
            let site = site.to_owned();
            let title = if page.is_empty() { site } else { format!("{page} · {site}") };
            escape_title(title)
        } />
    }
}

/// leptos_meta writes the server-rendered `<title>` without escaping it, so a title holding
/// `</title><script>` would break out of it: escape on the server. The browser sets
/// `document.title`, which takes plain text, so it gets the text as it is.
fn escape_title(title: String) -> String {
    if cfg!(feature = "ssr") {
        title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        title
    }
}

/// Browser entry point. The pages are server HTML; Leptos's island script calls this, then
/// hydrates each `<leptos-island>` of the page (the `#[island]` components) in the same turn of
/// the event loop. A timer that fires after that turn marks the document as hydrated: browser
/// tests wait for `html[data-hydrated]`, and styles may use it.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    set_timeout(
        || {
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
