//! Meeting outcomes as people see and write them, on the real server: the secretariat writes a
//! record through its forms, Mexico's official marks Mexico's commitment done while
//! Guatemala's gets 403, the follow-up board and the event page (served from the page cache)
//! follow at once, bad input comes back with a clear message in the reader's language and the
//! input kept, and the demo's Querétaro record reads without JavaScript.

use app::domain::Country;
use app::domain::access::Role;
use app::domain::event::EventStatus;

use crate::helpers::{Backend, TestApp, input, workspace};
use crate::people::{Person, account};

crate::on_backends!(
    both: [
        the_secretariat_writes_a_record_and_each_country_follows_up_its_own,
        bad_input_comes_back_explained_with_the_input_kept,
        the_demo_record_reads_without_javascript,
    ],
    sqlite_only: [the_board_works_with_and_without_javascript_and_its_chart_is_saved],
);

/// The meeting of the stories: Mexico hosts it on 10 March 2026 (in the past, so a commitment
/// due in June 2026 is overdue now).
const MEETING: &str = "reunion-seguimiento-2026";
/// The next meeting, later: a "before" due point.
const NEXT: &str = "reunion-siguiente-2027";
/// An event before the meeting, and a cancelled one after it: neither is a "before" due point.
const EARLIER: &str = "taller-anterior-2025";
const CANCELLED: &str = "taller-cancelado-2027";

const SEC: &str = "st@crm.test";
const MX: &str = "mx@sre.test";
const GT: &str = "gt@minex.test";

async fn spawn(backend: Backend) -> TestApp {
    let app = TestApp::spawn(backend).await;
    account(&app, SEC, Role::Secretariat).await;
    account(&app, MX, Role::Official(Country::MX)).await;
    account(&app, GT, Role::Official(Country::GT)).await;
    let mut meeting = input("MX", "2026-03-10", "2026-03-11");
    meeting.kind = "meeting".into();
    meeting.title_es = "Reunión de seguimiento".into();
    meeting.title_en = "Follow-up meeting".into();
    app.insert(MEETING, &meeting.validate().unwrap()).await;
    let mut next = input("GT", "2027-03-01", "2027-03-02");
    next.kind = "meeting".into();
    next.title_en = "Next meeting".into();
    app.insert(NEXT, &next.validate().unwrap()).await;
    app.insert(
        EARLIER,
        &input("SV", "2025-05-05", "2025-05-06").validate().unwrap(),
    )
    .await;
    let mut cancelled = input("HN", "2027-05-05", "2027-05-06").validate().unwrap();
    cancelled.status = EventStatus::Cancelled;
    app.insert(CANCELLED, &cancelled).await;
    app
}

fn editor() -> String {
    format!("/events/{MEETING}/record")
}

/// Posts the record's header (final) with Mexico and Guatemala present.
async fn write_header(sec: &Person) {
    let response = sec
        .post(
            &editor(),
            &[
                ("form_id", "header"),
                ("title_es", "Informe de la reunión de seguimiento"),
                ("title_en", "Report of the follow-up meeting"),
                ("place", "Ciudad de México"),
                ("record_status", "final"),
                ("preamble_es", "La Red se reunió."),
                ("preamble_en", "The Network met."),
                ("delegations", "MX"),
                ("delegations", "GT"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303, "header");
}

/// The record's version, from its editor.
async fn version(sec: &Person) -> String {
    let page = sec.get_text(&editor()).await;
    hidden_after(&page, "name=\"version\" value=\"").expect("a version field")
}

fn hidden_after(page: &str, marker: &str) -> Option<String> {
    let start = page.find(marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// The ids of the record's commitments, in order, from the editor's forms.
async fn commitment_ids(sec: &Person) -> Vec<i64> {
    let page = sec.get_text(&editor()).await;
    let marker = format!("action=\"/events/{MEETING}/record/commitments/");
    page.match_indices(&marker)
        .filter_map(|(at, _)| {
            let rest = &page[at + marker.len()..];
            let id = &rest[..rest.find('/')?];
            rest[id.len()..]
                .starts_with("/edit")
                .then(|| id.parse().ok())?
        })
        .collect()
}

/// A commitment's fields, with `extra` replacing the defaults.
fn commitment<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("form_id", "commitment-new-1"),
        ("action_es", "Enviar el informe."),
        ("action_en", "Send the report."),
        ("due_kind", "unstated"),
        ("status", "pending"),
    ];
    fields.retain(|(k, _)| !extra.iter().any(|(e, _)| e == k));
    fields.extend_from_slice(extra);
    fields
}

/// The status cell of commitment `id` on a board page.
fn board_row(board: &str, id: i64) -> &str {
    let marker = format!("data-commitment=\"{id}\"");
    let start = board
        .find(&marker)
        .unwrap_or_else(|| panic!("row {id}:\n{board}"));
    let end = board[start..].find("</tr>").unwrap() + start;
    &board[start..end]
}

async fn the_secretariat_writes_a_record_and_each_country_follows_up_its_own(backend: Backend) {
    let app = spawn(backend).await;
    let sec = Person::signed_in(&app, SEC).await;
    write_header(&sec).await;
    let v = version(&sec).await;
    let agreement = sec
        .post(
            &format!("{}/agreements", editor()),
            &[
                ("form_id", "agreement-new"),
                ("version", &v),
                ("number", "1"),
                ("text_es", "Dar seguimiento a los compromisos."),
                ("text_en", "To follow up the commitments."),
                ("events", NEXT),
            ],
        )
        .await;
    assert_eq!(agreement.status().as_u16(), 303);
    let add = format!("{}/agreements/1/commitments", editor());
    let mexico = commitment(&[
        ("parties", "MX"),
        ("action_en", "Share the framework agreement."),
        ("due_kind", "on"),
        ("due_date", "2026-06-30"),
    ]);
    assert_eq!(sec.post(&add, &mexico).await.status().as_u16(), 303);
    let guatemala = commitment(&[
        ("parties", "GT"),
        ("action_en", "Translate the report."),
        ("due_kind", "before"),
        ("due_event", NEXT),
    ]);
    assert_eq!(sec.post(&add, &guatemala).await.status().as_u16(), 303);
    let ids = commitment_ids(&sec).await;
    assert_eq!(ids.len(), 2, "two commitments");
    let (mx_id, gt_id) = (ids[0], ids[1]);

    // The final record is on the event page, for anyone, without JavaScript; the page comes
    // from the cache the second time.
    let anonymous = Person::anonymous(&app).await;
    let page_path = format!("/events/{MEETING}");
    let page = anonymous.get_text(&page_path).await;
    assert!(page.contains("Report of the follow-up meeting"), "{page}");
    assert!(page.contains("To follow up the commitments."));
    assert!(page.contains("Share the framework agreement."));
    assert!(page.contains("By 30 June 2026"), "{page}");
    assert!(
        page.contains("Before “Next meeting” (by 28 February 2027)"),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"/events/{NEXT}\"")));
    assert!(
        !page.contains("authenticity_token"),
        "no form on the public page"
    );
    let again = anonymous.get_text(&page_path).await;
    assert!(again.contains("status-tag status-pending"));

    // The board: Mexico's commitment is overdue (due 30 June 2026), Guatemala's is not.
    let board = anonymous.get_text("/commitments?party=").await;
    assert!(board_row(&board, mx_id).contains("Overdue"), "{board}");
    assert!(!board_row(&board, gt_id).contains("Overdue"));
    assert!(board.contains("<svg"), "the chart");
    assert!(board.contains("<caption>Commitments by responsible party and status"));

    // Mexico's official lands on Mexico's commitments and marks Mexico's done.
    let mx = Person::signed_in(&app, MX).await;
    let ours = mx.get_text("/commitments").await;
    assert!(
        ours.contains(&format!("data-commitment=\"{mx_id}\"")),
        "{ours}"
    );
    assert!(
        !ours.contains(&format!("data-commitment=\"{gt_id}\"")),
        "{ours}"
    );
    assert!(
        mx.get_text("/")
            .await
            .contains("href=\"/commitments?party=MX\"")
    );
    let form = mx.get_text(&format!("/commitments/{mx_id}")).await;
    let sequence = hidden_after(&form, "name=\"sequence\" value=\"").expect("the follow-up form");
    let follow_up = format!("/commitments/{mx_id}/follow-up");
    let done = [
        ("sequence", sequence.as_str()),
        ("status", "done"),
        ("note_es", "Compartido el 1 de julio."),
        ("note_en", "Shared on 1 July."),
    ];
    let response = mx.post(&follow_up, &done).await;
    assert_eq!(response.status().as_u16(), 303);

    // Guatemala's official may not touch it (and has no form for it).
    let gt = Person::signed_in(&app, GT).await;
    assert!(
        !gt.get_text(&format!("/commitments/{mx_id}"))
            .await
            .contains("follow-up-form")
    );
    let refused = gt.post(&follow_up, &done).await;
    assert_eq!(refused.status().as_u16(), 403);

    // The board follows: done, no longer overdue, counted as done.
    let board = anonymous.get_text("/commitments?party=MX").await;
    let row = board_row(&board, mx_id);
    assert!(row.contains("status-tag status-done"), "{row}");
    assert!(!row.contains("Overdue"));
    let ours = anonymous
        .get_text(&format!("/commitments?party=MX&meeting={MEETING}"))
        .await;
    let summary = &ours[ours.find("summary-table").unwrap()..];
    let mexico = summary
        .find("<th scope=\"row\"><a href=\"/commitments?party=MX\">Mexico</a></th>")
        .expect("Mexico's line");
    // Pending, in progress, done, dropped, overdue, total.
    assert!(
        summary[mexico..].contains("<td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>"),
        "{summary}"
    );
    let done_only = anonymous.get_text("/commitments?party=&status=done").await;
    assert!(done_only.contains(&format!("data-commitment=\"{mx_id}\"")));
    assert!(!done_only.contains(&format!("data-commitment=\"{gt_id}\"")));
    let before = anonymous
        .get_text(&format!("/commitments?party=&before={NEXT}"))
        .await;
    assert!(before.contains(&format!("data-commitment=\"{gt_id}\"")));

    // The event page served from the cache shows the follow-up at once.
    let page = anonymous.get_text(&page_path).await;
    assert!(page.contains("Shared on 1 July."), "{page}");
    assert!(page.contains("status-tag status-done"), "{page}");

    // The printable report lists what was agreed and what became of it.
    let report = anonymous
        .get_text(&format!("/commitments/report?meeting={MEETING}"))
        .await;
    assert!(report.contains("To follow up the commitments."));
    assert!(report.contains("Shared on 1 July."));
    assert!(report.contains("Translate the report."));
}

async fn bad_input_comes_back_explained_with_the_input_kept(backend: Backend) {
    let app = spawn(backend).await;
    let sec = Person::signed_in(&app, SEC).await;
    write_header(&sec).await;
    let v = version(&sec).await;
    let agreement = [
        ("form_id", "agreement-new"),
        ("version", v.as_str()),
        ("number", "1"),
        ("text_en", "To follow up."),
    ];
    let add_agreement = format!("{}/agreements", editor());
    assert_eq!(
        sec.post(&add_agreement, &agreement).await.status().as_u16(),
        303
    );
    let add = format!("{}/agreements/1/commitments", editor());

    // (fields, the field refused, its message, what is kept)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str, &'a str);
    let cases: [Case; 5] = [
        (
            &[("action_en", "Kept without a party.")],
            "parties",
            "Name at least one responsible party.",
            "Kept without a party.",
        ),
        (
            &[
                ("parties", "MX"),
                ("due_kind", "on"),
                ("due_date", "2026-01-31"),
                ("action_en", "Kept with an early date."),
            ],
            "due_date",
            "The due date is before the meeting.",
            "value=\"2026-01-31\"",
        ),
        (
            &[
                ("parties", "MX"),
                ("due_kind", "before"),
                ("due_event", EARLIER),
                ("action_en", "Kept before an earlier event."),
            ],
            "due_event",
            "That event is not later than the meeting",
            "Kept before an earlier event.",
        ),
        (
            &[
                ("parties", "MX"),
                ("due_kind", "before"),
                ("due_event", CANCELLED),
                ("action_en", "Kept before a cancelled event."),
            ],
            "due_event",
            "That event is cancelled",
            "Kept before a cancelled event.",
        ),
        (
            &[
                ("parties", "MX"),
                ("action_en", "Kept with a bell\u{7} inside."),
            ],
            "action_en",
            "Contains control characters that are not allowed.",
            "Kept with a bell",
        ),
    ];
    for (extra, field, message, kept) in cases {
        let response = sec.post(&add, &commitment(extra)).await;
        assert_eq!(response.status().as_u16(), 303, "{message}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.ends_with("#commitment-new-1"), "{location}");
        let page = sec.get_text(&editor()).await;
        let error = format!("id=\"commitment-new-1-{field}-error\"");
        let at = page
            .find(&format!("<p {error}"))
            .unwrap_or_else(|| panic!("{field}: {message}:\n{page}"));
        let end = page[at..].find("</p>").unwrap() + at;
        assert!(
            page[at..end].contains(message),
            "{message}: {}",
            &page[at..end]
        );
        assert!(page.contains(kept), "the input is kept: {kept}");
        // The kept form is open; the other forms are not filled with it.
        assert!(
            page.contains("<details open class=\"editor-commitment\">"),
            "{page}"
        );
    }
    // Nothing was saved.
    assert!(commitment_ids(&sec).await.is_empty());

    // In Spanish, in Spanish.
    assert_eq!(sec.get("/lang/es?next=/").await.status().as_u16(), 303);
    let response = sec
        .post(&add, &commitment(&[("action_es", "Sin responsable.")]))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = sec.get_text(&editor()).await;
    assert!(page.contains("Sin responsable."), "{page}");
    let spanish = app::domain::outcomes::OutcomeProblem::NoParty.message(app::domain::Lang::Es);
    assert!(page.contains(&spanish), "{page}");

    // A filter naming no event is explained on the board, not an error page.
    let board = sec.get("/commitments?before=no-such-event").await;
    assert_eq!(board.status().as_u16(), 200);
    assert!(
        board
            .text()
            .await
            .unwrap()
            .contains("Ningún evento tiene esa dirección.")
    );
}

async fn the_demo_record_reads_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let slug = app::domain::outcomes::demo::QUERETARO_2010;
    let (status, page) = app.page(&format!("/events/{slug}"), "es").await;
    assert_eq!(status, 200);
    assert!(page.contains("Acta de la reunión"), "{page}");
    assert!(page.contains("Informe de la Reunión de la Red de Funcionarios de Enlace"));
    assert!(page.contains("Ciudad de Santiago de Querétaro, Querétaro, México"));
    for n in 1..=8 {
        assert!(
            page.contains(&format!("<li value=\"{n}\" id=\"agreement-{n}\"")),
            "agreement {n}"
        );
    }
    assert!(page.contains("Corazón Azul"));
    assert!(
        page.contains("Cuando: Una vez que se tenga la versión final"),
        "{page}"
    );
    assert!(page.contains("Periódicamente"));
    // Agreement 3 links the three events it names.
    let third =
        &page[page.find("id=\"agreement-3\"").unwrap()..page.find("id=\"agreement-4\"").unwrap()];
    for named in [
        app::domain::outcomes::demo::COMMITTEES_2011,
        app::domain::outcomes::demo::CONFERENCE_2010,
        app::domain::outcomes::demo::WORKSHOP_2010,
    ] {
        assert!(
            third.contains(&format!("href=\"/events/{named}\"")),
            "{named}"
        );
    }
    // No script is needed to read it: it is in the server's HTML, and the print styles hold.
    let (_, board) = app.page("/commitments", "en").await;
    assert!(board.contains("id=\"party-mx\""), "{board}");
    assert!(board.contains("Distribute the content of the Blue Heart"));
    let (_, report) = app
        .page(&format!("/commitments/report?meeting={slug}"), "en")
        .await;
    assert!(report.contains("Translate into English the report it presents to the RCM."));
}

/// The browser story (`tests/e2e/outcomes.mjs`): the board with JavaScript on and off, axe-core
/// clean, the record and the report printed, the chart saved as `commitments-chart.png`.
async fn the_board_works_with_and_without_javascript_and_its_chart_is_saved(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, MX, Role::Official(Country::MX)).await;
    let artifacts = workspace().join(format!("target/test-artifacts/{backend:?}").to_lowercase());
    let output = tokio::process::Command::new("node")
        .arg("tests/e2e/outcomes.mjs")
        .current_dir(workspace())
        .env("BASE_URL", &app.base_url)
        .env("DEMO_SLUG", app::domain::outcomes::demo::QUERETARO_2010)
        .env("OFFICIAL_EMAIL", MX)
        .env("PASSWORD", crate::people::PASSWORD)
        .env("ARTIFACTS", &artifacts)
        .output()
        .await
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "outcomes.mjs failed:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("not ok"), "{stdout}");
    assert!(artifacts.join("commitments-chart.png").exists());
}
