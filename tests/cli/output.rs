//! Output safety and shape: untrusted text, pipes, quiet mode, completions.

use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::common::{TestEnv, stderr_line};

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

/// Every output format, as `--format` names them.
const FORMATS: [&str; 5] = ["table", "tsv", "json", "jsonl", "csv"];

/// The CSV columns of each shape: the JSON keys, nested ones flattened.
/// A ticket's columns are its JSON keys (tests/cli/tickets.rs pins them).
const TICKET: [&str; 18] = ticket::model::TICKET_KEYS;
const REPLY: [&str; 8] = [
    "id",
    "workorder_id",
    "committer",
    "role",
    "detail.text",
    "detail.image",
    "internal",
    "created_at",
];
const EVENT: [&str; 9] = [
    "id",
    "ticket_id",
    "at",
    "actor",
    "kind",
    "field",
    "old",
    "new",
    "run",
];
const TYPE: [&str; 4] = ["name", "label_zh", "label_en", "fields"];
const FIELD: [&str; 5] = ["name", "kind", "label", "options", "types"];
const RUN: [&str; 6] = ["run", "rule", "dry_run", "matched", "changed", "skipped"];
const IMPORT: [&str; 6] = [
    "tickets",
    "replies",
    "events",
    "skipped",
    "skipped_replies",
    "dry_run",
];

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

/// Runs `ticket ARGS --format FORMAT`, checks its stdout is that format,
/// and returns it. CSV: one header row, `header`, then records as long
/// (the csv crate refuses ragged ones). JSON: one document. JSONL: one
/// object per line. TSV: tab-separated rows, no header. Table: none of
/// those. Ticket text never arrives raw in any of them.
fn printed(env: &TestEnv, args: &[&str], format: &str, header: &[&str]) -> String {
    let out = env.ok(&[args, &["--format", format]].concat());
    let what = format!("ticket {} --format {format}", args.join(" "));
    if !format.starts_with("json") {
        // JSON escapes control characters its own way (and leaves the rest).
        assert_clean(&out);
    }
    assert!(!out.is_empty(), "{what}: nothing printed");
    let looks_json = out.starts_with(['{', '[']);
    match format {
        "csv" => {
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            let head = reader
                .headers()
                .unwrap_or_else(|e| panic!("{what}: {e}\n{out}"))
                .clone();
            assert_eq!(
                head.iter().collect::<Vec<_>>(),
                header,
                "{what}: header\n{out}"
            );
            for record in reader.records() {
                let record = record.unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
                assert_eq!(record.len(), header.len(), "{what}\n{out}");
            }
        }
        "json" => {
            serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
        }
        "jsonl" => {
            for line in out.lines() {
                let v: Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
                assert!(v.is_object(), "{what}: {line}");
            }
        }
        "tsv" => {
            assert!(!looks_json, "{what}: JSON, not TSV\n{out}");
            let rows: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
            assert!(
                rows.iter().all(|r| r.contains('\t')),
                "{what}: rows without tabs\n{out}"
            );
            assert_ne!(rows[0], header.join("\t"), "{what}: a header row");
        }
        _ => {
            assert!(!looks_json, "{what}: JSON, not a table\n{out}");
            assert!(!out.contains('\t'), "{what}: TSV, not a table\n{out}");
        }
    }
    out
}

/// Runs `ticket ARGS --format FORMAT`, expecting a usage error (exit 2)
/// that names the format, with nothing on stdout.
fn refused(env: &TestEnv, args: &[&str], format: &str) -> String {
    let out = env.fails(&[args, &["--format", format]].concat(), 2);
    assert!(out.stdout.is_empty(), "{args:?} {format}: stdout");
    let err = stderr_line(&out);
    assert!(err.contains("format"), "{args:?} {format}: {err}");
    err
}

#[test]
fn new_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        let args = [
            "new",
            "--type",
            "sys",
            "--question",
            AWKWARD,
            "--subject",
            "a, b",
        ];
        printed(&env, &args, f, &TICKET);
    }
}

#[test]
fn list_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        printed(&env, &["list"], f, &TICKET);
        printed(
            &env,
            &["list", "--fields", "id,subject"],
            f,
            &["id", "subject"],
        );
    }
    // --count: the bare number, under a header in CSV.
    for f in ["table", "tsv", "json", "jsonl"] {
        assert_eq!(env.ok(&["list", "--count", "--format", f]), "2\n", "{f}");
    }
    let csv = printed(&env, &["list", "--count"], "csv", &["count"]);
    assert_eq!(csv, "count\n2\n");
}

#[test]
fn show_honours_every_format_but_csv_which_it_refuses() {
    let env = desk();
    for f in ["table", "tsv", "json", "jsonl"] {
        printed(&env, &["show", "1", "--history"], f, &TICKET);
        printed(&env, &["show", "1", "2"], f, &TICKET);
    }
    let err = refused(&env, &["show", "1"], "csv");
    assert!(
        err.contains("--format json") && err.contains("history"),
        "{err}"
    );
    refused(&env, &["show", "1", "2", "--history"], "csv");
}

#[test]
fn reply_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        let args = [
            "reply",
            "1",
            AWKWARD,
            "--as",
            "bob",
            "--image",
            "http://x.test/a,b",
        ];
        printed(&env, &args, f, &REPLY);
    }
    let csv = printed(&env, &["reply", "2", "hi", "--as", "bob"], "csv", &REPLY);
    let row = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(&row[3], "1", "role as in JSON: 1 agent");
    assert_eq!(&row[4], "hi");
}

#[test]
fn status_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        // The first run moves both; the others find them there already.
        printed(&env, &["status", "1", "2", "pending"], f, &TICKET);
    }
    let table = env.ok(&["status", "1", "2", "holding", "--format", "table"]);
    assert_eq!(table, "ticket 1 is now holding\nticket 2 is now holding\n");
    let tsv = printed(&env, &["status", "1", "holding"], "tsv", &TICKET);
    assert!(tsv.starts_with("1\tholding\t"), "{tsv}");
}

#[test]
fn edit_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        printed(&env, &["edit", "1", "--tag", f], f, &TICKET);
        printed(&env, &["edit", "1", "2", "--tag", f], f, &TICKET);
    }
}

#[test]
fn history_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        printed(&env, &["history", "1"], f, &EVENT);
    }
}

#[test]
fn types_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        printed(&env, &["types"], f, &TYPE);
        printed(&env, &["types", "list"], f, &TYPE);
        let name = format!("billing_{f}");
        printed(
            &env,
            &["types", "add", &name, "--en", "Bill, ing"],
            f,
            &TYPE,
        );
    }
}

#[test]
fn fields_honours_every_format() {
    let env = desk();
    for f in FORMATS {
        printed(&env, &["fields"], f, &FIELD);
        printed(&env, &["fields", "list"], f, &FIELD);
        let name = format!("tier_{f}");
        let add = [
            "fields", "add", &name, "--kind", "enum", "--option", "gold", "--option", "free",
            "--type", "sys",
        ];
        printed(&env, &add, f, &FIELD);
        // attach prints the type it attached to.
        printed(
            &env,
            &["fields", "attach", "company", "--type", "sys"],
            f,
            &TYPE,
        );
    }
}

#[test]
fn search_honours_every_format() {
    let env = desk();
    let hit: Vec<&str> = TICKET.iter().copied().chain(["snippet"]).collect();
    for f in FORMATS {
        printed(&env, &["search", "quoted"], f, &hit);
    }
    let csv = printed(&env, &["search", "second"], "csv", &hit);
    let row = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap();
    assert!(row[18].starts_with("«second» ticket"), "{csv}");
}

#[test]
fn sweep_and_undo_honour_every_format() {
    let env = desk();
    let sweep = |now: &str| -> Vec<String> {
        [
            "sweep", "--status", "new", "--idle", "1d", "--to", "solved", "--now", now,
        ]
        .map(String::from)
        .to_vec()
    };
    for (month, f) in FORMATS.iter().enumerate() {
        // Undo dates its changes at the run's time: each round runs later.
        let now = format!("2099-{:02}-01", month + 1);
        let args = sweep(&now);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        printed(&env, &[&args[..], &["--dry-run"]].concat(), f, &RUN);
        // A run to undo: it moves the new ticket; undo moves it back.
        let run = env.json(&args)[0]["run"].as_i64().unwrap().to_string();
        printed(&env, &["undo", "--run", &run], f, &RUN);
    }
    let args = sweep("2100-01-01");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let jsonl = printed(&env, &args, "jsonl", &RUN);
    assert_eq!(jsonl.lines().count(), 1, "one report per rule: {jsonl}");
}

#[test]
fn export_honours_jsonl_json_and_csv_and_refuses_rows() {
    let env = desk();
    printed(&env, &["export"], "jsonl", &TICKET);
    printed(&env, &["export"], "json", &TICKET);
    let csv = printed(&env, &["export"], "csv", &TICKET);
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        2
    );
    for f in ["table", "tsv"] {
        let err = refused(&env, &["export"], f);
        assert!(err.contains("ticket list --all"), "{err}");
    }
}

#[test]
fn import_honours_every_format() {
    let env = desk();
    let file = env.dir.path().join("in.jsonl");
    std::fs::write(&file, env.ok(&["export"])).unwrap();
    let trial = TestEnv::new();
    let file = file.to_str().unwrap();
    for f in FORMATS {
        printed(&trial, &["import", file, "--dry-run"], f, &IMPORT);
    }
    let tsv = printed(&trial, &["import", file, "--dry-run"], "tsv", &IMPORT);
    assert_eq!(tsv, "2\t1\t4\t\t0\ttrue\n");
}

#[test]
fn completions_refuse_every_format() {
    let env = TestEnv::new();
    for f in FORMATS {
        refused(&env, &["completions", "bash"], f);
    }
    let out = env.fails(&["completions", "bash", "--json"], 2);
    assert!(out.stdout.is_empty());
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
