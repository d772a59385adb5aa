//! Conflicts written out for the secretariat and the hosts, in Spanish and English (the `coord_`
//! keys of the locales).

use super::{Audience, Clash, Conflict, Entry, sweep};
use crate::domain::event::EventKind;
use crate::domain::format;
use crate::domain::lang::Lang;
use crate::i18n::td_string;

impl Conflict<'_> {
    /// One or two sentences saying what clashes and why, in `lang`, naming the events by title
    /// (falling back to the other language's title), host country and dates.
    #[must_use]
    pub fn explain(&self, lang: Lang) -> String {
        let l = lang.locale();
        match *self {
            Conflict::Events {
                clash,
                first,
                second,
                audience,
            } => {
                let (a, b) = (label(first, lang), label(second, lang));
                let what = match clash {
                    Clash::Overlap => td_string!(l, coord_overlap, a = a, b = b),
                    Clash::Possible => td_string!(l, coord_possible, a = a, b = b),
                    Clash::TravelGap { .. } => travel_gap(clash, first, second, lang),
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
                if name.is_empty() {
                    td_string!(l, coord_holiday, event = e, country = country, day = day)
                } else {
                    td_string!(
                        l,
                        coord_holiday_named,
                        event = e,
                        country = country,
                        name = name,
                        day = day
                    )
                }
            }
            Conflict::Person {
                clash,
                person,
                first,
                second,
            } => {
                let (a, b) = (label(first, lang), label(second, lang));
                let how = match clash {
                    Clash::Overlap => td_string!(l, coord_person_overlap).to_owned(),
                    Clash::Possible => td_string!(l, coord_person_possible).to_owned(),
                    Clash::TravelGap { free_days: 0, .. } => {
                        td_string!(l, coord_person_gap_none).to_owned()
                    }
                    Clash::TravelGap { free_days: 1, .. } => {
                        td_string!(l, coord_person_gap_single).to_owned()
                    }
                    Clash::TravelGap { free_days, .. } => {
                        td_string!(l, coord_person_gap_several, n = free_days)
                    }
                };
                td_string!(l, coord_person, person = person, a = a, b = b, how = how)
            }
        }
    }
}

/// «Title» (Country, dates).
fn label(entry: &Entry<'_>, lang: Lang) -> String {
    let l = lang.locale();
    let title = entry.details.title.pick(lang).text.trim();
    let title = if title.is_empty() {
        td_string!(l, coord_untitled)
    } else {
        title
    };
    let host = entry.details.host.name(lang);
    let dates = format::event_dates(lang, &entry.details.dates);
    td_string!(l, coord_label, title = title, host = host, dates = dates)
}

fn travel_gap(clash: Clash, earlier: &Entry<'_>, later: &Entry<'_>, lang: Lang) -> String {
    let Clash::TravelGap {
        free_days,
        required,
    } = clash
    else {
        return String::new();
    };
    let l = lang.locale();
    let (a, b) = (label(earlier, lang), label(later, lang));
    let ends = format::date(lang, sweep::last_day(earlier.details));
    let starts = format::date(lang, sweep::first_day(later.details));
    let (from, to) = (
        earlier.details.host.name(lang),
        later.details.host.name(lang),
    );
    let free = match free_days {
        0 => td_string!(l, coord_gap_free_none).to_owned(),
        1 => td_string!(l, coord_gap_free_single).to_owned(),
        n => td_string!(l, coord_gap_free_several, n = n),
    };
    let required = if required == 1 {
        td_string!(l, coord_gap_required_single).to_owned()
    } else {
        td_string!(l, coord_gap_required_several, n = required)
    };
    td_string!(
        l,
        coord_gap,
        a = a,
        ends = ends,
        b = b,
        starts = starts,
        free = free,
        from = from,
        to = to,
        required = required
    )
}

/// "Comparten público: los dos son talleres; 2 delegaciones inscritas en ambos." or `None`.
fn shared(audience: &Audience, kind: EventKind, lang: Lang) -> Option<String> {
    if !audience.is_shared() {
        return None;
    }
    let l = lang.locale();
    let mut parts = Vec::new();
    if audience.same_kind {
        parts.push(
            match kind {
                EventKind::Workshop => td_string!(l, coord_shared_workshops),
                EventKind::Conference => td_string!(l, coord_shared_conferences),
                EventKind::Meeting => td_string!(l, coord_shared_meetings),
            }
            .to_owned(),
        );
    }
    match audience.delegations {
        0 => {}
        1 => parts.push(td_string!(l, coord_shared_delegation_single).to_owned()),
        n => parts.push(td_string!(l, coord_shared_delegations, n = n)),
    }
    match audience.people {
        0 => {}
        1 => parts.push(td_string!(l, coord_shared_person_single).to_owned()),
        n => parts.push(td_string!(l, coord_shared_people, n = n)),
    }
    Some(td_string!(l, coord_shared, parts = parts.join("; ")))
}
