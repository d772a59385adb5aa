//! The demo data: the events of the source report (Querétaro, 16 November 2010), Spanish originals
//! with English translations, loaded once into an empty database.

use app::domain::{EventDetails, EventInput, ValidationErrors};
use app::ssr::{Store, StoreResult};
use chrono::{DateTime, Utc};

/// One demo event: its slug and what a host would have typed.
pub struct DemoEvent {
    /// URL slug.
    pub slug: &'static str,
    /// The form input.
    pub input: EventInput,
}

fn input(
    host: &str,
    city: &str,
    kind: &str,
    status: &str,
    titles: (&str, &str),
    descriptions: (&str, &str),
    dates: (&str, &str, &str),
) -> EventInput {
    EventInput {
        host: host.into(),
        city: city.into(),
        kind: kind.into(),
        status: status.into(),
        title_es: titles.0.into(),
        title_en: titles.1.into(),
        description_es: descriptions.0.into(),
        description_en: descriptions.1.into(),
        month: dates.0.into(),
        start_date: dates.1.into(),
        end_date: dates.2.into(),
        ..EventInput::default()
    }
}

/// The five events of the source report.
#[must_use]
pub fn events() -> Vec<DemoEvent> {
    vec![
        DemoEvent {
            slug: "reunion-ministerial-delincuencia-organizada-2010",
            input: input(
                "MX",
                "Ciudad de México",
                "meeting",
                "confirmed",
                (
                    "Reunión ministerial sobre delincuencia organizada trasnacional y seguridad de los migrantes",
                    "Ministerial meeting on transnational organised crime and the safety of migrants",
                ),
                (
                    "Reunión en la que se aprobó el documento de acuerdos sobre delincuencia organizada trasnacional y seguridad de los migrantes.",
                    "Meeting that approved the agreements on transnational organised crime and the safety of migrants.",
                ),
                ("", "2010-10-08", "2010-10-08"),
            ),
        },
        DemoEvent {
            slug: "reunion-red-funcionarios-enlace-queretaro-2010",
            input: input(
                "MX",
                "Santiago de Querétaro",
                "meeting",
                "confirmed",
                (
                    "Reunión de la Red de Funcionarios de Enlace para el Combate a la Trata de Personas y al Tráfico Ilícito de Migrantes",
                    "Meeting of the Liaison Officers Network to Combat Trafficking in Persons and Migrant Smuggling",
                ),
                (
                    "Reunión de la Red con representantes de Canadá, Costa Rica, El Salvador, Estados Unidos de América, Guatemala, Honduras, México, Nicaragua, Panamá y República Dominicana; su informe se presentó al Grupo Regional de Consulta sobre Migración.",
                    "Network meeting with representatives of Canada, Costa Rica, El Salvador, the United States of America, Guatemala, Honduras, Mexico, Nicaragua, Panama and the Dominican Republic; its report went to the Regional Consultation Group on Migration.",
                ),
                ("", "2010-11-16", "2010-11-16"),
            ),
        },
        DemoEvent {
            slug: "taller-modernizacion-legislacion-trata-trafico-2010",
            input: input(
                "SV",
                "San Salvador",
                "workshop",
                "confirmed",
                (
                    "Taller de Modernización de la Legislación contra los delitos de trata de personas y tráfico ilícito de migrantes en los países de la CRM",
                    "Workshop on Modernising Legislation against Trafficking in Persons and Migrant Smuggling in the RCM Countries",
                ),
                (
                    "Taller sobre la modernización de la legislación de los países de la CRM contra la trata de personas y el tráfico ilícito de migrantes. Organizado con el apoyo de los Estados Unidos de América.",
                    "Workshop on modernising the legislation of the RCM countries against trafficking in persons and migrant smuggling. Organised with the support of the United States of America.",
                ),
                ("", "2010-12-01", "2010-12-03"),
            ),
        },
        DemoEvent {
            slug: "conferencia-trabajo-forzado-infantil-trata-2010",
            input: input(
                "GT",
                "Ciudad de Guatemala",
                "conference",
                "confirmed",
                (
                    "Conferencia sobre trabajo forzado infantil, trata de personas y turismo sexual infantil",
                    "Conference on forced child labour, trafficking in persons and child sex tourism",
                ),
                (
                    "Conferencia regional sobre trabajo forzado infantil, trata de personas y turismo sexual infantil.",
                    "Regional conference on forced child labour, trafficking in persons and child sex tourism.",
                ),
                ("", "2010-12-06", "2010-12-07"),
            ),
        },
        DemoEvent {
            slug: "ii-reunion-comites-coaliciones-mesas-trata-2011",
            input: input(
                "SV",
                "San Salvador",
                "meeting",
                "tentative",
                (
                    "II Reunión de los Comités, coaliciones y mesas sobre el tema de trata en la región",
                    "Second Meeting of the Committees, Coalitions and Round Tables on Trafficking in the Region",
                ),
                (
                    "Segunda reunión regional de los comités, coaliciones y mesas nacionales contra la trata. Fechas por confirmar.",
                    "Second regional meeting of the national committees, coalitions and round tables against trafficking. Dates to be confirmed.",
                ),
                ("2011-02", "", ""),
            ),
        },
    ]
}

/// Validates every demo event (they are data, so they pass the same checks as a host's input).
///
/// # Errors
/// The first demo event that fails validation.
pub fn validated() -> Result<Vec<(&'static str, EventDetails)>, ValidationErrors> {
    events()
        .into_iter()
        .map(|e| Ok((e.slug, e.input.validate()?)))
        .collect()
}

/// Loads the demo events once, into an empty database; a later start never reloads them, so
/// nothing a user changed is overwritten. Returns how many were loaded.
///
/// # Errors
/// When the store fails.
pub async fn load_once(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<usize> {
    let events = validated()
        .map_err(|e| app::ssr::StoreError::Other(anyhow::anyhow!("invalid demo data: {e}")))?;
    if store.count_events().await? > 0 || !store.claim_once("demo_data_loaded", now).await? {
        return Ok(0);
    }
    for (slug, details) in &events {
        store
            .create_event(slug, &format!("{slug}@enlace.demo"), details, now)
            .await?;
    }
    Ok(events.len())
}

/// Loads, once, the record of the Querétaro meeting of 16 November 2010 (the source report, final,
/// with its eight agreements and six commitments: [`app::domain::outcomes::demo_record`]),
/// validated by the domain against the stored demo events like a secretariat's input. Nothing
/// happens when that event is not there (demo data turned off, or deleted). Returns whether it
/// was loaded.
///
/// # Errors
/// When the store fails, or the demo record does not validate.
pub async fn record_once(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<bool> {
    use app::domain::outcomes::{EventRef, demo::QUERETARO_2010, demo_record};
    let meeting = match store.event_by_slug(QUERETARO_2010).await {
        Ok(e) => e,
        Err(app::ssr::StoreError::NotFound) => return Ok(false),
        Err(e) => return Err(e),
    };
    if store.record(meeting.id).await?.is_some()
        || !store.claim_once("demo_record_loaded", now).await?
    {
        return Ok(false);
    }
    let events: Vec<EventRef> = store
        .list_events(app::ssr::EventQuery::All)
        .await?
        .iter()
        .map(EventRef::of)
        .collect();
    let record = demo_record()
        .validate(&EventRef::of(&meeting), &events)
        .map_err(|e| app::ssr::StoreError::Other(anyhow::anyhow!("invalid demo record: {e}")))?;
    let changes = app::usecase::outcomes::record_changes(&meeting, None, &record);
    let by = app::ssr::AuditActor {
        account_id: None,
        email: "demo-data".into(),
    };
    store.replace_record(&record, &changes, &by, now).await?;
    Ok(true)
}

/// Loads, once, an upcoming workshop open for registration (45 days after the first start, in
/// Guatemala, 40 seats, 5 per delegation), so a new user can try registering: the source
/// report's events are all in the past. Returns whether it was loaded.
///
/// # Errors
/// When the store fails.
pub async fn upcoming_once(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<bool> {
    use chrono::Datelike;
    if !store.claim_once("demo_upcoming_loaded", now).await? {
        return Ok(false);
    }
    let start = now.date_naive() + chrono::Duration::days(45);
    let end = start + chrono::Duration::days(2);
    let details = EventInput {
        host: "GT".into(),
        city: "Antigua Guatemala".into(),
        venue: "Centro de Formación de la Cooperación Española".into(),
        kind: "workshop".into(),
        status: "confirmed".into(),
        title_es: "Taller regional sobre identificación de víctimas de trata (demostración)".into(),
        title_en: "Regional workshop on identifying victims of trafficking (demo)".into(),
        description_es:
            "Evento de demostración con la inscripción abierta: 40 cupos, hasta 5 por delegación."
                .into(),
        description_en: "Demo event with registration open: 40 seats, up to 5 per delegation."
            .into(),
        start_date: start.to_string(),
        end_date: end.to_string(),
        start_time: "09:00".into(),
        end_time: "17:00".into(),
        ..EventInput::default()
    }
    .validate()
    .map_err(|e| app::ssr::StoreError::Other(anyhow::anyhow!("invalid demo event: {e}")))?;
    let slug = format!("taller-identificacion-victimas-trata-{}", start.year());
    let event = store
        .create_event(&slug, &format!("{slug}@enlace.demo"), &details, now)
        .await?;
    // The mode new events get: open without mail (the demo's default: a confirmation link
    // nobody receives could never be opened), confirm by e-mail when mail is configured.
    let mode = store.registration_settings(event.id).await?.mode;
    let settings = app::domain::registration::RegistrationSettings {
        open: true,
        capacity: Some(40),
        quota: Some(5),
        deadline: Some(start - chrono::Duration::days(7)),
        mode,
    };
    let by = app::ssr::AuditActor {
        account_id: None,
        email: "demo-data".into(),
    };
    store
        .set_registration_settings(event.id, &settings, &by, now)
        .await?;
    Ok(true)
}

/// The demo secretariat account's email.
pub const DEMO_SECRETARIAT: &str = "secretaria@enlace.demo";

/// Creates the demo secretariat account once, with a random password, and returns its email and
/// password so the console can show them; `None` when it already exists.
///
/// # Errors
/// When the store fails.
pub async fn secretariat_once(
    store: &dyn Store,
    now: DateTime<Utc>,
) -> StoreResult<Option<(String, String)>> {
    if !store.claim_once("demo_secretariat_created", now).await? {
        return Ok(None);
    }
    let password = crate::auth::new_token();
    let hash = crate::auth::hash_password(&password)
        .map_err(|e| app::ssr::StoreError::Other(anyhow::anyhow!("hashing: {e}")))?;
    let new = app::ssr::NewAccount {
        email: DEMO_SECRETARIAT.into(),
        name: "Secretaría Técnica (demo)".into(),
        role: app::domain::access::Role::Secretariat,
        password_hash: Some(hash),
    };
    match store.create_account(&new, now).await {
        Ok(_) => Ok(Some((DEMO_SECRETARIAT.into(), password))),
        Err(app::ssr::StoreError::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_event_is_valid_and_bilingual() {
        let events = validated().unwrap();
        assert_eq!(events.len(), 5);
        for (slug, d) in events {
            assert!(!d.title.es.is_empty() && !d.title.en.is_empty(), "{slug}");
            assert!(
                !d.description.es.is_empty() && !d.description.en.is_empty(),
                "{slug}"
            );
        }
    }
}
