//! What a conflict is about, written out so that a change can be noticed: the substance an
//! acknowledgement was given for, and the check a form makes of new dates before saving (a warning
//! the person must have seen, never a block).

use serde::{Deserialize, Serialize};

use super::{Conflict, ConflictKind, Entry, Severity};
use crate::domain::lang::Lang;
use crate::domain::time::EventDates;
use crate::i18n::td_string;

impl Conflict<'_> {
    /// What the conflict is about beyond its [key](Conflict::key): the events' hosts, zones and
    /// dates (in key order), the holiday's day, and the severity. Two conflicts with the same key
    /// and substance are the same conflict; when the substance changes (an event moved, its host
    /// changed, the audience grew), an acknowledgement given before no longer covers it.
    #[must_use]
    pub fn substance(&self) -> String {
        let mut parts: Vec<String> = self.events().map(describe).collect();
        parts.sort();
        if let Conflict::Holiday { holiday, .. } = self {
            parts.push(format!(
                "holiday {} {}",
                holiday.country.code(),
                holiday.date
            ));
        }
        parts.push(self.severity().code().to_owned());
        parts.join(" | ")
    }
}

/// `UID=GT America/Guatemala 2010-12-06/2010-12-07 09:00-17:00` or `UID=SV … 2011-02`.
fn describe(entry: &Entry<'_>) -> String {
    let d = entry.details;
    let uid = if entry.uid.is_empty() {
        "new"
    } else {
        entry.uid
    };
    let dates = match d.dates {
        EventDates::Exact { start, end, times } => match times {
            Some(t) => format!(
                "{start}/{end} {}-{}",
                t.start.format("%H:%M"),
                t.end.format("%H:%M")
            ),
            None => format!("{start}/{end}"),
        },
        EventDates::Month { year, month } => format!("{year:04}-{month:02}"),
    };
    format!(
        "{uid}={} {} {dates} {}",
        d.host.code(),
        d.tz.name(),
        d.status.code()
    )
}

/// The longest note an acknowledgement may carry, in characters.
pub const MAX_ACK_NOTE: usize = 1000;

/// The secretariat's acknowledgement of a conflict: seen, and accepted for a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The conflict's [key](Conflict::key).
    pub key: String,
    /// The conflict's [substance](Conflict::substance) when acknowledged: if it differs now, the
    /// conflict changed since and the acknowledgement no longer covers it.
    pub substance: String,
    /// Why it is accepted.
    pub note: String,
    /// Who acknowledged it (their e-mail address).
    pub by: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

impl Acknowledgement {
    /// True when it was given for exactly this conflict as it is now.
    #[must_use]
    pub fn covers(&self, conflict: &Conflict<'_>) -> bool {
        self.key == conflict.key() && self.substance == conflict.substance()
    }
}

/// Reads an acknowledgement's note: trimmed, not empty, at most [`MAX_ACK_NOTE`] characters.
///
/// # Errors
/// What is wrong, in Spanish and English.
pub fn parse_ack_note(note: &str) -> Result<String, (&'static str, &'static str)> {
    let note = note.trim();
    if note.is_empty() {
        Err((
            td_string!(Lang::Es.locale(), coord_ack_note_missing),
            td_string!(Lang::En.locale(), coord_ack_note_missing),
        ))
    } else if note.chars().count() > MAX_ACK_NOTE {
        // The limit is written in the text: a `&'static str` cannot interpolate it.
        Err((
            td_string!(Lang::Es.locale(), coord_ack_note_too_long),
            td_string!(Lang::En.locale(), coord_ack_note_too_long),
        ))
    } else {
        Ok(note.to_owned())
    }
}

/// One conflict a form's new dates would create, explained in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What kind.
    pub kind: ConflictKind,
    /// How much it matters.
    pub severity: Severity,
    /// The explanation in Spanish.
    pub es: String,
    /// The explanation in English.
    pub en: String,
}

impl Warning {
    /// The explanation in `lang`.
    #[must_use]
    pub fn explain(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// The conflicts a form's new dates would create, and a fingerprint of exactly what was checked:
/// the proposed host, zone and dates and every conflict's key and substance. A form shows the
/// warnings with the fingerprint in a hidden field; saving anyway is accepted only with the
/// fingerprint of what the server finds at that moment, so a change of dates (or of the other
/// events) in between is shown before it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DateCheck {
    /// The fingerprint of what was checked (16 hexadecimal digits).
    pub fingerprint: String,
    /// The conflicts found, in the engine's order.
    pub warnings: Vec<Warning>,
    /// True when the person had chosen to save anyway, but for other dates or other conflicts.
    pub changed: bool,
}

impl DateCheck {
    /// The check of `candidate` that found `conflicts` (from
    /// [`conflicts_with`](super::conflicts_with)).
    #[must_use]
    pub fn new(candidate: &Entry<'_>, conflicts: &[Conflict<'_>]) -> Self {
        let mut lines: Vec<String> = conflicts
            .iter()
            .map(|c| format!("{} {}", c.key(), c.substance()))
            .collect();
        lines.sort();
        lines.insert(0, describe(candidate));
        DateCheck {
            fingerprint: format!("{:016x}", fnv1a(&lines.join("\n"))),
            warnings: conflicts
                .iter()
                .map(|c| Warning {
                    kind: c.kind(),
                    severity: c.severity(),
                    es: c.explain(Lang::Es),
                    en: c.explain(Lang::En),
                })
                .collect(),
            changed: false,
        }
    }

    /// True when nothing conflicts.
    #[must_use]
    pub fn is_clear(&self) -> bool {
        self.warnings.is_empty()
    }

    /// Whether saving may go on: nothing conflicts, or the person chose to save anyway after
    /// seeing exactly these conflicts (`seen` is the fingerprint their form carried).
    #[must_use]
    pub fn allows_saving(&self, save_anyway: bool, seen: &str) -> bool {
        self.is_clear() || (save_anyway && seen.trim() == self.fingerprint)
    }
}

/// FNV-1a, 64 bits: a stable, dependency-free fingerprint (not a defence against forgery, which
/// it need not be: whoever can post the form may save anyway).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventInput;
    use crate::domain::coordination::{Holiday, Options, conflicts_with};
    use crate::domain::{Country, Localized};

    fn details(host: &str, start: &str, end: &str) -> crate::domain::EventDetails {
        EventInput {
            host: host.into(),
            city: "Ciudad".into(),
            kind: "workshop".into(),
            title_es: format!("Taller en {host}"),
            start_date: start.into(),
            end_date: end.into(),
            ..EventInput::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn a_guatemala_event_the_day_after_el_salvador_warns_of_the_travel_gap() {
        let sv = details("SV", "2010-12-01", "2010-12-03");
        let others = [Entry {
            id: Some(1),
            uid: "sv@enlace",
            details: &sv,
        }];
        let gt = details("GT", "2010-12-04", "2010-12-04");
        let candidate = Entry::proposed(&gt, None);
        let found = conflicts_with(&candidate, &others, &[], &[], Options::default());
        let check = DateCheck::new(&candidate, &found);
        assert_eq!(check.warnings.len(), 1);
        assert_eq!(check.warnings[0].kind, ConflictKind::TravelGap);
        assert!(check.warnings[0].en.contains("no free day"), "{check:?}");
        assert!(
            check.warnings[0].es.contains("ningún día libre"),
            "{check:?}"
        );
        assert!(!check.allows_saving(false, &check.fingerprint));
        assert!(!check.allows_saving(true, "0000000000000000"));
        assert!(check.allows_saving(true, &check.fingerprint));

        // Other dates, other fingerprint: an acknowledgement does not carry over.
        let later = details("GT", "2010-12-04", "2010-12-05");
        let moved = Entry::proposed(&later, None);
        let found = conflicts_with(&moved, &others, &[], &[], Options::default());
        let again = DateCheck::new(&moved, &found);
        assert_eq!(again.warnings.len(), 1);
        assert_ne!(again.fingerprint, check.fingerprint);
        assert!(!again.allows_saving(true, &check.fingerprint));

        // Five days later nothing conflicts and nothing needs acknowledging.
        let free = details("GT", "2010-12-08", "2010-12-09");
        let clear = Entry::proposed(&free, None);
        let found = conflicts_with(&clear, &others, &[], &[], Options::default());
        let clear = DateCheck::new(&clear, &found);
        assert!(clear.is_clear() && clear.allows_saving(false, ""));
    }

    #[test]
    fn notes_are_trimmed_required_and_bounded() {
        assert_eq!(
            parse_ack_note("  Acordado con ambos países ").unwrap(),
            "Acordado con ambos países"
        );
        assert!(parse_ack_note("   ").is_err());
        assert!(parse_ack_note(&"ñ".repeat(MAX_ACK_NOTE)).is_ok());
        assert!(parse_ack_note(&"ñ".repeat(MAX_ACK_NOTE + 1)).is_err());
    }

    #[test]
    fn the_substance_changes_when_an_event_moves_but_the_key_does_not() {
        let christmas = Holiday {
            country: Country::GT,
            date: chrono::NaiveDate::from_ymd_opt(2030, 12, 25).unwrap(),
            name: Localized::new("Navidad", "Christmas Day"),
        };
        let one = details("GT", "2030-12-24", "2030-12-25");
        let two = details("GT", "2030-12-25", "2030-12-26");
        let (a, b) = (
            Entry {
                id: Some(1),
                uid: "e@enlace",
                details: &one,
            },
            Entry {
                id: Some(1),
                uid: "e@enlace",
                details: &two,
            },
        );
        let holidays = [christmas];
        let first = conflicts_with(&a, &[], &[], &holidays, Options::default());
        let second = conflicts_with(&b, &[], &[], &holidays, Options::default());
        assert_eq!((first.len(), second.len()), (1, 1));
        assert_eq!(first[0].key(), second[0].key());
        assert_ne!(first[0].substance(), second[0].substance());
        assert!(first[0].substance().contains("holiday GT 2030-12-25"));
        let ack = Acknowledgement {
            key: first[0].key(),
            substance: first[0].substance(),
            note: "Feriado aceptado".into(),
            by: "sec@test.org".into(),
            at: chrono::Utc::now(),
        };
        assert!(ack.covers(&first[0]));
        assert!(!ack.covers(&second[0]), "moved: changed since acknowledged");
    }
}
