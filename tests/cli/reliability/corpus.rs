//! The malformed-input corpus: bad invocations of every command, each with
//! what a user should get back.
//!
//! Cases are built from tables, every bad form of a value crossed with
//! every command that takes it. Each case runs twice, plain and with
//! `--json`, and each run is held to the same promise: the expected exit
//! code; nothing on stdout; stderr short, without a raw escape byte, and
//! one `error:` line naming what is wrong (maybe a `hint:` line), or one
//! JSON error object; the store's bytes and the directory's files as they
//! were.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use super::Tally;
use super::fuzz::{Pristine, cut};
use crate::common::TestEnv;

/// A bad invocation and what a user should get back.
#[derive(Clone)]
struct Case {
    /// Unique; names the case in failures.
    name: String,
    args: Vec<String>,
    stdin: Vec<u8>,
    env: Vec<(&'static str, String)>,
    unset: Vec<&'static str>,
    config: Config,
    /// The exit code a user should get.
    code: i32,
    /// What the first stderr line must say (all of them).
    needles: Vec<String>,
}

/// The config file a case runs with.
#[derive(Clone)]
enum Config {
    None,
    File(Vec<u8>),
    /// A directory where the file should be.
    Dir,
}

impl Case {
    fn stdin(mut self, label: &str, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = input.into();
        self.name = format!("{} (stdin `{label}`)", self.name);
        self
    }

    fn env(mut self, key: &'static str, value: &str) -> Self {
        self.name = format!("{} ({key}={})", self.name, shown_arg(value));
        self.env.push((key, value.to_string()));
        self
    }

    fn unset(mut self, key: &'static str) -> Self {
        self.unset.push(key);
        self
    }

    fn config(mut self, label: &str, config: Config) -> Self {
        self.name = format!("{} (config `{label}`)", self.name);
        self.config = config;
        self
    }
}

/// A case named `group: ticket ARGS`.
fn case(group: &str, args: &[&str], code: i32, needles: &[&str]) -> Case {
    let shown: Vec<String> = args.iter().map(|a| shown_arg(a)).collect();
    Case {
        name: format!("{group}: ticket {}", shown.join(" ")),
        args: args.iter().map(|a| a.to_string()).collect(),
        stdin: Vec::new(),
        env: Vec::new(),
        unset: Vec::new(),
        config: Config::None,
        code,
        needles: needles.iter().map(|n| n.to_string()).collect(),
    }
}

/// An argument as a case name shows it: control characters named, long
/// values cut.
fn shown_arg(a: &str) -> String {
    if a.len() > 60 {
        let head: String = a.chars().take(12).collect();
        return format!("{}… ({} bytes)", shown_arg(&head), a.len());
    }
    let mut s = String::new();
    for c in a.chars() {
        match c {
            '\x1b' => s.push_str("<ESC>"),
            '\x07' => s.push_str("<BEL>"),
            '\n' => s.push_str("<LF>"),
            '\r' => s.push_str("<CR>"),
            '\t' => s.push_str("<TAB>"),
            c if c.is_control() || is_bidi(c) => s.push_str(&format!("<U+{:04X}>", c as u32)),
            c => s.push(c),
        }
    }
    if a.is_empty() || a.contains(' ') {
        format!("'{s}'")
    } else {
        s
    }
}

/// Characters that reorder text on screen (Trojan Source).
pub(super) fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A value as an error message quotes it: control characters and bidi
/// controls as visible `\u{…}` escapes, in single quotes.
fn quoted(v: &str) -> String {
    let mut s = String::from("'");
    for c in v.chars() {
        match c {
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            '\n' => s.push_str("\\n"),
            c if c.is_control() || is_bidi(c) => s.extend(c.escape_unicode()),
            c => s.push(c),
        }
    }
    s.push('\'');
    s
}

/// The needles naming a bad value given for `what`: `what` itself, and the
/// value quoted unless it is empty (an empty value may be reported as a
/// missing one).
fn naming(what: &str, v: &str) -> Vec<String> {
    let mut n = vec![what.to_string()];
    if !v.is_empty() {
        n.push(quoted(v));
    }
    n
}

/// Replaces the placeholder in `template` by `v`: an argument `X`, or the
/// `X` that ends an `--option=…X` argument.
fn fill(template: &[&str], v: &str) -> Vec<String> {
    template
        .iter()
        .map(|a| match a.strip_suffix('X') {
            Some(head) if head.is_empty() || head.contains('=') => format!("{head}{v}"),
            _ => a.to_string(),
        })
        .collect()
}

/// A case from a template whose `X` (or `--flag=X`) is the bad value.
fn filled(group: &str, template: &[&str], v: &str, code: i32, needles: Vec<String>) -> Case {
    let args = fill(template, v);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    case(group, &args, code, &needles)
}

/// The store the corpus runs against: ticket 1 open work (sys), 2 closed,
/// 3 a module ticket, 4 solved after a sweep run (1) that was undone (run
/// 2); sys carries typed custom fields; a text file that is no store.
fn fixture() -> TestEnv {
    let env = TestEnv::new();
    env.file("open one", &[]);
    env.file("closed one", &[]);
    env.ok(&["status", "2", "closed"]);
    env.ok(&[
        "new",
        "--type",
        "module",
        "--question",
        "modules",
        "--field",
        "module=M2",
        "--field",
        "amount=3",
        "-q",
    ]);
    for f in [
        &["due", "--kind", "date"][..],
        &[
            "tier", "--kind", "enum", "--option", "gold", "--option", "free",
        ],
        &["site", "--kind", "url"],
        &["vip", "--kind", "bool"],
        &["ratio", "--kind", "decimal"],
    ] {
        env.ok(&[&["fields", "add"], f, &["--type", "sys", "-q"]].concat());
    }
    env.file("swept", &[]);
    env.ok(&["status", "4", "solved"]);
    env.ok(&[
        "sweep",
        "--status",
        "solved",
        "--idle",
        "1h",
        "--to",
        "closed",
        "--now",
        "2099-01-01",
    ]);
    env.ok(&["undo", "--run", "1"]);
    std::fs::write(env.dir.path().join("not-a-store.db"), "not a store\n").unwrap();
    env
}

const BIG: usize = 100_000;

/// Every case.
fn corpus(env: &TestEnv) -> Vec<Case> {
    let mut c = Vec::new();
    ids(&mut c);
    workflow(&mut c);
    values(&mut c);
    fields(&mut c);
    times(&mut c);
    queries(&mut c);
    names(&mut c);
    usage(&mut c);
    global(&mut c, env);
    import(&mut c, env);
    c
}

/// Bad ids, unknown ids, and ids read from stdin.
fn ids(c: &mut Vec<Case>) {
    let forms = [
        "0",
        "-1",
        "abc",
        "1.5",
        "99999999999999999999",
        "",
        "1 2",
        "\x1b[2J",
        "0x1",
        "1e3",
        "１",
        "\u{202e}1",
    ];
    let commands: [&[&str]; 8] = [
        &["show", "X"],
        &["history", "X"],
        &["reply", "X", "text"],
        &["status", "X", "open"],
        &["edit", "X", "--priority", "urgent"],
        &["show", "1", "X"],
        &["status", "1", "X", "pending"],
        &["edit", "1", "X", "--priority", "urgent"],
    ];
    for v in forms {
        for t in commands {
            c.push(filled("bad id", t, v, 2, vec![quoted(v)]));
        }
    }
    let lines = [
        "abc",
        "0",
        "-7",
        "{\"id\":0}",
        "{\"id\":\"1\"}",
        "{",
        "1.5",
        "\x1b[2J",
        "\u{202e}1",
    ];
    let readers: [&[&str]; 3] = [
        &["show", "-"],
        &["status", "-", "open"],
        &["edit", "-", "--priority", "urgent"],
    ];
    for line in lines {
        for r in readers {
            let name = shown_arg(line);
            c.push(case("stdin id", r, 2, &["stdin line 1"]).stdin(&name, format!("{line}\n")));
            c.push(
                case("stdin id", r, 2, &["stdin line 2"])
                    .stdin(&format!("1 then {name}"), format!("1\n{line}\n")),
            );
        }
    }
    let unknown: [&[&str]; 13] = [
        &["show", "424242"],
        &["history", "424242"],
        &["reply", "424242", "x"],
        &["status", "424242", "open"],
        &["edit", "424242", "--priority", "urgent"],
        &["show", "1", "424242"],
        &["status", "1", "424242", "pending"],
        &["edit", "1", "424242", "--priority", "urgent"],
        &["show", "--history", "424242"],
        &["--dry-run", "status", "424242", "open"],
        &["reply", "9223372036854775807", "x"],
        &["history", "9223372036854775807"],
        &["show", "9223372036854775807"],
    ];
    for args in unknown {
        let id = args.iter().find(|a| a.starts_with(['4', '9'])).unwrap();
        c.push(case(
            "unknown id",
            args,
            3,
            &[&format!("ticket {id} not found")],
        ));
    }
    for r in &readers[..2] {
        c.push(
            case("unknown id", r, 3, &["ticket 424242 not found"]).stdin("1 424242", "1\n424242\n"),
        );
    }
    c.push(case(
        "unknown id",
        &["undo", "--run", "999"],
        3,
        &["run 999"],
    ));
    c.push(case("unknown id", &["undo", "--run", "0"], 3, &["run 0"]));
    c.push(case(
        "unknown id",
        &["fields", "attach", "nosuch", "--type", "sys"],
        3,
        &["nosuch"],
    ));
}

/// Refusals: the closed ticket, stale versions, an undone run.
fn workflow(c: &mut Vec<Case>) {
    let closed: [&[&str]; 13] = [
        &["reply", "2", "x"],
        &["reply", "2", "--internal", "x"],
        &["reply", "2", "x", "--status", "open"],
        &["reply", "2", "x", "--role", "requester"],
        &["status", "2", "open"],
        &["status", "2", "new"],
        &["status", "2", "0"],
        &["status", "1", "2", "pending"],
        &["edit", "2", "--priority", "urgent"],
        &["edit", "2", "--tag", "+vip"],
        &["edit", "2", "--field", "due=2026-01-01"],
        &["edit", "1", "2", "--priority", "urgent"],
        &["--dry-run", "status", "2", "open"],
    ];
    for args in closed {
        c.push(case("closed", args, 4, &["ticket 2 is closed"]));
    }
    c.push(case("closed", &["reply", "2", "-"], 4, &["ticket 2 is closed"]).stdin("x", "x\n"));
    c.push(
        case(
            "closed",
            &["status", "-", "open"],
            4,
            &["ticket 2 is closed"],
        )
        .stdin("1 2", "1\n2\n"),
    );
    let stale: [&[&str]; 5] = [
        &["edit", "1", "--priority", "urgent", "--if-version", "99"],
        &["reply", "1", "x", "--if-version", "99"],
        &["status", "1", "pending", "--if-version", "99"],
        &[
            "edit",
            "1",
            "3",
            "--priority",
            "urgent",
            "--if-version",
            "99",
        ],
        &["status", "1", "3", "pending", "--if-version", "99"],
    ];
    for args in stale {
        c.push(case("stale version", args, 4, &["not 99"]));
    }
    c.push(case(
        "stale version",
        &["edit", "1", "--priority", "urgent", "--if-version", "0"],
        4,
        &["not 0"],
    ));
    c.push(case(
        "undone run",
        &["undo", "--run", "1"],
        4,
        &["already undone"],
    ));
}

/// Bad names of statuses, priorities, types, channels, roles, kinds,
/// shells, formats, colours and sort keys, for every command taking them.
fn values(c: &mut Vec<Case>) {
    let statuses = [
        "done",
        "3",
        "",
        "OPEN!",
        "clsoed",
        "\x1b[31mopen",
        "1.0",
        "\u{202e}open",
        "-1",
        "open pending",
    ];
    let takers: [(&[&str], &str); 8] = [
        (&["list", "--status=X"], "--status"),
        (&["search", "x", "--status=X"], "--status"),
        (&["export", "--status=X"], "--status"),
        (&["reply", "1", "x", "--status=X"], "--status"),
        (&["status", "1", "X"], "status"),
        (
            &["sweep", "--status=X", "--idle", "1d", "--to", "closed"],
            "--status",
        ),
        (
            &["sweep", "--status", "solved", "--idle", "1d", "--to=X"],
            "--to",
        ),
        (&["list", "--query=status:X"], "query"),
    ];
    for v in statuses {
        for (t, what) in takers {
            if t[1].starts_with("--query") && v.contains(' ') {
                continue;
            }
            // `status 1 -1`: a parser's "unexpected argument '-1'".
            let what = if t[0] == "status" && v == "-1" {
                "'-1'"
            } else {
                what
            };
            c.push(filled("status", t, v, 2, naming(what, v)));
        }
    }
    let priorities = [
        "high",
        "",
        "4",
        "urgent!",
        "\u{202e}urgent",
        "\x1b[1murgent",
        "norm al",
        "-1",
    ];
    let takers: [(&[&str], &str); 6] = [
        (
            &["new", "--type", "sys", "--question", "q", "--priority=X"],
            "--priority",
        ),
        (&["edit", "1", "--priority=X"], "--priority"),
        (&["list", "--priority=X"], "--priority"),
        (&["search", "x", "--priority=X"], "--priority"),
        (&["export", "-p", "X"], "priority"),
        (&["list", "--query=priority:X"], "query"),
    ];
    for v in priorities {
        for (t, what) in takers {
            if (t[1].starts_with("--query") && v.contains(' ')) || (t[1] == "-p" && v == "-1") {
                continue;
            }
            c.push(filled("priority", t, v, 2, naming(what, v)));
        }
    }
    let types = [
        "nope",
        "SYS",
        "sys!",
        "\x1b[2Jsys",
        "Sys",
        "sys;nope",
        "\u{202e}sys",
    ];
    let takers: [&[&str]; 8] = [
        &["new", "--type=X", "--question", "q"],
        &["edit", "1", "--type=X"],
        &["list", "--type=X"],
        &["search", "x", "--type=X"],
        &["export", "--type=X"],
        &["fields", "attach", "company", "--type=X"],
        &["fields", "add", "newf", "--kind", "text", "--type=X"],
        &["list", "--query=type:X"],
    ];
    for v in types {
        for t in takers {
            c.push(filled("type", t, v, 2, naming("type", v)));
        }
    }
    c.push(case(
        "type",
        &["new", "--type=", "--question", "q"],
        2,
        &["type"],
    ));
    let simple: [(&[&str], &str, &[&str]); 8] = [
        (
            &["new", "--type", "sys", "--question", "q", "--channel=X"],
            "--channel",
            &["fax", "", "CLI!", "\x1b[2J", "e-mail", "-1"],
        ),
        (
            &["reply", "1", "x", "--role=X"],
            "--role",
            &["admin", "2", "", "-1", "\x1b[2J", "agent!", "\u{9b}"],
        ),
        (
            &["fields", "add", "newf", "--kind=X"],
            "--kind",
            &["bogus", "", "Text!", "int", "\x1b[2J", "enum,text"],
        ),
        (
            &["completions", "X"],
            "<SHELL>",
            &["cmd", "BASH!", "bash;rm", "\x1b[2J", "sh"],
        ),
        (
            &["--format=X", "list"],
            "--format",
            &["bogus", "", "yaml", "\x1b[2J", "TSV!", "table,json"],
        ),
        (
            &["--color=X", "list"],
            "--color",
            &["bogus", "", "yes", "\x1b[2J", "never!"],
        ),
        (
            &["list", "--sort=X"],
            "--sort",
            &[
                "bogus",
                "",
                "-",
                "--updated",
                "priority,id",
                "\x1b[2J",
                "-colour",
            ],
        ),
        (
            &["undo", "--run=X"],
            "--run",
            &["abc", "", "1.5", "99999999999999999999", "\x1b[2J"],
        ),
    ];
    for (t, what, bad) in simple {
        for v in bad {
            c.push(filled("value", t, v, 2, naming(what, v)));
        }
    }
    c.push(case("value", &["completions", ""], 2, &["<SHELL>"]));
    for (args, what) in [
        (&["list", "--page", "0"][..], "page"),
        (&["list", "--page-size", "0"], "page-size"),
        (&["list", "--page-size=-1"], "--page-size"),
        (&["list", "--limit", "abc"], "--limit"),
        (&["list", "--limit=-1"], "--limit"),
        (&["list", "--page", "x"], "--page"),
        (&["list", "--page", "1", "--limit", "2"], "--limit"),
        (&["list", "--fields", "bogus"], "'bogus'"),
        (&["list", "--fields", ""], "''"),
        (&["list", "--fields", "id,,status"], "''"),
        (&["list", "--fields", "fields.nosuch"], "nosuch"),
        (&["list", "--fields", "id,\x1b[2J"], "\\u{1b}[2J"),
        (&["search", "x", "--limit", "abc"], "--limit"),
        (&["search", ""], "search"),
        (&["search", "   "], "search"),
        (
            &[
                "sweep", "--status", "solved", "--idle", "1d", "--to", "closed", "--limit", "abc",
            ],
            "--limit",
        ),
        (&["edit", "1", "--support", "--no-support"], "--no-support"),
        (&["edit", "1"], "nothing to change"),
        (
            &["edit", "1", "--priority", "urgent", "--if-version", "abc"],
            "--if-version",
        ),
        (&["reply", "1", "x", "--if-version", "1.5"], "--if-version"),
        (
            &["status", "1", "pending", "--if-version", "x"],
            "--if-version",
        ),
    ] {
        c.push(case("value", args, 2, &[what]));
    }
}

/// Bad custom field values and names, for every command taking them.
fn fields(c: &mut Vec<Case>) {
    let sys = [
        ("due=2026-13-01", "field due"),
        ("due=tomorrow", "field due"),
        ("due=\x1b[2J", "field due"),
        ("tier=silver", "field tier"),
        ("tier=GOLD", "field tier"),
        ("site=not a url", "field site"),
        ("site=mailto:x@y.example", "field site"),
        ("vip=maybe", "field vip"),
        ("ratio=NaN", "field ratio"),
        ("ratio=inf", "field ratio"),
        ("ratio=abc", "field ratio"),
        ("ratio=1e999", "field ratio"),
        ("nosuch=1", "field nosuch"),
        ("=x", "'=x'"),
        ("noequals", "'noequals'"),
        ("Due=2026-01-01", "Due"),
    ];
    let takers: [&[&str]; 5] = [
        &["new", "--type", "sys", "--question", "q", "--field", "X"],
        &["edit", "1", "--field", "X"],
        &["list", "--field", "X"],
        &["search", "x", "--field", "X"],
        &["export", "--field", "X"],
    ];
    for (v, what) in sys {
        for t in takers {
            c.push(filled("field", t, v, 2, vec![what.to_string()]));
        }
        // Qualifier names are case-insensitive, so `field.Due:` is fine.
        if let Some((name, value)) = v.split_once('=')
            && !name.is_empty()
            && !value.contains(' ')
            && !name.contains(char::is_uppercase)
        {
            let q = format!("--query=field.{name}:{value}");
            c.push(case("field", &["list", &q], 2, &[name]));
        }
    }
    let module = [
        ("amount=ten", "field amount"),
        ("amount=1.5", "field amount"),
        ("amount=99999999999999999999", "field amount"),
        ("email=nope", "field email"),
        ("cellphone=12", "field cellphone"),
        ("cellphone=abc", "field cellphone"),
        ("company=a\x1bb", "field company"),
        ("address=\x07", "field address"),
        ("contact=a\nb", "field contact"),
        ("due=2026-01-01", "field due"),
    ];
    for (v, what) in module {
        let mut new = vec![
            "new",
            "--type",
            "module",
            "--question",
            "q",
            "--field",
            "module=M",
        ];
        if !v.starts_with("amount") {
            new.extend(["--field", "amount=1"]);
        }
        new.extend(["--field", v]);
        c.push(case("field", &new, 2, &[what]));
        c.push(case("field", &["edit", "3", "--field", v], 2, &[what]));
    }
    c.push(case(
        "field",
        &["edit", "3", "--field", "module="],
        2,
        &["field module"],
    ));
    c.push(case(
        "field",
        &["new", "--type", "module", "--question", "q"],
        2,
        &["missing field module, field amount"],
    ));
    c.push(case(
        "field",
        &["edit", "1", "--type", "module"],
        2,
        &["module"],
    ));
}

/// Bad times and durations.
fn times(c: &mut Vec<Case>) {
    let times = [
        "yesterday-ish",
        "2026-02-30",
        "7x",
        "2026-01-01T25:00:00Z",
        "\x1b[2J",
        "1d2",
        "d7",
        "",
        "tomorrow",
        "-7d",
        "2026-01-01 00:00",
    ];
    let takers: [(&[&str], &str); 8] = [
        (&["list", "--updated-before=X"], "updated-before"),
        (&["list", "--updated-after=X"], "updated-after"),
        (&["list", "--created-before=X"], "created-before"),
        (&["list", "--created-after=X"], "created-after"),
        (&["search", "x", "--updated-before=X"], "updated-before"),
        (&["export", "--created-after=X"], "created-after"),
        (
            &[
                "sweep", "--status", "solved", "--idle", "1d", "--to", "closed", "--now=X",
            ],
            "now",
        ),
        (&["list", "--query=updated<X"], "query"),
    ];
    for v in times {
        for (t, what) in takers {
            if t[1].starts_with("--query") && (v.is_empty() || v.contains(' ')) {
                continue;
            }
            c.push(filled("time", t, v, 2, naming(what, v)));
        }
    }
    // Fractions and spelled-out units are lengths too (`1.5d`, `7 d`).
    let spans = [
        "7x",
        "0d",
        "99999999999w",
        "",
        "-7d",
        "7",
        "d",
        "\x1b[2J",
        "0",
    ];
    for v in spans {
        let t: &[&str] = &["sweep", "--status", "solved", "--idle=X", "--to", "closed"];
        c.push(filled("duration", t, v, 2, naming("--idle", v)));
    }
    let urls = [
        "not a url",
        "ftp://x.example/y",
        "javascript:alert(1)",
        "",
        "http://",
        "file:///etc/passwd",
        "\x1b[2Jhttp://x",
        "//x.example/a.png",
        "x.example/a.png",
        "data:image/png;base64,AAAA",
    ];
    for v in urls {
        let t: &[&str] = &["reply", "1", "x", "--image=X"];
        c.push(filled("url", t, v, 2, naming("image", v)));
        let t: &[&str] = &[
            "reply",
            "1",
            "x",
            "--image",
            "https://x.example/a.png",
            "--image=X",
        ];
        c.push(filled("url", t, v, 2, naming("image", v)));
    }
}

/// Bad `--query` strings, for every command taking one.
fn queries(c: &mut Vec<Case>) {
    let queries = [
        ("status:bogus", "'bogus'"),
        ("foo:bar", "'foo:bar'"),
        ("\"unterminated", "unterminated"),
        ("status:open status:closed", "status:closed"),
        ("assignee:a assignee:b", "assignee:b"),
        ("\"\"", "empty phrase"),
        ("created:7d", "created:7d"),
        ("tag:", "'tag:'"),
        ("field.nosuch:1", "nosuch"),
        ("field.amount:ten", "'ten'"),
        ("updated<<7d", "'<7d'"),
        ("is:bogus", "is:bogus"),
        ("status:", "'status:'"),
        ("-foo", "-foo"),
        ("priority:high", "'high'"),
        ("type:nope", "'nope'"),
        ("field.Bad:1", "bad"),
        ("updated<", "updated<"),
        ("created>=2026-13-01", "2026-13-01"),
        ("tag:a,b", "tag"),
        ("requester:", "requester:"),
        ("field.due=2026-01-01", "field.due="),
        ("status:x\x1b[2J", "\\u{1b}[2J"),
        ("status:\u{202e}open", "\\u{202e}open"),
    ];
    for (q, needle) in queries {
        let arg = format!("--query={q}");
        for t in [&["list"][..], &["search", "x"], &["export"]] {
            let mut args = t.to_vec();
            args.push(&arg);
            c.push(case("query", &args, 2, &[needle]));
        }
    }
}

/// Control characters, emptiness and excess in names, labels and text.
fn names(c: &mut Vec<Case>) {
    let bad = [
        "a\x1bb",
        "a\nb",
        "\x07",
        "a\u{9b}b",
        "a\rb",
        "\x1b]0;owned\x07",
        "a\tb",
        "\u{7f}",
    ];
    let takers: [(&[&str], &str); 16] = [
        (
            &["new", "--type", "sys", "--question", "q", "--requester=X"],
            "requester",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--assignee=X"],
            "assignee",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--group=X"],
            "group",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--organization=X",
            ],
            "organization",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--tag=X"],
            "tag",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--idempotency-key=X",
            ],
            "idempotency key",
        ),
        (
            &["--as=X", "new", "--type", "sys", "--question", "q"],
            "user",
        ),
        (&["--as=X", "reply", "1", "x"], "user"),
        (&["edit", "1", "--assignee=X"], "assignee"),
        (&["edit", "1", "--group=X"], "group"),
        (&["edit", "1", "--organization=X"], "organization"),
        (&["edit", "1", "--tag=X"], "tag"),
        (&["types", "add", "newt", "--en=X"], "label"),
        (&["types", "add", "newt", "--zh=X"], "label"),
        (
            &[
                "sweep", "--status", "solved", "--idle", "1d", "--to", "closed", "--name=X",
            ],
            "sweep rule",
        ),
        (&["list", "--assignee=X"], "assignee"),
    ];
    for v in bad {
        for (t, what) in takers {
            c.push(filled(
                "control",
                t,
                v,
                2,
                vec![what.to_string(), "control characters".into()],
            ));
        }
    }
    for v in ["", "   "] {
        for (t, what) in &takers[..15] {
            // An empty assignee, group or organization clears it in edit.
            if t[0] == "edit" && !what.starts_with("tag") {
                continue;
            }
            // Empty labels default to the name.
            if *what == "label" {
                continue;
            }
            c.push(filled("empty", t, v, 2, vec![what.to_string()]));
        }
    }
    for v in ["two words", "a,b"] {
        c.push(case(
            "tag",
            &["new", "--type", "sys", "--question", "q", "--tag", v],
            2,
            &["tag"],
        ));
    }
    for v in ["two words", "a,b", "+", "-", "+a b", "-a,b"] {
        c.push(case("tag", &["edit", "1", "--tag", v], 2, &["tag"]));
    }
    for (v, what) in [
        ("", "subject"),
        ("   ", "subject"),
        ("a\nb", "subject"),
        ("a\rb", "subject"),
    ] {
        c.push(case(
            "subject",
            &["new", "--type", "sys", "--question", "q", "--subject", v],
            2,
            &[what],
        ));
        c.push(case("subject", &["edit", "1", "--subject", v], 2, &[what]));
    }
    for v in ["", "   ", "\n\n"] {
        c.push(case("text", &["reply", "1", v], 2, &["text"]));
        c.push(case(
            "text",
            &["new", "--type", "sys", "--question", v],
            2,
            &["question"],
        ));
        c.push(case(
            "text",
            &["status", "1", "pending", "--note", v],
            2,
            &["note"],
        ));
        c.push(case(
            "text",
            &[
                "sweep", "--status", "solved", "--idle", "1d", "--to", "closed", "--note", v,
            ],
            2,
            &["note"],
        ));
    }
    c.push(case("text", &["reply", "1", "-"], 2, &["text"]).stdin("empty", ""));
    c.push(case("text", &["reply", "1", "-"], 2, &["NUL"]).stdin("NUL", "a\0b"));
    c.push(
        case(
            "text",
            &["new", "--type", "sys", "--question", "-"],
            2,
            &["NUL"],
        )
        .stdin("NUL", "a\0b"),
    );
    c.push(case("text", &["reply", "1", "-"], 2, &["text"]).stdin("bad UTF-8", &b"a\xffb"[..]));
    c.push(
        case(
            "text",
            &["new", "--type", "sys", "--question", "-"],
            2,
            &["question"],
        )
        .stdin("bad UTF-8", &b"a\xffb"[..]),
    );
    let ident_bad = [
        "Bad",
        "1abc",
        "",
        "a-b",
        "a b",
        "\x1b[2J",
        "é",
        &"a".repeat(65),
    ];
    for v in ident_bad {
        c.push(filled(
            "ident",
            &["types", "add", "X"],
            v,
            2,
            vec!["type name".into()],
        ));
        c.push(filled(
            "ident",
            &["fields", "add", "X", "--kind", "text"],
            v,
            2,
            vec!["field name".into()],
        ));
    }
    c.push(case(
        "ident",
        &["types", "add", "sys"],
        2,
        &["already exists"],
    ));
    c.push(case(
        "ident",
        &["fields", "add", "company", "--kind", "text"],
        2,
        &["already exists"],
    ));
    c.push(case(
        "ident",
        &["fields", "add", "newf", "--kind", "enum"],
        2,
        &["option"],
    ));
    c.push(case(
        "ident",
        &["fields", "add", "newf", "--kind", "enum", "--option", " "],
        2,
        &["option"],
    ));
    c.push(case(
        "ident",
        &["fields", "add", "newf", "--kind", "text", "--option", "a"],
        2,
        &["option"],
    ));
    // Oversized values: 100 KB where one line of a name is expected, 2 MiB
    // where a message is.
    let big = "x".repeat(BIG);
    let takers: [(&[&str], &str); 20] = [
        (
            &["new", "--type", "sys", "--question", "q", "--requester=X"],
            "requester",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--assignee=X"],
            "assignee",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--group=X"],
            "group",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--organization=X",
            ],
            "organization",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--tag=X"],
            "tag",
        ),
        (
            &["new", "--type", "sys", "--question", "q", "--subject=X"],
            "subject",
        ),
        (
            &[
                "new",
                "--type",
                "sys",
                "--question",
                "q",
                "--idempotency-key=X",
            ],
            "idempotency key",
        ),
        (&["new", "--type=X", "--question", "q"], "type"),
        (
            &["--as=X", "new", "--type", "sys", "--question", "q"],
            "user",
        ),
        (&["edit", "1", "--assignee=X"], "assignee"),
        (&["edit", "1", "--group=X"], "group"),
        (&["edit", "1", "--organization=X"], "organization"),
        (&["edit", "1", "--subject=X"], "subject"),
        (&["edit", "1", "--tag=X"], "tag"),
        (&["types", "add", "X"], "type name"),
        (&["types", "add", "newt", "--en=X"], "label"),
        (&["fields", "add", "X", "--kind", "text"], "field name"),
        (
            &[
                "sweep", "--status", "solved", "--idle", "1d", "--to", "closed", "--name=X",
            ],
            "sweep rule",
        ),
        (&["list", "--tag=X"], "tag"),
        (&["show", "X"], "id"),
    ];
    for (t, what) in takers {
        c.push(filled("big", t, &big, 2, vec![what.to_string()]));
    }
    let huge = "y".repeat(2 << 20);
    c.push(
        case(
            "big",
            &["new", "--type", "sys", "--question", "-"],
            2,
            &["question", "longer than"],
        )
        .stdin("2 MiB", huge.clone()),
    );
    c.push(case("big", &["reply", "1", "-"], 2, &["text", "longer than"]).stdin("2 MiB", huge));
    // Field labels and enum options are shown in tables like type labels.
    for v in ["\x1b]0;owned\x07", "a\nb"] {
        c.push(filled(
            "label",
            &["fields", "add", "newf", "--kind", "text", "--label=X"],
            v,
            2,
            vec!["label".into()],
        ));
    }
    c.push(filled(
        "label",
        &["fields", "add", "newf", "--kind", "text", "--label=X"],
        &big,
        2,
        vec!["label".into()],
    ));
    c.push(filled(
        "label",
        &["fields", "add", "newf", "--kind", "enum", "--option=X"],
        "\x1b[2J",
        2,
        vec!["option".into()],
    ));
    c.push(filled(
        "label",
        &["fields", "add", "newf", "--kind", "enum", "--option=X"],
        &big,
        2,
        vec!["option".into()],
    ));
}

/// Unknown flags and subcommands, missing arguments.
fn usage(c: &mut Vec<Case>) {
    let commands: [&[&str]; 20] = [
        &["new"],
        &["list"],
        &["show", "1"],
        &["reply", "1", "x"],
        &["status", "1", "open"],
        &["edit", "1"],
        &["history", "1"],
        &["types"],
        &["types", "list"],
        &["types", "add", "newt"],
        &["fields"],
        &["fields", "list"],
        &["fields", "add", "newf", "--kind", "text"],
        &["fields", "attach", "company", "--type", "sys"],
        &["search", "x"],
        &["sweep"],
        &["undo", "--run", "1"],
        &["export"],
        &["import", "-"],
        &["completions", "bash"],
    ];
    for t in commands {
        for flag in ["--bogus", "-Z", "--colour=never"] {
            let mut args = t.to_vec();
            args.push(flag);
            let shown = flag.split('=').next().unwrap();
            c.push(case("unknown flag", &args, 2, &[&format!("'{shown}'")]));
        }
    }
    for (args, what) in [
        (&["bogus"][..], "'bogus'"),
        (&["--bogus", "list"], "'--bogus'"),
        (&["types", "bogus"], "'bogus'"),
        (&["fields", "bogus"], "'bogus'"),
        (&["lsit"], "'lsit'"),
        (&["\x1b[2J"], "\\u{1b}[2J"),
    ] {
        c.push(case("unknown command", args, 2, &[what]));
    }
    for (args, what) in [
        (&["show"][..], "<ID>"),
        (&["reply"], "<ID>"),
        (&["status"], "<ID"),
        (&["status", "1"], "<ID"),
        (&["edit"], "<ID>"),
        (&["history"], "<ID>"),
        (&["types", "add"], "<NAME>"),
        (&["fields", "add", "newf"], "--kind"),
        (&["fields", "add"], "<NAME>"),
        (&["fields", "attach", "company"], "--type"),
        (&["fields", "attach"], "<NAME>"),
        (&["search"], "<TEXT>"),
        (&["undo"], "--run"),
        (&["import"], "<FILE>"),
        (&["completions"], "<SHELL>"),
        (&["new"], "missing type, question"),
        (&["new", "--type", "sys"], "missing question"),
        (&["new", "--question", "q"], "missing type"),
        (&["reply", "1"], "missing text"),
        (&["sweep", "--status", "solved"], "--idle"),
        (&["sweep", "--idle", "1d"], "--status"),
        (&["sweep", "--to", "closed"], "--status"),
        (&["sweep"], "no rule"),
        (&["list", "--status"], "--status"),
        (&["new", "--type"], "--type"),
        (&["list", "--db"], "--db"),
        (&["list", "--format"], "--format"),
        (&["list", "-Q"], "--query"),
        (&["reply", "1", "x", "--image"], "--image"),
        (&["list", "--sort"], "--sort"),
        (&["list", "--fields"], "--fields"),
        (&["status", "1", "open", "--note"], "--note"),
    ] {
        c.push(case("missing", args, 2, &[what]));
    }
}

/// Global flags, the environment and the config file.
fn global(c: &mut Vec<Case>, env: &TestEnv) {
    let dir = env.dir.path().to_str().unwrap().to_string();
    let text = env.dir.path().join("not-a-store.db");
    let text = text.to_str().unwrap().to_string();
    let new: &[&str] = &["new", "--type", "sys", "--question", "q"];
    for db in [
        ":memory:",
        "file:x",
        "file:x?mode=memory",
        "file::memory:",
        "file:///tmp/x.db",
    ] {
        for cmd in [&["list"][..], new, &["show", "1"], &["export"]] {
            let args = [&["--db", db][..], cmd].concat();
            c.push(case("db", &args, 2, &["db", &quoted(db)]));
        }
        c.push(case("db", &["list"], 2, &["db", &quoted(db)]).env("TICKET_DB", db));
    }
    c.push(case("db", &["--db", "", "list"], 2, &["--db"]));
    for cmd in [&["list"][..], new, &["types"]] {
        c.push(case(
            "db",
            &[&["--db", "DIR"][..], cmd].concat(),
            1,
            &["not a ticket store"],
        ));
        c.push(case(
            "db",
            &[&["--db", "TEXT"][..], cmd].concat(),
            1,
            &["not a ticket store"],
        ));
    }
    for case in c
        .iter_mut()
        .filter(|c| c.args.iter().any(|a| a == "DIR" || a == "TEXT"))
    {
        for a in case.args.iter_mut() {
            if a == "DIR" {
                *a = dir.clone();
            } else if a == "TEXT" {
                *a = text.clone();
            }
        }
    }
    c.push(case(
        "db",
        &[
            "--db",
            "/nonexistent-dir/x.db",
            "new",
            "--type",
            "sys",
            "--question",
            "q",
        ],
        1,
        &["/nonexistent-dir/x.db"],
    ));
    for v in [
        "now",
        "2026-13-01",
        "1700000000",
        "2026-01-01",
        "\x1b[2J",
        "2026-01-01T00:00:00",
        "yesterday",
    ] {
        for cmd in [
            &["list"][..],
            new,
            &["status", "1", "pending"],
            &["show", "1"],
        ] {
            c.push(case("TICKET_NOW", cmd, 2, &["TICKET_NOW", &quoted(v)]).env("TICKET_NOW", v));
        }
    }
    for v in [
        "abc",
        "-1",
        "1.5",
        "99999999999999999999999",
        "\x1b[2J",
        "10s",
    ] {
        for cmd in [&["list"][..], new] {
            c.push(
                case(
                    "TICKET_BUSY_TIMEOUT",
                    cmd,
                    2,
                    &["TICKET_BUSY_TIMEOUT", &quoted(v)],
                )
                .env("TICKET_BUSY_TIMEOUT", v),
            );
        }
    }
    c.push(case(
        "user",
        &["--as", "", "new", "--type", "sys", "--question", "q"],
        2,
        &["user"],
    ));
    c.push(case(
        "user",
        &["--as", "  ", "reply", "1", "x"],
        2,
        &["user"],
    ));
    let configs: [(&str, &[u8], &str); 14] = [
        ("page_size = 0", b"page_size = 0\n", "page_size"),
        ("page_size = -1", b"page_size = -1\n", "page_size"),
        ("page_size = \"x\"", b"page_size = \"x\"\n", "page_size"),
        ("page_size = 1.5", b"page_size = 1.5\n", "page_size"),
        ("db = \"\"", b"db = \"\"\n", "db"),
        ("db = \":memory:\"", b"db = \":memory:\"\n", "':memory:'"),
        ("user = \"\"", b"user = \"\"\n", "user"),
        ("user = 5", b"user = 5\n", "user"),
        ("bogus = 1", b"bogus = 1\n", "bogus"),
        ("not toml", b"this is not toml\n", "config file"),
        ("unclosed table", b"[sweep\n", "config file"),
        ("bad UTF-8", b"user = \"\xff\"\n", "config file"),
        (
            "[[sweep]] without name",
            b"[[sweep]]\nstatus = [\"solved\"]\n",
            "name",
        ),
        ("\u{1b} in a key", b"\x1b[2J = 1\n", "config file"),
    ];
    for (label, text, what) in configs {
        for cmd in [&["list"][..], new] {
            // TICKET_DB would override the config's db.
            c.push(
                case("config", cmd, 2, &[what])
                    .config(label, Config::File(text.to_vec()))
                    .unset("TICKET_DB"),
            );
        }
    }
    c.push(case("config", &["list"], 1, &["config.toml"]).config("a directory", Config::Dir));
    c.push(
        case("config", new, 2, &["user", "control characters"])
            .config(
                "user with ESC",
                Config::File(b"user = \"a\\u001b[2Jb\"\n".to_vec()),
            )
            .unset("TICKET_USER"),
    );
    let rule = |body: &str| format!("[[sweep]]\nname = \"r\"\n{body}\n").into_bytes();
    let rules: [(&str, Vec<u8>, &str); 8] = [
        ("[[sweep]] status bogus", rule("status = [\"bogus\"]\nidle = \"1d\"\nto = \"closed\""), "'bogus'"),
        ("[[sweep]] no status", rule("status = []\nidle = \"1d\"\nto = \"closed\""), "status"),
        ("[[sweep]] idle 7x", rule("status = [\"solved\"]\nidle = \"7x\"\nto = \"closed\""), "'7x'"),
        ("[[sweep]] idle 0d", rule("status = [\"solved\"]\nidle = \"0d\"\nto = \"closed\""), "idle"),
        ("[[sweep]] idle = 7", rule("status = [\"solved\"]\nidle = 7\nto = \"closed\""), "idle"),
        ("[[sweep]] to nope", rule("status = [\"solved\"]\nidle = \"1d\"\nto = \"nope\""), "'nope'"),
        ("[[sweep]] to missing", rule("status = [\"solved\"]\nidle = \"1d\""), "to"),
        (
            "[[sweep]] name with ESC",
            b"[[sweep]]\nname = \"a\\u001b\"\nstatus = [\"solved\"]\nidle = \"1d\"\nto = \"closed\"\n".to_vec(),
            "control characters",
        ),
    ];
    for (label, text, what) in rules {
        c.push(case("config", &["sweep"], 2, &[what]).config(label, Config::File(text)));
    }
}

/// Bad import input: files, bytes, JSON and records.
fn import(c: &mut Vec<Case>, env: &TestEnv) {
    let dir = env.dir.path().to_str().unwrap().to_string();
    c.push(case(
        "import",
        &["import", "/nonexistent-dir/in.jsonl"],
        1,
        &["/nonexistent-dir/in.jsonl"],
    ));
    let mut d = case("import", &["import", &dir], 1, &[&dir]);
    d.name = "import: ticket import DIR".into();
    c.push(d);
    let seed = |extra: &str| {
        format!(
            "{{\"id\": 50, \"committer\": \"3\", \"question\": \"q\", \"type\": \"sys\", \"status\": 2, \"created_at\": \"2018-01-25T14:54:51\"{extra}}}\n"
        )
    };
    let export = |id: &str, events: &str| {
        format!(
            "{{\"ticket\":{{\"id\":{id},\"type\":\"sys\",\"subject\":\"s\",\"question\":\"q\",\"status\":\"new\",\"priority\":\"normal\",\"support\":false,\"committer\":\"amy\",\"requester\":\"amy\",\"assignee\":null,\"group\":null,\"organization\":null,\"channel\":\"cli\",\"tags\":[],\"fields\":{{}},\"version\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"replies\":[],\"events\":[{events}]}}}}\n"
        )
    };
    let event = |ticket: &str, id: &str| {
        format!(
            "{{\"id\":{id},\"ticket_id\":{ticket},\"at\":\"2026-01-01T00:00:00Z\",\"actor\":\"amy\",\"kind\":\"created\",\"field\":null,\"old\":null,\"new\":\"new\"}}"
        )
    };
    let reply = |extra: &str| {
        format!(
            "{{\"committer\": \"hhq\", \"workorder_id\": 1, \"role\": 1, \"detail\": {{\"text\": \"x\", \"image\": []}}, \"created_at\": \"2018-01-25T17:05:55\"{extra}}}\n"
        )
    };
    let deep = format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let inputs: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "nothing to import"),
        ("blank lines", b"  \n\n\t\n".to_vec(), "nothing to import"),
        ("garbage", b"garbage\n".to_vec(), "line 1"),
        ("[]", b"[]\n".to_vec(), "nothing to import"),
        ("{}", b"{}\n".to_vec(), "line 1"),
        ("null", b"null\n".to_vec(), "line 1"),
        ("42", b"42\n".to_vec(), "line 1"),
        ("string", b"\"x\"\n".to_vec(), "line 1"),
        ("[1]", b"[1]\n".to_vec(), "record 1"),
        ("[{}, 1", b"[{}, 1\n".to_vec(), "record 1"),
        ("empty ticket", b"{\"ticket\": {}}\n".to_vec(), "id"),
        ("bad UTF-8", b"\xff\xfe\n".to_vec(), "UTF-8"),
        ("bad UTF-8 in a document", b"{\n\"id\": \"\xff\"\n}\n".to_vec(), "UTF-8"),
        ("BOM then garbage", b"\xef\xbb\xbfgarbage\n".to_vec(), "line 1"),
        ("truncated", seed("").as_bytes()[..40].to_vec(), "line 1"),
        ("deep nesting", deep.into_bytes(), "line 1"),
        ("seed id 0", seed("").replace("\"id\": 50", "\"id\": 0").into_bytes(), "'0'"),
        ("seed id -5", seed("").replace("\"id\": 50", "\"id\": -5").into_bytes(), "'-5'"),
        ("seed id taken", seed("").replace("\"id\": 50", "\"id\": 1").into_bytes(), "already exists"),
        ("seed id too big", seed("").replace("\"id\": 50", "\"id\": 9223372036854775808").into_bytes(), "id"),
        ("seed type nope", seed("").replace("\"sys\"", "\"nope\"").into_bytes(), "'nope'"),
        ("seed empty question", seed("").replace("\"q\"", "\"\"").into_bytes(), "question"),
        ("seed status 9", seed("").replace("\"status\": 2", "\"status\": 9").into_bytes(), "status"),
        ("seed created yesterday", seed("").replace("2018-01-25T14:54:51", "yesterday").into_bytes(), "created_at"),
        ("seed committer ESC", seed("").replace("\"3\"", "\"a\\u001bb\"").into_bytes(), "committer"),
        ("seed 2 MiB question", seed("").replace("\"q\"", &format!("\"{}\"", "q".repeat(2 << 20))).into_bytes(), "question"),
        ("seed amount ten", seed(", \"module\": \"M\", \"amount\": \"ten\"").replace("\"sys\"", "\"module\"").into_bytes(), "amount"),
        ("valid then bad", format!("{}{}", seed(""), seed("").replace("\"id\": 50", "\"id\": 51").replace("\"sys\"", "\"nope\"")).into_bytes(), "line 2"),
        ("reply to 424242", reply("").replace("\"workorder_id\": 1", "\"workorder_id\": 424242").into_bytes(), "424242"),
        ("reply role 7", reply("").replace("\"role\": 1", "\"role\": 7").into_bytes(), "role"),
        ("reply image ftp", reply("").replace("[]", "[\"ftp://x.example/a\"]").into_bytes(), "image"),
        ("reply empty text", reply("").replace("\"x\"", "\"  \"").into_bytes(), "text"),
        ("seed 2 without type", b"{\"id\": \"60\", \"description\": \"d\", \"requestorId\": \"li\"}\n".to_vec(), "--type"),
        ("export ticket id 0", export("0", "").into_bytes(), "id"),
        ("export ticket id -3", export("-3", "").into_bytes(), "id"),
        ("export version 0", export("70", "").replace("\"version\":1", "\"version\":0").into_bytes(), "version"),
        ("export updated before created", export("71", "").replace("\"created_at\":\"2026", "\"created_at\":\"2027").into_bytes(), "updated_at"),
        ("event of another ticket", export("72", &event("1", "9000")).into_bytes(), "event"),
        ("event id taken", export("73", &event("73", "1")).into_bytes(), "event"),
        ("event kind bogus", export("74", &event("74", "9001")).replace("\"created\"", "\"bogus\"").into_bytes(), "kind"),
        ("unknown key", export("75", "").replace("\"support\"", "\"bogus\":1,\"support\"").into_bytes(), "bogus"),
        ("field_def Bad", b"{\"field_def\":{\"name\":\"Bad\",\"kind\":\"text\",\"label\":\"x\",\"options\":[]}}\n".to_vec(), "Bad"),
        ("ticket_type Bad", b"{\"ticket_type\":{\"name\":\"Bad\",\"label_zh\":\"x\",\"label_en\":\"x\",\"fields\":[]}}\n".to_vec(), "Bad"),
        ("ticket_type other labels", b"{\"ticket_type\":{\"name\":\"sys\",\"label_zh\":\"x\",\"label_en\":\"x\",\"fields\":[]}}\n".to_vec(), "sys"),
    ];
    for (label, input, what) in inputs {
        c.push(case("import", &["import", "-"], 2, &[what]).stdin(label, input));
    }
    let untyped = b"{\"id\": \"61\", \"description\": \"d\", \"requestorId\": \"li\"}\n".to_vec();
    c.push(
        case("import", &["import", "-", "--type", "nope"], 2, &["'nope'"])
            .stdin("seed 2 without type", untyped),
    );
    c.push(
        case("import", &["--dry-run", "import", "-"], 2, &["line 1"]).stdin("garbage", "garbage\n"),
    );
    c.push(
        case(
            "import",
            &["import", "-", "--skip-existing"],
            2,
            &["line 1"],
        )
        .stdin("garbage", "garbage\n"),
    );
}

/// The files of the test directory (but the config file), with the
/// length of each that is not part of the store.
fn listing(dir: &Path) -> Vec<(String, Option<u64>)> {
    let mut files: Vec<(String, Option<u64>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let len = (!name.starts_with("ticket.db")).then(|| e.metadata().unwrap().len());
            (name, len)
        })
        .filter(|(name, _)| name != "config.toml")
        .collect();
    files.sort();
    files
}

/// Runs one case, plain or with `--json`, and says what went wrong.
fn run(env: &TestEnv, c: &Case, json: bool) -> Result<(), String> {
    let config = env.dir.path().join("config.toml");
    match &c.config {
        Config::None => {}
        Config::File(text) => std::fs::write(&config, text).unwrap(),
        Config::Dir => std::fs::create_dir(&config).unwrap(),
    }
    let (store, files) = (env.snapshot(), listing(env.dir.path()));
    let mut cmd = env.cmd();
    cmd.current_dir(env.dir.path())
        .timeout(Duration::from_secs(30))
        .write_stdin(c.stdin.clone());
    if json {
        cmd.arg("--json");
    }
    cmd.args(&c.args);
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    for k in &c.unset {
        cmd.env_remove(k);
    }
    let out = cmd.output();
    match &c.config {
        Config::None => {}
        Config::File(_) => std::fs::remove_file(&config).unwrap(),
        Config::Dir => std::fs::remove_dir(&config).unwrap(),
    }
    let out = out.map_err(|e| format!("cannot run: {e}"))?;
    let mut problems = check(c, json, &out);
    if env.snapshot() != store {
        problems.push("the store changed".into());
    }
    let after = listing(env.dir.path());
    if after != files {
        problems.push(format!("the directory changed: {files:?} -> {after:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}; stderr {:?}",
            problems.join("; "),
            cut(&String::from_utf8_lossy(&out.stderr), 400)
        ))
    }
}

/// What is wrong with one run's output.
fn check(c: &Case, json: bool, out: &Output) -> Vec<String> {
    let mut problems = Vec::new();
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(code) if code == c.code => {}
        Some(code) => problems.push(format!("exit {code}, not {}", c.code)),
        None => problems.push(format!("killed: {:?}", out.status)),
    }
    if stderr.contains("panicked") {
        problems.push("panicked".into());
    }
    if !out.stdout.is_empty() {
        problems.push(format!(
            "stdout not empty: {:?}",
            cut(&String::from_utf8_lossy(&out.stdout), 200)
        ));
    }
    if out.stderr.len() >= 1_500 {
        problems.push(format!("stderr is {} bytes", out.stderr.len()));
    }
    if out.stderr.contains(&0x1b) {
        problems.push("raw ESC on stderr".into());
    }
    if stderr
        .chars()
        .any(|c| ('\u{80}'..='\u{9f}').contains(&c) || is_bidi(c))
    {
        problems.push("a raw C1 or bidi control on stderr".into());
    }
    let lines: Vec<&str> = stderr.lines().collect();
    let message = if json {
        if lines.len() != 1 {
            problems.push(format!("{} stderr lines, not one JSON object", lines.len()));
        }
        match serde_json::from_str::<serde_json::Value>(lines.first().unwrap_or(&"")) {
            Ok(v) => {
                if v["error"]["code"].as_str().is_none_or(str::is_empty) {
                    problems.push("no error.code".into());
                }
                v["error"]["message"].as_str().unwrap_or("").to_string()
            }
            Err(e) => {
                problems.push(format!("stderr is not JSON: {e}"));
                String::new()
            }
        }
    } else {
        let first = lines.first().copied().unwrap_or("");
        if !first.starts_with("error: ") {
            problems.push("the first line is not 'error: …'".into());
        }
        if lines.len() > 2 || lines.get(1).is_some_and(|l| !l.starts_with("hint: ")) {
            problems.push("more than an error line and a hint".into());
        }
        first.to_string()
    };
    for n in &c.needles {
        if !message.contains(n.as_str()) {
            problems.push(format!("the error does not say {n:?}"));
        }
    }
    problems
}

#[test]
fn malformed_input_is_refused_whole() {
    let env = fixture();
    let cases = corpus(&env);
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name.as_str()), "two cases named {}", c.name);
    }
    let pristine = Pristine::keep(&env);
    let mut tally = Tally::new("malformed input");
    for c in &cases {
        for json in [false, true] {
            let name = if json {
                format!("{} [--json]", c.name)
            } else {
                c.name.clone()
            };
            let result = run(&env, c, json);
            // A bad case that wrote to the store must not spoil the next.
            pristine.restore(&env);
            // Every failure, for the captured output of a failed run.
            if let Err(e) = &result {
                println!("  failed: {name}: {e}");
            }
            tally.case(name, result);
        }
    }
    println!(
        "malformed input: {} cases, run plain and with --json",
        cases.len()
    );
    tally.finish();
}
