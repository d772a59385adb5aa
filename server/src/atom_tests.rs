//! The Atom renderer on hand-built entries: RFC 4287's required elements, stable ids, escaping,
//! and characters XML cannot carry.

use app::domain::changes::{ChangeEntry, ChangeKind, NewChange};
use app::domain::{Country, Lang, Localized};
use chrono::{DateTime, Utc};

use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn entry(id: i64, when: &str, title_es: &str) -> ChangeEntry {
    ChangeEntry {
        id,
        at: at(when),
        change: NewChange {
            key: format!("k{id}"),
            kind: ChangeKind::EventPostponed,
            event_id: Some(3),
            path: "/events/taller?a=1&b=2".into(),
            countries: vec![Country::SV],
            title: Localized::new(title_es, "Moved"),
            summary: Localized::new("Antes: 1 de marzo. Ahora: 2 de abril.", ""),
        },
    }
}

fn info(lang: Lang, country: Option<Country>) -> AtomInfo<'static> {
    AtomInfo {
        base_url: "https://enlace.example:8443",
        country,
        lang,
    }
}

#[test]
fn the_feed_has_every_required_element() {
    let entries = [
        entry(2, "2026-12-01T10:00:05Z", "Nuevas fechas: Taller"),
        entry(1, "2026-11-30T09:00:00Z", "Nuevo evento"),
    ];
    let xml = render(&entries, &info(Lang::Es, None));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    for want in [
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es\">",
        "<id>tag:enlace.example,2026:enlace/changes/es</id>",
        "<title>Enlace: cambios en la región</title>",
        "<updated>2026-12-01T10:00:05Z</updated>",
        "<author>",
        "<name>Secretaría Técnica de la CRM</name>",
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://enlace.example:8443/changes.atom?lang=es\"/>",
        "<id>tag:enlace.example,2026:enlace/change/2</id>",
        "<id>tag:enlace.example,2026:enlace/change/1</id>",
        "<title>Nuevas fechas: Taller</title>",
        "<updated>2026-11-30T09:00:00Z</updated>",
        "<summary>Antes: 1 de marzo. Ahora: 2 de abril.</summary>",
        "href=\"https://enlace.example:8443/events/taller?a=1&amp;b=2\"",
        "<category term=\"event_postponed\"/>",
    ] {
        assert!(xml.contains(want), "{want} not in {xml}");
    }
    assert_eq!(xml.matches("<entry>").count(), 2);
    // An entry missing in one language shows the other.
    let en = render(&entries, &info(Lang::En, Some(Country::SV)));
    assert!(en.contains("<summary>Antes: 1 de marzo. Ahora: 2 de abril.</summary>"));
    assert!(en.contains("<id>tag:enlace.example,2026:enlace/changes/sv/en</id>"));
    assert!(en.contains("href=\"https://enlace.example:8443/countries/sv/changes.atom?lang=en\""));
    assert!(en.contains("<title>Enlace: changes for El Salvador</title>"));
    // The same entry keeps its id in the other language and feed.
    assert!(en.contains("<id>tag:enlace.example,2026:enlace/change/2</id>"));
}

#[test]
fn an_empty_feed_is_still_valid_and_stable() {
    let a = render(&[], &info(Lang::En, None));
    assert!(a.contains("<updated>2026-01-01T00:00:00Z</updated>"), "{a}");
    assert_eq!(a, render(&[], &info(Lang::En, None)));
    assert!(!a.contains("<entry>"));
}

#[test]
fn markup_is_escaped_and_unencodable_characters_dropped() {
    let hostile = entry(
        5,
        "2026-12-01T10:00:00Z",
        "<script>alert(1)</script> & \u{1}\u{b}ok\u{FFFF}",
    );
    let xml = render(&[hostile], &info(Lang::Es, None));
    assert!(
        xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; ok</title>"),
        "{xml}"
    );
    assert!(!xml.contains("<script>"));
    assert!(
        !xml.chars()
            .any(|c| c == '\u{1}' || c == '\u{b}' || c == '\u{FFFF}')
    );
}

#[test]
fn the_authority_is_the_host_alone() {
    assert_eq!(
        authority("https://Enlace.Example:8443/base"),
        "enlace.example"
    );
    assert_eq!(authority("http://127.0.0.1:3000"), "127.0.0.1");
    assert_eq!(authority("http://[::1]:3000"), "::1");
    assert_eq!(authority(""), "enlace.invalid");
    assert_eq!(path(Some(Country::MX)), "/countries/mx/changes.atom");
    assert_eq!(path(None), "/changes.atom");
}
