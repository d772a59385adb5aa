//! Registration modes: *open* (first come), *confirm by e-mail* (a seat or waitlist place is held
//! until the delegate opens the mailed link and confirms) and *approval by the hosts*; what counts
//! as a taken seat, when a hold runs out, and each mode's transitions. Pure: the store applies
//! them inside the transaction that holds the event's lock, and mirrors [`takes_seat`] in SQL.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::model::RegistrationStatus;
use super::seats::{RegistrationSettings, admit};
use crate::domain::lang::Lang;
use crate::i18n::td_string;

/// How long a hold lasts when the server's setting says nothing: 24 hours.
pub const DEFAULT_HOLD_HOURS: f64 = 24.0;
/// The shortest hold the server accepts: one minute.
pub const MIN_HOLD_HOURS: f64 = 1.0 / 60.0;
/// The longest hold the server accepts: 30 days.
pub const MAX_HOLD_HOURS: f64 = 720.0;

/// How an event takes its registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum RegistrationMode {
    /// First come, first served: a seat (or the waitlist) at once.
    #[default]
    Open,
    /// The seat or waitlist place is held until the delegate confirms through the mailed link.
    Confirm,
    /// The hosts approve each registration; until then it takes no seat.
    Approval,
}

impl RegistrationMode {
    /// Every mode, in the order the settings form offers them.
    pub const ALL: [RegistrationMode; 3] = [
        RegistrationMode::Open,
        RegistrationMode::Confirm,
        RegistrationMode::Approval,
    ];

    /// The stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            RegistrationMode::Open => "open",
            RegistrationMode::Confirm => "confirm",
            RegistrationMode::Approval => "approval",
        }
    }

    /// Reads a code.
    #[must_use]
    pub fn parse(code: &str) -> Option<RegistrationMode> {
        RegistrationMode::ALL
            .into_iter()
            .find(|m| m.code() == code.trim())
    }

    /// The mode new events get: confirm by e-mail when mail reaches delegates, else open (a
    /// confirmation link nobody receives could never be opened).
    #[must_use]
    pub fn default_for(mail_configured: bool) -> RegistrationMode {
        if mail_configured {
            RegistrationMode::Confirm
        } else {
            RegistrationMode::Open
        }
    }

    /// The mode's name in `lang`.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            RegistrationMode::Open => td_string!(l, rm_mode_open),
            RegistrationMode::Confirm => td_string!(l, rm_mode_confirm),
            RegistrationMode::Approval => td_string!(l, rm_mode_approval),
        }
    }

    /// What the mode does, for the hosts' settings form, in `lang`.
    #[must_use]
    pub fn hint(self, lang: Lang) -> &'static str {
        let l = lang.locale();
        match self {
            RegistrationMode::Open => td_string!(l, rm_mode_open_hint),
            RegistrationMode::Confirm => td_string!(l, rm_mode_confirm_hint),
            RegistrationMode::Approval => td_string!(l, rm_mode_approval_hint),
        }
    }
}

/// Reads the hold's length in hours (`ENLACE_HOLD_HOURS`): a number, fractions allowed, from
/// [`MIN_HOLD_HOURS`] to [`MAX_HOLD_HOURS`]; blank is [`DEFAULT_HOLD_HOURS`].
///
/// # Errors
/// The explanation, for the operator who set it.
pub fn hold_from_hours(raw: Option<&str>) -> Result<Duration, String> {
    let raw = raw.map(str::trim).unwrap_or_default();
    let hours = if raw.is_empty() {
        DEFAULT_HOLD_HOURS
    } else {
        raw.parse::<f64>().map_err(|_| {
            format!("ENLACE_HOLD_HOURS must be a number of hours, such as 24 or 0.5 (got {raw:?})")
        })?
    };
    if !(MIN_HOLD_HOURS..=MAX_HOLD_HOURS).contains(&hours) {
        return Err(format!(
            "ENLACE_HOLD_HOURS must be from 1 minute ({MIN_HOLD_HOURS:.4}) to {MAX_HOLD_HOURS} \
             hours (got {raw:?})"
        ));
    }
    // Whole seconds: the store keeps instants in seconds. In range, so the cast cannot overflow.
    #[allow(clippy::cast_possible_truncation)]
    let seconds = (hours * 3600.0).round() as i64;
    Ok(Duration::seconds(seconds))
}

/// A hold's length in words: "24 h", "90 min".
#[must_use]
pub fn hold_label(lang: Lang, hold: Duration) -> String {
    let l = lang.locale();
    let minutes = hold.num_minutes().max(1);
    if minutes % 60 == 0 {
        let hours = minutes / 60;
        td_string!(l, rm_hold_hours, hours = hours)
    } else {
        td_string!(l, rm_hold_minutes, minutes = minutes)
    }
}

/// Where a new registration lands: its status and, in confirm mode, until when it is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// `Confirmed`, `Held`, `Waitlisted` or `AwaitingApproval`.
    pub status: RegistrationStatus,
    /// The instant the hold runs out, in confirm mode.
    pub hold_until: Option<DateTime<Utc>>,
}

/// The place a new registration gets at `now`, when `taken` seats are taken in all and `mine` by
/// its delegation (counted with [`takes_seat`]): open mode admits it ([`admit`]); confirm mode
/// admits it the same way but only holds the seat or waitlist place for `hold`; approval mode
/// leaves it awaiting the hosts, taking no seat.
#[must_use]
pub fn intake(
    settings: &RegistrationSettings,
    taken: u32,
    mine: u32,
    now: DateTime<Utc>,
    hold: Duration,
) -> Placement {
    match settings.mode {
        RegistrationMode::Open => Placement {
            status: admit(settings, taken, mine),
            hold_until: None,
        },
        RegistrationMode::Confirm => Placement {
            status: match admit(settings, taken, mine) {
                RegistrationStatus::Confirmed => RegistrationStatus::Held,
                other => other,
            },
            hold_until: Some(now + hold),
        },
        RegistrationMode::Approval => Placement {
            status: RegistrationStatus::AwaitingApproval,
            hold_until: None,
        },
    }
}

/// Whether a hold has run out at `now` (it ends at its instant).
#[must_use]
pub fn hold_expired(hold_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    hold_until.is_some_and(|until| until <= now)
}

/// Whether a registration takes a seat at `now`: confirmed, or held with its hold still running.
/// An expired hold takes no seat even before the periodic cleanup releases it.
#[must_use]
pub fn takes_seat(
    status: RegistrationStatus,
    hold_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match status {
        RegistrationStatus::Confirmed => true,
        RegistrationStatus::Held => !hold_expired(hold_until, now),
        _ => false,
    }
}

/// Whether a registration waits in line for a seat at `now`: on the waitlist, and if its place is
/// held, still within the hold (registrations awaiting approval are not in line).
#[must_use]
pub fn in_line(
    status: RegistrationStatus,
    hold_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    status == RegistrationStatus::Waitlisted && !hold_expired(hold_until, now)
}

/// An event's registrations counted at an instant, as its public page shows them: the store
/// counts them in one query (mirroring [`takes_seat`] and [`in_line`]), the hosts' page from the
/// registrations it lists ([`SeatCounts::of`]); a store test holds the two equal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatCounts {
    /// Seats taken: confirmed, and held while the hold runs.
    pub taken: u32,
    /// Of those, the seats held until an address is confirmed.
    pub held: u32,
    /// People in line on the waitlist.
    pub in_line: u32,
    /// Registrations awaiting the hosts' approval (taking no seat).
    pub awaiting: u32,
}

impl SeatCounts {
    /// Counts `registrations` at `now`.
    #[must_use]
    pub fn of(registrations: &[super::model::Registration], now: DateTime<Utc>) -> SeatCounts {
        let count = |keep: &dyn Fn(&super::model::Registration) -> bool| {
            u32::try_from(registrations.iter().filter(|r| keep(r)).count()).unwrap_or(u32::MAX)
        };
        SeatCounts {
            taken: count(&|r| takes_seat(r.status, r.hold_until, now)),
            held: count(&|r| {
                r.status == RegistrationStatus::Held && takes_seat(r.status, r.hold_until, now)
            }),
            in_line: count(&|r| in_line(r.status, r.hold_until, now)),
            awaiting: count(&|r| r.status == RegistrationStatus::AwaitingApproval),
        }
    }
}

/// The status of someone moved up from the waitlist: a held seat while their address is not yet
/// confirmed (the hold keeps its instant), else a confirmed seat.
#[must_use]
pub fn promoted(hold_until: Option<DateTime<Utc>>) -> RegistrationStatus {
    if hold_until.is_some() {
        RegistrationStatus::Held
    } else {
        RegistrationStatus::Confirmed
    }
}

/// Why a delegate's confirmation changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotConfirmed {
    /// The hold ran out: the place was (or is about to be) given to the next person.
    Expired,
    /// Nothing was held: confirmed already, or never held (a second click lands here).
    NothingHeld,
    /// The registration was cancelled or declined.
    Ended,
}

/// The delegate confirms their address at `now`: a held seat becomes confirmed, a held waitlist
/// place stays in line without a hold. Seats taken do not change (a running hold already counts).
///
/// # Errors
/// Why nothing changes.
pub fn confirm_address(
    status: RegistrationStatus,
    hold_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<RegistrationStatus, NotConfirmed> {
    if status == RegistrationStatus::Expired || hold_expired(hold_until, now) {
        return Err(NotConfirmed::Expired);
    }
    if !status.is_live() {
        return Err(NotConfirmed::Ended);
    }
    if hold_until.is_none() {
        return Err(NotConfirmed::NothingHeld);
    }
    Ok(match status {
        RegistrationStatus::Held => RegistrationStatus::Confirmed,
        other => other,
    })
}

/// A host approves a registration awaiting approval: a seat if one fits, else the waitlist, by the
/// same rule as registering in open mode ([`admit`]), so an approval never takes a seat someone
/// waiting would fit into. `None` when it does not await approval.
#[must_use]
pub fn approve(
    status: RegistrationStatus,
    settings: &RegistrationSettings,
    taken: u32,
    mine: u32,
) -> Option<RegistrationStatus> {
    (status == RegistrationStatus::AwaitingApproval).then(|| admit(settings, taken, mine))
}

/// The audit log's line for a host deciding on registration `id`, which awaited approval.
#[must_use]
pub fn decision_change(id: i64, new: RegistrationStatus) -> crate::domain::lifecycle::FieldChange {
    crate::domain::lifecycle::FieldChange {
        field: format!("registration {id}"),
        old: RegistrationStatus::AwaitingApproval.code().into(),
        new: new.code().into(),
    }
}

/// When a hold runs out, in the event's zone and named: "3 de marzo de 2031, 14:30
/// (America/Guatemala)".
#[must_use]
pub fn hold_end_text(lang: Lang, event: &crate::domain::Event, until: DateTime<Utc>) -> String {
    let tz = event.details.tz;
    td_string!(
        lang.locale(),
        rm_until_in_zone,
        instant = crate::domain::format::instant_in(lang, until.with_timezone(&tz)),
        zone = tz.name()
    )
}

/// A registration as it stands at `now`: one whose hold ran out is shown expired (without a
/// waitlist place) even before the periodic release writes it so.
#[must_use]
pub fn seen_at(
    mut r: super::model::Registration,
    now: DateTime<Utc>,
) -> super::model::Registration {
    if r.status.is_live() && hold_expired(r.hold_until, now) {
        r.status = RegistrationStatus::Expired;
        r.waitlist_position = None;
    }
    r
}
