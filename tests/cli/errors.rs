//! Exit codes, error messages, and rejected input leaving the store as it was.

use serde_json::Value;

use crate::common::{TestEnv, stderr_line};

#[test]
fn missing_values_are_named_all_at_once_without_a_terminal() {
    let env = TestEnv::new();
    let out = env.fails(&["new"], 2);
    assert_eq!(stderr_line(&out), "error: missing type, question");
    let out = env.fails(&["new", "--type", "module"], 2);
    assert_eq!(
        stderr_line(&out),
        "error: missing question, field module, field amount"
    );
    env.fails(&["reply", "1"], 2);
}

#[test]
fn rejected_input_writes_nothing() {
    let env = TestEnv::new();
    let id = env.file("q", &[]).to_string();
    let before = env.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "--type", "nope", "--question", "q"],
            "invalid type: 'nope' is not a ticket type",
        ),
        (
            &["new", "--type", "sys", "--question", "   "],
            "missing question",
        ),
        (
            &[
                "new",
                "--type",
                "module",
                "--question",
                "q",
                "--field",
                "module=M",
                "--field",
                "amount=ten",
            ],
            "invalid field amount: 'ten' is not an integer",
        ),
        (
            &[
                "new",
                "--type",
                "module",
                "--question",
                "q",
                "--field",
                "module=M",
                "--field",
                "amount=1",
                "--field",
                "email=nope",
            ],
            "invalid field email",
        ),
        (
            &[
                "new",
                "--type",
                "module",
                "--question",
                "q",
                "--field",
                "module=M",
                "--field",
                "amount=1",
                "--field",
                "cellphone=12",
            ],
            "invalid field cellphone",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--field",
                "amount=1",
            ],
            "not a field of type 'sys'",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--tag",
                "two words",
            ],
            "invalid tag",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--field",
                "noequals",
            ],
            "is not NAME=VALUE",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--priority",
                "high",
            ],
            "not a priority",
        ),
        (
            &["reply", &id, "x", "--image", "not a url"],
            "invalid image",
        ),
        (&["reply", &id, "x", "--status", "done"], "not a status"),
        (&["status", &id, "9"], "not a status"),
        (&["status", "x", "open"], "'x' is not a ticket id"),
        (&["edit", &id, "--subject", ""], "invalid subject"),
        (&["edit", &id], "nothing to change was given"),
        (&["list", "--sort", "colour"], "not a sort key"),
        (
            &["list", "--updated-before", "yesterday-ish"],
            "is not a time",
        ),
        (&["list", "--field", "nope=1"], "no such custom field"),
        (&["types", "add", "Bad Name"], "lowercase"),
        (
            &["fields", "add", "tier", "--kind", "enum"],
            "needs at least one option",
        ),
        (
            &["sweep", "--status", "solved"],
            "not provided: --to <STATUS>, --idle <DURATION>",
        ),
        (&["undo", "--run", "abc"], "invalid value 'abc'"),
        (&["list", "--colour"], "unexpected argument '--colour'"),
        (&["types", "add"], "not provided: <NAME>"),
        (&["reply", &id, "-oops"], "unexpected argument '-o'"),
    ];
    for (args, message) in cases {
        let out = env.fails(args, 2);
        let line = stderr_line(&out);
        assert!(
            line.starts_with("error: ") && line.contains(message),
            "{args:?}: {line}"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let rest: Vec<&str> = stderr.lines().skip(1).collect();
        assert!(
            rest.len() <= 1 && rest.iter().all(|l| l.starts_with("hint: ")),
            "{args:?}: one error line and at most a hint: {stderr}"
        );
        // Usage errors keep clap's tip, or name the right command's help.
        let hint = rest.first().copied().unwrap_or("");
        if *args == ["list", "--colour"] {
            assert!(hint.contains("'--color'"), "{hint}");
        } else if *args == ["types", "add"] {
            assert_eq!(hint, "hint: see 'ticket types add --help'");
        } else if args.last() == Some(&"-oops") {
            assert!(hint.contains("'-- -o'"), "{hint}");
        }
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        assert_eq!(env.snapshot(), before, "{args:?} changed the store");
    }
}

#[test]
fn not_found_is_exit_3() {
    let env = TestEnv::new();
    for args in [
        &["show", "7"][..],
        &["reply", "7", "x"],
        &["edit", "7", "--priority", "urgent"],
        &["history", "7"],
        &["status", "7", "open"],
    ] {
        let out = env.fails(args, 3);
        assert_eq!(stderr_line(&out), "error: ticket 7 not found", "{args:?}");
    }
    env.fails(&["fields", "attach", "nope", "--type", "sys"], 3);
}

#[test]
fn json_errors_are_objects_on_stderr() {
    let env = TestEnv::new();
    let out = env.fails(&["show", "7", "--json"], 3);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
    assert_eq!(err["error"]["message"], "ticket 7 not found");
    assert!(out.stdout.is_empty());
    let id = env.file("q", &[]).to_string();
    env.ok(&["status", &id, "closed"]);
    let out = env.fails(&["reply", &id, "x", "--json"], 4);
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "refused");
    assert!(
        err["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("ticket new")
    );
    for args in [
        &["list", "--bogus", "--json"][..],
        &["list", "--bogus", "--format", "json"],
    ] {
        let out = env.fails(args, 2);
        let err: Value = serde_json::from_slice(&out.stderr)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(err["error"]["code"], "usage");
    }
}

#[test]
fn usage_errors_are_exit_2() {
    let env = TestEnv::new();
    env.fails(&["frobnicate"], 2);
    env.fails(&["status", "1"], 2);
    env.fails(&["list", "--page", "1", "--limit", "2"], 2);
    env.fails(&["list", "--page", "0"], 2);
}

#[test]
fn storage_failures_are_exit_1() {
    // A directory and a text file as the store.
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    let out = env.fails(&["--db", env.dir.path().to_str().unwrap(), "list"], 1);
    assert!(stderr_line(&out).starts_with("error: "));
    std::fs::write(
        &env.db,
        b"this is not a database, just text that is long enough to look like a header",
    )
    .unwrap();
    env.fails(&["list"], 1);
}

#[test]
fn a_store_from_a_newer_ticket_is_refused() {
    let env = TestEnv::new();
    env.file("q", &[]);
    env.set_schema_version(99);
    let out = env.fails(&["list"], 1);
    assert!(
        stderr_line(&out).contains("schema version 99"),
        "{}",
        stderr_line(&out)
    );
}

#[test]
fn a_busy_store_is_exit_75() {
    let env = TestEnv::new();
    env.ok(&["new", "--type", "sys", "--question", "q"]);
    let lock = env.hold_write_lock();
    let out = env
        .cmd()
        .env("TICKET_BUSY_TIMEOUT", "200")
        .args(["new", "--type", "sys", "--question", "q"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(75),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stderr_line(&out).contains("busy"));
    // Readers are not blocked by a writer.
    env.cmd()
        .env("TICKET_BUSY_TIMEOUT", "200")
        .args(["list"])
        .assert()
        .success();
    drop(lock);
    env.ok(&["new", "--type", "sys", "--question", "q"]);
}

#[test]
fn a_bad_config_file_is_named() {
    let env = TestEnv::new();
    std::fs::write(env.dir.path().join("config.toml"), "page_size = \"many\"\n").unwrap();
    let out = env.fails(&["list"], 2);
    assert!(
        stderr_line(&out).contains("config.toml"),
        "{}",
        stderr_line(&out)
    );
}

#[test]
fn a_refused_query_prints_nothing_on_stdout() {
    let env = TestEnv::new();
    env.file("q", &[]);
    env.ok(&[
        "fields", "add", "count", "--kind", "integer", "--type", "sys",
    ]);
    for format in ["json", "jsonl", "csv", "tsv", "table"] {
        for query in [
            &["--field", "nosuch=1"][..],
            &["-Q", "field.nosuch:1"],
            &["--field", "count=abc"],
            &["--type", "nosuchtype"],
            &["-Q", "type:nosuchtype"],
            &["--fields", "fields.nosuch"],
            &["--fields", "id,fields.nosuch", "--field", "count=abc"],
            &["--tag", "bad\u{1b}[31m"],
        ] {
            let args = [&["list", "--all", "--format", format][..], query].concat();
            let out = env.fails(&args, 2);
            assert!(out.stdout.is_empty(), "{args:?} printed {:?}", out.stdout);
            assert_eq!(stderr_line(&out).lines().count(), 1);
        }
    }
    for query in [&["--type", "nosuchtype"][..], &["--field", "nosuch=1"]] {
        let out = env.fails(&[&["search", "q", "--json"][..], query].concat(), 2);
        assert!(out.stdout.is_empty());
        let out = env.fails(&[&["export"][..], query].concat(), 2);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn every_name_is_checked_the_same_way() {
    let env = TestEnv::new();
    env.file("q", &[]);
    let before = env.snapshot();
    let escape = "ops\u{1b}]0;owned\u{7}";
    for args in [
        &[
            "sweep", "--status", "new", "--idle", "1s", "--to", "open", "--name", escape,
        ][..],
        &[
            "new",
            "--type",
            "sys",
            "--question",
            "q",
            "--assignee",
            escape,
        ],
        &["new", "--type", "sys", "--question", "q", "--tag", escape],
        &["new", "--type", "sys", "--question", "q", "--as", escape],
    ] {
        let out = env.fails(args, 2);
        assert!(!out.stderr.contains(&0x1b), "{args:?} echoed an escape");
    }
    assert_eq!(env.snapshot(), before);
    let out = env.fails(&["list", "--type", "nosuchtype"], 2);
    assert_eq!(
        stderr_line(&out),
        env.fails(&["new", "--type", "nosuchtype", "--question", "q"], 2)
            .stderr
            .split(|b| *b == b'\n')
            .next()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .unwrap(),
        "one message for an unknown type, read or write"
    );
}

#[test]
fn a_huge_bad_value_makes_a_short_error() {
    let env = TestEnv::new();
    let huge_type = "t".repeat(100_000);
    let out = env.fails(&["new", "--type", &huge_type, "--question", "q"], 2);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.len() < 1_000, "{} bytes", err.len());
    assert!(err.contains("100000 characters"), "{err}");
    let out = env.fails(&["show", &"9".repeat(50_000)], 2);
    assert!(out.stderr.len() < 1_000);
    let line = format!(
        r#"{{"committer":"a","question":"q","type":"sys","created_at":"2018-01-25T14:54:51","status":"{}"}}"#,
        "x".repeat(10 << 20)
    );
    let out = env
        .cmd()
        .args(["import", "-"])
        .write_stdin(line)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.len() < 1_500, "{} bytes", out.stderr.len());
    assert!(
        stderr_line(&out).contains("status"),
        "{}",
        stderr_line(&out)
    );
}
