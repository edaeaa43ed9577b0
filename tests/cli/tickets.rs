//! The core commands as a support agent and a script use them.

use serde_json::{Value, json};

use crate::common::TestEnv;

#[test]
fn new_prints_the_ticket_with_the_contract_fields_and_types() {
    let env = TestEnv::new();
    let t = env.json(&[
        "new",
        "--type",
        "module",
        "--question",
        "need modules\nfor the plant",
        "--priority",
        "urgent",
        "--support",
        "--requester",
        "li",
        "--assignee",
        "bob",
        "--group",
        "ops",
        "--organization",
        "ACME",
        "--channel",
        "phone",
        "--tag",
        "vip",
        "--tag",
        "a",
        "--field",
        "module=M2",
        "--field",
        "amount=10",
        "--field",
        "cellphone=13800138000",
        "--field",
        "email=li@example.com",
    ]);
    let obj = t.as_object().unwrap();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    for k in [
        "id",
        "type",
        "subject",
        "question",
        "status",
        "priority",
        "support",
        "committer",
        "requester",
        "assignee",
        "group",
        "organization",
        "channel",
        "tags",
        "fields",
        "created_at",
        "updated_at",
    ] {
        assert!(keys.contains(&k), "missing {k} in {keys:?}");
    }
    assert_eq!(t["id"], 1);
    assert_eq!(t["type"], "module");
    assert_eq!(t["subject"], "need modules");
    assert_eq!(t["question"], "need modules\nfor the plant");
    assert_eq!(t["status"], "new");
    assert_eq!(t["priority"], "urgent");
    assert_eq!(t["support"], true);
    assert_eq!(t["committer"], "amy");
    assert_eq!(t["requester"], "li");
    assert_eq!(
        (
            t["assignee"].clone(),
            t["group"].clone(),
            t["organization"].clone()
        ),
        (json!("bob"), json!("ops"), json!("ACME"))
    );
    assert_eq!(t["channel"], "phone");
    assert_eq!(t["tags"], json!(["a", "vip"]));
    assert_eq!(
        t["fields"],
        json!({"module": "M2", "amount": 10, "cellphone": "+8613800138000", "email": "li@example.com"})
    );
    let created = t["created_at"].as_str().unwrap();
    assert_eq!(
        created.len(),
        "2026-01-26T10:59:52.576973Z".len(),
        "{created}"
    );
    assert!(created.ends_with('Z'));
    assert_eq!(t["created_at"], t["updated_at"]);
}

#[test]
fn new_defaults_and_stdin_question() {
    let env = TestEnv::new();
    let t: Value = serde_json::from_slice(
        &env.cmd()
            .args(["new", "--type", "tech", "--question", "-", "--json"])
            .write_stdin("  \nfirst line\nsecond\n")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(t["subject"], "first line");
    assert_eq!(t["question"], "  \nfirst line\nsecond\n");
    assert_eq!(
        (
            t["priority"].clone(),
            t["support"].clone(),
            t["requester"].clone()
        ),
        (json!("normal"), json!(false), json!("amy"))
    );
    assert_eq!(
        (
            t["assignee"].clone(),
            t["channel"].clone(),
            t["tags"].clone()
        ),
        (Value::Null, json!("cli"), json!([]))
    );
    assert_eq!(
        env.ok(&["new", "--type", "sys", "--question", "q", "-q"]),
        "2\n"
    );
}

#[test]
fn identity_comes_from_flag_then_env_then_config_then_login() {
    let env = TestEnv::new();
    std::fs::write(env.dir.path().join("config.toml"), "user = \"cfg\"\n").unwrap();
    let by = |cmd: &mut assert_cmd::Command| -> String {
        let out = cmd
            .args(["new", "--type", "sys", "--question", "q", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["committer"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(by(env.cmd().args(["--as", "flag"])), "flag");
    assert_eq!(by(&mut env.cmd()), "amy");
    assert_eq!(
        by(env.cmd().env_remove("TICKET_USER").env("USER", "login")),
        "cfg"
    );
    std::fs::remove_file(env.dir.path().join("config.toml")).unwrap();
    assert_eq!(
        by(env.cmd().env_remove("TICKET_USER").env("USER", "login")),
        "login"
    );
}

#[test]
fn db_comes_from_flag_then_env_then_config_then_data_dir() {
    let env = TestEnv::new();
    let path = |name: &str| env.dir.path().join(name);
    env.cmd()
        .args([
            "--db",
            path("flag.db").to_str().unwrap(),
            "types",
            "add",
            "x",
            "--en",
            "X",
            "--zh",
            "X",
        ])
        .assert()
        .success();
    assert!(path("flag.db").exists());
    std::fs::write(path("config.toml"), format!("db = {:?}\n", path("cfg.db"))).unwrap();
    env.cmd()
        .env_remove("TICKET_DB")
        .args(["types", "add", "x", "--en", "X", "--zh", "X"])
        .assert()
        .success();
    assert!(path("cfg.db").exists());
    std::fs::remove_file(path("config.toml")).unwrap();
    env.cmd()
        .env_remove("TICKET_DB")
        .env("XDG_DATA_HOME", path("data"))
        .args(["types", "add", "x", "--en", "X", "--zh", "X"])
        .assert()
        .success();
    assert!(path("data/ticket/ticket.db").exists());
}

#[test]
fn list_shows_open_work_newest_first_with_filters() {
    let env = TestEnv::new();
    let at = |n: u32| format!("2026-03-0{n}T10:00:00Z");
    let file = |n: u32, extra: &[&str]| -> i64 {
        let question = format!("q{n}");
        let args = [
            &["new", "--type", "sys", "--question", &question, "-q"],
            extra,
        ]
        .concat();
        let out = env
            .cmd()
            .env("TICKET_NOW", at(n))
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let a = file(1, &["--tag", "vip", "--assignee", "bob"]);
    let b = file(2, &["--priority", "urgent"]);
    let c = file(3, &["--tag", "vip", "--requester", "li"]);
    let d = file(4, &[]);
    env.cmd()
        .env("TICKET_NOW", at(5))
        .args(["status", &d.to_string(), "solved"])
        .assert()
        .success();
    let ids = |args: &[&str]| -> Vec<i64> {
        env.json(&[&["list"], args].concat())
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&[]), [c, b, a]);
    assert_eq!(ids(&["--all"]), [d, c, b, a]);
    assert_eq!(ids(&["--status", "solved"]), [d]);
    assert_eq!(ids(&["--status", "0"]), [d]);
    assert_eq!(ids(&["--status", "new,solved"]), [d, c, b, a]);
    assert_eq!(ids(&["--tag", "vip"]), [c, a]);
    assert_eq!(ids(&["--assignee", "bob"]), [a]);
    assert_eq!(ids(&["--assignee", "none"]), [c, b]);
    assert_eq!(ids(&["--requester", "li"]), [c]);
    assert_eq!(ids(&["--priority", "urgent"]), [b]);
    assert_eq!(ids(&["--type", "sys", "--type", "tech"]), [c, b, a]);
    assert_eq!(ids(&["--updated-before", "2026-03-03"]), [b, a]);
    assert_eq!(ids(&["--updated-after", "2026-03-02T10:00:00Z"]), [c, b]);
    assert_eq!(ids(&["--sort", "id"]), [a, b, c]);
    assert_eq!(ids(&["--sort", "-priority"]), [b, c, a]);
    assert_eq!(ids(&["--limit", "2"]), [c, b]);
    assert_eq!(ids(&["--page", "2", "--page-size", "2"]), [a]);
    assert_eq!(env.ok(&["list", "--count"]), "3\n");
    assert_eq!(env.ok(&["list", "--all", "--count", "--tag", "vip"]), "2\n");
}

#[test]
fn list_formats_hold_every_match() {
    let env = TestEnv::new();
    std::fs::write(env.dir.path().join("config.toml"), "page_size = 2\n").unwrap();
    for i in 0..3 {
        env.file(&format!("q{i}"), &[]);
    }
    assert_eq!(
        env.ok(&["list"]).lines().count(),
        3,
        "piped TSV is not paged"
    );
    let jsonl = env.ok(&["list", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 3);
    for line in jsonl.lines() {
        assert!(serde_json::from_str::<Value>(line).unwrap()["id"].is_i64());
    }
    let csv = env.ok(&["list", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("id,type,subject,question,status,priority"));
    let table = env
        .cmd()
        .args(["list", "--format", "table"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&table.stdout).lines().count(),
        3,
        "header and one page of 2"
    );
    assert!(String::from_utf8_lossy(&table.stderr).contains("showing 1-2 of 3"));
    let empty = env.json(&["list", "--status", "closed"]);
    assert_eq!(empty, json!([]));
}

#[test]
fn show_has_replies_oldest_first_and_hides_notes_from_the_requester() {
    let env = TestEnv::new();
    let id = env.file("how to cancel my order?", &[]).to_string();
    env.ok(&[
        "reply",
        &id,
        "your order id?",
        "--as",
        "bob",
        "--image",
        "http://img.example/1.jpg",
    ]);
    env.ok(&["reply", &id, "legacy plan", "--as", "bob", "--internal"]);
    env.ok(&["reply", &id, "A-123"]);
    let t = env.json(&["show", &id]);
    let replies = t["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 3);
    assert_eq!(
        replies[0]["detail"],
        json!({"text": "your order id?", "image": ["http://img.example/1.jpg"]})
    );
    assert_eq!(
        (replies[0]["role"].clone(), replies[0]["committer"].clone()),
        (json!(1), json!("bob"))
    );
    assert_eq!(replies[0]["workorder_id"], json!(1));
    assert_eq!(
        (replies[1]["internal"].clone(), replies[2]["role"].clone()),
        (json!(true), json!(0))
    );
    assert!(t.get("events").is_none());
    let view = env.json(&["show", &id, "--requester-view"]);
    let texts: Vec<_> = view["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["detail"]["text"].clone())
        .collect();
    assert_eq!(texts, [json!("your order id?"), json!("A-123")]);
    let with_history = env.json(&["show", &id, "--history"]);
    assert_eq!(
        with_history["events"].as_array().unwrap()[0]["kind"],
        "created"
    );
}

#[test]
fn reply_workflow_moves_status() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    let status = || env.json(&["show", &id])["status"].clone();
    env.ok(&["reply", &id, "note", "--as", "bob", "--internal"]);
    assert_eq!(status(), "new", "an internal note does not open a ticket");
    env.ok(&["reply", &id, "me again"]);
    assert_eq!(
        status(),
        "new",
        "the requester's reply does not open a new ticket"
    );
    let r = env.json(&["reply", &id, "looking", "--as", "bob"]);
    assert_eq!(
        (r["role"].clone(), r["internal"].clone()),
        (json!(1), json!(false))
    );
    assert_eq!(status(), "open", "an agent's first reply opens it");
    env.ok(&[
        "reply",
        &id,
        "please confirm",
        "--as",
        "bob",
        "--status",
        "pending",
    ]);
    assert_eq!(status(), "pending");
    env.ok(&["reply", &id, "confirmed"]);
    assert_eq!(status(), "open", "the requester's reply reopens pending");
    env.ok(&["reply", &id, "fixed", "--as", "bob", "--status", "0"]);
    assert_eq!(status(), "solved");
    env.ok(&["reply", &id, "still broken", "--as", "amy"]);
    assert_eq!(status(), "open", "the requester's reply reopens solved");
    let r = env.json(&["reply", &id, "speaking as agent", "--role", "agent"]);
    assert_eq!(r["role"], 1);
    let r: Value = serde_json::from_slice(
        &env.cmd()
            .args(["reply", &id, "-", "--json"])
            .write_stdin("from\nstdin")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(r["detail"]["text"], "from\nstdin");
}

#[test]
fn closed_is_final() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    env.ok(&["status", &id, "closed"]);
    let out = env.fails(&["reply", &id, "hello?"], 4);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ticket 1 is closed") && err.contains("follow-up"),
        "{err}"
    );
    env.fails(&["status", &id, "open"], 4);
    env.fails(&["edit", &id, "--priority", "urgent"], 4);
    assert_eq!(
        env.ok(&["status", &id, "closed", "--format", "table"]),
        "ticket 1 is already closed; nothing to change\n"
    );
}

#[test]
fn status_moves_many_tickets_in_one_transaction() {
    let env = TestEnv::new();
    let ids: Vec<String> = (0..3)
        .map(|i| env.file(&format!("q{i}"), &[]).to_string())
        .collect();
    env.ok(&["status", &ids[2], "solved"]);
    let out = env.json(&[
        "status",
        &ids[0],
        &ids[1],
        &ids[2],
        "solved",
        "--note",
        "batch fix",
    ]);
    let statuses: Vec<_> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [json!("solved"), json!("solved"), json!("solved")]
    );
    let t = env.json(&["show", &ids[0]]);
    assert_eq!(t["replies"][0]["detail"]["text"], "batch fix");
    assert_eq!(t["replies"][0]["internal"], true);
    assert_eq!(
        env.json(&["show", &ids[2]])["replies"],
        json!([]),
        "unchanged tickets get no note"
    );
    // One missing id: nothing changes at all.
    let before = env.snapshot();
    env.fails(&["status", &ids[0], "99", "open"], 3);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.json(&["show", &ids[0]])["status"], "solved");
    assert_eq!(env.ok(&["status", &ids[0], &ids[1], "2", "-q"]), "1\n2\n");
}

#[test]
fn edit_changes_fields_and_records_each_change() {
    let env = TestEnv::new();
    let id = env
        .file("q", &["--tag", "spam", "--tag", "keep"])
        .to_string();
    let t = env.json(&[
        "edit",
        &id,
        "--subject",
        "New subject",
        "--priority",
        "important",
        "--support",
        "--assignee",
        "bob",
        "--group",
        "ops",
        "--organization",
        "ACME",
        "--tag",
        "+vip",
        "--tag",
        "-spam",
    ]);
    assert_eq!(t["subject"], "New subject");
    assert_eq!(t["tags"], json!(["keep", "vip"]));
    assert_eq!(
        (
            t["support"].clone(),
            t["assignee"].clone(),
            t["version"].clone()
        ),
        (json!(true), json!("bob"), json!(2))
    );
    let events = env.json(&["history", &id]);
    let fields: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_string(), e["field"].clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("created".into(), Value::Null),
            ("field".into(), json!("subject")),
            ("field".into(), json!("priority")),
            ("field".into(), json!("support")),
            ("assignment".into(), json!("assignee")),
            ("field".into(), json!("group")),
            ("field".into(), json!("organization")),
            ("tags".into(), json!("tags")),
        ]
    );
    let subject = &events[1];
    assert_eq!(
        (
            subject["old"].clone(),
            subject["new"].clone(),
            subject["actor"].clone()
        ),
        (json!("q"), json!("New subject"), json!("amy"))
    );
    // Clearing and no-op edits.
    let t = env.json(&["edit", &id, "--assignee", "", "--no-support"]);
    assert_eq!(
        (t["assignee"].clone(), t["support"].clone()),
        (Value::Null, json!(false))
    );
    let before = env.snapshot();
    let out = env
        .cmd()
        .args(["edit", &id, "--priority", "important"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to change"));
    assert_eq!(env.snapshot(), before, "a no-op edit writes nothing");
}

#[test]
fn edit_type_checks_fields_of_the_new_type() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    let out = env.fails(&["edit", &id, "--type", "module"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing field module, field amount"));
    let t = env.json(&[
        "edit",
        &id,
        "--type",
        "module",
        "--field",
        "module=M2",
        "--field",
        "amount=3",
    ]);
    assert_eq!(t["fields"], json!({"module": "M2", "amount": 3}));
    let out = env.fails(&["edit", &id, "--type", "sys"], 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not belong to type 'sys'") && err.contains("--field amount="),
        "{err}"
    );
    env.fails(&["edit", &id, "--field", "amount="], 2);
    let t = env.json(&[
        "edit",
        &id,
        "--field",
        "company=ACME",
        "--field",
        "amount=4",
    ]);
    assert_eq!(t["fields"]["amount"], 4);
    let h = env.json(&["history", &id]);
    let last = h.as_array().unwrap().last().unwrap();
    assert_eq!(
        (
            last["field"].clone(),
            last["old"].clone(),
            last["new"].clone()
        ),
        (json!("fields.company"), Value::Null, json!("ACME"))
    );
}

#[test]
fn history_records_every_change_with_actor_and_values() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .env("TICKET_NOW", "2026-04-01T08:00:00Z")
        .args(["new", "--type", "sys", "--question", "q", "-q"])
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    env.cmd()
        .env("TICKET_NOW", "2026-05-01T08:00:00Z")
        .args(["reply", &id, "hi", "--as", "bob"])
        .assert()
        .success();
    let h = env.json(&["history", &id]);
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(
        (
            h[1]["kind"].clone(),
            h[1]["actor"].clone(),
            h[1]["new"].clone()
        ),
        (json!("reply"), json!("bob"), json!(1))
    );
    assert_eq!(
        (
            h[2]["kind"].clone(),
            h[2]["old"].clone(),
            h[2]["new"].clone()
        ),
        (json!("status"), json!("new"), json!("open"))
    );
    assert_eq!(h[2]["at"], "2026-05-01T08:00:00.000000Z");
    assert_eq!(
        env.json(&["show", &id])["updated_at"],
        "2026-05-01T08:00:00.000000Z"
    );
    let tsv = env.ok(&["history", &id]);
    assert_eq!(tsv.lines().count(), 3);
    env.fails(&["history", "42"], 3);
}
