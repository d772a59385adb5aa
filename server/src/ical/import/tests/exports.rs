//! Real exports read whole: Outlook and Google Calendar files, the source report's December 2010
//! events, and our own feed of the demo events read back.

use super::*;

#[test]
fn outlook_export_with_windows_zones_is_read() {
    let candidates = read(&outlook(), Country::GT);
    assert_eq!(candidates.len(), 4);

    let conference = &candidates[0];
    assert_eq!(conference.skip, None);
    assert_eq!(
        conference.source_uid,
        "040000008200E00074C5B7101A82E00800000000D0C2A5B87E86CB01000000000000000010000000F3A1B6C3D2E4F5A6B7C8D9E0F1A2B3C4"
    );
    let input = &conference.input;
    assert_eq!(
        input.title_es,
        "Conferencia sobre trabajo forzado infantil, trata de personas y turismo sexual infantil"
    );
    assert_eq!(input.title_en, "");
    assert_eq!(
        input.description_es,
        "Conferencia regional sobre trabajo forzado infantil, trata de personas y turismo sexual infantil.\n\nOrganizada con el apoyo de los Estados Unidos de América."
    );
    assert_eq!(input.tz, "America/Guatemala");
    assert_eq!(
        (input.start_date.as_str(), input.end_date.as_str()),
        ("2010-12-06", "2010-12-07")
    );
    assert_eq!(
        (input.start_time.as_str(), input.end_time.as_str()),
        ("09:00", "17:00")
    );
    assert_eq!(input.city, "Ciudad de Guatemala");
    assert_eq!(input.venue, "Hotel Westin Camino Real");
    assert_eq!(input.status, "confirmed");
    assert_eq!(input.kind, "meeting");
    assert_eq!(input.host, "GT");
    assert_eq!(conference.suggested_host, Some(Country::GT));
    assert!(!conference.past);

    let workshop = &candidates[1];
    assert_eq!(workshop.skip, None);
    assert_eq!(workshop.input.start_date, "2010-12-01");
    assert_eq!(workshop.input.end_date, "2010-12-03");
    assert_eq!(workshop.input.start_time, "");
    assert_eq!(workshop.input.city, "San Salvador");
    assert_eq!(workshop.input.description_es, "");
    assert_eq!(workshop.suggested_host, Some(Country::SV));

    assert_eq!(candidates[2].skip, Some(SkipReason::Recurring));
    assert_eq!(candidates[3].skip, Some(SkipReason::Private));
}

#[test]
fn outlook_event_can_be_given_another_host() {
    let events = parse_ics(outlook().as_bytes()).unwrap();
    let workshop = events[1].to_candidate(&defaults(Country::SV));
    assert_eq!(workshop.input.host, "SV");
    assert_eq!(workshop.input.tz, "America/El_Salvador");
    assert_eq!(workshop.skip, None);
    assert_eq!(events[1].line(), workshop.line);
    assert_eq!(events[1].source_uid(), workshop.source_uid);
}

/// What Google Calendar writes for "Export": LF here (it writes CRLF, but files pass through
/// editors), UTC times, all-day dates, and a VTIMEZONE for the calendar's zone.
const GOOGLE: &str = r"BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Red de Funcionarios de Enlace
X-WR-TIMEZONE:America/Mexico_City
BEGIN:VTIMEZONE
TZID:America/Mexico_City
X-LIC-LOCATION:America/Mexico_City
BEGIN:STANDARD
TZOFFSETFROM:-0500
TZOFFSETTO:-0600
TZNAME:CST
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART:20101116T150000Z
DTEND:20101116T230000Z
DTSTAMP:20240102T101010Z
UID:3k4l5m6n7o8p9q0r1s2t3u4v5w@google.com
CREATED:20101001T170000Z
DESCRIPTION:Reunión de la Red con representantes de los países miembros.
LAST-MODIFIED:20101102T170000Z
LOCATION:Av. Constituyentes 3\, Centro\, 76000 Santiago de Querétaro\, Qro.
 \, México
SEQUENCE:2
STATUS:CONFIRMED
SUMMARY:Reunión de la Red de Funcionarios de Enlace
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20101008
DTEND;VALUE=DATE:20101009
DTSTAMP:20240102T101010Z
UID:0a1b2c3d4e5f6g7h8i9j@google.com
CREATED:20100901T170000Z
DESCRIPTION:
LAST-MODIFIED:20100901T170000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Reunión ministerial sobre delincuencia organizada trasnacional
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=America/Tijuana:20101120T100000
DTEND;TZID=America/Tijuana:20101120T120000
DTSTAMP:20240102T101010Z
UID:tijuana@google.com
STATUS:TENTATIVE
SUMMARY:Visita a la frontera norte
LOCATION:Tijuana\, B.C.\, México
END:VEVENT
END:VCALENDAR
";

#[test]
fn google_export_with_utc_times_and_all_day_dates_is_read() {
    let candidates = read(GOOGLE, Country::MX);
    assert_eq!(candidates.len(), 3);

    let network = &candidates[0];
    assert_eq!(network.skip, None);
    assert_eq!(network.source_uid, "3k4l5m6n7o8p9q0r1s2t3u4v5w@google.com");
    // 15:00Z is 09:00 in Mexico City in November 2010 (UTC-6).
    assert_eq!(network.input.tz, "America/Mexico_City");
    assert_eq!(network.input.start_date, "2010-11-16");
    assert_eq!(network.input.end_date, "2010-11-16");
    assert_eq!(network.input.start_time, "09:00");
    assert_eq!(network.input.end_time, "17:00");
    assert_eq!(network.input.city, "Santiago de Querétaro");
    assert_eq!(network.input.venue, "Av. Constituyentes 3, Centro");
    assert!(!network.city_assumed);
    assert!(!network.past);

    let ministerial = &candidates[1];
    assert_eq!(ministerial.skip, None);
    assert_eq!(ministerial.input.start_date, "2010-10-08");
    assert_eq!(ministerial.input.end_date, "2010-10-08");
    assert_eq!(ministerial.input.city, "Ciudad de México");
    assert!(ministerial.city_assumed);
    assert!(ministerial.past);

    let border = &candidates[2];
    assert_eq!(border.skip, None);
    assert_eq!(border.input.tz, "America/Tijuana");
    assert_eq!(border.input.status, "tentative");
    assert_eq!(border.input.start_time, "10:00");
    assert_eq!(border.input.city, "Tijuana");
}

#[test]
fn english_calendars_fill_the_english_fields() {
    let defaults = ImportDefaults {
        lang: Lang::En,
        ..defaults(Country::MX)
    };
    let candidates = read_as(GOOGLE.as_bytes(), &defaults);
    let first = &candidates[0].input;
    assert_eq!(
        first.title_en,
        "Reunión de la Red de Funcionarios de Enlace"
    );
    assert_eq!(first.title_es, "");
    assert!(first.description_en.starts_with("Reunión de la Red"));
    assert_eq!(first.description_es, "");
    assert_eq!(candidates[1].input.city, "Mexico City");
}

/// The December 2010 events of the source report, as a host might keep them in Outlook.
const REPORT: &str = r"BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Prueba//Informe Queretaro//ES
BEGIN:VEVENT
UID:taller-legislacion@sv
DTSTART;VALUE=DATE:20101201
DTEND;VALUE=DATE:20101204
SUMMARY:Taller de Modernización de la Legislación contra los delitos de trata de personas y tráfico ilícito de migrantes en los países de la CRM
LOCATION:San Salvador\, El Salvador
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:conferencia-trabajo-forzado@gt
DTSTART;VALUE=DATE:20101206
DTEND;VALUE=DATE:20101208
SUMMARY:Conferencia sobre trabajo forzado infantil\, trata de personas y turismo sexual infantil
LOCATION:Ciudad de Guatemala\, Guatemala
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:ii-reunion-comites@sv
DTSTART;VALUE=DATE:20110201
DTEND;VALUE=DATE:20110301
SUMMARY:II Reunión de los Comités\, coaliciones y mesas sobre el tema de trata en la región
LOCATION:San Salvador\, El Salvador
STATUS:TENTATIVE
END:VEVENT
END:VCALENDAR
";

#[test]
fn the_december_2010_report_events_are_read_with_their_hosts() {
    let events = parse_ics(REPORT.as_bytes()).unwrap();
    let hosts = [Country::SV, Country::GT, Country::SV];
    let candidates: Vec<Candidate> = events
        .iter()
        .zip(hosts)
        .map(|(e, host)| e.to_candidate(&defaults(host)))
        .collect();
    for (c, host) in candidates.iter().zip(hosts) {
        assert_eq!(c.skip, None, "{c:?}");
        assert_eq!(c.suggested_host, Some(host));
    }
    let dates: Vec<_> = candidates
        .iter()
        .map(|c| {
            (
                c.input.city.as_str(),
                c.input.month.as_str(),
                c.input.start_date.as_str(),
                c.input.end_date.as_str(),
                c.input.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("San Salvador", "", "2010-12-01", "2010-12-03", "confirmed"),
            (
                "Ciudad de Guatemala",
                "",
                "2010-12-06",
                "2010-12-07",
                "confirmed"
            ),
            ("San Salvador", "2011-02", "", "", "tentative"),
        ]
    );
}

#[test]
fn our_own_feed_of_the_demo_events_reads_back_to_the_same_events() {
    let demo = crate::demo::validated().unwrap();
    let events: Vec<app::domain::Event> = demo
        .iter()
        .map(|(slug, details)| app::domain::Event {
            id: 1,
            slug: (*slug).to_owned(),
            uid: format!("{slug}@enlace.test"),
            details: details.clone(),
            revision: 0,
            version: 0,
            published: true,
            cancel_reason: String::new(),
            cancelled_at: None,
            created_at: now(),
            updated_at: now(),
        })
        .collect();
    let feed = crate::ical::render(
        &events,
        &crate::ical::FeedInfo {
            name: "Enlace",
            description: "Calendario",
            base_url: "https://enlace.test",
            lang: Lang::Es,
        },
    );
    let imported = parse_ics(feed.as_bytes()).unwrap();
    assert_eq!(imported.len(), events.len());
    for (event, imported) in events.iter().zip(&imported) {
        let d = &event.details;
        let candidate = imported.to_candidate(&ImportDefaults {
            host: d.host,
            lang: Lang::Es,
            kind: d.kind,
            now: now(),
        });
        assert_eq!(candidate.skip, None, "{candidate:?}");
        assert_eq!(candidate.source_uid, event.uid);
        let back = candidate.input.validate().unwrap();
        assert_eq!(back.title.es, d.title.es);
        assert_eq!(back.city, d.city);
        assert_eq!(back.dates, d.dates);
        assert_eq!(back.status, d.status);
        assert_eq!(back.tz, d.tz);
        assert!(back.description.es.starts_with(&d.description.es));
    }
}
