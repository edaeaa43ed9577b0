//! API tokens: issuing, listing and revoking them, and the look-up
//! `ticket serve` makes for every request.
//!
//! A secret is 32 random bytes from the operating system, written as
//! `tk_` and 64 hex digits; the store keeps only its SHA-256. A request's
//! token is found by the hash of the secret it sends, one indexed look-up,
//! so no secret is ever compared (or kept) here. Token writes record no
//! ticket events (tokens are not tickets), and are not exported.

use sha2::{Digest, Sha256};

use super::*;
use crate::model::{ApiRole, IssuedToken, TOKEN_BYTES, Token};

/// The hex SHA-256 of a secret: what the store keys its token by.
fn token_hash(secret: &str) -> String {
    model::hex(&Sha256::digest(secret.as_bytes()))
}

/// A new secret from the operating system's random bytes.
fn new_secret() -> Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| Error::NoRandomness(e.to_string()))?;
    Ok(model::token_secret(&bytes))
}

impl Desk {
    /// Issues a token for `user` with `role`; the secret is returned once,
    /// only its SHA-256 is stored. `name` labels it for people; an
    /// `expires_at` not after `change.at` is refused as invalid.
    pub fn issue_token(
        &self,
        change: Change<'_>,
        user: &str,
        role: ApiRole,
        name: Option<&str>,
        expires_at: Option<Timestamp>,
    ) -> Result<IssuedToken> {
        let user = model::validate_name("user", user)?;
        let name = name.map(|n| model::validate_name("name", n)).transpose()?;
        if let Some(expiry) = expires_at
            && expiry <= change.at
        {
            return Err(Error::invalid(
                "expires",
                format!("{expiry} is not in the future (now is {})", change.at),
            ));
        }
        let secret = new_secret()?;
        let mut token = Token {
            id: 0,
            user,
            role,
            name,
            created_at: change.at,
            expires_at,
            revoked_at: None,
        };
        let txn = self.store.write()?;
        token.id = txn.insert_token(&token_hash(&secret), &token)?;
        Self::finish(change.commit, txn)?;
        Ok(IssuedToken { token, secret })
    }

    /// Every token, newest first (no secrets).
    pub fn tokens(&self) -> Result<Vec<Token>> {
        self.store.read()?.tokens()
    }

    /// Revokes a token; revoking twice is fine (returns the record, revoked
    /// the first time); unknown id -> NotFound (exit 3).
    pub fn revoke_token(&self, change: Change<'_>, id: i64) -> Result<Token> {
        let txn = self.store.write()?;
        if txn.token(id)?.is_none() {
            return Err(Error::not_found("token", id));
        }
        txn.revoke_token(id, change.at)?;
        let token = txn
            .token(id)?
            .ok_or_else(|| Error::not_found("token", id))?;
        Self::finish(change.commit, txn)?;
        Ok(token)
    }

    /// The live token this secret names at `now`: None when unknown,
    /// revoked or expired. A secret not of the token form (`tk_` and 64
    /// lowercase hex digits) is None without a look-up; any other is one
    /// indexed point query in a read transaction.
    pub fn authenticate(&self, secret: &str, now: Timestamp) -> Result<Option<Token>> {
        if !model::is_token_secret(secret) {
            return Ok(None);
        }
        // One statement: no transaction is needed around it.
        let token = self.store.glance()?.token_by_hash(&token_hash(secret))?;
        Ok(token.filter(|t| t.is_live(now)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TokenState;
    use crate::store::SqliteStore;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn desk() -> Desk {
        Desk::new(Box::new(SqliteStore::open_in_memory().unwrap()))
    }

    fn now() -> Timestamp {
        at("2026-03-01T12:00:00Z")
    }

    fn issue(d: &Desk, expires: Option<&str>) -> IssuedToken {
        d.issue_token(
            Change::new("amy", now()),
            "bob",
            ApiRole::Requester,
            Some("portal"),
            expires.map(at),
        )
        .unwrap()
    }

    #[test]
    fn an_issued_token_authenticates_as_its_user() {
        let d = desk();
        let issued = issue(&d, None);
        assert!(model::is_token_secret(&issued.secret), "{}", issued.secret);
        assert_eq!(issued.token.user, "bob");
        assert_eq!(issued.token.role, ApiRole::Requester);
        assert_eq!(issued.token.name.as_deref(), Some("portal"));
        assert_eq!(issued.token.created_at, now());
        let found = d.authenticate(&issued.secret, now()).unwrap();
        assert_eq!(found, Some(issued.token.clone()));
        assert_eq!(d.tokens().unwrap(), [issued.token]);
    }

    #[test]
    fn secrets_differ_and_only_their_hash_is_kept() {
        let d = desk();
        let a = issue(&d, None);
        let b = issue(&d, None);
        assert_ne!(a.secret, b.secret);
        assert!(b.token.id > a.token.id);
        // Newest first.
        let ids: Vec<i64> = d.tokens().unwrap().iter().map(|t| t.id).collect();
        assert_eq!(ids, [b.token.id, a.token.id]);
        let txn = d.store.read().unwrap();
        assert!(txn.token_by_hash(&a.secret).unwrap().is_none());
        assert_eq!(
            txn.token_by_hash(&token_hash(&a.secret)).unwrap(),
            Some(a.token)
        );
    }

    #[test]
    fn a_wrong_secret_names_no_token() {
        let d = desk();
        let issued = issue(&d, None);
        let mut wrong = issued.secret.clone();
        let last = if wrong.ends_with('0') { "1" } else { "0" };
        wrong.replace_range(wrong.len() - 1.., last);
        assert_eq!(d.authenticate(&wrong, now()).unwrap(), None);
    }

    #[test]
    fn a_malformed_secret_names_no_token() {
        let d = desk();
        let issued = issue(&d, None);
        for bad in [
            "",
            "tk_",
            "Bearer x",
            issued.secret.trim_start_matches("tk_"),
            &issued.secret.to_uppercase(),
            &format!(" {}", issued.secret),
            &format!("{}0", issued.secret),
            &issued.secret[..issued.secret.len() - 1],
        ] {
            assert_eq!(d.authenticate(bad, now()).unwrap(), None, "{bad:?}");
        }
    }

    #[test]
    fn a_revoked_token_names_no_token_and_revoking_twice_keeps_the_first_time() {
        let d = desk();
        let issued = issue(&d, None);
        let later = at("2026-03-02T00:00:00Z");
        let revoked = d
            .revoke_token(Change::new("amy", later), issued.token.id)
            .unwrap();
        assert_eq!(revoked.revoked_at, Some(later));
        assert_eq!(revoked.state(later), TokenState::Revoked);
        assert_eq!(d.authenticate(&issued.secret, later).unwrap(), None);
        let again = d
            .revoke_token(
                Change::new("amy", at("2026-03-03T00:00:00Z")),
                issued.token.id,
            )
            .unwrap();
        assert_eq!(again, revoked);
        let Err(Error::NotFound { what: "token", .. }) =
            d.revoke_token(Change::new("amy", later), 99)
        else {
            panic!("an unknown token was revoked");
        };
    }

    #[test]
    fn an_expired_token_names_no_token() {
        let d = desk();
        let issued = issue(&d, Some("2026-03-02T00:00:00Z"));
        assert!(
            d.authenticate(&issued.secret, at("2026-03-01T23:59:59Z"))
                .unwrap()
                .is_some()
        );
        for when in ["2026-03-02T00:00:00Z", "2026-04-01T00:00:00Z"] {
            assert_eq!(d.authenticate(&issued.secret, at(when)).unwrap(), None);
        }
    }

    #[test]
    fn bad_input_is_refused_and_writes_nothing() {
        let d = desk();
        let change = Change::new("amy", now());
        for (user, name, expires) in [
            ("", None, None),
            ("bob\u{7}", None, None),
            ("bob", Some(""), None),
            ("bob", Some("a\nb"), None),
            ("bob", None, Some("2026-03-01T12:00:00Z")),
            ("bob", None, Some("2020-01-01T00:00:00Z")),
        ] {
            let e = d
                .issue_token(change, user, ApiRole::Agent, name, expires.map(at))
                .unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Invalid, "{e}");
        }
        assert!(d.tokens().unwrap().is_empty());
    }

    #[test]
    fn a_dry_run_stores_nothing() {
        let d = desk();
        let change = Change::new("amy", now()).with(Commit::DryRun);
        let issued = d
            .issue_token(change, "bob", ApiRole::Agent, None, None)
            .unwrap();
        assert!(d.tokens().unwrap().is_empty());
        assert_eq!(d.authenticate(&issued.secret, now()).unwrap(), None);
        let kept = issue(&d, None);
        assert_eq!(
            kept.token.id, issued.token.id,
            "the dry run's id is the real one"
        );
        d.revoke_token(change, kept.token.id).unwrap();
        assert!(d.authenticate(&kept.secret, now()).unwrap().is_some());
    }
}
