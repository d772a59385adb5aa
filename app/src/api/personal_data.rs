//! Server functions of personal data: what an event's hosts are told about its erased
//! registrations (and the counts kept of them, merged into the participant counts), and the
//! secretariat's erasure form.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use super::registrations::DelegationCount;
use super::session::FormFlash;
use crate::domain::Lang;
use crate::domain::personal_data::{ErasedCount, delegation_label};
use crate::domain::registration::RegistrationStatus;

/// The path of the secretariat's erasure form.
pub const ERASE_FORM: &str = "/admin/erase";

/// The sentence hosts see on an event the retention policy erased, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureNotice {
    /// In Spanish.
    pub es: String,
    /// In English.
    pub en: String,
}

impl ErasureNotice {
    /// The sentence in `lang`.
    #[must_use]
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// Adds the counts kept of erased registrations to the counts per delegation (by name, so a
/// country's erased and present registrations share one line; every other organisation's erased
/// ones share "Other organisations"), sorted by Spanish name.
#[must_use]
pub fn merge_erased(
    mut counts: Vec<DelegationCount>,
    erased: &[ErasedCount],
) -> Vec<DelegationCount> {
    for e in erased {
        let name_es = delegation_label(&e.delegation, Lang::Es);
        let at = match counts.iter().position(|c| c.name_es == name_es) {
            Some(at) => at,
            None => {
                counts.push(DelegationCount {
                    name_en: delegation_label(&e.delegation, Lang::En),
                    name_es,
                    confirmed: 0,
                    waitlisted: 0,
                    cancelled: 0,
                    held: 0,
                    awaiting: 0,
                });
                counts.len() - 1
            }
        };
        let c = &mut counts[at];
        let slot = match e.status {
            RegistrationStatus::Confirmed => &mut c.confirmed,
            RegistrationStatus::Held => &mut c.held,
            RegistrationStatus::Waitlisted => &mut c.waitlisted,
            RegistrationStatus::AwaitingApproval => &mut c.awaiting,
            RegistrationStatus::Cancelled
            | RegistrationStatus::Expired
            | RegistrationStatus::Declined => &mut c.cancelled,
        };
        *slot = slot.saturating_add(e.count);
    }
    counts.sort_by(|a, b| a.name_es.cmp(&b.name_es));
    counts
}

/// The participant page's seats and counts with the erased registrations of event `event_id`
/// added (after the page's permission was checked).
#[cfg(feature = "ssr")]
pub(crate) async fn with_erased(
    deps: &crate::usecase::Deps,
    event_id: i64,
    mut seats: super::registrations::Seats,
    counts: Vec<DelegationCount>,
) -> Result<(super::registrations::Seats, Vec<DelegationCount>), AppError> {
    let kept = deps.store.kept_of_event(event_id).await?;
    for e in &kept.counts {
        match e.status {
            RegistrationStatus::Confirmed => seats.confirmed += e.count,
            RegistrationStatus::Held => {
                seats.confirmed += e.count;
                seats.held += e.count;
            }
            RegistrationStatus::Waitlisted => seats.waitlisted += e.count,
            RegistrationStatus::AwaitingApproval
            | RegistrationStatus::Cancelled
            | RegistrationStatus::Expired
            | RegistrationStatus::Declined => {}
        }
    }
    Ok((seats, merge_erased(counts, &kept.counts)))
}

/// Whether the retention policy erased the event's registrations, and when (its hosts and the
/// secretariat only).
#[server]
pub async fn get_erasure(slug: String) -> Result<Option<ErasureNotice>, AppError> {
    use crate::domain::personal_data::erased_notice;
    let deps = super::manage::deps()?;
    let viewer = super::manage::viewer_account();
    let (event, kept) =
        crate::usecase::personal_data::kept_for_hosts(&deps, viewer.as_ref(), &slug)
            .await
            .map_err(super::manage::refused)?;
    Ok(kept.retention_erased_at.map(|at| ErasureNotice {
        es: erased_notice(&event, at, Lang::Es),
        en: erased_notice(&event, at, Lang::En),
    }))
}

/// The secretariat's erasure form: what the last erasure answered, if anything (secretariat
/// only).
#[server]
pub async fn get_erase_form() -> Result<Option<FormFlash>, AppError> {
    crate::usecase::personal_data::may_erase(super::manage::viewer_account().as_ref())
        .map_err(super::manage::refused)?;
    super::session::take_form_flash(ERASE_FORM.into()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(name: &str, confirmed: u32) -> DelegationCount {
        DelegationCount {
            name_es: name.into(),
            name_en: name.into(),
            confirmed,
            waitlisted: 0,
            cancelled: 0,
            held: 0,
            awaiting: 0,
        }
    }

    #[test]
    fn erased_counts_join_their_delegations_line() {
        let erased = [
            ErasedCount {
                delegation: "GT".into(),
                status: RegistrationStatus::Confirmed,
                count: 2,
            },
            ErasedCount {
                delegation: "OTHER".into(),
                status: RegistrationStatus::Cancelled,
                count: 1,
            },
        ];
        let merged = merge_erased(vec![count("Guatemala", 1)], &erased);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].name_es, "Guatemala");
        assert_eq!(merged[0].confirmed, 3);
        assert_eq!(merged[1].name_es, "Otras organizaciones");
        assert_eq!(merged[1].name_en, "Other organisations");
        assert_eq!(merged[1].cancelled, 1);
    }
}
