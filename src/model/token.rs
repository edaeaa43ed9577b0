//! API tokens: who a caller of `ticket serve` is. A token's record names a
//! user and a role; its secret is shown once when issued and only its
//! SHA-256 is kept, so the record here never holds it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::error::{Error, quote};

/// Who an API caller is to the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiRole {
    /// A support agent: sees and works every ticket.
    Agent,
    /// A requester: sees and touches only the tickets they requested.
    Requester,
}

impl ApiRole {
    /// Every role.
    pub const ALL: [ApiRole; 2] = [ApiRole::Agent, ApiRole::Requester];

    /// The name used in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiRole::Agent => "agent",
            ApiRole::Requester => "requester",
        }
    }
}

impl fmt::Display for ApiRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        ApiRole::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::invalid(
                    "role",
                    format!("{t_q} is not a role (agent, requester)", t_q = quote(t)),
                )
            })
    }
}

/// An API token's record (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Token {
    /// Assigned by the store, never reused.
    pub id: i64,
    /// The user the token acts as.
    pub user: String,
    /// What the user may do through it.
    pub role: ApiRole,
    /// A label for people ("portal", "Amy's laptop").
    pub name: Option<String>,
    /// When it was issued.
    pub created_at: Timestamp,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// Where a token is in its life, at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenState {
    /// It works.
    Active,
    /// It was revoked.
    Revoked,
    /// Its expiry has passed.
    Expired,
}

impl TokenState {
    /// The name shown in lists.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Active => "active",
            TokenState::Revoked => "revoked",
            TokenState::Expired => "expired",
        }
    }
}

impl fmt::Display for TokenState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Token {
    /// The token's state at `now`: revoked wins over expired; a token
    /// expires at its `expires_at`, not after it.
    pub fn state(&self, now: Timestamp) -> TokenState {
        if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires_at.is_some_and(|e| e <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }

    /// Whether the token works at `now`.
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.state(now) == TokenState::Active
    }
}

/// A token just issued: its record and the secret, shown once.
///
/// Its JSON keys are `id, user, role, token` (the secret), then `name,
/// created_at, expires_at, revoked_at`.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The stored record.
    pub token: Token,
    /// The secret a caller sends as `Authorization: Bearer …`; never
    /// stored, never shown again.
    pub secret: String,
}

impl Serialize for IssuedToken {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let t = &self.token;
        let mut o = s.serialize_struct("IssuedToken", 8)?;
        o.serialize_field("id", &t.id)?;
        o.serialize_field("user", &t.user)?;
        o.serialize_field("role", &t.role)?;
        o.serialize_field("token", &self.secret)?;
        o.serialize_field("name", &t.name)?;
        o.serialize_field("created_at", &t.created_at)?;
        o.serialize_field("expires_at", &t.expires_at)?;
        o.serialize_field("revoked_at", &t.revoked_at)?;
        o.end()
    }
}

/// What every token secret starts with, so a leaked one is easy to find
/// (and to tell from a JWT).
pub const TOKEN_PREFIX: &str = "tk_";

/// How many random bytes a secret holds (written as twice as many hex
/// digits after [`TOKEN_PREFIX`]).
pub const TOKEN_BYTES: usize = 32;

/// A secret from `bytes` random bytes: [`TOKEN_PREFIX`] and lowercase hex.
pub fn token_secret(bytes: &[u8; TOKEN_BYTES]) -> String {
    let mut s = String::with_capacity(TOKEN_PREFIX.len() + 2 * TOKEN_BYTES);
    s.push_str(TOKEN_PREFIX);
    s.push_str(&hex(bytes));
    s
}

/// Whether `secret` has the form of a token secret: the prefix and 64
/// lowercase hex digits. Anything else names no token.
pub fn is_token_secret(secret: &str) -> bool {
    secret.strip_prefix(TOKEN_PREFIX).is_some_and(|digits| {
        digits.len() == 2 * TOKEN_BYTES
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Bytes as lowercase hex digits.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn token() -> Token {
        Token {
            id: 1,
            user: "amy".into(),
            role: ApiRole::Agent,
            name: None,
            created_at: at("2026-01-01T00:00:00Z"),
            expires_at: Some(at("2026-01-02T00:00:00Z")),
            revoked_at: None,
        }
    }

    #[test]
    fn roles_parse_and_print_their_names() {
        assert_eq!("Agent".parse::<ApiRole>().unwrap(), ApiRole::Agent);
        assert_eq!(" requester".parse::<ApiRole>().unwrap(), ApiRole::Requester);
        assert!("admin".parse::<ApiRole>().is_err());
        assert_eq!(
            serde_json::to_string(&ApiRole::Requester).unwrap(),
            "\"requester\""
        );
        assert_eq!(ApiRole::Agent.to_string(), "agent");
    }

    #[test]
    fn a_token_expires_at_its_expiry_and_revoked_wins() {
        let mut t = token();
        assert_eq!(t.state(at("2026-01-01T23:59:59Z")), TokenState::Active);
        assert_eq!(t.state(at("2026-01-02T00:00:00Z")), TokenState::Expired);
        t.revoked_at = Some(at("2026-01-01T12:00:00Z"));
        assert_eq!(t.state(at("2026-01-03T00:00:00Z")), TokenState::Revoked);
    }

    #[test]
    fn an_issued_token_serialises_its_keys_in_order() {
        let issued = IssuedToken {
            token: token(),
            secret: token_secret(&[0xab; TOKEN_BYTES]),
        };
        let text = serde_json::to_string(&issued).unwrap();
        let value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = value.keys().map(String::as_str).collect();
        let mut in_text = keys.clone();
        in_text.sort_by_key(|k| text.find(&format!("\"{k}\":")).unwrap());
        assert_eq!(
            in_text,
            [
                "id",
                "user",
                "role",
                "token",
                "name",
                "created_at",
                "expires_at",
                "revoked_at"
            ]
        );
        assert_eq!(value["token"], format!("tk_{}", "ab".repeat(32)));
    }

    #[test]
    fn secrets_have_one_form() {
        let s = token_secret(&[7; TOKEN_BYTES]);
        assert!(is_token_secret(&s));
        assert!(!is_token_secret(&s.to_uppercase()));
        assert!(!is_token_secret(&s[..s.len() - 1]));
        assert!(!is_token_secret(&format!("{s}0")));
        assert!(!is_token_secret(&s.replace("tk_", "tx_")));
        assert!(!is_token_secret(""));
        assert_eq!(hex(&[0, 15, 16, 255]), "000f10ff");
    }
}
