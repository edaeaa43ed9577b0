//! A bounded fuzz of what scripts feed `ticket`: import lines and `--query`
//! strings.
//!
//! Proptest generates the inputs with a fixed seed (the same cases on every
//! run, no persisted failures); every case runs the real binary with a
//! timeout and is counted: no panic, no hang, no death by signal, an exit
//! code of the contract (0–4), an error that is one or two short lines
//! without raw escapes, and, whenever the command failed, the store exactly
//! as it was (`list` never changes it at all). A failing case is recorded
//! and the run goes on, so nothing shrinks; that proptest ran every case of
//! a strategy is one more case. Import inputs are arbitrary
//! bytes, arbitrary JSON, and valid export and seed records mutated
//! (fields dropped, duplicated or retyped, huge numbers, deep nesting,
//! invalid UTF-8, truncation); queries are arbitrary strings and strings
//! built from the query grammar's qualifiers.

use std::cell::RefCell;
use std::process::Output;
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

use super::{Rng, Tally, scale};
use crate::common::{Kept, Snapshot, TestEnv};

/// Cases per strategy: bounded in CI, many more in the long battery.
fn cases() -> u32 {
    scale(150, 2_000) as u32
}

/// A runner whose cases depend only on `seed`.
fn runner(seed: u8) -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 0,
        ..Config::default()
    };
    TestRunner::new_with_rng(
        config,
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

/// Runs `ticket ARGS` with `stdin`, under a timeout.
fn run(env: &TestEnv, args: &[&str], stdin: &[u8]) -> std::io::Result<Output> {
    env.cmd()
        .args(args)
        .write_stdin(stdin.to_vec())
        .timeout(Duration::from_secs(10))
        .output()
}

/// What is wrong with a run, whatever its input; `json` when the error
/// is JSON (`--format json`).
fn problems(out: &Output, store_kept: bool, read_only: bool, json: bool) -> Vec<String> {
    let mut p = Vec::new();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    match code {
        None => p.push(format!("killed (a hang, or a signal): {:?}", out.status)),
        Some(101) => p.push("exit 101 (a panic)".into()),
        Some(c) if !(0..=4).contains(&c) => p.push(format!("exit {c}, not 0-4")),
        _ => {}
    }
    if stderr.contains("panicked") {
        p.push("panicked".into());
    }
    if code.is_some_and(|c| c != 0) {
        if !store_kept {
            p.push("failed, and the store changed".into());
        }
        if !out.stdout.is_empty() {
            p.push("failed, and printed to stdout".into());
        }
        let lines: Vec<&str> = stderr.lines().collect();
        let first = lines.first().copied().unwrap_or("");
        let one_error = if json {
            lines.len() == 1
                && serde_json::from_str::<Value>(first)
                    .is_ok_and(|v| v["error"]["message"].is_string())
        } else {
            first.starts_with("error: ")
                && lines.get(1).is_none_or(|l| l.starts_with("hint: "))
                && lines.len() <= 2
        };
        if !one_error {
            p.push(format!("the error is not one line and a hint: {stderr:?}"));
        }
        if out.stderr.len() >= 1_500 || out.stderr.contains(&0x1b) {
            p.push("the error is long or holds a raw ESC".into());
        }
    }
    if read_only && !store_kept {
        p.push("a read changed the store".into());
    }
    p
}

/// The cases of one test: the tally, and how each kind of input exited
/// (so a run shows how deep the inputs got: imported, refused, …).
struct Fuzz {
    tally: Tally,
    exits: std::collections::BTreeMap<(String, Option<i32>), usize>,
}

impl Fuzz {
    fn new(area: &'static str) -> RefCell<Self> {
        RefCell::new(Fuzz {
            tally: Tally::new(area),
            exits: Default::default(),
        })
    }

    /// Records one case (printing a failure whole).
    fn record(
        &mut self,
        what: &str,
        input: &[u8],
        result: std::io::Result<(Option<i32>, Vec<String>)>,
    ) {
        let (code, problems) = result.unwrap_or_else(|e| (None, vec![format!("cannot run: {e}")]));
        *self.exits.entry((what.to_string(), code)).or_default() += 1;
        let outcome = if problems.is_empty() {
            Ok(())
        } else {
            let shown = cut(&format!("{:?}", String::from_utf8_lossy(input)), 300);
            let e = format!("{}; input {shown}", problems.join("; "));
            println!("  failed: {what}: {e}");
            Err(e)
        };
        self.tally.case(what, outcome);
    }

    /// Records that proptest ran every case of a strategy: one that stops
    /// early (too many rejected inputs) is a failure, counted, not a panic
    /// that would lose the tally.
    fn ran<E: std::fmt::Display>(&mut self, what: &str, run: Result<(), E>) {
        let why = || {
            format!(
                "{what}: proptest stopped early: {}",
                run.as_ref().err().unwrap()
            )
        };
        self.tally.check(run.is_ok(), why);
    }

    /// Prints the exits of each kind of input, then the tally's line.
    fn finish(self) {
        for ((what, code), n) in &self.exits {
            println!("  fuzz: {what}: exit {code:?} × {n}");
        }
        self.tally.finish();
    }
}

/// A store as it was, put back after a run that changed it.
pub(super) struct Pristine {
    kept: Kept,
    snapshot: Snapshot,
}

impl Pristine {
    /// Keeps the store as it is now.
    pub(super) fn keep(env: &TestEnv) -> Self {
        Pristine {
            snapshot: env.snapshot(),
            kept: env.keep(),
        }
    }

    /// Puts the kept store back, if it changed.
    pub(super) fn restore(&self, env: &TestEnv) {
        if env.snapshot() != self.snapshot {
            env.restore(&self.kept);
        }
    }
}

/// `s` cut to `n` characters.
pub(super) fn cut(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

// ---- import lines ----

/// Keys the import formats use, so arbitrary JSON reaches past the first
/// check.
const KEYS: &[&str] = &[
    "ticket",
    "field_def",
    "ticket_type",
    "run",
    "idempotency_key",
    "id",
    "type",
    "subject",
    "question",
    "status",
    "priority",
    "support",
    "committer",
    "requester",
    "assignee",
    "group",
    "organization",
    "channel",
    "tags",
    "fields",
    "version",
    "created_at",
    "updated_at",
    "replies",
    "events",
    "workorder_id",
    "role",
    "detail",
    "text",
    "image",
    "internal",
    "meta",
    "data",
    "results",
    "code",
    "typeId",
    "description",
    "requestorId",
    "submitterId",
    "tagsId",
    "createdAt",
    "updatedAt",
    "module",
    "amount",
    "company",
    "cellphone",
    "email",
    "name",
    "kind",
    "label",
    "options",
    "label_zh",
    "label_en",
    "required",
    "ticket_id",
    "at",
    "actor",
    "field",
    "old",
    "new",
    "key",
    "rule",
];

/// Values that mean something somewhere in a record.
const WORDS: &[&str] = &[
    "sys",
    "module",
    "nope",
    "open",
    "new",
    "closed",
    "OPEN",
    "Holding",
    "2",
    "0",
    "urgent",
    "cli",
    "import",
    "amy",
    "",
    " ",
    "2018-01-25T14:54:51",
    "2026-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "yesterday",
    "created",
    "field",
    "reply",
    "text",
    "enum",
    "https://x.example/a.png",
    "13800138000",
    "a@b.example",
    "\u{1b}[2J",
    "\u{202e}",
];

/// A JSON value, biased towards the keys and values of records.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-5i64..2000).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| {
            serde_json::Number::from_f64(f).map(Value::Number)
        }),
        any::<String>().prop_map(Value::String),
        prop::sample::select(WORDS).prop_map(|w| Value::String(w.into())),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop_oneof![
            4 => prop::sample::select(KEYS).prop_map(String::from),
            1 => any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..10)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One to three lines of JSON, mostly objects, some wrapped as a record.
fn json_lines() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        2 => json_value(),
        2 => (prop::sample::select(&KEYS[..5]), json_value())
            .prop_map(|(kind, v)| {
                let mut record = serde_json::Map::new();
                record.insert(kind.to_string(), v);
                Value::Object(record)
            }),
    ];
    prop::collection::vec(line, 1..4).prop_map(|lines| {
        let lines: Vec<String> = lines.iter().map(Value::to_string).collect();
        (lines.join("\n") + "\n").into_bytes()
    })
}

/// Arbitrary bytes, and bytes from JSON's alphabet.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"{}[]\":,0123456789.-+eE \n\t\rtrufalsn\\u/\x00\xff\xc3\xbf".to_vec();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        prop::collection::vec(prop::sample::select(alphabet), 0..256),
    ]
}

/// The records the mutations start from: an export of `env`'s store and
/// the seed formats.
fn base_records(env: &TestEnv) -> Vec<Value> {
    let mut records: Vec<Value> = env
        .ok(&["export"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seeds = [
        r#"{"id": 20, "committer": 3, "question": "test", "type": "sys", "status": 2, "support": true, "updated_at": "2018-01-25T14:54:51.542049", "created_at": "2018-01-25T14:54:51.541976"}"#,
        r#"{"meta": {"message": "ok", "code": 0}, "data": {"count": 1, "page_size": 15, "next": null, "previous": null, "results": [{"id": 21, "committer": 3, "question": "q", "type": "sys", "status": "0", "created_at": "2018-01-25T14:34:00.801412"}]}}"#,
        r#"{"committer": "hhq", "workorder_id": 1, "role": 1, "detail": {"text": "好啊", "image": []}, "created_at": "2018-01-25T17:05:55.871666"}"#,
        r#"{"id": 22, "committer": "3", "question": "buy", "type": "module", "status": 2, "created_at": "2018-01-25T14:34:00", "module": "M2", "amount": "4", "company": "Initech", "cellphone": "13800138000"}"#,
        r#"{"meta": {"message": "ok", "code": 0}, "data": {"id": 3, "type": "module", "status": 2, "question": "modules", "module": "M9", "amount": 2}}"#,
        r#"{"id": "23", "typeId": "tech", "subject": "s", "description": "d", "status": "Holding", "requestorId": "li", "tagsId": ["vip"], "createdAt": "2018-01-26T10:59:52Z"}"#,
    ];
    records.extend(
        seeds
            .iter()
            .map(|s| serde_json::from_str::<Value>(s).unwrap()),
    );
    records
}

/// Values a mutation may put anywhere.
fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(0),
        4 => json!(i64::MAX),
        5 => json!(""),
        6 => json!("\u{1b}]0;x\u{7}"),
        7 => json!([]),
        8 => json!({}),
        9 => json!("x".repeat(300)),
        10 => json!(1.5),
        _ => json!(WORDS[rng.below(WORDS.len() as u64) as usize]),
    }
}

/// A path to a value inside `v`, chosen at random (empty for `v` itself).
fn pick_path(v: &Value, rng: &mut Rng) -> Vec<Value> {
    let mut path = Vec::new();
    let mut at = v;
    while rng.below(3) != 0 {
        let next = match at {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(rng.below(m.len() as u64) as usize).unwrap();
                path.push(Value::String(k.clone()));
                &m[k]
            }
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len() as u64) as usize;
                path.push(Value::from(i));
                &a[i]
            }
            _ => break,
        };
        at = next;
    }
    path
}

fn at_path<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        _ => &mut v[step.as_u64().unwrap() as usize],
    })
}

/// Placeholders replaced in the text, for what a `Value` cannot hold.
const HUGE: &str = "@@huge number@@";
const DEEP: &str = "@@deep nesting@@";

/// One record mutated `seed`'s way: one to three changes to its value,
/// then maybe one to its text or bytes.
fn mutate(base: &Value, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut v = base.clone();
    for _ in 0..1 + rng.below(3) {
        let path = pick_path(&v, &mut rng);
        let target = at_path(&mut v, &path);
        match rng.below(9) {
            // Drop a field.
            0 => {
                if let Value::Object(m) = target
                    && !m.is_empty()
                {
                    let k = m
                        .keys()
                        .nth(rng.below(m.len() as u64) as usize)
                        .unwrap()
                        .clone();
                    m.remove(&k);
                }
            }
            // Retype a value.
            1 | 2 => *target = odd_value(&mut rng),
            // A fresh id, so the record may well import.
            3 => {
                if let Value::Object(m) = target
                    && m.contains_key("id")
                {
                    m.insert("id".into(), json!(1_000 + rng.below(1_000_000)));
                }
            }
            // An id that is no id.
            4 => {
                if let Value::Object(m) = target {
                    let ids = [json!(0), json!(-7), json!(i64::MAX), json!("9"), json!(3)];
                    m.insert("id".into(), ids[rng.below(5) as usize].clone());
                }
            }
            // A number too big for any integer type.
            5 => *target = Value::String(HUGE.into()),
            // Deep nesting.
            6 => *target = Value::String(DEEP.into()),
            // Add a key the record does not have.
            7 => {
                if let Value::Object(m) = target {
                    let k = KEYS[rng.below(KEYS.len() as u64) as usize];
                    m.insert(k.into(), odd_value(&mut rng));
                }
            }
            // Duplicate an array element (a reply, an event, a tag).
            _ => {
                if let Value::Array(a) = target
                    && !a.is_empty()
                {
                    let i = rng.below(a.len() as u64) as usize;
                    a.push(a[i].clone());
                }
            }
        }
    }
    let huge = [
        "1e400",
        "18446744073709551616",
        "-9223372036854775809",
        "123456789012345678901234567890",
    ];
    let depth = [64, 127, 200, 10_000][rng.below(4) as usize];
    let mut text = v
        .to_string()
        .replace(&format!("\"{HUGE}\""), huge[rng.below(4) as usize])
        .replace(
            &format!("\"{DEEP}\""),
            &format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        );
    // A key given twice: the record's first key again, with another value.
    if rng.below(6) == 0
        && let Some(k) = v.as_object().and_then(|m| m.keys().next())
    {
        let dup = format!("{{{:?}:{},", k, odd_value(&mut rng));
        text = text.replacen('{', &dup, 1);
    }
    let mut bytes = text.into_bytes();
    match rng.below(8) {
        // Truncated.
        0 => bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize),
        // Invalid UTF-8 somewhere.
        1 => {
            let at = rng.below(bytes.len() as u64 + 1) as usize;
            let bad: &[&[u8]] = &[b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c"];
            bytes.splice(at..at, bad[rng.below(4) as usize].iter().copied());
        }
        // A lone surrogate escape.
        2 => {
            if let Some(at) = bytes.iter().position(|&b| b == b'"') {
                bytes.splice(at + 1..at + 1, *b"\\ud800");
            }
        }
        _ => {}
    }
    bytes.push(b'\n');
    // Sometimes after a valid line, so a bad record must undo a good one.
    if rng.below(4) == 0 {
        let mut good = serde_json::to_vec(base).unwrap();
        good.push(b'\n');
        good.extend(bytes);
        bytes = good;
    }
    bytes
}

/// A store with a little of everything to export, collide with and refer to.
fn seeded() -> TestEnv {
    let env = TestEnv::new();
    let one = env
        .file("first question", &["--tag", "vip", "--assignee", "bob"])
        .to_string();
    env.ok(&[
        "reply",
        &one,
        "an answer",
        "--image",
        "https://x.example/a.png",
    ]);
    env.ok(&["reply", &one, "--internal", "a note", "--as", "bob"]);
    env.ok(&["status", &one, "pending", "--note", "waiting"]);
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
        "--field",
        "cellphone=13800138000",
        "--idempotency-key",
        "k1",
        "-q",
    ]);
    env.ok(&[
        "fields", "add", "tier", "--kind", "enum", "--option", "gold", "--type", "sys",
    ]);
    let two = env.file("second", &["--field", "tier=gold"]).to_string();
    env.ok(&["status", &two, "solved"]);
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
    env
}

/// Imports `input`, and checks the run.
fn import_case(
    env: &TestEnv,
    pristine: &Pristine,
    input: &[u8],
) -> std::io::Result<(Option<i32>, Vec<String>)> {
    let before = env.snapshot();
    let out = run(env, &["import", "-"], input)?;
    let kept = env.snapshot() == before;
    let found = problems(&out, kept, false, false);
    pristine.restore(env);
    Ok((out.status.code(), found))
}

#[test]
fn fuzzed_import_lines_never_break_the_store() {
    let env = seeded();
    let bases = base_records(&env);
    let pristine = Pristine::keep(&env);
    let fuzz = Fuzz::new("fuzz: import lines");
    let check = |what: &str, input: Vec<u8>| {
        let result = import_case(&env, &pristine, &input);
        fuzz.borrow_mut().record(what, &input, result);
        Ok(())
    };
    let ran = runner(1).run(&bytes(), |input| check("import bytes", input));
    fuzz.borrow_mut().ran("import bytes", ran);
    let ran = runner(2).run(&json_lines(), |input| check("import JSON", input));
    fuzz.borrow_mut().ran("import JSON", ran);
    let mutated = (0..bases.len(), any::<u64>()).prop_map(|(i, seed)| mutate(&bases[i], seed));
    let ran = runner(3).run(&mutated, |input| check("import mutated record", input));
    fuzz.borrow_mut().ran("import mutated record", ran);
    fuzz.into_inner().finish();
}

// ---- --query strings ----

/// A value a qualifier might be given.
fn query_value() -> impl Strategy<Value = String> {
    let known = prop::sample::select(
        &[
            "open",
            "new,pending",
            "all",
            "bogus",
            "",
            "2",
            "1",
            "0",
            "sys",
            "module",
            "nope",
            "urgent",
            "normal",
            "none",
            "amy",
            "vip",
            "7d",
            "36h",
            "90m",
            "1d12h",
            "2026-01-01",
            "today",
            "yesterday",
            "now",
            "2026-13-01",
            "-3d",
            "99999999999w",
            "M2",
            "10",
            "ten",
            "1e999",
            "é",
            "\u{202e}x",
            "\u{1b}[2J",
            ",",
            ",,",
            "open,",
            "\"7d ago\"",
            "\"ACME Ltd\"",
            "\"unterminated",
            "\"a\\\"b\"",
            "\\",
        ][..],
    );
    prop_oneof![
        3 => known.prop_map(String::from),
        1 => "[^\\s\"]{0,8}",
    ]
}

/// A term of the query grammar, or something close to one.
fn query_term() -> impl Strategy<Value = String> {
    let key = prop::sample::select(
        &[
            "status",
            "type",
            "priority",
            "assignee",
            "requester",
            "tag",
            "is",
            "updated",
            "created",
            "field.company",
            "field.amount",
            "field.module",
            "field.nosuch",
            "field.tier",
            "field.",
            "field",
            "Status",
            "TAG",
            "nope",
            "-tag",
            "-status",
            "-",
        ][..],
    );
    let op = prop::sample::select(&[":", "<", "<=", ">", ">=", "=", "::", "", ":<"][..]);
    let qualifier = (key, op, query_value()).prop_map(|(k, o, v)| format!("{k}{o}{v}"));
    let phrase = (
        prop::collection::vec("[a-z\u{4e00}-\u{4e20}]{1,6}", 0..3),
        any::<bool>(),
    )
        .prop_map(|(words, closed)| {
            let q = if closed { "\"" } else { "" };
            format!("\"{}{q}", words.join(" "))
        });
    prop_oneof![
        4 => qualifier,
        1 => Just("is:all".to_string()),
        1 => phrase,
        1 => "[^\\s]{1,10}",
    ]
}

/// A query from the grammar's pieces, joined by assorted white space.
fn grammar_query() -> impl Strategy<Value = String> {
    let space = prop::sample::select(&[" ", "  ", "\t", "\n", "\u{3000}", ""][..]);
    prop::collection::vec((query_term(), space), 0..7).prop_map(|terms| {
        terms
            .into_iter()
            .map(|(t, s)| format!("{t}{s}"))
            .collect::<String>()
    })
}

/// Lists with `query`, and checks the run: a read never changes the store.
fn query_case(env: &TestEnv, query: &str, n: usize) -> std::io::Result<(Option<i32>, Vec<String>)> {
    // An argument cannot hold NUL.
    let arg = format!("--query={}", query.replace('\0', " "));
    let mut args = vec!["list", arg.as_str()];
    if n.is_multiple_of(2) {
        args.push("--all");
    }
    let json = n.is_multiple_of(3);
    if json {
        args.extend(["--format", "json"]);
    }
    let before = env.snapshot();
    let out = run(env, &args, b"")?;
    let found = problems(&out, env.snapshot() == before, true, json);
    Ok((out.status.code(), found))
}

#[test]
fn fuzzed_queries_are_answered_or_refused() {
    let env = seeded();
    let fuzz = Fuzz::new("fuzz: queries");
    let n = std::cell::Cell::new(0);
    let check = |what: &str, query: String| {
        n.set(n.get() + 1);
        let result = query_case(&env, &query, n.get());
        fuzz.borrow_mut().record(what, query.as_bytes(), result);
        Ok(())
    };
    let ran = runner(4).run(&any::<String>(), |q| check("query arbitrary", q));
    fuzz.borrow_mut().ran("query arbitrary", ran);
    let ran = runner(5).run(&grammar_query(), |q| check("query from the grammar", q));
    fuzz.borrow_mut().ran("query from the grammar", ran);
    fuzz.into_inner().finish();
}
