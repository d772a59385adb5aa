//! The engine's bookkeeping: who is registered where, and the conflicts kept and counted.

use std::collections::HashMap;

use super::span::Span;
use crate::domain::coordination::{Audience, Conflict, ConflictKind, Entry, Registration};

/// Rows of sorted, distinct numbers (compressed sparse rows).
#[derive(Debug, Default)]
pub(in crate::domain::coordination) struct Rows {
    pub(in crate::domain::coordination) offsets: Vec<usize>,
    pub(in crate::domain::coordination) items: Vec<usize>,
}

impl Rows {
    /// Builds rows from `(row, item)` pairs by counting (pairs outside `rows` are dropped): linear,
    /// apart from sorting each row's own items.
    pub(in crate::domain::coordination) fn from_pairs(
        rows: usize,
        pairs: &[(usize, usize)],
    ) -> Rows {
        if pairs.is_empty() {
            return Rows::default();
        }
        let mut starts = vec![0_usize; rows + 1];
        for &(row, _) in pairs {
            if let Some(count) = starts.get_mut(row + 1) {
                *count += 1;
            }
        }
        let mut total = 0;
        for start in &mut starts {
            total += *start;
            *start = total;
        }
        let mut next = starts.clone();
        let mut scattered = vec![0; total];
        for &(row, item) in pairs {
            if let Some(at) = next.get_mut(row)
                && let Some(slot) = scattered.get_mut(*at)
            {
                *slot = item;
                *at += 1;
            }
        }
        let mut offsets = Vec::with_capacity(rows + 1);
        let mut items = Vec::with_capacity(total);
        offsets.push(0);
        for bounds in starts.windows(2) {
            if let [from, to] = *bounds
                && let Some(row) = scattered.get_mut(from..to)
            {
                row.sort_unstable();
                let begin = items.len();
                for &item in &*row {
                    if items.len() == begin || items.last() != Some(&item) {
                        items.push(item);
                    }
                }
            }
            offsets.push(items.len());
        }
        Rows { offsets, items }
    }

    pub(in crate::domain::coordination) fn row(&self, row: usize) -> &[usize] {
        match (self.offsets.get(row), self.offsets.get(row + 1)) {
            (Some(&from), Some(&to)) => self.items.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Calls `f` with each number in both sorted slices.
pub(in crate::domain::coordination) fn common(a: &[usize], b: &[usize], mut f: impl FnMut(usize)) {
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(x);
                i += 1;
                j += 1;
            }
        }
    }
}

pub(in crate::domain::coordination) fn count_common(a: &[usize], b: &[usize]) -> u32 {
    let mut n = 0_u32;
    common(a, b, |_| n = n.saturating_add(1));
    n
}

/// Who is registered where, by event index (`events.len()` stands for a candidate).
#[derive(Debug, Default)]
pub(in crate::domain::coordination) struct Registry<'a> {
    pub(in crate::domain::coordination) people: Vec<&'a str>,
    pub(in crate::domain::coordination) event_people: Rows,
    pub(in crate::domain::coordination) event_delegations: Rows,
    pub(in crate::domain::coordination) person_events: Rows,
}

impl<'a> Registry<'a> {
    /// Reads `registrations` against `events`; registrations to `candidate_id` count for index
    /// `events.len()`, ahead of any stored event with that id.
    pub(in crate::domain::coordination) fn new(
        events: &[Entry<'_>],
        registrations: &'a [Registration],
        candidate_id: Option<i64>,
    ) -> Registry<'a> {
        if registrations.is_empty() {
            return Registry::default();
        }
        let rows = events.len() + 1;
        let mut index: HashMap<i64, usize> = HashMap::with_capacity(events.len() + 1);
        if let Some(id) = candidate_id {
            index.insert(id, events.len());
        }
        for (i, e) in events.iter().enumerate() {
            if let Some(id) = e.id {
                index.entry(id).or_insert(i);
            }
        }
        let mut people: Vec<&'a str> = Vec::new();
        let mut person_ids: HashMap<&'a str, usize> = HashMap::with_capacity(registrations.len());
        let mut delegation_ids: HashMap<&'a str, usize> = HashMap::new();
        let (mut event_people, mut person_events, mut event_delegations) =
            (Vec::new(), Vec::new(), Vec::new());
        for r in registrations {
            let Some(&event) = index.get(&r.event_id) else {
                continue;
            };
            if !r.person.is_empty() {
                let next = people.len();
                let person = *person_ids.entry(r.person.as_str()).or_insert(next);
                if person == next {
                    people.push(r.person.as_str());
                }
                event_people.push((event, person));
                person_events.push((person, event));
            }
            if !r.delegation.is_empty() {
                let next = delegation_ids.len();
                let delegation = *delegation_ids.entry(r.delegation.as_str()).or_insert(next);
                event_delegations.push((event, delegation));
            }
        }
        Registry {
            event_people: Rows::from_pairs(rows, &event_people),
            event_delegations: Rows::from_pairs(rows, &event_delegations),
            person_events: Rows::from_pairs(people.len(), &person_events),
            people,
        }
    }

    pub(in crate::domain::coordination) fn audience(
        &self,
        a: (usize, &Span),
        b: (usize, &Span),
    ) -> Audience {
        Audience {
            same_kind: a.1.kind == b.1.kind,
            delegations: count_common(
                self.event_delegations.row(a.0),
                self.event_delegations.row(b.0),
            ),
            people: count_common(self.event_people.row(a.0), self.event_people.row(b.0)),
        }
    }
}

/// Keeps at most `cap` conflicts of each kind and counts them all.
pub(in crate::domain::coordination) struct Collector<'a> {
    pub(in crate::domain::coordination) cap: usize,
    pub(in crate::domain::coordination) found: [usize; ConflictKind::ALL.len()],
    pub(in crate::domain::coordination) kept: [usize; ConflictKind::ALL.len()],
    pub(in crate::domain::coordination) conflicts: Vec<Conflict<'a>>,
}

impl Collector<'_> {
    /// Counts one conflict of `kind`; true when it is to be kept.
    pub(in crate::domain::coordination) fn admit(&mut self, kind: ConflictKind) -> bool {
        let slot = kind.slot();
        let (Some(found), Some(kept)) = (self.found.get_mut(slot), self.kept.get_mut(slot)) else {
            return false;
        };
        *found = found.saturating_add(1);
        if *kept < self.cap {
            *kept += 1;
            true
        } else {
            false
        }
    }

    pub(in crate::domain::coordination) fn keeps(&self, kind: ConflictKind) -> bool {
        self.kept
            .get(kind.slot())
            .is_some_and(|&kept| kept < self.cap)
    }

    pub(in crate::domain::coordination) fn count(&mut self, kind: ConflictKind, n: usize) {
        if let Some(found) = self.found.get_mut(kind.slot()) {
            *found = found.saturating_add(n);
        }
    }
}
