//! The feeds as calendar clients read them: HTTP behaviour, and every event parsed back by four
//! independent parsers (python's icalendar and vobject, Mozilla's ical.js and node-ical) whose
//! instants must equal the domain's own, across every member zone and the daylight-saving changes
//! that trip clients up.

use app::domain::feed::FeedScope;
use app::domain::{Country, Event, Lang};
use serde_json::Value;

use crate::helpers::{Backend, Spawn, TestApp, TestDb, input, python, run_tool};

crate::on_both_backends!(
    feeds_are_served_as_utf8_calendars_with_crlf,
    unchanged_feeds_answer_304_to_conditional_requests,
    feeds_work_with_and_without_gzip,
    event_feed_has_one_event_and_unknown_events_are_404,
    every_parser_computes_the_domains_instants_in_every_zone,
    country_and_kind_feeds_carry_their_events,
    old_events_age_out_and_cancelled_ones_leave_after_thirty_days,
    hostile_text_round_trips_exactly_through_every_parser,
    a_postponed_event_moves_and_keeps_its_uid,
    subscribe_pages_offer_webcal_and_https_in_both_languages,
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

pub(crate) fn check_parser(name: &str, parsed: &Value, events: &[Event]) {
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
        let vobject = parse("vobject", &text);
        check_parser("vobject", &vobject, &events);
        let node_ical = parse("node-ical", &text);
        check_parser("node-ical", &node_ical, &events);
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

/// Runs one of the four parsers on a feed (each fails on error and on any warning).
pub(crate) fn parse(parser: &str, text: &str) -> Value {
    let out = match parser {
        "icalendar" => run_tool(&python(), &["tests/parsers/parse_ics.py"], text),
        "vobject" => run_tool(&python(), &["tests/parsers/parse_vobject.py"], text),
        "ical.js" => run_tool("node", &["tests/parsers/parse_ics.mjs"], text),
        "node-ical" => run_tool("node", &["tests/parsers/parse_node_ical.mjs"], text),
        other => panic!("no parser {other}"),
    };
    serde_json::from_str(&out).unwrap()
}

pub(crate) const PARSERS: [&str; 4] = ["icalendar", "vobject", "ical.js", "node-ical"];

pub(crate) fn uids(parsed: &Value) -> Vec<String> {
    let mut uids: Vec<String> = parsed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_owned())
        .collect();
    uids.sort();
    uids
}

async fn country_and_kind_feeds_carry_their_events(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut cohosted = app::domain::EventInput {
        cohosts: vec!["SV".into()],
        ..input("GT", "2030-02-03", "2030-02-04")
    };
    cohosted.kind = "conference".into();
    app.insert("cohosted", &cohosted.validate().unwrap()).await;
    let events = app
        .store
        .list_events(app::ssr::EventQuery::All)
        .await
        .unwrap();
    let mut non_empty = 0;
    for scope in FeedScope::every() {
        let text = fetch(&app, &scope.path()).await;
        assert!(text.contains(&format!("X-WR-CALNAME:{}", scope.name(Lang::Es))));
        let mut want: Vec<String> = events
            .iter()
            .filter(|e| scope.includes(e))
            .map(|e| e.uid.clone())
            .collect();
        want.sort();
        non_empty += usize::from(!want.is_empty());
        assert_eq!(uids(&parse("icalendar", &text)), want, "{}", scope.path());
    }
    assert!(non_empty >= 5, "the demo data fills several feeds");
    // The co-host's feed carries the event it co-hosts.
    let sv = fetch(&app, "/countries/sv/calendar.ics?lang=en").await;
    assert!(sv.contains("UID:cohosted@enlace.test"));
    assert!(sv.contains("X-WR-CALNAME:Enlace: events in El Salvador"));
    for path in [
        "/countries/fr/calendar.ics",
        "/kinds/party/calendar.ics",
        "/events/nope.ics",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
}

/// Applies a lifecycle change straight through the store, as a host's form would.
async fn change(app: &TestApp, slug: &str, transition: app::domain::lifecycle::Transition) {
    let event = app.store.event_by_slug(slug).await.unwrap();
    let (action, reason) = match &transition {
        app::domain::lifecycle::Transition::Cancel { reason } => ("cancel", Some(reason.clone())),
        _ => ("postpone", None),
    };
    let outcome = app::domain::lifecycle::apply(&event.details, transition).unwrap();
    app.store
        .update_event(
            event.id,
            app::ssr::EventUpdate {
                expected_version: event.version,
                outcome: &outcome,
                action,
                cancel_reason: reason.as_deref(),
                publish: false,
            },
            &app::ssr::AuditActor {
                account_id: None,
                email: "test".into(),
            },
            chrono::Utc::now(),
            &app::ssr::outbox::no_letters,
        )
        .await
        .unwrap();
}

async fn old_events_age_out_and_cancelled_ones_leave_after_thirty_days(backend: Backend) {
    // The default window: 12 months back. The demo's 2010 events are out of the collections
    // but keep their own feeds.
    let db = TestDb::new(backend).await;
    let app = TestApp::spawn_env(db, Spawn { demo: true }, &[]).await;
    let all = fetch(&app, "/calendar.ics").await;
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 0, "{all}");
    let own = fetch(
        &app,
        "/events/taller-modernizacion-legislacion-trata-trafico-2010.ics",
    )
    .await;
    assert_eq!(own.matches("BEGIN:VEVENT").count(), 1);

    let next_year = chrono::Utc::now().date_naive() + chrono::Days::new(200);
    let day = next_year.to_string();
    app.insert("future", &input("GT", &day, &day).validate().unwrap())
        .await;
    let before = app
        .client
        .get(app.url("/calendar.ics"))
        .send()
        .await
        .unwrap();
    let etag = before.headers()["etag"].to_str().unwrap().to_owned();
    change(
        &app,
        "future",
        app::domain::lifecycle::Transition::Cancel {
            reason: "Sin quórum".into(),
        },
    )
    .await;
    for (lang, prefix) in [("es", "CANCELADO: "), ("en", "CANCELLED: ")] {
        let text = fetch(&app, &format!("/calendar.ics?lang={lang}")).await;
        for parser in PARSERS {
            let parsed = parse(parser, &text);
            let event = &parsed["events"][0];
            assert_eq!(event["status"], "CANCELLED", "{parser}");
            assert!(
                event["summary"].as_str().unwrap().starts_with(prefix),
                "{parser}: {}",
                event["summary"]
            );
        }
    }
    let after = app
        .client
        .get(app.url("/calendar.ics"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status().as_u16(), 200, "the cancellation is news");

    // 31 days after the cancellation (moved back in the database), it has left every feed.
    app.db
        .execute("update events set cancelled_at = cancelled_at - 31 * 86400 where slug = 'future'")
        .await;
    app.db
        .execute("update change_counters set n = n + 1 where name = 'events'")
        .await;
    let all = fetch(&app, "/calendar.ics").await;
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 0, "{all}");
    let own = fetch(&app, "/events/future.ics").await;
    assert_eq!(own.matches("BEGIN:VEVENT").count(), 0);
}

async fn hostile_text_round_trips_exactly_through_every_parser(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let accented =
        "Reunión técnica sobre protección: niñez, adolescencia y migración en Centroamérica; ";
    let long: String = accented.chars().cycle().take(500).collect();
    let title = format!(
        "BEGIN:VEVENT, comas, puntos; y comas; barra \\ inversa \\n y «comillas» {}",
        &long[..long.char_indices().nth(150).map_or(long.len(), |(i, _)| i)]
    );
    let description = format!(
        "Primera línea\nBEGIN:VEVENT\nUID:inyectado@example\nEND:VEVENT\nEND:VCALENDAR\n, ; \\ \\n\n{long}"
    );
    let mut raw = input("HN", "2031-04-01", "2031-04-02");
    raw.title_es.clone_from(&title);
    raw.description_es.clone_from(&description);
    raw.venue = "Hotel Real, Salón \"Copán\"; piso 2".into();
    raw.city = "Tegucigalpa".into();
    let details = raw.validate().unwrap();
    let event = app.insert("hostil", &details).await;
    let text = fetch(&app, "/events/hostil.ics").await;
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
    }
    assert_eq!(
        text.split("\r\n").filter(|l| *l == "BEGIN:VEVENT").count(),
        1,
        "no injected component"
    );
    for parser in PARSERS {
        let parsed = parse(parser, &text);
        let events = parsed["events"].as_array().unwrap();
        assert_eq!(events.len(), 1, "{parser}");
        assert_eq!(events[0]["uid"], event.uid.as_str(), "{parser}");
        // node-ical 0.27 unescapes `\n` before `\\` (lib/ical-parser-utils.js), so the text
        // backslash-n, correctly written `\\n`, reaches it as backslash + line break. Every other
        // character must round-trip exactly, in node-ical too.
        let read_as = |text: &str| {
            if parser == "node-ical" {
                text.replace("\\n", "\\\n")
            } else {
                text.to_owned()
            }
        };
        assert_eq!(events[0]["summary"], read_as(&details.title.es), "{parser}");
        let got = events[0]["description"].as_str().unwrap();
        assert!(
            got.starts_with(&format!("{}\n\n", read_as(&details.description.es))),
            "{parser}: {got:?}"
        );
        assert_eq!(
            events[0]["location"], "Hotel Real, Salón \"Copán\"; piso 2, Tegucigalpa, Honduras",
            "{parser}"
        );
    }
}

async fn a_postponed_event_moves_and_keeps_its_uid(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut raw = input("CR", "2031-05-05", "2031-05-06");
    raw.start_time = "09:00".into();
    raw.end_time = "17:00".into();
    let event = app.insert("moving", &raw.validate().unwrap()).await;
    let before = parse("ical.js", &fetch(&app, "/calendar.ics").await);
    let new_dates = app::domain::EventDates::Exact {
        start: chrono::NaiveDate::from_ymd_opt(2031, 6, 9).unwrap(),
        end: chrono::NaiveDate::from_ymd_opt(2031, 6, 10).unwrap(),
        times: event.details.dates.times(),
    };
    change(
        &app,
        "moving",
        app::domain::lifecycle::Transition::Postpone { dates: new_dates },
    )
    .await;
    let text = fetch(&app, "/calendar.ics").await;
    for parser in PARSERS {
        let after = parse(parser, &text);
        let moved = &after["events"][0];
        assert_eq!(moved["uid"], before["events"][0]["uid"], "{parser}");
        assert_eq!(moved["start"], "2031-06-09T15:00:00Z", "{parser}");
        assert!(
            moved["sequence"].as_i64().unwrap() > before["events"][0]["sequence"].as_i64().unwrap(),
            "{parser}: SEQUENCE grows so clients replace their copy"
        );
    }
}

async fn subscribe_pages_offer_webcal_and_https_in_both_languages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let host = app.base_url.trim_start_matches("http://").to_owned();
    for (path, feed) in [
        ("/subscribe", "/calendar.ics"),
        ("/countries/gt/subscribe", "/countries/gt/calendar.ics"),
        ("/kinds/workshop/subscribe", "/kinds/workshop/calendar.ics"),
        (
            "/events/taller-modernizacion-legislacion-trata-trafico-2010/subscribe",
            "/events/taller-modernizacion-legislacion-trata-trafico-2010.ics",
        ),
    ] {
        let (status, es) = app.page(path, "es").await;
        assert_eq!(status, 200, "{path}");
        assert!(
            es.contains(&format!("webcal://{host}{feed}?lang=es")),
            "{path}"
        );
        assert!(
            es.contains(&format!("{}{feed}?lang=es", app.base_url)),
            "{path}"
        );
        for client in [
            "Google Calendar",
            "Outlook",
            "Thunderbird",
            "Calendario de Apple",
        ] {
            assert!(es.contains(client), "{path}: {client}");
        }
        let (_, en) = app.page(path, "en").await;
        assert!(
            en.contains(&format!("webcal://{host}{feed}?lang=en")),
            "{path}"
        );
        assert!(en.contains("Apple Calendar") && en.contains("How to subscribe"));
    }
    let (_, index) = app.page("/subscribe", "en").await;
    assert!(index.contains("/countries/ni/subscribe"));
    assert!(index.contains("/kinds/meeting/subscribe"));
    let (_, event_page) = app
        .page(
            "/events/taller-modernizacion-legislacion-trata-trafico-2010",
            "en",
        )
        .await;
    assert!(
        event_page
            .contains("/events/taller-modernizacion-legislacion-trata-trafico-2010/subscribe")
    );
    assert!(event_page.contains("Add to my calendar"));
    for missing in [
        "/countries/fr/subscribe",
        "/kinds/party/subscribe",
        "/events/nope/subscribe",
    ] {
        let (status, _) = app.page(missing, "en").await;
        assert_eq!(status, 404, "{missing}");
    }
}
