//! Area `SIGKILL`: an import, a sweep or a bulk status change killed at a
//! random moment leaves the store exactly as before or exactly as after
//! (compared by export), and, on SQLite, the file passes its integrity
//! check.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{Rng, Tally, scale};
use crate::common::TestEnv;

/// The moment every command of this area runs at.
const NOW: &str = "2026-06-01T00:00:00Z";

/// Seed 1 workorders with ids `first..first + n`, filed in 2018.
fn workorders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| {
            format!(
                "{{\"id\":{i},\"committer\":\"c{}\",\"question\":\"printer {i} jammed again\",\
                 \"type\":\"sys\",\"status\":\"2\",\"created_at\":\"2018-01-01T00:00:00\"}}\n",
                i % 7
            )
        })
        .collect()
}

/// A command of this area: its arguments and what it reads on stdin.
struct Job {
    name: &'static str,
    args: Vec<String>,
    stdin: String,
}

fn run(env: &TestEnv, job: &Job) -> std::process::Child {
    let mut cmd = env.std_cmd();
    cmd.env("TICKET_NOW", NOW)
        .args(&job.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = job.stdin.clone();
    // Written from a thread: a killed child stops reading.
    std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    child
}

fn export(env: &TestEnv) -> Vec<u8> {
    let out = env.cmd().args(["export"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

/// SQLite's integrity check of the store ("ok"); nothing to check on
/// PostgreSQL, whose commits are atomic by design.
fn integrity(env: &TestEnv) -> String {
    if env.is_postgres() {
        return "ok".into();
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn a_killed_write_leaves_the_store_before_or_after() {
    let tickets = scale(1_500, 5_000);
    let kills = scale(4, 60);
    let env = TestEnv::new();
    env.ok_with_stdin(&["import", "-", "-q"], workorders(1, tickets));
    let ids: String = (1..=tickets).map(|i| format!("{i}\n")).collect();
    let jobs = [
        Job {
            name: "import",
            args: vec!["import".into(), "-".into(), "-q".into()],
            stdin: workorders(100_001, tickets),
        },
        Job {
            name: "sweep",
            args: [
                "sweep", "--status", "new", "--idle", "30d", "--to", "solved",
            ]
            .map(String::from)
            .to_vec(),
            stdin: String::new(),
        },
        Job {
            name: "bulk status",
            args: ["status", "-", "closed", "--note", "bulk close", "-q"]
                .map(String::from)
                .to_vec(),
            stdin: ids,
        },
    ];
    let mut tally = Tally::new("SIGKILL mid-write");
    let mut rng = Rng::new(0x5eed);
    let mut killed = 0;
    let base = env.keep();
    let before = export(&env);
    for job in &jobs {
        // The whole run, once, for its result and its length.
        env.restore(&base);
        let started = Instant::now();
        let status = run(&env, job).wait().unwrap();
        let length = started.elapsed();
        assert!(status.success(), "{}: the reference run failed", job.name);
        let after = export(&env);
        assert_ne!(
            after, before,
            "{}: the reference run changed nothing",
            job.name
        );
        for _ in 0..kills {
            env.restore(&base);
            let delay = Duration::from_micros(rng.below(length.as_micros() as u64 + 1));
            let mut child = run(&env, job);
            std::thread::sleep(delay);
            let _ = child.kill();
            let finished = child.wait().unwrap().success();
            if !finished {
                killed += 1;
            }
            let now = export(&env);
            let check = integrity(&env);
            let at = format!("{} killed after {delay:?} of {length:?}", job.name);
            tally.check(now == before || now == after, || {
                format!("{at}: the store is neither as before nor as after")
            });
            tally.check(check == "ok", || format!("{at}: integrity check: {check}"));
        }
    }
    println!(
        "battery: SIGKILL: {killed} of {} runs killed before they finished",
        kills * 3
    );
    tally.finish();
}
