//! Public pages are rendered once per change and served again while nothing they show has
//! changed: a registration, a change of the registration settings or of the event shows on the
//! very next request; each answer carries its own script nonce; a session, another language or
//! a kept form get their own page.

use app::domain::Country;
use app::domain::access::Role;

use crate::helpers::{Backend, TestApp};
use crate::people::{Person, account, borrowed, fields_of};
use crate::registrations::{form, open_registration, open_workshop, post};

crate::on_both_backends!(a_public_page_served_again_changes_with_what_it_shows);

/// The nonce of a response's `Content-Security-Policy`.
fn policy_nonce(response: &reqwest::Response) -> String {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let start = policy.find("'nonce-").unwrap() + "'nonce-".len();
    let end = policy[start..].find('\'').unwrap() + start;
    policy[start..end].to_owned()
}

/// GET `path` as `person`; the body, the policy's nonce, and whether a cookie was set.
async fn fetch(person: &Person, path: &str) -> (String, String, bool) {
    let response = person.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let nonce = policy_nonce(&response);
    let sets_cookie = response.headers().contains_key("set-cookie");
    let body = response.text().await.unwrap().replace("<!>", "");
    (body, nonce, sets_cookie)
}

async fn a_public_page_served_again_changes_with_what_it_shows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    account(&app, "gt@test.org", Role::Official(Country::GT)).await;
    let event = open_workshop(&app, "cacheada", Some(3), None).await;
    let path = format!("/events/{}", event.slug);
    let person = Person::anonymous(&app).await;

    // Twice the same page, each with the nonce its policy names, the second from the cache
    // (it sets no cookie: the anti-forgery cookie comes with the pages that hold forms).
    let (first, first_nonce, _) = fetch(&person, &path).await;
    let (second, second_nonce, second_sets_cookie) = fetch(&person, &path).await;
    assert_ne!(first_nonce, second_nonce);
    assert!(first.contains(&format!("nonce=\"{first_nonce}\"")));
    assert!(second.contains(&format!("nonce=\"{second_nonce}\"")));
    assert!(!second.contains(&first_nonce), "no nonce of another answer");
    assert_eq!(
        first.replace(&first_nonce, "N"),
        second.replace(&second_nonce, "N")
    );
    assert!(!second_sets_cookie);
    assert!(second.contains("0 of 3 seats taken"), "{second}");
    assert!(!second.contains("authenticity_token"));

    // A registration shows at once.
    let register = format!("{path}/register");
    let sent = post(&person, &register, &form("Ana", "ana@test.org", "GT")).await;
    assert_eq!(sent.status().as_u16(), 303);
    let (page, _, _) = fetch(&person, &path).await;
    assert!(page.contains("1 of 3 seats taken"), "{page}");

    // So does a change of the registration settings (not an edit of the event itself).
    open_registration(&app, event.id, Some(5), None).await;
    let (page, _, _) = fetch(&person, &path).await;
    assert!(page.contains("1 of 5 seats taken"), "{page}");

    // And an edit of the event by its host.
    let host = Person::signed_in(&app, "gt@test.org").await;
    let mut fields = fields_of(&app.store.event_by_slug(&event.slug).await.unwrap());
    fields.retain(|(k, _)| k != "title_en");
    fields.push(("title_en".into(), "Workshop renamed at once".into()));
    let edited = host.post(&format!("{path}/edit"), &borrowed(&fields)).await;
    assert_eq!(edited.status().as_u16(), 303);
    let (page, _, _) = fetch(&person, &path).await;
    assert!(page.contains("Workshop renamed at once"), "{page}");

    // The signed-in host gets their own page (with the sign-out form), never the cached one;
    // the anonymous page never carries the host's form.
    let (own, _, _) = fetch(&host, &path).await;
    assert!(own.contains("authenticity_token"), "{own}");
    let (page, _, _) = fetch(&person, &path).await;
    assert!(!page.contains("authenticity_token"));

    // Another language is another page.
    let (_, spanish) = app.page(&path, "es").await;
    assert!(spanish.contains("1 de 5 cupos ocupados"), "{spanish}");
    let (_, english) = app.page(&path, "en").await;
    assert!(english.contains("1 of 5 seats taken"), "{english}");
    let (_, spanish) = app.page(&path, "es").await;
    assert!(spanish.contains("<html lang=\"es\""));

    // The home page and the month calendar follow edits too.
    let (_, home) = app.page("/", "en").await;
    assert!(home.contains("Workshop renamed at once"), "{home}");
    fields.retain(|(k, _)| k != "title_en");
    fields.push(("title_en".into(), "Workshop renamed twice".into()));
    fields.retain(|(k, _)| k != "version");
    let version = app.store.event_by_slug(&event.slug).await.unwrap().version;
    fields.push(("version".into(), version.to_string()));
    let edited = host.post(&format!("{path}/edit"), &borrowed(&fields)).await;
    assert_eq!(edited.status().as_u16(), 303);
    let (_, home) = app.page("/", "en").await;
    assert!(home.contains("Workshop renamed twice"), "{home}");
    let (_, month) = app.page("/calendar?month=2031-03", "en").await;
    assert!(month.contains("Workshop renamed twice"), "{month}");
}
