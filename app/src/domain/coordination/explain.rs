//! Conflicts written out for the secretariat and the hosts, in Spanish and English.

use super::{Audience, Clash, Conflict, Entry, sweep};
use crate::domain::event::EventKind;
use crate::domain::format;
use crate::domain::lang::Lang;

impl Conflict<'_> {
    /// One or two sentences saying what clashes and why, in `lang`, naming the events by title
    /// (falling back to the other language's title), host country and dates.
    #[must_use]
    pub fn explain(&self, lang: Lang) -> String {
        match *self {
            Conflict::Events {
                clash,
                first,
                second,
                audience,
            } => {
                let (a, b) = (label(first, lang), label(second, lang));
                let what = match (clash, lang) {
                    (Clash::Overlap, Lang::Es) => format!("{a} y {b} coinciden en fechas."),
                    (Clash::Overlap, Lang::En) => format!("{a} and {b} overlap."),
                    (Clash::Possible, Lang::Es) => {
                        format!("{a} solo tiene fijado el mes y podría coincidir con {b}.")
                    }
                    (Clash::Possible, Lang::En) => {
                        format!("{a} has only its month set and may clash with {b}.")
                    }
                    (Clash::TravelGap { .. }, _) => travel_gap(clash, first, second, lang),
                };
                match shared(&audience, first.details.kind, lang) {
                    Some(shared) => format!("{what} {shared}"),
                    None => what,
                }
            }
            Conflict::Holiday { event, holiday } => {
                let name = holiday.name.pick(lang).text.trim();
                let country = holiday.country.name(lang);
                let day = format::date(lang, holiday.date);
                let e = label(event, lang);
                match (lang, name.is_empty()) {
                    (Lang::Es, false) => {
                        format!("{e} cae en un día feriado en {country}: {name}, {day}.")
                    }
                    (Lang::Es, true) => format!("{e} cae en un día feriado en {country}: {day}."),
                    (Lang::En, false) => {
                        format!("{e} falls on a public holiday in {country}: {name}, {day}.")
                    }
                    (Lang::En, true) => {
                        format!("{e} falls on a public holiday in {country}: {day}.")
                    }
                }
            }
            Conflict::Person {
                clash,
                person,
                first,
                second,
            } => {
                let (a, b) = (label(first, lang), label(second, lang));
                let how = match (clash, lang) {
                    (Clash::Overlap, Lang::Es) => "coinciden en fechas".to_owned(),
                    (Clash::Overlap, Lang::En) => "overlap".to_owned(),
                    (Clash::Possible, Lang::Es) => "podrían coincidir".to_owned(),
                    (Clash::Possible, Lang::En) => "may clash".to_owned(),
                    (Clash::TravelGap { free_days, .. }, Lang::Es) => {
                        format!("{} para viajar", leaving_es(free_days))
                    }
                    (Clash::TravelGap { free_days, .. }, Lang::En) => {
                        format!("leave {} to travel", free_days_en(free_days))
                    }
                };
                match lang {
                    Lang::Es => format!("{person} tiene inscripción en {a} y en {b}, que {how}."),
                    Lang::En => format!("{person} is registered to both {a} and {b}, which {how}."),
                }
            }
        }
    }
}

/// «Title» (Country, dates).
fn label(entry: &Entry<'_>, lang: Lang) -> String {
    let title = entry.details.title.pick(lang).text.trim();
    let title = match (title.is_empty(), lang) {
        (false, _) => title,
        (true, Lang::Es) => "sin título",
        (true, Lang::En) => "untitled",
    };
    let host = entry.details.host.name(lang);
    let dates = format::event_dates(lang, &entry.details.dates);
    match lang {
        Lang::Es => format!("«{title}» ({host}, {dates})"),
        Lang::En => format!("“{title}” ({host}, {dates})"),
    }
}

fn travel_gap(clash: Clash, earlier: &Entry<'_>, later: &Entry<'_>, lang: Lang) -> String {
    let Clash::TravelGap {
        free_days,
        required,
    } = clash
    else {
        return String::new();
    };
    let (a, b) = (label(earlier, lang), label(later, lang));
    let ends = format::date(lang, sweep::last_day(earlier.details));
    let starts = format::date(lang, sweep::first_day(later.details));
    let (from, to) = (
        earlier.details.host.name(lang),
        later.details.host.name(lang),
    );
    match lang {
        Lang::Es => format!(
            "{a} termina el {ends} y {b} empieza el {starts}: {} para viajar de {from} a {to}, \
             y se necesita al menos {}.",
            remaining_es(free_days),
            count(required, "día libre", "días libres"),
        ),
        Lang::En => format!(
            "{a} ends on {ends} and {b} starts on {starts}, leaving {} to travel from {from} to \
             {to}; at least {} needed.",
            free_days_en(free_days),
            count(required, "free day is", "free days are"),
        ),
    }
}

/// "no queda ningún día libre", "queda un solo día libre", "quedan solo 2 días libres".
fn remaining_es(free: u32) -> String {
    match free {
        0 => "no queda ningún día libre".to_owned(),
        1 => "queda un solo día libre".to_owned(),
        n => format!("quedan solo {n} días libres"),
    }
}

/// "no dejan ningún día libre", "dejan un solo día libre", "dejan solo 2 días libres".
fn leaving_es(free: u32) -> String {
    match free {
        0 => "no dejan ningún día libre".to_owned(),
        1 => "dejan un solo día libre".to_owned(),
        n => format!("dejan solo {n} días libres"),
    }
}

/// "no free day", "only one free day", "only 2 free days".
fn free_days_en(free: u32) -> String {
    match free {
        0 => "no free day".to_owned(),
        1 => "only one free day".to_owned(),
        n => format!("only {n} free days"),
    }
}

/// "1 day" or "2 days".
fn count(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "Comparten público: los dos son talleres; 2 delegaciones inscritas en ambos." or `None`.
fn shared(audience: &Audience, kind: EventKind, lang: Lang) -> Option<String> {
    if !audience.is_shared() {
        return None;
    }
    let mut parts = Vec::new();
    if audience.same_kind {
        parts.push(match (lang, kind) {
            (Lang::Es, EventKind::Workshop) => "los dos son talleres".to_owned(),
            (Lang::Es, EventKind::Conference) => "los dos son conferencias".to_owned(),
            (Lang::Es, EventKind::Meeting) => "los dos son reuniones".to_owned(),
            (Lang::En, EventKind::Workshop) => "both are workshops".to_owned(),
            (Lang::En, EventKind::Conference) => "both are conferences".to_owned(),
            (Lang::En, EventKind::Meeting) => "both are meetings".to_owned(),
        });
    }
    if audience.delegations > 0 {
        parts.push(match lang {
            Lang::Es => format!(
                "{} en ambos",
                count(
                    audience.delegations,
                    "delegación inscrita",
                    "delegaciones inscritas"
                )
            ),
            Lang::En => format!(
                "{} registered to both",
                count(audience.delegations, "delegation", "delegations")
            ),
        });
    }
    if audience.people > 0 {
        parts.push(match lang {
            Lang::Es => format!(
                "{} en ambos",
                count(audience.people, "persona inscrita", "personas inscritas")
            ),
            Lang::En => format!(
                "{} registered to both",
                count(audience.people, "person", "people")
            ),
        });
    }
    Some(match lang {
        Lang::Es => format!("Comparten público: {}.", parts.join("; ")),
        Lang::En => format!("They share an audience: {}.", parts.join("; ")),
    })
}
