//! The server's side of the use cases' mail port: composes a delegate's mail (with the event as a
//! calendar attachment and the links to their registration) for the store to queue, and wakes
//! the outbox's sender when something was queued.

use std::sync::Arc;

use app::domain::registration::Registration;
use app::domain::{Event, Lang, format};
use app::i18n::td_string;
use app::ssr::OutgoingMail;
use app::ssr::tokens::feed_token;
use app::usecase::{MailReason, MailedLink};
use tokio::sync::Notify;

use crate::ical::{self, FeedInfo};
use crate::mail::{Links, Reason, compose};

/// Mail to delegates, with links on `public_url`.
pub struct DelegateMail {
    /// The base URL links start with.
    pub public_url: Arc<str>,
    /// Wakes the outbox's sender.
    pub wake: Arc<Notify>,
}

impl DelegateMail {
    /// The event as a one-event calendar, for mail attachments.
    fn event_ics(&self, event: &Event, lang: Lang) -> String {
        let name = event.details.title.pick(lang).text.to_owned();
        ical::render(
            std::slice::from_ref(event),
            &FeedInfo {
                name: &name,
                description: &name,
                base_url: &self.public_url,
                lang,
            },
        )
    }

    /// The address of the form that mails the links again.
    fn resend_url(&self) -> String {
        format!("{}/registrations/resend", self.public_url)
    }
}

impl app::usecase::Mailer for DelegateMail {
    fn registration_mail(
        &self,
        reason: MailReason,
        event: &Event,
        registration: &Registration,
        manage: Option<(&str, i64)>,
    ) -> OutgoingMail {
        let reason = match reason {
            MailReason::Registered => Reason::Registered,
            MailReason::Promoted => Reason::Promoted,
            MailReason::Cancelled => Reason::Cancelled,
            MailReason::Approved => Reason::Approved,
            MailReason::Declined => Reason::Declined,
        };
        let base = &self.public_url;
        let (manage_url, feed_url) = match manage {
            Some((token, generation)) => (
                format!("{base}/registrations/{token}"),
                format!("{base}/feeds/{}.ics", feed_token(token, generation)),
            ),
            None => {
                let kept = td_string!(registration.details.lang.locale(), mail_link_in_first_mail)
                    .to_string();
                (kept.clone(), kept)
            }
        };
        let event_url = format!("{base}/events/{}", event.slug);
        let resend_url = self.resend_url();
        let ics = (!matches!(reason, Reason::Cancelled | Reason::Declined))
            .then(|| self.event_ics(event, registration.details.lang));
        compose(
            reason,
            event,
            registration,
            Links {
                manage: &manage_url,
                feed: &feed_url,
                event: &event_url,
                resend: &resend_url,
            },
            ics,
        )
    }

    fn links_mail(
        &self,
        lang: Lang,
        to: &str,
        links: &[MailedLink<'_>],
        person_feed_token: &str,
    ) -> OutgoingMail {
        let l = lang.locale();
        let base = &self.public_url;
        let list: Vec<String> = links
            .iter()
            .map(|link| {
                let status = link.registration.status.label(lang);
                td_string!(
                    l,
                    ob_links_item,
                    title = link.event.details.title.pick(lang).text,
                    when = format::event_dates(lang, &link.event.details.dates),
                    status = status,
                    manage_link = format!("{base}/registrations/{}", link.manage_token)
                )
            })
            .collect();
        let body = td_string!(
            l,
            ob_links_body,
            list = list.join("\n\n"),
            feed_link = format!("{base}/feeds/person/{person_feed_token}.ics"),
            resend_link = self.resend_url()
        );
        OutgoingMail {
            to: to.to_owned(),
            subject: td_string!(l, ob_links_subject).to_owned(),
            body,
            ics: None,
            ics_name: String::new(),
            kind: app::domain::outbox::MailKind::Links,
            event_id: None,
            list_unsubscribe: None,
        }
    }

    fn queued(&self) {
        self.wake.notify_one();
    }
}
