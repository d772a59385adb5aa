//! Server-rendered pages, as a browser without JavaScript gets them.

use crate::helpers::{Backend, Spawn, TestApp, input};

crate::on_sqlite_only!(
    home_shows_the_most_recent_events_when_none_are_upcoming,
    home_lists_upcoming_events_first,
    language_follows_accept_language_and_the_cookie_wins,
    language_switch_sets_the_cookie_and_returns_to_the_page,
    month_calendar_spans_multi_day_events_and_links_neighbour_months,
    month_only_events_are_listed_apart_from_the_grid,
    a_bad_month_gets_a_clear_error,
    event_page_shows_content_hosts_place_zone_and_status,
    unknown_event_is_a_404_in_the_reader_language,
    missing_translation_falls_back_visibly,
    html_in_titles_is_shown_as_text,
);

async fn home_shows_the_most_recent_events_when_none_are_upcoming(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.page("/", "es-GT,es;q=0.9").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("<html lang=\"es\""),
        "html lang: {}",
        &body[..body.len().min(300)]
    );
    assert!(body.contains("Eventos más recientes"));
    assert!(body.contains("No hay eventos próximos"));
    assert!(body.contains("Taller de Modernización de la Legislación"));
    assert!(body.contains("1–3 de diciembre de 2010"));
    assert!(body.contains("Conferencia sobre trabajo forzado infantil"));
    assert!(body.contains("6–7 de diciembre de 2010"));
    assert!(body.contains(">El Salvador<") && body.contains(">Guatemala<"));
    assert!(body.contains("href=\"/events/taller-modernizacion-legislacion-trata-trafico-2010\""));
    // Landmarks and a skip link.
    for landmark in [
        "<header",
        "<nav",
        "<main id=\"main\"",
        "<footer",
        "class=\"skip-link\"",
    ] {
        assert!(body.contains(landmark), "{landmark}");
    }
}

async fn home_lists_upcoming_events_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.insert(
        "future-workshop",
        &input("HN", "2031-05-05", "2031-05-06").validate().unwrap(),
    )
    .await;
    let (_, body) = app.page("/", "en").await;
    assert!(body.contains("Upcoming events"));
    assert!(body.contains("Workshop in HN"));
    assert!(!body.contains("Most recent events"));
}

async fn language_follows_accept_language_and_the_cookie_wins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, english) = app.page("/", "en-US,en;q=0.8").await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains("Most recent events"));
    assert!(english.contains("1–3 December 2010"));
    assert!(english.contains("Workshop on Modernising Legislation"));

    let response = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en")
        .header("cookie", "i18n_pref_locale=es")
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Eventos más recientes"),
        "the cookie must win over the header"
    );
}

async fn language_switch_sets_the_cookie_and_returns_to_the_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .get_in("/lang/en?next=%2Fcalendar%3Fmonth%3D2010-12", "es")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/calendar?month=2010-12");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("i18n_pref_locale=en;") && cookie.contains("Path=/"),
        "{cookie}"
    );

    let response = app.get_in("/lang/es?next=//evil.example/", "es").await;
    assert_eq!(response.headers()["location"], "/", "no open redirect");
    assert_eq!(
        app.get_in("/lang/fr?next=/", "es").await.status().as_u16(),
        404
    );

    // Every page carries the switch, pointing back to itself.
    let (_, body) = app.page("/calendar?month=2010-12", "es").await;
    assert!(
        body.contains("href=\"/lang/en?next=/calendar%3Fmonth%3D2010-12\""),
        "switch link missing"
    );
}

async fn month_calendar_spans_multi_day_events_and_links_neighbour_months(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.page("/calendar?month=2010-12", "es").await;
    assert_eq!(status, 200);
    assert!(body.contains("diciembre de 2010"));
    // Wednesday 1 to Friday 3 December: columns 3 to 5 of the first week.
    assert!(
        body.contains("grid-column:3 / span 3;grid-row:2;background:#1a4fa0"),
        "workshop bar"
    );
    // Monday 6 to Tuesday 7 December: columns 1 and 2 of the second week.
    assert!(
        body.contains("grid-column:1 / span 2;grid-row:2;background:#2e7d32"),
        "conference bar"
    );
    assert!(body.contains("href=\"/calendar?month=2010-11\""));
    assert!(body.contains("href=\"/calendar?month=2011-01\""));
    // Host colour always comes with the host's name.
    assert!(body.contains("<span class=\"bar-host\">El Salvador</span>"));
    assert!(body.contains("<span class=\"bar-host\">Guatemala</span>"));
}

async fn month_only_events_are_listed_apart_from_the_grid(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, body) = app.page("/calendar?month=2011-02", "en").await;
    let section = body
        .find("Dates to be confirmed this month")
        .expect("month-only section");
    assert!(body[section..].contains("Second Meeting of the Committees"));
    assert!(body.contains("February 2011 (dates to be confirmed)"));
    assert!(
        !body.contains("class=\"bar"),
        "no bar on the grid for a month-only event"
    );
}

async fn a_bad_month_gets_a_clear_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.page("/calendar?month=2010-13", "es").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Algo salió mal") || body.contains("No pudimos"),
        "{body}"
    );
}

async fn event_page_shows_content_hosts_place_zone_and_status(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app
        .page(
            "/events/conferencia-trabajo-forzado-infantil-trata-2010",
            "es",
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1><span lang=\"es\">Conferencia sobre trabajo forzado infantil"));
    assert!(body.contains("Conferencia</span>"));
    assert!(body.contains("Confirmado"));
    assert!(body.contains("6–7 de diciembre de 2010"));
    assert!(body.contains("America/Guatemala"));
    assert!(body.contains("Ciudad de Guatemala"));
    assert!(body.contains("Sede por anunciar"));
    assert!(
        body.contains("href=\"/events/conferencia-trabajo-forzado-infantil-trata-2010/subscribe\"")
    );

    let mut timed = input("MX", "2024-07-01", "2024-07-01");
    timed.start_time = "09:00".into();
    timed.end_time = "17:00".into();
    timed.cohosts = vec!["GT".into()];
    app.insert("timed", &timed.validate().unwrap()).await;
    let (_, body) = app.page("/events/timed?tz=America/New_York", "en").await;
    assert!(body.contains("1 July 2024, 09:00–17:00"));
    assert!(body.contains("Event&#x27;s local time") || body.contains("Event's local time"));
    assert!(body.contains("America/Mexico_City"));
    // Without JavaScript the viewer picks a zone with a plain GET form.
    assert!(body.contains("1 July 2024, 11:00–19:00"), "New York view");
    assert!(body.contains("Co-host countries"));
}

async fn unknown_event_is_a_404_in_the_reader_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.page("/events/no-such-event", "en").await;
    assert_eq!(status, 404);
    assert!(body.contains("There is no event at this address."));
    let (status, body) = app.page("/no/such/page", "es").await;
    assert_eq!(status, 404);
    assert!(body.contains("No existe ninguna página en esta dirección."));
}

async fn missing_translation_falls_back_visibly(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut raw = input("NI", "2030-03-03", "2030-03-03");
    raw.title_en = String::new();
    raw.title_es = "Taller solo en español".into();
    app.insert("solo-es", &raw.validate().unwrap()).await;
    let (_, body) = app.page("/events/solo-es", "en").await;
    assert!(body.contains("<span lang=\"es\">Taller solo en español</span>"));
    assert!(body.contains("Available only in Spanish"));
}

async fn html_in_titles_is_shown_as_text(backend: Backend) {
    let app = TestApp::spawn_with(backend, Spawn { demo: false }).await;
    let mut raw = input("BZ", "2030-04-04", "2030-04-04");
    raw.title_es = "</title><script>alert('x')</script> & <b>negrita</b>".into();
    app.insert("html", &raw.validate().unwrap()).await;
    let (_, body) = app.page("/events/html", "es").await;
    assert!(
        !body.contains("<script>alert"),
        "{}",
        &body[body.find("<script>alert").unwrap_or(0).saturating_sub(300)..][..600]
    );
    assert!(body.contains("&lt;script&gt;alert"));
    assert!(
        !body.contains("</title><script>"),
        "the document title must not be broken out of"
    );
    assert!(!body.contains("<b>negrita</b>"));
}
