//! `ticket serve`: the seed HTTP APIs over the same desk as the command
//! line. Seed 1 (`/v3_1/workorder/…`, snake_case in the
//! `{"meta","data"}` envelope) and seed 2 (`/api/v2/tickets`,
//! `/api/v2/requests`, camelCase), with tokens, limits and an access log.
//!
//! axum on tokio answers; every store call runs on tokio's blocking
//! threads (the desk's store is a pool shared by all of them), one
//! `spawn_blocking` per request that authenticates the caller and does the
//! work. Like the command line, this is a front end: it reads the clock
//! (through [`Options::clock`]) and reports each request to
//! [`Options::log`]; it never prints.

mod auth;
mod error;
mod extract;
mod input;
pub mod jwt;
mod limits;
pub mod openapi;
mod paging;
mod schema;
mod seed1;
mod seed2;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

pub use auth::{Caller, TOKEN_CACHE_TTL};
pub use error::ApiError;
use error::{Envelope, Meta};
use jwt::JwtKey;
use limits::RateLimits;

use crate::Desk;
use crate::model::Timestamp;

/// Threads that run store calls at once; requests beyond wait their turn
/// in tokio's queue, first come first served. As many as a store keeps
/// connections: more would only queue again at the store's pool, where a
/// thread just arriving may overtake one that has waited (the long tail
/// the PostgreSQL benchmark showed with 32).
const MAX_BLOCKING_THREADS: usize = 8;

/// How `ticket serve` runs.
pub struct Options {
    /// The address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The largest request body taken, in bytes (larger: 413).
    pub body_limit: usize,
    /// How long one request may take (longer: 503).
    pub timeout: Duration,
    /// How many requests are served at once (more: 503).
    pub concurrency: usize,
    /// Requests per second each token may send, with bursts of twice that
    /// (faster: 429); `None` for no limit.
    pub rate: Option<NonZeroU32>,
    /// The shared secret of portals' HS256 web tokens, if they are taken.
    pub jwt_secret: Option<Vec<u8>>,
    /// The time now.
    pub clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    /// Called once per request, after the answer.
    pub log: Arc<dyn Fn(&AccessLine) + Send + Sync>,
}

/// One request, as the access log records it (never the token).
#[derive(Debug, Clone)]
pub struct AccessLine {
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The answer's status.
    pub status: u16,
    /// How long the answer took.
    pub duration: Duration,
    /// The caller, once authenticated.
    pub user: Option<String>,
    /// What went wrong, for an error: the `meta.error` of its answer.
    pub error: Option<&'static str>,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound (in use, not local, no permission).
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The runtime or the connection loop failed.
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
    /// The web token secret is unusable.
    #[error("invalid web token secret (TICKET_JWT_SECRET, or jwt_secret in the config file): {0}")]
    Secret(&'static str),
}

/// What every handler shares.
pub(crate) struct Api {
    desk: Desk,
    jwt: Option<JwtKey>,
    rates: Option<RateLimits>,
    tokens: auth::TokenCache,
    clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
}

/// Where a handler leaves the caller's name for the access log.
#[derive(Clone, Default)]
pub(crate) struct LogSlot(Arc<Mutex<Option<String>>>);

impl Api {
    /// Authenticates the request's caller and runs `work` for them on a
    /// blocking thread: one hop off the async threads per request.
    pub(crate) async fn call<T, F>(
        self: &Arc<Self>,
        headers: &axum::http::HeaderMap,
        slot: &LogSlot,
        work: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk, &Caller, Timestamp) -> Result<T, ApiError> + Send + 'static,
    {
        let token = auth::credentials(headers)?;
        let api = Arc::clone(self);
        let slot = slot.clone();
        tokio::task::spawn_blocking(move || {
            let now = (api.clock)();
            let caller = auth::authenticate(&api.desk, &api.tokens, api.jwt.as_ref(), &token, now)?;
            if let Ok(mut s) = slot.0.lock() {
                *s = Some(caller.user.clone());
            }
            if let Some(rates) = &api.rates {
                rates.check(&caller.key)?;
            }
            work(&api.desk, &caller, now)
        })
        .await
        .map_err(|e| ApiError::internal(format!("the request's worker failed: {e}")))?
    }

    /// Runs `work` on a blocking thread without a caller (health checks).
    async fn anonymous<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Desk) -> Result<T, ApiError> + Send + 'static,
    {
        let api = Arc::clone(self);
        tokio::task::spawn_blocking(move || work(&api.desk))
            .await
            .map_err(|e| ApiError::internal(format!("the request's worker failed: {e}")))?
    }
}

/// A JSON answer, written as ticket writes JSON everywhere (controls and
/// bidi overrides escaped).
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Response {
    let body = crate::exchange::json::to_string(value);
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Seed 1's success envelope around `data`.
pub(crate) fn envelope<T: Serialize>(status: StatusCode, data: T) -> Response {
    let body = Envelope {
        meta: Meta {
            message: "ok".into(),
            code: 0,
            error: None,
        },
        data,
    };
    let mut r = json(&body);
    *r.status_mut() = status;
    r
}

/// The routes, with their limits and the access log.
pub fn router(desk: Desk, options: &Options) -> Result<Router, ServeError> {
    let jwt = match &options.jwt_secret {
        Some(s) if s.len() < 32 => {
            return Err(ServeError::Secret(
                "it must be at least 32 bytes long (HS256 takes a 256-bit key)",
            ));
        }
        Some(s) => Some(JwtKey::new(s).ok_or(ServeError::Secret("it is not a usable key"))?),
        None => None,
    };
    let api = Arc::new(Api {
        desk,
        jwt,
        rates: options.rate.map(RateLimits::new),
        tokens: auth::TokenCache::default(),
        clock: Arc::clone(&options.clock),
    });
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi::document))
        .merge(seed1::routes())
        .merge(seed2::routes())
        .fallback(limits::no_route)
        .method_not_allowed_fallback(limits::no_method)
        .with_state(api);
    Ok(limits::wrap(routes, options).layer(DefaultBodyLimit::max(options.body_limit)))
}

/// `GET /healthz`: 200 when the store answers, 503 when it does not.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    summary = "Whether the server and its store answer",
    security(()),
    responses(
        (status = 200, description = "The store answers", body = schema::Health),
        (status = 503, description = "The store does not answer, or the server is at its limit",
            body = schema::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait before retrying"))),
    )
)]
async fn healthz(State(api): State<Arc<Api>>) -> Response {
    match api
        .anonymous(|desk| desk.ticket_types().map(drop).map_err(ApiError::from))
        .await
    {
        Ok(()) => json(&serde_json::json!({"status": "ok"})),
        Err(e) => {
            let mut e = e;
            e.status = StatusCode::SERVICE_UNAVAILABLE;
            e.into_response()
        }
    }
}

/// Serves until SIGINT or SIGTERM, then finishes the requests in flight
/// and returns. `ready` is told the address once listening.
pub fn run(desk: Desk, options: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    // The desk is dropped here, off the runtime: the PostgreSQL client
    // runs a runtime of its own, which must not be dropped inside ours.
    let app = router(desk, &options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("ticket-serve")
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .build()?;
    let serving = app.clone();
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| ServeError::Listen {
                addr: options.listen,
                source,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, serving)
            .with_graceful_shutdown(limits::shutdown_signal())
            .await?;
        Ok(())
    });
    drop(runtime);
    drop(app);
    result
}
