//! A host's edit and the waitlist: an edit that adds seats moves whoever now fits up from the
//! waitlist in the edit's own transaction, so the two are saved together or not at all.

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::RegistrationStatus;

use crate::helpers::{Backend, TestApp};
use crate::people::{Person, account, borrowed, fields_of};
use crate::registrations::{
    SmtpSink, form, manage_path, open_workshop, post, registrations, spawn_with_mail,
};

crate::on_both_backends!(an_edit_that_adds_seats_moves_the_waitlist_up_in_the_same_transaction);

/// Makes every change of a registration fail in the database (as a full disk or a lost
/// connection would, halfway through a transaction), or stops doing so.
async fn break_registration_updates(app: &TestApp, backend: Backend, broken: bool) {
    let sql: &[&str] = match (backend, broken) {
        (Backend::Sqlite, true) => &["create trigger no_updates before update on registrations \
              begin select raise(abort, 'registrations are read-only'); end"],
        (Backend::Sqlite, false) => &["drop trigger no_updates"],
        (Backend::Postgres, true) => &[
            "create function no_updates() returns trigger language plpgsql as \
             $$ begin raise exception 'registrations are read-only'; end $$",
            "create trigger no_updates before update on registrations \
             for each row execute function no_updates()",
        ],
        (Backend::Postgres, false) => &[
            "drop trigger no_updates on registrations",
            "drop function no_updates()",
        ],
    };
    for statement in sql {
        app.db.execute(statement).await;
    }
}

async fn an_edit_that_adds_seats_moves_the_waitlist_up_in_the_same_transaction(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn_with_mail(backend, &sink).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = open_workshop(&app, "sitios", Some(1), None).await;
    let slug = &event.slug;
    let path = format!("/events/{slug}/register");
    let person = Person::anonymous(&app).await;
    manage_path(&post(&person, &path, &form("Primera", "uno@test.org", "GT")).await);
    manage_path(&post(&person, &path, &form("Segunda", "dos@test.org", "SV")).await);
    sink.wait_for(2).await;
    let before = app.store.event_by_slug(slug).await.unwrap();
    let edit = |capacity: &str, event: &app::domain::Event| {
        let mut fields = fields_of(event);
        fields.retain(|(k, _)| k != "capacity");
        fields.push(("capacity".into(), capacity.into()));
        fields
    };

    // The promotion cannot be written: the edit is not saved either, and says so.
    break_registration_updates(&app, backend, true).await;
    let refused = official
        .post(
            &format!("/events/{slug}/edit"),
            &borrowed(&edit("2", &before)),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 303);
    let page = official.get_text(&format!("/events/{slug}/manage")).await;
    assert!(page.contains("Could not save. Please try again."), "{page}");
    let unchanged = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(
        (unchanged.details.capacity, unchanged.version),
        (Some(1), before.version),
        "an edit whose promotions failed must not be saved on its own"
    );
    let all = registrations(&app, &event).await;
    assert_eq!(all[1].status, RegistrationStatus::Waitlisted);

    // Once the database takes changes again, the same edit saves and promotes together.
    break_registration_updates(&app, backend, false).await;
    let saved = official
        .post(
            &format!("/events/{slug}/edit"),
            &borrowed(&edit("2", &before)),
        )
        .await;
    assert_eq!(saved.status().as_u16(), 303);
    let after = app.store.event_by_slug(slug).await.unwrap();
    assert_eq!(after.details.capacity, Some(2));
    let all = registrations(&app, &event).await;
    assert_eq!(all[1].status, RegistrationStatus::Confirmed);
    let mails = sink.wait_for(3).await;
    assert!(
        mails
            .iter()
            .any(|m| m["to"] == "dos@test.org" && m["subject"] == "Cupo confirmado: Taller sitios"),
        "{mails:?}"
    );
}
