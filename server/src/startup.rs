//! Building and running the application: store, demo data, router, listener.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::app::{App, shell};
use axum::Router;
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
    let settings = Settings::from_env()?;
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
    header_read: std::time::Duration,
    outbox: crate::outbox::Outbox,
}

impl Application {
    /// Opens the store, loads the demo data if asked, and binds the address.
    ///
    /// # Errors
    /// When the store cannot be opened or the address bound.
    pub async fn build(
        settings: Settings,
        mut leptos_options: LeptosOptions,
    ) -> anyhow::Result<Self> {
        crate::web::caching::use_hashed_names(&mut leptos_options);
        let registration = app::usecase::RegistrationPolicy {
            hold: settings.hold()?,
            mail_configured: settings.smtp_url.is_some(),
        };
        let hold_sweep = settings.hold_sweep()?;
        let sql_store = db::open(&settings).await?;
        let secret = crate::keys::site_secret(&settings, &sql_store).await?;
        let store: app::ssr::store::DynStore = sql_store;
        if settings.demo_data {
            let loaded = demo::load_once(store.as_ref(), chrono::Utc::now())
                .await
                .context("loading demo data")?;
            if loaded > 0 {
                tracing::info!(loaded, "demo data loaded");
            }
            if demo::record_once(store.as_ref(), chrono::Utc::now())
                .await
                .context("loading the demo meeting record")?
            {
                tracing::info!("demo meeting record loaded");
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
        // Derived from the site secret: forms stay valid across restarts and servers.
        let csrf = crate::keys::csrf_config(&secret, &settings)?;
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
            sealer: crate::keys::sealer(&secret),
            registration,
        };
        let limits = Arc::new(crate::limits::Limits::new(&settings.limits));
        // Expired kept input and sessions, and the limiters' memory, are cleaned up periodically.
        let _cleanup = crate::housekeeping::spawn(
            store.clone(),
            limits.clone(),
            settings.limits.cleanup_every,
        );
        crate::retention::spawn(deps.clone(), settings.retention_days);
        crate::holds::spawn(deps.clone(), hold_sweep);
        let state = AppState {
            leptos_options,
            store,
            settings: Arc::new(settings),
            public_url,
            csrf,
            feeds: Arc::default(),
            pages: Arc::default(),
            mailer,
            deps,
            limits,
        };
        let header_read = state.settings.http_timeouts.header_read;
        Ok(Self {
            listener,
            router: router(state),
            header_read,
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

    /// Starts the mail outbox's sender, then serves until Ctrl-C or SIGTERM. Then no connection
    /// is accepted any more; the requests under way get up to 30 s to finish, while the outbox
    /// stops (its message in flight gets [`crate::outbox::STOP_GRACE`]; the mail not sent stays
    /// queued for the next start).
    ///
    /// # Errors
    /// When serving fails, or the signal handlers cannot be installed.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let addr = self.local_addr()?;
        let (stop_outbox, stop) = crate::outbox::Stop::new();
        let outbox = self.outbox.spawn(stop);
        // Before the line below: a signal sent as soon as it is read stops the server gracefully.
        let signal = shutdown_signal().context("installing the signal handlers")?;
        // Tests and scripts wait for this exact line.
        println!("listening on http://{addr}");
        let shutdown = async move {
            signal.await;
            tracing::info!("stopping: no new connections; finishing the requests under way");
            let _ = stop_outbox.send(true);
        };
        let app = axum::middleware::map_request(routes::rewrite_event_feed).layer(self.router);
        // Peer addresses reach handlers (and the sign-in rate limit) as `ConnectInfo`.
        crate::web::serve::serve(self.listener, app, self.header_read, shutdown).await;
        // The outbox had the requests' time to stop; it gives its rows back within its grace.
        let outbox_limit = crate::outbox::STOP_GRACE + std::time::Duration::from_secs(5);
        if tokio::time::timeout(outbox_limit, outbox).await.is_err() {
            tracing::warn!(
                "the mail outbox did not stop in time; its claimed mail waits its lease"
            );
        }
        tracing::info!("stopped");
        Ok(())
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
    let request_timeout = state.settings.http_timeouts.request;
    let headers = crate::web::headers::SecurityHeaders {
        hsts: state.public_url.starts_with("https://"),
    };
    Router::new()
        .merge(routes::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                crate::web::headers::provide_request_nonce();
                provide_context(store.clone());
                provide_context(deps.clone());
                provide_context(app::api::feeds::FeedSettings {
                    public_url: public_url.clone(),
                    months_back,
                });
            },
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(crate::web::headers::provide_request_nonce, shell))
        // Innermost, next to the pages: a page its client left is still rendered to its end.
        .layer(axum::middleware::from_fn_with_state(
            request_timeout,
            crate::web::finish::finish_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::forms::keep_form_input,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::viewer_middleware,
        ))
        // Before the session is looked up: a public page for someone without one.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::page_cache::cached_pages,
        ))
        // Inside compression: page tags are of the page's own bytes.
        .layer(axum::middleware::from_fn(
            crate::web::caching::cache_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(
            crate::web::body_limit::limit_bodies,
        ))
        .layer(axum::middleware::from_fn_with_state(
            request_timeout,
            crate::web::timeout::limit_time,
        ))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            crate::web::headers::security_headers,
        ))
        // The request log names the path with its tokens redacted and no query, at any level.
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::extract::Request| {
                tracing::debug_span!(
                    "request",
                    method = %req.method(),
                    uri = %crate::redact::uri(req.uri()),
                    version = ?req.version(),
                )
            }),
        )
        .with_state(state)
}

/// Ctrl-C or SIGTERM, whichever comes first; the handlers are installed at once (a signal that
/// arrives before this future is first polled is not lost, nor does it kill the process).
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
