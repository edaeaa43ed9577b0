//! Command-line performance of `ticket`, measured against the raw SQLite floor.
//!
//! For stores of 1,000 and 100,000 tickets, side by side in one run, this
//! times whole processes, the way a user or a script meets them:
//!
//! | row          | `ticket` command                 | raw floor: `sqlite3` on the same file   |
//! |--------------|----------------------------------|-----------------------------------------|
//! | `show`       | `show ID --json`                 | the ticket with its tags; its replies   |
//! | `list`       | `list --json --limit 50`         | open work, newest update first, 50 rows |
//! | `list table` | `list --format table` (see below) | the same, plus `count(*)` of open work |
//! | `new`        | `new --type sys --question … -q` | a ticket row and its state row          |
//!
//! `list table` is the page a terminal shows: 50 rows, and "showing 1-50 of N"
//! on stderr, which takes a count of every match.
//!
//! `show` asks for a different ticket from the middle half of the id range on
//! every run. Each measurement is `BENCH_RUNS` runs after three warm-ups,
//! interleaved so that drift in the machine hits every figure alike: each run
//! times `ticket`, then `sqlite3`, on one store, then on the next. It reports
//! the median and 90th percentile wall time (spawn to reap), the ratio of the
//! medians (ticket / raw), and the peak resident memory: the largest
//! `ru_maxrss` that `wait4(2)` returns for a run, in MiB.
//!
//! It ends with the performance targets, each marked PASS or FAIL with its
//! figure. They are informational: a FAIL does not fail the bench.
//!
//! Then, on a store of its own, it times `search "printer jams"` (output to
//! `/dev/null`, so tab-separated) over the largest ticket `ticket` accepts: a
//! 1 MiB question and a 1 MiB reply, every line of both holding both words.
//! Time linear in the matching text keeps it within 50 ms; a snippet that
//! weighs every match against every other took 24 s.
//!
//! # Running
//!
//! ```text
//! cargo bench --bench cli
//! BENCH_RUNS=10 BENCH_SIZES=1000 cargo bench --bench cli
//! BENCH_ONLY=large-search cargo bench --bench cli
//! ```
//!
//! * `BENCH_ONLY`: `commands` (the table and its targets) or `large-search`
//!   (the search of a 1 MiB ticket) alone; both by default.
//! * `BENCH_RUNS`: measured runs per command (default 30).
//! * `BENCH_SIZES`: comma-separated store sizes in tickets (default
//!   `1000,100000`).
//! * `BENCH_SQLITE3`: the `sqlite3` CLI for the raw floor (default
//!   `/usr/bin/sqlite3`, else the first on `PATH`). Without one (or with
//!   `BENCH_SQLITE3=none`) the raw columns and the ratio targets are skipped.
//! * `TMPDIR`: where the temporary stores live. `new` commits, so the file
//!   system's sync cost shows: put it on the disk you care about.
//!
//! Under `cargo test --benches` (no `--bench` flag) it runs as a smoke test,
//! one small store and two runs, to keep the harness and its checks working.
//!
//! # Method
//!
//! Each store is created by `ticket --db PATH search --rebuild`, a write
//! (reads create nothing), which makes and migrates the file, then filled in
//! one transaction by a child process (this executable, re-run with
//! `--build-store`): tickets with realistic subjects
//! and questions, a mix of statuses, priorities, channels and tags,
//! `updated_at` spread over three years, replies, and their `created`, `reply`
//! and `status` events. Open work is mostly recent, as on a real desk. The
//! store's triggers keep its full-text search index current row by row, which
//! would stretch the load to minutes: they are dropped for the load and
//! recreated unchanged after it, and `ticket search --rebuild` then builds the
//! index the binary's own way.
//!
//! Every child runs with a cleared environment apart from `TICKET_USER=bench`
//! and `TICKET_CONFIG=/nonexistent`, and with stdout on `/dev/null`. Before
//! timing, each command runs once with its output captured and checked: `show`
//! must print the asked ticket with as many replies as the raw query finds,
//! and `list` the same ids, in the same order, as the raw query.
//!
//! The raw side uses `sqlite3 -json`. Its insert sets the connection options
//! `ticket` sets (`synchronous=NORMAL`, `foreign_keys=ON`), so both pay the
//! same durability cost, and it fires the same search-index trigger.
//!
//! Linux charges a process that calls `exec` with the resident memory of the
//! process it was spawned from, so no child's `ru_maxrss` is below this
//! harness's own. That is why stores are filled in a separate process, and
//! why the report prints a `/bin/true` floor: a peak near it is the floor.

use std::env;
use std::ffi::OsStr;
use std::io::{self, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The binary under test, built by cargo for this bench.
const TICKET: &str = env!("CARGO_BIN_EXE_ticket");

/// First argument that turns this executable into the store builder.
const BUILD_STORE: &str = "--build-store";

/// Untimed runs before each measurement.
const WARMUPS: usize = 3;

/// Rows in a page of `list`, and the `--limit` given to it.
const PAGE: usize = 50;

/// The statuses that count as open work, as SQL.
const OPEN_WORK: &str = "('new','open','pending','holding')";

/// The ticket columns `ticket` reads, tags included.
const RAW_TICKET_COLUMNS: &str = "s.id, t.type, t.subject, t.question, s.status, s.priority, \
     t.support, t.committer, t.requester, s.assignee, t.grp, t.organization, t.channel, \
     t.tags, t.fields, s.version, t.created_at, \
     strftime('%Y-%m-%dT%H:%M:%S', s.updated_at / 1000000, 'unixepoch') \
     || printf('.%06dZ', s.updated_at % 1000000)";

/// Whole tickets: a ticket's often-changed state lives in its own row.
const RAW_TICKETS: &str = "ticket_state s JOIN tickets t ON t.id = s.id";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(BUILD_STORE) {
        let [_, path, count] = args.as_slice() else {
            panic!("usage: {BUILD_STORE} PATH TICKETS");
        };
        let count = count.parse().expect("ticket count is a number");
        let census = fill_store(Path::new(path), count).expect("filling the store");
        println!("{census}");
        return;
    }
    let settings = Settings::from_env(args.iter().any(|a| a == "--bench"));
    run(&settings);
}

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

/// What to measure, from the environment.
struct Settings {
    /// Store sizes, in tickets.
    sizes: Vec<u64>,
    /// Measured runs per command.
    runs: usize,
    /// Untimed runs before them.
    warmups: usize,
    /// The `sqlite3` CLI for the raw floor, if there is one.
    sqlite3: Option<PathBuf>,
    /// A quick check under `cargo test`, not a measurement.
    smoke: bool,
    /// Time the commands against the raw floor.
    commands: bool,
    /// Time the search of a 1 MiB ticket.
    large_search: bool,
}

impl Settings {
    fn from_env(bench: bool) -> Self {
        let (default_sizes, default_runs, warmups) = if bench {
            (vec![1_000, 100_000], 30, WARMUPS)
        } else {
            (vec![500], 2, 1)
        };
        let sizes = match env::var("BENCH_SIZES") {
            Ok(s) if !s.trim().is_empty() => s
                .split(',')
                .map(|n| {
                    let n = n.trim().replace('_', "");
                    n.parse::<u64>()
                        .ok()
                        .filter(|&n| n >= 100)
                        .unwrap_or_else(|| {
                            panic!("BENCH_SIZES: '{n}' is not a size of 100 or more")
                        })
                })
                .collect(),
            _ => default_sizes,
        };
        let runs = match env::var("BENCH_RUNS") {
            Ok(s) if !s.trim().is_empty() => s
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .unwrap_or_else(|| panic!("BENCH_RUNS: '{s}' is not a positive number")),
            _ => default_runs,
        };
        let only = env::var("BENCH_ONLY").unwrap_or_default();
        let (commands, large_search) = match only.trim() {
            "" => (true, true),
            "commands" => (true, false),
            "large-search" => (false, true),
            other => panic!("BENCH_ONLY: '{other}' is not commands or large-search"),
        };
        Settings {
            sizes,
            runs,
            warmups,
            sqlite3: find_sqlite3(),
            smoke: !bench,
            commands,
            large_search,
        }
    }
}

/// `BENCH_SQLITE3` if set (and nothing if it names no file), else
/// `/usr/bin/sqlite3`, else `sqlite3` on `PATH`.
fn find_sqlite3() -> Option<PathBuf> {
    if let Some(p) = env::var_os("BENCH_SQLITE3").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let usual = PathBuf::from("/usr/bin/sqlite3");
    if usual.is_file() {
        return Some(usual);
    }
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join("sqlite3"))
        .find(|p| p.is_file())
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

/// One of the measured commands, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Show,
    List,
    ListTable,
    New,
}

impl Op {
    /// In table order; `new` last, as the only one that writes.
    const ALL: [Op; 4] = [Op::Show, Op::List, Op::ListTable, Op::New];

    fn name(self) -> &'static str {
        match self {
            Op::Show => "show",
            Op::List => "list",
            Op::ListTable => "list table",
            Op::New => "new",
        }
    }

    /// The `ticket` arguments (after `--db PATH`) for run number `run`.
    fn ticket_args(self, store: &Store, run: usize) -> Vec<String> {
        let words = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
        match self {
            Op::Show => words(&["show", &store.show_id(run).to_string(), "--json"]),
            Op::List => words(&["list", "--json", "--limit", &PAGE.to_string()]),
            Op::ListTable => words(&["list", "--format", "table"]),
            Op::New => words(&[
                "new",
                "--type",
                "sys",
                "--question",
                &new_question(run),
                "-q",
            ]),
        }
    }

    /// The equivalent SQL for the raw floor, for run number `run`.
    fn raw_sql(self, store: &Store, run: usize) -> String {
        // The page's ids first, from the status index, then their rows: the
        // way `ticket` reads a page (a plain join would sort whole rows).
        let open_page = format!(
            "SELECT {RAW_TICKET_COLUMNS} FROM (SELECT id FROM ticket_state \
             WHERE status IN {OPEN_WORK} ORDER BY updated_at DESC, id DESC LIMIT {PAGE}) k \
             CROSS JOIN ticket_state s ON s.id = k.id CROSS JOIN tickets t ON t.id = k.id \
             ORDER BY s.updated_at DESC, s.id DESC;"
        );
        match self {
            Op::Show => {
                let id = store.show_id(run);
                format!(
                    "SELECT {RAW_TICKET_COLUMNS} FROM {RAW_TICKETS} WHERE s.id = {id}; \
                     SELECT id, ticket_id, committer, role, text, images, internal, created_at \
                     FROM replies WHERE ticket_id = {id} ORDER BY id;"
                )
            }
            Op::List => open_page,
            Op::ListTable => format!(
                "{open_page} SELECT count(*) AS total FROM ticket_state WHERE status IN {OPEN_WORK};"
            ),
            Op::New => {
                let question = new_question(run);
                let subject = question.lines().next().unwrap_or_default();
                let now = Utc::now();
                let (text, micros) = (timestamp(now), now.timestamp_micros());
                format!(
                    "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                     BEGIN; \
                     INSERT INTO tickets (type, subject, question, support, committer, requester, \
                     channel, fields, created_at) \
                     VALUES ('sys', {}, {}, 0, 'bench', 'bench', 'cli', '{{}}', '{text}'); \
                     INSERT INTO ticket_state (id, status, priority, version, updated_at) \
                     VALUES (last_insert_rowid(), 'new', 'normal', 1, {micros}); COMMIT;",
                    sql_text(subject),
                    sql_text(&question),
                )
            }
        }
    }
}

/// The question filed by `ticket new` (and inserted raw) on run `run`.
fn new_question(run: usize) -> String {
    format!(
        "Printer on floor {} jams on every duplex job\n\
         Since the firmware update on Monday the tray sensor blinks red after the first page. \
         We power-cycled it twice; the queue is now {} jobs long.",
        run % 12 + 1,
        run % 40 + 3
    )
}

/// A SQL string literal.
fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A temporary store of a given size.
struct Store {
    size: u64,
    path: PathBuf,
}

impl Store {
    /// A ticket from the middle half of the id range, different on each run.
    fn show_id(&self, run: usize) -> u64 {
        let span = self.size / 2;
        self.size / 4 + 1 + (run as u64).wrapping_mul(7_919) % span
    }

    fn label(&self) -> String {
        size_label(self.size)
    }
}

fn size_label(size: u64) -> String {
    match size {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Timings and memory of one side of a measurement.
#[derive(Debug, Clone, Copy)]
struct Stats {
    p50_ms: f64,
    p90_ms: f64,
    peak_kib: u64,
}

impl Stats {
    fn of(samples: &[Sample]) -> Self {
        let mut ms: Vec<f64> = samples.iter().map(|s| s.wall.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        Stats {
            p50_ms: quantile(&ms, 0.5),
            p90_ms: quantile(&ms, 0.9),
            peak_kib: samples.iter().map(|s| s.peak_kib).max().unwrap_or(0),
        }
    }
}

/// The `q` quantile of sorted values, interpolating between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    assert!(!sorted.is_empty(), "no samples");
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// One row of the report.
struct Row {
    size: u64,
    op: Op,
    ticket: Stats,
    raw: Option<Stats>,
}

impl Row {
    fn ratio(&self) -> Option<f64> {
        self.raw.map(|raw| self.ticket.p50_ms / raw.p50_ms)
    }
}

fn run(settings: &Settings) {
    let dir = TempDir::new().expect("creating a temporary directory for the stores");
    println!("ticket CLI benchmark");
    if settings.smoke {
        println!("  mode     smoke test, not a measurement (run `cargo bench --bench cli`)");
    }
    println!("  binary   {TICKET}");
    match &settings.sqlite3 {
        Some(sqlite3) => println!(
            "  raw      {} {}",
            sqlite3.display(),
            sqlite3_version(sqlite3)
        ),
        None => {
            println!("  raw      no sqlite3 CLI (see BENCH_SQLITE3): raw figures skipped")
        }
    }
    println!(
        "  runs     {} measured after {} warm-ups, interleaved: ticket, raw, next store",
        settings.runs, settings.warmups
    );
    println!("  stores   {}", dir.path().display());
    println!();

    if settings.commands {
        run_commands(settings, dir.path());
    }
    if settings.large_search {
        if settings.commands {
            println!();
        }
        large_search(settings, dir.path());
    }
}

/// The commands of the table, on stores of each size, beside the raw floor.
fn run_commands(settings: &Settings, dir: &Path) {
    let stores: Vec<Store> = settings
        .sizes
        .iter()
        .map(|&size| build_store(dir, size))
        .collect();
    println!();
    print_floor(settings);
    println!();

    let mut rows = Vec::new();
    for op in Op::ALL {
        for store in &stores {
            check(settings, store, op);
        }
        rows.extend(measure(settings, &stores, op));
    }
    rows.sort_by_key(|row| (row.size, row.op));
    print_table(&rows);
    println!();
    print_targets(&rows, settings.sqlite3.is_some());
}

/// Creates and fills the store of `size` tickets.
fn build_store(dir: &Path, size: u64) -> Store {
    let store = Store {
        size,
        path: dir.join(format!("tickets-{size}.db")),
    };
    let created = ticket(&store.path, ["search", "--rebuild"])
        .output()
        .expect("running ticket search --rebuild");
    assert!(
        created.status.success(),
        "ticket search --rebuild failed to create the store: {}",
        String::from_utf8_lossy(&created.stderr)
    );
    let started = Instant::now();
    let me = env::current_exe().expect("the path of this bench executable");
    let out = Command::new(me)
        .arg(BUILD_STORE)
        .arg(&store.path)
        .arg(size.to_string())
        .stderr(Stdio::inherit())
        .output()
        .expect("running the store builder");
    assert!(
        out.status.success(),
        "the store builder failed ({})",
        out.status
    );
    let census: Value = serde_json::from_slice(&out.stdout).expect("the builder's census is JSON");
    if census["suspended_triggers"].as_u64() > Some(0) {
        captured(&mut ticket(&store.path, ["search", "--rebuild"]));
    }
    let bytes = std::fs::metadata(&store.path).map_or(0, |m| m.len());
    println!(
        "store {:>5}: {} tickets ({} open work), {} replies, {} events, {} tags; {:.1} MiB, filled in {:.2} s",
        store.label(),
        census["tickets"],
        census["open"],
        census["replies"],
        census["events"],
        census["tags"],
        bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64(),
    );
    store
}

/// A command with an empty environment and no input or output.
fn bare(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A `ticket` command on `db`, isolated from the user's settings.
fn ticket<I, S>(db: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = bare(TICKET);
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("TICKET_USER", "bench")
        .env("TICKET_CONFIG", "/nonexistent");
    cmd
}

/// A `sqlite3` command running `sql` on `db` with JSON output and no rc file.
fn sqlite3(sqlite3: &Path, db: &Path, sql: &str) -> Command {
    let mut cmd = bare(sqlite3);
    cmd.args(["-batch", "-bail", "-init", "/dev/null", "-json"])
        .arg(db)
        .arg(sql);
    cmd
}

fn sqlite3_version(sqlite3: &Path) -> String {
    Command::new(sqlite3)
        .arg("-version")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.split_whitespace().next().map(str::to_string)
        })
        .unwrap_or_else(|| "(version unknown)".into())
}

/// The cost of processes that do (almost) nothing, as this harness measures
/// them. The `/bin/true` peak is the memory floor: a child's `ru_maxrss`
/// includes this harness's own resident memory, inherited at `exec`.
fn print_floor(settings: &Settings) {
    let mut floors = Vec::new();
    if Path::new("/bin/true").is_file() {
        floors.push(("/bin/true", Path::new("/bin/true"), None));
    }
    floors.push(("ticket --version", Path::new(TICKET), Some("--version")));
    if let Some(sqlite3) = &settings.sqlite3 {
        floors.push(("sqlite3 -version", sqlite3, Some("-version")));
    }
    for (what, program, arg) in floors {
        let samples: Vec<Sample> = (0..settings.warmups + settings.runs)
            .map(|_| time_run(bare(program).args(arg)))
            .skip(settings.warmups)
            .collect();
        let s = Stats::of(&samples);
        println!(
            "floor {what:<26} {:>7.2} / {:>7.2} ms  {:>5.1} MiB",
            s.p50_ms,
            s.p90_ms,
            mib(s.peak_kib)
        );
    }
}

/// Runs `op` once on each side with its output captured, and checks that it
/// did the work asked (so the timings are not of an error path).
fn check(settings: &Settings, store: &Store, op: Op) {
    // Run numbers past every measured run, so `new` files fresh questions.
    let run = usize::MAX / 2;
    let ticket_out = captured(&mut ticket(&store.path, op.ticket_args(store, run)));
    let raw_out = settings.sqlite3.as_deref().map(|sqlite3| {
        captured(&mut self::sqlite3(
            sqlite3,
            &store.path,
            &op.raw_sql(store, run),
        ))
    });
    let context = format!("{} on the {} store", op.name(), store.label());
    match op {
        Op::Show => {
            let shown: Value = serde_json::from_str(&ticket_out)
                .unwrap_or_else(|e| panic!("{context}: ticket printed no JSON ({e})"));
            let id = store.show_id(run);
            assert_eq!(shown["id"], json!(id), "{context}: wrong ticket");
            let replies = shown["replies"].as_array().map_or(0, Vec::len);
            if let Some(raw) = raw_out {
                let results = json_values(&raw);
                assert_eq!(
                    results.first().map(|r| &r[0]["id"]),
                    Some(&json!(id)),
                    "{context}: raw"
                );
                let raw_replies = results.get(1).and_then(Value::as_array).map_or(0, Vec::len);
                assert_eq!(replies, raw_replies, "{context}: reply counts differ");
            }
        }
        Op::List => {
            let listed: Value = serde_json::from_str(&ticket_out)
                .unwrap_or_else(|e| panic!("{context}: ticket printed no JSON ({e})"));
            let ids = |v: &Value| -> Vec<Value> {
                v.as_array()
                    .unwrap_or_else(|| panic!("{context}: not a JSON array"))
                    .iter()
                    .map(|t| t["id"].clone())
                    .collect()
            };
            let ticket_ids = ids(&listed);
            assert!(
                !ticket_ids.is_empty() && ticket_ids.len() <= PAGE,
                "{context}: page size"
            );
            if let Some(raw) = raw_out {
                let raw_ids = json_values(&raw).first().map(ids).unwrap_or_default();
                assert_eq!(
                    ticket_ids, raw_ids,
                    "{context}: ticket and raw pages differ"
                );
            }
        }
        Op::ListTable => {
            let lines = ticket_out.lines().count();
            assert!(lines > 1 && lines <= PAGE + 1, "{context}: {lines} lines");
            if let Some(raw) = raw_out {
                let results = json_values(&raw);
                let rows = results
                    .first()
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                assert_eq!(lines, rows + 1, "{context}: table rows differ from raw");
            }
        }
        Op::New => {
            let id: u64 = ticket_out
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{context}: printed '{ticket_out}', not an id"));
            assert!(id > store.size, "{context}: new id {id}");
        }
    }
}

/// Runs `cmd` with stdout captured, insisting on success.
fn captured(cmd: &mut Command) -> String {
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", describe(cmd)));
    assert!(
        out.status.success(),
        "{} failed ({}): {}",
        describe(cmd),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

/// The JSON values in `text`, one per statement that returned rows.
fn json_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .expect("sqlite3 -json output is JSON")
}

fn describe(cmd: &Command) -> String {
    let mut words = vec![cmd.get_program().to_string_lossy().into_owned()];
    words.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}

/// Times `op` on every store: warm-ups, then measured runs. Each run goes
/// round the stores, `ticket` then raw on each, so that drift in the machine
/// hits every column alike.
fn measure(settings: &Settings, stores: &[Store], op: Op) -> Vec<Row> {
    let mut samples: Vec<(Vec<Sample>, Vec<Sample>)> =
        stores.iter().map(|_| (Vec::new(), Vec::new())).collect();
    for run in 0..settings.warmups + settings.runs {
        for (store, (ticket_samples, raw_samples)) in stores.iter().zip(&mut samples) {
            let t = time_run(&mut ticket(&store.path, op.ticket_args(store, run)));
            let r = settings
                .sqlite3
                .as_deref()
                .map(|s| time_run(&mut sqlite3(s, &store.path, &op.raw_sql(store, run))));
            if run >= settings.warmups {
                ticket_samples.push(t);
                raw_samples.extend(r);
            }
        }
    }
    stores
        .iter()
        .zip(samples)
        .map(|(store, (ticket_samples, raw_samples))| Row {
            size: store.size,
            op,
            ticket: Stats::of(&ticket_samples),
            raw: (!raw_samples.is_empty()).then(|| Stats::of(&raw_samples)),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Timing one process
// ---------------------------------------------------------------------------

/// Wall time and peak memory of one process.
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: Duration,
    peak_kib: u64,
}

/// Runs `cmd` to completion: wall time from spawn to reap, and its
/// `ru_maxrss`. Panics if it fails.
fn time_run(cmd: &mut Command) -> Sample {
    let started = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", describe(cmd)));
    let (status, usage) = wait_with_rusage(child.id());
    let wall = started.elapsed();
    // Reaped above; dropping a `Child` neither waits nor kills.
    drop(child);
    if !status.success() {
        let why = cmd.stderr(Stdio::piped()).output().map_or_else(
            |e| e.to_string(),
            |o| String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        panic!("{} failed ({status}); run again: {why}", describe(cmd));
    }
    Sample {
        wall,
        // KiB on Linux.
        peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    }
}

/// Reaps the child `pid` with `wait4(2)`, returning its exit status and
/// resource usage.
fn wait_with_rusage(pid: u32) -> (ExitStatus, libc::rusage) {
    let pid = libc::pid_t::try_from(pid).expect("a child pid fits in pid_t");
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both out-pointers are valid for writes, and `pid` is a
        // child of this process that nothing else waits for.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return (ExitStatus::from_raw(status), usage);
        }
        let err = io::Error::last_os_error();
        assert!(
            err.kind() == io::ErrorKind::Interrupted,
            "wait4({pid}) failed: {err}"
        );
    }
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn print_table(rows: &[Row]) {
    println!("rows: show = `show ID --json`; list = `list --json --limit {PAGE}`;");
    println!(
        "      list table = `list --format table` (page of {PAGE} + total); new = `new ... -q`"
    );
    println!();
    println!(
        "{:<6} {:<11} {:>21} {:>21} {:>7} {:>10} {:>8}",
        "store",
        "command",
        "ticket ms (p50/p90)",
        "raw ms (p50/p90)",
        "ratio",
        "peak MiB",
        "raw MiB"
    );
    for row in rows {
        let raw = row.raw.map_or_else(
            || format!("{:>21}", "-"),
            |r| format!("{:>10.2} / {:>8.2}", r.p50_ms, r.p90_ms),
        );
        let ratio = row
            .ratio()
            .map_or_else(|| "-".into(), |r| format!("{r:.2}x"));
        let raw_peak = row
            .raw
            .map_or_else(|| "-".into(), |r| format!("{:.1}", mib(r.peak_kib)));
        println!(
            "{:<6} {:<11} {:>10.2} / {:>8.2} {raw} {ratio:>7} {:>10.1} {raw_peak:>8}",
            size_label(row.size),
            row.op.name(),
            row.ticket.p50_ms,
            row.ticket.p90_ms,
            mib(row.ticket.peak_kib),
        );
    }
}

/// Prints one informational target: PASS/FAIL (or SKIP) and its figures.
fn target(pass: Option<bool>, what: &str, figures: &str) {
    let verdict = match pass {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "SKIP",
    };
    println!("{verdict}  {what:<40} {figures}");
}

fn print_targets(rows: &[Row], have_raw: bool) {
    println!("targets (informational):");
    let of = |op: Op| rows.iter().filter(move |r| r.op == op);
    let ratio_target = |op: Op, limit: f64, what: &str| {
        if !have_raw {
            return target(None, what, "no sqlite3 CLI");
        }
        let figures: Vec<String> = of(op)
            .filter_map(|r| Some(format!("{} {:.2}x", size_label(r.size), r.ratio()?)))
            .collect();
        let pass = of(op).all(|r| r.ratio().is_some_and(|x| x <= limit));
        target(Some(pass), what, &figures.join(", "));
    };

    ratio_target(Op::Show, 2.0, "show within 2x of raw");

    let shows: Vec<&Row> = of(Op::Show).collect();
    let smallest = shows.iter().min_by_key(|r| r.size);
    let largest = shows.iter().max_by_key(|r| r.size);
    match (smallest, largest) {
        (Some(small), Some(large)) if small.size < large.size => {
            let flatness = large.ticket.p50_ms / small.ticket.p50_ms;
            target(
                Some(flatness <= 1.2),
                &format!(
                    "show flat {}→{} within 20%",
                    size_label(small.size),
                    size_label(large.size)
                ),
                &format!(
                    "{flatness:.2}x ({:.2} → {:.2} ms)",
                    small.ticket.p50_ms, large.ticket.p50_ms
                ),
            );
        }
        _ => target(
            None,
            "show flat across store sizes within 20%",
            "needs two sizes",
        ),
    }

    ratio_target(Op::New, 2.0, "new within 2x of raw insert");
    ratio_target(Op::List, 2.5, "list page within 2.5x of raw");

    let single: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(r.op, Op::Show | Op::New))
        .collect();
    if let Some(worst) = single.iter().max_by_key(|r| r.ticket.peak_kib) {
        let peak = mib(worst.ticket.peak_kib);
        target(
            Some(peak <= 10.0),
            "peak memory of show/new ≤ 10 MiB",
            &format!(
                "{peak:.1} MiB ({} on {})",
                worst.op.name(),
                size_label(worst.size)
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// Searching a large ticket
// ---------------------------------------------------------------------------

/// A line of the large ticket's question and reply: both words searched.
const LARGE_LINE: &str =
    "The printer on floor 3 jams on every duplex job since the firmware update.\n";

/// The longest question or reply `ticket` accepts, in bytes.
const LARGE_TEXT: usize = 1 << 20;

/// Times `search "printer jams"` on a store of one ticket whose question and
/// one reply are 1 MiB each, every line holding both words, and prints the
/// figure with its target.
fn large_search(settings: &Settings, dir: &Path) {
    let db = dir.join("large-ticket.db");
    let mut text = LARGE_LINE.repeat(LARGE_TEXT / LARGE_LINE.len() + 1);
    text.truncate(LARGE_TEXT);
    let new = ["new", "--type", "sys", "--question", "-", "-q"];
    let id = fed(&mut ticket(&db, new), &text).trim().to_string();
    fed(&mut ticket(&db, ["-q", "reply", &id, "-"]), &text);
    let args = ["search", "printer jams"];
    let found = captured(&mut ticket(&db, args));
    assert!(
        found.lines().count() == 1 && found.starts_with(&format!("{id}\t")),
        "large search: found {found}"
    );
    let samples: Vec<Sample> = (0..settings.warmups + settings.runs)
        .map(|_| time_run(&mut ticket(&db, args)))
        .skip(settings.warmups)
        .collect();
    let s = Stats::of(&samples);
    println!(
        "search \"printer jams\" of a 1 MiB question and a 1 MiB reply, both matching: \
         {:.2} / {:.2} ms (p50/p90), {:.1} MiB",
        s.p50_ms,
        s.p90_ms,
        mib(s.peak_kib)
    );
    println!();
    println!("target (informational):");
    target(
        Some(s.p50_ms <= 50.0),
        "search of a 1 MiB ticket ≤ 50 ms",
        &format!("{:.2} ms", s.p50_ms),
    );
}

/// Runs `cmd` with `input` on stdin and stdout captured, insisting on
/// success.
fn fed(cmd: &mut Command, input: &str) -> String {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", describe(cmd)));
    let mut stdin = child.stdin.take().expect("a piped stdin");
    // `ticket` reads all of its input before it writes anything.
    stdin
        .write_all(input.as_bytes())
        .unwrap_or_else(|e| panic!("writing to {}: {e}", describe(cmd)));
    drop(stdin);
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for {}: {e}", describe(cmd)));
    assert!(
        out.status.success(),
        "{} failed ({}): {}",
        describe(cmd),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

// ---------------------------------------------------------------------------
// Filling a store (in a child process: see the module docs)
// ---------------------------------------------------------------------------

/// Fills the freshly created store at `path` with `count` tickets in one
/// transaction, and returns a census of what it wrote.
fn fill_store(path: &Path, count: u64) -> rusqlite::Result<Value> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    conn.pragma_update(None, "cache_size", -262_144)?; // 256 MiB
    let end = Utc::now() - TimeDelta::hours(1);
    let start = end - TimeDelta::days(3 * 365);
    let tickets = i32::try_from(count).expect("store size fits in i32");
    let step = (end - start) / tickets;
    let mut rng = Rng(0x5eed_7ac4_e7b0_0c5e ^ count);
    let mut census = Census::default();

    let tx = conn.transaction()?;
    // Triggers keep derived data (the search index) current row by row,
    // which would make the load take minutes; they are suspended here and
    // the parent rebuilds that data with `ticket search --rebuild`.
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    {
        let mut ticket_stmt = tx.prepare(
            "INSERT INTO tickets (id, type, subject, question, support, committer, requester, \
             grp, organization, channel, tags, fields, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        let mut state_stmt = tx.prepare(
            "INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )?;
        let mut tag_stmt = tx.prepare("INSERT INTO ticket_tags (tag, ticket_id) VALUES (?, ?)")?;
        let mut reply_stmt = tx.prepare(
            "INSERT INTO replies (id, ticket_id, committer, role, text, images, internal, \
             created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        let mut event_stmt = tx.prepare(
            "INSERT INTO events (ticket_id, at, actor, kind, field, old, new) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )?;

        for n in 1..=tickets {
            let id = i64::from(n);
            let t = fake_ticket(&mut rng, id, i64::from(tickets), start + step * n, step);
            ticket_stmt.execute(params![
                id,
                t.kind,
                t.subject,
                t.question,
                t.support,
                t.committer,
                t.requester,
                t.group,
                t.organization,
                t.channel,
                {
                    let mut tags = t.tags.clone();
                    tags.sort_unstable();
                    Value::from(tags).to_string()
                },
                t.fields,
                timestamp(t.created_at),
            ])?;
            state_stmt.execute(params![
                id,
                t.status,
                t.priority,
                t.assignee,
                1 + t.replies.len() as i64 + i64::from(t.status != "new"),
                t.updated_at.timestamp_micros(),
            ])?;
            for tag in &t.tags {
                tag_stmt.execute(params![tag, id])?;
            }
            let created = timestamp(t.created_at);
            event_stmt.execute(params![
                id,
                created,
                t.committer,
                "created",
                None::<&str>,
                None::<&str>,
                "\"new\""
            ])?;
            for reply in &t.replies {
                census.replies += 1;
                let at = timestamp(reply.at);
                reply_stmt.execute(params![
                    census.replies,
                    id,
                    reply.author,
                    reply.role,
                    reply.text,
                    reply.images,
                    reply.internal,
                    at,
                ])?;
                event_stmt.execute(params![
                    id,
                    at,
                    reply.author,
                    "reply",
                    None::<&str>,
                    None::<&str>,
                    census.replies.to_string()
                ])?;
            }
            if t.status != "new" {
                event_stmt.execute(params![
                    id,
                    timestamp(t.updated_at),
                    t.assignee.as_deref().unwrap_or(&t.committer),
                    "status",
                    "status",
                    "\"new\"",
                    format!("\"{}\"", t.status)
                ])?;
            }
            census.tickets += 1;
            census.open += i64::from(!matches!(t.status, "solved" | "closed"));
            census.tags += t.tags.len() as i64;
            census.events += 1 + t.replies.len() as i64 + i64::from(t.status != "new");
        }
    }
    // The text of string fields, which `ticket` keeps beside them for search.
    tx.execute_batch(
        "UPDATE tickets SET field_text = (SELECT group_concat(value, char(10)) \
         FROM json_each(tickets.fields) WHERE type = 'text') WHERE fields <> '{}'",
    )?;
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(json!({
        "suspended_triggers": triggers.len(),
        "tickets": census.tickets,
        "open": census.open,
        "replies": census.replies,
        "events": census.events,
        "tags": census.tags,
    }))
}

/// What a store holds.
#[derive(Debug, Default)]
struct Census {
    tickets: i64,
    open: i64,
    replies: i64,
    events: i64,
    tags: i64,
}

/// A ticket to insert, with its conversation.
struct FakeTicket {
    kind: &'static str,
    subject: String,
    question: String,
    status: &'static str,
    priority: &'static str,
    support: bool,
    committer: String,
    requester: String,
    assignee: Option<String>,
    group: Option<&'static str>,
    organization: Option<&'static str>,
    channel: &'static str,
    fields: String,
    tags: Vec<&'static str>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    replies: Vec<FakeReply>,
}

struct FakeReply {
    author: String,
    role: i64,
    text: &'static str,
    images: String,
    internal: bool,
    at: DateTime<Utc>,
}

/// Ticket `id` of `count`, filed around `filed` (tickets are `step` apart).
fn fake_ticket(
    rng: &mut Rng,
    id: i64,
    count: i64,
    filed: DateTime<Utc>,
    step: TimeDelta,
) -> FakeTicket {
    let created_at = filed
        + TimeDelta::microseconds(
            rng.below(step.num_microseconds().unwrap_or(1).max(1) as u64) as i64,
        );
    // Open work is mostly recent: the newest tickets are largely still
    // being worked on, older ones mostly solved or closed, with stragglers.
    let newer = count - id;
    let open_chance = match newer {
        0..150 => 0.85,
        150..1_500 => 0.30,
        _ => 0.03,
    };
    let status = if rng.chance(open_chance) {
        rng.weighted(&[("new", 25), ("open", 40), ("pending", 20), ("holding", 15)])
    } else {
        rng.weighted(&[("solved", 40), ("closed", 60)])
    };
    let kind = rng.weighted(&[
        ("sys", 30),
        ("tech", 35),
        ("licences", 15),
        ("module", 10),
        ("test", 10),
    ]);
    let product = rng.pick(PRODUCTS);
    let subject = rng
        .pick(subjects(kind))
        .replace("{P}", product)
        .replace("{N}", &(rng.below(20) * 5 + 5).to_string());
    let mut question = subject.clone();
    question.push_str("\n\n");
    let sentences = 2 + rng.below(3) as usize;
    for i in 0..sentences {
        if i > 0 {
            question.push(' ');
        }
        question.push_str(rng.pick(DETAILS));
    }
    let requester = person(rng);
    let channel = rng.weighted(&[
        ("web", 40),
        ("email", 25),
        ("cli", 10),
        ("api", 10),
        ("phone", 10),
        ("import", 5),
    ]);
    // Phoned-in tickets are filed by an agent on the caller's behalf.
    let committer = if channel == "phone" {
        rng.pick(AGENTS).to_string()
    } else {
        requester.clone()
    };
    let assignee = (status != "new" || rng.chance(0.3)).then(|| rng.pick(AGENTS).to_string());
    let organization = rng.chance(0.7).then(|| rng.pick(ORGANIZATIONS));
    let fields = if kind == "module" {
        json!({
            "module": rng.pick(&["M1", "M2", "M4-HA", "GPU-T4"]),
            "amount": rng.below(50) + 1,
            "company": organization.unwrap_or("ACME Corp"),
        })
        .to_string()
    } else {
        "{}".to_string()
    };
    let mut tags = Vec::new();
    for _ in 0..rng.below(4) {
        tags.push(rng.pick(TAGS));
    }
    tags.sort_unstable();
    tags.dedup();

    // New tickets have no answer yet; the rest have a couple of messages,
    // agent first, ending at the last update.
    let lifetime = match status {
        "new" => TimeDelta::minutes(rng.below(180) as i64),
        "open" | "pending" | "holding" => TimeDelta::hours(1 + rng.below(24 * 10) as i64),
        _ => TimeDelta::hours(2 + rng.below(24 * 20) as i64),
    };
    let updated_at = (created_at + lifetime).min(Utc::now()).max(created_at);
    let n_replies = if status == "new" {
        0
    } else {
        1 + rng.below(4) as usize
    };
    let agent = assignee
        .clone()
        .unwrap_or_else(|| rng.pick(AGENTS).to_string());
    let replies = (0..n_replies)
        .map(|i| {
            let by_agent = i % 2 == 0 || rng.chance(0.2);
            let internal = by_agent && rng.chance(0.1);
            let text = match (by_agent, internal) {
                (true, true) => rng.pick(NOTES),
                (true, false) => rng.pick(AGENT_REPLIES),
                (false, _) => rng.pick(REQUESTER_REPLIES),
            };
            let images = if !by_agent && rng.chance(0.1) {
                json!([format!("https://files.example.com/screens/{id}-{i}.png")]).to_string()
            } else {
                "[]".to_string()
            };
            FakeReply {
                author: if by_agent {
                    agent.clone()
                } else {
                    requester.clone()
                },
                role: i64::from(by_agent),
                text,
                images,
                internal,
                at: created_at + lifetime * (i as i32 + 1) / n_replies as i32,
            }
        })
        .collect();
    FakeTicket {
        kind,
        subject,
        question,
        status,
        priority: rng.weighted(&[("normal", 75), ("important", 20), ("urgent", 5)]),
        support: rng.chance(0.1),
        committer,
        requester,
        assignee,
        group: rng.chance(0.6).then(|| rng.pick(GROUPS)),
        organization,
        channel,
        fields,
        tags,
        created_at,
        updated_at,
        replies,
    }
}

/// A requester's user name, `first.last`.
fn person(rng: &mut Rng) -> String {
    format!("{}.{}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// Text form of a store time: RFC 3339, microseconds, `Z`.
fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        unreachable!("roll below total weight")
    }
}

const PRODUCTS: &[&str] = &[
    "object storage",
    "the VPN gateway",
    "the billing portal",
    "the mail relay",
    "cluster prod-eu-1",
    "the CDN",
    "the analytics dashboard",
    "single sign-on",
    "the MySQL replica",
    "the message queue",
];

fn subjects(kind: &str) -> &'static [&'static str] {
    match kind {
        "sys" => &[
            "{P} returns 502 errors since this morning",
            "Cannot log in to {P}",
            "{P} is very slow for everyone in our office",
            "Nightly backup of {P} failed",
            "Certificate warning when opening {P}",
            "控制台无法访问 {P}",
        ],
        "licences" => &[
            "Raise the instance quota for {P} to {N}",
            "Licence count for {P} wrong after renewal",
            "配额不足：{P} 需要增加到 {N}",
        ],
        "module" => &[
            "Purchase {N} additional modules for {P}",
            "Quote request: cloud modules for {P}",
        ],
        "tech" => &[
            "How do I rotate the API keys for {P}?",
            "Best way to migrate data out of {P}?",
            "Webhook from {P} arrives twice",
            "Which TLS versions does {P} support?",
        ],
        _ => &[
            "Need a sandbox to test the {P} upgrade",
            "Load test window for {P} next week",
        ],
    }
}

const DETAILS: &[&str] = &[
    "It started around 9:40, right after the maintenance window announced last week.",
    "We already restarted the client and cleared the browser cache.",
    "About 40 people in the Shanghai office are affected; Berlin is fine.",
    "The error page says \"upstream connect error or disconnect/reset before headers\".",
    "Our account manager said this is covered by the enterprise plan.",
    "Please call me back on the number in my profile if you need details.",
    "This blocks our quarter-end reporting, so a quick answer would help a lot.",
    "Logs from the last hour are attached to the previous ticket we filed.",
    "As far as I know we changed nothing on our side.",
    "Could you also confirm whether staging is affected?",
    "昨天下午开始出现这个问题，重启后仍然存在。",
    "We need this before the audit on the 15th.",
];

const AGENT_REPLIES: &[&str] = &[
    "Thanks for the report. We are looking into it and will update you within the hour.",
    "Could you send the request id shown at the bottom of the error page?",
    "We found a misconfigured load balancer rule and rolled it back; please try again.",
    "The quota has been raised; it can take up to ten minutes to apply.",
    "This is a known issue in 4.2, fixed in 4.2.1, which rolls out on Thursday.",
    "I have escalated this to the platform team and will keep you posted.",
    "您好，问题已修复，请重试。如仍有问题请回复此工单。",
];

const NOTES: &[&str] = &[
    "Customer is on the enterprise plan; SLA is four hours.",
    "Same root cause as last Tuesday's incident, see the postmortem.",
    "Waiting on the vendor; do not promise a date.",
];

const REQUESTER_REPLIES: &[&str] = &[
    "Thanks, that fixed it.",
    "Still failing for me, see the new screenshot.",
    "Here is the request id: 7f3a9c01-5e2b-4d0c-9a17-2c1f0e6b8d44.",
    "Any update on this? We are still blocked.",
    "Confirmed working on our side, you can close this.",
];

const FIRST_NAMES: &[&str] = &[
    "amy", "ben", "chen", "dara", "eli", "fatima", "gus", "hana", "ivan", "jun", "kofi", "lena",
    "mateo", "nia", "omar", "priya",
];

const LAST_NAMES: &[&str] = &[
    "wang", "smith", "garcia", "kim", "novak", "okafor", "rossi", "sato", "schmidt", "silva",
    "tan", "zhang",
];

const AGENTS: &[&str] = &[
    "li.wei",
    "sara.ortiz",
    "tom.berg",
    "mei.lin",
    "raj.patel",
    "anna.kowal",
    "joe.mensah",
    "yuki.ito",
];

const GROUPS: &[&str] = &["tier1", "tier2", "billing", "platform"];

const ORGANIZATIONS: &[&str] = &[
    "ACME Corp",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Retail",
    "Hooli",
    "Soylent Foods",
];

const TAGS: &[&str] = &[
    "vip",
    "billing",
    "outage",
    "bug",
    "feature-request",
    "login",
    "api",
    "performance",
    "security",
    "onboarding",
    "refund",
    "data-export",
];
