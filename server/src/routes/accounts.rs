//! The secretariat manages accounts: creates officials for a country (who then set their own
//! password through a one-time link), disables and re-enables them. And the link itself.

use app::api::session::{FlashError, Viewer};
use app::domain::Email;
use app::domain::access::{Action, Role, allowed};
use app::domain::account::check_new_password;
use app::domain::{Country, Lang};
use app::ssr::{NewAccount, StoreError};
use axum::Router;
use axum::extract::{Extension, Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum_csrf::CsrfToken;
use chrono::{Duration, Utc};

use super::forms::{
    Posted, check_csrf, forbidden, form_error, keep_and_redirect, message_page, request_lang,
    require_account, see_other,
};
use crate::auth::{hash_password, new_token, token_hash};
use crate::state::AppState;

const FORM: &str = "/admin/accounts";

/// How long a one-time password link stays valid.
fn link_lifetime() -> Duration {
    Duration::days(7)
}

/// The account routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", post(post_create))
        .route("/admin/accounts/{id}/disable", post(post_disable))
        .route("/admin/accounts/{id}/enable", post(post_enable))
        .route("/admin/accounts/{id}/link", post(post_new_link))
        .route("/password/{token}", post(post_password))
}

/// Checks token, session and the right to manage accounts.
async fn secretariat(
    state: &AppState,
    token: &CsrfToken,
    headers: &HeaderMap,
    viewer: &Viewer,
    posted: &Posted,
) -> Result<(), Response> {
    let lang = request_lang(headers);
    check_csrf(token, posted, lang)?;
    let account = require_account(state, viewer, posted, FORM).await?;
    if allowed(Some(&account.actor()), Action::ManageAccounts, &[]) {
        Ok(())
    } else {
        Err(forbidden(lang))
    }
}

/// Issues a one-time link and keeps it to show once on the accounts page.
async fn issue_link(state: &AppState, account_id: i64, email: &str) -> Response {
    let token = new_token();
    if let Err(e) = state
        .store
        .create_password_link(
            &token_hash(&token),
            account_id,
            Utc::now() + link_lifetime(),
        )
        .await
    {
        tracing::error!(error = %e, "creating a password link");
    }
    let link = format!("{}/password/{token}", state.public_url);
    let notice = FlashError {
        field: "link".into(),
        es: format!(
            "Cuenta lista para {email}. Envíele este enlace de un solo uso (válido 7 días) para que elija su contraseña: {link}"
        ),
        en: format!(
            "Account ready for {email}. Send them this one-time link (valid 7 days) to choose their password: {link}"
        ),
    };
    keep_and_redirect(state, FORM, &Posted::new(Vec::new()), vec![notice], FORM).await
}

async fn post_create(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    if let Err(refused) = secretariat(&state, &token, &headers, &viewer, &posted).await {
        return refused;
    }
    let mut errors = Vec::new();
    let email = Email::parse(&posted.get("email")).map_err(|e| {
        errors.push(FlashError {
            field: "email".into(),
            es: e.message(Lang::Es),
            en: e.message(Lang::En),
        });
    });
    let country = Country::parse(&posted.get("country"));
    if country.is_none() {
        errors.push(FlashError {
            field: "country".into(),
            es: "Elija el país del funcionario.".into(),
            en: "Choose the official's country.".into(),
        });
    }
    let name = posted.get("name").trim().to_owned();
    if name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.push(FlashError {
            field: "name".into(),
            es: "Nombre demasiado largo o con caracteres no permitidos.".into(),
            en: "Name too long or with characters that are not allowed.".into(),
        });
    }
    let (Ok(email), Some(country), true) = (email, country, errors.is_empty()) else {
        return keep_and_redirect(&state, FORM, &posted, errors, FORM).await;
    };
    let new = NewAccount {
        email: email.into_string(),
        name,
        role: Role::Official(country),
        password_hash: None,
    };
    match state.store.create_account(&new, Utc::now()).await {
        Ok(account) => issue_link(&state, account.id, &account.email).await,
        Err(StoreError::Conflict(_)) => {
            let error = FlashError {
                field: "email".into(),
                es: "Ya existe una cuenta con ese correo.".into(),
                en: "An account with that email already exists.".into(),
            };
            keep_and_redirect(&state, FORM, &posted, vec![error], FORM).await
        }
        Err(e) => {
            tracing::error!(error = %e, "creating an account");
            keep_and_redirect(
                &state,
                FORM,
                &posted,
                vec![form_error("Error interno.", "Internal error.")],
                FORM,
            )
            .await
        }
    }
}

async fn set_disabled(
    state: AppState,
    token: CsrfToken,
    headers: HeaderMap,
    viewer: Viewer,
    id: i64,
    pairs: Vec<(String, String)>,
    disabled: bool,
) -> Response {
    let posted = Posted::new(pairs);
    if let Err(refused) = secretariat(&state, &token, &headers, &viewer, &posted).await {
        return refused;
    }
    match state.store.set_account_disabled(id, disabled).await {
        Ok(()) => see_other(FORM),
        Err(StoreError::NotFound) => message_page(
            StatusCode::NOT_FOUND,
            request_lang(&headers),
            "No existe esa cuenta.",
            "There is no such account.",
        ),
        Err(e) => {
            tracing::error!(error = %e, "changing an account");
            message_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                request_lang(&headers),
                "Error interno.",
                "Internal error.",
            )
        }
    }
}

async fn post_disable(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    set_disabled(s, t, h, v, id, p, true).await
}

async fn post_enable(
    State(s): State<AppState>,
    t: CsrfToken,
    h: HeaderMap,
    Extension(v): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(p): Form<Vec<(String, String)>>,
) -> Response {
    set_disabled(s, t, h, v, id, p, false).await
}

async fn post_new_link(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    if let Err(refused) = secretariat(&state, &token, &headers, &viewer, &posted).await {
        return refused;
    }
    match state.store.account_by_id(id).await {
        Ok(account) => issue_link(&state, account.id, &account.email).await,
        Err(_) => message_page(
            StatusCode::NOT_FOUND,
            request_lang(&headers),
            "No existe esa cuenta.",
            "There is no such account.",
        ),
    }
}

async fn post_password(
    State(state): State<AppState>,
    token: CsrfToken,
    headers: HeaderMap,
    Path(link): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = request_lang(&headers);
    if let Err(refused) = check_csrf(&token, &posted, lang) {
        return refused;
    }
    let form = format!("/password/{link}");
    let password = posted.get("password");
    if let Err(e) = check_new_password(&password, &posted.get("password_confirm")) {
        let error = FlashError {
            field: "password".into(),
            es: e.message(Lang::Es),
            en: e.message(Lang::En),
        };
        return keep_and_redirect(&state, &form, &posted, vec![error], &form).await;
    }
    let Ok(hash) = hash_password(&password) else {
        return message_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            "Error interno.",
            "Internal error.",
        );
    };
    match state
        .store
        .use_password_link(&token_hash(&link), &hash, Utc::now())
        .await
    {
        Ok(_) => see_other("/signin?welcome=1"),
        Err(_) => message_page(
            StatusCode::NOT_FOUND,
            lang,
            "Este enlace no es válido, ya se usó o caducó. Pida uno nuevo a la Secretaría Técnica.",
            "This link is not valid, was already used or has expired. Ask the Technical Secretariat for a new one.",
        ),
    }
}
