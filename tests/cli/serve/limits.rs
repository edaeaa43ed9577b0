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
