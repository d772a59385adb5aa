//! Approval by the hosts: registrations wait, taking no seat, until a host of the event approves
//! (a seat if one fits, else the waitlist) or declines; another country's official is refused;
//! and the settings form's refusals (an unknown mode, confirm by e-mail without mail).

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::{RegistrationMode, RegistrationStatus};

use super::{by_email, event_in_mode, settings, spawn};
use crate::helpers::{Backend, Spawn, TestApp, TestDb};
use crate::people::{Person, account, workshop};
use crate::registrations::{
    SmtpSink, form, location, manage_path, open_workshop, post, registrations,
};

pub(super) async fn approval_mode_waits_for_the_hosts_of_the_event(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, "3600").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "sv@test.org", Role::Official(Country::SV)).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = event_in_mode(&app, &official, "aprobacion", "1", "approval").await;
    let slug = &event.slug;
    let path = format!("/events/{slug}/register");
    let person = Person::anonymous(&app).await;
    let hint = person.get_text(&path).await;
    assert!(
        hint.contains("The hosts approve each registration"),
        "{hint}"
    );
    // Registering gives the manage page at once, awaiting approval; no seat is taken.
    let a = manage_path(
        &post(
            &person,
            &path,
            &form("Anabela Quiñónez", "ana@test.org", "GT"),
        )
        .await,
    );
    let b = manage_path(&post(&person, &path, &form("Beto", "beto@test.org", "GT")).await);
    let c = manage_path(&post(&person, &path, &form("Ciro Zelaya", "ciro@test.org", "HN")).await);
    // Beto is also registered, first come, to an event on the same days. While his registration
    // here awaits approval, it proves nothing (anyone can type an address): no double booking.
    let same_days = open_workshop(&app, "mismos-dias", None, None).await;
    let beto_form = form("Beto", "beto@test.org", "GT");
    post(
        &person,
        &format!("/events/{}/register", same_days.slug),
        &beto_form,
    )
    .await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let coordination = "/coordination?from=2031-03&to=2031-03";
    let page = sec.get_text(coordination).await;
    assert!(
        !page.contains("beto@test.org is registered to both"),
        "{page}"
    );
    let all = registrations(&app, &event).await;
    assert!(
        all.iter()
            .all(|r| r.status == RegistrationStatus::AwaitingApproval
                && r.waitlist_position.is_none()),
        "{all:?}"
    );
    let page = person.get_text(&a).await;
    assert!(page.contains("awaits the hosts' approval"), "{page}");
    let public = person.get_text(&format!("/events/{slug}")).await;
    assert!(public.contains("0 of 1 seats taken"), "{public}");
    assert!(public.contains("3 awaiting approval"), "{public}");
    let mails = sink.wait_for(3).await;
    assert!(
        mails
            .iter()
            .any(|m| m["subject"] == "Inscripción pendiente de aprobación: Taller aprobacion"),
        "{mails:?}"
    );
    // The hosts see them with the counts per delegation, and approve buttons.
    let list = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(list.contains("Awaiting approval"), "{list}");
    let ana = by_email(&all, "ana@test.org").id;
    assert!(
        list.contains(&format!("/events/{slug}/participants/{ana}/approve")),
        "{list}"
    );

    // Another country's official may neither approve nor decline.
    let other = Person::signed_in(&app, "sv@test.org").await;
    for action in ["approve", "decline"] {
        let r = other
            .post(&format!("/events/{slug}/participants/{ana}/{action}"), &[])
            .await;
        assert_eq!(r.status().as_u16(), 403, "{action}");
    }
    let anonymous = person
        .post(&format!("/events/{slug}/participants/{ana}/approve"), &[])
        .await;
    assert!(location(&anonymous).starts_with("/signin"), "to sign in");
    assert_eq!(
        by_email(&registrations(&app, &event).await, "ana@test.org").status,
        RegistrationStatus::AwaitingApproval
    );

    // The host approves Ana: the one seat. Then Beto: no seat fits, so the waitlist, in order.
    let r = official
        .post(&format!("/events/{slug}/participants/{ana}/approve"), &[])
        .await;
    assert_eq!(
        location(&r),
        format!("/events/{slug}/participants?approved=confirmed")
    );
    let beto = by_email(&all, "beto@test.org").id;
    let r = official
        .post(&format!("/events/{slug}/participants/{beto}/approve"), &[])
        .await;
    assert_eq!(
        location(&r),
        format!("/events/{slug}/participants?approved=waitlisted")
    );
    let list = official.get_text(&location(&r)).await;
    assert!(list.contains("they are on the waitlist"), "{list}");
    let page = sec.get_text(coordination).await;
    assert!(
        page.contains("beto@test.org is registered to both"),
        "{page}"
    );
    // Ciro is declined; deciding twice is refused with a clear message.
    let ciro = by_email(&all, "ciro@test.org").id;
    let r = official
        .post(&format!("/events/{slug}/participants/{ciro}/decline"), &[])
        .await;
    assert_eq!(
        location(&r),
        format!("/events/{slug}/participants?declined=1")
    );
    let r = official
        .post(&format!("/events/{slug}/participants/{ciro}/approve"), &[])
        .await;
    assert_eq!(location(&r), format!("/events/{slug}/participants"));
    let list = official
        .get_text(&format!("/events/{slug}/participants"))
        .await;
    assert!(list.contains("no longer awaits approval"), "{list}");
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "ana@test.org").status,
        RegistrationStatus::Confirmed
    );
    assert_eq!(
        by_email(&all, "beto@test.org").status,
        RegistrationStatus::Waitlisted
    );
    assert_eq!(by_email(&all, "beto@test.org").waitlist_position, Some(1));
    assert_eq!(
        by_email(&all, "ciro@test.org").status,
        RegistrationStatus::Declined
    );
    assert!(
        person
            .get_text(&b)
            .await
            .contains("You are on the waitlist, in place 1.")
    );
    assert!(
        person
            .get_text(&c)
            .await
            .contains("The hosts declined this registration.")
    );
    let mails = sink.wait_for(7).await;
    for subject in [
        "Inscripción aprobada: Taller aprobacion",
        "Inscripción rechazada: Taller aprobacion",
    ] {
        assert!(
            mails.iter().any(|m| m["subject"] == subject),
            "{subject}: {mails:?}"
        );
    }
    // Only the confirmed one is in the logistics plan; the export lists everyone's status.
    let plan = official
        .get_text(&format!("/events/{slug}/logistics"))
        .await;
    assert!(
        plan.contains("Anabela Quiñónez") && !plan.contains("Ciro Zelaya"),
        "{plan}"
    );
    let csv = official
        .get(&format!("/events/{slug}/exports/participants.csv?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("Declined") && csv.contains("Waitlisted"),
        "{csv}"
    );
    // Ana cancels: the waitlist moves up as in every mode.
    person.post(&format!("{a}/cancel"), &[]).await;
    let all = registrations(&app, &event).await;
    assert_eq!(
        by_email(&all, "beto@test.org").status,
        RegistrationStatus::Confirmed
    );
}

pub(super) async fn the_settings_form_refuses_unknown_modes_and_confirm_without_mail(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = workshop(&app, "sin-correo", Country::GT, None, true).await;
    let slug = &event.slug;
    let here = format!("/events/{slug}/participants");
    let r = settings(&official, slug, "10", "first-come").await;
    assert_eq!(location(&r), here);
    let page = official.get_text(&here).await;
    assert!(page.contains("Registration mode"), "{page}");
    assert!(page.contains("Pick one of the options."), "{page}");
    // No mail on this server: nobody would receive a confirmation link.
    let r = settings(&official, slug, "10", "confirm").await;
    assert_eq!(location(&r), here);
    let page = official.get_text(&here).await;
    assert!(
        page.contains("needs the server's mail to be set up"),
        "{page}"
    );
    post(
        &official,
        &format!("/events/{slug}/registration"),
        &[
            ("open".to_owned(), "on".to_owned()),
            ("mode".into(), "confirm".into()),
        ],
    )
    .await;
    let page = official
        .client
        .get(format!("{}{here}", app.base_url))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("necesita que el correo del servidor"),
        "{page}"
    );
    let current = app.store.registration_settings(event.id).await.unwrap();
    assert_eq!(current.mode, RegistrationMode::Open);
    assert!(!current.open, "nothing saved");
    // Without mail, new events and the demo's upcoming workshop are open.
    let db = app.stop().await;
    drop(db);
    let db = TestDb::new(backend).await;
    let demo = TestApp::spawn_env(
        db,
        Spawn { demo: true },
        &[("ENLACE_DEMO_UPCOMING", "true")],
    )
    .await;
    let upcoming = demo
        .store
        .list_events(app::ssr::EventQuery::Upcoming {
            now: chrono::Utc::now(),
            limit: 10,
        })
        .await
        .unwrap();
    let workshop = upcoming.first().expect("the upcoming demo workshop");
    let s = demo.store.registration_settings(workshop.id).await.unwrap();
    assert_eq!(s.mode, RegistrationMode::Open);
    assert!(s.open);
}
