//! Requests through nginx, tagged, each answer with the instance that gave it (from nginx's
//! access log).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::header::HeaderMap;

use super::nginx::Nginx;
use crate::people::Person;

/// nginx in front of instances A and B, each request tagged so its log line says who served it.
pub struct Front {
    pub nginx: Nginx,
    /// The public URL, nginx's.
    pub public: String,
    /// `127.0.0.1:<port>` to `A` or `B`.
    pub names: HashMap<String, &'static str>,
    /// The next request's tag.
    pub steps: AtomicUsize,
}

/// One answer through nginx, and the instance that gave it (`-`: nginx itself).
pub struct Served {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body, without Leptos's `<!>` markers.
    pub body: String,
    /// `A`, `B` or `-` (nginx itself).
    pub by: &'static str,
}

impl Front {
    /// A person with a fresh client of the public name.
    pub async fn person(&self) -> Person {
        let mut person = Person {
            client: self.nginx.client(),
            base: self.public.clone(),
            token: String::new(),
        };
        person.refresh_token().await;
        person
    }

    /// Sends `request` tagged, reads the whole answer, and finds who served it in the log.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Served {
        let step = format!("step-{}", self.steps.fetch_add(1, Ordering::SeqCst));
        let response = request
            .header("x-test-step", &step)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap().replace("<!>", "");
        let logged = self.nginx.logged(&step).await;
        let by = self
            .names
            .get(&logged.upstream)
            .copied()
            .unwrap_or_else(|| {
                assert_eq!(logged.upstream, "-", "an upstream nginx was not given");
                "-"
            });
        Served {
            status,
            headers,
            body,
            by,
        }
    }

    pub async fn get(&self, person: &Person, path: &str) -> Served {
        let request = person
            .client
            .get(format!("{}{path}", self.public))
            .header("accept", "text/html,application/xhtml+xml");
        self.send(request).await
    }

    pub async fn post(&self, person: &Person, path: &str, fields: &[(&str, &str)]) -> Served {
        let mut form = vec![("authenticity_token", person.token.as_str())];
        form.extend_from_slice(fields);
        let request = person
            .client
            .post(format!("{}{path}", self.public))
            .form(&form);
        self.send(request).await
    }

    /// GETs `path` twice in a row: round robin hands one to each instance.
    pub async fn on_both(&self, person: &Person, path: &str) -> [Served; 2] {
        let first = self.get(person, path).await;
        let second = self.get(person, path).await;
        let mut by = [first.by, second.by];
        by.sort_unstable();
        assert_eq!(by, ["A", "B"], "{path}: one answer from each instance");
        [first, second]
    }
}

/// The `Location` of a redirect.
pub fn location(served: &Served) -> &str {
    served.headers["location"].to_str().unwrap()
}

/// The `ETag`.
pub fn etag(served: &Served) -> &str {
    served.headers["etag"].to_str().unwrap()
}
