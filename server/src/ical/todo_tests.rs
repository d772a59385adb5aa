//! The to-do renderer on hand-built rows: the fields the domain gives, a country's view of "all
//! delegations", drafts left out, and text escaped.

use std::collections::BTreeMap;

use app::domain::outcomes::{
    Commitment, CommitmentStatus, DuePoint, Party, ProgressNote, RecordStatus,
};
use app::domain::{Country, EventDates, Lang, Localized};
use app::ssr::{CommitmentMeta, CommitmentRow, MeetingRef};
use chrono::{DateTime, NaiveDate, Utc};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn meeting(status: RecordStatus) -> MeetingRef {
    MeetingRef {
        event_id: 2,
        slug: "reunion-queretaro-2010".into(),
        uid: "reunion-queretaro-2010@enlace.demo".into(),
        event_title: Localized::new("Reunión", "Meeting"),
        title: Localized::new("Informe de la Reunión", "Report of the Meeting"),
        dates: EventDates::Exact {
            start: day(2010, 11, 16),
            end: day(2010, 11, 16),
            times: None,
        },
        status,
        hosts: vec![Country::MX],
    }
}

fn row(id: i64, parties: Vec<Party>, due: DuePoint, status: CommitmentStatus) -> CommitmentRow {
    CommitmentRow {
        meta: CommitmentMeta {
            id,
            uid: format!("commitment-{id}@enlace.test"),
            sequence: 3,
            updated_at: at("2010-12-01T10:00:00Z"),
        },
        meeting: meeting(RecordStatus::Final),
        agreement: 6,
        commitment: Commitment {
            parties,
            action: Localized::new(
                "Compartir el convenio; hoy, sin falta",
                "Share the agreement",
            ),
            due,
            status,
            members: BTreeMap::new(),
            notes: Vec::new(),
        },
        due_event_first_day: None,
    }
}

fn all_delegations(id: i64) -> CommitmentRow {
    let mut r = row(
        id,
        vec![Party::AllDelegations],
        DuePoint::Unstated,
        CommitmentStatus::InProgress,
    );
    r.commitment.members = BTreeMap::from([
        (Country::MX, CommitmentStatus::Done),
        (Country::GT, CommitmentStatus::Pending),
        (Country::SV, CommitmentStatus::Pending),
    ]);
    r
}

fn feed(lang: Lang) -> FeedInfo<'static> {
    FeedInfo {
        name: "Compromisos",
        description: "Todos",
        base_url: "https://enlace.test",
        lang,
    }
}

/// The unfolded content lines of the VTODO whose UID is `uid`.
fn todo_lines(text: &str, uid: &str) -> Vec<String> {
    let unfolded = text.replace("\r\n ", "");
    let blocks: Vec<&str> = unfolded.split("BEGIN:VTODO\r\n").skip(1).collect();
    let block = blocks
        .iter()
        .find(|b| b.contains(&format!("UID:{uid}\r\n")))
        .unwrap_or_else(|| panic!("{uid} missing"));
    block
        .split("END:VTODO")
        .next()
        .unwrap()
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

fn has(lines: &[String], line: &str) -> bool {
    lines.iter().any(|l| l == line)
}

#[test]
fn a_dated_commitment_has_the_domains_fields() {
    let mut dated = row(
        1,
        vec![Party::Member(Country::MX)],
        DuePoint::On(day(2011, 1, 31)),
        CommitmentStatus::InProgress,
    );
    dated.commitment.notes.push(ProgressNote {
        on: day(2010, 12, 1),
        party: Party::Member(Country::MX),
        text: Localized::new("Enviado a revisión", "Sent for review"),
    });
    let rows = [dated];
    let text = render(&select(&rows, None), None, &feed(Lang::Es));
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert_eq!(text.matches("BEGIN:VTODO").count(), 1);
    let lines = todo_lines(&text, "commitment-1@enlace.test");
    for want in [
        "DUE;VALUE=DATE:20110131",
        "STATUS:IN-PROCESS",
        "PERCENT-COMPLETE:50",
        "RELATED-TO:reunion-queretaro-2010@enlace.demo",
        "SEQUENCE:3",
        "DTSTAMP:20101201T100000Z",
        "LAST-MODIFIED:20101201T100000Z",
        "URL:https://enlace.test/commitments#c-1",
        "SUMMARY:México: Compartir el convenio\\; hoy\\, sin falta",
        "CATEGORIES:México",
    ] {
        assert!(has(&lines, want), "{want} not in {lines:#?}");
    }
    let description = lines
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(description.contains("Acuerdo 6 · Informe de la Reunión"));
    assert!(description.contains("Enviado a revisión"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
}

#[test]
fn before_an_event_is_due_the_day_before_it_starts_and_others_have_no_due() {
    let mut before = row(
        1,
        vec![Party::Iom],
        DuePoint::Before {
            event: "next".into(),
        },
        CommitmentStatus::Pending,
    );
    before.due_event_first_day = Some(day(2011, 3, 1));
    let mut unknown = before.clone();
    unknown.meta.id = 2;
    unknown.meta.uid = "commitment-2@enlace.test".into();
    unknown.due_event_first_day = None;
    let periodic = row(
        3,
        vec![Party::Iom],
        DuePoint::Periodically,
        CommitmentStatus::Done,
    );
    let rows = [before, unknown, periodic];
    let text = render(&select(&rows, None), None, &feed(Lang::En));
    let first = todo_lines(&text, "commitment-1@enlace.test");
    assert!(has(&first, "DUE;VALUE=DATE:20110228"), "{first:#?}");
    assert!(has(&first, "STATUS:NEEDS-ACTION") && has(&first, "PERCENT-COMPLETE:0"));
    assert!(has(&first, "SUMMARY:IOM: Share the agreement"));
    for uid in ["commitment-2@enlace.test", "commitment-3@enlace.test"] {
        let lines = todo_lines(&text, uid);
        assert!(!lines.iter().any(|l| l.starts_with("DUE")), "{lines:#?}");
    }
    let done = todo_lines(&text, "commitment-3@enlace.test");
    assert!(has(&done, "STATUS:COMPLETED") && has(&done, "PERCENT-COMPLETE:100"));
}

#[test]
fn a_country_sees_its_own_share_of_all_delegations() {
    let rows = [
        all_delegations(1),
        row(
            2,
            vec![Party::Member(Country::GT)],
            DuePoint::Unstated,
            CommitmentStatus::Dropped,
        ),
        row(
            3,
            vec![Party::Iom],
            DuePoint::Unstated,
            CommitmentStatus::Pending,
        ),
    ];
    let region = render(&select(&rows, None), None, &feed(Lang::Es));
    assert_eq!(region.matches("BEGIN:VTODO").count(), 3);
    let whole = todo_lines(&region, "commitment-1@enlace.test");
    assert!(has(&whole, "STATUS:IN-PROCESS"), "{whole:#?}");
    assert!(has(&whole, "PERCENT-COMPLETE:33"), "{whole:#?}");

    let mx = select(&rows, Some(Country::MX));
    assert_eq!(mx.len(), 1);
    let text = render(&mx, Some(Country::MX), &feed(Lang::Es));
    let own = todo_lines(&text, "commitment-1@enlace.test");
    assert!(has(&own, "STATUS:COMPLETED") && has(&own, "PERCENT-COMPLETE:100"));

    let gt = select(&rows, Some(Country::GT));
    let text = render(&gt, Some(Country::GT), &feed(Lang::Es));
    assert_eq!(text.matches("BEGIN:VTODO").count(), 2);
    let own = todo_lines(&text, "commitment-1@enlace.test");
    assert!(has(&own, "STATUS:NEEDS-ACTION") && has(&own, "PERCENT-COMPLETE:0"));
    let dropped = todo_lines(&text, "commitment-2@enlace.test");
    assert!(has(&dropped, "STATUS:CANCELLED"));
    // Belize was not among the delegations: nothing binds it.
    assert!(select(&rows, Some(Country::BZ)).is_empty());
}

#[test]
fn drafts_are_left_out_and_equal_data_gives_equal_bytes() {
    let mut draft = row(
        1,
        vec![Party::Iom],
        DuePoint::Unstated,
        CommitmentStatus::Pending,
    );
    draft.meeting.status = RecordStatus::Draft;
    let kept = row(
        2,
        vec![Party::Iom],
        DuePoint::Unstated,
        CommitmentStatus::Pending,
    );
    let rows = [draft, kept];
    let carried = select(&rows, None);
    assert_eq!(carried.len(), 1);
    assert_eq!(newest(&carried), Some(at("2010-12-01T10:00:00Z")));
    let a = render(&carried, None, &feed(Lang::Es));
    assert_eq!(a, render(&carried, None, &feed(Lang::Es)));
    assert!(!a.contains("commitment-1@"));
}

#[test]
fn hostile_text_cannot_inject_a_component() {
    let mut hostile = row(
        1,
        vec![Party::Iom],
        DuePoint::Unstated,
        CommitmentStatus::Pending,
    );
    hostile.commitment.action =
        Localized::new("Línea\r\nEND:VTODO\r\nBEGIN:VTODO\r\nUID:inyectado", "x");
    let rows = [hostile];
    let text = render(&select(&rows, None), None, &feed(Lang::Es));
    assert_eq!(
        text.split("\r\n").filter(|l| *l == "BEGIN:VTODO").count(),
        1
    );
    assert!(!text.contains("\r\nUID:inyectado"));
}

#[test]
fn names_in_both_languages() {
    assert_eq!(
        name(None, Lang::En),
        "Enlace: commitments across the region"
    );
    assert_eq!(
        name(Some(Country::MX), Lang::Es),
        "Enlace: compromisos de México"
    );
    assert!(!description_of_feed(Lang::Es).is_empty());
}
