//! Building and running the application: store, demo data, router, listener.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::app::{App, shell};
use axum::Router;
use axum::extract::Request;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tower::Layer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::state::AppState;
use crate::{db, demo, routes};

/// Reads the configuration, builds the application and serves until Ctrl-C or SIGTERM.
///
/// # Errors
/// When the configuration, database or address is unusable.
pub async fn run() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.is_empty() {
        return crate::cli::run(&args).await;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let conf = get_configuration(None).context("reading the Leptos configuration")?;
    let settings = Settings::from_env();
    tracing::info!(?settings, "starting Enlace");
    Application::build(settings, conf.leptos_options)
        .await?
        .run_until_stopped()
        .await
}

/// A built application, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    outbox: crate::outbox::Outbox,
}

impl Application {
    /// Opens the store, loads the demo data if asked, and binds the address.
    ///
    /// # Errors
    /// When the store cannot be opened or the address bound.
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let store = db::connect(&settings).await?;
        if settings.demo_data {
            let loaded = demo::load_once(store.as_ref(), chrono::Utc::now())
                .await
                .context("loading demo data")?;
            if loaded > 0 {
                tracing::info!(loaded, "demo data loaded");
            }
            if settings.demo_upcoming
                && demo::upcoming_once(store.as_ref(), chrono::Utc::now())
                    .await
                    .context("loading the upcoming demo event")?
            {
                tracing::info!("upcoming demo event loaded, open for registration");
            }
            if let Some((email, password)) =
                demo::secretariat_once(store.as_ref(), chrono::Utc::now())
                    .await
                    .context("creating the demo secretariat account")?
            {
                // Shown once, on the console of the person who started the demo.
                println!(
                    "\nDemo secretariat account (shown only now):\n  email:    {email}\n  password: {password}\n"
                );
            }
        }
        let addr = leptos_options.site_addr;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let public_url = match &settings.public_url {
            Some(url) => url.clone(),
            None => format!("http://{}", listener.local_addr()?),
        };
        let csrf = axum_csrf::CsrfConfig::default()
            .with_cookie_name("enlace_csrf")
            .with_salt(settings.secret.clone())
            .with_secure(settings.secure_cookies)
            .with_http_only(true)
            .with_cookie_same_site(axum_csrf::SameSite::Lax);
        let mailer = Arc::new(crate::mail::Mailer::from_settings(&settings)?);
        let public_url: Arc<str> = public_url.into();
        let wake = Arc::new(tokio::sync::Notify::new());
        let outbox = crate::outbox::Outbox {
            store: store.clone(),
            mailer: mailer.clone(),
            wake: wake.clone(),
        };
        let deps = app::usecase::Deps {
            store: store.clone(),
            mail: Arc::new(crate::notify::DelegateMail {
                public_url: public_url.clone(),
                wake,
            }),
        };
        let state = AppState {
            leptos_options,
            store,
            settings: Arc::new(settings),
            public_url,
            csrf,
            feeds: Arc::default(),
            mailer,
            deps,
        };
        Ok(Self {
            listener,
            router: router(state),
            outbox,
        })
    }

    /// The address actually bound (useful with port 0).
    ///
    /// # Errors
    /// When the socket has no local address.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Starts the mail outbox's sender, then serves until Ctrl-C or SIGTERM.
    ///
    /// # Errors
    /// When serving fails.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let addr = self.local_addr()?;
        self.outbox.spawn();
        // Tests and scripts wait for this exact line.
        println!("listening on http://{addr}");
        let app = axum::middleware::map_request(routes::rewrite_event_feed).layer(self.router);
        // Peer addresses reach handlers (and the sign-in rate limit) as `ConnectInfo`.
        let service =
            axum::ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(app);
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving")
    }
}

/// The whole router: plain routes, server functions and Leptos pages, then static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let deps = state.deps.clone();
    let public_url = state.public_url.clone();
    let months_back = state.settings.feed_months_back;
    let options = state.leptos_options.clone();
    Router::new()
        .merge(routes::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(store.clone());
                provide_context(deps.clone());
                provide_context(app::api::feeds::FeedSettings {
                    public_url: public_url.clone(),
                    months_back,
                });
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::forms::keep_form_input,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::viewer_middleware,
        ))
        .layer(CompressionLayer::new())
        // The request log names the path with its tokens redacted and no query, at any level.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::debug_span!(
                "request",
                method = %req.method(),
                uri = %crate::redact::uri(req.uri()),
                version = ?req.version(),
            )
        }))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
