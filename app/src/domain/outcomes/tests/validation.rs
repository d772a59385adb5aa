//! Bad input, each refused with its own bilingual problem; and what is allowed.

use super::*;
use crate::domain::error::Problem;
use crate::domain::lang::Lang;
use crate::domain::outcomes::{
    AgreementInput, CommitmentInput, NoteInput, OutcomeField as F, OutcomeProblem as P, Place,
    RecordContext, RecordInput,
};

fn input(parties: &[&str], due_kind: &str) -> CommitmentInput {
    CommitmentInput {
        parties: parties.iter().map(|s| (*s).to_owned()).collect(),
        action_es: "Compartir el convenio".into(),
        action_en: "Share the agreement".into(),
        due_kind: due_kind.into(),
        ..CommitmentInput::default()
    }
}

fn check(c: &CommitmentInput) -> Result<Commitment, super::super::OutcomeErrors> {
    let meeting = meeting();
    let mut events = demo_events();
    events.push(days(
        9,
        "cancelado-2011",
        EventStatus::Cancelled,
        d(2011, 3, 1),
        d(2011, 3, 2),
    ));
    let delegations = [Country::MX, Country::GT];
    c.validate(&RecordContext {
        meeting: &meeting,
        events: &events,
        delegations: &delegations,
    })
}

#[test]
fn a_commitment_needs_a_responsible_party() {
    let e = check(&input(&[], "")).unwrap_err();
    assert!(e.contains(F::Parties, P::NoParty));
    let e = check(&input(&["FR"], "")).unwrap_err();
    assert!(e.contains(F::Parties, P::Text(Problem::UnknownChoice)));
    let e = check(&input(&["ALL", "MX"], "")).unwrap_err();
    assert!(e.contains(F::Parties, P::AllDelegationsAlone));
    let ok = check(&input(&["iom", "MX", "IOM"], "")).unwrap();
    assert_eq!(ok.parties, [Party::Member(Country::MX), Party::Iom]);
}

#[test]
fn all_delegations_start_with_every_delegation_present() {
    let c = check(&CommitmentInput {
        status: "in_progress".into(),
        ..input(&["ALL"], "periodically")
    })
    .unwrap();
    assert_eq!(
        c.members.keys().copied().collect::<Vec<_>>(),
        [Country::GT, Country::MX]
    );
    assert_eq!(c.status, CommitmentStatus::InProgress);
    let meeting = meeting();
    let none = input(&["ALL"], "").validate(&RecordContext {
        meeting: &meeting,
        events: &[],
        delegations: &[],
    });
    assert!(none.unwrap_err().contains(F::Parties, P::NoDelegations));
}

#[test]
fn due_dates_and_events_must_come_after_the_meeting() {
    let on = |date: &str| CommitmentInput {
        due_date: date.into(),
        ..input(&["MX"], "on")
    };
    assert!(
        check(&on("2010-11-15"))
            .unwrap_err()
            .contains(F::DueDate, P::DueBeforeMeeting)
    );
    assert_eq!(
        check(&on("2010-11-16")).unwrap().due,
        DuePoint::On(d(2010, 11, 16))
    );
    assert!(
        check(&on("16/11/2010"))
            .unwrap_err()
            .contains(F::DueDate, P::Text(Problem::InvalidDate))
    );
    let before = |slug: &str| CommitmentInput {
        due_event: slug.into(),
        ..input(&["MX"], "before")
    };
    assert!(
        check(&before(MINISTERIAL_2010))
            .unwrap_err()
            .contains(F::DueEvent, P::EventNotLater)
    );
    assert!(
        check(&before(QUERETARO_2010))
            .unwrap_err()
            .contains(F::DueEvent, P::EventNotLater)
    );
    assert!(
        check(&before("cancelado-2011"))
            .unwrap_err()
            .contains(F::DueEvent, P::EventCancelled)
    );
    assert!(
        check(&before("no-existe"))
            .unwrap_err()
            .contains(F::DueEvent, P::UnknownEvent)
    );
    assert_eq!(
        check(&before(COMMITTEES_2011)).unwrap().due,
        DuePoint::Before {
            event: COMMITTEES_2011.into()
        }
    );
    assert!(
        check(&input(&["MX"], "soon"))
            .unwrap_err()
            .contains(F::DueKind, P::Text(Problem::UnknownChoice))
    );
}

#[test]
fn text_is_checked_and_an_action_is_required() {
    let blank = CommitmentInput {
        action_es: "  ".into(),
        action_en: String::new(),
        ..input(&["MX"], "")
    };
    assert!(
        check(&blank)
            .unwrap_err()
            .contains(F::ActionEs, P::NoAction)
    );
    let control = CommitmentInput {
        action_es: "Compartir\u{7}".into(),
        ..input(&["MX"], "")
    };
    assert!(
        check(&control)
            .unwrap_err()
            .contains(F::ActionEs, P::Text(Problem::ControlCharacters))
    );
    let when = input(&["MX"], "when");
    assert!(
        check(&when)
            .unwrap_err()
            .contains(F::ConditionEs, P::NoCondition)
    );
    let when = CommitmentInput {
        condition_en: "Once\u{1b}[2J".into(),
        ..when
    };
    assert!(
        check(&when)
            .unwrap_err()
            .contains(F::ConditionEn, P::Text(Problem::ControlCharacters))
    );
    let note = NoteInput {
        text_es: " ".into(),
        text_en: String::new(),
    };
    assert!(
        note.validate(d(2011, 1, 5), Party::Iom)
            .unwrap_err()
            .contains(F::NoteEs, P::NoNote)
    );
    let note = NoteInput {
        text_es: "Enviado.\nFalta el anexo.".into(),
        text_en: String::new(),
    };
    assert_eq!(
        note.validate(d(2011, 1, 5), Party::Iom).unwrap().text.es,
        "Enviado.\nFalta el anexo."
    );
}

fn record(agreements: Vec<AgreementInput>) -> RecordInput {
    RecordInput {
        title_es: "Informe".into(),
        place: "San Salvador".into(),
        delegations: vec!["SV".into(), "GT".into()],
        agreements,
        ..RecordInput::default()
    }
}

fn agreement(number: &str, commitments: Vec<CommitmentInput>) -> AgreementInput {
    AgreementInput {
        number: number.into(),
        text_es: "Acordar".into(),
        commitments,
        ..AgreementInput::default()
    }
}

#[test]
fn a_record_on_a_tentative_month_only_event_is_allowed_and_flagged() {
    let events = demo_events();
    let committees = &events[4];
    let r = record(vec![agreement("1", vec![input(&["ALL"], "")])])
        .validate(committees, &events)
        .unwrap();
    assert!(r.dates_tentative);
    assert_eq!(r.tentative_note(Lang::Es), Some("Fechas por confirmar"));
    assert_eq!(r.status, crate::domain::outcomes::RecordStatus::Draft);
    assert_eq!(r.delegations, [Country::SV, Country::GT]);
    // A due date in February 2011, the meeting's month, is not before it.
    let c = CommitmentInput {
        due_date: "2011-02-01".into(),
        ..input(&["SV"], "on")
    };
    assert!(
        record(vec![agreement("1", vec![c])])
            .validate(committees, &events)
            .is_ok()
    );
    let r = record(vec![]).validate(&meeting(), &events).unwrap();
    assert!(!r.dates_tentative && r.tentative_note(Lang::En).is_none());
}

#[test]
fn record_problems_are_placed_at_their_agreement_and_commitment() {
    let events = demo_events();
    let bad = CommitmentInput {
        parties: vec![],
        ..input(&[], "")
    };
    let mut r = record(vec![
        agreement("1", vec![]),
        agreement("1", vec![input(&["MX"], ""), bad]),
        AgreementInput {
            events: vec!["no-existe".into()],
            ..agreement("x", vec![])
        },
    ]);
    r.title_es = "Informe\u{0}".into();
    r.place = String::new();
    let e = r.validate(&meeting(), &events).unwrap_err();
    let places: Vec<(Place, F, P)> = e
        .items()
        .iter()
        .map(|e| (e.place, e.field, e.problem))
        .collect();
    assert_eq!(
        places,
        vec![
            (Place::Form, F::TitleEs, P::Text(Problem::ControlCharacters)),
            (Place::Form, F::Place, P::Text(Problem::Required)),
            (Place::Agreement(1), F::Number, P::DuplicateNumber),
            (
                Place::Commitment {
                    agreement: 1,
                    commitment: 1
                },
                F::Parties,
                P::NoParty
            ),
            (
                Place::Agreement(2),
                F::Number,
                P::Text(Problem::InvalidNumber { max: 999 })
            ),
            (Place::Agreement(2), F::Events, P::UnknownEvent),
        ]
    );
    assert!(
        e.describe(Lang::Es)
            .contains("Indique al menos un responsable.")
    );
    assert!(
        e.describe(Lang::En)
            .contains("Responsible parties: Name at least one responsible party.")
    );
}

#[test]
fn every_problem_reads_differently_in_each_language() {
    use CommitmentStatus::{Done, Dropped};
    let problems = [
        P::Text(Problem::Required),
        P::NoParty,
        P::AllDelegationsAlone,
        P::NoDelegations,
        P::NoAction,
        P::DueBeforeMeeting,
        P::EventNotLater,
        P::EventCancelled,
        P::UnknownEvent,
        P::NoCondition,
        P::DuplicateNumber,
        P::MoveNotAllowed {
            from: Done,
            to: Dropped,
        },
        P::PerMember,
        P::NotAMember,
        P::NoNote,
    ];
    for p in problems {
        assert_ne!(p.message(Lang::Es), p.message(Lang::En), "{p:?}");
    }
    assert_eq!(
        P::MoveNotAllowed {
            from: Done,
            to: Dropped
        }
        .message(Lang::Es),
        "No se puede pasar de «Cumplido» a «Descartado»."
    );
    let mut names: Vec<&str> = F::ALL.iter().map(|f| f.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), F::ALL.len());
    for f in F::ALL {
        assert_ne!(f.label(Lang::Es), f.label(Lang::En), "{f:?}");
    }
}
