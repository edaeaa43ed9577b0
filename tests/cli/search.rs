//! Full-text search, kept current by every write.

use std::fs::File;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::TestEnv;

fn found(env: &TestEnv, args: &[&str]) -> Vec<Value> {
    env.json(&[&["search"], args].concat())
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect()
}

#[test]
fn search_finds_subjects_questions_replies_and_text_fields() {
    let env = TestEnv::new();
    env.file("how to cancel my order?", &[]);
    env.file("我想申请退款，订单号 A-1", &["--tag", "vip"]);
    env.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "buy",
        "--field",
        "module=M2",
        "--field",
        "amount=1",
        "--field",
        "company=Initech",
    ]);
    assert_eq!(found(&env, &["cancel order"]), [json!(1)]);
    assert_eq!(found(&env, &["申请退款"]), [json!(2)]);
    assert_eq!(found(&env, &["initech"]), [json!(3)]);
    assert!(found(&env, &["invoice"]).is_empty());
    // A reply is searchable as soon as it is written.
    env.ok(&[
        "reply",
        "1",
        "please send the invoice number",
        "--as",
        "bob",
    ]);
    let hits = env.json(&["search", "invoice"]);
    assert_eq!(hits[0]["id"], 1);
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("«invoice»"),
        "{}",
        hits[0]["snippet"]
    );
    // An edited subject replaces the old one in the index.
    env.ok(&["edit", "2", "--subject", "refund request"]);
    assert_eq!(found(&env, &["refund"]), [json!(2)]);
    // Filters narrow the search; short words fall back to a scan.
    assert_eq!(found(&env, &["订单", "--tag", "vip"]), [json!(2)]);
    assert_eq!(
        found(&env, &["M2"]),
        [json!(3)],
        "short words find text fields"
    );
    assert_eq!(found(&env, &["M2 initech"]), [json!(3)]);
    assert!(found(&env, &["cancel", "--status", "closed"]).is_empty());
    env.fails(&["search", "  "], 2);
}

#[test]
fn search_ranks_better_matches_first_and_the_index_can_be_rebuilt() {
    let env = TestEnv::new();
    env.file("printer", &["--subject", "printer jam"]);
    env.file(
        "printer printer printer out of paper, printer",
        &["--subject", "printer printer"],
    );
    assert_eq!(found(&env, &["printer"]), [json!(2), json!(1)]);
    env.ok(&["search", "--rebuild"]);
    assert_eq!(found(&env, &["printer"]), [json!(2), json!(1)]);
    let out = env.ok(&["search", "jam"]);
    assert!(
        out.starts_with("1\tnew\tprinter jam\t") && out.contains("«jam»"),
        "{out}"
    );
    // A piped snippet escapes a line feed once, as list's TSV does.
    env.file("line one\nthe fuser is jammed", &["--subject", "fuser"]);
    let out = env.ok(&["search", "fuser"]);
    assert!(out.contains("\\nthe «fuser»"), "{out}");
    assert!(!out.contains("\\\\n"), "{out}");
}

#[test]
fn imported_tickets_and_replies_are_searchable_and_later_writes_still_indexed() {
    let source = TestEnv::new();
    source.file("the scanner is offline", &[]);
    source.ok(&["reply", "1", "firmware rollback fixed it", "--as", "bob"]);
    let export = source.ok(&["export"]);
    let env = TestEnv::new();
    env.cmd()
        .args(["import", "-"])
        .write_stdin(export)
        .assert()
        .success();
    assert_eq!(found(&env, &["scanner"]), [json!(1)]);
    assert_eq!(found(&env, &["rollback"]), [json!(1)]);
    env.ok(&["reply", "1", "escalated to the vendor", "--as", "bob"]);
    env.file("new after import: plotter", &[]);
    assert_eq!(found(&env, &["vendor"]), [json!(1)]);
    assert_eq!(found(&env, &["plotter"]), [json!(2)]);
}

#[test]
fn search_matches_substrings_ignoring_ascii_case_and_takes_wildcards_literally() {
    let env = TestEnv::new();
    env.file("Disk usage at 95% on DB_PRIMARY since Monday", &[]);
    env.file("Disk usage at 9500 MB on db-primary", &[]);
    let mut both = found(&env, &["SK USA"]);
    both.sort_by_key(|id| id.as_i64());
    assert_eq!(both, [json!(1), json!(2)]);
    // `%` and `_` are characters to find, not LIKE wildcards.
    assert_eq!(found(&env, &["95%"]), [json!(1)]);
    assert_eq!(found(&env, &["db_primary"]), [json!(1)]);
    assert_eq!(found(&env, &["DB-PRIMARY"]), [json!(2)]);
}

#[test]
fn a_megabyte_question_and_reply_are_searched_in_seconds() {
    // The largest question and reply `ticket` takes (1 MiB each), full of the
    // words searched for. A snippet once scored every match against every
    // other, minutes of work for text like this; time linear in the text
    // takes well under a second, even in a debug build.
    let line = "The printer on floor 3 jams on every duplex job since the firmware update.\n";
    let mut text = line.repeat((1 << 20) / line.len() + 1);
    text.truncate(1 << 20);
    let env = TestEnv::new();
    let out = env.ok_with_stdin(
        &["new", "--type", "sys", "--question", "-", "-q"],
        text.clone(),
    );
    let id = out.trim();
    env.ok_with_stdin(&["-q", "reply", id, "-"], text);
    env.file("the printer is offline", &[]);
    // Output to a file, not a pipe: a child blocked on a full pipe would
    // look slow.
    let out_path = env.dir.path().join("hits.json");
    let mut child = env
        .std_cmd()
        .args(["search", "printer jams", "--json"])
        .stdout(File::create(&out_path).unwrap())
        .spawn()
        .unwrap();
    let deadline = Duration::from_secs(3);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("search took longer than {deadline:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let hits: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "every word is required");
    assert_eq!(hits[0]["id"].to_string(), id);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("«printer»") && snippet.contains("«jams»") && snippet.len() < 100,
        "{snippet}"
    );
}
