//! Output safety and shape: untrusted text, pipes, quiet mode, completions.

use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::common::TestEnv;

const EVIL: &str = "pwn \x1b]0;owned\x07 \x1b[2J \u{202e}txt.exe \u{9b}31m";

/// No sequence from the ticket text arrives raw (our own colours may).
fn assert_clean(s: &str) {
    for raw in [
        "\x1b]0;owned",
        "\x07",
        "\x1b[2J",
        "\x1b[31mred",
        "\u{202e}",
        "\u{9b}",
    ] {
        assert!(!s.contains(raw), "raw {raw:?} in output: {s:?}");
    }
}

#[test]
fn escapes_in_ticket_text_never_reach_a_terminal_table_or_tsv() {
    let env = TestEnv::new();
    let id = env
        .ok(&[
            "new",
            "--type",
            "sys",
            "--question",
            EVIL,
            "--subject",
            "s \x1b[31mred",
            "--requester",
            "r\u{202e}x",
            "-q",
        ])
        .trim()
        .to_string();
    env.ok(&["reply", &id, EVIL, "--as", "bob"]);
    for args in [
        &["list"][..],
        &["list", "--format", "table"],
        &["list", "--format", "table", "--color", "always"],
        &["list", "--format", "csv"],
        &["show", &id],
        &["show", &id, "--format", "table"],
        &["history", &id, "--format", "table"],
    ] {
        assert_clean(&env.ok(args));
    }
    let shown = env.ok(&["show", &id, "--format", "table"]);
    assert!(shown.contains("\\u{1b}]0;owned\\u{7}"), "{shown}");
    // The store keeps the text exactly as given; JSON escapes it.
    let json = env.ok(&["show", &id, "--json"]);
    assert!(json.contains("\\u001b]0;owned\\u0007"));
    let t: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(t["question"], EVIL);
    assert_eq!(t["replies"][0]["detail"]["text"], EVIL);
}

#[test]
fn tsv_rows_keep_every_character_on_one_line() {
    let env = TestEnv::new();
    env.file("line one\nline two\twith tab", &["--subject", "tab\there"]);
    let out = env.ok(&["list"]);
    assert_eq!(out.lines().count(), 1);
    let cells: Vec<&str> = out.trim_end().split('\t').collect();
    assert_eq!(cells.len(), 8);
    assert_eq!(cells[4], "tab\\there");
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let env = TestEnv::new();
    for i in 0..200 {
        env.file(&format!("question {i} {}", "padding ".repeat(40)), &[]);
    }
    let mut child = env
        .std_cmd()
        .args(["list", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn quiet_writes_print_only_ids() {
    let env = TestEnv::new();
    assert_eq!(
        env.ok(&["new", "--type", "sys", "--question", "q", "-q"]),
        "1\n"
    );
    assert_eq!(env.ok(&["reply", "1", "hi", "--as", "bob", "-q"]), "1\n");
    assert_eq!(env.ok(&["edit", "1", "--priority", "urgent", "-q"]), "1\n");
    assert_eq!(env.ok(&["status", "1", "solved", "-q"]), "1\n");
}

#[test]
fn show_and_new_print_readable_text_when_piped() {
    let env = TestEnv::new();
    let out = env.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "q",
        "--field",
        "module=M2",
        "--field",
        "amount=2",
    ]);
    assert!(out.starts_with("id\t1\ntype\tmodule\n"), "{out}");
    assert!(out.contains("fields.amount\t2\n"));
    let table = env.ok(&["show", "1", "--format", "table", "--color", "never"]);
    assert!(table.starts_with("#1 q\n"), "{table}");
}

#[test]
fn completions_match_the_shipped_files() {
    let env = TestEnv::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "ticket.bash"),
        ("zsh", "_ticket"),
        ("fish", "ticket.fish"),
    ] {
        let printed = env.ok(&["completions", shell]);
        assert_eq!(
            printed,
            std::fs::read_to_string(root.join("completions").join(file)).unwrap(),
            "{shell}"
        );
    }
}

#[test]
fn help_documents_exit_codes_and_environment() {
    let env = TestEnv::new();
    let help = env.ok(&["--help"]);
    for needle in ["Exit codes:", "75", "TICKET_DB", "TICKET_USER", "NO_COLOR"] {
        assert!(help.contains(needle), "{needle}");
    }
}

#[test]
fn colours_follow_the_color_flag_and_never_reach_a_pipe_by_default() {
    let env = TestEnv::new();
    env.file("q", &["--priority", "urgent"]);
    let table = |args: &[&str]| env.ok(&[&["list", "--format", "table"], args].concat());
    assert!(
        !table(&[]).contains('\x1b'),
        "auto: piped output has no colour"
    );
    assert!(!table(&["--color", "never"]).contains('\x1b'));
    assert!(table(&["--color", "always"]).contains("\x1b["));
    assert!(
        !env.ok(&["list", "--color", "always"]).contains('\x1b'),
        "TSV is never coloured"
    );
}

/// Text that breaks careless CSV and TSV: separators, quotes, line breaks,
/// and escapes that must never reach a terminal.
const AWKWARD: &str = "a, \"quoted\"\ttab\nnext line; pwn \x1b]0;owned\x07 \x1b[2J \u{202e}txt.exe";

/// A store with two tickets (one with awkward text and a reply).
fn desk() -> TestEnv {
    let env = TestEnv::new();
    env.file(AWKWARD, &["--subject", "s, \"x\"", "--tag", "vip"]);
    env.file("second ticket", &[]);
    env.ok(&[
        "reply",
        "1",
        AWKWARD,
        "--as",
        "bob",
        "--image",
        "http://x.test/a,b",
    ]);
    env
}

#[test]
fn jsonl_is_one_line_per_object_in_a_terminal_too() {
    let env = desk();
    for args in [
        &["new", "--type", "sys", "--question", "q"][..],
        &["show", "1"],
        &["reply", "1", "hi", "--as", "bob"],
        &["edit", "1", "--priority", "urgent"],
    ] {
        let mut cmd = env.std_cmd();
        cmd.env("TERM", "xterm")
            .args(args)
            .args(["--format", "jsonl"]);
        let mut p = rexpect::session::spawn_command(cmd, Some(15_000)).unwrap();
        let out = p.exp_eof().unwrap();
        let lines: Vec<&str> = out.lines().map(|l| l.trim_end_matches('\r')).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {out}");
        assert!(serde_json::from_str::<Value>(lines[0]).unwrap().is_object());
    }
}
