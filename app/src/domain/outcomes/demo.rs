//! The demo record: the source report of the network's meeting in Santiago de Querétaro on
//! 16 November 2010, every numbered agreement in the report's Spanish with a faithful English,
//! and the commitments in the report's own words. Data, so it passes the same checks as a
//! secretariat's input ([`RecordInput::validate`]).

use super::commitment_input::CommitmentInput;
use super::input::{AgreementInput, RecordInput};

/// The meeting the report records (the demo event's slug, `server/src/demo.rs`).
pub const QUERETARO_2010: &str = "reunion-red-funcionarios-enlace-queretaro-2010";
/// The ministerial meeting of 8 October 2010 in Mexico City.
pub const MINISTERIAL_2010: &str = "reunion-ministerial-delincuencia-organizada-2010";
/// The legislation workshop, El Salvador, 1 to 3 December 2010.
pub const WORKSHOP_2010: &str = "taller-modernizacion-legislacion-trata-trafico-2010";
/// The conference on forced child labour, Guatemala, 6 and 7 December 2010.
pub const CONFERENCE_2010: &str = "conferencia-trabajo-forzado-infantil-trata-2010";
/// The second meeting of the committees, El Salvador, February 2011 (month only, tentative).
pub const COMMITTEES_2011: &str = "ii-reunion-comites-coaliciones-mesas-trata-2011";

/// The delegations present (the report's opening paragraph; Belize was not among them).
pub const DELEGATIONS: [&str; 10] = ["CA", "CR", "SV", "US", "GT", "HN", "MX", "NI", "PA", "DO"];

fn agreement(
    number: u32,
    es: &str,
    en: &str,
    events: &[&str],
    commitments: Vec<CommitmentInput>,
) -> AgreementInput {
    AgreementInput {
        number: number.to_string(),
        text_es: es.into(),
        text_en: en.into(),
        events: events.iter().map(|s| (*s).to_owned()).collect(),
        commitments,
    }
}

fn commitment(parties: &[&str], es: &str, en: &str, due_kind: &str) -> CommitmentInput {
    CommitmentInput {
        parties: parties.iter().map(|s| (*s).to_owned()).collect(),
        action_es: es.into(),
        action_en: en.into(),
        due_kind: due_kind.into(),
        ..CommitmentInput::default()
    }
}

/// The record of the Querétaro meeting, final (the report is marked "Versión final"), for the
/// event [`QUERETARO_2010`].
#[must_use]
pub fn demo_record() -> RecordInput {
    RecordInput {
        title_es: "Informe de la Reunión de la Red de Funcionarios de Enlace para el Combate a la Trata de Personas y al Tráfico Ilícito de Migrantes".into(),
        title_en: "Report of the Meeting of the Liaison Officers Network to Combat Trafficking in Persons and Migrant Smuggling".into(),
        place: "Ciudad de Santiago de Querétaro, Querétaro, México".into(),
        status: "final".into(),
        preamble_es: "La Red de Funcionarios de Enlace para el Combate a la Trata de Personas y al Tráfico Ilícito de Migrantes, en reunión celebrada el 16 de noviembre de 2010 en la Ciudad de Santiago de Querétaro, Querétaro, con la participación de los representantes de Canadá, Costa Rica, El Salvador, Estados Unidos de América, Guatemala, Honduras, México, Nicaragua, Panamá y República Dominicana, presenta al Grupo Regional de Consulta sobre Migración su informe derivado de la agenda propuesta y aprobada para esta reunión:".into(),
        preamble_en: "The Liaison Officers Network to Combat Trafficking in Persons and Migrant Smuggling, meeting on 16 November 2010 in the City of Santiago de Querétaro, Querétaro, with the participation of the representatives of Canada, Costa Rica, El Salvador, the United States of America, Guatemala, Honduras, Mexico, Nicaragua, Panama and the Dominican Republic, presents to the Regional Consultation Group on Migration its report arising from the agenda proposed and approved for this meeting:".into(),
        delegations: DELEGATIONS.iter().map(|c| (*c).to_owned()).collect(),
        agreements: agreements(),
    }
}

fn agreements() -> Vec<AgreementInput> {
    vec![
        agreement(
            1,
            "Agradecer a las delegaciones de Canadá, Costa Rica, El Salvador, Estados Unidos de América, Guatemala, Honduras, México, Nicaragua, Panamá y República Dominicana por compartir los avances realizados en el último año en materia de combate a la trata de personas y al tráfico ilícito de migrantes; haciendo especial énfasis en las acciones en materia de reformas legislativas en la materia, protección a víctimas de trata de personas, prevención y combate de este delito, entre otros;",
            "To thank the delegations of Canada, Costa Rica, El Salvador, the United States of America, Guatemala, Honduras, Mexico, Nicaragua, Panama and the Dominican Republic for sharing the progress made over the last year in combating trafficking in persons and migrant smuggling, with special emphasis on action on legislative reform in this field, protection of victims of trafficking in persons, and prevention and combating of this crime, among others;",
            &[],
            vec![],
        ),
        agreement(
            2,
            "Recibir con beneplácito la presentación del Gobierno de México respecto del proyecto “Formador de Formadores”, en el marco de la campaña Corazón Azul - diálogos con la comunidad. México ofreció distribuir el contenido de la campaña, la capacitación, el manual del formador y el cuadernillo didáctico, una vez que se tenga la versión final;",
            "To welcome the presentation by the Government of Mexico of the “Trainer of Trainers” (“Formador de Formadores”) project, within the framework of the Blue Heart campaign (Corazón Azul) - dialogues with the community. Mexico offered to distribute the content of the campaign, the training, the trainer’s manual and the workbook, once the final version is available;",
            &[],
            vec![CommitmentInput {
                condition_es: "Una vez que se tenga la versión final".into(),
                condition_en: "Once the final version is available".into(),
                ..commitment(
                    &["MX"],
                    "Distribuir el contenido de la campaña Corazón Azul, la capacitación, el manual del formador y el cuadernillo didáctico del proyecto “Formador de Formadores”.",
                    "Distribute the content of the Blue Heart (Corazón Azul) campaign, the training, the trainer’s manual and the workbook of the “Trainer of Trainers” project.",
                    "when",
                )
            }],
        ),
        agreement(
            3,
            "Congratular a los Gobiernos de El Salvador y de los Estados Unidos de América por el informe sobre los avances en la organización de los eventos previstos en materia de trata y tráfico ilícito de migrantes:\n\
             i) II Reunión de los Comités, coaliciones y mesas sobre el tema de trata en la región, a realizarse en febrero de 2011 en El Salvador;\n\
             ii) Conferencia sobre trabajo forzado infantil, trata de personas y turismo sexual infantil, a llevarse a cabo los días 6 y 7 de diciembre de 2010 en Guatemala;\n\
             iii) Taller de Modernización de la Legislación contra los delitos de trata de personas y tráfico ilícito de migrantes en los países de la CRM, a celebrarse los días 1, 2 y 3 de diciembre de 2010 en El Salvador.",
            "To congratulate the Governments of El Salvador and the United States of America on the report on the progress in organising the planned events on trafficking in persons and migrant smuggling:\n\
             i) Second Meeting of the Committees, Coalitions and Round Tables on Trafficking in the Region, to be held in February 2011 in El Salvador;\n\
             ii) Conference on forced child labour, trafficking in persons and child sex tourism, to take place on 6 and 7 December 2010 in Guatemala;\n\
             iii) Workshop on Modernising Legislation against the Crimes of Trafficking in Persons and Migrant Smuggling in the RCM Countries, to be held on 1, 2 and 3 December 2010 in El Salvador.",
            &[COMMITTEES_2011, CONFERENCE_2010, WORKSHOP_2010],
            vec![],
        ),
        agreement(
            4,
            "Recibir el informe de avance sobre actividades regionales y nuevos desafíos en materia de trata de personas y tráfico ilícito de migrantes, presentado por la OIM; la cual agradeció el financiamiento proporcionado por los Gobiernos de los Estados Unidos de América y de Canadá, mismo que ha contribuido al efectivo combate a estos ilícitos. La OIM se comprometió a traducir al idioma inglés el informe que presenta ante la CRM;",
            "To receive the progress report on regional activities and new challenges in trafficking in persons and migrant smuggling, presented by the IOM, which thanked the Governments of the United States of America and Canada for their funding, which has contributed to effectively combating these crimes. The IOM undertook to translate into English the report it presents to the RCM;",
            &[],
            vec![commitment(
                &["IOM"],
                "Traducir al idioma inglés el informe que presenta ante la CRM.",
                "Translate into English the report it presents to the RCM.",
                "unstated",
            )],
        ),
        agreement(
            5,
            "La OIM ofreció hacer llegar, periódicamente para su distribución el boletín informativo sobre la implementación de los proyectos en materia de trata y tráfico ilícito de migrantes, a través de la Secretaría Técnica;",
            "The IOM offered to send periodically, for distribution, its information bulletin on the implementation of projects on trafficking in persons and migrant smuggling, through the Technical Secretariat;",
            &[],
            vec![commitment(
                &["IOM"],
                "Hacer llegar, a través de la Secretaría Técnica y para su distribución, el boletín informativo sobre la implementación de los proyectos en materia de trata y tráfico ilícito de migrantes.",
                "Send, through the Technical Secretariat and for distribution, the information bulletin on the implementation of projects on trafficking in persons and migrant smuggling.",
                "periodically",
            )],
        ),
        agreement(
            6,
            "Agradecer la presentación puntual de la RROCM. Las delegaciones presentes ofrecieron hacer llegar a la RROCM, aquellos documentos que consideren relevantes en los trabajos de seguimiento relacionados contra la trata de personas y tráfico ilícito de migrantes;\n\
             · El Gobierno de México ofreció compartir con la RROCM el Convenio Marco de Colaboración para la Prevención y Combate al Secuestro de Migrantes celebrado el 31 de agosto de 2010, en la Ciudad de México.\n\
             · Las delegaciones verificarán la viabilidad de hacer llegar el documento de acuerdos de la “Reunión ministerial sobre delincuencia organizada trasnacional y seguridad de los migrantes”, aprobado el 8 de octubre de 2010 en la Ciudad de México.",
            "To thank the RROCM for its concise presentation. The delegations present offered to send the RROCM those documents they consider relevant to the follow-up work against trafficking in persons and migrant smuggling;\n\
             · The Government of Mexico offered to share with the RROCM the Framework Collaboration Agreement for the Prevention and Combating of the Kidnapping of Migrants, signed on 31 August 2010 in Mexico City.\n\
             · The delegations will verify whether it is feasible to send the document of agreements of the “Ministerial meeting on transnational organised crime and the safety of migrants”, approved on 8 October 2010 in Mexico City.",
            &[MINISTERIAL_2010],
            vec![
                commitment(
                    &["ALL"],
                    "Hacer llegar a la RROCM aquellos documentos que consideren relevantes en los trabajos de seguimiento relacionados contra la trata de personas y tráfico ilícito de migrantes.",
                    "Send the RROCM those documents they consider relevant to the follow-up work against trafficking in persons and migrant smuggling.",
                    "unstated",
                ),
                commitment(
                    &["MX"],
                    "Compartir con la RROCM el Convenio Marco de Colaboración para la Prevención y Combate al Secuestro de Migrantes celebrado el 31 de agosto de 2010, en la Ciudad de México.",
                    "Share with the RROCM the Framework Collaboration Agreement for the Prevention and Combating of the Kidnapping of Migrants, signed on 31 August 2010 in Mexico City.",
                    "unstated",
                ),
                commitment(
                    &["ALL"],
                    "Verificar la viabilidad de hacer llegar el documento de acuerdos de la “Reunión ministerial sobre delincuencia organizada trasnacional y seguridad de los migrantes”, aprobado el 8 de octubre de 2010 en la Ciudad de México.",
                    "Verify whether it is feasible to send the document of agreements of the “Ministerial meeting on transnational organised crime and the safety of migrants”, approved on 8 October 2010 in Mexico City.",
                    "unstated",
                ),
            ],
        ),
        agreement(
            7,
            "Las delegaciones puntualizaron la importancia de abordar la problemática que sufren los migrantes indocumentados, particularmente aquellos que se vuelven víctimas en el tránsito a su país de destino; así como, la vinculación de delitos conexos a la trata y al tráfico ilícito de migrantes.",
            "The delegations stressed the importance of addressing the problems suffered by undocumented migrants, particularly those who become victims in transit to their country of destination, as well as the links between related crimes and trafficking in persons and migrant smuggling.",
            &[],
            vec![],
        ),
        agreement(
            8,
            "Recibir la información de Canadá sobre el establecimiento de un grupo de trabajo temporal intergubernamental de la 5ta sesión de la Conferencia de Estados Parte para la Convención de las Naciones Unidas contra el Crimen Organizado Transnacional a fin de proponer y apoyar a la Conferencia en relación con el Protocolo sobre Tráfico de Migrantes. Esta actualización fue apoyada por las delegaciones.",
            "To receive the information from Canada on the establishment of a temporary intergovernmental working group of the 5th session of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime, to make proposals to and support the Conference regarding the Protocol against the Smuggling of Migrants. This update was supported by the delegations.",
            &[],
            vec![],
        ),
    ]
}
