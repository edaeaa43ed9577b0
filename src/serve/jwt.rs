//! HS256 JSON web tokens from portals that sign their own users' sessions:
//! claims `sub` (the user), `role` (`agent` or `requester`) and `exp`
//! (required). jsonwebtoken parses and validates; the signature is HMAC
//! SHA-256 from the `hmac` crate, installed as jsonwebtoken's only
//! algorithm so the build carries no RSA or elliptic-curve code.

use std::sync::Once;

use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{ErrorKind, Result as JwtResult};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Validation};
use serde::Deserialize;
use sha2::Sha256;

use crate::model::{ApiRole, validate_name};

/// The claims `ticket serve` reads.
#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    role: ApiRole,
}

/// Who a valid web token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The `sub` claim.
    pub user: String,
    /// The `role` claim.
    pub role: ApiRole,
}

/// The secret web tokens are checked with.
pub struct JwtKey(DecodingKey);

impl JwtKey {
    /// A key from the shared secret (`TICKET_JWT_SECRET`).
    pub fn new(secret: &[u8]) -> Option<Self> {
        install();
        DecodingKey::from_secret(secret).ok().map(JwtKey)
    }

    /// The user and role a token names, when its signature, algorithm
    /// (HS256 only) and expiry hold; why not otherwise.
    pub fn verify(&self, token: &str) -> Result<Claimed, String> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.0, &validation).map_err(|e| {
                match e.kind() {
                    ErrorKind::ExpiredSignature => "the web token has expired".to_string(),
                    ErrorKind::InvalidSignature => "the web token's signature is wrong".to_string(),
                    ErrorKind::InvalidAlgorithm => {
                        "web tokens must be signed with HS256".to_string()
                    }
                    ErrorKind::MissingRequiredClaim(c) => {
                        format!("the web token has no '{c}' claim")
                    }
                    _ => "the web token is malformed".to_string(),
                }
            })?;
        let user = validate_name("user", &data.claims.sub)
            .map_err(|e| format!("the web token's 'sub' claim: {e}"))?;
        Ok(Claimed {
            user,
            role: data.claims.role,
        })
    }
}

/// Signs claims with a secret: what a portal does (tests and examples).
pub fn sign(secret: &[u8], claims: &serde_json::Value) -> Option<String> {
    install();
    let key = EncodingKey::from_secret(secret).ok()?;
    jsonwebtoken::encode(&jsonwebtoken::Header::new(Algorithm::HS256), claims, &key).ok()
}

type HmacSha256 = Hmac<Sha256>;

struct Hs256(HmacSha256);

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, msg: &[u8], signature: &Vec<u8>) -> Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(msg);
        mac.verify_slice(signature)
            .map_err(|_| signature::Error::new())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

fn hs256(alg: &Algorithm, key: &[u8]) -> JwtResult<Hs256> {
    if *alg != Algorithm::HS256 {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    HmacSha256::new_from_slice(key)
        .map(Hs256)
        .map_err(|_| ErrorKind::InvalidKeyFormat.into())
}

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: |alg, key| Ok(Box::new(hs256(alg, key.as_bytes())?)),
    verifier_factory: |alg, key| Ok(Box::new(hs256(alg, key.try_get_as_bytes()?)?)),
    key_utils: KeyUtils::new_unimplemented(),
};

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = PROVIDER.install_default();
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn in_an_hour() -> u64 {
        jsonwebtoken::get_current_timestamp() + 3600
    }

    #[test]
    fn a_signed_token_names_its_user_and_role() {
        let key = JwtKey::new(b"s3cret").unwrap();
        let t = sign(
            b"s3cret",
            &json!({"sub": "ann", "role": "requester", "exp": in_an_hour()}),
        )
        .unwrap();
        assert_eq!(
            key.verify(&t),
            Ok(Claimed {
                user: "ann".into(),
                role: ApiRole::Requester
            })
        );
    }

    #[test]
    fn bad_tokens_say_why() {
        let key = JwtKey::new(b"s3cret").unwrap();
        let other = sign(
            b"other",
            &json!({"sub": "ann", "role": "agent", "exp": in_an_hour()}),
        )
        .unwrap();
        assert!(key.verify(&other).unwrap_err().contains("signature"));
        let expired = sign(
            b"s3cret",
            &json!({"sub": "ann", "role": "agent", "exp": 1_000_000}),
        )
        .unwrap();
        assert!(key.verify(&expired).unwrap_err().contains("expired"));
        let no_exp = sign(b"s3cret", &json!({"sub": "ann", "role": "agent"})).unwrap();
        assert!(key.verify(&no_exp).unwrap_err().contains("exp"));
        let bad_role = sign(
            b"s3cret",
            &json!({"sub": "ann", "role": "root", "exp": in_an_hour()}),
        )
        .unwrap();
        assert!(key.verify(&bad_role).is_err());
        assert!(key.verify("not.a.token").is_err());
        // `alg: none` is refused.
        let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhbm4iLCJyb2xlIjoiYWdlbnQiLCJleHAiOjk5OTk5OTk5OTl9.";
        assert!(key.verify(none).is_err());
    }
}
