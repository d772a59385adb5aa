//! The feeds as calendar clients read them: HTTP behaviour, and every event parsed back by two
//! independent parsers (python's icalendar and Mozilla's ical.js) whose instants must equal the
//! domain's own, across every member zone and the daylight-saving changes that trip clients up.

use app::domain::{Country, Event};
use serde_json::Value;

use crate::helpers::{Backend, Spawn, TestApp, input, python, run_tool};

crate::on_both_backends!(
    feeds_are_served_as_utf8_calendars_with_crlf,
    unchanged_feeds_answer_304_to_conditional_requests,
    feeds_work_with_and_without_gzip,
    event_feed_has_one_event_and_unknown_events_are_404,
    every_parser_computes_the_domains_instants_in_every_zone,
);

async fn fetch(app: &TestApp, path: &str) -> String {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    response.text().await.unwrap()
}

async fn feeds_are_served_as_utf8_calendars_with_crlf(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let text = fetch(&app, "/calendar.ics").await;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "bare LF"
    );
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 5);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
    }
    let english = fetch(&app, "/calendar.ics?lang=en").await;
    assert!(english.contains("X-WR-CALNAME:Enlace: RCM calendar"));
    assert!(text.contains("X-WR-CALNAME:Enlace: calendario de la CRM"));
}

async fn unchanged_feeds_answer_304_to_conditional_requests(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app
        .client
        .get(app.url("/calendar.ics"))
        .send()
        .await
        .unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let last_modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(etag.starts_with('"'), "strong ETag: {etag}");
    assert!(
        first.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let body = first.text().await.unwrap();
    assert_eq!(
        body,
        fetch(&app, "/calendar.ics").await,
        "byte-identical while nothing changes"
    );

    let again = app
        .client
        .get(app.url("/calendar.ics"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    let again = app
        .client
        .get(app.url("/calendar.ics"))
        .header("if-modified-since", &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);

    // A change gives a new ETag and a full answer.
    app.insert(
        "new-one",
        &input("DO", "2030-06-06", "2030-06-06").validate().unwrap(),
    )
    .await;
    let changed = app
        .client
        .get(app.url("/calendar.ics"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
}

async fn feeds_work_with_and_without_gzip(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let gz = app
        .client
        .get(app.url("/calendar.ics"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let plain = app
        .client
        .get(app.url("/calendar.ics"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().starts_with("BEGIN:VCALENDAR"));
}

async fn event_feed_has_one_event_and_unknown_events_are_404(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let text = fetch(
        &app,
        "/events/taller-modernizacion-legislacion-trata-trafico-2010.ics?lang=en",
    )
    .await;
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    assert!(text.contains("UID:taller-modernizacion-legislacion-trata-trafico-2010@enlace.demo"));
    assert!(text.contains("DTSTART;VALUE=DATE:20101201\r\n"));
    assert!(text.contains("DTEND;VALUE=DATE:20101204\r\n"));
    let missing = app
        .client
        .get(app.url("/events/nope.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

/// Expected instants of an event, as the domain computes them.
fn expected(event: &Event) -> (String, String) {
    let d = &event.details;
    if d.dates.times().is_some() {
        let fmt = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        (fmt(d.starts_at().unwrap()), fmt(d.ends_at().unwrap()))
    } else {
        (
            d.dates.first_day().to_string(),
            d.dates.exclusive_end_day().to_string(),
        )
    }
}

fn check_parser(name: &str, parsed: &Value, events: &[Event]) {
    let parsed_events = parsed["events"].as_array().unwrap();
    assert_eq!(parsed_events.len(), events.len(), "{name}: event count");
    assert_eq!(parsed["calendar"]["METHOD"], "PUBLISH", "{name}");
    for event in events {
        let got = parsed_events
            .iter()
            .find(|e| e["uid"] == event.uid.as_str())
            .unwrap_or_else(|| panic!("{name}: {} missing", event.uid));
        let (start, end) = expected(event);
        assert_eq!(
            got["start"],
            start.as_str(),
            "{name}: start of {}",
            event.slug
        );
        assert_eq!(got["end"], end.as_str(), "{name}: end of {}", event.slug);
        if let Some(zoneinfo) = got.get("start_zoneinfo") {
            assert_eq!(
                zoneinfo,
                &Value::from(start.as_str()),
                "{name}: zoneinfo start of {}",
                event.slug
            );
        }
        assert_eq!(
            got["all_day"],
            event.details.dates.times().is_none(),
            "{name}: {}",
            event.slug
        );
        assert_eq!(got["sequence"], event.revision, "{name}");
    }
}

async fn every_parser_computes_the_domains_instants_in_every_zone(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: true }).await;
    let mut cases: Vec<(String, String, String, &str, &str)> = Country::ALL
        .iter()
        .map(|c| {
            (
                format!("capital-{}", c.code()),
                c.code().to_owned(),
                String::new(),
                "2024-07-10",
                "2024-07-11",
            )
        })
        .collect();
    // Across daylight-saving changes, and Mexico City before and after it abolished them (2022).
    for (slug, host, tz, start, end) in [
        (
            "toronto-spring",
            "CA",
            "America/Toronto",
            "2024-03-09",
            "2024-03-11",
        ),
        (
            "toronto-fall",
            "CA",
            "America/Toronto",
            "2024-11-02",
            "2024-11-04",
        ),
        (
            "new-york-spring",
            "US",
            "America/New_York",
            "2024-03-10",
            "2024-03-10",
        ),
        (
            "new-york-fall",
            "US",
            "America/New_York",
            "2023-11-04",
            "2023-11-06",
        ),
        ("mexico-2010-summer", "MX", "", "2010-07-01", "2010-07-01"),
        ("mexico-2010-change", "MX", "", "2010-10-30", "2010-11-01"),
        ("mexico-2024-summer", "MX", "", "2024-07-01", "2024-07-01"),
        (
            "tijuana-2024",
            "MX",
            "America/Tijuana",
            "2024-03-10",
            "2024-03-11",
        ),
    ] {
        cases.push((slug.to_owned(), host.to_owned(), tz.to_owned(), start, end));
    }
    for (slug, host, tz, start, end) in &cases {
        let mut raw = input(host, start, end);
        raw.tz.clone_from(tz);
        raw.start_time = "08:30".into();
        raw.end_time = "18:00".into();
        app.insert(slug, &raw.validate().unwrap()).await;
    }
    let events = app
        .store
        .list_events(app::ssr::EventQuery::All)
        .await
        .unwrap();
    assert_eq!(events.len(), cases.len() + 5);
    for lang in ["es", "en"] {
        let text = fetch(&app, &format!("/calendar.ics?lang={lang}")).await;
        let py: Value =
            serde_json::from_str(&run_tool(&python(), &["tests/parsers/parse_ics.py"], &text))
                .unwrap();
        check_parser("python icalendar", &py, &events);
        let js: Value =
            serde_json::from_str(&run_tool("node", &["tests/parsers/parse_ics.mjs"], &text))
                .unwrap();
        check_parser("ical.js", &js, &events);
        let feb = js["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with("ii-reunion"))
            .unwrap();
        assert_eq!(feb["transp"], "TRANSPARENT");
        assert_eq!(feb["status"], "TENTATIVE");
    }
}
