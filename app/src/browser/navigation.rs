//! In-page navigation for the calendar's month links: a click fetches the next month's page and
//! puts its content in place of the current one, without reloading the document. The page itself
//! is the server's HTML, the same a plain link loads (which is what happens without JavaScript, on
//! a modified click, or when anything here fails).

use std::cell::Cell;

use leptos::prelude::{document, window, window_event_listener};
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomParser, Element, MouseEvent, Response, SupportedType};

/// The links this module takes over.
const LINKS: &str = "nav.month-nav a[href]";

thread_local! {
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Listens for month-link clicks and for the history's back and forward, once per document.
pub fn install() {
    if INSTALLED.replace(true) {
        return;
    }
    // The handles are dropped without removing the listeners: they live as long as the document.
    let _click = window_event_listener(leptos::ev::click, |ev: MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest(LINKS).ok().flatten());
        let Some(href) = link.and_then(|a| a.get_attribute("href")) else {
            return;
        };
        ev.prevent_default();
        spawn_local(go(href, true));
    });
    let _back = window_event_listener(leptos::ev::popstate, |_| {
        if let Ok(href) = window().location().href() {
            spawn_local(go(href, false));
        }
    });
}

/// Shows the page at `href` in place; where that fails, loads it as a plain link would.
async fn go(href: String, push: bool) {
    if swap(&href, push).await.is_none() {
        let _ = window().location().set_href(&href);
    }
}

/// Fetches `href`, puts its `<main>` in place of the page's, with its title and language-switch
/// link, records it in the history (`push`), and wakes the islands it holds.
async fn swap(href: &str, push: bool) -> Option<()> {
    let response: Response = JsFuture::from(window().fetch_with_str(href))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let html = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    let fetched = DomParser::new()
        .ok()?
        .parse_from_string(&html, SupportedType::TextHtml)
        .ok()?;
    let content = fetched.query_selector("main#main").ok()??;
    let page = document();
    let main = page.query_selector("main#main").ok()??;
    if push {
        window()
            .history()
            .ok()?
            .push_state_with_url(&JsValue::NULL, "", Some(href))
            .ok()?;
    }
    // The fetched document is inert: nothing in it runs, and only its markup is taken.
    main.set_inner_html(&content.inner_html());
    page.set_title(&fetched.title());
    let switch = fetched
        .query_selector("a.lang-switch")
        .ok()
        .flatten()
        .and_then(|a| a.get_attribute("href"));
    if let (Some(href), Ok(Some(link))) = (switch, page.query_selector("a.lang-switch")) {
        let _ = link.set_attribute("href", &href);
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
    wake_islands(&main);
    Some(())
}

/// Hydrates the islands inside `root` through Leptos's island script (`window.__hydrateIsland`).
fn wake_islands(root: &Element) {
    let Ok(hydrate) = js_sys::Reflect::get(&window(), &"__hydrateIsland".into()) else {
        return;
    };
    let Ok(hydrate) = hydrate.dyn_into::<js_sys::Function>() else {
        return;
    };
    let Ok(islands) = root.query_selector_all("leptos-island") else {
        return;
    };
    for i in 0..islands.length() {
        let Some(island) = islands.item(i) else {
            continue;
        };
        let id = island
            .dyn_ref::<Element>()
            .and_then(|e| e.get_attribute("data-component"))
            .unwrap_or_default();
        let _ = hydrate.call2(&JsValue::NULL, &island, &id.into());
    }
}
