//! Reading requests: the body as JSON and the query string, with every
//! refusal answered in the API's own error shape (never axum's plain
//! text).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::error::ApiError;
use crate::error::quote;

/// A request body as JSON.
pub(crate) struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "the request body is larger than this server takes",
                )
            } else {
                ApiError::invalid(format!("the request body could not be read: {e}"))
            }
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// A body parsed as `T`; a refusal names the place that is wrong.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid(
            "the request body is empty; send a JSON object",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || path == "." || path == "?" {
            ApiError::invalid(format!("the request body is not valid JSON: {inner}"))
        } else {
            ApiError::invalid(format!("invalid {path}: {inner}"))
        }
    })?;
    Ok(value)
}

/// A JSON object body, for routes whose keys are open (a type's fields
/// ride as top-level keys).
pub(crate) fn object(value: Value) -> Result<Map<String, Value>, ApiError> {
    match value {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::invalid("the request body must be a JSON object")),
    }
}

/// The `Idempotency-Key` header, checked: 1 to 100 characters of text.
pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = v
        .to_str()
        .map_err(|_| ApiError::invalid("the Idempotency-Key header is not text"))?
        .trim();
    if key.is_empty() || key.len() > 100 {
        return Err(ApiError::invalid(
            "the Idempotency-Key header must hold 1 to 100 characters",
        ));
    }
    Ok(Some(key.to_string()))
}

/// The query string's parameters, in order.
pub(crate) struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| Ok((k.into_owned(), v.into_owned())))
            .collect::<Result<Vec<_>, ApiError>>()
            .map(Params)
    }
}

impl Params {
    /// The last value given for `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A required text parameter.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        match self.get(name) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(ApiError::invalid(format!(
                "the parameter {name} is required"
            ))),
        }
    }

    /// A whole number parameter within `min..=max`, or `default` when
    /// absent.
    pub(crate) fn number(
        &self,
        name: &str,
        default: Option<i64>,
        min: i64,
        max: i64,
    ) -> Result<i64, ApiError> {
        let Some(text) = self.get(name) else {
            return default
                .ok_or_else(|| ApiError::invalid(format!("the parameter {name} is required")));
        };
        let n: i64 = text.trim().parse().map_err(|_| {
            ApiError::invalid(format!(
                "invalid {name}: {} is not a whole number",
                quote(text)
            ))
        })?;
        if n < min || n > max {
            return Err(ApiError::invalid(format!(
                "invalid {name}: {n} is not between {min} and {max}"
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_name_what_is_wrong() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct B {
            workorder_id: i64,
        }
        let e = parse::<B>(br#"{"workorder_id": "x"}"#).unwrap_err();
        assert!(e.message.contains("workorder_id"), "{}", e.message);
        let e = parse::<B>(b"{").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        assert!(parse::<B>(b"  ").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn numbers_are_checked_not_replaced() {
        let p = Params(vec![
            ("page".into(), "0".into()),
            ("size".into(), "x".into()),
        ]);
        assert!(p.number("page", Some(1), 1, 100).is_err());
        assert!(p.number("size", Some(1), 1, 100).is_err());
        assert_eq!(p.number("other", Some(7), 1, 100).unwrap(), 7);
        assert!(p.number("other", None, 1, 100).is_err());
    }
}
