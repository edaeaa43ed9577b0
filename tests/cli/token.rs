//! API tokens: `ticket token new`, `list` and `revoke`. A secret is shown
//! once and never stored; lists never show it.

use serde_json::{Value, json};

use crate::common::{TestEnv, stderr_line};

const NOW: &str = "2026-03-01T12:00:00Z";

/// Runs `ticket ARGS` at time `now`, expecting success; returns stdout.
fn at(env: &TestEnv, now: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TICKET_NOW", now)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ticket {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `s` has the form of a secret: `tk_` and 64 lowercase hex digits.
fn is_secret(s: &str) -> bool {
    s.strip_prefix("tk_").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Issues a token with `-q` and returns its secret.
fn issue(env: &TestEnv, args: &[&str]) -> String {
    let out = at(env, NOW, &[&["token", "new", "-q"], args].concat());
    out.strip_suffix('\n').unwrap().to_string()
}

#[test]
fn quiet_prints_only_the_secret() {
    let env = TestEnv::new();
    let out = at(&env, NOW, &["token", "new", "bob", "--role", "agent", "-q"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    let secret = out.trim_end_matches('\n');
    assert!(is_secret(secret), "{out:?}");
    let other = issue(&env, &["bob", "--role", "agent"]);
    assert_ne!(secret, other, "every secret is new");
}

#[test]
fn new_prints_the_secret_once_with_a_note_and_list_never_shows_it() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("TICKET_NOW", NOW)
        .args([
            "token",
            "new",
            "bob",
            "--role",
            "requester",
            "--name",
            "web portal",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let pairs: Vec<(&str, &str)> = stdout
        .lines()
        .map(|l| l.split_once('\t').unwrap())
        .collect();
    let value = |key: &str| pairs.iter().find(|(k, _)| *k == key).unwrap().1;
    assert_eq!(value("id"), "1");
    assert_eq!(value("user"), "bob");
    assert_eq!(value("role"), "requester");
    assert_eq!(value("name"), "web portal");
    assert_eq!(value("expires_at"), "");
    let secret = value("token").to_string();
    assert!(is_secret(&secret), "{stdout}");
    assert!(stderr_line(&out).contains("shown once"), "{out:?}");

    let quiet = issue(&env, &["amy", "--role", "agent", "--expires", "30d"]);
    let json = env.json(&["token", "new", "carl", "--role", "agent"]);
    let secrets = [secret, quiet, json["token"].as_str().unwrap().to_string()];
    for format in ["table", "tsv", "json", "jsonl", "csv"] {
        let list = at(&env, NOW, &["token", "list", "--format", format]);
        for s in &secrets {
            assert!(!list.contains(s.as_str()), "{format}: {list}");
            assert!(!list.contains(&s[3..]), "{format}: {list}");
        }
        assert!(!list.contains("tk_"), "{format}: {list}");
        for user in ["amy", "bob", "carl"] {
            assert!(list.contains(user), "{format}: {list}");
        }
    }
    let list: Value = serde_json::from_str(&at(&env, NOW, &["token", "list", "--json"])).unwrap();
    assert_eq!(
        list,
        json!([
            {"id": 3, "user": "carl", "role": "agent", "name": null,
             "created_at": list[0]["created_at"], "expires_at": null, "revoked_at": null,
             "state": "active"},
            {"id": 2, "user": "amy", "role": "agent", "name": null,
             "created_at": "2026-03-01T12:00:00.000000Z",
             "expires_at": "2026-03-31T12:00:00.000000Z", "revoked_at": null, "state": "active"},
            {"id": 1, "user": "bob", "role": "requester", "name": "web portal",
             "created_at": "2026-03-01T12:00:00.000000Z", "expires_at": null,
             "revoked_at": null, "state": "active"},
        ]),
        "newest first, no secret"
    );
    let csv = at(&env, NOW, &["token", "list", "--format", "csv"]);
    assert_eq!(
        csv.lines().next().unwrap(),
        "id,user,role,name,created_at,expires_at,revoked_at,state"
    );
}

#[test]
fn json_prints_the_record_with_its_secret() {
    let env = TestEnv::new();
    let out = at(
        &env,
        NOW,
        &[
            "token",
            "new",
            "bob",
            "--role",
            "agent",
            "--expires",
            "12h",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    let mut expected = vec![
        "created_at",
        "expires_at",
        "id",
        "name",
        "revoked_at",
        "role",
        "token",
        "user",
    ];
    expected.sort();
    assert_eq!(keys, expected);
    assert!(is_secret(v["token"].as_str().unwrap()), "{v}");
    assert_eq!(
        v,
        json!({
            "id": 1, "user": "bob", "role": "agent", "token": v["token"], "name": null,
            "created_at": "2026-03-01T12:00:00.000000Z",
            "expires_at": "2026-03-02T00:00:00.000000Z", "revoked_at": null
        })
    );
    // The keys in the documented order.
    let order: Vec<usize> = [
        "id",
        "user",
        "role",
        "token",
        "name",
        "created_at",
        "expires_at",
        "revoked_at",
    ]
    .iter()
    .map(|k| out.find(&format!("\"{k}\"")).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
}

#[test]
fn revoked_and_expired_tokens_show_their_state() {
    let env = TestEnv::new();
    issue(&env, &["bob", "--role", "agent", "--expires", "1d"]);
    issue(&env, &["amy", "--role", "requester"]);
    let later = "2026-03-01T13:00:00Z";
    let revoked = at(&env, later, &["token", "revoke", "2", "--json"]);
    let revoked: Value = serde_json::from_str(&revoked).unwrap();
    assert_eq!(revoked[0]["state"], "revoked");
    assert_eq!(revoked[0]["revoked_at"], "2026-03-01T13:00:00.000000Z");
    // Twice is fine, and keeps the first time.
    let again = at(
        &env,
        "2026-03-05T00:00:00Z",
        &["token", "revoke", "2", "--json"],
    );
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again, revoked);
    assert_eq!(at(&env, later, &["token", "revoke", "2", "-q"]), "2\n");

    let states = |now: &str| -> Vec<Value> {
        let list: Value =
            serde_json::from_str(&at(&env, now, &["token", "list", "--json"])).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|t| json!([t["id"], t["state"]]))
            .collect()
    };
    assert_eq!(states(later), [json!([2, "revoked"]), json!([1, "active"])]);
    assert_eq!(
        states("2026-03-02T12:00:00Z"),
        [json!([2, "revoked"]), json!([1, "expired"])]
    );
    let rows = at(&env, "2026-03-02T12:00:00Z", &["token", "list"]);
    let states: Vec<&str> = rows
        .lines()
        .map(|l| l.split('\t').next_back().unwrap())
        .collect();
    assert_eq!(states, ["revoked", "expired"]);
}

#[test]
fn bad_input_exits_2_and_an_unknown_token_3() {
    let env = TestEnv::new();
    issue(&env, &["bob", "--role", "agent"]);
    let before = env.snapshot();
    for args in [
        &["token", "new", "bob", "--role", "admin"][..],
        &["token", "new", "bob"],
        &["token", "new", "", "--role", "agent"],
        &["token", "new", "bob", "--role", "agent", "--name", ""],
        &[
            "token",
            "new",
            "bob",
            "--role",
            "agent",
            "--expires",
            "2020-01-01",
        ],
        &["token", "new", "bob", "--role", "agent", "--expires", "-1d"],
        &["token", "new", "bob", "--role", "agent", "--expires", "0s"],
        &[
            "token",
            "new",
            "bob",
            "--role",
            "agent",
            "--expires",
            "soon",
        ],
        &["token", "new", "bob", "--role", "agent", "--expires", "3M"],
        &["token", "revoke", "0"],
        &["token", "revoke", "abc"],
        &["token"],
    ] {
        let out = env.fails(args, 2);
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = env.fails(&["token", "revoke", "99"], 3);
    assert_eq!(stderr_line(&out), "error: token 99 not found");
    let out = env.fails(&["token", "revoke", "99", "--json"], 3);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    assert_eq!(env.snapshot(), before, "nothing was written");
}

#[test]
fn a_dry_run_writes_nothing() {
    let env = TestEnv::new();
    issue(&env, &["bob", "--role", "agent"]);
    let before = env.snapshot();
    let out = at(
        &env,
        NOW,
        &[
            "token",
            "new",
            "amy",
            "--role",
            "agent",
            "--dry-run",
            "--json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], 2, "the id the real run gets");
    at(&env, NOW, &["token", "revoke", "1", "--dry-run"]);
    assert_eq!(env.snapshot(), before);
    let list: Value = serde_json::from_str(&at(&env, NOW, &["token", "list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["state"], "active");
}

#[test]
fn the_store_holds_a_hash_never_the_secret() {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    let secrets: Vec<String> = (0..3)
        .map(|_| issue(&env, &["bob", "--role", "agent"]))
        .collect();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let hashes: Vec<String> = conn
        .prepare("SELECT hash FROM api_tokens ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let sha256 = |s: &str| -> String {
        use sha2::Digest;
        sha2::Sha256::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let expected: Vec<String> = secrets.iter().map(|s| sha256(s)).collect();
    assert_eq!(hashes, expected);
    drop(conn);
    // Nowhere in the database's bytes, nor in its write-ahead log.
    for suffix in ["", "-wal"] {
        let mut path = env.db.clone().into_os_string();
        path.push(suffix);
        let bytes = std::fs::read(&path).unwrap_or_default();
        for s in &secrets {
            for needle in [s.as_str(), &s[3..], &s[3..35]] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                    "{path:?} holds a secret"
                );
            }
        }
    }
}
