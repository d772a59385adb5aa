//! Where a commitment stands, the moves allowed between statuses, the "all delegations" roll-up,
//! and what a calendar's to-do (RFC 5545 `VTODO`) shows of it; and a record's draft/final status.

use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// Where a commitment (or one member's share of it) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CommitmentStatus {
    /// Nothing done yet.
    Pending,
    /// Started.
    InProgress,
    /// Carried out.
    Done,
    /// Will not be carried out (overtaken, withdrawn).
    Dropped,
}

impl CommitmentStatus {
    /// Every status, in the order of the follow-up board.
    pub const ALL: [CommitmentStatus; 4] = [
        CommitmentStatus::Pending,
        CommitmentStatus::InProgress,
        CommitmentStatus::Done,
        CommitmentStatus::Dropped,
    ];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            CommitmentStatus::Pending => "pending",
            CommitmentStatus::InProgress => "in_progress",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Dropped => "dropped",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<CommitmentStatus> {
        CommitmentStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    /// True while something is still owed (pending or in progress): only open commitments can be
    /// overdue.
    #[must_use]
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CommitmentStatus::Pending | CommitmentStatus::InProgress
        )
    }

    /// The status's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            CommitmentStatus::Pending => td_string!(l, oc_status_pending),
            CommitmentStatus::InProgress => td_string!(l, oc_status_in_progress),
            CommitmentStatus::Done => td_string!(l, oc_status_done),
            CommitmentStatus::Dropped => td_string!(l, oc_status_dropped),
        }
    }

    /// RFC 5545 §3.8.1.11 `STATUS` of a to-do.
    #[must_use]
    pub fn vtodo_status(self) -> &'static str {
        match self {
            CommitmentStatus::Pending => "NEEDS-ACTION",
            CommitmentStatus::InProgress => "IN-PROCESS",
            CommitmentStatus::Done => "COMPLETED",
            CommitmentStatus::Dropped => "CANCELLED",
        }
    }

    /// RFC 5545 §3.8.1.8 `PERCENT-COMPLETE` of one party's status: 0, 50 while in progress, 100
    /// when done; 0 when dropped.
    #[must_use]
    pub fn percent(self) -> u8 {
        match self {
            CommitmentStatus::Pending | CommitmentStatus::Dropped => 0,
            CommitmentStatus::InProgress => 50,
            CommitmentStatus::Done => 100,
        }
    }
}

/// Whether a status may change from `from` to `to`. The rule: an open status (pending, in
/// progress) may move to any other status; a closed one can only be reopened, done to in
/// progress and dropped to pending. Staying the same is not a change.
#[must_use]
pub fn may_move(from: CommitmentStatus, to: CommitmentStatus) -> bool {
    use CommitmentStatus::{Done, Dropped, InProgress, Pending};
    match (from, to) {
        _ if from == to => false,
        (Pending | InProgress, _) | (Done, InProgress) | (Dropped, Pending) => true,
        (Done, _) | (Dropped, _) => false,
    }
}

/// The overall status of an "all delegations" commitment from its members' statuses. The rule:
/// 1. every member dropped: dropped;
/// 2. every member not dropped is done (at least one): done;
/// 3. otherwise, when any member is in progress or done: in progress;
/// 4. otherwise (every member not dropped is pending, or there are no members): pending.
///
/// So a member who drops out does not hold the others back (rule 2), and one done while others
/// still owe makes it in progress, not done (rule 3).
#[must_use]
pub fn roll_up(members: impl IntoIterator<Item = CommitmentStatus>) -> CommitmentStatus {
    let tally = Tally::of(members);
    if tally.active() == 0 {
        if tally.dropped > 0 {
            CommitmentStatus::Dropped
        } else {
            CommitmentStatus::Pending
        }
    } else if tally.done == tally.active() {
        CommitmentStatus::Done
    } else if tally.done + tally.in_progress == 0 {
        CommitmentStatus::Pending
    } else {
        CommitmentStatus::InProgress
    }
}

/// `PERCENT-COMPLETE` of an "all delegations" commitment: members not dropped each weigh the
/// same, counting 100 when done and 50 in progress; an in-progress roll-up shows between 1 and 99
/// (never 0 or 100), a dropped one 0. For one member it equals [`CommitmentStatus::percent`].
#[must_use]
pub fn roll_up_percent(members: impl IntoIterator<Item = CommitmentStatus>) -> u8 {
    let members: Vec<CommitmentStatus> = members.into_iter().collect();
    let tally = Tally::of(members.iter().copied());
    let active = tally.active();
    if active == 0 {
        return 0;
    }
    let points = 100 * tally.done + 50 * tally.in_progress;
    let percent = u8::try_from(points / active).unwrap_or(100);
    match roll_up(members) {
        CommitmentStatus::InProgress => percent.clamp(1, 99),
        _ => percent,
    }
}

#[derive(Default)]
struct Tally {
    pending: usize,
    in_progress: usize,
    done: usize,
    dropped: usize,
}

impl Tally {
    fn of(members: impl IntoIterator<Item = CommitmentStatus>) -> Tally {
        let mut t = Tally::default();
        for s in members {
            match s {
                CommitmentStatus::Pending => t.pending += 1,
                CommitmentStatus::InProgress => t.in_progress += 1,
                CommitmentStatus::Done => t.done += 1,
                CommitmentStatus::Dropped => t.dropped += 1,
            }
        }
        t
    }

    fn active(&self) -> usize {
        self.pending + self.in_progress + self.done
    }
}

/// A meeting record's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordStatus {
    /// Being written: seen only by its writers.
    Draft,
    /// The final version, public.
    Final,
}

impl RecordStatus {
    /// Both statuses.
    pub const ALL: [RecordStatus; 2] = [RecordStatus::Draft, RecordStatus::Final];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            RecordStatus::Draft => "draft",
            RecordStatus::Final => "final",
        }
    }

    /// Parses a stored code.
    #[must_use]
    pub fn parse(code: &str) -> Option<RecordStatus> {
        RecordStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }

    /// True when the public may read it.
    #[must_use]
    pub fn is_public(self) -> bool {
        self == RecordStatus::Final
    }

    /// The status's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            RecordStatus::Draft => td_string!(l, oc_record_draft),
            RecordStatus::Final => td_string!(l, oc_record_final),
        }
    }
}
