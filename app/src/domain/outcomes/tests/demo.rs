//! The demo record: it validates, and holds every numbered agreement of the report with the
//! commitments in the report's words.

use super::*;
use crate::domain::outcomes::demo::DELEGATIONS;
use crate::domain::outcomes::{MeetingRecord, RecordStatus, demo_record};

fn validated() -> MeetingRecord {
    let events = demo_events();
    demo_record()
        .validate(&meeting(), &events)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The first words of each numbered agreement of the report, 1 to 8.
const OPENINGS: [&str; 8] = [
    "Agradecer a las delegaciones de Canadá",
    "Recibir con beneplácito la presentación del Gobierno de México",
    "Congratular a los Gobiernos de El Salvador y de los Estados Unidos",
    "Recibir el informe de avance sobre actividades regionales",
    "La OIM ofreció hacer llegar, periódicamente",
    "Agradecer la presentación puntual de la RROCM.",
    "Las delegaciones puntualizaron la importancia",
    "Recibir la información de Canadá",
];

#[test]
fn the_demo_record_validates_and_has_every_numbered_agreement() {
    let r = validated();
    assert_eq!(r.event_slug, QUERETARO_2010);
    assert_eq!(r.status, RecordStatus::Final);
    assert_eq!(r.dates, meeting().dates);
    assert!(!r.dates_tentative);
    assert!(r.place.contains("Santiago de Querétaro"));
    assert!(
        r.title
            .es
            .starts_with("Informe de la Reunión de la Red de Funcionarios de Enlace")
    );
    let numbers: Vec<u32> = r.agreements.iter().map(|a| a.number).collect();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
    for (a, opening) in r.agreements.iter().zip(OPENINGS) {
        assert!(
            a.text.es.starts_with(opening),
            "{}: {}",
            a.number,
            a.text.es
        );
        assert!(!a.text.en.is_empty());
        assert!(
            !a.text.es.contains("  ") && !a.text.en.contains("  "),
            "{}",
            a.number
        );
    }
    assert_eq!(r.delegations.len(), DELEGATIONS.len());
    assert!(
        !r.delegations.contains(&Country::BZ),
        "Belize was not present"
    );
}

#[test]
fn agreement_three_names_its_three_events_and_six_the_ministerial_meeting() {
    let r = validated();
    assert_eq!(
        r.agreements[2].events,
        [COMMITTEES_2011, CONFERENCE_2010, WORKSHOP_2010]
    );
    assert_eq!(r.agreements[5].events, [MINISTERIAL_2010]);
    let es = &r.agreements[2].text.es;
    for item in ["\ni) II Reunión", "\nii) Conferencia", "\niii) Taller"] {
        assert!(es.contains(item), "{item}");
    }
}

#[test]
fn the_six_commitments_of_the_report() {
    let r = validated();
    let found: Vec<(u32, Vec<Party>, &str)> = r
        .commitments()
        .map(|(n, c)| (n, c.parties.clone(), c.due.kind_code()))
        .collect();
    let mx = Party::Member(Country::MX);
    assert_eq!(
        found,
        vec![
            (2, vec![mx], "when"),
            (4, vec![Party::Iom], "unstated"),
            (5, vec![Party::Iom], "periodically"),
            (6, vec![Party::AllDelegations], "unstated"),
            (6, vec![mx], "unstated"),
            (6, vec![Party::AllDelegations], "unstated"),
        ]
    );
    let commitments: Vec<&Commitment> = r.commitments().map(|(_, c)| c).collect();
    assert_eq!(
        commitments[0].due,
        DuePoint::When(Localized::new(
            "Una vez que se tenga la versión final",
            "Once the final version is available"
        ))
    );
    assert!(commitments[1].action.en.contains("into English"));
    assert!(
        commitments[2]
            .action
            .es
            .contains("a través de la Secretaría Técnica")
    );
    assert!(commitments[4].action.es.contains("31 de agosto de 2010"));
    assert!(commitments[5].action.es.contains("8 de octubre de 2010"));
    for c in &commitments {
        assert_eq!(c.status, CommitmentStatus::Pending);
        assert!(c.notes.is_empty());
    }
    for c in [commitments[3], commitments[5]] {
        assert_eq!(c.members.len(), 10);
        assert!(c.members.values().all(|s| *s == CommitmentStatus::Pending));
    }
}
