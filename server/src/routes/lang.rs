//! `GET /lang/{es|en}?next=/path`: remembers the language in the cookie leptos_i18n reads, then
//! goes back. A plain link, so switching works without JavaScript.

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use app::domain::Lang;

use crate::state::AppState;

/// The cookie leptos_i18n reads and writes.
pub const COOKIE: &str = "i18n_pref_locale";

/// The language route.
pub fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(get_lang))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn get_lang(Path(code): Path<String>, Query(query): Query<Next>) -> Response {
    let Some(lang) = Lang::parse(&code).filter(|l| l.code() == code) else {
        return (
            StatusCode::NOT_FOUND,
            "unknown language / idioma desconocido",
        )
            .into_response();
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let next = super::forms::safe_next(query.next.as_deref(), "/");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(cookie), Ok(location)) =
        (HeaderValue::from_str(&cookie), HeaderValue::from_str(next))
    {
        headers.insert(header::SET_COOKIE, cookie);
        headers.insert(header::LOCATION, location);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::super::forms::safe_next as safe;

    fn safe_next(next: Option<&str>) -> &str {
        safe(next, "/")
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            safe_next(Some("/calendar?month=2010-12")),
            "/calendar?month=2010-12"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn hostile_next_values_fall_back_to_the_home_page() {
        let hostile = [
            "",
            "evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            // Control characters and whitespace, as typed (the query string is decoded once).
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            " /evil.example",
            "/x\u{0}",
            "/x\u{7f}",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            // The same, percent-encoded, once or twice.
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%20/evil.example",
            "/%5cevil.example",
            "/%5C%5Cevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%2509/evil.example",
            "/%252F/evil.example",
            "/%C2%A0/evil.example",
            // Malformed escapes.
            "/%",
            "/%zz/evil.example",
            "/%0",
        ];
        for next in hostile {
            assert_eq!(safe_next(Some(next)), "/", "{next:?}");
        }
    }

    #[test]
    fn same_site_paths_are_kept() {
        for next in [
            "/",
            "/dashboard",
            "/calendar?month=2010-12",
            "/events/taller-2031/manage",
            "/events/taller-2031/manage?tab=people&x=a%2Cb",
            "/https://evil.example",
            "/@evil.example",
        ] {
            assert_eq!(safe_next(Some(next)), next, "{next:?}");
        }
    }
}
