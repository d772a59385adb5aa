//! The target of the small validators every form goes through: the text cleaner, e-mail
//! addresses, passwords, acknowledgement notes, the codes of countries, languages, kinds,
//! statuses, modes and interpretation, checkboxes, months, the coordination page's filters, and
//! the operator's retention and hold settings. Each either refuses or gives a value that keeps
//! its documented invariants (and reads back to itself).

use arbitrary::Unstructured;
use chrono::{Duration, NaiveDate};

use super::draw::{Odds, code, int, pick, text};
use super::{assert_clean, assert_single_line};
use crate::domain::account::{MAX_PASSWORD, MIN_PASSWORD, check_new_password};
use crate::domain::calendar::Month;
use crate::domain::coordination::{MAX_ACK_NOTE, parse_ack_note};
use crate::domain::personal_data::{MAX_RETENTION_DAYS, parse_retention_days};
use crate::domain::registration::{
    Delegation, Interpretation, RegistrationMode, RegistrationStatus, hold_from_hours,
};
use crate::domain::timeline::{Filters, MAX_MONTHS};
use crate::domain::{Country, Email, EventKind, EventStatus, Lang, email, form, text as clean};

/// Checks a value [`clean::clean`] accepted.
fn cleaned(raw: &str, max: usize, multiline: bool) {
    let Ok(value) = clean::clean(raw, max, multiline) else {
        return;
    };
    assert_clean(&value, max, multiline);
    assert_eq!(value, value.trim(), "not trimmed: {raw:?}");
    assert_eq!(
        clean::clean(&value, max, multiline).as_ref(),
        Ok(&value),
        "cleaning twice changes {raw:?}"
    );
    if let Ok(required) = clean::required(raw, max) {
        assert!(
            !required.is_empty(),
            "a blank required field passed: {raw:?}"
        );
        assert_single_line(&required, max);
    }
}

/// Checks an address [`Email::parse`] accepted.
fn address(raw: &str) {
    let Ok(parsed) = Email::parse(raw) else {
        return;
    };
    let e = parsed.as_str();
    assert!(e.len() <= email::MAX_EMAIL, "{e:?}");
    assert_eq!(e.matches('@').count(), 1, "{e:?}");
    assert!(
        e.bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase()),
        "not lower-case printable ASCII: {e:?}"
    );
    assert_eq!(Email::parse(e).as_ref(), Ok(&parsed), "{raw:?}");
}

/// `parse(raw)`, and that what it gives reads back from its own code.
fn reads_back<T: PartialEq + std::fmt::Debug + Copy>(
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
    code: impl Fn(T) -> String,
) {
    if let Some(value) = parse(raw) {
        let written = code(value);
        assert_eq!(parse(&written), Some(value), "{raw:?} reads as {written:?}");
    }
}

/// Every code parser: what it accepts reads back from its code.
fn codes(raw: &str) {
    reads_back(raw, Country::parse, |c| c.code().into());
    reads_back(raw, Lang::parse, |l| l.code().into());
    reads_back(raw, EventKind::parse, |k| k.code().into());
    reads_back(raw, EventStatus::parse, |s| s.code().into());
    reads_back(raw, RegistrationMode::parse, |m| m.code().into());
    reads_back(raw, RegistrationStatus::parse, |s| s.code().into());
    reads_back(raw, Interpretation::parse, |i| i.code().into());
    reads_back(raw, Month::parse, |m| {
        format!("{:04}-{:02}", m.year, m.month)
    });
    if let Some(m) = Month::parse(raw) {
        assert!((1900..=2200).contains(&m.year) && (1..=12).contains(&m.month));
        assert!(m.first_day() <= m.last_day());
    }
    if let Some(d) = Delegation::from_parts(raw, raw) {
        assert_eq!(
            Delegation::from_parts(d.code(), d.organisation()),
            Some(d.clone())
        );
        let _ = d.quota_key();
    }
    let _ = form::checked(raw);
}

/// The operator's settings read at start: retention days and the hold's length.
fn settings(raw: &str) {
    if let Some(days) = parse_retention_days(raw) {
        assert!((1..=MAX_RETENTION_DAYS).contains(&days), "{raw:?}");
    }
    if let Ok(hold) = hold_from_hours(Some(raw)) {
        assert!(
            hold >= Duration::seconds(60) && hold <= Duration::hours(720),
            "{raw:?} gives a hold of {hold}"
        );
    }
}

/// The coordination page's filters, read from any query: a range of 1 to 24 months, in order.
fn filters(u: &mut Unstructured<'_>, raw: [String; 4]) {
    let today = NaiveDate::from_ymd_opt(1900, 1, 1)
        .and_then(|d| {
            d.checked_add_days(chrono::Days::new(
                u64::try_from(int(u, 0..=146_000)).unwrap_or(0),
            ))
        })
        .unwrap_or(NaiveDate::MIN);
    let [from, to, status, kind] = raw;
    let f = Filters::read(
        &[],
        Some(&from),
        Some(&to),
        Some(&status),
        Some(&kind),
        today,
    );
    let months = f.range.months();
    assert!(f.range.first_day() <= f.range.last_day(), "{f:?}");
    assert!(
        !months.is_empty() && months.len() <= MAX_MONTHS as usize,
        "{f:?}"
    );
    assert_eq!(months.first(), Some(&f.range.first));
    assert_eq!(months.last(), Some(&f.range.last));
    assert!(f.range.days() >= 28, "{f:?}");
}

/// The target: strings from `data` through every small validator.
///
/// # Panics
/// When a validator panics or accepts a value that breaks its invariant.
pub fn validators(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let raw = text(&mut u, 6);
    let max = pick(&mut u, &[0, 1, 12, 200, 300, 1000]);
    cleaned(&raw, max, false);
    cleaned(&raw, max, true);
    address(&raw);
    let mail = format!("{}@{}", text(&mut u, 2), text(&mut u, 2));
    address(&mail);
    codes(&raw);
    settings(&raw);
    let coded = code(
        &mut u,
        Odds(1),
        &[
            "GT",
            "es",
            "workshop",
            "cancelled",
            "approval",
            "IOM",
            "2010-12",
        ],
    );
    codes(&coded);
    let confirmation = if int(&mut u, 0..=1) == 0 {
        raw.clone()
    } else {
        text(&mut u, 2)
    };
    if check_new_password(&raw, &confirmation).is_ok() {
        let n = raw.chars().count();
        assert!((MIN_PASSWORD..=MAX_PASSWORD).contains(&n) && raw == confirmation);
    }
    if let Ok(note) = parse_ack_note(&raw) {
        assert!(!note.is_empty() && note == note.trim(), "{note:?}");
        assert!(note.chars().count() <= MAX_ACK_NOTE);
    }
    let mut month = || format!("{:04}-{:02}", int(&mut u, 1890..=2210), int(&mut u, 0..=13));
    let (from, to) = (month(), month());
    let from = if from.ends_with("-00") { raw } else { from };
    let query = [from, to, coded, text(&mut u, 1)];
    filters(&mut u, query);
}
