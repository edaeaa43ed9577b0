//! The server's edges: start-up, shutdown, rate limits, health.

use std::net::TcpListener;

use serde_json::json;

use super::{Server, token};
use crate::common::TestEnv;

#[test]
fn health_needs_no_token_and_sigterm_exits_zero() {
    let env = TestEnv::new();
    let server = Server::start(&env, &[], &[]);
    let h = server.get("/healthz", None);
    assert_eq!(h.status, 200, "{}", h.text);
    assert_eq!(h.body, json!({"status": "ok"}));
    server.log_with("GET /healthz 200");
    let status = server.stop();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let env = TestEnv::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = env
        .cmd()
        .args(["serve", "--listen", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&addr), "{err}");
}

#[test]
fn a_token_over_its_rate_gets_429_with_retry_after() {
    let env = TestEnv::new();
    let fast = token(&env, "hhq", "agent");
    let other = token(&env, "amy", "agent");
    let server = Server::start(&env, &["--rate-limit", "1"], &[]);
    let path = "/v3_1/workorder/workorder_list/";
    let answers: Vec<u16> = (0..6)
        .map(|_| server.get(path, Some(&fast)).status)
        .collect();
    assert!(answers.contains(&429), "{answers:?}");
    let limited = loop {
        let a = server.get(path, Some(&fast));
        if a.status == 429 {
            break a;
        }
    };
    limited.expect(429);
    assert_eq!(limited.header("retry-after"), Some("1"));
    // Each token has its own allowance.
    server.get(path, Some(&other)).data();
}

#[test]
fn a_busy_store_answers_503_with_retry_after_and_writes_nothing() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[("TICKET_BUSY_TIMEOUT", "200")]);
    let before = env.snapshot();
    let lock = env.hold_write_lock();
    let a = server.post(
        "/v3_1/workorder/workorder/",
        Some(&agent),
        &json!({"type": "sys", "question": "while the store is held", "support": 0}),
    );
    a.expect(503);
    assert_eq!(a.header("retry-after"), Some("1"));
    drop(lock);
    assert_eq!(env.snapshot(), before);
    // Once the writer lets go, the same request goes through.
    server
        .post(
            "/v3_1/workorder/workorder/",
            Some(&agent),
            &json!({"type": "sys", "question": "after", "support": 0}),
        )
        .expect(201);
}

#[test]
fn requests_beyond_the_in_flight_limit_or_the_time_limit_get_503() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(
        &env,
        &["--max-in-flight", "1", "--timeout", "3s"],
        &[("TICKET_BUSY_TIMEOUT", "8000")],
    );
    let lock = env.hold_write_lock();
    let post = || {
        server.post(
            "/v3_1/workorder/workorder/",
            Some(&agent),
            &json!({"type": "sys", "question": "waits on the lock", "support": 0}),
        )
    };
    // A write waits on the held store (3 s); a request meanwhile finds the
    // server at its limit. (Tried again if the write itself arrived second.)
    let (full, slow) = (0..5)
        .find_map(|_| {
            std::thread::scope(|s| {
                let slow = s.spawn(post);
                std::thread::sleep(std::time::Duration::from_millis(500));
                let full = server.get("/healthz", None);
                let slow = slow.join().unwrap();
                (full.status == 503).then_some((full, slow))
            })
        })
        .expect("a request while one is in flight gets 503");
    full.expect(503);
    assert!(full.text.contains("limit"), "{}", full.text);
    assert_eq!(full.header("retry-after"), Some("1"));
    // The write runs out of its time.
    slow.expect(503);
    assert!(slow.text.contains("longer than"), "{}", slow.text);
    drop(lock);
    assert_eq!(server.get("/healthz", None).status, 200);
}
