//! Many processes on one store: nothing lost, nobody told "locked".

use std::collections::HashSet;
use std::process::Output;
use std::thread;

use crate::common::TestEnv;

/// Writes per process; the benchmark-sized run sets TICKET_STRESS_WRITES=500.
fn writes_per_process() -> usize {
    std::env::var("TICKET_STRESS_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn check(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {err}", out.status.code());
    assert!(!err.contains("locked"), "{err}");
}

#[test]
fn eight_writers_lose_nothing() {
    let env = TestEnv::new();
    let first = env.file("shared", &[]);
    let n = writes_per_process();
    // Every fourth write is a reply to the shared ticket, the rest new tickets.
    let written: Vec<(bool, i64)> = thread::scope(|s| {
        let workers: Vec<_> = (0..8)
            .map(|w| {
                let env = &env;
                s.spawn(move || {
                    (0..n)
                        .map(|i| {
                            let reply = i % 4 == 3;
                            let text = format!("w{w} #{i}");
                            let out = if reply {
                                env.cmd()
                                    .args(["reply", &first.to_string(), &text, "--as", "bob", "-q"])
                                    .output()
                            } else {
                                env.cmd()
                                    .args(["new", "--type", "sys", "--question", &text, "-q"])
                                    .output()
                            }
                            .unwrap();
                            check(&out);
                            (
                                reply,
                                String::from_utf8(out.stdout)
                                    .unwrap()
                                    .trim()
                                    .parse::<i64>()
                                    .unwrap(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let replies: HashSet<i64> = written
        .iter()
        .filter(|(r, _)| *r)
        .map(|(_, id)| *id)
        .collect();
    let tickets: HashSet<i64> = written
        .iter()
        .filter(|(r, _)| !*r)
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(replies.len() + tickets.len(), 8 * n, "every id is distinct");
    assert_eq!(
        env.ok(&["list", "--all", "--count"]).trim(),
        (tickets.len() + 1).to_string()
    );
    let thread = env.json(&["show", &first.to_string()]);
    assert_eq!(thread["replies"].as_array().unwrap().len(), replies.len());
    assert_eq!(
        thread["version"].as_u64().unwrap() as usize,
        1 + replies.len(),
        "every reply bumped the version once"
    );
    assert_eq!(
        env.json(&["history", &first.to_string()])
            .as_array()
            .unwrap()
            .len(),
        1 + replies.len() + 1,
        "created, replies, new→open"
    );
}

#[test]
fn eight_processes_starting_together_on_a_fresh_store_all_succeed() {
    for round in 0..10 {
        let env = TestEnv::new();
        let outs: Vec<Output> = thread::scope(|s| {
            let starts: Vec<_> = (0..8)
                .map(|i| {
                    let env = &env;
                    s.spawn(move || {
                        env.cmd()
                            .args(["new", "--type", "sys", "--question", &format!("p{i}"), "-q"])
                            .output()
                            .unwrap()
                    })
                })
                .collect();
            starts.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for out in &outs {
            check(out);
        }
        assert_eq!(env.ok(&["list", "--count"]).trim(), "8", "round {round}");
    }
}
