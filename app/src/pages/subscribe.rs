//! Subscribe pages (`/subscribe`, `/countries/{iso}/subscribe`, `/kinds/{kind}/subscribe`,
//! `/events/{slug}/subscribe`): the feed's `webcal://` and `https://` addresses, a copy button
//! once the page is interactive, and short instructions for the usual calendar applications;
//! and the commitments' to-do feeds and the change feeds (Atom) of the region and of a country
//! (the page's, or the signed-in official's), saying which clients show tasks from a
//! subscription (Thunderbird does; Outlook and Google Calendar do not, so the e-mail digest).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::feeds::{FeedPage, FeedSubject, FeedTarget, get_feed_page};
use crate::components::localized::{island_i18n, use_lang};
use crate::domain::feed::{FeedScope, webcal_url};
use crate::domain::{Country, EventKind};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::not_found::ErrorPanel;

/// Any subscribe page; which feed it is for comes from the route's parameters.
#[component]
pub fn SubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let target = move || {
        let p = params.read();
        if let Some(slug) = p.get("slug") {
            FeedTarget::Event(slug)
        } else if let Some(iso) = p.get("iso") {
            FeedTarget::Country(iso)
        } else if let Some(kind) = p.get("kind") {
            FeedTarget::Kind(kind)
        } else {
            FeedTarget::All
        }
    };
    let page = Resource::new(target, get_feed_page);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <SubscribeView page /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SubscribeView(page: FeedPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let FeedPage {
        base_url,
        subject,
        months_back,
        country,
    } = page;
    let tasks_base = base_url.clone();
    let path = subject.path();
    let https = Signal::derive(move || format!("{base_url}{path}?lang={}", lang.get().code()));
    let webcal = move || webcal_url(&https.get());
    let name = {
        let subject = subject.clone();
        move || match &subject {
            FeedSubject::Scope(scope) => scope.name(lang.get()),
            FeedSubject::Event { title, .. } => title.pick(lang.get()).text.to_owned(),
        }
    };
    let is_event = matches!(subject, FeedSubject::Event { .. });
    let is_all = subject == FeedSubject::Scope(FeedScope::All);
    view! {
        <Title text=name.clone() />
        <article class="subscribe">
            <p class="kicker">{t!(i18n, subscribe_title)}</p>
            <h1>{name}</h1>
            <p>{if is_event { t!(i18n, subscribe_event_note).into_any() } else { t!(i18n, subscribe_intro).into_any() }}</p>
            <p class="actions">
                <a class="button" rel="external" href=webcal>{t!(i18n, subscribe_open)}</a>
            </p>
            <CopyField url=https.get_untracked() />
            <p>
                <a rel="external" download href=https>{t!(i18n, subscribe_download)}</a>
            </p>
            {(!is_event).then(|| view! { <p class="hint">{t!(i18n, subscribe_window, months = move || months_back)}</p> })}
            <Instructions />
            {(!is_event).then(|| view! { <TaskFeeds base_url=tasks_base country /> })}
            {is_all.then(|| view! { <OtherFeeds /> })}
        </article>
    }
}

/// The address in a read-only field (selectable without JavaScript) and, once hydrated, a
/// button that copies it. An island: the only code this page sends to the browser.
#[island]
fn CopyField(
    /// The feed's `https://` address.
    url: String,
) -> impl IntoView {
    let i18n = island_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let status = RwSignal::new(None::<bool>);
    let copy = {
        let url = url.clone();
        move |_| status.set(Some(copy_to_clipboard(&url)))
    };
    view! {
        <div class="copy-field">
            <label for="feed-url">{t!(i18n, subscribe_address)}</label>
            <div class="copy-row">
                <input id="feed-url" type="url" readonly value=url on:focus=move |ev| select_all(&ev) />
                <button type="button" class="button secondary" hidden=move || !hydrated.get() on:click=copy>
                    {t!(i18n, subscribe_copy)}
                </button>
            </div>
            <p role="status" class="copy-status">
                {move || match status.get() {
                    Some(true) => t_string!(i18n, subscribe_copied).to_owned(),
                    Some(false) => t_string!(i18n, subscribe_copy_failed).to_owned(),
                    None => String::new(),
                }}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn copy_to_clipboard(text: &str) -> bool {
    // The promise settles later; the Clipboard API refuses only without a secure context, which
    // `isSecureContext` tells in advance.
    let window = window();
    if !window.is_secure_context() {
        return false;
    }
    let _promise = window.navigator().clipboard().write_text(text);
    true
}

#[cfg(not(feature = "hydrate"))]
fn copy_to_clipboard(_text: &str) -> bool {
    false
}

#[cfg(feature = "hydrate")]
fn select_all(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

#[cfg(not(feature = "hydrate"))]
fn select_all(_ev: &leptos::ev::FocusEvent) {}

#[component]
fn Instructions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="how" class="instructions">
            <h2 id="how">{t!(i18n, subscribe_how)}</h2>
            <h3>{t!(i18n, client_google)}</h3>
            <ol>
                <li>{t!(i18n, google_1)}</li>
                <li>{t!(i18n, google_2)}</li>
                <li>{t!(i18n, google_3)}</li>
            </ol>
            <h3>{t!(i18n, client_outlook)}</h3>
            <ol>
                <li>{t!(i18n, outlook_1)}</li>
                <li>{t!(i18n, outlook_2)}</li>
                <li>{t!(i18n, outlook_3)}</li>
            </ol>
            <h3>{t!(i18n, client_apple)}</h3>
            <ol>
                <li>{t!(i18n, apple_1)}</li>
                <li>{t!(i18n, apple_2)}</li>
                <li>{t!(i18n, apple_3)}</li>
            </ol>
            <h3>{t!(i18n, client_thunderbird)}</h3>
            <ol>
                <li>{t!(i18n, thunderbird_1)}</li>
                <li>{t!(i18n, thunderbird_2)}</li>
            </ol>
        </section>
    }
}

/// One feed address: its `https://` form shown, and a link that opens it (`webcal://` for
/// calendars).
#[component]
fn FeedLine(label: Signal<String>, url: Signal<String>, webcal: bool) -> impl IntoView {
    let i18n = use_i18n();
    let open = move || {
        if webcal {
            webcal_url(&url.get())
        } else {
            url.get()
        }
    };
    view! {
        <li>
            {label}": "<code>{url}</code>" "
            <a rel="external" href=open>{t!(i18n, subscribe_open)}</a>
        </li>
    }
}

/// The commitments as tasks (`VTODO`) and the changes as Atom, for the region and a country.
#[component]
fn TaskFeeds(base_url: String, country: Option<Country>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let address = move |path: String| {
        let base_url = base_url.clone();
        Signal::derive(move || format!("{base_url}{path}?lang={}", lang.get().code()))
    };
    let iso = country.map(|c| c.code().to_ascii_lowercase());
    let region_tasks = address("/commitments.ics".into());
    let region_changes = address("/changes.atom".into());
    let country_feeds = country.zip(iso).map(|(c, iso)| {
        (
            c,
            address(format!("/countries/{iso}/commitments.ics")),
            address(format!("/countries/{iso}/changes.atom")),
        )
    });
    let label = |text: fn(crate::domain::Lang) -> String| Signal::derive(move || text(lang.get()));
    view! {
        <section aria-labelledby="tasks" class="task-feeds">
            <h2 id="tasks">{t!(i18n, ocf_sub_tasks_heading)}</h2>
            <p>{t!(i18n, ocf_sub_tasks_intro)}</p>
            <ul class="feed-addresses">
                <FeedLine label=label(|l| crate::i18n::td_string!(l.locale(), ocf_sub_tasks_region).to_owned()) url=region_tasks webcal=true />
                {country_feeds.map(|(c, tasks, _)| view! {
                    <FeedLine label=Signal::derive(move || crate::i18n::td_string!(lang.get().locale(), ocf_sub_tasks_country, country = c.name(lang.get()))) url=tasks webcal=true />
                })}
            </ul>
            <p>{t!(i18n, ocf_sub_tasks_thunderbird)}</p>
            <p>{t!(i18n, ocf_sub_tasks_others)}" "<a href="/digest">{t!(i18n, ocf_sub_digest_link)}</a></p>
            <h2 id="changes">{t!(i18n, ocf_sub_atom_heading)}</h2>
            <p>{t!(i18n, ocf_sub_atom_intro)}</p>
            <ul class="feed-addresses">
                <FeedLine label=label(|l| crate::i18n::td_string!(l.locale(), ocf_sub_atom_region).to_owned()) url=region_changes webcal=false />
                {country_feeds.map(|(c, _, changes)| view! {
                    <FeedLine label=Signal::derive(move || crate::i18n::td_string!(lang.get().locale(), ocf_sub_atom_country, country = c.name(lang.get()))) url=changes webcal=false />
                })}
            </ul>
        </section>
    }
}

#[component]
fn OtherFeeds() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    view! {
        <section aria-labelledby="other-feeds" class="other-feeds">
            <h2 id="other-feeds">{t!(i18n, subscribe_other)}</h2>
            <h3>{t!(i18n, subscribe_by_country)}</h3>
            <ul class="feed-list">
                {Country::ALL.into_iter().map(|c| {
                    let scope = FeedScope::Country(c);
                    view! { <li><a href=scope.subscribe_path()>{move || c.name(lang.get())}</a></li> }
                }).collect_view()}
            </ul>
            <h3>{t!(i18n, subscribe_by_kind)}</h3>
            <ul class="feed-list">
                {EventKind::ALL.into_iter().map(|k| {
                    let scope = FeedScope::Kind(k);
                    view! { <li><a href=scope.subscribe_path()>{move || scope.name(lang.get())}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}
