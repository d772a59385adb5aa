//! The commitments' to-do feeds (RFC 5545 `VTODO`) as task clients read them: python icalendar,
//! vobject and ical.js (Thunderbird's) with no warning, `DUE`, `STATUS`, `PERCENT-COMPLETE`,
//! `RELATED-TO` and `SEQUENCE` as the domain says, for the demo record of the Querétaro meeting
//! and after a follow-up; ETag and 304; a country's feed; the subscribe page's words on task
//! clients. The Atom change feeds are in [`changes`].

mod changes;

use changes::{
    a_deadline_within_seven_days_is_told_once, events_tell_the_change_feed_once_when_they_happen,
};

use app::domain::Country;
use app::domain::Localized;
use app::domain::outcomes::demo::{CONFERENCE_2010, QUERETARO_2010};
use app::domain::outcomes::{Commitment, CommitmentStatus, DuePoint, Party};
use app::ssr::{AuditActor, CommitmentRow, FollowUp};
use chrono::{NaiveDate, Utc};
use serde_json::Value;

use crate::helpers::{Backend, TestApp, python, run_tool};

crate::on_both_backends!(
    todo_feeds_carry_the_domains_fields_for_every_parser,
    a_follow_up_bumps_the_sequence_and_the_etag,
    country_todo_feeds_hold_only_that_countrys_commitments,
    unknown_countries_get_the_404_page_in_the_readers_language,
    the_subscribe_page_tells_which_clients_show_tasks,
    events_tell_the_change_feed_once_when_they_happen,
    a_deadline_within_seven_days_is_told_once,
);

const PARSERS: [(&str, &str); 3] = [
    ("icalendar", "tests/parsers/parse_todo.py"),
    ("vobject", "tests/parsers/parse_todo_vobject.py"),
    ("ical.js", "tests/parsers/parse_todo.mjs"),
];

/// Runs one parser (each fails on an error and on any warning).
fn parse(parser: &str, text: &str) -> Value {
    let (_, script) = PARSERS.iter().find(|(name, _)| *name == parser).unwrap();
    let program = if script.ends_with(".mjs") {
        "node".to_owned()
    } else {
        python()
    };
    serde_json::from_str(&run_tool(&program, &[script], text)).unwrap()
}

/// GETs a to-do feed: its ETag and body.
async fn todos(app: &TestApp, path: &str) -> (String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let control = response.headers()["cache-control"].to_str().unwrap();
    assert!(control.contains("max-age"), "{control}");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"'), "strong ETag: {etag}");
    (etag, response.text().await.unwrap())
}

fn by() -> AuditActor {
    AuditActor {
        account_id: None,
        email: "test".into(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Adds two dated commitments to the demo record: Guatemala's by 31 January 2011, and Mexico's
/// before the conference of 6 December 2010 (so due on the 5th).
async fn add_dated(app: &TestApp) -> i64 {
    let meeting = app.store.event_by_slug(QUERETARO_2010).await.unwrap();
    let commitment = |party: Country, due: DuePoint| Commitment {
        parties: vec![Party::Member(party)],
        action: Localized::new("Enviar el informe", "Send the report"),
        due,
        status: CommitmentStatus::Pending,
        members: Default::default(),
        notes: Vec::new(),
    };
    let dated = commitment(Country::GT, DuePoint::On(day(2011, 1, 31)));
    let before = commitment(
        Country::MX,
        DuePoint::Before {
            event: CONFERENCE_2010.into(),
        },
    );
    for c in [dated, before] {
        app.store
            .add_commitment(meeting.id, 8, &c, &by(), Utc::now())
            .await
            .unwrap();
    }
    meeting.id
}

/// What the domain says a row's to-do shows in `country`'s feed.
fn expected(row: &CommitmentRow, country: Option<Country>) -> (&'static str, u8, String) {
    let todo = row.commitment.todo(row.due_event_first_day);
    let (status, percent) = match country {
        Some(c) if row.commitment.is_all_delegations() => {
            let own = row.commitment.status_of(Party::Member(c)).unwrap();
            (own.vtodo_status(), own.percent())
        }
        _ => (todo.status, todo.percent),
    };
    (
        status,
        percent,
        todo.due.map(|d| d.to_string()).unwrap_or_default(),
    )
}

/// Every parser reads exactly `rows` with the domain's fields.
fn check(text: &str, rows: &[&CommitmentRow], country: Option<Country>) {
    for (parser, _) in PARSERS {
        let parsed = parse(parser, text);
        let got = parsed["todos"].as_array().unwrap();
        assert_eq!(got.len(), rows.len(), "{parser}: to-do count");
        for row in rows {
            let todo = got
                .iter()
                .find(|t| t["uid"] == row.meta.uid.as_str())
                .unwrap_or_else(|| panic!("{parser}: {} missing", row.meta.uid));
            let (status, percent, due) = expected(row, country);
            let what = format!("{parser}: {}", row.meta.uid);
            assert_eq!(todo["status"], status, "{what}");
            assert_eq!(todo["percent"], percent, "{what}");
            assert_eq!(todo["due"], due.as_str(), "{what}");
            assert_eq!(todo["due_is_date"], !due.is_empty(), "{what}");
            assert_eq!(todo["related_to"], row.meeting.uid.as_str(), "{what}");
            assert_eq!(todo["sequence"], row.meta.sequence, "{what}");
        }
    }
}

async fn rows(app: &TestApp) -> Vec<CommitmentRow> {
    app.store.commitments(false).await.unwrap()
}

async fn todo_feeds_carry_the_domains_fields_for_every_parser(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let demo = rows(&app).await;
    assert_eq!(demo.len(), 6, "the report's six commitments");
    let (_, text) = todos(&app, "/commitments.ics").await;
    check(&text, &demo.iter().collect::<Vec<_>>(), None);
    let meeting = app.store.event_by_slug(QUERETARO_2010).await.unwrap();
    assert!(demo.iter().all(|r| r.meeting.uid == meeting.uid));

    add_dated(&app).await;
    let all = rows(&app).await;
    assert_eq!(all.len(), 8);
    for lang in ["es", "en"] {
        let (_, text) = todos(&app, &format!("/commitments.ics?lang={lang}")).await;
        check(&text, &all.iter().collect::<Vec<_>>(), None);
        let js = parse("ical.js", &text);
        let dues: Vec<&str> = js["todos"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["due"].as_str().filter(|d| !d.is_empty()))
            .collect();
        // The date itself, and the day before the conference of 6 December 2010.
        assert_eq!(dues, ["2011-01-31", "2010-12-05"], "{lang}");
    }
    let (_, english) = todos(&app, "/commitments.ics?lang=en").await;
    let english = english.replace("\r\n ", "");
    assert!(english.contains("X-WR-CALNAME:Enlace: commitments across the region"));
    assert!(english.contains("SUMMARY:IOM: Translate into English"));
}

async fn a_follow_up_bumps_the_sequence_and_the_etag(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (etag, body) = todos(&app, "/commitments.ics").await;
    assert_eq!(body, todos(&app, "/commitments.ics").await.1, "same bytes");
    let again = app
        .client
        .get(app.url("/commitments.ics"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);

    // Mexico marks its framework-agreement commitment done.
    let before = rows(&app).await;
    let row = before
        .iter()
        .find(|r| r.commitment.parties == [Party::Member(Country::MX)] && r.agreement == 6)
        .unwrap();
    let mut done = row.commitment.clone();
    done.move_to(CommitmentStatus::Done).unwrap();
    let update = FollowUp {
        id: row.meta.id,
        expected_sequence: row.meta.sequence,
        commitment: &done,
        note: None,
        changes: &[],
    };
    app.store
        .follow_up(update, &by(), Utc::now())
        .await
        .unwrap();
    let changed = app
        .client
        .get(app.url("/commitments.ics"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 200, "a follow-up is news");
    let new_tag = changed.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_tag, etag);
    let text = changed.text().await.unwrap();
    let after = rows(&app).await;
    check(&text, &after.iter().collect::<Vec<_>>(), None);
    for (parser, _) in PARSERS {
        let parsed = parse(parser, &text);
        let todo = parsed["todos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["uid"] == row.meta.uid.as_str())
            .unwrap()
            .clone();
        assert_eq!(todo["sequence"], row.meta.sequence + 1, "{parser}");
        assert_eq!(todo["status"], "COMPLETED", "{parser}");
        assert_eq!(todo["percent"], 100, "{parser}");
    }
    let same = app
        .client
        .get(app.url("/commitments.ics"))
        .header("if-none-match", &new_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status().as_u16(), 304);
}

async fn country_todo_feeds_hold_only_that_countrys_commitments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    add_dated(&app).await;
    let all = rows(&app).await;
    for country in [Country::MX, Country::GT, Country::BZ, Country::US] {
        let iso = country.code().to_ascii_lowercase();
        let (_, text) = todos(&app, &format!("/countries/{iso}/commitments.ics")).await;
        let binding: Vec<&CommitmentRow> = all
            .iter()
            .filter(|r| r.commitment.binds(Party::Member(country)))
            .collect();
        check(&text, &binding, Some(country));
        let want = match country {
            // Its two own (one added here) and the two of all delegations.
            Country::MX => 5,
            Country::GT => 3,
            Country::US => 2,
            // Belize was not among the delegations.
            _ => 0,
        };
        assert_eq!(binding.len(), want, "{iso}");
    }
    let (_, text) = todos(&app, "/countries/mx/commitments.ics?lang=en").await;
    assert!(text.contains("X-WR-CALNAME:Enlace: commitments of Mexico"));
}

async fn unknown_countries_get_the_404_page_in_the_readers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in [
        "/countries/fr/commitments.ics",
        "/countries/fr/changes.atom",
    ] {
        let response = app.get_in(path, "en-GB,en;q=0.8").await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        let kind = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/html"), "{path}: {kind}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This page was not found.")
        );
        let (status, es) = app.page(&format!("{path}?lang=es"), "en").await;
        assert_eq!(status, 404);
        assert!(es.contains("No se encontró esta página."), "{path}");
    }
}

async fn the_subscribe_page_tells_which_clients_show_tasks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let host = app.base_url.trim_start_matches("http://").to_owned();
    let (status, es) = app.page("/subscribe", "es").await;
    assert_eq!(status, 200);
    for want in [
        format!("{}/commitments.ics?lang=es", app.base_url),
        format!("webcal://{host}/commitments.ics?lang=es"),
        format!("{}/changes.atom?lang=es", app.base_url),
        "Thunderbird muestra las tareas".to_owned(),
        "Outlook y Google Calendar no muestran las tareas".to_owned(),
        "href=\"/digest\"".to_owned(),
    ] {
        assert!(es.contains(&want), "/subscribe: {want}");
    }
    let (_, en) = app.page("/countries/mx/subscribe", "en").await;
    for want in [
        format!("{}/commitments.ics?lang=en", app.base_url),
        format!("{}/countries/mx/commitments.ics?lang=en", app.base_url),
        format!("{}/countries/mx/changes.atom?lang=en", app.base_url),
        "The commitments of Mexico".to_owned(),
        "Outlook and Google Calendar do not show the tasks".to_owned(),
    ] {
        assert!(en.contains(&want), "/countries/mx/subscribe: {want}");
    }
}
