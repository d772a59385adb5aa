//! Travel legs: for each event, the trip from the event before it (by dates) when that one is in
//! another country and ends before it starts, with the free days between and whether they are
//! enough. Conflicts list only the pairs that fail; the legs explain every trip, the good ones too
//! (the source report's December 2010 pair leaves two free days: enough).

use super::{Entry, Options};
use crate::domain::event::EventStatus;
use crate::domain::{Lang, format};
use crate::i18n::td_string;

/// A trip between two events that follow each other in different countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    /// The earlier event's index in the entries.
    pub from: usize,
    /// The later event's index in the entries.
    pub to: usize,
    /// Days strictly between the earlier one's last day and the later one's first day.
    pub free_days: u32,
    /// Whether they meet [`Options::min_free_days`].
    pub enough: bool,
}

/// The legs between consecutive events (sorted by first day, then last day) in different
/// countries, skipping cancelled and month-only events and pairs that overlap. O(n log n).
#[must_use]
pub fn travel_legs(entries: &[Entry<'_>], options: Options) -> Vec<Leg> {
    let mut order: Vec<usize> = (0..entries.len())
        .filter(|i| {
            let d = entries[*i].details;
            d.status != EventStatus::Cancelled && !d.dates.is_month_only()
        })
        .collect();
    order.sort_by_key(|i| {
        let dates = &entries[*i].details.dates;
        (dates.first_day(), dates.last_day(), *i)
    });
    order
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (entries[w[0]].details, entries[w[1]].details);
            let (last, first) = (a.dates.last_day(), b.dates.first_day());
            if a.host == b.host || last >= first {
                return None;
            }
            let free = u32::try_from((first - last).num_days() - 1).unwrap_or(u32::MAX);
            Some(Leg {
                from: w[0],
                to: w[1],
                free_days: free,
                enough: i64::from(free) >= options.min_free(),
            })
        })
        .collect()
}

impl Leg {
    /// The trip in words, in `lang`.
    #[must_use]
    pub fn explain(&self, entries: &[Entry<'_>], options: Options, lang: Lang) -> String {
        let l = lang.locale();
        let (a, b) = (entries[self.from].details, entries[self.to].details);
        let required = options.min_free();
        let days = match self.free_days {
            1 => td_string!(l, coord_leg_days_single).to_owned(),
            n => td_string!(l, coord_leg_days, n = n),
        };
        let verdict = if self.enough {
            td_string!(l, coord_leg_enough, required = required)
        } else {
            td_string!(l, coord_leg_not_enough, required = required)
        };
        td_string!(
            l,
            coord_leg,
            from_title = a.title.pick(lang).text,
            from_country = a.host.name(lang),
            ends = format::date(lang, a.dates.last_day()),
            to_title = b.title.pick(lang).text,
            to_country = b.host.name(lang),
            starts = format::date(lang, b.dates.first_day()),
            days = days,
            verdict = verdict
        )
    }
}
