//! Who is calling: an API token from `ticket token new`, or a portal's
//! HS256 web token, in `Authorization: Bearer …` (or bare, as seed 2
//! shows it). The body of a request never changes who the caller is.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

use super::error::ApiError;
use super::jwt::JwtKey;
use crate::desk::{Desk, Scope};
use crate::model::{ApiRole, Role, Timestamp, Token};

/// How long a token read from the store is trusted without reading it
/// again: a token revoked in the meantime stops working within this time.
pub const TOKEN_CACHE_TTL: Duration = Duration::from_secs(1);

/// Tokens most callers send again and again, as last read from the store.
#[derive(Default)]
pub(crate) struct TokenCache(Mutex<HashMap<String, (Token, Instant)>>);

impl TokenCache {
    /// Most tokens remembered at once; past it the cache starts over.
    const CAPACITY: usize = 10_000;

    fn get(&self, secret: &str) -> Option<Token> {
        let map = self.0.lock().ok()?;
        let (token, read) = map.get(secret)?;
        (read.elapsed() < TOKEN_CACHE_TTL).then(|| token.clone())
    }

    fn put(&self, secret: &str, token: &Token) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            map.insert(secret.to_string(), (token.clone(), Instant::now()));
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The user the credentials name.
    pub user: String,
    /// What they may do.
    pub role: ApiRole,
    /// What the rate limit counts by: the token's id, or the web token's
    /// user.
    pub key: String,
}

impl Caller {
    /// The tickets this caller may see and change.
    pub fn scope(&self) -> Scope<'_> {
        match self.role {
            ApiRole::Agent => Scope::Desk,
            ApiRole::Requester => Scope::RequestedBy(&self.user),
        }
    }

    /// Whether the caller is an agent.
    pub fn is_agent(&self) -> bool {
        self.role == ApiRole::Agent
    }

    /// The store's key for an `Idempotency-Key` this caller sent: each
    /// caller's keys are their own.
    pub fn own_key(&self, key: Option<String>) -> Option<String> {
        key.map(|k| format!("api:{}:{}:{k}", self.user.len(), self.user))
    }

    /// The role this caller answers a ticket in: a requester's token always
    /// as the requester; an agent's as the workflow decides (the ticket's
    /// own requester answers as requester).
    pub fn reply_role(&self) -> Option<Role> {
        (!self.is_agent()).then_some(Role::Requester)
    }

    /// Refuses a requester on an agents' route.
    pub fn agent_only(&self) -> Result<(), ApiError> {
        if self.is_agent() {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "this route is for agents; end users use /api/v2/requests",
            ))
        }
    }
}

/// The credentials of a request, as sent.
pub fn credentials(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("no Authorization header: send 'Bearer TOKEN'"))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("the Authorization header is not text"))?
        .trim();
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        Some(_) => {
            return Err(ApiError::unauthorized(
                "the Authorization header must be 'Bearer TOKEN'",
            ));
        }
        None if value.eq_ignore_ascii_case("bearer") => "",
        None => value,
    };
    if token.is_empty() {
        return Err(ApiError::unauthorized(
            "the Authorization header has no token",
        ));
    }
    Ok(token.to_string())
}

/// The caller the credentials name at `now`, or 401.
pub(crate) fn authenticate(
    desk: &Desk,
    cache: &TokenCache,
    jwt: Option<&JwtKey>,
    token: &str,
    now: Timestamp,
) -> Result<Caller, ApiError> {
    if token.starts_with("tk_") {
        let live = match cache.get(token) {
            Some(t) => Some(t).filter(|t| t.is_live(now)),
            None => {
                let found = desk.authenticate(token, now)?;
                if let Some(t) = &found {
                    cache.put(token, t);
                }
                found
            }
        };
        return match live {
            Some(t) => Ok(Caller {
                user: t.user,
                role: t.role,
                key: format!("token:{}", t.id),
            }),
            None => Err(ApiError::unauthorized(
                "the token is unknown, revoked or expired",
            )),
        };
    }
    if token.split('.').count() == 3 {
        let key = jwt.ok_or_else(|| {
            ApiError::unauthorized("this server takes no web tokens (it has no TICKET_JWT_SECRET)")
        })?;
        let claimed = key.verify(token).map_err(ApiError::unauthorized)?;
        return Ok(Caller {
            key: format!("jwt:{}", claimed.user),
            user: claimed.user,
            role: claimed.role,
        });
    }
    Err(ApiError::unauthorized(
        "the token is neither a ticket token (tk_…) nor a web token",
    ))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn bearer_and_bare_tokens_are_read() {
        assert_eq!(credentials(&with("Bearer tk_1")).unwrap(), "tk_1");
        assert_eq!(credentials(&with("bearer  tk_1 ")).unwrap(), "tk_1");
        assert_eq!(credentials(&with("tk_1")).unwrap(), "tk_1");
        assert!(credentials(&HeaderMap::new()).is_err());
        assert!(credentials(&with("Basic abc")).is_err());
        assert!(credentials(&with("Bearer ")).is_err());
    }
}
