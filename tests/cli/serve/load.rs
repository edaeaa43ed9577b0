//! Many writers at once, over HTTP and the command line, and a shutdown
//! in the middle of them: nothing acknowledged is lost.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use super::{Server, token};
use crate::common::TestEnv;

/// Stored ticket ids.
fn stored(env: &TestEnv) -> BTreeSet<i64> {
    env.json(&["list", "--all"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn eight_http_clients_and_four_cli_processes_lose_nothing() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &["--rate-limit", "0"], &[]);
    const EACH: usize = 20;
    let acked = Mutex::new(Vec::new());
    let replies = Mutex::new(0usize);
    std::thread::scope(|s| {
        for c in 0..8 {
            let (server, agent, acked, replies) = (&server, &agent, &acked, &replies);
            s.spawn(move || {
                for n in 0..EACH {
                    let key = format!("client-{c}-{n}");
                    // A 503 (the store busy) is retried under the same key.
                    let filed = loop {
                        let a = server.call(
                            "POST",
                            "/api/v2/tickets",
                            Some(agent),
                            Some(
                                json!({"description": format!("http {c} {n}")})
                                    .to_string()
                                    .as_bytes(),
                            ),
                            &[("Idempotency-Key", &key)],
                        );
                        if a.status != 503 {
                            break a;
                        }
                    };
                    assert_eq!(filed.status, 201, "{}", filed.text);
                    let id: i64 = filed.body["id"].as_str().unwrap().parse().unwrap();
                    acked.lock().unwrap().push(id);
                    let r = server.post(
                        &format!("/api/v2/tickets/{id}/replies"),
                        Some(agent),
                        &json!({"body": "on it"}),
                    );
                    if r.status == 201 {
                        *replies.lock().unwrap() += 1;
                    } else {
                        assert_eq!(r.status, 503, "{}", r.text);
                    }
                }
            });
        }
        for c in 0..4 {
            let (env, acked) = (&env, &acked);
            s.spawn(move || {
                for n in 0..EACH {
                    let out = env
                        .cmd()
                        .env("TICKET_BUSY_TIMEOUT", "30000")
                        .args([
                            "new",
                            "--type",
                            "sys",
                            "--question",
                            &format!("cli {c} {n}"),
                            "-q",
                        ])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let id = String::from_utf8(out.stdout)
                        .unwrap()
                        .trim()
                        .parse()
                        .unwrap();
                    acked.lock().unwrap().push(id);
                }
            });
        }
    });
    let acked: BTreeSet<i64> = acked.into_inner().unwrap().into_iter().collect();
    assert_eq!(acked.len(), 12 * EACH, "every write got its own id");
    assert_eq!(
        stored(&env),
        acked,
        "exactly the acknowledged tickets are stored"
    );
    let exported = env.ok(&["export"]);
    let stored_replies: usize = exported
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| r["ticket"]["replies"].as_array().map(Vec::len))
        .sum();
    assert_eq!(
        stored_replies,
        *replies.lock().unwrap(),
        "every acknowledged reply, no other"
    );
    assert!(server.stop().success());
}

#[test]
fn sigterm_under_load_keeps_every_acknowledged_write() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &["--rate-limit", "0"], &[]);
    let acked = Arc::new(Mutex::new(BTreeSet::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let pid = server.pid();
    std::thread::scope(|s| {
        for c in 0..4 {
            let (server, agent, acked, stop) = (&server, &agent, &acked, &stop);
            s.spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let body = json!({"description": format!("load {c} {n}")}).to_string();
                    match server.try_call(
                        "POST",
                        "/api/v2/tickets",
                        Some(agent),
                        Some(body.as_bytes()),
                        &[],
                    ) {
                        Ok(a) if a.status == 201 => {
                            let id: i64 = a.body["id"].as_str().unwrap().parse().unwrap();
                            acked.lock().unwrap().insert(id);
                        }
                        Ok(a) => assert_eq!(a.status, 503, "{}", a.text),
                        Err(_) => break,
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(1000));
        // SAFETY: kill(2) on the server, our child.
        unsafe { libc::kill(pid as i32, libc::SIGTERM) };
        std::thread::sleep(Duration::from_millis(1500));
        stop.store(true, Ordering::Relaxed);
    });
    let status = server.stop_waiting();
    assert!(status.success(), "{status:?}");
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 4, "the load ran: {}", acked.len());
    let stored = stored(&env);
    assert!(
        acked.is_subset(&stored),
        "lost: {:?}",
        acked.difference(&stored).collect::<Vec<_>>()
    );
}
