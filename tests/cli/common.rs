//! The shared test environment: a temporary directory holding the store
//! and the config file, and a `ticket` command with a sealed environment.

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary home for one test.
pub struct TestEnv {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl TestEnv {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ticket.db");
        TestEnv { dir, db }
    }

    /// `ticket` with a cleared environment: store in the temp dir, user
    /// `amy`, a config path that does not exist unless the test writes it.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same command as a plain `std::process::Command`, for spawning.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ticket"));
        cmd.env_clear()
            .env("TICKET_DB", &self.db)
            .env("TICKET_USER", "amy")
            .env("TICKET_CONFIG", self.dir.path().join("config.toml"))
            .env("HOME", self.dir.path());
        cmd
    }

    /// Runs `ticket ARGS`, expects success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "ticket {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `ticket ARGS --json`, expects success, returns the JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(&[args, &["--json"]].concat());
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    /// Runs `ticket ARGS`, expecting exit `code`; returns the output.
    pub fn fails(&self, args: &[&str], code: i32) -> Output {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "ticket {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs `ticket ARGS` with `input` on stdin, expects success, returns
    /// stdout.
    pub fn ok_with_stdin(&self, args: &[&str], input: impl Into<Vec<u8>>) -> String {
        let out = self.cmd().args(args).write_stdin(input).output().unwrap();
        assert!(
            out.status.success(),
            "ticket {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `ticket ARGS` with `input` on stdin, expecting exit `code`.
    pub fn fails_with_stdin(&self, args: &[&str], input: &str, code: i32) -> Output {
        let out = self.cmd().args(args).write_stdin(input).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "ticket {args:?} < {input}: stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Files a `sys` ticket and returns its id.
    pub fn file(&self, question: &str, extra: &[&str]) -> i64 {
        let args = [
            &["new", "--type", "sys", "--question", question, "-q"],
            extra,
        ]
        .concat();
        self.ok(&args).trim().parse().unwrap()
    }

    /// A fingerprint of the store's bytes (database and WAL: length and
    /// hash of each), to prove nothing was written.
    pub fn snapshot(&self) -> Vec<(usize, u64)> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        ["", "-wal"]
            .iter()
            .map(|suffix| {
                let mut p = self.db.clone().into_os_string();
                p.push(suffix);
                let bytes = std::fs::read(p).unwrap_or_default();
                let mut h = DefaultHasher::new();
                bytes.hash(&mut h);
                (bytes.len(), h.finish())
            })
            .collect()
    }
}

/// The user id tests run a command as when they need one without write
/// access to a file: `nobody` when the tests run as root (root may write
/// anything), else the tests' own user.
pub fn unprivileged_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    match unsafe { libc::geteuid() } {
        0 => 65534,
        uid => uid,
    }
}

/// Makes `cmd` run as [`unprivileged_uid`].
pub fn unprivileged(cmd: &mut std::process::Command) -> &mut std::process::Command {
    use std::os::unix::process::CommandExt;
    let uid = unprivileged_uid();
    // SAFETY: setgid/setuid are async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(move || {
            if libc::geteuid() == 0 && (libc::setgid(uid) != 0 || libc::setuid(uid) != 0) {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// The first line of stderr.
pub fn stderr_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}
