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
    for (key, bad) in [("status", "[\"solvedd\"]"), ("to", "\"shut\"")] {
        let rule =
            "[[sweep]]\nname = \"tidy\"\nstatus = [\"solved\"]\nidle = \"4d\"\nto = \"closed\"\n";
        let line = rule
            .lines()
            .map(|l| {
                if l.starts_with(&format!("{key} =")) {
                    format!("{key} = {bad}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(env.dir.path().join("config.toml"), line).unwrap();
        let out = env.fails(&["sweep"], 2);
        assert!(
            stderr_line(&out).contains(&format!("sweep rule 'tidy' {key}: ")),
            "{}",
            stderr_line(&out)
        );
    }
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
fn a_reply_key_must_name_a_reply_it_does_not_contradict() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    let reply = env.json(&["reply", &id, "on it", "--idempotency-key", "k-1"])["id"]
        .as_i64()
        .unwrap();
    let before = env.snapshot();
    let line = |key: &str, reply: i64| {
        format!("{{\"reply_key\":{{\"key\":\"{key}\",\"reply\":{reply}}}}}\n")
    };
    let out = env.fails_with_stdin(&["import", "-"], &line("k-2", reply + 1), 2);
    assert!(
        stderr_line(&out).contains(&format!("line 1: reply {} not found", reply + 1)),
        "{}",
        stderr_line(&out)
    );
    let out = env.fails_with_stdin(&["import", "-"], &line("k-1", reply + 1), 2);
    assert!(
        stderr_line(&out).contains("already names reply"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(env.snapshot(), before);
    // The same key for the same reply is already there: nothing to do.
    let export = env.ok(&["export"]);
    env.ok_with_stdin(&["import", "-"], line("k-1", reply));
    assert_eq!(env.ok(&["export"]), export);
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
    let keyed = env.file("filed by a script", &["--idempotency-key", "cron-42"]);
    let answer = |env: &TestEnv| {
        env.json(&[
            "reply",
            &keyed.to_string(),
            "on it",
            "--as",
            "bob",
            "--idempotency-key",
            "cron-43",
        ])["id"]
            .as_i64()
            .unwrap()
    };
    let keyed_reply = answer(&env);
    let first = env.ok(&["export"]);
    assert!(
        first.ends_with(&format!(
            "{{\"idempotency_key\":{{\"key\":\"cron-42\",\"ticket\":{keyed}}}}}\n\
             {{\"reply_key\":{{\"key\":\"cron-43\",\"reply\":{keyed_reply}}}}}\n"
        )),
        "{first}"
    );
    // A filtered export holds only its own tickets' keys.
    assert!(
        !env.ok(&["export", "--status", "closed"])
            .contains("cron-42")
    );
    // A JSON export (one array) reads back the same, an element at a time,
    // and a bad element is named by its place in the array.
    let array = env.ok(&["export", "--format", "json"]);
    let from_array = TestEnv::new();
    from_array.ok_with_stdin(&["import", "-"], array.clone());
    assert_eq!(from_array.ok(&["export"]), first);
    let broken = array.replacen("\"status\":\"new\"", "\"status\":\"lost\"", 1);
    let elements: Vec<&str> = array.lines().collect();
    let bad_at = elements
        .iter()
        .position(|l| l.contains("\"status\":\"new\""))
        .unwrap();
    let trial = TestEnv::new();
    let out = trial.fails_with_stdin(&["import", "-"], &broken, 2);
    assert!(
        stderr_line(&out).contains(&format!(
            "line {}: record {bad_at}: ticket.status",
            bad_at + 1
        )),
        "{}",
        stderr_line(&out)
    );
    // Spread over lines, an element is named by the line it starts on.
    let spread = |text: &str| text.replace(",\"", ",\n\"");
    let pretty = spread(&broken);
    let element = spread(broken.lines().nth(bad_at).unwrap());
    let starts_on = 1 + pretty[..pretty.find(&element).unwrap()]
        .matches('\n')
        .count();
    let out = trial.fails_with_stdin(&["import", "-"], &pretty, 2);
    assert!(
        stderr_line(&out).contains(&format!("line {starts_on}: record {bad_at}: ticket.status")),
        "{}",
        stderr_line(&out)
    );
    let out = trial.fails_with_stdin(&["import", "-"], &array.replacen(",\n", "\n", 1), 2);
    assert!(
        stderr_line(&out).contains("expected ','"),
        "{}",
        stderr_line(&out)
    );
    // A dry run says what it would import and writes nothing; -q is silent.
    let trial = TestEnv::new();
    trial.ok(&["types"]);
    let before = trial.snapshot();
    let out = trial.ok_with_stdin(
        &["import", "-", "--dry-run", "--format", "table"],
        first.clone(),
    );
    assert!(out.starts_with("would import 6 tickets"), "{out}");
    assert_eq!(trial.snapshot(), before);
    assert!(
        trial
            .ok_with_stdin(&["import", "-", "-q"], first.clone())
            .is_empty()
    );
    let copy = TestEnv::new();
    std::fs::write(copy.dir.path().join("in.jsonl"), &first).unwrap();
    let report = copy.json(&["import", copy.dir.path().join("in.jsonl").to_str().unwrap()]);
    assert_eq!(report["tickets"], 6);
    assert_eq!(copy.ok(&["export"]), first);
    // The keys still write nothing new after the move.
    assert_eq!(
        copy.file("filed by a script", &["--idempotency-key", "cron-42"]),
        keyed
    );
    assert_eq!(answer(&copy), keyed_reply);
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
    let out = copy.ok_with_stdin(&["import", "-", "--skip-existing", "--json"], first);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["skipped"], json!([1, 2, 3, 4, 5, 6]));
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
    env.ok_with_stdin(&["import", "-"], seed);
    // Seed 1 lists replies newest first.
    let replies = "{\"committer\": \"hhq\", \"workorder_id\": 1, \"role\": 1, \"detail\": {\"text\": \"好啊\", \"image\": []}, \"created_at\": \"2018-01-25T17:05:55.871666\"}\n\
        {\"committer\": \"3\", \"workorder_id\": 1, \"role\": 0, \"detail\": {\"text\": \"可以吗\", \"image\": []}, \"created_at\": \"2018-01-25T17:04:00.000000\"}\n\
        {\"id\": \"7\", \"typeId\": \"tech\", \"subject\": \"s\", \"description\": \"d\", \"status\": \"Holding\", \"requestorId\": \"li\", \"tagsId\": [\"vip\"], \"createdAt\": \"2018-01-26T10:59:52Z\"}\n";
    env.ok_with_stdin(&["import", "-"], replies);
    // Two replies alike but for their role are two replies.
    let twin = again_twin(replies.lines().next().unwrap());
    env.ok_with_stdin(&["import", "-"], twin);
    // Seed replies have no ids: a page imported twice is caught by its
    // ticket, author, role, time, text and images, and left with --skip-existing.
    let again = replies.lines().next().unwrap();
    let out = env.fails_with_stdin(&["import", "-"], again, 2);
    assert!(
        stderr_line(&out).contains("stored already"),
        "{}",
        stderr_line(&out)
    );
    let out = env.ok_with_stdin(&["import", "-", "--skip-existing", "--json"], again);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (report["replies"].clone(), report["skipped_replies"].clone()),
        (json!(0), json!(1))
    );
    let t = env.json(&["show", "1"]);
    assert_eq!(
        (
            t["status"].clone(),
            t["committer"].clone(),
            t["channel"].clone()
        ),
        (json!("solved"), json!("3"), json!("import"))
    );
    let texts: Vec<_> = t["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["detail"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["可以吗", "好啊", "好啊"], "oldest first");
    let times: Vec<_> = env
        .json(&["history", "1"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap().to_string())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
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
    // typeId is optional in seed 2: --type gives one to tickets without it.
    let untyped = r#"{"id": "8", "description": "no type", "requestorId": "li", "createdAt": "2018-01-26T10:59:52Z"}"#;
    let out = env.fails_with_stdin(&["import", "-"], untyped, 2);
    assert!(
        stderr_line(&out).contains("--type"),
        "{}",
        stderr_line(&out)
    );
    env.ok_with_stdin(&["import", "-", "--type", "tech"], untyped);
    assert_eq!(env.json(&["show", "8"])["type"], "tech");
    // Requester and submitter are optional in seed 2: the importing user
    // files such a ticket.
    env.ok_with_stdin(
        &["import", "-", "--as", "li"],
        r#"{"id": "10", "typeId": "tech", "description": "nobody asked"}"#,
    );
    env.ok_with_stdin(&["import", "-", "--as", "li"], r#"{"id": "11", "typeId": "tech", "description": "old", "updatedAt": "2019-03-01T10:00:00Z"}"#);
    assert_eq!(
        env.json(&["show", "11"])["created_at"],
        "2019-03-01T10:00:00.000000Z"
    );
    let ten = env.json(&["show", "10"]);
    assert_eq!(
        (ten["requester"].clone(), ten["committer"].clone()),
        (json!("li"), json!("li"))
    );
    // A bad record inside a page is named by its place in the page.
    let before = env.snapshot();
    let page = |status: &str| {
        format!(
            "{{\"meta\": {{\"code\": 0}}, \"data\": {{\"results\": [\n\
             {{\"id\": 20, \"committer\": 3, \"question\": \"a\", \"type\": \"sys\", \"status\": 2, \"created_at\": \"2018-01-25T14:54:51\"}},\n\
             {{\"id\": 21, \"committer\": 3, \"question\": \"b\", \"type\": \"sys\", \"status\": {status}, \"created_at\": \"2018-01-25T14:54:51\"}}]}}}}"
        )
    };
    let out = env.fails_with_stdin(&["import", "-"], &page("7"), 2);
    let line = stderr_line(&out);
    assert!(line.contains("record 2: status"), "{line}");
    let out = env.fails_with_stdin(&["import", "-"], &page("7").replace('\n', " "), 2);
    let line = stderr_line(&out);
    assert!(line.contains("line 1: record 2: status"), "{line}");
    // Found while writing, a bad record of a page on one line is named so too.
    let out = env.fails_with_stdin(
        &["import", "-"],
        &page("2")
            .replace('\n', " ")
            .replace("\"b\", \"type\": \"sys\"", "\"b\", \"type\": \"nope\""),
        2,
    );
    let line = stderr_line(&out);
    assert!(line.contains("line 1: record 2: type"), "{line}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn seed_content_fields_import_typed_and_searchable() {
    let env = TestEnv::new();
    // A workorder with its content merged in, and one whose content comes
    // as seed 1's workorder_content object after it.
    let workorders = r#"{"id": 3, "committer": "3", "question": "buy modules", "type": "module", "status": 2, "support": true, "created_at": "2018-01-25T14:34:00.801412", "updated_at": "2018-01-25T14:34:00.801412", "module": "M2", "amount": "4", "company": "Initech", "contact": null, "cellphone": "13800138000", "email": ""}
{"id": 4, "committer": "3", "question": "more modules", "type": "module", "status": 2, "support": false, "created_at": "2018-01-25T15:00:00", "updated_at": "2018-01-25T15:00:00"}
{"meta": {"message": "ok", "code": 0}, "data": {"id": 4, "type": "module", "status": 2, "question": "more modules", "module": "M9", "amount": 2, "company": "Globex"}}
"#;
    env.ok_with_stdin(&["import", "-"], workorders);
    let three = env.json(&["show", "3"]);
    assert_eq!(
        three["fields"],
        json!({"module": "M2", "amount": 4, "company": "Initech", "cellphone": "+8613800138000"})
    );
    let four = env.json(&["show", "4"]);
    assert_eq!(
        four["fields"],
        json!({"module": "M9", "amount": 2, "company": "Globex"})
    );
    assert_eq!(four["updated_at"], "2018-01-25T15:00:00.000000Z");
    let history = env.json(&["history", "4"]);
    let fields: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == "import")
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["fields.amount", "fields.company", "fields.module"]);
    // Content for a ticket stored before this import keeps search right.
    let content = r#"{"id": 3, "type": "module", "status": 2, "question": "buy modules", "company": "Umbrella"}"#;
    env.ok_with_stdin(&["import", "-"], content);
    let found = |word: &str| -> Vec<i64> {
        env.json(&["search", word])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(found("Umbrella"), [3]);
    assert!(found("Initech").is_empty());
    assert_eq!(found("Globex"), [4]);
    // Content must match its ticket's type and values must parse.
    let bad = r#"{"id": 3, "type": "sys", "status": 2, "question": "buy modules"}
"#;
    let out = env.fails_with_stdin(&["import", "-"], bad, 2);
    assert!(
        stderr_line(&out).contains("line 1: type"),
        "{}",
        stderr_line(&out)
    );
    let bad =
        r#"{"id": 4, "type": "module", "status": 2, "question": "more modules", "amount": "four"}"#;
    let out = env.fails_with_stdin(&["import", "-"], bad, 2);
    assert!(
        stderr_line(&out).contains("amount"),
        "{}",
        stderr_line(&out)
    );
    let out = env.fails_with_stdin(
        &["import", "-"],
        r#"{"id": 99, "type": "module", "question": "x"}"#,
        2,
    );
    assert!(
        stderr_line(&out).contains("ticket 99 not found"),
        "{}",
        stderr_line(&out)
    );
}

#[test]
fn skipped_tickets_keep_their_keys_and_content_out() {
    // Store A files ticket 1 under a key and exports it.
    let a = TestEnv::new();
    let filed = a.file("printer jam on floor 2", &["--idempotency-key", "form-42"]);
    let export = a.ok(&["export"]);
    // Store B has its own ticket 1: importing with --skip-existing leaves
    // it, its key is not attached to B's ticket, nor is content for it.
    let b = TestEnv::new();
    let own = b.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "our modules",
        "--field",
        "module=M1",
        "--field",
        "amount=1",
        "--field",
        "company=Our Co",
        "-q",
    ]);
    assert_eq!((own.trim(), filed), ("1", 1));
    let content =
        r#"{"id": 1, "type": "module", "question": "our modules", "company": "Their Co"}"#;
    b.ok_with_stdin(
        &["import", "-", "--skip-existing"],
        format!("{export}{content}\n"),
    );
    assert_eq!(b.json(&["show", "1"])["fields"]["company"], "Our Co");
    let again = b.file("printer jam on floor 2", &["--idempotency-key", "form-42"]);
    assert_ne!(again, 1, "the key must not name B's own ticket");
}

#[test]
fn content_is_checked_against_its_ticket() {
    let env = TestEnv::new();
    let id = env.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "buy modules",
        "--field",
        "module=M1",
        "--field",
        "amount=1",
        "-q",
    ]);
    let id = id.trim();
    let content = |question: &str| {
        format!(r#"{{"id": {id}, "type": "module", "question": "{question}", "company": "X"}}"#)
    };
    let before = env.snapshot();
    let out = env.fails_with_stdin(&["import", "-"], &content("someone else's"), 2);
    assert!(
        stderr_line(&out).contains("question"),
        "{}",
        stderr_line(&out)
    );
    env.ok(&["status", id, "closed"]);
    let closed = env.snapshot();
    let out = env.fails_with_stdin(&["import", "-"], &content("buy modules"), 4);
    assert!(
        stderr_line(&out).contains("line 1: ticket 1 is closed"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(env.snapshot(), closed);
    assert_ne!(before, closed);
    // Workorders that lack a committer are workorders, not content.
    for record in [
        r#"{"id": 5, "type": "sys", "question": "q", "status": 2, "updated_at": "2018-01-25T14:54:51"}"#,
        r#"{"type": "sys", "question": "how to cancel my order?", "support": 1}"#,
    ] {
        let out = env.fails_with_stdin(&["import", "-"], record, 2);
        assert!(
            stderr_line(&out).contains("committer"),
            "{}",
            stderr_line(&out)
        );
    }
}

#[test]
fn seed_pages_as_teams_fetch_them() {
    let env = TestEnv::new();
    // A write makes the store; reads never do.
    env.ok(&["types", "add", "spare", "--en", "Spare", "--zh", "备用"]);
    let before = env.snapshot();
    // A failed download is not an import of nothing, nor is a list of
    // nothing: an empty array or page.
    let out = env.fails_with_stdin(&["import", "-"], "", 2);
    assert!(
        stderr_line(&out).contains("is empty"),
        "{}",
        stderr_line(&out)
    );
    for nothing in [
        "[]\n",
        r#"{"meta": {"code": 0}, "data": {"count": 0, "results": []}}"#,
    ] {
        let out = env.fails_with_stdin(&["import", "-"], nothing, 2);
        assert!(
            stderr_line(&out).contains("input: holds no records"),
            "{}",
            stderr_line(&out)
        );
    }
    let error_page =
        r#"{"meta": {"message": "server error", "code": 500}, "data": {"results": []}}"#;
    let out = env.fails_with_stdin(&["import", "-"], error_page, 2);
    assert!(
        stderr_line(&out).contains("code 500: server error"),
        "{}",
        stderr_line(&out)
    );
    // A record the format needs more of is named by what it misses.
    for (record, missing) in [
        (
            r#"{"id": 4, "committer": 3, "type": "sys", "status": 2, "created_at": "2018-01-25T14:54:51"}"#,
            "question",
        ),
        (
            r#"{"id": "9", "typeId": "sys", "requestorId": "li"}"#,
            "description",
        ),
    ] {
        let out = env.fails_with_stdin(&["import", "-"], record, 2);
        assert!(
            stderr_line(&out).contains(&format!("{missing}: is required")),
            "{}",
            stderr_line(&out)
        );
    }
    assert_eq!(env.snapshot(), before);
    // Pretty-printed pages fetched one by one and concatenated, the first
    // with a byte-order mark.
    let page = |id: u32| {
        format!(
            "{{\n  \"meta\": {{\"code\": 0}},\n  \"data\": {{\"results\": [\n    {{\"id\": {id}, \"committer\": 3, \"question\": \"q{id}\", \"type\": \"sys\", \"status\": 2, \"created_at\": \"2018-01-25T14:54:51\"}}\n  ]}}\n}}\n"
        )
    };
    env.ok_with_stdin(&["import", "-"], format!("\u{feff}{}{}", page(1), page(2)));
    assert_eq!(env.ok(&["list", "--all", "--fields", "id"]), "2\n1\n");
    // A record of the second page is named by the line it starts on and its
    // number in the page, whether it is found bad reading (a status) or
    // writing (an id taken).
    let before = env.snapshot();
    for (bad, named) in [
        (
            page(3).replace("\"status\": 2", "\"status\": 7"),
            "line 11: record 1: status",
        ),
        (page(1), "line 11: record 1: id"),
    ] {
        let input = format!("\n{}{}", page(4), bad);
        let out = env.fails_with_stdin(&["import", "-"], &input, 2);
        assert!(stderr_line(&out).contains(named), "{}", stderr_line(&out));
    }
    let out = env.fails_with_stdin(
        &["import", "-"],
        r#"{"meta": {"code": "500", "message": "down"}, "data": {"results": []}}"#,
        2,
    );
    assert!(
        stderr_line(&out).contains("code 500"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(env.snapshot(), before);
}

/// A seed reply line with the other role.
fn again_twin(line: &str) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    v["role"] = json!(1 - v["role"].as_i64().unwrap());
    v.to_string()
}

/// A valid export-format ticket line, to mutate.
fn good_thread() -> Value {
    json!({"ticket": {
        "id": 60, "type": "module", "subject": "s", "question": "q", "status": "open", "priority": "normal",
        "support": false, "committer": "amy", "requester": "li", "assignee": null, "group": null,
        "organization": null, "channel": "cli", "tags": ["vip"], "fields": {"module": "M2", "amount": 3},
        "version": 2, "created_at": "2026-01-01T00:00:00.000000Z", "updated_at": "2026-01-02T00:00:00.000000Z",
        "replies": [{"id": 70, "workorder_id": 60, "committer": "bob", "role": 1,
                     "detail": {"text": "hi", "image": []}, "internal": false, "created_at": "2026-01-02T00:00:00.000000Z"}],
        "events": [{"id": 80, "ticket_id": 60, "at": "2026-01-01T00:00:00.000000Z", "actor": "amy", "kind": "created",
                    "field": null, "old": null, "new": "new"}]}})
}

/// A copy of the good thread with one value at `path` replaced (or removed
/// when `value` is None).
fn mutate(path: &[&str], value: Option<Value>) -> String {
    let mut v = good_thread();
    let mut cur = &mut v["ticket"];
    for key in &path[..path.len() - 1] {
        cur = match key.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[*key],
        };
    }
    let last = path[path.len() - 1];
    match value {
        Some(x) => cur[last] = x,
        None => {
            cur.as_object_mut().unwrap().remove(last);
        }
    }
    v.to_string()
}

fn malformed_corpus() -> Vec<(String, &'static str)> {
    let seed = |body: &str| format!(r#"{{"committer":"a","question":"q","type":"sys",{body}}}"#);
    let mut cases: Vec<(String, &'static str)> = vec![
        // Truncated or broken JSON.
        (r#"{"ticket": {"id": 61"#.into(), "JSON"),
        (r#"{"ticket": "#.into(), "JSON"),
        ("{".into(), "JSON"),
        (r#"{"id":51,"committer":"a",}"#.into(), "JSON"),
        ("nonsense".into(), "JSON"),
        (r#"{"ticket": {}} trailing"#.into(), "JSON"),
        // Not a record.
        (r#"[1, 2]"#.into(), "JSON object"),
        ("42".into(), "JSON object"),
        (r#"{"hello":"world"}"#.into(), "not an export record"),
        (r#"{"ticket": {"id": 52}}"#.into(), "missing field"),
        (r#"{"ticket": {}, "run": {}}"#.into(), "not an export record"),
        (r#"{"run": {"id": 0, "rule": "r", "actor": "a", "at": "2026-01-01T00:00:00.000000Z", "undone_by": null}}"#.into(), "run.id: 0 is not an id"),
        // Seed 1 records with bad values.
        (seed(r#""status":"9","created_at":"2018-01-01T00:00:00""#), "status"),
        (seed(r#""status":"closedish","created_at":"2018-01-01T00:00:00""#), "status"),
        (seed(r#""status":"2","created_at":"2018-02-30T00:00:00""#), "created_at"),
        (seed(r#""status":"2","created_at":"2018-13-01T00:00:00""#), "created_at"),
        (seed(r#""status":"2","created_at":"yesterday""#), "created_at"),
        (seed(r#""status":"2""#), "created_at"),
        (seed(r#""status":"2","created_at":"2018-01-01T00:00:00","id":"x""#), "id"),
        (seed(r#""status":"2","created_at":"2018-01-01T00:00:00","id":-4"#), "id"),
        (seed(r#""status":"2","created_at":"2018-01-01T00:00:00","support":"yes""#), "support"),
        (seed(r#""status":[2],"created_at":"2018-01-01T00:00:00""#), "status"),
        (r#"{"committer":["a"],"question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#.into(), "committer"),
        (r#"{"committer":"a","question":"","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#.into(), "question"),
        (r#"{"committer":"a","question":"q","type":"nope","status":"2","created_at":"2018-01-01T00:00:00"}"#.into(), "type"),
        (r#"{"committer":"","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#.into(), "committer"),
        (r#"{"id":1,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#.into(), "already exists"),
        // Seed 1 replies.
        (r#"{"committer":"a","workorder_id":999,"role":1,"detail":{"text":"x","image":[]},"created_at":"2018-01-01T00:00:00"}"#.into(), "ticket 999 not found"),
        (r#"{"committer":"a","workorder_id":1,"role":7,"detail":{"text":"x","image":[]},"created_at":"2018-01-01T00:00:00"}"#.into(), "role"),
        (r#"{"committer":"a","workorder_id":1,"role":1,"detail":{"text":"","image":[]},"created_at":"2018-01-01T00:00:00"}"#.into(), "text"),
        (r#"{"committer":"a","workorder_id":1,"role":1,"detail":{"text":"x","image":["not a url"]},"created_at":"2018-01-01T00:00:00"}"#.into(), "image"),
        (r#"{"committer":"a","workorder_id":1,"role":1,"detail":"x","created_at":"2018-01-01T00:00:00"}"#.into(), "detail"),
        (r#"{"committer":"a","workorder_id":"one","role":1,"detail":{"text":"x","image":[]},"created_at":"2018-01-01T00:00:00"}"#.into(), "workorder_id"),
        // Seed 2 tickets.
        (r#"{"description":"d","typeId":"sys","status":"Reopened","requestorId":"li","createdAt":"2018-01-01T00:00:00Z"}"#.into(), "status"),
        (r#"{"description":"d","typeId":"sys","priority":"high","requestorId":"li","createdAt":"2018-01-01T00:00:00Z"}"#.into(), "priority"),
        (r#"{"description":"d","typeId":"sys","requestorId":"li","tagsId":"vip","createdAt":"2018-01-01T00:00:00Z"}"#.into(), "tagsId"),
        (r#"{"description":"d","typeId":"sys","requestorId":"li","ticketFields":[1],"createdAt":"2018-01-01T00:00:00Z"}"#.into(), "ticketFields"),
        (r#"{"description":"d","typeId":"sys","requestorId":"li","ticketFields":{"amount":1},"createdAt":"2018-01-01T00:00:00Z"}"#.into(), "amount"),
        (r#"{"description":"d","typeId":"sys","requestorId":["li"],"createdAt":"2018-01-01T00:00:00Z"}"#.into(), "requestorId"),
        (r#"{"description":"d","typeId":"sys","requestorId":"li","channel":{"name":"fax"},"createdAt":"2018-01-01T00:00:00Z"}"#.into(), "channel"),
    ];
    // Export-format tickets, one bad value each.
    let oversized_subject = "s".repeat(300);
    let oversized_question = "q".repeat((1 << 20) + 1);
    let mut bad: Vec<(Vec<&str>, Option<Value>, &'static str)> = vec![
        (vec!["status"], Some(json!("reopened")), "status"),
        (vec!["status"], Some(json!(3)), "status"),
        (vec!["priority"], Some(json!("high")), "priority"),
        (vec!["channel"], Some(json!("fax")), "channel"),
        (vec!["type"], Some(json!("nope")), "type"),
        (vec!["id"], Some(json!("sixty")), "id"),
        (vec!["support"], Some(json!("no")), "support"),
        (vec!["tags"], Some(json!("vip")), "tags"),
        (vec!["tags"], Some(json!(["two words"])), "tag"),
        (vec!["fields", "amount"], Some(json!("three")), "amount"),
        (vec!["fields", "amount"], Some(json!(2.5)), "amount"),
        (vec!["fields", "colour"], Some(json!("red")), "colour"),
        (vec!["fields"], Some(json!([])), "fields"),
        (vec!["subject"], Some(json!(oversized_subject)), "subject"),
        (
            vec!["question"],
            Some(json!(oversized_question)),
            "question",
        ),
        (vec!["question"], Some(json!(" ")), "question"),
        (
            vec!["created_at"],
            Some(json!("2026-02-30T00:00:00Z")),
            "created_at",
        ),
        (vec!["created_at"], Some(json!("not a time")), "created_at"),
        (
            vec!["updated_at"],
            Some(json!("2025-01-01T00:00:00.000000Z")),
            "updated_at",
        ),
        (vec!["version"], Some(json!(0)), "version"),
        (vec!["version"], Some(json!("2")), "version"),
        (vec!["committer"], None, "committer"),
        (vec!["requester"], Some(json!("")), "requester"),
        (vec!["replies", "0", "role"], Some(json!(5)), "role"),
        (
            vec!["replies", "0", "detail", "text"],
            Some(json!("")),
            "text",
        ),
        (
            vec!["replies", "0", "detail", "image"],
            Some(json!(["ftp://x/y"])),
            "image",
        ),
        (
            vec!["replies", "0", "workorder_id"],
            Some(json!(61)),
            "ticket.replies[0].workorder_id: reply 70 belongs to ticket 61",
        ),
        // Ids are kept as given, never renumbered: 0 or below is refused,
        // as is a reply or event that names another ticket.
        (vec!["id"], Some(json!(0)), "ticket.id: 0 is not an id"),
        (vec!["id"], Some(json!(-3)), "ticket.id: -3 is not an id"),
        (
            vec!["replies", "0", "id"],
            Some(json!(0)),
            "ticket.replies[0].id: 0 is not an id",
        ),
        (
            vec!["events", "0", "id"],
            Some(json!(-1)),
            "ticket.events[0].id: -1 is not an id",
        ),
        (
            vec!["events", "0", "ticket_id"],
            Some(json!(61)),
            "ticket.events[0].ticket_id: event 80 belongs to ticket 61",
        ),
        (
            vec!["replies", "0", "created_at"],
            Some(json!("2026-01-02")),
            "created_at",
        ),
        (vec!["events", "0", "kind"], Some(json!("exploded")), "kind"),
        (vec!["events", "0", "actor"], Some(json!("")), "actor"),
    ];
    // An event id already stored is refused in the same words on every
    // backend (it once was each database's own constraint message).
    bad.push((
        vec!["events", "0", "id"],
        Some(json!(1)),
        "event 1 already exists",
    ));
    for (path, value, needle) in bad {
        cases.push((mutate(&path, value), needle));
    }
    cases
}

#[test]
fn malformed_import_records_are_named_by_line_and_write_nothing() {
    let env = TestEnv::new();
    env.file("existing", &[]);
    let good = r#"{"id":50,"committer":"a","question":"q","type":"sys","status":"2","created_at":"2018-01-01T00:00:00"}"#;
    let corpus = malformed_corpus();
    assert!(corpus.len() >= 50, "{} cases", corpus.len());
    let before = env.snapshot();
    for (bad, needle) in &corpus {
        let input = format!("{good}\n\n{bad}\n");
        let out = env
            .cmd()
            .args(["import", "-"])
            .write_stdin(input)
            .output()
            .unwrap();
        let line = stderr_line(&out);
        let shown: String = bad.chars().take(120).collect();
        assert_eq!(out.status.code(), Some(2), "{shown}: {line}");
        assert!(
            line.contains("line 3") && line.contains(needle),
            "{shown}: {line}"
        );
        assert_eq!(env.snapshot(), before, "{shown} wrote");
    }
    // The good thread itself imports, and the same id twice in one file does not.
    let thread = good_thread().to_string();
    let out = env
        .cmd()
        .args(["import", "-"])
        .write_stdin(format!("{thread}\n{thread}\n"))
        .output()
        .unwrap();
    assert!(
        stderr_line(&out).contains("line 2") && stderr_line(&out).contains("already exists"),
        "{}",
        stderr_line(&out)
    );
    assert_eq!(env.snapshot(), before);
    env.ok_with_stdin(&["import", "-"], thread);
    // On one line or in a document spread over lines, a byte that is not
    // UTF-8 is invalid input, named by its file and line.
    let before = env.snapshot();
    let pretty = b"{\n  \"committer\": \"a\",\n  \"question\": \"q\xff\",\n  \"type\": \"sys\", \"status\": \"2\",\n  \"created_at\": \"2018-01-01T00:00:00\"\n}\n";
    let one_line = [good.as_bytes(), b"\n{\"x\": \"\xff\"}\n"].concat();
    for (name, bytes, line) in [
        ("pretty.json", &pretty[..], 3),
        ("lines.jsonl", &one_line, 2),
    ] {
        let path = env.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = env.fails(&["import", path.to_str().unwrap()], 2);
        let expected = format!("{}: line {line}: is not valid UTF-8", path.display());
        assert!(
            stderr_line(&out).contains(&expected),
            "{}",
            stderr_line(&out)
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_import_killed_halfway_leaves_the_store_as_it_was() {
    use std::io::Write as _;
    // Halfway is told by the size of the WAL; the file's integrity is
    // checked. `postgres::an_import_killed_halfway_leaves_the_database_as_it_was`
    // is this test on PostgreSQL.
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    env.file("before", &[]);
    let path = env.dir.path().join("big.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for id in 100..40_100 {
        let line = format!(
            r#"{{"id":{id},"committer":"a","question":"question {id} {}","type":"sys","status":"1","created_at":"2018-01-01T00:00:00"}}"#,
            "padding ".repeat(20)
        );
        writeln!(file, "{line}").unwrap();
    }
    drop(file);
    let mut child = env
        .std_cmd()
        .args(["import", path.to_str().unwrap()])
        .spawn()
        .unwrap();
    let mut wal = env.db.clone().into_os_string();
    wal.push("-wal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20 {
        assert!(
            std::time::Instant::now() < deadline,
            "the import never got going"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(env.ok(&["list", "--all", "--count"]).trim(), "1");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn two_overlapping_sweeps_never_both_act() {
    let env = TestEnv::new();
    for i in 0..40 {
        at(
            &env,
            "2026-01-01T00:00:00Z",
            &["new", "--type", "sys", "--question", &format!("q{i}"), "-q"],
        );
    }
    let reports: Vec<Value> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let env = &env;
                s.spawn(move || {
                    env.json(&[
                        "sweep", "--status", "new", "--idle", "1d", "--to", "pending", "--note",
                        "nudged",
                    ])
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let changed: Vec<usize> = reports
        .iter()
        .map(|r| r[0]["changed"].as_array().unwrap().len())
        .collect();
    assert!(changed == [40, 0] || changed == [0, 40], "{changed:?}");
    assert_eq!(
        env.json(&["show", "1"])["replies"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "one note, not two"
    );
}

#[test]
fn an_unattended_run_without_login_variables_acts_as_its_account() {
    let env = TestEnv::new();
    env.file("q", &[]);
    // A service or `env -i`: no TICKET_USER, USER or LOGNAME.
    let run = |args: &[&str]| {
        env.cmd()
            .env_remove("TICKET_USER")
            .env("TICKET_NOW", "2030-01-01T00:00:00Z")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "sweep",
        "--status",
        "new",
        "--idle",
        "1d",
        "--to",
        "open",
        "--dry-run",
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = run(&["status", "1", "solved", "-q"]);
    assert!(out.status.success(), "{out:?}");
    let me = account_name();
    let events = env.json(&["history", "1"]);
    let last = events.as_array().unwrap().last().unwrap();
    assert_eq!(last["actor"], me.as_str());
    // Reading needs no user at all.
    assert!(run(&["list", "--all"]).status.success());
}

/// The account name of this process's user, as `id -un` prints it.
fn account_name() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}
