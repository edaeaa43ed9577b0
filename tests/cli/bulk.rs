//! Safe writes for scripts: many ids, ids from stdin, dry runs, version
//! guards and idempotency keys.

use serde_json::{Value, json};

use crate::common::{TestEnv, stderr_line};

fn statuses(env: &TestEnv, ids: &[&str]) -> Vec<Value> {
    let shown = env.json(&[&["show"], ids].concat());
    match shown {
        Value::Array(all) => all.iter().map(|t| t["status"].clone()).collect(),
        one => vec![one["status"].clone()],
    }
}

#[test]
fn show_many_prints_an_array() {
    let env = TestEnv::new();
    env.file("a", &[]);
    env.file("b", &[]);
    let all = env.json(&["show", "1", "2"]);
    assert_eq!(
        all.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].clone())
            .collect::<Vec<_>>(),
        [json!(1), json!(2)]
    );
    assert!(all[0]["replies"].is_array());
    assert!(env.json(&["show", "2"]).is_object());
    env.fails(&["show", "1", "9"], 3);
}

#[test]
fn ids_can_come_from_a_list_pipeline() {
    let env = TestEnv::new();
    for q in ["a", "b", "c"] {
        env.file(q, &["--tag", if q == "b" { "other" } else { "vip" }]);
    }
    let listed = env.ok(&["list", "--tag", "vip", "--format", "jsonl"]);
    let out = env
        .cmd()
        .args(["status", "-", "pending"])
        .write_stdin(listed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        statuses(&env, &["1", "2", "3"]),
        [json!("pending"), json!("new"), json!("pending")]
    );
    let tsv = env.ok(&["list", "--status", "pending"]);
    let out = env
        .cmd()
        .args(["edit", "-", "--assignee", "bob", "--json"])
        .write_stdin(tsv)
        .output()
        .unwrap();
    let edited: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(edited.as_array().unwrap().len(), 2);
    assert_eq!(
        env.json(&["list", "--assignee", "bob"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let out = env
        .cmd()
        .args(["status", "-", "open"])
        .write_stdin("1\nnonsense\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_line(&out).contains("stdin line 2"),
        "{}",
        stderr_line(&out)
    );
}

#[test]
fn edit_many_is_all_or_nothing() {
    let env = TestEnv::new();
    env.file("a", &[]);
    env.file("b", &[]);
    env.ok(&["status", "2", "closed"]);
    let before = env.snapshot();
    env.fails(&["edit", "1", "2", "--priority", "urgent"], 4);
    assert_eq!(env.snapshot(), before);
    env.fails(&["edit", "1", "3", "--priority", "urgent"], 3);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn dry_run_shows_the_change_and_writes_nothing() {
    let env = TestEnv::new();
    env.file("a", &[]);
    let before = env.snapshot();
    let cases: &[&[&str]] = &[
        &["new", "--type", "sys", "--question", "q", "--dry-run"],
        &["reply", "1", "hi", "--as", "bob", "--dry-run"],
        &["status", "1", "solved", "--dry-run"],
        &["edit", "1", "--priority", "urgent", "--dry-run"],
        &["types", "add", "billing", "--dry-run"],
        &["fields", "add", "tier", "--kind", "text", "--dry-run"],
    ];
    for args in cases {
        let out = env.cmd().args(*args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{args:?} shows what it would do");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("dry run: nothing was written"),
            "{args:?}"
        );
        assert_eq!(env.snapshot(), before, "{args:?} wrote");
    }
    let would = env.json(&["status", "1", "solved", "--dry-run"]);
    assert_eq!(would[0]["status"], "solved");
    assert_eq!(env.json(&["show", "1"])["status"], "new");
    env.fails(&["status", "1", "bogus", "--dry-run"], 2);
}

#[test]
fn a_dry_run_or_a_refused_write_uses_up_no_id() {
    let env = TestEnv::new();
    env.file("first", &[]);
    let shown = env.json(&["new", "--type", "sys", "--question", "second", "--dry-run"]);
    env.ok(&["reply", "1", "hi", "--as", "bob", "--dry-run"]);
    env.fails(&["new", "--type", "module", "--question", "no fields"], 2);
    let filed = env.json(&["new", "--type", "sys", "--question", "second"]);
    assert_eq!(filed["id"], shown["id"], "the id the dry run showed");
    assert_eq!(filed["id"], 2);
    let reply = env.json(&["reply", "1", "hi", "--as", "bob"]);
    assert_eq!(reply["id"], 1);
    let events: Vec<Value> = env
        .json(&["history", "2"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(events, [json!(2)], "ticket 1's event is 1");
}

#[test]
fn if_version_refuses_a_stale_update() {
    let env = TestEnv::new();
    env.file("a", &[]);
    let v = env.json(&["show", "1"])["version"].as_i64().unwrap();
    assert_eq!(v, 1);
    env.ok(&["edit", "1", "--priority", "urgent", "--if-version", "1"]);
    let before = env.snapshot();
    let out = env.fails(
        &[
            "edit",
            "1",
            "--priority",
            "normal",
            "--if-version",
            "1",
            "--json",
        ],
        4,
    );
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "conflict");
    env.fails(&["status", "1", "solved", "--if-version", "1"], 4);
    env.fails(&["reply", "1", "x", "--if-version", "1"], 4);
    assert_eq!(env.snapshot(), before);
    env.ok(&["reply", "1", "x", "--as", "bob", "--if-version", "2"]);
    assert_eq!(env.json(&["show", "1"])["version"], 3);
}

#[test]
fn an_idempotency_key_files_a_ticket_once() {
    let env = TestEnv::new();
    let first = env.json(&[
        "new",
        "--type",
        "sys",
        "--question",
        "q",
        "--idempotency-key",
        "job-17",
    ]);
    let again = env.json(&[
        "new",
        "--type",
        "sys",
        "--question",
        "q",
        "--idempotency-key",
        "job-17",
    ]);
    assert_eq!(first, again);
    let other = env.json(&[
        "new",
        "--type",
        "sys",
        "--question",
        "q",
        "--idempotency-key",
        "job-18",
    ]);
    assert_eq!(other["id"], 2);
    assert_eq!(env.ok(&["list", "--count"]), "2\n");
}

#[test]
fn an_idempotency_key_writes_a_reply_once() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    let reply = |key: &str| env.json(&["reply", &id, "on it", "--idempotency-key", key]);
    let first = reply("cron-1");
    let again = reply("cron-1");
    assert_eq!(again["id"], first["id"], "{again}");
    assert_ne!(reply("cron-2")["id"], first["id"]);
    let thread = env.json(&["show", &id]);
    assert_eq!(thread["replies"].as_array().unwrap().len(), 2);
    env.fails(&["reply", &id, "x", "--idempotency-key", ""], 2);
}
