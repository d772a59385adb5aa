//! The store's registrations: seats are given and taken inside a transaction that holds the
//! event's lock (`SELECT … FOR UPDATE` on PostgreSQL, `BEGIN IMMEDIATE` and one writer at a time
//! on SQLite), so the domain's capacity and quota rules hold under any concurrency. Every change
//! of seats that could hand one to a newcomer first *settles* the event: it releases the holds
//! that ran out and moves the waitlist up, in the same transaction.

use chrono::{DateTime, Duration, Utc};

use super::error::{AuditActor, StoreError, StoreResult};
use super::outbox::{Letters, OutgoingMail, no_letters};
use crate::domain::Event;
use crate::domain::coordination;
use crate::domain::registration::{Registration, RegistrationDetails, RegistrationSettings};

/// A new registration and the hashes of its secrets (the store never sees a token).
#[derive(Debug, Clone)]
pub struct NewRegistration<'a> {
    /// What the delegate told, checked by the domain.
    pub details: &'a RegistrationDetails,
    /// SHA-256 of the manage token.
    pub token_hash: String,
    /// SHA-256 of the personal-feed token.
    pub feed_hash: String,
    /// For a form sent twice: the hash of the form's one-time id and the manage token sealed
    /// with that id, so the second submission finds the first's manage page.
    pub submission: Option<(String, String)>,
    /// How long a place is held in confirm mode (the event's mode is read under the lock).
    pub hold: Duration,
}

/// What a change of seats that admits someone returns: that registration, and those the
/// settling moved up from the waitlist (to be told).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    /// The registration admitted (new, or just approved).
    pub registration: Registration,
    /// Those moved up from the waitlist meanwhile.
    pub promoted: Vec<Registration>,
}

/// A registration as its manage page needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRecord {
    /// The registration.
    pub registration: Registration,
    /// How many times the personal-feed address was replaced (it is derived from the manage
    /// token and this number).
    pub feed_generation: i64,
}

/// A registration's new secrets, when its links are mailed again: the old ones stop working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reissued {
    /// The registration.
    pub id: i64,
    /// SHA-256 of its new manage token.
    pub token_hash: String,
    /// SHA-256 of its new personal-feed token (generation 0 of the new manage token).
    pub feed_hash: String,
}

/// Registrations, implemented by both backends. Every change of seats writes the mail it causes
/// (asked of its [`Letters`]) to the outbox in its own transaction.
#[async_trait::async_trait]
pub trait RegistrationStore: Send + Sync {
    /// One event by id, drafts included.
    async fn event_by_id(&self, id: i64) -> StoreResult<Event>;

    /// The event's registration settings.
    async fn registration_settings(&self, event_id: i64) -> StoreResult<RegistrationSettings>;

    /// The event's registration settings and its seats counted at `now`, in one query (a public
    /// page's view of the registrations, however many there are).
    async fn seat_summary(
        &self,
        event_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<(
        RegistrationSettings,
        crate::domain::registration::SeatCounts,
    )>;

    /// Changes the settings (capacity, quota, deadline, open) and promotes whoever now fits, in
    /// one locked transaction with an audit line and the promoted people's mail. Returns those
    /// promoted.
    async fn change_registration_settings(
        &self,
        event_id: i64,
        settings: &RegistrationSettings,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>>;

    /// As [`RegistrationStore::change_registration_settings`], writing no mail (seed data).
    async fn set_registration_settings(
        &self,
        event_id: i64,
        settings: &RegistrationSettings,
        by: &AuditActor,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<Registration>> {
        self.change_registration_settings(event_id, settings, by, now, &no_letters)
            .await
    }

    /// Settles the event, then registers as its mode says
    /// ([`intake`](crate::domain::registration::intake)): a seat if one fits, else the waitlist,
    /// held in confirm mode; awaiting approval in approval mode. `Conflict::AlreadyRegistered`
    /// for a second live registration of the same address, `Conflict::RepeatedSubmission` for a
    /// form sent twice, `Conflict::RegistrationClosed` when the event stopped taking
    /// registrations.
    async fn register(
        &self,
        event_id: i64,
        new: &NewRegistration<'_>,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Admission>;

    /// The delegate confirms their address: a held seat becomes confirmed, a held waitlist place
    /// loses its hold; nothing changes when nothing is held (confirmed already).
    /// `Conflict::HoldExpired` when the hold ran out; `NotFound` when the registration was
    /// cancelled or declined.
    async fn confirm_hold(&self, id: i64, now: DateTime<Utc>) -> StoreResult<Registration>;

    /// A host approves a registration awaiting approval: settles the event, then a seat if one
    /// and the delegation's quota fit, else the waitlist; with an audit line, and the approved
    /// and promoted people's mail in the same transaction. `NotFound` when it does not await
    /// approval (any more).
    async fn approve_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Admission>;

    /// A host declines a registration awaiting approval, with an audit line and its mail.
    /// `NotFound` when it does not await approval (any more).
    async fn decline_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Registration>;

    /// The events with a live registration whose hold ran out at `now` (for the periodic
    /// release, which settles each with [`promote_waitlist`](Self::promote_waitlist)).
    async fn events_with_expired_holds(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>>;

    /// A registration by the hash of its manage token (cancelled ones included).
    async fn registration_by_token(&self, token_hash: &str) -> StoreResult<RegistrationRecord>;

    /// The sealed manage token of a form already sent, by the hash of its one-time id.
    async fn submission_box(&self, submission_hash: &str) -> StoreResult<String>;

    /// Changes a live registration's details (the delegate's own edits: never email, name or
    /// delegation, which the seat was given for). `NotFound` when cancelled.
    async fn update_registration(
        &self,
        id: i64,
        details: &RegistrationDetails,
        now: DateTime<Utc>,
    ) -> StoreResult<Registration>;

    /// Cancels a registration and promotes whoever now fits, in one locked transaction.
    /// Returns those promoted. `NotFound` when already cancelled.
    async fn cancel_registration(
        &self,
        id: i64,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>>;

    /// A host moves one waitlisted person up out of turn; `Conflict::Full` when no seat or
    /// quota fits them.
    async fn promote_registration(
        &self,
        event_id: i64,
        id: i64,
        by: &AuditActor,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Registration>;

    /// Settles the event: releases the holds that ran out and promotes whoever fits (after a
    /// change of capacity through the event form, and periodically for expired holds).
    async fn promote_waitlist(
        &self,
        event_id: i64,
        now: DateTime<Utc>,
        mail: Letters<'_>,
    ) -> StoreResult<Vec<Registration>>;

    /// Every registration of an event, in order of registration, with waitlist positions.
    async fn registrations_for_event(&self, event_id: i64) -> StoreResult<Vec<Registration>>;

    /// Replaces a registration's personal-feed hash (the old address then answers 404).
    async fn set_feed_hash(&self, id: i64, feed_hash: &str, generation: i64) -> StoreResult<()>;

    /// The event of the one registration whose personal feed has this hash, while that
    /// registration is live and its event published; `NotFound` otherwise (an unknown or
    /// replaced hash, a cancelled registration). Never the person's other registrations.
    async fn registration_feed(&self, feed_hash: &str) -> StoreResult<Event>;

    /// The published events of every live registration of the address whose merged feed (only
    /// ever mailed to that address) has this hash; `NotFound` for an unknown or replaced hash.
    async fn person_feed(&self, token_hash: &str) -> StoreResult<Vec<Event>>;

    /// Every live registration of an address (normalised), oldest first.
    async fn live_registrations_of(&self, email: &str) -> StoreResult<Vec<Registration>>;

    /// In one transaction: gives these live registrations of `email` their new secrets (their
    /// old manage and feed links stop), makes `person_feed_hash` the address's one merged feed
    /// (the earlier one stops), and queues `mail`, which carries the new links.
    async fn reissue_links(
        &self,
        email: &str,
        links: &[Reissued],
        person_feed_hash: &str,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Every live registration whose address is proven (no hold awaiting confirmation, not
    /// awaiting approval), as the coordination engine reads them (person = e-mail).
    async fn coordination_registrations(&self) -> StoreResult<Vec<coordination::Registration>>;
}

/// The registration behind a manage token and its event, if the token is plausible, known, and its
/// event not long over ([`crate::domain::registration::manage_link_alive`]); `NotFound` for any of
/// these, so a wrong, expired or unknown link gets the same answer. The manage page and every post
/// from it look a token up here.
///
/// # Errors
/// `NotFound` as above; the store's own errors otherwise.
pub async fn find_by_manage_token(
    store: &dyn RegistrationStore,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<(RegistrationRecord, Event)> {
    if token.len() < 32 || token.len() > 128 {
        return Err(StoreError::NotFound);
    }
    let record = store
        .registration_by_token(&super::tokens::token_hash(token))
        .await?;
    let event = store.event_by_id(record.registration.event_id).await?;
    if !crate::domain::registration::manage_link_alive(&event, now) {
        return Err(StoreError::NotFound);
    }
    Ok((record, event))
}
