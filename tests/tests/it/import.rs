//! Importing events from an `.ics` file through the real server: upload, preview, one
//! transaction; files imported twice, other countries' events, hostile files, other people's
//! batches and anonymous visitors.

use app::domain::access::Role;
use app::domain::{Country, EventDates, EventStatus, LocalTimes};
use chrono::{NaiveDate, NaiveTime};

use crate::helpers::{Backend, Spawn, TestApp};
use crate::people::{Person, account};

// The two stories that write an import (several events in one transaction, under a unique index
// on the source UIDs) and look its UIDs up again are the store's; the rest is rights and limits.
crate::on_backends!(
    both: [
        the_secretariat_imports_an_outlook_file_as_drafts_with_chosen_hosts,
        a_file_imported_again_shows_its_events_as_already_imported_and_adds_nothing,
    ],
    sqlite_only: [
        an_official_cannot_import_for_another_country,
        hostile_files_are_refused_with_a_clear_error_in_the_readers_language,
        another_account_can_neither_see_nor_submit_someones_batch,
        anonymous_visitors_are_sent_to_sign_in,
    ],
);

/// What Outlook writes for "Save Calendar": CRLF, a Windows zone name, folded lines, a reminder;
/// a timed workshop in Guatemala, an all-day meeting with no location, and a weekly series.
const OUTLOOK: &str = "BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:PUBLISH\r
X-WR-CALNAME:Calendario CRM\r
BEGIN:VTIMEZONE\r
TZID:Central America Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:-0600\r
TZOFFSETTO:-0600\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
CLASS:PUBLIC\r
DESCRIPTION:Taller regional sobre identificación de víctimas de trata de pe\r
 rsonas.\\n\r
DTSTART;TZID=\"Central America Standard Time\":20310610T090000\r
DTEND;TZID=\"Central America Standard Time\":20310610T170000\r
DTSTAMP:20301117T160000Z\r
LOCATION:Hotel Westin Camino Real\\, Ciudad de Guatemala\\, Guatemala\r
SUMMARY;LANGUAGE=es:Taller sobre identificación de víctimas\r
UID:040000008200E00074C5B7101A82E00800000000D0C2A5B87E86CB01000000000000000\r
 010000000F3A1B6C3D2E4F5A6B7C8D9E0F1A2B3C4\r
BEGIN:VALARM\r
TRIGGER:-PT15M\r
ACTION:DISPLAY\r
DESCRIPTION:Reminder\r
END:VALARM\r
END:VEVENT\r
BEGIN:VEVENT\r
CLASS:PUBLIC\r
DTSTART;VALUE=DATE:20310701\r
DTEND;VALUE=DATE:20310704\r
DTSTAMP:20301117T160000Z\r
SUMMARY;LANGUAGE=es:Reunión de la Red de Funcionarios de Enlace\r
UID:040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6A7B8\r
END:VEVENT\r
BEGIN:VEVENT\r
CLASS:PUBLIC\r
DTSTART;TZID=\"Central America Standard Time\":20310105T100000\r
DTEND;TZID=\"Central America Standard Time\":20310105T110000\r
RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO\r
DTSTAMP:20301117T160000Z\r
SUMMARY;LANGUAGE=es:Llamada semanal de coordinación\r
UID:040000008200E00074C5B7101A82E00800000000FFEEDDCCBBAA9988\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Uploads `file` to `/import` as the form does, in `lang` (Accept-Language).
async fn upload(
    person: &Person,
    file: Vec<u8>,
    fields: &[(&str, &str)],
    lang: &str,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new()
        .text("authenticity_token", person.token.clone())
        .text("kind", "workshop")
        .text("lang", "es");
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    let part = reqwest::multipart::Part::bytes(file)
        .file_name("calendario.ics")
        .mime_str("text/calendar")
        .unwrap();
    person
        .client
        .post(format!("{}/import", person.base))
        .header("accept-language", lang)
        .multipart(form.part("file", part))
        .send()
        .await
        .unwrap()
}

/// Uploads a readable file and returns its preview's path.
async fn preview_of(person: &Person, file: &str, fields: &[(&str, &str)]) -> String {
    let response = upload(person, file.as_bytes().to_vec(), fields, "en").await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/import/"), "{location}");
    location
}

/// A page in `lang`, without Leptos's hydration markers.
async fn page_in(person: &Person, path: &str, lang: &str) -> (u16, String) {
    let response = person
        .client
        .get(format!("{}{path}", person.base))
        .header("accept-language", lang)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap().replace("<!>", ""))
}

async fn all_events(app: &TestApp) -> Vec<app::domain::Event> {
    app.store.events_for_hosts(None).await.unwrap()
}

async fn the_secretariat_imports_an_outlook_file_as_drafts_with_chosen_hosts(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    assert!(
        sec.get_text("/dashboard")
            .await
            .contains("href=\"/import\"")
    );

    let preview = preview_of(&sec, OUTLOOK, &[("host", "MX")]).await;
    let (status, page) = page_in(&sec, &preview, "en").await;
    assert_eq!(status, 200);
    assert!(page.contains("<caption>"), "a table with a caption");
    assert!(page.contains("Taller sobre identificación de víctimas"));
    assert!(page.contains("Llamada semanal de coordinación"));
    assert!(
        page.contains("Recurring event"),
        "the series is listed as skipped"
    );
    assert!(page.contains("name=\"include_0\"") && page.contains("name=\"include_1\""));
    assert!(
        !page.contains("name=\"include_2\""),
        "the series cannot be chosen"
    );
    assert!(page.contains("Import 2 events"));

    // The Guatemalan workshop stays with Guatemala, which its location names; the meeting, which
    // names no place, goes to Costa Rica.
    let imported = sec
        .post(
            &preview,
            &[
                ("include_0", "on"),
                ("host_0", "GT"),
                ("include_1", "on"),
                ("host_1", "CR"),
            ],
        )
        .await;
    assert_eq!(imported.status().as_u16(), 303);
    assert_eq!(imported.headers()["location"], "/dashboard?imported=2");
    let (_, dashboard) = page_in(&sec, "/dashboard?imported=2", "en").await;
    assert!(dashboard.contains("2 events imported."));

    let events = all_events(&app).await;
    assert_eq!(events.len(), 2, "exactly the two importable events");
    let workshop = events
        .iter()
        .find(|e| e.details.host == Country::GT)
        .unwrap();
    assert!(!workshop.published, "imported as a draft");
    assert_eq!(workshop.details.tz, chrono_tz::America::Guatemala);
    assert_eq!(workshop.details.city, "Ciudad de Guatemala");
    assert_eq!(workshop.details.venue, "Hotel Westin Camino Real");
    assert_eq!(workshop.details.status, EventStatus::Confirmed);
    assert_eq!(
        workshop.details.dates,
        EventDates::Exact {
            start: NaiveDate::from_ymd_opt(2031, 6, 10).unwrap(),
            end: NaiveDate::from_ymd_opt(2031, 6, 10).unwrap(),
            times: Some(LocalTimes {
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            }),
        }
    );
    let meeting = events
        .iter()
        .find(|e| e.details.host == Country::CR)
        .unwrap();
    assert!(!meeting.published);
    assert_eq!(meeting.details.tz, chrono_tz::America::Costa_Rica);
    assert_eq!(meeting.details.city, "San José", "the host's capital");
    assert_eq!(
        meeting.details.dates,
        EventDates::Exact {
            start: NaiveDate::from_ymd_opt(2031, 7, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2031, 7, 3).unwrap(),
            times: None,
        },
        "DTEND of an all-day event is exclusive"
    );
    for event in &events {
        let log = app.store.audit_log(event.id).await.unwrap();
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(log[0].action, "import");
        assert_eq!(log[0].who, "sec@test.org");
    }

    // The same preview submitted twice (a double click) imports nothing more.
    let again = sec
        .post(&preview, &[("include_0", "on"), ("host_0", "GT")])
        .await;
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(all_events(&app).await.len(), 2);
}

async fn a_file_imported_again_shows_its_events_as_already_imported_and_adds_nothing(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    let first = preview_of(&sec, OUTLOOK, &[("host", "GT")]).await;
    let done = sec
        .post(
            &first,
            &[
                ("include_0", "on"),
                ("host_0", "GT"),
                ("include_1", "on"),
                ("host_1", "GT"),
                ("publish", "on"),
            ],
        )
        .await;
    assert_eq!(done.headers()["location"], "/dashboard?imported=2");
    assert!(all_events(&app).await.iter().all(|e| e.published));

    let second = preview_of(&sec, OUTLOOK, &[("host", "GT")]).await;
    let (status, page) = page_in(&sec, &second, "en").await;
    assert_eq!(status, 200);
    assert_eq!(page.matches("Already imported").count(), 2, "{page}");
    assert!(!page.contains("name=\"include_"), "nothing left to choose");
    assert!(page.contains("No event of this file can be imported."));

    // Forcing the choice anyway saves nothing and explains why, on the preview.
    let forced = sec
        .post(&second, &[("include_0", "on"), ("host_0", "GT")])
        .await;
    assert_eq!(forced.status().as_u16(), 303);
    assert_eq!(forced.headers()["location"], second.as_str());
    let (_, page) = page_in(&sec, &second, "en").await;
    assert!(page.contains("it was already imported"), "{page}");
    assert_eq!(all_events(&app).await.len(), 2);
}

async fn an_official_cannot_import_for_another_country(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    // An official's upload ignores any other default host: their own country is the only one.
    let preview = preview_of(&gt, OUTLOOK, &[("host", "SV")]).await;
    let (status, page) = page_in(&gt, &preview, "en").await;
    assert_eq!(status, 200);
    assert!(page.contains("<option value=\"GT\" selected"), "{page}");
    assert!(
        !page.contains("<option value=\"SV\""),
        "only their own country is offered"
    );

    let refused = gt
        .post(
            &preview,
            &[
                ("include_0", "on"),
                ("host_0", "GT"),
                ("include_1", "on"),
                ("host_1", "SV"),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(app.store.count_events().await.unwrap(), 0, "nothing saved");

    // For their own country it works.
    let imported = gt
        .post(&preview, &[("include_0", "on"), ("host_0", "GT")])
        .await;
    assert_eq!(imported.headers()["location"], "/dashboard?imported=1");
    assert_eq!(app.store.count_events().await.unwrap(), 1);
}

/// A calendar of `n` one-day events.
fn many_events(n: usize) -> Vec<u8> {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Prueba//ES\r\n");
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:evento-{i}@prueba\r\nDTSTART;VALUE=DATE:20310301\r\n\
             SUMMARY:Evento {i}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text.into_bytes()
}

async fn hostile_files_are_refused_with_a_clear_error_in_the_readers_language(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: true }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let gt = Person::signed_in(&app, "gt@test.org").await;
    let before = app.store.count_events().await.unwrap();

    let latin1 = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@b\r\n\
        DTSTART;VALUE=DATE:20310301\r\nSUMMARY:Reuni\xf3n t\xe9cnica\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        .to_vec();
    let nested = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:X-NESTED\r\n".repeat(10_000)).into_bytes();
    let mut huge = many_events(1);
    huge.resize(3 * 1024 * 1024, b' ');
    let cases: [(&str, Vec<u8>, &str, &str); 4] = [
        (
            "not UTF-8",
            latin1,
            "el texto no está en UTF-8",
            "the text is not UTF-8",
        ),
        (
            "10,000 nested BEGINs",
            nested,
            "anidados en más de 4 niveles",
            "nested more than 4 levels deep",
        ),
        (
            "501 events",
            many_events(501),
            "El archivo tiene más de 500 eventos",
            "The file has more than 500 events",
        ),
        (
            "3 MB",
            huge,
            "El archivo es demasiado grande: el máximo es 2 MB",
            "The file is too large: the limit is 2 MB",
        ),
    ];
    for (what, bytes, es, en) in cases {
        // Spanish through Accept-Language, English through the language cookie (which wins).
        for (lang, accept, expected) in [("es", "es", es), ("en", "es", en)] {
            if lang == "en" {
                assert_eq!(gt.get("/lang/en?next=/").await.status().as_u16(), 303);
            }
            let response = upload(&gt, bytes.clone(), &[], accept).await;
            assert_eq!(response.status().as_u16(), 303, "{what} ({lang})");
            assert_eq!(response.headers()["location"], "/import", "{what} ({lang})");
            let (status, page) = page_in(&gt, "/import", accept).await;
            assert_eq!(status, 200);
            assert!(page.contains(expected), "{what} ({lang}): {page}");
            if lang == "en" {
                assert_eq!(gt.get("/lang/es?next=/").await.status().as_u16(), 303);
            }
        }
        assert_eq!(
            app.store.count_events().await.unwrap(),
            before,
            "{what}: nothing saved"
        );
    }
}

async fn another_account_can_neither_see_nor_submit_someones_batch(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    account(&app, "gt2@test.org", Role::Official(Country::GT)).await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let owner = Person::signed_in(&app, "gt@test.org").await;
    let preview = preview_of(&owner, OUTLOOK, &[]).await;
    for email in ["gt2@test.org", "sec@test.org"] {
        let other = Person::signed_in(&app, email).await;
        let (status, page) = page_in(&other, &preview, "en").await;
        assert_eq!(status, 404, "{email}");
        assert!(!page.contains("Taller sobre identificación"), "{email}");
        let submitted = other
            .post(&preview, &[("include_0", "on"), ("host_0", "GT")])
            .await;
        assert_eq!(submitted.status().as_u16(), 404, "{email}");
    }
    assert_eq!(app.store.count_events().await.unwrap(), 0);
    let (status, _) = page_in(&owner, &preview, "en").await;
    assert_eq!(status, 200, "the owner still has it");
}

async fn anonymous_visitors_are_sent_to_sign_in(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let owner = Person::signed_in(&app, "gt@test.org").await;
    let preview = preview_of(&owner, OUTLOOK, &[]).await;
    let visitor = Person::anonymous(&app).await;
    for path in ["/import", preview.as_str()] {
        let response = visitor.get(path).await;
        assert!(
            matches!(response.status().as_u16(), 302 | 303),
            "{path}: {}",
            response.status()
        );
        let location = response.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/signin?next="), "{path}: {location}");
    }
    let posted = upload(&visitor, OUTLOOK.as_bytes().to_vec(), &[], "en").await;
    assert_eq!(posted.status().as_u16(), 303);
    assert_eq!(posted.headers()["location"], "/signin?next=/import");
    let submitted = visitor
        .post(&preview, &[("include_0", "on"), ("host_0", "GT")])
        .await;
    assert_eq!(submitted.status().as_u16(), 303);
    assert!(
        submitted.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/signin?next=")
    );
    assert_eq!(app.store.count_events().await.unwrap(), 0);
}
