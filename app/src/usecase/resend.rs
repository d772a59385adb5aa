//! "Send me my links again": a delegate who lost their manage link types their address and the
//! links go to that address, never to the screen. The answer is the same whether or not the
//! address has registrations, so the form tells nobody who is registered; when it has some, each
//! live registration gets a new manage link (the old one stops) and the address gets a new merged
//! personal feed (the earlier one stops), all in one mail queued in the same transaction.

use chrono::Utc;

use crate::domain::registration::manage_link_alive;
use crate::domain::{Email, Lang};
use crate::flash::FlashError;
use crate::ssr::Reissued;
use crate::ssr::tokens::{feed_token, new_token, token_hash};

use super::{Deps, MailedLink, Outcome, Refusal};

/// Mails the address `email` (as typed) its links, if it has live registrations; otherwise does
/// nothing. Either way the caller answers the same.
///
/// # Errors
/// `Invalid` when the address is not one (that says nothing about registrations), or the store's
/// failure.
pub async fn resend(deps: &Deps, email: &str) -> Outcome<()> {
    let email = Email::parse(email).map_err(|e| {
        Refusal::Invalid(vec![FlashError {
            field: "email".into(),
            es: e.message(Lang::Es),
            en: e.message(Lang::En),
        }])
    })?;
    let now = Utc::now();
    let mut found = Vec::new();
    for registration in deps.store.live_registrations_of(email.as_str()).await? {
        let event = deps.store.event_by_id(registration.event_id).await?;
        if manage_link_alive(&event, now) {
            found.push((registration, event, new_token()));
        }
    }
    let Some(latest) = found.last() else {
        return Ok(());
    };
    // Written in the language of their latest registration, whoever typed the address.
    let lang = latest.0.details.lang;
    let links: Vec<MailedLink<'_>> = found
        .iter()
        .map(|(registration, event, token)| MailedLink {
            event,
            registration,
            manage_token: token,
        })
        .collect();
    let person_feed = new_token();
    let mail = deps
        .mail
        .links_mail(lang, email.as_str(), &links, &person_feed);
    let reissued: Vec<Reissued> = found
        .iter()
        .map(|(registration, _, token)| Reissued {
            id: registration.id,
            token_hash: token_hash(token),
            feed_hash: token_hash(&feed_token(token, 0)),
        })
        .collect();
    deps.store
        .reissue_links(
            email.as_str(),
            &reissued,
            &token_hash(&person_feed),
            &mail,
            now,
        )
        .await?;
    deps.mail.queued();
    Ok(())
}
