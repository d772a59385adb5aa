//! The digest's mail, composed in the reader's language: the confirmation link of a new
//! subscription, the weekly digest (with its one-click unsubscribe address, RFC 8058), and the
//! reminders to a country's officials (in both languages: accounts keep none).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::changes::ChangeEntry;
use crate::domain::digest::{DigestWindow, DueReminder, Subscription};
use crate::domain::format;
use crate::domain::lang::Lang;
use crate::domain::outbox::MailKind;
use crate::domain::outcomes::REGION_ZONE;
use crate::i18n::td_string;
use crate::ssr::OutgoingMail;
use crate::ssr::outcomes::CommitmentRow;

/// The path of the unsubscribe link of `token`.
#[must_use]
pub fn unsubscribe_path(token: &str) -> String {
    format!("/digest/unsubscribe/{token}")
}

/// The path of the confirmation link of `token`.
#[must_use]
pub fn confirm_path(token: &str) -> String {
    format!("/digest/confirm/{token}")
}

/// What a subscription follows, named in `lang`.
fn followed(s: &Subscription, lang: Lang) -> String {
    if s.countries.is_empty() {
        td_string!(lang.locale(), ocd_region).to_owned()
    } else {
        s.countries
            .iter()
            .map(|c| c.name(lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn mail(to: &str, subject: String, body: String, kind: MailKind) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        subject,
        body,
        ics: None,
        ics_name: String::new(),
        kind,
        event_id: None,
        list_unsubscribe: None,
    }
}

/// The mail with the confirmation link of `s` (`token`), on `base`.
#[must_use]
pub fn confirmation(s: &Subscription, base: &str, token: &str) -> OutgoingMail {
    let l = s.lang.locale();
    let body = td_string!(
        l,
        ocd_confirm_body,
        countries = followed(s, s.lang),
        link = format!("{base}{}", confirm_path(token))
    );
    mail(
        &s.email,
        td_string!(l, ocd_confirm_subject).to_owned(),
        body,
        MailKind::DigestConfirm,
    )
}

/// The region's calendar day of an instant.
fn region_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&REGION_ZONE).date_naive()
}

/// The weekly digest of `entries` for `s`, covering `window`, with the unsubscribe link of
/// `token` in the body and as `List-Unsubscribe`.
#[must_use]
pub fn digest(
    s: &Subscription,
    entries: &[&ChangeEntry],
    window: &DigestWindow,
    base: &str,
    token: &str,
) -> OutgoingMail {
    let lang = s.lang;
    let l = lang.locale();
    let from = format::date(lang, region_day(window.from));
    let to = format::date(lang, region_day(window.to - Duration::seconds(1)));
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            let summary = e.change.summary.pick(lang).text;
            let mut item = format!("- {}", e.change.title.pick(lang).text);
            if !summary.is_empty() {
                item.push_str(&format!("\n  {summary}"));
            }
            item.push_str(&format!("\n  {base}{}", e.change.path));
            item
        })
        .collect();
    let unsubscribe = format!("{base}{}", unsubscribe_path(token));
    let body = td_string!(
        l,
        ocd_digest_body,
        countries = followed(s, lang),
        from = &from,
        to = &to,
        items = items.join("\n\n"),
        link = &unsubscribe
    );
    let mut m = mail(
        &s.email,
        td_string!(l, ocd_digest_subject, from = &from, to = &to),
        body,
        MailKind::Digest,
    );
    m.list_unsubscribe = Some(unsubscribe);
    m
}

/// The reminder `r` of the commitment `row` to the official at `to`, in Spanish then English.
#[must_use]
pub fn reminder(row: &CommitmentRow, r: &DueReminder, to: &str, base: &str) -> OutgoingMail {
    let text = |lang: Lang| {
        let l = lang.locale();
        let day = format::date(lang, r.last_day);
        let subject = td_string!(
            l,
            ocd_reminder_subject,
            country = r.country.name(lang),
            day = &day
        );
        let body = td_string!(
            l,
            ocd_reminder_body,
            country = r.country.name(lang),
            action = row.commitment.action.pick(lang).text,
            meeting = row.meeting.title.pick(lang).text,
            number = row.agreement,
            status = row
                .commitment
                .status_of(crate::domain::outcomes::Party::Member(r.country))
                .unwrap_or(row.commitment.status)
                .label(lang),
            day = &day,
            left = r.left,
            link = format!("{base}/commitments#c-{}", row.meta.id)
        );
        (subject, body)
    };
    let (es_subject, es_body) = text(Lang::Es);
    let (en_subject, en_body) = text(Lang::En);
    mail(
        to,
        format!("{es_subject} / {en_subject}"),
        format!("{es_body}\n\n— English —\n\n{en_body}"),
        MailKind::Reminder,
    )
}
