//! Area `SIGKILL`: an import, a sweep or a bulk status change killed at a
//! random moment leaves the store exactly as before or exactly as after
//! (compared by export), and SQLite's integrity check passes.

use std::io::Write;
use std::path::Path;
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

fn run(env: &TestEnv, db: &Path, job: &Job) -> std::process::Child {
    let mut cmd = env.std_cmd();
    cmd.env("TICKET_DB", db)
        .env("TICKET_NOW", NOW)
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

fn export(env: &TestEnv, db: &Path) -> Vec<u8> {
    let out = env
        .cmd()
        .env("TICKET_DB", db)
        .args(["export"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string())
}

fn copy_store(from: &Path, to: &Path) {
    for suffix in ["", "-wal"] {
        let (mut f, mut t) = (from.as_os_str().to_owned(), to.as_os_str().to_owned());
        f.push(suffix);
        t.push(suffix);
        let _ = std::fs::remove_file(&t);
        if Path::new(&f).exists() {
            std::fs::copy(&f, &t).unwrap();
        }
    }
    let mut shm = to.as_os_str().to_owned();
    shm.push("-shm");
    let _ = std::fs::remove_file(shm);
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
    let base = env.db.clone();
    let before = export(&env, &base);
    for job in &jobs {
        // The whole run, once, for its result and its length.
        let reference = env.dir.path().join(format!("{}-ref.db", job.name));
        copy_store(&base, &reference);
        let started = Instant::now();
        let status = run(&env, &reference, job).wait().unwrap();
        let length = started.elapsed();
        assert!(status.success(), "{}: the reference run failed", job.name);
        let after = export(&env, &reference);
        assert_ne!(
            after, before,
            "{}: the reference run changed nothing",
            job.name
        );
        for k in 0..kills {
            let trial = env.dir.path().join(format!("{}-{k}.db", job.name));
            copy_store(&base, &trial);
            let delay = Duration::from_micros(rng.below(length.as_micros() as u64 + 1));
            let mut child = run(&env, &trial, job);
            std::thread::sleep(delay);
            let _ = child.kill();
            let finished = child.wait().unwrap().success();
            if !finished {
                killed += 1;
            }
            let now = export(&env, &trial);
            let check = integrity(&trial);
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
