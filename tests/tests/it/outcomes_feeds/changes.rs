//! The Atom change feeds as a feed reader sees them: parsed by python's feedparser with no bozo
//! flag and RFC 4287's required elements, entries told once when things happen (publication,
//! new dates with the old and the new, cancellation, registration opened, a deadline within 7
//! days) and never recomputed, stable ids, country feeds, ETag and 304.

use app::domain::lifecycle::Transition;
use app::domain::{EventDates, Lang, format};
use chrono::{Days, NaiveDate, Utc};
use serde_json::Value;

use crate::helpers::{Backend, Spawn, TestApp, TestDb, input, python, run_tool};

/// GETs an Atom feed: 200, its content type, its ETag and its body.
pub(super) async fn atom(app: &TestApp, path: &str) -> (String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (etag, response.text().await.unwrap())
}

/// Parses with feedparser; fails on a bozo flag or a missing required element.
pub(super) fn parsed(text: &str) -> Value {
    let out: Value =
        serde_json::from_str(&run_tool(&python(), &["tests/parsers/parse_atom.py"], text)).unwrap();
    assert_eq!(out["bozo"], 0, "bozo: {} in {text}", out["bozo_exception"]);
    assert_eq!(out["version"], "atom10");
    assert_eq!(out["missing"], Value::Array(vec![]), "{text}");
    for key in ["id", "title", "updated", "author"] {
        assert!(
            !out["feed"][key].as_str().unwrap().is_empty(),
            "feed {key}: {out}"
        );
    }
    out
}

fn entries(feed: &Value) -> &Vec<Value> {
    feed["entries"].as_array().unwrap()
}

fn of_kind<'a>(feed: &'a Value, kind: &str) -> Vec<&'a Value> {
    entries(feed)
        .iter()
        .filter(|e| e["category"] == kind)
        .collect()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn days(start: &str, end: &str) -> EventDates {
    EventDates::Exact {
        start: day(start),
        end: day(end),
        times: None,
    }
}

/// Applies a lifecycle change through the store, as a host's form would.
async fn change(app: &TestApp, slug: &str, transition: Transition) {
    let event = app.store.event_by_slug(slug).await.unwrap();
    let (action, reason) = match &transition {
        Transition::Cancel { reason } => ("cancel", Some(reason.clone())),
        _ => ("postpone", None),
    };
    let outcome = app::domain::lifecycle::apply(&event.details, transition).unwrap();
    let update = app::ssr::EventUpdate {
        expected_version: event.version,
        outcome: &outcome,
        action,
        cancel_reason: reason.as_deref(),
        publish: false,
    };
    app.store
        .update_event(
            event.id,
            update,
            &actor(),
            Utc::now(),
            &app::ssr::outbox::no_letters,
        )
        .await
        .unwrap();
}

fn actor() -> app::ssr::AuditActor {
    app::ssr::AuditActor {
        account_id: None,
        email: "test".into(),
    }
}

async fn open_registration(app: &TestApp, event_id: i64, deadline: Option<NaiveDate>) {
    let settings = app::domain::registration::RegistrationSettings {
        open: true,
        capacity: None,
        quota: None,
        deadline,
        mode: app::domain::registration::RegistrationMode::Open,
    };
    app.store
        .set_registration_settings(event_id, &settings, &actor(), Utc::now())
        .await
        .unwrap();
}

pub(super) async fn events_tell_the_change_feed_once_when_they_happen(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let (_, empty) = atom(&app, "/changes.atom").await;
    assert!(entries(&parsed(&empty)).is_empty());

    let mut raw = input("SV", "2031-05-05", "2031-05-06");
    raw.cohosts = vec!["GT".into()];
    let event = app.insert("moving", &raw.validate().unwrap()).await;
    let may = format::event_dates(Lang::Es, &days("2031-05-05", "2031-05-06"));
    let (etag, text) = atom(&app, "/changes.atom").await;
    let first = parsed(&text);
    let published = entries(&first)[0].clone();
    assert_eq!(entries(&first).len(), 1);
    assert_eq!(published["title"], "Nuevo evento: Taller en SV");
    assert!(published["summary"].as_str().unwrap().contains(&may));
    assert!(
        published["id"]
            .as_str()
            .unwrap()
            .starts_with("tag:127.0.0.1,2026:enlace/change/")
    );
    let link = &published["links"][0]["href"];
    assert_eq!(link, &Value::from(app.url("/events/moving")));

    // The same bytes while nothing changes, and 304 to the same ETag.
    let (again_tag, again) = atom(&app, "/changes.atom").await;
    assert_eq!(
        (again_tag.as_str(), again.as_str()),
        (etag.as_str(), text.as_str())
    );
    let not_modified = app
        .client
        .get(app.url("/changes.atom"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status().as_u16(), 304);

    // Two moves are two entries, each with the old and the new dates; the first entry stays as
    // it was told (its May dates), not recomputed from today's state.
    let june = days("2031-06-09", "2031-06-10");
    change(&app, "moving", Transition::Postpone { dates: june }).await;
    let july = days("2031-07-07", "2031-07-08");
    change(&app, "moving", Transition::Postpone { dates: july }).await;
    let changed = app
        .client
        .get(app.url("/changes.atom"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 200, "a new entry is news");
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let feed = parsed(&changed.text().await.unwrap());
    let moves = of_kind(&feed, "event_postponed");
    assert_eq!(moves.len(), 2, "{feed}");
    let june = format::event_dates(Lang::Es, &june);
    let july = format::event_dates(Lang::Es, &july);
    assert_eq!(moves[0]["title"], "Nuevas fechas: Taller en SV");
    assert_eq!(
        moves[0]["summary"],
        format!("Antes: {june}. Ahora: {july}.")
    );
    assert_eq!(moves[1]["summary"], format!("Antes: {may}. Ahora: {june}."));
    assert_eq!(of_kind(&feed, "event_published"), vec![&published]);
    assert_ne!(moves[0]["id"], moves[1]["id"]);

    // A cancellation, and a registration opened elsewhere.
    change(
        &app,
        "moving",
        Transition::Cancel {
            reason: "Sin quórum".into(),
        },
    )
    .await;
    let other = app
        .insert(
            "other",
            &input("MX", "2031-09-01", "2031-09-02").validate().unwrap(),
        )
        .await;
    open_registration(&app, other.id, Some(day("2031-08-15"))).await;
    let (_, text) = atom(&app, "/changes.atom").await;
    let feed = parsed(&text);
    let cancelled = of_kind(&feed, "event_cancelled");
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0]["title"], "Cancelado: Taller en SV");
    assert!(
        cancelled[0]["summary"]
            .as_str()
            .unwrap()
            .ends_with("Motivo: Sin quórum")
    );
    let opened = of_kind(&feed, "registration_opened");
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["title"], "Inscripción abierta: Taller en MX");
    assert!(
        opened[0]["summary"]
            .as_str()
            .unwrap()
            .contains("15 de agosto de 2031")
    );
    // Entries' ids and times are the same in every request and language.
    let (_, english) = atom(&app, "/changes.atom?lang=en").await;
    let english = parsed(&english);
    assert_eq!(english["feed"]["language"], "en");
    let ids = |f: &Value| -> Vec<(Value, Value)> {
        entries(f)
            .iter()
            .map(|e| (e["id"].clone(), e["updated"].clone()))
            .collect()
    };
    assert_eq!(ids(&english), ids(&feed));
    assert_eq!(
        of_kind(&english, "event_cancelled")[0]["title"],
        "Cancelled: Workshop in SV"
    );

    // A country's feed: its hosts' entries only.
    for (iso, count) in [("sv", 4), ("gt", 4), ("mx", 2), ("bz", 0)] {
        let (_, text) = atom(&app, &format!("/countries/{iso}/changes.atom")).await;
        let feed = parsed(&text);
        assert_eq!(entries(&feed).len(), count, "{iso}: {feed}");
        let own = app.url(&format!("/countries/{iso}/changes.atom?lang=es"));
        assert!(
            feed["feed"]["links"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["rel"] == "self" && l["href"] == own.as_str()),
            "{feed}"
        );
    }
    let _ = event;
}

pub(super) async fn a_deadline_within_seven_days_is_told_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let env = [
        ("ENLACE_FEED_MONTHS_BACK", "240"),
        ("ENLACE_CLEANUP_SECONDS", "1"),
    ];
    let app = TestApp::spawn_env(db, Spawn { demo: false }, &env).await;
    let today = Utc::now().date_naive();
    let at = |n: u64| (today + Days::new(n)).to_string();
    let soon = app
        .insert("soon", &input("GT", &at(20), &at(21)).validate().unwrap())
        .await;
    let later = app
        .insert("later", &input("HN", &at(40), &at(41)).validate().unwrap())
        .await;
    let deadline = today + Days::new(3);
    open_registration(&app, soon.id, Some(deadline)).await;
    open_registration(&app, later.id, Some(today + Days::new(20))).await;
    let mut told = Vec::new();
    for _ in 0..60 {
        let (_, text) = atom(&app, "/countries/gt/changes.atom").await;
        let feed = parsed(&text);
        told = of_kind(&feed, "deadline_soon")
            .into_iter()
            .cloned()
            .collect();
        if !told.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(told.len(), 1, "the clean-up round tells the deadline");
    assert_eq!(
        told[0]["title"],
        "La inscripción cierra pronto: Taller en GT"
    );
    let last_day = format::date(Lang::Es, deadline);
    assert_eq!(
        told[0]["summary"],
        format!("Último día para inscribirse: {last_day}.")
    );
    // More rounds, and another server on the same database, write nothing more.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(
        server::atom::deadlines::run_once(&app.store, Utc::now())
            .await
            .unwrap(),
        0
    );
    let (_, text) = atom(&app, "/changes.atom").await;
    let feed = parsed(&text);
    let all = of_kind(&feed, "deadline_soon");
    assert_eq!(all.len(), 1, "{feed}");
    assert_eq!(all[0]["id"], told[0]["id"]);
    assert_eq!(all[0]["updated"], told[0]["updated"]);
    assert_eq!(of_kind(&feed, "registration_opened").len(), 2);
}
