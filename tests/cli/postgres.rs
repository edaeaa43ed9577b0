//! What a shared PostgreSQL store must hold to beyond the suite: many
//! processes writing at once, many first opens at once, an import killed
//! half-way, and records carried SQLite → PostgreSQL → SQLite unchanged.
//!
//! These run in the suite's PostgreSQL pass (`TICKET_TEST_BACKEND=postgres`)
//! and return at once in the SQLite pass.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::process::{Output, Stdio};
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Backend, TestEnv};
use crate::reliability::Rng;

/// The trouble a write under contention must never report.
fn contention(stderr: &str) -> bool {
    let stderr = stderr.to_lowercase();
    ["locked", "busy", "deadlock", "serializ", "could not"]
        .iter()
        .any(|word| stderr.contains(word))
}

fn check(args: &[&str], out: &Output) -> Result<String, String> {
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || contention(&err) {
        return Err(format!("{args:?}: exit {:?}: {err}", out.status.code()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn sixteen_processes_writing_two_hundred_times_lose_nothing() {
    let Some(env) = TestEnv::postgres_only() else {
        return;
    };
    const PROCESSES: usize = 16;
    const WRITES: usize = 200;
    let shared = env.file("shared", &[]).to_string();
    // Every fourth write a reply to the shared ticket, the rest new tickets.
    let start = Barrier::new(PROCESSES);
    let results: Vec<Result<(bool, i64), String>> = thread::scope(|s| {
        let workers: Vec<_> = (0..PROCESSES)
            .map(|w| {
                let (env, shared, start) = (&env, &shared, &start);
                s.spawn(move || {
                    start.wait();
                    (0..WRITES)
                        .map(|i| {
                            let text = format!("w{w} #{i}");
                            let reply = i % 4 == 3;
                            let args: Vec<&str> = if reply {
                                vec!["reply", shared, &text, "--as", "bob", "-q"]
                            } else {
                                vec!["new", "--type", "sys", "--question", &text, "-q"]
                            };
                            let out = env.cmd().args(&args).output().unwrap();
                            let id = check(&args, &out)?;
                            let id = id.parse().map_err(|e| format!("{args:?}: {e}: {id}"))?;
                            Ok((reply, id))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} writes failed; first: {:#?}",
        failures.len(),
        results.len(),
        &failures[..failures.len().min(5)]
    );
    let written: Vec<(bool, i64)> = results.into_iter().map(Result::unwrap).collect();
    let tickets: BTreeSet<i64> = written.iter().filter(|w| !w.0).map(|w| w.1).collect();
    let replies: BTreeSet<i64> = written.iter().filter(|w| w.0).map(|w| w.1).collect();
    let (filed, answered) = (PROCESSES * WRITES * 3 / 4, PROCESSES * WRITES / 4);
    assert_eq!(tickets.len(), filed, "every ticket id is distinct");
    assert_eq!(replies.len(), answered, "every reply id is distinct");
    // Ids are handed out without gaps: ticket 1 is the shared one.
    assert_eq!(tickets.first(), Some(&2));
    assert_eq!(tickets.last(), Some(&(filed as i64 + 1)));
    assert_eq!(replies.last(), Some(&(answered as i64)));
    assert_eq!(
        env.ok(&["list", "--all", "--count"]).trim(),
        (filed + 1).to_string()
    );
    let thread = env.json(&["show", &shared, "--history"]);
    assert_eq!(thread["replies"].as_array().unwrap().len(), answered);
    assert_eq!(
        thread["version"],
        1 + answered as u64,
        "every reply bumped the version once"
    );
    assert_eq!(thread["status"], "open");
    assert_eq!(
        env.json(&["history", &shared]).as_array().unwrap().len(),
        1 + answered + 1,
        "created, the replies, new → open"
    );
    // Every question is stored once.
    let questions: BTreeSet<String> = env
        .json(&["list", "--all", "--fields", "question"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["question"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(questions.len(), filed + 1);
}

#[test]
fn eight_processes_starting_together_on_a_fresh_database_all_succeed() {
    let Some(mut env) = TestEnv::postgres_only() else {
        return;
    };
    for round in 0..5 {
        if round > 0 {
            env = TestEnv::new();
        }
        // Eight writers, each the first to open the database: each brings
        // the schema up to date before it writes.
        let start = Barrier::new(8);
        let ids: BTreeSet<String> = thread::scope(|s| {
            let starts: Vec<_> = (0..8)
                .map(|i| {
                    let (env, start) = (&env, &start);
                    s.spawn(move || {
                        let module = format!("module=M{i}");
                        let args = [
                            "new",
                            "--type",
                            "module",
                            "--question",
                            "q",
                            "--field",
                            &module,
                            "--field",
                            "amount=1",
                            "-q",
                        ];
                        let mut cmd = env.cmd();
                        cmd.args(args);
                        start.wait();
                        let out = cmd.output().unwrap();
                        check(&args, &out).unwrap_or_else(|e| panic!("round {round}: {e}"))
                    })
                })
                .collect();
            starts.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let want: BTreeSet<String> = (1..=8).map(|i| i.to_string()).collect();
        assert_eq!(ids, want, "round {round}");
        assert_eq!(env.ok(&["list", "--count"]).trim(), "8", "round {round}");
        // The schema was made once: each seeded type and field once.
        let types = env.json(&["types"]);
        let names: Vec<&str> = types
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["sys", "licences", "module", "tech", "test"]);
        assert_eq!(env.json(&["fields"]).as_array().unwrap().len(), 8);
    }
}

/// Seed 1 workorders with ids `first..first + n`.
fn workorders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| {
            format!(
                "{{\"id\":{i},\"committer\":\"c{}\",\"question\":\"printer {i} jammed {}\",\
                 \"type\":\"sys\",\"status\":\"2\",\"created_at\":\"2018-01-01T00:00:00\"}}\n",
                i % 7,
                "padding ".repeat(20)
            )
        })
        .collect()
}

/// Starts `ticket import -` reading `input`, written from a thread (a
/// killed child stops reading).
fn spawn_import(env: &TestEnv, input: &str) -> std::process::Child {
    let mut child = env
        .std_cmd()
        .args(["import", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    child
}

/// The bytes the `tickets` table takes on disk, rows not yet committed
/// included: how far an import has got.
fn tickets_bytes(client: &mut ::postgres::Client) -> i64 {
    client
        .query_one("SELECT pg_relation_size('tickets')", &[])
        .unwrap()
        .get(0)
}

/// A session on the test's database.
fn session(env: &TestEnv) -> ::postgres::Client {
    ::postgres::Client::connect(env.location().to_str().unwrap(), ::postgres::NoTls).unwrap()
}

/// Waits until an import has written `bytes` more of tickets than `from`:
/// it is that far, its transaction open.
fn wait_until_written(env: &TestEnv, child: &mut std::process::Child, from: i64, bytes: i64) {
    let mut client = session(env);
    let deadline = Instant::now() + Duration::from_secs(60);
    while tickets_bytes(&mut client) < from + bytes {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it wrote {bytes} bytes of tickets"
        );
        assert!(Instant::now() < deadline, "the import never got going");
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn an_import_killed_halfway_leaves_the_database_as_it_was() {
    let Some(env) = TestEnv::postgres_only() else {
        return;
    };
    env.file("before", &["--tag", "vip"]);
    env.ok(&["reply", "1", "kept", "--as", "bob"]);
    env.ok_with_stdin(&["import", "-", "-q"], workorders(2, 50));
    let input = workorders(1_000, 10_000);
    let (before, snapshot) = (env.ok(&["export"]), env.snapshot());
    let size = tickets_bytes(&mut session(&env));
    let base = env.keep();

    // The whole import once: how much it writes.
    let out = spawn_import(&env, &input).wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_ne!(env.ok(&["export"]), before, "the import wrote nothing");
    let grown = tickets_bytes(&mut session(&env)) - size;

    let mut rng = Rng::new(0x1dea);
    for trial in 0..4 {
        env.restore(&base);
        let mut child = spawn_import(&env, &input);
        // Killed once it has written between a tenth and a half of its
        // tickets, whatever the machine's speed.
        let percent = 10 + rng.below(41) as i64;
        wait_until_written(&env, &mut child, size, grown * percent / 100);
        let at = format!("trial {trial}: killed {percent}% of the way");
        child.kill().unwrap(); // SIGKILL
        assert!(!child.wait().unwrap().success(), "{at}: it had finished");
        assert_eq!(env.ok(&["export"]), before, "{at}: the export changed");
        assert_eq!(env.snapshot(), snapshot, "{at}: the database changed");
        // The killed writer's lock is gone, and its ids are free again.
        let out = env
            .cmd()
            .args(["new", "--type", "sys", "--question", "after", "-q"])
            .output()
            .unwrap();
        assert_eq!(check(&["new"], &out).as_deref(), Ok("52"), "{at}");
    }
}

/// A SQLite store with something of everything an export carries: types
/// and custom fields (module fields too), tags, replies, internal notes and
/// images, status changes, a sweep run and its undo, idempotency keys of
/// tickets and replies, and Chinese text.
fn rich_store() -> TestEnv {
    let env = TestEnv::on(Backend::Sqlite);
    env.ok(&["types", "add", "billing", "--en", "Billing", "--zh", "账单"]);
    for field in [
        &[
            "tier",
            "--kind",
            "enum",
            "--option",
            "gold",
            "--option",
            "免费",
            "--type",
            "billing",
            "--required",
        ][..],
        &[
            "due",
            "--kind",
            "date",
            "--label",
            "到期日",
            "--type",
            "billing",
        ],
        &["ratio", "--kind", "decimal", "--type", "sys"],
        &["vip", "--kind", "bool", "--type", "sys"],
        &["site", "--kind", "url", "--type", "sys"],
    ] {
        env.ok(&[&["fields", "add"], field, &["-q"]].concat());
    }
    env.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "购买云模块 M2，共 10 个",
        "--field",
        "module=M2",
        "--field",
        "amount=10",
        "--field",
        "company=ACME 公司",
        "--field",
        "contact=王五",
        "--field",
        "cellphone=13800138000",
        "--field",
        "location=华东",
        "--field",
        "email=wang@example.com",
        "--field",
        "address=上海市 浦东新区",
        "--tag",
        "vip",
        "--tag",
        "中文",
        "--idempotency-key",
        "order-1",
        "-q",
    ]);
    env.ok(&[
        "new",
        "--type",
        "billing",
        "--subject",
        "发票",
        "--question",
        "invoice, please",
        "--field",
        "tier=免费",
        "--field",
        "due=2026-12-31",
        "--assignee",
        "bob",
        "--priority",
        "urgent",
        "--group",
        "财务",
        "--organization",
        "ACME",
        "--idempotency-key",
        "bill-1",
        "-q",
    ]);
    env.ok(&[
        "new",
        "--type",
        "sys",
        "--question",
        "printer on floor 3 jams",
        "--field",
        "ratio=1.5",
        "--field",
        "vip=true",
        "--field",
        "site=https://x.example/p",
        "--requester",
        "cy",
        "-q",
    ]);
    env.file("磁盘满了，怎么办？", &["--tag", "disk"]);
    env.ok(&["reply", "1", "请提供订单号", "--as", "bob"]);
    env.ok(&["reply", "1", "A-1234", "--idempotency-key", "answer-1"]);
    env.ok(&[
        "reply",
        "1",
        "--internal",
        "内部备注：已核实",
        "--as",
        "bob",
    ]);
    env.ok(&[
        "reply",
        "2",
        "see the screenshots",
        "--image",
        "https://x.example/a.png",
        "--image",
        "https://x.example/b.png",
        "--as",
        "bob",
    ]);
    env.ok(&["status", "1", "pending", "--note", "等待客户"]);
    env.ok(&[
        "edit",
        "3",
        "--subject",
        "打印机卡纸",
        "--tag",
        "+hw",
        "--assignee",
        "bob",
    ]);
    env.ok(&["edit", "2", "--field", "due=2027-01-15"]);
    env.ok(&["status", "2", "3", "solved"]);
    let sweep = [
        "sweep", "--status", "solved", "--idle", "1h", "--to", "closed",
    ];
    env.ok(&[&sweep[..], &["--now", "2099-01-01", "--note", "自动关闭"]].concat());
    env.ok(&["undo", "--run", "1"]);
    env.ok(&[&sweep[..], &["--now", "2099-01-02"]].concat());
    env.ok(&[
        "reply",
        "4",
        "重启后好了",
        "--as",
        "bob",
        "--status",
        "solved",
    ]);
    env
}

/// What the read commands show of a store, to compare two backends.
fn views(env: &TestEnv) -> Vec<(String, Value)> {
    let mut views = vec![];
    for args in [
        &["list", "--all"][..],
        &["list", "--all", "--sort", "-priority"],
        &["list", "--query", "tag:vip status:all"],
        &["list", "--all", "--field", "tier=免费"],
        &["search", "printer"],
        &["search", "订单号"],
        &["types"],
        &["fields"],
        &["show", "1", "2", "3", "4", "--history"],
    ] {
        views.push((args.join(" "), env.json(args)));
    }
    views
}

#[test]
fn sqlite_to_postgresql_and_back_is_byte_identical() {
    let Some(pg) = TestEnv::postgres_only() else {
        return;
    };
    let sqlite = rich_store();
    let exported = sqlite.ok(&["export"]);
    assert!(exported.lines().count() > 10, "{exported}");

    let file = sqlite.dir.path().join("from-sqlite.jsonl");
    std::fs::write(&file, &exported).unwrap();
    pg.ok(&["import", file.to_str().unwrap(), "-q"]);
    let from_pg = pg.ok(&["export"]);
    assert_eq!(from_pg, exported, "SQLite → PostgreSQL changed the export");

    let back = TestEnv::on(Backend::Sqlite);
    back.ok_with_stdin(&["import", "-", "-q"], from_pg);
    assert_eq!(
        back.ok(&["export"]),
        exported,
        "PostgreSQL → SQLite changed the export"
    );

    // The read commands agree too.
    for ((what, on_sqlite), (_, on_pg)) in views(&sqlite).into_iter().zip(views(&pg)) {
        assert_eq!(on_pg, on_sqlite, "ticket {what}");
    }
    // And what is written next continues alike.
    for env in [&sqlite, &pg] {
        env.ok(&["reply", "1", "再跟进一下", "--as", "bob"]);
        env.file("after the move", &["--tag", "vip"]);
    }
    let strip = |export: String| -> Vec<Value> {
        export
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).unwrap();
                scrub_times(&mut v);
                v
            })
            .collect()
    };
    assert_eq!(strip(pg.ok(&["export"])), strip(sqlite.ok(&["export"])));
}

/// Blanks every time a fresh write stamps with the clock.
fn scrub_times(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if matches!(k.as_str(), "at" | "created_at" | "updated_at") {
                    *v = Value::Null;
                } else {
                    scrub_times(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub_times),
        _ => {}
    }
}
