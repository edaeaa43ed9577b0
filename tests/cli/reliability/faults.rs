//! Area `storage faults`: a store that is a directory, garbage, truncated,
//! another application's database, from a newer `ticket`, read-only, or on
//! a full disk. Every command fails with exit 1 and one line naming the
//! problem (or, where the store can still be read, reads work), and the
//! store is left exactly as it was. On PostgreSQL the faults a database
//! can have are tried (another application's tables, a newer schema); the
//! rest are faults of a SQLite file.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;

use super::Tally;
use crate::common::{self, Snapshot, TestEnv};

/// The commands every fault is tried with; the first five only read.
fn commands() -> Vec<(Vec<&'static str>, &'static str)> {
    let line = "{\"id\":900,\"committer\":\"c\",\"question\":\"q\",\"type\":\"sys\",\
                \"status\":\"2\",\"created_at\":\"2018-01-01T00:00:00\"}\n";
    vec![
        (vec!["list", "--all"], ""),
        (vec!["show", "1", "--history"], ""),
        (vec!["search", "printer"], ""),
        (vec!["export"], ""),
        (vec!["types"], ""),
        (vec!["new", "--type", "sys", "--question", "q"], ""),
        (vec!["reply", "1", "hello", "--as", "bob"], ""),
        (vec!["status", "1", "2", "solved"], ""),
        (vec!["edit", "1", "--priority", "urgent"], ""),
        (vec!["import", "-"], line),
        (
            vec!["sweep", "--status", "new", "--idle", "1d", "--to", "open"],
            "",
        ),
        (
            vec!["types", "add", "billing", "--en", "Billing", "--zh", "账单"],
            "",
        ),
    ]
}

const READS: usize = 5;

/// How a fault is expected to show.
#[derive(Clone, Copy)]
enum Expect {
    /// Every command fails with exit 1 and a line containing this.
    Refused(&'static str),
    /// Reads work; writes fail with exit 1 and a line containing this.
    ReadOnly(&'static str),
}

/// A store of a few tickets with replies, written by ticket.
fn good_store(env: &TestEnv) {
    for i in 0..30 {
        let id = env.file(&format!("printer {i} jammed"), &["--tag", "vip"]);
        env.ok(&["reply", &id.to_string(), "on it", "--as", "bob"]);
    }
}

/// Every file that could make up a SQLite store, with its bytes (none for
/// a directory or a missing file).
type Files = Vec<(String, Option<Vec<u8>>)>;

/// The store's files and its snapshot.
fn fingerprint(env: &TestEnv) -> (Files, Snapshot) {
    let files = ["", "-wal", "-shm"]
        .iter()
        .map(|s| {
            let mut p = env.db.as_os_str().to_owned();
            p.push(s);
            (p.to_string_lossy().into_owned(), std::fs::read(&p).ok())
        })
        .collect();
    (files, env.snapshot())
}

fn try_fault(
    tally: &mut Tally,
    env: &TestEnv,
    fault: &str,
    expect: Expect,
    run: &dyn Fn(&[&str], &str) -> Output,
) {
    let before = fingerprint(env);
    for (i, (args, stdin)) in commands().into_iter().enumerate() {
        let out = run(&args, stdin);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let first = err.lines().next().unwrap_or("").to_string();
        let case = format!("{fault}: {args:?}");
        let (code, needle) = match expect {
            Expect::Refused(n) => (1, Some(n)),
            Expect::ReadOnly(_) if i < READS => (0, None),
            Expect::ReadOnly(n) => (1, Some(n)),
        };
        tally.check(out.status.code() == Some(code), || {
            format!("{case}: exit {:?}, not {code}: {first}", out.status.code())
        });
        if let Some(n) = needle {
            tally.check(first.contains(n) && err.lines().count() <= 2, || {
                format!("{case}: {err:?} does not say {n:?} in one line")
            });
            tally.check(out.stdout.is_empty(), || format!("{case}: printed output"));
        }
        tally.check(fingerprint(env) == before, || {
            format!("{case}: the store changed")
        });
    }
}

fn plain(env: &TestEnv) -> impl Fn(&[&str], &str) -> Output + '_ {
    move |args, stdin| {
        env.cmd()
            .args(args)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    }
}

#[test]
fn storage_faults_fail_cleanly_and_change_nothing() {
    let mut tally = Tally::new("storage faults");

    if let Some(env) = TestEnv::sqlite_only() {
        std::fs::create_dir(&env.db).unwrap();
        try_fault(
            &mut tally,
            &env,
            "directory",
            Expect::Refused("directory"),
            &plain(&env),
        );
    }

    if let Some(env) = TestEnv::sqlite_only() {
        std::fs::write(&env.db, "PK\u{3}\u{4} not a database ".repeat(400)).unwrap();
        let garbage = Expect::Refused("not a SQLite database");
        try_fault(&mut tally, &env, "garbage", garbage, &plain(&env));
    }

    if let Some(env) = TestEnv::sqlite_only() {
        good_store(&env);
        let size = std::fs::metadata(&env.db).unwrap().len();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&env.db)
            .unwrap();
        file.set_len(size / 2).unwrap();
        try_fault(
            &mut tally,
            &env,
            "truncated",
            Expect::Refused("malformed"),
            &plain(&env),
        );
    }

    let env = TestEnv::new();
    env.make_foreign();
    let foreign = Expect::Refused("another application");
    try_fault(&mut tally, &env, "foreign", foreign, &plain(&env));

    let env = TestEnv::new();
    good_store(&env);
    env.set_schema_version(99);
    let newer = Expect::Refused("schema version 99");
    try_fault(&mut tally, &env, "newer schema", newer, &plain(&env));

    read_only(&mut tally);
    full_disk(&mut tally);
    tally.finish();
}

/// A store its reader may not write: a 0400 file, then a 0555 directory.
fn read_only(tally: &mut Tally) {
    let Some(mut env) = TestEnv::sqlite_only() else {
        return;
    };
    let dir = env.dir.path().join("desk");
    std::fs::create_dir(&dir).unwrap();
    env.db = dir.join("ticket.db");
    good_store(&env);
    let uid = common::unprivileged_uid();
    std::os::unix::fs::chown(&env.db, Some(uid), None).unwrap();
    let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(env.dir.path(), 0o755).unwrap();
    mode(&dir, 0o755).unwrap();
    let reader = |args: &[&str], stdin: &str| {
        let mut cmd = env.std_cmd();
        common::unprivileged(&mut cmd).args(args);
        assert_cmd::Command::from_std(cmd)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    };
    mode(&env.db, 0o400).unwrap();
    try_fault(
        tally,
        &env,
        "0400 store",
        Expect::ReadOnly("readonly"),
        &reader,
    );
    mode(&env.db, 0o600).unwrap();
    mode(&dir, 0o555).unwrap();
    try_fault(
        tally,
        &env,
        "0555 directory",
        Expect::ReadOnly("readonly"),
        &reader,
    );
    mode(&dir, 0o755).unwrap();
}

/// A disk that fills up: no file may grow (RLIMIT_FSIZE), so every write
/// that needs space fails. Reads still work.
fn full_disk(tally: &mut Tally) {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    good_store(&env);
    let size = std::fs::metadata(&env.db).unwrap().len();
    let big = "x".repeat(900 << 10);
    let full = |args: &[&str], stdin: &str| {
        let mut cmd = env.std_cmd();
        // SAFETY: setrlimit and signal are async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                // Past the limit a write fails with EFBIG instead of killing
                // the process with SIGXFSZ.
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let limit = libc::rlimit {
                    rlim_cur: size,
                    rlim_max: size,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        // Writes carry a text too big for the space left, read from stdin
        // (an argument may not be that long).
        let takes_text = args.iter().any(|a| matches!(*a, "q" | "hello"));
        let args: Vec<&str> = args
            .iter()
            .map(|a| if matches!(*a, "q" | "hello") { "-" } else { a })
            .collect();
        let stdin = if takes_text {
            big.clone()
        } else {
            stdin.replace("\"q\"", &format!("\"{big}\""))
        };
        cmd.args(&args);
        assert_cmd::Command::from_std(cmd)
            .write_stdin(stdin)
            .output()
            .unwrap()
    };
    for (i, (args, stdin)) in commands().into_iter().enumerate() {
        let before = export(&env);
        let out = full(&args, stdin);
        let case = format!("full disk: {args:?}");
        if i < READS {
            tally.check(out.status.success(), || format!("{case}: {out:?}"));
            continue;
        }
        // Writes that fit may succeed; those that do not fail with exit 1.
        let code = out.status.code();
        tally.check(matches!(code, Some(0 | 1)), || {
            format!(
                "{case}: exit {code:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        if code == Some(1) {
            let after = export(&env);
            tally.check(after == before, || format!("{case}: the store changed"));
        }
    }
    let integrity: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    tally.check(integrity == "ok", || format!("full disk: {integrity}"));
    // The one write that must need space fails.
    let out = full(&["new", "--type", "sys", "--question", "q"], "");
    tally.check(out.status.code() == Some(1), || {
        format!("full disk: a 900 KB ticket was stored: {out:?}")
    });
}

fn export(env: &TestEnv) -> Vec<u8> {
    env.cmd().args(["export"]).output().unwrap().stdout
}
