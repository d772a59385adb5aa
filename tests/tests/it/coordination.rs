//! The secretariat's coordination page and its CSV export, on the real server: the regional
//! timeline of the demo calendar, a travel gap explained before anyone travels, and who may see it.

use app::domain::Country;
use app::domain::access::Role;

use crate::helpers::{Backend, Spawn, TestApp, input};
use crate::people::{Person, account, borrowed, fields_of};

/// The demo's workshop in El Salvador, 1–3 December 2010.
const SV_WORKSHOP: &str = "taller-modernizacion-legislacion-trata-trafico-2010";
/// The demo's conference in Guatemala, 6–7 December 2010.
const GT_CONFERENCE: &str = "conferencia-trabajo-forzado-infantil-trata-2010";

/// The value of the hidden field `name` in the first form of `page` (after `from`) that has it.
fn hidden(page: &str, name: &str, from: usize) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page[from..].find(&marker)? + from + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// A Guatemala meeting on 4 December 2010, the day after the workshop in El Salvador ends.
fn tight_proposal() -> Vec<(&'static str, &'static str)> {
    vec![
        ("host", "GT"),
        ("kind", "meeting"),
        ("title_es", "Reunión técnica en Guatemala"),
        ("title_en", "Technical meeting in Guatemala"),
        ("city", "Ciudad de Guatemala"),
        ("start_date", "2010-12-04"),
        ("end_date", "2010-12-04"),
        ("publish", "on"),
    ]
}

crate::on_sqlite_only!(
    the_secretariat_sees_the_timeline_and_a_travel_gap_explained,
    only_the_secretariat_sees_coordination,
    proposing_the_day_after_el_salvador_warns_of_the_travel_gap_before_saving,
    a_proposal_without_conflicts_saves_at_once,
    moving_an_event_onto_another_regional_event_is_warned_before_saving,
    the_secretariat_acknowledges_a_conflict_with_a_note_and_withdraws_it,
    public_holidays_of_the_host_country_are_conflicts,
);

async fn the_secretariat_sees_the_timeline_and_a_travel_gap_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    assert!(
        sec.get_text("/dashboard")
            .await
            .contains("href=\"/coordination\"")
    );

    // The source report's pair itself, as the demo holds it: two free days, enough.
    let demo = sec.get_text("/coordination?from=2010-12&to=2010-12").await;
    let before = demo.find("id=\"legs-title\"").expect("the travel section");
    assert!(
        demo[before..].contains("(El Salvador, ends on 3 December 2010) to “"),
        "{demo}"
    );
    assert!(demo[before..].contains("(Guatemala, starts on 6 December 2010): 2 free days to travel; enough (at least 1 required)."), "{demo}");

    // The demo's workshop in El Salvador ends on 3 December 2010; a Guatemala meeting starting on
    // 4 December leaves no free day to travel.
    let mut tight = input("GT", "2010-12-04", "2010-12-04");
    tight.title_es = "Reunión técnica en Guatemala".into();
    tight.title_en = "Technical meeting in Guatemala".into();
    tight.kind = "meeting".into();
    app.insert("reunion-tecnica", &tight.validate().unwrap())
        .await;
    let response = sec.get("/coordination?from=2010-10&to=2011-02").await;
    assert_eq!(response.status().as_u16(), 200);
    let page = sec.get_text("/coordination?from=2010-10&to=2011-02").await;
    for country in Country::ALL {
        assert!(
            page.contains(&format!(
                "<div class=\"tl-label\">{}",
                country.name(app::domain::Lang::En)
            )),
            "a timeline row for {country:?}"
        );
    }
    assert!(page.contains("Workshop on Modernising Legislation"));
    // The secretariat reads in English. (The page holds only what it shows: islands carry no
    // serialized page data, which used to hold both languages' titles.)
    assert!(page.contains("Technical meeting in Guatemala"), "{page}");
    assert!(page.contains("tl-bar host-gt"));
    assert!(
        page.contains("tentative"),
        "the February 2011 meeting is hatched"
    );
    assert!(page.contains("flagged"), "bars in a conflict are marked");
    assert!(page.contains("Travel gap"), "{page}");

    let csv = sec.get("/coordination.csv?from=2010-10&to=2011-02").await;
    assert_eq!(csv.status().as_u16(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "day,kind,severity,explanation,events,key,acknowledged"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("2010-12-01,Travel gap,") && r.contains("travel-gap:")),
        "{text}"
    );
    // The December 2010 pair itself (3 → 6 December: two free days) is not a conflict.
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("taller-modernizacion") && r.contains("conferencia-trabajo")),
        "{text}"
    );
    // Filters: only cancelled events leaves nothing to conflict.
    let filtered = sec
        .get_text("/coordination?from=2010-10&to=2011-02&status=cancelled")
        .await;
    assert!(!filtered.contains("Technical meeting in Guatemala"));
}

async fn only_the_secretariat_sees_coordination(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    assert_eq!(official.get("/coordination").await.status().as_u16(), 403);
    assert_eq!(
        official.get("/coordination.csv").await.status().as_u16(),
        403
    );
    let anonymous = Person::anonymous(&app).await;
    for path in ["/coordination", "/coordination.csv"] {
        let response = anonymous.get(path).await;
        assert!(
            [302, 303].contains(&response.status().as_u16()),
            "{path}: {}",
            response.status()
        );
        assert!(
            response.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/signin")
        );
    }
}

async fn proposing_the_day_after_el_salvador_warns_of_the_travel_gap_before_saving(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let before = app.store.count_events().await.unwrap();

    // First post: warned, nothing saved, back to the form with the input kept.
    let first = gt.post("/events/new", &tight_proposal()).await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(first.headers()["location"], "/events/new");
    assert_eq!(
        app.store.count_events().await.unwrap(),
        before,
        "nothing saved"
    );
    let page = gt.get_text("/events/new").await;
    assert!(
        page.contains("These dates conflict with other events"),
        "{page}"
    );
    assert!(page.contains("Travel gap"), "{page}");
    assert!(
        page.contains("leaving no free day to travel from El Salvador to Guatemala"),
        "{page}"
    );
    assert!(
        page.contains("value=\"Reunión técnica en Guatemala\""),
        "input kept"
    );
    assert!(page.contains("name=\"save_anyway\""));
    let seen = hidden(&page, "conflicts_seen", 0).expect("the fingerprint of what was shown");

    // The same explanation in Spanish for a Spanish reader.
    let again = gt.post("/events/new", &tight_proposal()).await;
    assert_eq!(again.headers()["location"], "/events/new");
    let es = gt
        .client
        .get(format!("{}/events/new", gt.base))
        .header("accept-language", "es")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .replace("<!>", "");
    assert!(
        es.contains("no queda ningún día libre para viajar de El Salvador a Guatemala"),
        "{es}"
    );
    assert!(es.contains("guardar de todos modos"));

    // Saving anyway with the fingerprint of other dates is not enough: warned again.
    let mut moved = tight_proposal();
    moved.retain(|(k, _)| !k.ends_with("_date"));
    moved.extend([
        ("start_date", "2010-12-04"),
        ("end_date", "2010-12-05"),
        ("save_anyway", "on"),
        ("conflicts_seen", seen.as_str()),
    ]);
    let stale = gt.post("/events/new", &moved).await;
    assert_eq!(stale.headers()["location"], "/events/new");
    assert_eq!(app.store.count_events().await.unwrap(), before);
    let page = gt.get_text("/events/new").await;
    assert!(page.contains("changed since the last check"), "{page}");
    assert!(
        page.contains("value=\"2010-12-05\""),
        "the new input is kept"
    );

    // The box ticked without having seen the warnings is not enough either.
    let mut blind = tight_proposal();
    blind.push(("save_anyway", "on"));
    let refused = gt.post("/events/new", &blind).await;
    assert_eq!(refused.headers()["location"], "/events/new");
    assert_eq!(app.store.count_events().await.unwrap(), before);

    // Saving anyway, having seen exactly these conflicts: saved.
    let mut acknowledged = tight_proposal();
    acknowledged.extend([("save_anyway", "on"), ("conflicts_seen", seen.as_str())]);
    let saved = gt.post("/events/new", &acknowledged).await;
    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(
        saved.headers()["location"],
        "/events/reunion-tecnica-en-guatemala-2010/manage"
    );
    assert_eq!(app.store.count_events().await.unwrap(), before + 1);
}

async fn a_proposal_without_conflicts_saves_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let mut free = tight_proposal();
    free.retain(|(k, _)| !k.ends_with("_date"));
    free.extend([("start_date", "2031-05-12"), ("end_date", "2031-05-13")]);
    let saved = gt.post("/events/new", &free).await;
    assert_eq!(saved.status().as_u16(), 303);
    assert_eq!(
        saved.headers()["location"],
        "/events/reunion-tecnica-en-guatemala-2031/manage"
    );
    let page = gt
        .get_text("/events/reunion-tecnica-en-guatemala-2031/manage")
        .await;
    assert!(!page.contains("These dates conflict"));
}

async fn moving_an_event_onto_another_regional_event_is_warned_before_saving(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let conference = app.store.event_by_slug(GT_CONFERENCE).await.unwrap();
    let path = format!("/events/{GT_CONFERENCE}/postpone");
    let version = conference.version.to_string();
    // Onto the workshop in El Salvador, 1–3 December.
    let onto = [
        ("version", version.as_str()),
        ("form", "postpone"),
        ("start_date", "2010-12-02"),
        ("end_date", "2010-12-03"),
    ];
    let warned = gt.post(&path, &onto).await;
    assert_eq!(warned.status().as_u16(), 303);
    let manage = format!("/events/{GT_CONFERENCE}/manage");
    assert_eq!(warned.headers()["location"], manage.as_str());
    assert_eq!(
        app.store
            .event_by_slug(GT_CONFERENCE)
            .await
            .unwrap()
            .version,
        conference.version,
        "nothing saved"
    );
    let page = gt.get_text(&manage).await;
    let postpone = page
        .find("id=\"postpone-heading\"")
        .expect("postpone section");
    let edit_part = &page[..postpone];
    assert!(
        !edit_part.contains("These dates conflict"),
        "only the postpone form warns"
    );
    assert!(page[postpone..].contains("These dates conflict"), "{page}");
    assert!(page[postpone..].contains("Overlap"), "{page}");
    assert!(page[postpone..].contains("Workshop on Modernising Legislation"));
    assert!(
        page[postpone..].contains("value=\"2010-12-02\""),
        "input kept"
    );
    let seen = hidden(&page, "conflicts_seen", postpone).unwrap();

    let mut anyway = onto.to_vec();
    anyway.extend([("save_anyway", "on"), ("conflicts_seen", seen.as_str())]);
    let saved = gt.post(&path, &anyway).await;
    assert_eq!(saved.headers()["location"], manage.as_str());
    let moved = app.store.event_by_slug(GT_CONFERENCE).await.unwrap();
    assert_eq!(moved.details.status, app::domain::EventStatus::Postponed);
    assert_eq!(
        moved.details.dates.first_day().to_string(),
        "2010-12-02",
        "saved once seen"
    );

    // Editing something else than the dates is not held up by the conflict it already has.
    let mut fields = fields_of(&moved);
    fields.push(("venue".into(), "Hotel Camino Real".into()));
    let edited = gt
        .post(&format!("/events/{GT_CONFERENCE}/edit"), &borrowed(&fields))
        .await;
    assert_eq!(edited.headers()["location"], manage.as_str());
    assert_eq!(
        app.store
            .event_by_slug(GT_CONFERENCE)
            .await
            .unwrap()
            .details
            .venue,
        "Hotel Camino Real"
    );
}

async fn the_secretariat_acknowledges_a_conflict_with_a_note_and_withdraws_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The demo's workshop in El Salvador ends on 3 December 2010; a Guatemala meeting starting on
    // 4 December leaves no free day to travel.
    let mut tight = input("GT", "2010-12-04", "2010-12-04");
    tight.title_es = "Reunión técnica en Guatemala".into();
    tight.title_en = "Technical meeting in Guatemala".into();
    app.insert("reunion-tecnica", &tight.validate().unwrap())
        .await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let view = "/coordination?from=2010-10&to=2011-02";
    let key = format!("travel-gap:reunion-tecnica@enlace.test:{SV_WORKSHOP}@enlace.demo");
    let page = sec.get_text(view).await;
    assert!(page.contains(&format!("data-key=\"{key}\"")), "{page}");
    let filters = [("from", "2010-10"), ("to", "2011-02")];

    // A note is required.
    let mut empty = vec![("key", key.as_str()), ("note", "  ")];
    empty.extend(filters);
    let refused = sec.post("/coordination/acks", &empty).await;
    assert_eq!(refused.status().as_u16(), 303);
    let page = sec.get_text(view).await;
    assert!(page.contains("Write a note saying why"), "{page}");
    assert!(app.store.conflict_acks().await.unwrap().is_empty());

    // Only the secretariat acknowledges.
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let note = "Las delegaciones viajan por tierra el 4 por la mañana";
    let mut ack = vec![("key", key.as_str()), ("note", note)];
    ack.extend(filters);
    assert_eq!(
        gt.post("/coordination/acks", &ack).await.status().as_u16(),
        403
    );
    // A conflict that does not exist cannot be acknowledged.
    let mut bogus = vec![("key", "overlap:a:b"), ("note", note)];
    bogus.extend(filters);
    sec.post("/coordination/acks", &bogus).await;
    assert!(
        sec.get_text(view)
            .await
            .contains("That conflict no longer exists")
    );
    assert!(app.store.conflict_acks().await.unwrap().is_empty());

    let done = sec.post("/coordination/acks", &ack).await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(
        done.headers()["location"],
        "/coordination?from=2010-10&to=2011-02#conflicts-title"
    );
    let acks = app.store.conflict_acks().await.unwrap();
    assert_eq!(acks.len(), 1);
    assert_eq!(
        (acks[0].key.as_str(), acks[0].note.as_str()),
        (key.as_str(), note)
    );
    assert_eq!(acks[0].by, "sec@test.org");
    let page = sec.get_text(view).await;
    assert!(page.contains("Acknowledged by"), "{page}");
    assert!(page.contains(note));
    assert!(page.contains("Withdraw the acknowledgement"));
    let csv = sec
        .get("/coordination.csv?from=2010-10&to=2011-02")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines().any(|l| l.contains(&key) && l.contains(note)),
        "{csv}"
    );

    // The Guatemala meeting grows by a day: still a travel gap, but not the one acknowledged.
    let meeting = app.store.event_by_slug("reunion-tecnica").await.unwrap();
    let mut fields = fields_of(&meeting);
    fields.retain(|(k, _)| k != "end_date");
    fields.push(("end_date".into(), "2010-12-05".into()));
    let warned = sec
        .post("/events/reunion-tecnica/edit", &borrowed(&fields))
        .await;
    assert_eq!(
        warned.headers()["location"],
        "/events/reunion-tecnica/manage"
    );
    let form = sec.get_text("/events/reunion-tecnica/manage").await;
    let seen = hidden(&form, "conflicts_seen", 0).expect("warned of the new dates");
    fields.extend([
        ("save_anyway".into(), "on".into()),
        ("conflicts_seen".into(), seen),
    ]);
    sec.post("/events/reunion-tecnica/edit", &borrowed(&fields))
        .await;
    let moved = app.store.event_by_slug("reunion-tecnica").await.unwrap();
    assert_eq!(moved.details.dates.last_day().to_string(), "2010-12-05");
    let page = sec.get_text(view).await;
    assert!(
        page.contains("Changed since it was acknowledged by"),
        "{page}"
    );
    assert!(!page.contains("Withdraw the acknowledgement"));

    // Acknowledged again as it is now, then withdrawn.
    sec.post("/coordination/acks", &ack).await;
    assert!(
        sec.get_text(view)
            .await
            .contains("Withdraw the acknowledgement")
    );
    let mut withdraw = vec![("key", key.as_str())];
    withdraw.extend(filters);
    let withdrawn = sec.post("/coordination/acks/withdraw", &withdraw).await;
    assert_eq!(withdrawn.status().as_u16(), 303);
    assert!(app.store.conflict_acks().await.unwrap().is_empty());
    let page = sec.get_text(view).await;
    assert!(!page.contains("Acknowledged by") && !page.contains("Changed since it was"));
}

async fn public_holidays_of_the_host_country_are_conflicts(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    // Guatemala's Independence Day, 15 September 2031.
    let mut meeting = input("GT", "2031-09-14", "2031-09-16");
    meeting.title_en = "Workshop over Independence Day".into();
    app.insert("independencia", &meeting.validate().unwrap())
        .await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let page = sec.get_text("/coordination?from=2031-09&to=2031-09").await;
    assert!(page.contains("Public holiday"), "{page}");
    assert!(
        page.contains(
            "falls on a public holiday in Guatemala: Independence Day, 15 September 2031"
        ),
        "{page}"
    );
    assert!(
        page.contains("from 2000 to 2040"),
        "the source and years are stated"
    );
    assert!(!page.contains("not checked yet"));
    // And an official is warned before proposing on Mexico's Independence Day.
    account(&app, "mx@test.org", Role::Official(Country::MX)).await;
    let mx = Person::signed_in(&app, "mx@test.org").await;
    let proposal = [
        ("host", "MX"),
        ("kind", "workshop"),
        ("title_es", "Taller del 16 de septiembre"),
        ("city", "Ciudad de México"),
        ("start_date", "2031-09-16"),
        ("end_date", "2031-09-16"),
    ];
    let warned = mx.post("/events/new", &proposal).await;
    assert_eq!(warned.headers()["location"], "/events/new");
    let form = mx.get_text("/events/new").await;
    assert!(
        form.contains("falls on a public holiday in Mexico: Independence Day"),
        "{form}"
    );
}
