//! Concurrent sign-ups in confirm mode: held seats count as taken, so a burst never overbooks the
//! capacity or a quota; seats freed by expired holds go to the people waiting, not to newcomers.

use app::domain::Country;
use app::domain::access::Role;
use app::domain::registration::{Registration, RegistrationStatus};

use super::{event_in_mode, spawn};
use crate::helpers::Backend;
use crate::people::{Person, account};
use crate::registrations::{SmtpSink, form, location, post, registrations};

pub(super) async fn concurrent_sign_ups_in_confirm_mode_never_overbook(backend: Backend) {
    let sink = SmtpSink::start().await;
    let app = spawn(backend, &sink, "3600").await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    let event = event_in_mode(&app, &official, "concurrencia-confirmar", "20", "confirm").await;
    // A quota of 3 per delegation too.
    let fields = [
        ("open".to_owned(), "on".to_owned()),
        ("capacity".into(), "20".into()),
        ("quota".into(), "3".into()),
        ("mode".into(), "confirm".into()),
    ];
    post(
        &official,
        &format!("/events/{}/registration", event.slug),
        &fields,
    )
    .await;
    let person = Person::anonymous(&app).await;
    let codes = [
        "BZ", "CA", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV", "US", "IOM",
    ];
    let burst = |from: usize, to: usize| {
        let mut tasks = Vec::new();
        for i in from..to {
            let mut fields = form(
                &format!("D {i}"),
                &format!("d{i}@test.org"),
                codes[i % codes.len()],
            );
            fields.push(("authenticity_token".into(), person.token.clone()));
            let client = person.client.clone();
            let url = format!("{}/events/{}/register", app.base_url, event.slug);
            tasks.push(tokio::spawn(async move {
                let r = client.post(url).form(&fields).send().await.unwrap();
                (r.status().as_u16(), location(&r))
            }));
        }
        tasks
    };
    for task in burst(0, 100) {
        let (status, to) = task.await.unwrap();
        assert_eq!(status, 303);
        assert!(to.ends_with("/register?sent=1"), "{to}");
    }
    let check = |all: &[Registration]| {
        let seated: Vec<&Registration> = all
            .iter()
            .filter(|r| {
                matches!(
                    r.status,
                    RegistrationStatus::Held | RegistrationStatus::Confirmed
                )
            })
            .collect();
        assert_eq!(seated.len(), 20, "exactly the capacity");
        for code in codes {
            let n = seated
                .iter()
                .filter(|r| r.details.delegation.code() == code)
                .count();
            assert!(n <= 3, "{code}: {n}");
        }
    };
    let all = registrations(&app, &event).await;
    assert_eq!(all.len(), 100);
    check(&all);
    assert_eq!(
        all.iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .count(),
        80
    );
    same_counts(&app, &event, &all).await;
    // Five held seats run out; thirty more sign up at once: the five seats go to the waitlist
    // in order (each sign-up settles first), never beyond the capacity or a quota.
    let expired: Vec<i64> = all
        .iter()
        .filter(|r| r.status == RegistrationStatus::Held)
        .take(5)
        .map(|r| r.id)
        .collect();
    let ids = expired
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    app.db
        .execute(&format!(
            "update registrations set hold_until = 1000 where id in ({ids})"
        ))
        .await;
    for task in burst(100, 130) {
        let (status, _) = task.await.unwrap();
        assert_eq!(status, 303);
    }
    let all = registrations(&app, &event).await;
    assert_eq!(all.len(), 130);
    check(&all);
    assert_eq!(
        all.iter()
            .filter(|r| r.status == RegistrationStatus::Expired)
            .count(),
        5
    );
    same_counts(&app, &event, &all).await;
    // The newcomers all wait: the freed seats went to people already in line.
    assert!(
        all.iter()
            .filter(|r| r.id > all[99].id)
            .all(|r| r.status == RegistrationStatus::Waitlisted)
    );
}

/// The store's one-query count of seats (the event page's) equals the domain's count of the
/// registrations, now and at instants where holds have run out.
async fn same_counts(
    app: &crate::helpers::TestApp,
    event: &app::domain::Event,
    all: &[Registration],
) {
    use app::domain::registration::SeatCounts;
    let now = chrono::Utc::now();
    let mut instants = vec![now, now + chrono::Duration::days(400)];
    instants.extend(all.iter().filter_map(|r| r.hold_until).take(3));
    for at in instants {
        let (_, counted) = app.store.seat_summary(event.id, at).await.unwrap();
        let expected = SeatCounts::of(all, at);
        assert_eq!(counted, expected, "at {at}");
    }
    let (_, counted) = app.store.seat_summary(event.id, now).await.unwrap();
    assert!(
        counted.taken > 0 && counted.in_line > 0 && counted.held > 0,
        "{counted:?}"
    );
}
