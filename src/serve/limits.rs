//! What keeps the server fair and observable: a limit on requests in
//! flight (503), a time limit per request (503), a rate per token (429),
//! the access log, answers for unknown routes, and the shutdown signal.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::error::{ApiError, ErrorName};
use super::{AccessLine, LogSlot, Options};

/// A token bucket per caller.
pub(crate) struct RateLimits(DefaultKeyedRateLimiter<String>);

impl RateLimits {
    /// `per_second` requests a second per caller, in bursts of up to twice
    /// that.
    pub(crate) fn new(per_second: NonZeroU32) -> Self {
        let burst = per_second.saturating_mul(NonZeroU32::new(2).expect("2 is not zero"));
        RateLimits(RateLimiter::keyed(
            Quota::per_second(per_second).allow_burst(burst),
        ))
    }

    /// 429 when this caller is over their rate.
    pub(crate) fn check(&self, key: &String) -> Result<(), ApiError> {
        if self.0.len() > 100_000 {
            self.0.retain_recent();
        }
        self.0.check_key(key).map_err(|_| ApiError::too_many())
    }
}

#[derive(Clone)]
struct Limits {
    in_flight: Arc<Semaphore>,
    concurrency: usize,
    timeout: Duration,
    log: Arc<dyn Fn(&AccessLine) + Send + Sync>,
}

/// The routes inside the limits and the access log.
pub(crate) fn wrap(routes: Router, options: &Options) -> Router {
    let limits = Limits {
        in_flight: Arc::new(Semaphore::new(options.concurrency)),
        concurrency: options.concurrency,
        timeout: options.timeout,
        log: Arc::clone(&options.log),
    };
    routes.layer(middleware::from_fn_with_state(limits, guard))
}

async fn guard(State(limits): State<Limits>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let slot = LogSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = match Arc::clone(&limits.in_flight).try_acquire_owned() {
        Err(_) => ApiError::busy(format!(
            "the server is answering its limit of {} requests; retry in a moment",
            limits.concurrency
        ))
        .into_response(),
        Ok(_permit) => match tokio::time::timeout(limits.timeout, next.run(request)).await {
            Ok(r) => r,
            Err(_) => ApiError::busy(format!(
                "the request took longer than {} s",
                limits.timeout.as_secs_f64()
            ))
            .into_response(),
        },
    };
    let response = enveloped(response).await;
    let user = slot.0.lock().ok().and_then(|mut s| s.take());
    (limits.log)(&AccessLine {
        method,
        path,
        status: response.status().as_u16(),
        duration: started.elapsed(),
        user,
        error: response.extensions().get::<ErrorName>().map(|e| e.0),
    });
    response
}

/// An error answer as every error of this server is: the envelope. axum
/// answers a few refusals itself in plain text before a handler runs (a
/// path segment that is not UTF-8 once decoded, for one); those are
/// rewritten here with their status, message and headers kept.
async fn enveloped(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_lowercase()
    } else {
        text
    };
    let code = match status {
        StatusCode::BAD_REQUEST => "invalid",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        s if s.is_server_error() => "storage",
        _ => "refused",
    };
    let mut answer = ApiError::new(status, code, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    answer
}

/// 404 for a path no route serves.
pub(crate) async fn no_route(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route {}",
        crate::error::quote(request.uri().path())
    ))
}

/// 405 for a method a route does not take.
pub(crate) async fn no_method(request: Request) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "{} does not take {}",
            crate::error::quote(request.uri().path()),
            request.method()
        ),
    )
}

/// Resolves on SIGINT or SIGTERM.
pub(crate) async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let terminated = async {
        match term.as_mut() {
            Some(t) => {
                t.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminated => {}
    }
}
