//! The form decoders' target: any bytes as an `application/x-www-form-urlencoded` body, decoded
//! as axum's `Form` decodes it (`serde_urlencoded`, the crate and version axum uses) into the
//! posted pairs, then read by every form of the site: the event form, the registration form and
//! the manage page's, the hosts' settings, sign-in, accounts and passwords, acknowledgements,
//! cancellation, the coordination page's query, `next=`; what a failed post keeps
//! (`bounded`); and the same bytes as the headers the reader's language comes from.

use app::api::session::Viewer;
use app::domain::account::check_new_password;
use app::domain::registration::{RegistrationInput, RegistrationSettings};
use app::domain::timeline::{CoordinationQuery, Filters};
use app::domain::{Email, EventInput, Lang, text};
use app::flash::FlashError;
use axum::http::{HeaderMap, HeaderValue, header};

use crate::routes::error::RouteError;
use crate::routes::forms::{FormPost, Posted, request_lang, safe_next};
use crate::routes::kept::{MAX_ANONYMOUS_BYTES, bounded, field_limit};

/// An event to register for: the demo's first, validated once.
fn demo_event() -> Option<&'static app::domain::Event> {
    static EVENT: std::sync::OnceLock<Option<app::domain::Event>> = std::sync::OnceLock::new();
    EVENT.get_or_init(first_demo_event).as_ref()
}

fn first_demo_event() -> Option<app::domain::Event> {
    let (slug, details) = crate::demo::validated().ok()?.into_iter().next()?;
    Some(app::domain::Event {
        id: 1,
        slug: slug.to_owned(),
        uid: format!("{slug}@enlace.demo"),
        details,
        revision: 0,
        version: 0,
        published: true,
        cancel_reason: String::new(),
        cancelled_at: None,
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    })
}

/// The event form as `routes::manage` reads it (co-hosts a repeated checkbox).
fn event_form(post: &FormPost) -> EventInput {
    let cohosts = post.fields.get_all("cohosts").join(",");
    EventInput::from_fields(|name| {
        if name == "cohosts" {
            cohosts.clone()
        } else {
            post.get(name)
        }
    })
}

/// Checks that what a failed post keeps is bounded as `routes::kept` promises.
fn kept(post: &FormPost, errors: Vec<FlashError>) {
    let RouteError::Back { flash, .. } = post.back("/events/new", errors) else {
        panic!("a failed post does not go back to its form");
    };
    assert!(!flash.values.contains_key("authenticity_token"));
    assert!(flash.values.keys().all(|k| !k.contains("password")));
    let kept = bounded(*flash);
    for (name, value) in &kept.values {
        assert!(
            value.chars().count() <= field_limit(name),
            "{name} kept whole"
        );
    }
    let size = serde_json::to_string(&kept).map_or(usize::MAX, |s| s.len());
    assert!(
        size <= MAX_ANONYMOUS_BYTES || kept.values.is_empty(),
        "kept {size} bytes"
    );
}

/// Every form's reading of the posted fields.
fn read_forms(post: &FormPost) {
    let mut errors = Vec::new();
    if let Err(e) = event_form(post).validate() {
        errors.extend(FlashError::from_validation(&e));
    }
    let registration = RegistrationInput::from_fields(|n| post.get(n));
    if let Some(event) = demo_event()
        && let Err(e) = registration.validate(event)
    {
        errors.extend(FlashError::from_validation(&e));
    }
    let _ = RegistrationSettings::from_form(
        post.checked("open"),
        &post.get("capacity"),
        &post.get("quota"),
        &post.get("deadline"),
        &post.get("mode"),
    );
    let _ = Email::parse(&post.get("email"));
    let _ = text::required(&post.get("name"), 200);
    let _ = app::domain::Country::parse(&post.get("country"));
    let _ = check_new_password(&post.get("password"), &post.get("password_confirm"));
    let _ = app::domain::coordination::parse_ack_note(&post.get("note"));
    let _ = post.get("version").parse::<i64>();
    let fallback = "/dashboard";
    let next = safe_next(post.fields.fields.get("next").map(String::as_str), fallback);
    assert!(
        next == fallback
            || (next.starts_with('/')
                && !next.starts_with("//")
                && !next
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\')),
        "next={next:?} leaves the site"
    );
    let get = |name: &str| Some(post.get(name)).filter(|v| !v.trim().is_empty());
    let query = CoordinationQuery {
        from: get("from"),
        to: get("to"),
        status: get("status"),
        kind: get("kind"),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2010, 11, 16).unwrap_or_default();
    let _ = Filters::read(
        &[],
        query.from.as_deref(),
        query.to.as_deref(),
        query.status.as_deref(),
        query.kind.as_deref(),
        today,
    );
    kept(post, errors);
}

/// The target: `data` as a posted body, and as header values.
///
/// # Panics
/// When a decoder or a form panics, or a promise does not hold.
pub fn forms(data: &[u8]) {
    if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) {
        let post = FormPost {
            fields: Posted::new(pairs),
            lang: Lang::Es,
            viewer: Viewer::default(),
        };
        read_forms(&post);
    }
    // The GET forms' queries decode the same way.
    let _ = serde_urlencoded::from_bytes::<CoordinationQuery>(data);
    if let Ok(value) = HeaderValue::from_bytes(data) {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, value.clone());
        headers.insert(header::COOKIE, value);
        let _ = request_lang(&headers);
        let _ = app::api::session::cookie(&headers, "enlace_form");
    }
}
