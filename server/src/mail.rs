//! Mail to delegates: what a registration, a promotion from the waitlist or a cancellation says,
//! in the delegate's language, with the event as an `.ics` attachment; sent through SMTP (lettre)
//! when `ENLACE_SMTP_URL` is set, written to the log otherwise. Sending happens after the
//! database change is committed and never holds up the answer to the browser.

use std::sync::Arc;

use anyhow::Context;
use app::domain::registration::{Registration, RegistrationStatus};
use app::domain::{Event, Lang, format};
use lettre::message::header::ContentType;
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
}

/// One message, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The event as iCalendar, attached as `evento.ics` / `event.ics`.
    pub ics: Option<String>,
    /// The attachment's file name.
    pub ics_name: String,
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
}

/// Writes the message for `reason`, in the delegate's language.
#[must_use]
pub fn compose(
    reason: Reason,
    event: &Event,
    registration: &Registration,
    links: Links<'_>,
    ics: Option<String>,
) -> Mail {
    let lang = registration.details.lang;
    let es = lang == Lang::Es;
    let title = event.details.title.pick(lang).text.to_owned();
    let when = format::event_dates(lang, &event.details.dates);
    let place = [event.details.venue.as_str(), event.details.city.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let status = match (reason, registration.status, registration.waitlist_position) {
        (Reason::Cancelled, _, _) => {
            if es {
                "Su inscripción fue cancelada. Si fue un error, puede inscribirse de nuevo mientras la inscripción siga abierta.".to_owned()
            } else {
                "Your registration was cancelled. If that was a mistake, you can register again while registration is open.".to_owned()
            }
        }
        (Reason::Promoted, _, _) => {
            if es {
                "¡Se liberó un cupo! Su inscripción pasó de la lista de espera a confirmada.".into()
            } else {
                "A seat opened up! Your registration moved from the waitlist to confirmed.".into()
            }
        }
        (_, RegistrationStatus::Waitlisted, position) => {
            let position = position.map(|p| p.to_string()).unwrap_or_default();
            if es {
                format!(
                    "El evento o el cupo de su delegación está completo: está en la lista de espera, en el puesto {position}. Le escribiremos si se libera un cupo."
                )
            } else {
                format!(
                    "The event or your delegation's quota is full: you are on the waitlist, in place {position}. We will write to you if a seat opens up."
                )
            }
        }
        _ => {
            if es {
                "Su inscripción está confirmada.".into()
            } else {
                "Your registration is confirmed.".into()
            }
        }
    };
    let subject = match (reason, registration.status, es) {
        (Reason::Cancelled, _, true) => format!("Inscripción cancelada: {title}"),
        (Reason::Cancelled, _, false) => format!("Registration cancelled: {title}"),
        (Reason::Promoted, _, true) => format!("Cupo confirmado: {title}"),
        (Reason::Promoted, _, false) => format!("Seat confirmed: {title}"),
        (_, RegistrationStatus::Waitlisted, true) => format!("Lista de espera: {title}"),
        (_, RegistrationStatus::Waitlisted, false) => format!("Waitlist: {title}"),
        (_, _, true) => format!("Inscripción confirmada: {title}"),
        (_, _, false) => format!("Registration confirmed: {title}"),
    };
    let name = &registration.details.name;
    let body = if es {
        format!(
            "Estimado/a {name}:\n\n{status}\n\nEvento: {title}\nFechas: {when}\nLugar: {place}\nPágina del evento: {}\n\n\
             Para ver o cambiar sus datos de viaje, o cancelar su inscripción, use este enlace privado (no lo comparta):\n{}\n\n\
             Calendario personal con los eventos en los que se inscribió (suscríbase desde su aplicación de calendario):\n{}\n\n\
             Sus datos se usan solo para organizar este evento (logística, traslados, hospedaje y cartas de invitación) \
             y solo los ven los funcionarios de los países anfitriones y la Secretaría Técnica.\n\n— Enlace, Conferencia Regional sobre Migración\n",
            links.event, links.manage, links.feed
        )
    } else {
        format!(
            "Dear {name},\n\n{status}\n\nEvent: {title}\nDates: {when}\nPlace: {place}\nEvent page: {}\n\n\
             To see or change your travel details, or to cancel your registration, use this private link (do not share it):\n{}\n\n\
             Personal calendar of the events you registered for (subscribe to it from your calendar app):\n{}\n\n\
             Your data is used only to organise this event (logistics, transfers, lodging and invitation letters) \
             and is seen only by the officials of the host countries and the Technical Secretariat.\n\n— Enlace, Regional Conference on Migration\n",
            links.event, links.manage, links.feed
        )
    };
    Mail {
        to: registration.details.email.clone(),
        subject,
        body,
        ics,
        ics_name: if es { "evento.ics" } else { "event.ics" }.into(),
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

    /// Sends one message now.
    ///
    /// # Errors
    /// When the message cannot be built or the server refuses it.
    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        match self {
            Mailer::Log => {
                tracing::info!(
                    to = %mail.to,
                    subject = %mail.subject,
                    "mail (no ENLACE_SMTP_URL set, so it is only logged):\n{}",
                    mail.body
                );
                Ok(())
            }
            Mailer::Smtp { transport, from } => {
                let text = SinglePart::plain(mail.body.clone());
                let builder = Message::builder()
                    .from(from.clone())
                    .to(mail.to.parse().context("recipient address")?)
                    .subject(mail.subject.clone());
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

    /// Sends in the background; failures are logged, never shown to the delegate (whose
    /// registration is already saved, and whose manage page shows everything the mail says).
    pub fn send_later(self: &Arc<Self>, mail: Mail) {
        let mailer = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&mail).await {
                tracing::error!(error = %format!("{e:#}"), to = %mail.to, "could not send mail");
            }
        });
    }
}
