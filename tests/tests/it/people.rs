//! Signed-in people for the tests: accounts made in the store, sessions made through the real
//! sign-in form, and form posts carrying the anti-forgery token the pages hand out.

use app::domain::access::Role;
use app::domain::account::Account;
use app::domain::{Country, Event, EventInput};
use app::ssr::{AuditActor, NewAccount};

use crate::helpers::TestApp;

/// The password every test account gets.
pub const PASSWORD: &str = "una contraseña de prueba";

/// A browser-like client: its own cookies, its own anti-forgery token.
pub struct Person {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Person {
    /// A client with no session.
    pub async fn anonymous(app: &TestApp) -> Person {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut person = Person {
            client,
            base: app.base_url.clone(),
            token: String::new(),
        };
        person.refresh_token().await;
        person
    }

    /// Signs in through `/signin`.
    pub async fn signed_in(app: &TestApp, email: &str) -> Person {
        let person = Person::anonymous(app).await;
        let response = person
            .post("/signin", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(response.status().as_u16(), 303, "sign-in of {email}");
        assert_eq!(response.headers()["location"], "/dashboard");
        person
    }

    /// Reads the anti-forgery token from a page (it is stable for this client's cookie).
    pub async fn refresh_token(&mut self) {
        let body = self.get_text("/signin").await;
        self.token = extract_token(&body).expect("the sign-in page carries a form token");
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        // As a browser asks for a page (a plain request is answered with a real redirect).
        self.client
            .get(format!("{}{path}", self.base))
            .header("accept-language", "en")
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .unwrap()
    }

    pub async fn get_text(&self, path: &str) -> String {
        self.get(path)
            .await
            .text()
            .await
            .unwrap()
            .replace("<!>", "")
    }

    /// Posts a form with the token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = vec![("authenticity_token", self.token.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(format!("{}{path}", self.base))
            .header("accept-language", "en")
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

/// The first `authenticity_token` value in a page.
pub fn extract_token(body: &str) -> Option<String> {
    let start = body.find("name=\"authenticity_token\" value=\"")?
        + "name=\"authenticity_token\" value=\"".len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

/// Creates an account with [`PASSWORD`].
pub async fn account(app: &TestApp, email: &str, role: Role) -> Account {
    let hash = server::auth::hash_password(PASSWORD).unwrap();
    let new = NewAccount {
        email: email.into(),
        name: email.into(),
        role,
        password_hash: Some(hash),
    };
    app.store
        .create_account(&new, chrono::Utc::now())
        .await
        .unwrap()
}

/// A tentative upcoming workshop hosted by `host` (and co-hosted by `cohost`), published or a draft.
pub async fn workshop(
    app: &TestApp,
    slug: &str,
    host: Country,
    cohost: Option<Country>,
    published: bool,
) -> Event {
    let input = EventInput {
        host: host.code().into(),
        cohosts: cohost
            .map(|c| vec![c.code().to_owned()])
            .unwrap_or_default(),
        city: "Ciudad".into(),
        kind: "workshop".into(),
        title_es: format!("Taller {slug}"),
        title_en: format!("Workshop {slug}"),
        start_date: "2031-03-03".into(),
        end_date: "2031-03-04".into(),
        ..EventInput::default()
    };
    let by = AuditActor {
        account_id: None,
        email: "test".into(),
    };
    app.store
        .create_event_by(
            slug,
            &format!("{slug}@enlace.test"),
            &input.validate().unwrap(),
            published,
            &by,
            chrono::Utc::now(),
        )
        .await
        .unwrap()
}

/// The form fields of an event's current details (what its edit form holds).
pub fn fields_of(event: &Event) -> Vec<(String, String)> {
    let i = EventInput::from_details(&event.details);
    let mut fields = vec![
        ("host".to_owned(), i.host),
        ("city".into(), i.city),
        ("venue".into(), i.venue),
        ("tz".into(), i.tz),
        ("kind".into(), i.kind),
        ("title_es".into(), i.title_es),
        ("title_en".into(), i.title_en),
        ("description_es".into(), i.description_es),
        ("description_en".into(), i.description_en),
        ("capacity".into(), i.capacity),
        ("month".into(), i.month),
        ("start_date".into(), i.start_date),
        ("end_date".into(), i.end_date),
        ("start_time".into(), i.start_time),
        ("end_time".into(), i.end_time),
        ("version".into(), event.version.to_string()),
    ];
    fields.extend(i.cohosts.into_iter().map(|c| ("cohosts".to_owned(), c)));
    fields
}

/// Borrows owned fields as the `post` helper wants them.
pub fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
