//! Errors as the API answers them: seed 1's envelope,
//! `{"meta":{"message","code","error"},"data":null}`, with the matching
//! HTTP status. `meta.code` is the HTTP status (0 only on success) and
//! `meta.error` the same stable name the command line's JSON errors use.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// Seconds a client is told to wait after a 429 or 503.
pub const RETRY_AFTER_SECS: u64 = 1;

/// An error answer: status, stable name, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The stable name (`not_found`, `invalid`, `unauthorized`, …).
    pub code: &'static str,
    /// What is wrong, in one line.
    pub message: String,
}

/// The envelope every seed 1 answer and every error shares.
#[derive(Debug, Serialize)]
pub struct Envelope<T> {
    /// `{"message", "code"}` (and `error` on failure).
    pub meta: Meta,
    /// The answer, or null on failure.
    pub data: T,
}

/// The envelope's status part.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// `ok`, or what went wrong.
    pub message: String,
    /// 0 on success, else the HTTP status.
    pub code: u16,
    /// The stable error name, on failure only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

impl ApiError {
    /// An error with this status, name and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request is malformed or a value is wrong.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", message)
    }

    /// 401: no credentials, or credentials that name no one.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: the caller is known but this route is not theirs.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 404: nothing here (or nothing the caller may see).
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 429: the caller sends faster than its rate allows.
    pub fn too_many() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests for this token; retry after the time Retry-After gives",
        )
    }

    /// 503: the server or the store is too busy right now.
    pub fn busy(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
    }

    /// 500: something failed inside; the message says what, never a secret.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "storage", message)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = match (&e, e.kind()) {
            (Error::Conflict { .. }, _) => StatusCode::PRECONDITION_FAILED,
            (_, ErrorKind::NotFound) => StatusCode::NOT_FOUND,
            (_, ErrorKind::Invalid) => StatusCode::BAD_REQUEST,
            (_, ErrorKind::Refused) => StatusCode::CONFLICT,
            (_, ErrorKind::Busy) => StatusCode::SERVICE_UNAVAILABLE,
            (_, ErrorKind::Failure) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, e.code(), e.to_string())
    }
}

/// The `meta.error` of an error answer, for the access log.
#[derive(Debug, Clone, Copy)]
pub(super) struct ErrorName(pub &'static str);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Envelope {
            meta: Meta {
                message: self.message,
                code: self.status.as_u16(),
                error: Some(self.code),
            },
            data: (),
        };
        let mut response = (self.status, super::json(&body)).into_response();
        response.extensions_mut().insert(ErrorName(self.code));
        if matches!(
            self.status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            // The rest of the body is never read: the connection cannot
            // carry another request, and the client is told so.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"ticket\""),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_map_to_their_statuses() {
        let e: ApiError = Error::not_found("ticket", 7).into();
        assert_eq!((e.status, e.code), (StatusCode::NOT_FOUND, "not_found"));
        let e: ApiError = Error::Busy.into();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        let e: ApiError = Error::Conflict {
            id: 1,
            expected: 1,
            found: 2,
        }
        .into();
        assert_eq!(e.status, StatusCode::PRECONDITION_FAILED);
        let e: ApiError = Error::invalid("type", "no such type").into();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }
}
