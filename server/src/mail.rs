//! Mail to delegates: what a registration, a promotion from the waitlist or a cancellation says,
//! in the delegate's language, with the event as an `.ics` attachment; and the transport that
//! delivers a queued message: SMTP (lettre) when `ENLACE_SMTP_URL` is set, the log otherwise
//! (with every private link replaced by a placeholder). Messages are queued in the database with
//! the change they are about and sent by the outbox's worker (`crate::outbox`).

use anyhow::Context;
use app::domain::registration::{Registration, RegistrationStatus};
use app::domain::{Event, format};
use app::i18n::td_string;
use app::ssr::OutgoingMail;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Settings;

/// Why a delegate is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// They registered (confirmed or waitlisted).
    Registered,
    /// They moved from the waitlist to a seat.
    Promoted,
    /// They cancelled.
    Cancelled,
    /// The hosts approved them (a seat or the waitlist).
    Approved,
    /// The hosts declined them.
    Declined,
}

/// Links a message carries.
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    /// The manage page (`…/registrations/{token}`).
    pub manage: &'a str,
    /// The personal feed (`…/feeds/{token}.ics`).
    pub feed: &'a str,
    /// The event's page.
    pub event: &'a str,
    /// The form that mails the links again.
    pub resend: &'a str,
}

/// Writes the message for `reason`, in the delegate's language, with the event as iCalendar
/// (`ics`) attached as `evento.ics` / `event.ics`.
#[must_use]
pub fn compose(
    reason: Reason,
    event: &Event,
    registration: &Registration,
    links: Links<'_>,
    ics: Option<String>,
) -> OutgoingMail {
    let lang = registration.details.lang;
    let l = lang.locale();
    let title = event.details.title.pick(lang).text.to_owned();
    let when = format::event_dates(lang, &event.details.dates);
    let place = [event.details.venue.as_str(), event.details.city.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let (status, subject) = match mode_texts(reason, event, registration, &title) {
        Some(texts) => texts,
        None => plain_texts(reason, registration, &title),
    };
    let body = td_string!(
        l,
        ob_mail_body,
        name = &registration.details.name,
        status = &status,
        title = &title,
        when = when,
        place = place,
        event_link = links.event,
        manage_link = links.manage,
        feed_link = links.feed,
        resend_link = links.resend
    );
    OutgoingMail {
        to: registration.details.email.clone(),
        subject,
        body,
        ics,
        ics_name: td_string!(l, mail_attachment_name).to_owned(),
        kind: match reason {
            Reason::Registered => app::domain::outbox::MailKind::Registered,
            Reason::Promoted => app::domain::outbox::MailKind::Promoted,
            Reason::Cancelled => app::domain::outbox::MailKind::Cancelled,
            Reason::Approved => app::domain::outbox::MailKind::Approved,
            Reason::Declined => app::domain::outbox::MailKind::Declined,
        },
        event_id: Some(event.id),
        list_unsubscribe: None,
    }
}

/// The status line and subject of the registration modes' messages (a place held until the
/// address is confirmed, awaiting approval, approved, declined); `None` for the others.
fn mode_texts(
    reason: Reason,
    event: &Event,
    registration: &Registration,
    title: &str,
) -> Option<(String, String)> {
    let lang = registration.details.lang;
    let l = lang.locale();
    let until = registration
        .hold_until
        .map(|t| app::domain::registration::hold_end_text(lang, event, t))
        .unwrap_or_default();
    let position = registration
        .waitlist_position
        .map(|p| p.to_string())
        .unwrap_or_default();
    let confirm = td_string!(l, rm_mail_subject_confirm, title = title);
    Some(match (reason, registration.status) {
        (Reason::Cancelled, _) => return None,
        (Reason::Declined, _) => (
            td_string!(l, rm_mail_status_declined).to_owned(),
            td_string!(l, rm_mail_subject_declined, title = title),
        ),
        (Reason::Approved, RegistrationStatus::Waitlisted) => (
            td_string!(l, rm_mail_status_approved_waitlisted, position = position),
            td_string!(l, rm_mail_subject_approved, title = title),
        ),
        (Reason::Approved, _) => (
            td_string!(l, rm_mail_status_approved).to_owned(),
            td_string!(l, rm_mail_subject_approved, title = title),
        ),
        (_, RegistrationStatus::Held) if reason == Reason::Promoted => (
            td_string!(l, rm_mail_status_promoted_held, until = until),
            confirm,
        ),
        (_, RegistrationStatus::Held) => {
            (td_string!(l, rm_mail_status_held, until = until), confirm)
        }
        (_, RegistrationStatus::Waitlisted) if registration.hold_until.is_some() => (
            td_string!(
                l,
                rm_mail_status_waitlisted_held,
                position = position,
                until = until
            ),
            confirm,
        ),
        (_, RegistrationStatus::AwaitingApproval) => (
            td_string!(l, rm_mail_status_pending).to_owned(),
            td_string!(l, rm_mail_subject_pending, title = title),
        ),
        _ => return None,
    })
}

/// The status line and subject of a registration, a promotion or a cancellation.
fn plain_texts(reason: Reason, registration: &Registration, title: &str) -> (String, String) {
    let l = registration.details.lang.locale();
    let status = match (reason, registration.status, registration.waitlist_position) {
        (Reason::Cancelled, _, _) => td_string!(l, mail_status_cancelled).to_owned(),
        (Reason::Promoted, _, _) => td_string!(l, mail_status_promoted).to_owned(),
        (_, RegistrationStatus::Waitlisted, position) => {
            let position = position.map(|p| p.to_string()).unwrap_or_default();
            td_string!(l, mail_status_waitlisted, position = position)
        }
        _ => td_string!(l, mail_status_confirmed).to_owned(),
    };
    let subject = match (reason, registration.status) {
        (Reason::Cancelled, _) => td_string!(l, mail_subject_cancelled, title = title),
        (Reason::Promoted, _) => td_string!(l, mail_subject_promoted, title = title),
        (_, RegistrationStatus::Waitlisted) => {
            td_string!(l, mail_subject_waitlisted, title = title)
        }
        _ => td_string!(l, mail_subject_confirmed, title = title),
    };
    (status, subject)
}

/// `List-Unsubscribe: <{url}>` (RFC 2369): the digest's one-click unsubscribe address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUnsubscribe(pub String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = s.trim().strip_prefix('<').and_then(|r| r.strip_suffix('>'));
        url.map(|u| ListUnsubscribe(u.to_owned()))
            .ok_or_else(|| "expected <url>".into())
    }

    /// On one line, unfolded, when the address is printable ASCII with no space (as every
    /// address Enlace writes is: its public URL, a path and a URL-safe token), so that no mail
    /// client sees a folded value; otherwise encoded and folded as any header.
    fn display(&self) -> HeaderValue {
        let value = format!("<{}>", self.0);
        if self
            .0
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
        {
            HeaderValue::dangerous_new_pre_encoded(Self::name(), value.clone(), value)
        } else {
            HeaderValue::new(Self::name(), value)
        }
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client may unsubscribe
/// with one `POST` to the `List-Unsubscribe` address, with no page in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListUnsubscribePost;

/// The one value RFC 8058 defines.
const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == ONE_CLICK {
            Ok(ListUnsubscribePost)
        } else {
            Err("expected List-Unsubscribe=One-Click".into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), ONE_CLICK.to_owned())
    }
}

/// Where mail goes.
pub enum Mailer {
    /// A real SMTP server.
    Smtp {
        /// The connection pool.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// The log (no SMTP configured).
    Log,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Log => f.write_str("Mailer::Log"),
        }
    }
}

impl Mailer {
    /// From the settings: SMTP when `ENLACE_SMTP_URL` is set.
    ///
    /// # Errors
    /// When the URL or the sender address cannot be read.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let Some(url) = &settings.smtp_url else {
            return Ok(Mailer::Log);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("reading ENLACE_SMTP_URL")?
            .build();
        let from = settings
            .mail_from
            .parse()
            .context("reading ENLACE_MAIL_FROM")?;
        Ok(Mailer::Smtp { transport, from })
    }

    /// Sends one message now. To the log, its private links (manage, feed, password) are
    /// replaced by a placeholder: whoever reads the log cannot use them.
    ///
    /// # Errors
    /// When the message cannot be built or the server refuses it.
    pub async fn send(&self, mail: &OutgoingMail) -> anyhow::Result<()> {
        match self {
            Mailer::Log => {
                tracing::info!(
                    to = %mail.to,
                    subject = %mail.subject,
                    "mail (no ENLACE_SMTP_URL set, so it is only logged, without its links):\n{}",
                    crate::redact::text(&mail.body)
                );
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let text = SinglePart::plain(mail.body.clone());
                let mut builder = Message::builder()
                    .from(from.clone())
                    .to(mail.to.parse().context("recipient address")?)
                    .subject(mail.subject.clone());
                if let Some(url) = &mail.list_unsubscribe {
                    builder = builder
                        .header(ListUnsubscribe(url.clone()))
                        .header(ListUnsubscribePost);
                }
                let message = match &mail.ics {
                    Some(ics) => {
                        let kind =
                            ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                                .context("attachment type")?;
                        let attachment =
                            Attachment::new(mail.ics_name.clone()).body(ics.clone(), kind);
                        builder
                            .multipart(MultiPart::mixed().singlepart(text).singlepart(attachment))
                    }
                    None => builder.singlepart(text),
                }
                .context("building the message")?;
                transport.send(message).await.context("sending")?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_carries_the_one_click_unsubscribe_headers() {
        let url = "https://enlace.example.org/digest/unsubscribe/\
                   tE2D6L9Hgs5wA2aMGSmTT1zBx6raXpUCSfenvaC6axY";
        let message = Message::builder()
            .from("Enlace <enlace@example.org>".parse().unwrap())
            .to("ana@example.org".parse().unwrap())
            .subject("s")
            .header(ListUnsubscribe(url.into()))
            .header(ListUnsubscribePost)
            .singlepart(SinglePart::plain("b".to_owned()))
            .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        assert!(
            text.contains(&format!("List-Unsubscribe: <{url}>\r\n")),
            "{text}"
        );
        assert!(
            text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            "{text}"
        );
        assert_eq!(ListUnsubscribe::parse(&format!("<{url}>")).unwrap().0, url);
        assert!(ListUnsubscribePost::parse("x").is_err());
        // Nothing in the address can break out of the header.
        let hostile = Message::builder()
            .from("enlace@example.org".parse().unwrap())
            .to("ana@example.org".parse().unwrap())
            .header(ListUnsubscribe("https://x/\r\nBcc: a@b".into()))
            .singlepart(SinglePart::plain("b".to_owned()))
            .unwrap();
        let text = String::from_utf8(hostile.formatted()).unwrap();
        assert!(!text.contains("\r\nBcc"), "{text}");
    }
}
