//! The secretariat's coordination page and its CSV export, on the real server: the regional
//! timeline of the demo calendar, a travel gap explained before anyone travels, and who may see it.

use app::domain::Country;
use app::domain::access::Role;

use crate::helpers::{Backend, TestApp, input};
use crate::people::{Person, account};

crate::on_both_backends!(
    the_secretariat_sees_the_timeline_and_a_travel_gap_explained,
    only_the_secretariat_sees_coordination,
);

async fn the_secretariat_sees_the_timeline_and_a_travel_gap_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // The demo's workshop in El Salvador ends on 3 December 2010; a Guatemala meeting starting on
    // 4 December leaves no free day to travel.
    let mut tight = input("GT", "2010-12-04", "2010-12-04");
    tight.title_es = "Reunión técnica en Guatemala".into();
    tight.kind = "meeting".into();
    app.insert("reunion-tecnica", &tight.validate().unwrap())
        .await;
    account(&app, "sec@test.org", Role::Secretariat).await;
    let sec = Person::signed_in(&app, "sec@test.org").await;
    assert!(
        sec.get_text("/dashboard")
            .await
            .contains("href=\"/coordination\"")
    );

    let response = sec.get("/coordination?from=2010-10&to=2011-02").await;
    assert_eq!(response.status().as_u16(), 200);
    let page = sec.get_text("/coordination?from=2010-10&to=2011-02").await;
    for country in Country::ALL {
        assert!(
            page.contains(&format!(
                "<div class=\"tl-label\">{}",
                country.name(app::domain::Lang::En)
            )),
            "a timeline row for {country:?}"
        );
    }
    assert!(page.contains("Workshop on Modernising Legislation"));
    assert!(page.contains("Reunión técnica en Guatemala"));
    assert!(page.contains("tl-bar host-gt"));
    assert!(
        page.contains("tentative"),
        "the February 2011 meeting is hatched"
    );
    assert!(page.contains("flagged"), "bars in a conflict are marked");
    assert!(page.contains("Travel gap"), "{page}");

    let csv = sec.get("/coordination.csv?from=2010-10&to=2011-02").await;
    assert_eq!(csv.status().as_u16(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "day,kind,severity,explanation,events,key"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("2010-12-01,Travel gap,") && r.contains("travel-gap:")),
        "{text}"
    );
    // The December 2010 pair itself (3 → 6 December: two free days) is not a conflict.
    assert!(
        !rows
            .iter()
            .any(|r| r.contains("taller-modernizacion") && r.contains("conferencia-trabajo")),
        "{text}"
    );
    // Filters: only cancelled events leaves nothing to conflict.
    let filtered = sec
        .get_text("/coordination?from=2010-10&to=2011-02&status=cancelled")
        .await;
    assert!(!filtered.contains("Reunión técnica en Guatemala"));
}

async fn only_the_secretariat_sees_coordination(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let official = Person::signed_in(&app, "gt@test.org").await;
    assert_eq!(official.get("/coordination").await.status().as_u16(), 403);
    assert_eq!(
        official.get("/coordination.csv").await.status().as_u16(),
        403
    );
    let anonymous = Person::anonymous(&app).await;
    for path in ["/coordination", "/coordination.csv"] {
        let response = anonymous.get(path).await;
        assert!(
            [302, 303].contains(&response.status().as_u16()),
            "{path}: {}",
            response.status()
        );
        assert!(
            response.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/signin")
        );
    }
}
