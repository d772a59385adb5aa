//! The server's side of the use cases' mail port: composes a delegate's mail (with the event as a
//! calendar attachment and the links to their registration) and hands it to the [`Mailer`].

use std::sync::Arc;

use app::domain::registration::Registration;
use app::domain::{Event, Lang};
use app::ssr::tokens::feed_token;
use app::usecase::MailReason;

use crate::ical::{self, FeedInfo};
use crate::mail::{Links, Mailer, Reason, compose};

/// Mail to delegates, with links on `public_url`.
pub struct DelegateMail {
    /// Where mail goes.
    pub mailer: Arc<Mailer>,
    /// The base URL links start with.
    pub public_url: Arc<str>,
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
}

impl app::usecase::Mailer for DelegateMail {
    fn registration_mail(
        &self,
        reason: MailReason,
        event: &Event,
        registration: &Registration,
        manage: Option<(&str, i64)>,
    ) {
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
                let kept = app::i18n::td_string!(
                    registration.details.lang.locale(),
                    mail_link_in_first_mail
                )
                .to_string();
                (kept.clone(), kept)
            }
        };
        let event_url = format!("{base}/events/{}", event.slug);
        let ics = (!matches!(reason, Reason::Cancelled | Reason::Declined))
            .then(|| self.event_ics(event, registration.details.lang));
        let message = compose(
            reason,
            event,
            registration,
            Links {
                manage: &manage_url,
                feed: &feed_url,
                event: &event_url,
            },
            ics,
        );
        self.mailer.send_later(message);
    }
}
