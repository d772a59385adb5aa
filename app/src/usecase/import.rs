//! Importing events from a calendar file: who may import for which host, keeping an upload's
//! batch for the one account that sent it, its preview, and creating the chosen events in one
//! transaction. The server reads the file (the reader is server code); a batch holds its events
//! as the reader kept them, seen here through [`BatchEvent`].

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::access::{Action, Role};
use crate::domain::account::Account;
use crate::domain::import_batch::{BATCH_HOURS, BatchHead, ImportPreview, batch_key};
use crate::domain::{Country, EventDetails, EventInput, Lang};
use crate::flash::FlashError;
use crate::i18n::td_string;
use crate::msg::Msg;
use crate::ssr::tokens::new_token;
use crate::ssr::{NewImported, StoreError};

use super::access::{Target, authorize, may};
use super::{Deps, Outcome, Refusal, audit_actor};

/// An upload kept for its preview: what the preview shows, and the events as the reader kept
/// them, so that each can be made again for the host chosen in the preview.
#[derive(Debug, Serialize, Deserialize)]
pub struct Batch<E> {
    /// What the preview shows.
    #[serde(flatten)]
    pub head: BatchHead,
    /// The events of the file, in file order.
    pub events: Vec<E>,
}

/// Why an event of a file cannot be imported, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// In Spanish.
    pub es: String,
    /// In English.
    pub en: String,
}

impl Skip {
    /// The reason, from a message the reader gives in either language.
    #[must_use]
    pub fn new(message: impl Fn(Lang) -> String) -> Self {
        Skip {
            es: message(Lang::Es),
            en: message(Lang::En),
        }
    }
}

/// One event of a kept batch, as importing needs it.
pub trait BatchEvent {
    /// The line of the file where it begins.
    fn line(&self) -> usize;
    /// Its UID in its source calendar (or a hash of its content).
    fn source_uid(&self) -> &str;
    /// The event as form input for `host` with the batch's kind and language at `now`, and the
    /// source UID to record; or why it cannot be imported.
    ///
    /// # Errors
    /// The reader's reason to skip it.
    fn candidate(
        &self,
        host: Country,
        head: &BatchHead,
        now: DateTime<Utc>,
    ) -> Result<(EventInput, String), Skip>;
}

/// Who is importing, and the host of the file's events whose location names none: an official's
/// own country whatever was posted, the posted one for the secretariat.
///
/// # Errors
/// `SignInRequired`, `Invalid` (the secretariat chose no host), `Forbidden`.
pub fn importer(
    viewer: Option<&Account>,
    posted_host: Option<Country>,
) -> Outcome<(Account, Country)> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let host = match account.role {
        Role::Official(country) => Some(country),
        Role::Secretariat => posted_host,
    };
    let Some(host) = host else {
        return Err(Refusal::Invalid(vec![
            Msg::ImportChooseHost.for_field("host"),
        ]));
    };
    let account = authorize(Some(account), Target::Host(host), Action::Propose)?;
    Ok((account, host))
}

/// The host the preview proposes for an event whose location names `named`: that member state
/// when the importer may propose events there, else `default_host`.
#[must_use]
pub fn proposed_host(account: &Account, default_host: Country, named: Option<Country>) -> Country {
    match named {
        Some(named)
            if named != default_host
                && may(Some(account), Target::Host(named), Action::Propose) =>
        {
            named
        }
        _ => default_host,
    }
}

/// Keeps a batch for its preview, for `account` alone (whatever its head said), for
/// [`BATCH_HOURS`]. Returns its new random id.
///
/// # Errors
/// `Internal` when it cannot be written or stored.
pub async fn keep<E: Serialize>(
    deps: &Deps,
    account: &Account,
    mut batch: Batch<E>,
) -> Outcome<String> {
    batch.head.account_id = account.id;
    let body = serde_json::to_string(&batch).map_err(internal)?;
    let id = new_token();
    let expires = Utc::now() + Duration::hours(BATCH_HOURS);
    deps.store
        .save_form_draft(&batch_key(&id), &body, expires)
        .await
        .map_err(Refusal::Internal)?;
    Ok(id)
}

/// The batch `id` if it is live and `account` uploaded it. For anyone else it does not exist.
///
/// # Errors
/// `NotFound` (missing, expired, imported, or someone else's), `Internal`.
async fn load<E: DeserializeOwned>(
    deps: &Deps,
    account: &Account,
    id: &str,
    now: DateTime<Utc>,
) -> Outcome<Batch<E>> {
    let body = deps
        .store
        .peek_form_draft(&batch_key(id), now)
        .await
        .map_err(Refusal::Internal)?
        .ok_or(Refusal::NotFound)?;
    let batch: Batch<E> = serde_json::from_str(&body).map_err(internal)?;
    if batch.head.account_id == account.id {
        Ok(batch)
    } else {
        Err(Refusal::NotFound)
    }
}

/// The preview of the batch `id`, for its uploader only.
///
/// # Errors
/// `SignInRequired`, `NotFound` for anyone else and once it has expired or been imported,
/// `Internal`.
pub async fn preview(deps: &Deps, viewer: Option<&Account>, id: &str) -> Outcome<ImportPreview> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let batch: Batch<serde::de::IgnoredAny> = load(deps, account, id, Utc::now()).await?;
    let head = batch.head;
    let uids: Vec<String> = head.rows.iter().map(|r| r.source_uid.clone()).collect();
    let found: HashSet<String> = deps.store.imported_uids(&uids).await?.into_iter().collect();
    let already_imported = uids.iter().map(|uid| found.contains(uid)).collect();
    Ok(ImportPreview {
        account: account.clone(),
        kind: head.kind,
        lang: head.lang,
        rows: head.rows,
        already_imported,
    })
}

/// What the preview's form chose.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The ticked events, by their index in the batch, each with the host chosen for it (`None`
    /// when none or an unknown one was posted).
    pub chosen: BTreeMap<usize, Option<Country>>,
    /// Publish them at once (else drafts).
    pub publish: bool,
}

/// Creates the chosen events of the batch `id`, all in one transaction or none, each for its
/// chosen host and with a free slug; then the batch is used up. Returns how many were created.
///
/// # Errors
/// `SignInRequired`; `NotFound` for a batch that is missing, expired, done or someone else's;
/// `Forbidden` when a chosen host is not the importer's to propose for (checked before anything
/// else); `Rejected` when nothing is ticked, an event was imported meanwhile or saving failed;
/// `Invalid` with a line for every chosen event that cannot be imported.
pub async fn import<E: BatchEvent + DeserializeOwned>(
    deps: &Deps,
    viewer: Option<&Account>,
    id: &str,
    selection: &Selection,
) -> Outcome<usize> {
    let account = viewer.ok_or(Refusal::SignInRequired)?;
    let now = Utc::now();
    let batch: Batch<E> = load(deps, account, id, now).await?;
    // Every chosen host is checked before anything else: an official may import only for their
    // own country, whatever the rest of the form says.
    let mut chosen: Vec<(&E, Country)> = Vec::new();
    let mut errors = Vec::new();
    for (i, event) in batch.events.iter().enumerate() {
        match selection.chosen.get(&i) {
            None => {}
            Some(Some(host)) => {
                authorize(Some(account), Target::Host(*host), Action::Propose)?;
                chosen.push((event, *host));
            }
            Some(None) => errors.push(line_error(event.line(), |l| {
                td_string!(l.locale(), impr_line_choose_host).to_string()
            })),
        }
    }
    if chosen.is_empty() && errors.is_empty() {
        return Err(Refusal::Rejected(Msg::ImportTickOne));
    }
    let uids: Vec<String> = chosen
        .iter()
        .map(|(event, _)| event.source_uid().to_owned())
        .collect();
    let already: HashSet<String> = match deps.store.imported_uids(&uids).await {
        Ok(found) => found.into_iter().collect(),
        Err(e) => return Err(not_saved(&e)),
    };
    let mut ready = Vec::new();
    let mut taken = HashSet::new();
    for (event, host) in chosen {
        let line = event.line();
        if already.contains(event.source_uid()) {
            errors.push(line_error(line, |l| {
                td_string!(l.locale(), impr_line_already_imported).to_string()
            }));
            continue;
        }
        let (input, import_uid) = match event.candidate(host, &batch.head, now) {
            Ok(candidate) => candidate,
            Err(skip) => {
                errors.push(line_error(line, |l| match l {
                    Lang::Es => skip.es.clone(),
                    Lang::En => skip.en.clone(),
                }));
                continue;
            }
        };
        let details = match input.validate() {
            Ok(details) => details,
            Err(invalid) => {
                errors.push(line_error(line, |l| {
                    invalid.describe(l).replace('\n', "; ")
                }));
                continue;
            }
        };
        let slug = super::events::free_slug(deps, &slug_for(&details), &taken).await?;
        taken.insert(slug.clone());
        ready.push(NewImported {
            slug,
            uid: format!("{}@enlace", uuid::Uuid::new_v4()),
            details,
            import_uid,
        });
    }
    if !errors.is_empty() {
        let mut all = vec![Msg::NothingImported.for_form()];
        all.extend(errors);
        return Err(Refusal::Invalid(all));
    }
    match deps
        .store
        .import_events(&ready, selection.publish, &audit_actor(account), now)
        .await
    {
        Ok(n) => {
            // Used up: submitting the same preview again finds nothing to import.
            if let Err(e) = deps.store.take_form_draft(&batch_key(id), now).await {
                leptos::logging::error!("removing an imported batch: {e:#}");
            }
            Ok(n)
        }
        Err(StoreError::Conflict(crate::ssr::Conflict::ImportUidTaken)) => {
            Err(Refusal::Rejected(Msg::ImportedMeanwhile))
        }
        Err(e) => Err(not_saved(&e)),
    }
}

/// The slug base of an imported event: its Spanish title (or English, when it has no Spanish one)
/// and its year.
fn slug_for(details: &EventDetails) -> String {
    let title = details.title.pick(Lang::Es).text.to_owned();
    crate::domain::event::slug_base(&title, details.dates.first_day().year())
}

/// An error about the event that begins at `line` of the file.
fn line_error(line: usize, what: impl Fn(Lang) -> String) -> FlashError {
    let text = |l: Lang| td_string!(l.locale(), impr_line, line = line, what = what(l));
    FlashError {
        field: String::new(),
        es: text(Lang::Es),
        en: text(Lang::En),
    }
}

fn not_saved(e: &StoreError) -> Refusal {
    leptos::logging::error!("importing events: {e:#}");
    Refusal::Rejected(Msg::ImportNotSaved)
}

fn internal(e: serde_json::Error) -> Refusal {
    Refusal::Internal(StoreError::Other(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;

    fn account(role: Role) -> Account {
        Account {
            id: 7,
            email: "a@test.org".into(),
            name: "A".into(),
            role,
            disabled: false,
            has_password: true,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn an_official_imports_for_their_own_country_and_the_secretariat_for_the_chosen_one() {
        let gt = account(Role::Official(Country::GT));
        let (_, host) = importer(Some(&gt), Some(Country::SV)).unwrap();
        assert_eq!(host, Country::GT, "whatever was posted");
        let sec = account(Role::Secretariat);
        assert_eq!(
            importer(Some(&sec), Some(Country::SV)).unwrap().1,
            Country::SV
        );
        match importer(Some(&sec), None) {
            Err(Refusal::Invalid(errors)) => {
                assert_eq!(errors[0].field, "host");
                assert_eq!(
                    errors[0].en,
                    "Choose the host country of events whose location names none."
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            importer(None, Some(Country::GT)),
            Err(Refusal::SignInRequired)
        ));
    }

    #[test]
    fn the_preview_proposes_a_named_host_only_where_the_importer_may_propose() {
        let gt = account(Role::Official(Country::GT));
        let sec = account(Role::Secretariat);
        assert_eq!(
            proposed_host(&sec, Country::GT, Some(Country::SV)),
            Country::SV
        );
        assert_eq!(
            proposed_host(&gt, Country::GT, Some(Country::SV)),
            Country::GT
        );
        assert_eq!(proposed_host(&sec, Country::GT, None), Country::GT);
    }

    #[test]
    fn a_kept_batch_reads_back_whole_or_as_its_head_alone() {
        let batch = Batch {
            head: BatchHead {
                account_id: 7,
                kind: EventKind::Workshop,
                lang: Lang::Es,
                rows: Vec::new(),
            },
            events: vec![1, 2, 3],
        };
        let body = serde_json::to_string(&batch).unwrap();
        let whole: Batch<i32> = serde_json::from_str(&body).unwrap();
        assert_eq!(whole.events, [1, 2, 3]);
        let head: Batch<serde::de::IgnoredAny> = serde_json::from_str(&body).unwrap();
        assert_eq!(head.head, batch.head);
        let alone: BatchHead = serde_json::from_str(&body).unwrap();
        assert_eq!(alone, batch.head);
    }

    #[test]
    fn line_errors_name_the_line_in_both_languages() {
        let e = line_error(12, |l| match l {
            Lang::Es => "uno".into(),
            Lang::En => "one".into(),
        });
        assert_eq!(e.es, "Línea 12: uno");
        assert_eq!(e.en, "Line 12: one");
        assert!(e.field.is_empty());
    }
}
