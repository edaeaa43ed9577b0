//! Interactive prompts, driven through a pseudo-terminal.

use std::time::Duration;

use rexpect::session::{PtySession, spawn_command};

use crate::common::TestEnv;

/// Waits for `prompt`, gives the prompt a moment to switch the terminal to
/// raw mode (keys sent earlier would be cooked by the line discipline), then
/// types `keys`.
fn answer(p: &mut PtySession, prompt: &str, keys: &str) {
    p.exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    std::thread::sleep(Duration::from_millis(300));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn new_prompts_for_type_question_and_required_fields() {
    let env = TestEnv::new();
    let mut cmd = env.std_cmd();
    cmd.env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .args(["new", "--tag", "vip"]);
    let mut p = spawn_command(cmd, Some(15_000)).unwrap();
    answer(&mut p, "Type", "\x1b[B\x1b[B\r"); // down twice: module
    answer(&mut p, "Question", "need modules\r");
    answer(&mut p, "Cloud module model", "M2\r");
    answer(&mut p, "Number of modules", "ten\r");
    answer(&mut p, "is not an integer", "10\r");
    p.exp_string("#1 need modules").unwrap();
    p.exp_eof().unwrap();
    let t = env.json(&["show", "1"]);
    assert_eq!(t["type"], "module");
    assert_eq!(
        t["fields"],
        serde_json::json!({"module": "M2", "amount": 10})
    );
    assert_eq!(t["tags"], serde_json::json!(["vip"]));
}
