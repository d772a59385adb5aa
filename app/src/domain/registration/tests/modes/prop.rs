//! The property: across any sequence of registering, confirming, time passing, approving,
//! declining, cancelling and out-of-turn promotions, in any mix of modes, seats never exceed the
//! capacity or a quota.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use crate::domain::registration::{
    RegistrationMode, RegistrationSettings, RegistrationStatus, approve, confirm_address, fits,
    hold_expired, in_line, intake, promoted, promotions, takes_seat,
};

const KEYS: [&str; 4] = ["GT", "SV", "IOM", "OTHER:x"];

#[derive(Debug, Clone)]
struct Reg {
    id: i64,
    key: String,
    status: RegistrationStatus,
    hold: Option<DateTime<Utc>>,
}

/// One event's registrations, changed the way the store changes them under the event's
/// lock, with the domain's rules only.
struct Book {
    s: RegistrationSettings,
    regs: Vec<Reg>,
    now: DateTime<Utc>,
    hold: Duration,
}

impl Book {
    fn taken(&self, key: &str) -> (u32, u32) {
        let seated = self
            .regs
            .iter()
            .filter(|r| takes_seat(r.status, r.hold, self.now));
        let (mut total, mut mine) = (0, 0);
        for r in seated {
            total += 1;
            if r.key == key {
                mine += 1;
            }
        }
        (total, mine)
    }

    /// Releases the holds that ran out, then moves the line up (`settle_in_tx`).
    fn settle(&mut self) {
        let now = self.now;
        for r in &mut self.regs {
            if r.status.is_live() && hold_expired(r.hold, now) {
                r.status = RegistrationStatus::Expired;
            }
        }
        let mut by: HashMap<String, u32> = HashMap::new();
        for r in self
            .regs
            .iter()
            .filter(|r| takes_seat(r.status, r.hold, now))
        {
            *by.entry(r.key.clone()).or_default() += 1;
        }
        let line: Vec<(i64, String)> = self
            .regs
            .iter()
            .filter(|r| in_line(r.status, r.hold, now))
            .map(|r| (r.id, r.key.clone()))
            .collect();
        for id in promotions(&self.s, &by, &line) {
            let r = self.regs.iter_mut().find(|r| r.id == id).unwrap();
            r.status = promoted(r.hold);
        }
    }

    fn nth(&mut self, i: usize) -> Option<&mut Reg> {
        let n = self.regs.len();
        (n > 0).then(|| &mut self.regs[i % n])
    }

    fn apply(&mut self, op: u8, arg: usize) {
        let now = self.now;
        match op {
            // Register, in the mode `arg` picks (hosts may switch modes at any time).
            0..=3 => {
                self.s.mode = RegistrationMode::ALL[arg % 3];
                self.settle();
                let key = KEYS[arg % KEYS.len()].to_owned();
                let (total, mine) = self.taken(&key);
                let p = intake(&self.s, total, mine, now, self.hold);
                let id = i64::try_from(self.regs.len()).unwrap() + 1;
                self.regs.push(Reg {
                    id,
                    key,
                    status: p.status,
                    hold: p.hold_until,
                });
            }
            // The delegate confirms.
            4 => {
                if let Some(r) = self.nth(arg)
                    && let Ok(status) = confirm_address(r.status, r.hold, now)
                {
                    r.status = status;
                    r.hold = None;
                }
            }
            // Time passes: holds run out without anyone settling.
            5 => self.now += Duration::minutes(i64::try_from(arg % 40).unwrap() * 10),
            // A host approves.
            6 => {
                self.settle();
                let Some(key) = self.nth(arg).map(|r| r.key.clone()) else {
                    return;
                };
                let (total, mine) = self.taken(&key);
                let s = self.s;
                let r = self.nth(arg).unwrap();
                if let Some(status) = approve(r.status, &s, total, mine) {
                    r.status = status;
                }
            }
            // A host declines.
            7 => {
                if let Some(r) = self.nth(arg)
                    && r.status == RegistrationStatus::AwaitingApproval
                {
                    r.status = RegistrationStatus::Declined;
                }
            }
            // The delegate cancels.
            8 => {
                if let Some(r) = self.nth(arg)
                    && r.status.is_live()
                {
                    r.status = RegistrationStatus::Cancelled;
                    r.hold = None;
                    self.settle();
                }
            }
            // A host confirms someone in line out of turn, if a seat fits.
            9 => {
                let Some(r) = self.nth(arg).cloned() else {
                    return;
                };
                let (total, mine) = self.taken(&r.key);
                if in_line(r.status, r.hold, now) && fits(&self.s, total, mine) {
                    let reg = self.nth(arg).unwrap();
                    reg.status = promoted(reg.hold);
                }
            }
            // The periodic release.
            _ => self.settle(),
        }
    }
}

proptest! {
    /// Whatever the mix of modes and steps, the seats taken at any moment never exceed the
    /// capacity or any quota; right after a settling step nobody in line would fit a seat.
    #[test]
    fn seats_never_exceed_capacity_or_quota_in_any_mode(
        capacity in proptest::option::of(0u32..8),
        quota in proptest::option::of(0u32..4),
        ops in proptest::collection::vec((0u8..11, 0usize..64), 0..150),
    ) {
        let s = RegistrationSettings {
            open: true,
            capacity,
            quota,
            deadline: None,
            mode: RegistrationMode::Open,
        };
        let start = DateTime::from_timestamp(1_900_000_000, 0).unwrap();
        let mut book = Book { s, regs: Vec::new(), now: start, hold: Duration::hours(1) };
        for (op, arg) in ops {
            book.apply(op, arg);
            let (total, _) = book.taken("");
            prop_assert!(capacity.is_none_or(|c| total <= c), "{total} seats");
            for key in KEYS {
                let (_, mine) = book.taken(key);
                prop_assert!(quota.is_none_or(|q| mine <= q), "{key}: {mine}");
            }
            // Registering, approving and the periodic release each settle first.
            if matches!(op, 0..=3 | 6 | 10) {
                for r in book.regs.iter().filter(|r| in_line(r.status, r.hold, book.now)) {
                    let (total, mine) = book.taken(&r.key);
                    prop_assert!(!fits(&book.s, total, mine), "{} waits but fits", r.key);
                }
            }
            // No running hold outlives its own length, and an ended registration takes nothing.
            for r in &book.regs {
                if let Some(h) = r.hold && r.status.is_live() {
                    prop_assert!(h - book.now <= book.hold);
                }
                if !r.status.is_live() {
                    prop_assert!(!takes_seat(r.status, r.hold, book.now));
                }
            }
        }
    }
}
