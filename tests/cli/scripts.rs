//! Cron and pipelines: sweep and undo, --query, --fields, export and import.

use serde_json::{Value, json};

use crate::common::{TestEnv, stderr_line};

fn at(env: &TestEnv, time: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("TICKET_NOW", time)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Tickets 1..=4 filed on Jan 1; 1 and 2 solved on Jan 2, 3 solved on
/// Jan 8, 4 left new.
fn desk_with_history() -> TestEnv {
    let env = TestEnv::new();
    for q in ["a", "b", "c", "d"] {
        at(
            &env,
            "2026-01-01T00:00:00Z",
            &["new", "--type", "sys", "--question", q, "--tag", "vip"],
        );
    }
    at(
        &env,
        "2026-01-02T00:00:00Z",
        &["status", "1", "2", "solved"],
    );
    at(&env, "2026-01-08T00:00:00Z", &["status", "3", "solved"]);
    env
}

fn status_of(env: &TestEnv, id: u32) -> Value {
    env.json(&["show", &id.to_string()])["status"].clone()
}

#[test]
fn sweep_at_a_fixed_time_moves_exactly_the_idle_tickets_once() {
    let env = desk_with_history();
    let args = [
        "sweep",
        "--status",
        "solved",
        "--idle",
        "4d",
        "--to",
        "closed",
        "--now",
        "2026-01-10",
        "--note",
        "auto-closed",
        "--json",
    ];
    let report = env.json(&args[..args.len() - 1]);
    let r = &report[0];
    assert_eq!(
        (
            r["rule"].clone(),
            r["matched"].clone(),
            r["changed"].clone()
        ),
        (json!("solved-to-closed"), json!(2), json!([1, 2]))
    );
    let run = r["run"].as_i64().unwrap();
    assert_eq!(
        [1, 2, 3, 4].map(|id| status_of(&env, id)),
        [
            json!("closed"),
            json!("closed"),
            json!("solved"),
            json!("new")
        ]
    );
    let history = env.json(&["history", "1"]);
    let moved = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["run"] == json!(run))
        .unwrap();
    assert_eq!(
        (
            moved["actor"].clone(),
            moved["old"].clone(),
            moved["new"].clone()
        ),
        (
            json!("sweep:solved-to-closed"),
            json!("solved"),
            json!("closed")
        )
    );
    assert_eq!(
        env.json(&["show", "1"])["replies"][0]["detail"]["text"],
        "auto-closed"
    );
    // A second run changes nothing and writes nothing.
    let before = env.snapshot();
    let again = env.json(&args[..args.len() - 1]);
    assert_eq!(
        (
            again[0]["matched"].clone(),
            again[0]["changed"].clone(),
            again[0]["run"].clone()
        ),
        (json!(0), json!([]), Value::Null)
    );
    assert_eq!(env.snapshot(), before);
    // Undo puts them back, once.
    let undone = env.json(&["undo", "--run", &run.to_string()]);
    assert_eq!(undone[0]["changed"], json!([1, 2]));
    assert_eq!(
        [1, 2].map(|id| status_of(&env, id)),
        [json!("solved"), json!("solved")]
    );
    env.fails(&["undo", "--run", &run.to_string()], 4);
    env.fails(&["undo", "--run", "99"], 3);
}

#[test]
fn sweep_runs_config_rules_in_order_and_dry_runs_write_nothing() {
    let env = desk_with_history();
    std::fs::write(
        env.dir.path().join("config.toml"),
        "[[sweep]]\nname = \"close-solved\"\nstatus = [\"solved\"]\nidle = \"4d\"\nto = \"closed\"\n\n\
         [[sweep]]\nname = \"stale-new\"\nstatus = [\"new\"]\nidle = \"1w\"\nto = \"pending\"\n",
    )
    .unwrap();
    let before = env.snapshot();
    let preview = env.json(&["sweep", "--now", "2026-01-10", "--dry-run"]);
    assert_eq!(preview[0]["changed"], json!([1, 2]));
    assert_eq!(preview[1]["changed"], json!([4]));
    assert_eq!(preview[0]["dry_run"], true);
    assert_eq!(env.snapshot(), before);
    let done = env.json(&["sweep", "--now", "2026-01-10"]);
    assert_eq!(
        (done[0]["rule"].clone(), done[1]["rule"].clone()),
        (json!("close-solved"), json!("stale-new"))
    );
    assert_eq!(status_of(&env, 4), "pending");
    let out = env.fails(
        &[
            "sweep", "--status", "solved", "--idle", "4", "--to", "closed",
        ],
        2,
    );
    assert!(
        stderr_line(&out).contains("needs a unit"),
        "{}",
        stderr_line(&out)
    );
    std::fs::remove_file(env.dir.path().join("config.toml")).unwrap();
    env.fails(&["sweep"], 2);
}

#[test]
fn a_sweep_while_others_write_loses_nothing() {
    let env = TestEnv::new();
    for i in 0..30 {
        at(
            &env,
            "2026-01-01T00:00:00Z",
            &["new", "--type", "sys", "--question", &format!("q{i}"), "-q"],
        );
    }
    let ids: Vec<String> = (1..=30).map(|i| i.to_string()).collect();
    let mut args = vec!["status"];
    args.extend(ids.iter().map(String::as_str));
    args.push("solved");
    at(&env, "2026-01-02T00:00:00Z", &args);
    std::thread::scope(|s| {
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let env = &env;
                s.spawn(move || {
                    for i in 0..10 {
                        let out = env
                            .cmd()
                            .args([
                                "new",
                                "--type",
                                "sys",
                                "--question",
                                &format!("w{w}-{i}"),
                                "-q",
                            ])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                    }
                })
            })
            .collect();
        let report = env.json(&[
            "sweep", "--status", "solved", "--idle", "1d", "--to", "closed",
        ]);
        assert_eq!(report[0]["changed"].as_array().unwrap().len(), 30);
        writers.into_iter().for_each(|w| w.join().unwrap());
    });
    assert_eq!(env.ok(&["list", "--count"]).trim(), "40");
    assert_eq!(
        env.ok(&["list", "--status", "closed", "--count"]).trim(),
        "30"
    );
}

#[test]
fn query_qualifiers_and_relative_times_filter_the_list() {
    let env = desk_with_history();
    at(
        &env,
        "2026-01-09T00:00:00Z",
        &["edit", "4", "--tag", "spam", "--assignee", "bob"],
    );
    let ids = |q: &str| -> Vec<Value> {
        let out = at(
            &env,
            "2026-01-10T00:00:00Z",
            &["list", "--query", q, "--fields", "id", "--format", "jsonl"],
        );
        out.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
            .collect()
    };
    assert_eq!(ids("status:solved updated<5d"), [json!(2), json!(1)]);
    assert_eq!(ids("is:all tag:vip -tag:spam updated>3d"), [json!(3)]);
    assert_eq!(ids("assignee:bob"), [json!(4)]);
    assert_eq!(ids("status:0,2 c"), [json!(3)]);
    let out = env.fails(&["list", "--query", "colour:red"], 2);
    assert!(
        stderr_line(&out).contains("colour:red"),
        "{}",
        stderr_line(&out)
    );
    let out = env.fails(&["list", "--updated-before", "soon"], 2);
    assert!(stderr_line(&out).contains("'soon'"));
}

#[test]
fn fields_choose_columns_and_keys() {
    let env = desk_with_history();
    assert_eq!(
        env.json(&[
            "list",
            "--all",
            "--fields",
            "id,status",
            "--sort",
            "id",
            "--limit",
            "2"
        ]),
        json!([{"id": 1, "status": "solved"}, {"id": 2, "status": "solved"}])
    );
    assert_eq!(
        env.ok(&["list", "--fields", "id,tags,priority"]),
        "4\t[\"vip\"]\tnormal\n"
    );
    assert_eq!(
        env.ok(&["list", "--fields", "id,subject", "--format", "csv"]),
        "id,subject\n4,d\n"
    );
    env.fails(&["list", "--fields", "id,colour"], 2);
}

#[test]
fn export_import_export_gives_identical_bytes() {
    let env = desk_with_history();
    env.ok(&[
        "reply",
        "4",
        "looking \x1b[31m into it",
        "--as",
        "bob",
        "--image",
        "http://img.example/a.png",
    ]);
    env.ok(&[
        "fields", "add", "tier", "--kind", "enum", "--option", "gold", "--type", "tech",
    ]);
    env.ok(&[
        "new",
        "--type",
        "tech",
        "--question",
        "多行\n问题",
        "--field",
        "tier=gold",
    ]);
    env.ok(&[
        "sweep", "--status", "solved", "--idle", "1d", "--to", "closed",
    ]);
    let first = env.ok(&["export"]);
    let copy = TestEnv::new();
    std::fs::write(copy.dir.path().join("in.jsonl"), &first).unwrap();
    let report = copy.json(&["import", copy.dir.path().join("in.jsonl").to_str().unwrap()]);
    assert_eq!(report["tickets"], 5);
    assert_eq!(copy.ok(&["export"]), first);
    // Importing again conflicts, unless told to skip.
    let before = copy.snapshot();
    let out = copy
        .cmd()
        .args(["import", "-"])
        .write_stdin(first.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_line(&out).contains("already exists"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(copy.snapshot(), before);
    let out = copy
        .cmd()
        .args(["import", "-", "--skip-existing", "--json"])
        .write_stdin(first)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["skipped"], json!([1, 2, 3, 4, 5]));
}

#[test]
fn seed_formats_import() {
    let env = TestEnv::new();
    let seed = r#"{"meta": {"message": "ok", "code": 0}, "data": {"count": 2, "page_size": 15, "next": null, "previous": null,
  "results": [
    {"id": 2, "committer": 3, "question": "test", "type": "sys", "status": 2, "support": true,
     "updated_at": "2018-01-25T14:54:51.542049", "created_at": "2018-01-25T14:54:51.541976"},
    {"id": 1, "committer": 3, "question": "test", "type": "sys", "status": "0", "support": true,
     "updated_at": "2018-01-26T10:53:31.322729", "created_at": "2018-01-25T14:34:00.801412"}]}}"#;
    env.cmd()
        .args(["import", "-"])
        .write_stdin(seed)
        .assert()
        .success();
    let replies = "{\"committer\": \"hhq\", \"workorder_id\": 1, \"role\": 1, \"detail\": {\"text\": \"好啊\", \"image\": []}, \"created_at\": \"2018-01-25T17:05:55.871666\"}\n\
        {\"id\": \"7\", \"typeId\": \"tech\", \"subject\": \"s\", \"description\": \"d\", \"status\": \"Holding\", \"requestorId\": \"li\", \"tagsId\": [\"vip\"], \"createdAt\": \"2018-01-26T10:59:52Z\"}\n";
    env.cmd()
        .args(["import", "-"])
        .write_stdin(replies)
        .assert()
        .success();
    let t = env.json(&["show", "1"]);
    assert_eq!(
        (
            t["status"].clone(),
            t["committer"].clone(),
            t["channel"].clone()
        ),
        (json!("solved"), json!("3"), json!("import"))
    );
    assert_eq!(t["replies"][0]["detail"]["text"], "好啊");
    assert_eq!(t["created_at"], "2018-01-25T14:34:00.801412Z");
    let seven = env.json(&["show", "7"]);
    assert_eq!(
        (
            seven["status"].clone(),
            seven["requester"].clone(),
            seven["tags"].clone()
        ),
        (json!("holding"), json!("li"), json!(["vip"]))
    );
}

#[test]
fn malformed_import_records_are_named_by_line_and_write_nothing() {
    let env = TestEnv::new();
    env.file("existing", &[]);
    let good = r#"{"id":50,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#;
    let cases: &[(&str, &str)] = &[
        (
            r#"{"id":51,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01"#,
            "JSON",
        ),
        (
            r#"{"id":51,"committer":"a","question":"q","type":"sys","status":"9","created_at":"2018-01-01T00:00:00"}"#,
            "status",
        ),
        (
            r#"{"id":51,"committer":"a","question":"q","type":"nope","status":"2","created_at":"2018-01-01T00:00:00"}"#,
            "type",
        ),
        (
            r#"{"id":51,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-02-30T00:00:00"}"#,
            "created_at",
        ),
        (
            r#"{"id":51,"committer":"a","question":"","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#,
            "question",
        ),
        (
            r#"{"id":"x","committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#,
            "id",
        ),
        (
            r#"{"id":1,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#,
            "already exists",
        ),
        (
            r#"{"id":51,"committer":["a"],"question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#,
            "committer",
        ),
        (
            r#"{"committer":"a","workorder_id":999,"role":1,"detail":{"text":"x","image":[]},"created_at":"2018-01-01T00:00:00"}"#,
            "ticket 999 not found",
        ),
        (
            r#"{"committer":"a","workorder_id":1,"role":7,"detail":{"text":"x","image":[]},"created_at":"2018-01-01T00:00:00"}"#,
            "role",
        ),
        (r#"{"ticket":{"id":52}}"#, "missing field"),
        (r#"[1, 2]"#, "JSON object"),
        (r#"{"hello":"world"}"#, "not an export record"),
    ];
    let before = env.snapshot();
    for (bad, needle) in cases {
        let input = format!("{good}\n\n{bad}\n");
        let out = env
            .cmd()
            .args(["import", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        let line = stderr_line(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {line}");
        assert!(
            line.contains("line 3") && line.contains(needle),
            "{bad}: {line}"
        );
        assert_eq!(env.snapshot(), before, "{bad} wrote");
    }
    let mut invalid_utf8 = good.as_bytes().to_vec();
    invalid_utf8.extend_from_slice(b"\n{\"x\": \"\xff\"}\n");
    let out = env
        .cmd()
        .args(["import", "-"])
        .write_stdin(invalid_utf8)
        .output()
        .unwrap();
    assert!(
        stderr_line(&out).contains("line 2") && stderr_line(&out).contains("UTF-8"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(env.snapshot(), before);
}
