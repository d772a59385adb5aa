//! Server functions of the registration pages: the form, a delegate's own registration (behind
//! its manage token), and the hosts' participant list. Personal data leaves the server only for
//! the delegate themself and for the officials of the event's host countries and the secretariat.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use super::session::FormFlash;
use crate::domain::registration::{
    Closed, Registration, RegistrationMode, RegistrationSettings, RegistrationStatus, SeatCounts,
};
use crate::domain::{Event, Lang};

/// The form key the manage page keeps its input under (as the server's handler uses it).
pub const MANAGE_FORM: &str = "registration-manage";

/// Seats, as anyone may see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    /// Whether registration is open now, or why not.
    pub closed: Option<Closed>,
    /// The capacity, if limited.
    pub capacity: Option<u32>,
    /// Seats taken (confirmed, and held until confirmed).
    pub confirmed: u32,
    /// People waiting.
    pub waitlisted: u32,
    /// The per-delegation quota, if any.
    pub quota: Option<u32>,
    /// The last day to register.
    pub deadline: Option<chrono::NaiveDate>,
    /// How registrations are taken.
    pub mode: RegistrationMode,
    /// Of the seats taken, those held until their address is confirmed.
    pub held: u32,
    /// Registrations awaiting the hosts' approval (taking no seat).
    pub awaiting: u32,
}

/// The registration form's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterForm {
    /// The event.
    pub event: Event,
    /// Seats and whether registration is open.
    pub seats: Seats,
    /// A one-time id for this form, so sending it twice registers once.
    pub nonce: String,
    /// Input kept from a refused submission.
    pub flash: Option<FormFlash>,
    /// How long a place is held in confirm mode, in minutes.
    pub hold_minutes: i64,
}

/// A delegate's own registration, behind its manage link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyRegistration {
    /// The event.
    pub event: Event,
    /// The registration.
    pub registration: Registration,
    /// The personal feed's `https://` address.
    pub feed_url: String,
    /// Input kept from a refused change.
    pub flash: Option<FormFlash>,
}

/// Counts of one delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationCount {
    /// The delegation's name in Spanish.
    pub name_es: String,
    /// The delegation's name in English.
    pub name_en: String,
    /// Confirmed.
    pub confirmed: u32,
    /// Waitlisted.
    pub waitlisted: u32,
    /// Cancelled (by the delegate, declined, or expired).
    pub cancelled: u32,
    /// Seats held until the address is confirmed.
    pub held: u32,
    /// Awaiting the hosts' approval.
    pub awaiting: u32,
}

/// The hosts' participant list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participants {
    /// The event.
    pub event: Event,
    /// The registration settings.
    pub settings: RegistrationSettings,
    /// Seats.
    pub seats: Seats,
    /// Every registration, in order.
    pub registrations: Vec<Registration>,
    /// Counts per delegation, by name.
    pub by_delegation: Vec<DelegationCount>,
    /// Mail to participants that failed or waits to be tried again (no bodies, no links).
    pub mail: Vec<crate::domain::outbox::MailProblem>,
    /// Input kept from a refused change.
    pub flash: Option<FormFlash>,
}

/// The seats a page shows: `counts` (taken at `now`) with the event's settings, and whether
/// registration is open at `now`.
#[must_use]
pub fn seats(
    event: &Event,
    settings: &RegistrationSettings,
    counts: SeatCounts,
    now: chrono::DateTime<chrono::Utc>,
) -> Seats {
    Seats {
        closed: crate::domain::registration::registration_open(event, settings, now).err(),
        capacity: settings.capacity,
        confirmed: counts.taken,
        waitlisted: counts.in_line,
        quota: settings.quota,
        deadline: settings.deadline,
        mode: settings.mode,
        held: counts.held,
        awaiting: counts.awaiting,
    }
}

/// Counts per delegation, sorted by Spanish name.
#[must_use]
pub fn by_delegation(registrations: &[Registration]) -> Vec<DelegationCount> {
    let mut map: std::collections::BTreeMap<String, DelegationCount> = Default::default();
    for r in registrations {
        let d = &r.details.delegation;
        let entry = map.entry(d.quota_key()).or_insert_with(|| DelegationCount {
            name_es: d.label(Lang::Es),
            name_en: d.label(Lang::En),
            confirmed: 0,
            waitlisted: 0,
            cancelled: 0,
            held: 0,
            awaiting: 0,
        });
        match r.status {
            RegistrationStatus::Confirmed => entry.confirmed += 1,
            RegistrationStatus::Held => entry.held += 1,
            RegistrationStatus::Waitlisted => entry.waitlisted += 1,
            RegistrationStatus::AwaitingApproval => entry.awaiting += 1,
            RegistrationStatus::Cancelled
            | RegistrationStatus::Expired
            | RegistrationStatus::Declined => entry.cancelled += 1,
        }
    }
    let mut out: Vec<DelegationCount> = map.into_values().collect();
    out.sort_by(|a, b| a.name_es.cmp(&b.name_es));
    out
}

/// Loads the registration form of a published event.
#[server]
pub async fn get_register_form(slug: String) -> Result<RegisterForm, AppError> {
    let store = super::store()?;
    let event = store.event_by_slug(&slug).await?;
    if !event.published {
        return Err(AppError::NotFound);
    }
    let now = chrono::Utc::now();
    let (settings, counts) = store.seat_summary(event.id, now).await?;
    let seats = seats(&event, &settings, counts, now);
    let flash = super::session::take_form_flash(format!("/events/{slug}/register")).await?;
    // A refused form keeps its one-time id, so sending it again still registers once.
    let nonce = flash
        .as_ref()
        .and_then(|f| f.value("submission"))
        .filter(|n| n.len() >= 32)
        .map_or_else(crate::ssr::tokens::random_id, str::to_owned);
    let hold_minutes = use_context::<crate::usecase::Deps>()
        .map_or(0, |deps| deps.registration.hold.num_minutes());
    Ok(RegisterForm {
        event,
        seats,
        nonce,
        flash,
        hold_minutes,
    })
}

/// Loads a delegate's registration by its manage token; the same 404 for a wrong, expired or
/// unknown token.
#[server]
pub async fn get_my_registration(token: String) -> Result<MyRegistration, AppError> {
    use crate::ssr::tokens::feed_token;
    let store = super::store()?;
    let (record, event) =
        crate::ssr::registrations::find_by_manage_token(store.as_ref(), &token, chrono::Utc::now())
            .await?;
    let settings = use_context::<super::feeds::FeedSettings>().ok_or(AppError::Internal)?;
    let feed_url = format!(
        "{}/feeds/{}.ics",
        settings.public_url,
        feed_token(&token, record.feed_generation)
    );
    let flash = super::session::take_form_flash(MANAGE_FORM.into()).await?;
    // The manage page is private: no search engine, no referrer carrying the token away.
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::REFERRER_POLICY,
            http::HeaderValue::from_static("no-referrer"),
        );
        response.insert_header(
            http::header::HeaderName::from_static("x-robots-tag"),
            http::HeaderValue::from_static("noindex"),
        );
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    Ok(MyRegistration {
        event,
        registration: crate::domain::registration::seen_at(record.registration, chrono::Utc::now()),
        feed_url,
        flash,
    })
}

/// Loads an event's participants (its hosts' officials and the secretariat only).
#[server]
pub async fn get_participants(slug: String) -> Result<Participants, AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let (event, registrations) =
        crate::usecase::registrations::for_hosts(&deps, viewer.as_ref(), &slug)
            .await
            .map_err(super::manage::refused)?;
    let settings = deps.store.registration_settings(event.id).await?;
    let now = chrono::Utc::now();
    let seats = seats(&event, &settings, SeatCounts::of(&registrations, now), now);
    let by_delegation = by_delegation(&registrations);
    let (seats, by_delegation) =
        super::personal_data::with_erased(&deps, event.id, seats, by_delegation).await?;
    let mail = deps.store.undelivered_mail(event.id).await?;
    let flash = super::session::take_form_flash(format!("/events/{slug}/participants")).await?;
    Ok(Participants {
        event,
        settings,
        seats,
        registrations,
        by_delegation,
        mail,
        flash,
    })
}

/// An event's logistics plan (its hosts' officials and the secretariat only).
#[server]
pub async fn get_logistics(
    slug: String,
) -> Result<(Event, crate::domain::logistics::LogisticsPlan), AppError> {
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let (event, registrations) =
        crate::usecase::registrations::for_hosts(&deps, viewer.as_ref(), &slug)
            .await
            .map_err(super::manage::refused)?;
    let plan = crate::domain::logistics::LogisticsPlan::build(&event, &registrations);
    Ok((event, plan))
}
