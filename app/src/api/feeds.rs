//! What the subscribe pages need: the site's public address and the feed a page is about.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::Localized;
use crate::domain::feed::FeedScope;

/// The site's public base URL (no trailing slash) and the feeds' window, as the server provides
/// them in context.
#[derive(Debug, Clone)]
pub struct FeedSettings {
    /// Public base URL.
    pub public_url: std::sync::Arc<str>,
    /// Months back the collection feeds reach.
    pub months_back: u32,
}

/// Which feed a subscribe page is for, as its URL names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedTarget {
    /// `/subscribe`: every event.
    All,
    /// `/countries/{iso}/subscribe`.
    Country(String),
    /// `/kinds/{kind}/subscribe`.
    Kind(String),
    /// `/events/{slug}/subscribe`.
    Event(String),
}

/// A feed, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeedSubject {
    /// A collection feed.
    Scope(FeedScope),
    /// One event's feed.
    Event {
        /// Its slug.
        slug: String,
        /// Its title.
        title: Localized,
    },
}

impl FeedSubject {
    /// The feed's path, without the language.
    #[must_use]
    pub fn path(&self) -> String {
        match self {
            FeedSubject::Scope(scope) => scope.path(),
            FeedSubject::Event { slug, .. } => format!("/events/{slug}.ics"),
        }
    }
}

/// What a subscribe page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedPage {
    /// The site's public base URL.
    pub base_url: String,
    /// The feed.
    pub subject: FeedSubject,
    /// How many months back the collection feeds reach.
    pub months_back: u32,
    /// The country whose commitments and changes the page offers beside the region's: the
    /// page's own country, else the signed-in official's.
    pub country: Option<crate::domain::Country>,
}

/// Resolves a subscribe page's feed; `NotFound` for an unknown country, kind or event (drafts
/// have no feed).
#[server]
pub async fn get_feed_page(target: FeedTarget) -> Result<FeedPage, AppError> {
    use crate::domain::{Country, EventKind};
    let settings = use_context::<FeedSettings>().ok_or(AppError::Internal)?;
    let subject = match target {
        FeedTarget::All => FeedSubject::Scope(FeedScope::All),
        FeedTarget::Country(iso) => FeedSubject::Scope(FeedScope::Country(
            Country::parse(&iso).ok_or(AppError::NotFound)?,
        )),
        FeedTarget::Kind(kind) => FeedSubject::Scope(FeedScope::Kind(
            EventKind::parse(&kind).ok_or(AppError::NotFound)?,
        )),
        FeedTarget::Event(slug) => {
            let event = super::store()?.event_by_slug(&slug).await?;
            if !event.published {
                return Err(AppError::NotFound);
            }
            FeedSubject::Event {
                slug: event.slug,
                title: event.details.title,
            }
        }
    };
    let country = match &subject {
        FeedSubject::Scope(FeedScope::Country(c)) => Some(*c),
        _ => super::manage::viewer_account().and_then(|a| match a.role {
            crate::domain::access::Role::Official(c) => Some(c),
            crate::domain::access::Role::Secretariat => None,
        }),
    };
    Ok(FeedPage {
        base_url: settings.public_url.to_string(),
        subject,
        months_back: settings.months_back,
        country,
    })
}
