//! Who is calling: tokens, web tokens, and what a requester may see.

use serde_json::json;

use super::{Server, token};
use crate::common::TestEnv;

const SECRET: &str = "a-portal-secret-of-at-least-32-bytes!";

/// An HS256 web token as a portal signs it.
fn web_token(secret: &str, claims: serde_json::Value) -> String {
    ticket::serve::jwt::sign(secret.as_bytes(), &claims).unwrap()
}

fn in_an_hour() -> i64 {
    chrono::Utc::now().timestamp() + 3600
}

#[test]
fn every_bad_credential_is_a_401_in_the_envelope() {
    let env = TestEnv::new();
    let good = token(&env, "hhq", "agent");
    let revoked = token(&env, "old", "agent");
    let listed = env.json(&["token", "list"]);
    let revoked_id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["user"] == "old")
        .unwrap()["id"]
        .to_string();
    env.ok(&["token", "revoke", &revoked_id]);
    let expired = env
        .cmd()
        .env("TICKET_NOW", "2020-01-01T00:00:00Z")
        .args([
            "token",
            "new",
            "past",
            "--role",
            "agent",
            "--expires",
            "1h",
            "-q",
        ])
        .output()
        .unwrap();
    let expired = String::from_utf8(expired.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(expired.starts_with("tk_"), "{expired}");
    let server = Server::start(&env, &[], &[("TICKET_JWT_SECRET", SECRET)]);
    let path = "/v3_1/workorder/workorder_list/";
    server.get(path, Some(&good)).data();
    let unknown = format!("tk_{}", "0".repeat(64));
    let forged = web_token(
        "another-secret-of-at-least-32-bytes!!",
        json!({"sub": "x", "role": "agent", "exp": in_an_hour()}),
    );
    let stale = web_token(
        SECRET,
        json!({"sub": "x", "role": "agent", "exp": 1_000_000}),
    );
    let no_exp = web_token(SECRET, json!({"sub": "x", "role": "agent"}));
    let no_role = web_token(SECRET, json!({"sub": "x", "exp": in_an_hour()}));
    for bad in [
        unknown.as_str(),
        revoked.as_str(),
        expired.as_str(),
        "garbage",
        forged.as_str(),
        stale.as_str(),
        no_exp.as_str(),
        no_role.as_str(),
    ] {
        let a = server.get(path, Some(bad));
        a.expect(401);
        assert!(a.header("www-authenticate").is_some());
    }
    server.get(path, None).expect(401);
    server
        .call(
            "GET",
            path,
            None,
            None,
            &[("Authorization", "Basic aGhxOng=")],
        )
        .expect(401);
    // Seed 2 sends the token bare.
    server
        .call("GET", path, None, None, &[("Authorization", &good)])
        .data();
    // A good web token works; its claims say who.
    let portal = web_token(
        SECRET,
        json!({"sub": "ann", "role": "requester", "exp": in_an_hour()}),
    );
    let filed = server.post(
        "/v3_1/workorder/workorder/",
        Some(&portal),
        &json!({"type": "sys", "question": "from the portal", "support": 0}),
    );
    assert_eq!(filed.expect(201)["data"]["committer"], "ann");
    // The access log names the user and never a token, and an error by
    // its name.
    let log = server.log_with("POST /v3_1/workorder/workorder/ 201");
    assert!(log.contains(" ann"), "{log}");
    assert!(
        log.lines()
            .any(|l| l.contains(&format!("GET {path} 401 ")) && l.ends_with(" - unauthorized")),
        "{log}"
    );
    assert!(
        log.lines()
            .filter(|l| l.contains(" 201 "))
            .all(|l| !l.ends_with("unauthorized")),
        "{log}"
    );
    for secret in [&good, &portal, &revoked] {
        assert!(!log.contains(secret.as_str()), "{log}");
    }
}

#[test]
fn a_server_without_a_secret_takes_no_web_tokens() {
    let env = TestEnv::new();
    let server = Server::start(&env, &[], &[]);
    let t = web_token(
        SECRET,
        json!({"sub": "ann", "role": "agent", "exp": in_an_hour()}),
    );
    server
        .get("/v3_1/workorder/workorder_list/", Some(&t))
        .expect(401);
}

#[test]
fn a_short_secret_is_refused_at_start() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("TICKET_JWT_SECRET", "short")
        .args(["serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("TICKET_JWT_SECRET"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The config file's secret is read the same way.
    std::fs::write(
        env.dir.path().join("config.toml"),
        "jwt_secret = \"short\"\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("jwt_secret")
    );
}

#[test]
fn a_secret_from_the_config_file_checks_web_tokens() {
    let env = TestEnv::new();
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!("jwt_secret = \"{SECRET}\"\n"),
    )
    .unwrap();
    let server = Server::start(&env, &[], &[]);
    let t = web_token(
        SECRET,
        json!({"sub": "ann", "role": "agent", "exp": in_an_hour()}),
    );
    server
        .get("/v3_1/workorder/workorder_list/", Some(&t))
        .data();
}

#[test]
fn a_requester_sees_and_touches_only_their_own_workorders() {
    let env = TestEnv::new();
    let theirs = env.file("bob's problem", &["--requester", "bob"]);
    let ann = token(&env, "ann", "requester");
    let server = Server::start(&env, &[], &[]);
    let own = server.post(
        "/v3_1/workorder/workorder/",
        Some(&ann),
        &json!({"type": "sys", "question": "ann's problem", "support": 0,
                "committer": "mallory", "requester": "bob", "role": 1}),
    );
    let own = own.expect(201)["data"].clone();
    // The body claims nothing: ann filed it, for herself.
    assert_eq!(own["committer"], "ann");
    assert_eq!(own["requester"], "ann");

    let list = server.get("/v3_1/workorder/workorder_list/", Some(&ann));
    assert_eq!(list.data()["count"], 1);
    assert_eq!(list.data()["results"][0]["id"], own["id"]);

    let before = env.snapshot();
    let missing = server.get(
        "/v3_1/workorder/workorder_detail/?workorder_id=999999",
        Some(&ann),
    );
    missing.expect(404);
    let hidden = server.get(
        &format!("/v3_1/workorder/workorder_detail/?workorder_id={theirs}"),
        Some(&ann),
    );
    hidden.expect(404);
    // Exactly as a missing one: same status, same shape of message.
    assert_eq!(
        hidden.body["meta"]["message"]
            .as_str()
            .unwrap()
            .replace(&theirs.to_string(), "N"),
        missing.body["meta"]["message"]
            .as_str()
            .unwrap()
            .replace("999999", "N"),
    );
    server
        .get(
            &format!("/v3_1/workorder/workorder_content/?workorder_id={theirs}&type=sys"),
            Some(&ann),
        )
        .expect(404);
    server
        .post(
            "/v3_1/workorder/workorder_detail/",
            Some(&ann),
            &json!({"workorder_id": theirs, "detail": {"text": "mine now"}}),
        )
        .expect(404);
    server
        .post(
            "/v3_1/workorder/workorder_status/",
            Some(&ann),
            &json!({"workorder_id": theirs, "status": 0}),
        )
        .expect(404);
    assert_eq!(env.snapshot(), before, "a refused write stored nothing");

    // On her own: she may mark it solved and reopen it, nothing else; an
    // internal note is not hers to write.
    let id = own["id"].as_i64().unwrap();
    let status = |s: serde_json::Value| {
        server.post(
            "/v3_1/workorder/workorder_status/",
            Some(&ann),
            &json!({"workorder_id": id, "status": s}),
        )
    };
    status(json!(0)).data();
    status(json!(1)).data();
    status(json!(2)).expect(409);
    status(json!("closed")).expect(409);
    let note = server.post(
        "/v3_1/workorder/workorder_detail/",
        Some(&ann),
        &json!({"workorder_id": id, "detail": {"text": "psst"}, "internal": true}),
    );
    note.expect(400);
    assert_eq!(env.json(&["show", &id.to_string()])["status"], "open");
}

#[test]
fn internal_notes_reach_agents_only() {
    let env = TestEnv::new();
    let id = env.file("a question", &["--requester", "ann"]);
    env.ok(&["reply", &id.to_string(), "public answer"]);
    env.ok(&["reply", &id.to_string(), "agents only", "--internal"]);
    let ann = token(&env, "ann", "requester");
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let path = format!("/v3_1/workorder/workorder_detail/?workorder_id={id}");
    let theirs = server.get(&path, Some(&ann));
    assert_eq!(theirs.data()["count"], 1);
    assert!(!theirs.text.contains("agents only"));
    let ours = server.get(&path, Some(&agent));
    assert_eq!(ours.data()["count"], 2);
    assert!(ours.text.contains("agents only"));
}

#[test]
fn a_token_revoked_while_serving_stops_within_a_second() {
    let env = TestEnv::new();
    let t = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let path = "/v3_1/workorder/workorder_list/";
    server.get(path, Some(&t)).data();
    let id = env.json(&["token", "list"])[0]["id"].to_string();
    env.ok(&["token", "revoke", &id]);
    std::thread::sleep(ticket::serve::TOKEN_CACHE_TTL + std::time::Duration::from_millis(100));
    server.get(path, Some(&t)).expect(401);
}
