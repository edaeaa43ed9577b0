//! The shared test environment: a temporary directory holding the config
//! file (and, on SQLite, the store), and a `ticket` command with a sealed
//! environment.
//!
//! The suite runs against either backend, chosen by `TICKET_TEST_BACKEND`:
//! `sqlite` (the default) keeps each test's store in a file in its
//! directory; `postgres` gives each test a fresh database on the server
//! `TICKET_TEST_PG` names (a libpq connection string of a role that may
//! create databases; `scripts/with-postgres` sets it), dropped afterwards.
//! Under `postgres` a missing `TICKET_TEST_PG` fails every test: the suite
//! never passes without having run.

// Built without PostgreSQL, the PostgreSQL side is a stub no test reaches.
#![cfg_attr(not(feature = "postgres"), allow(dead_code, unreachable_code))]

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The store backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the test's directory.
    Sqlite,
    /// A fresh database on the PostgreSQL server `TICKET_TEST_PG` names.
    Postgres,
}

/// The variable that chooses the backend.
pub const BACKEND: &str = "TICKET_TEST_BACKEND";

/// The variable that names the PostgreSQL test server.
pub const SERVER: &str = "TICKET_TEST_PG";

/// The backend this run of the suite uses (`TICKET_TEST_BACKEND`).
pub fn backend() -> Backend {
    match std::env::var(BACKEND).as_deref() {
        Err(_) | Ok("" | "sqlite") => Backend::Sqlite,
        Ok("postgres") => Backend::Postgres,
        Ok(other) => panic!("{BACKEND}={other:?}: expected sqlite or postgres"),
    }
}

/// A temporary home for one test.
pub struct TestEnv {
    pub dir: TempDir,
    /// The SQLite store file. Only SQLite tests use it: under PostgreSQL
    /// the store is [`TestEnv::location`], and nothing is at this path.
    pub db: PathBuf,
    /// The test's PostgreSQL database, dropped with the environment.
    pg: Option<pg::Database>,
}

impl TestEnv {
    /// A fresh, empty store on the backend of this run.
    pub fn new() -> Self {
        Self::on(backend())
    }

    /// A fresh, empty store on `backend`, whichever this run uses.
    pub fn on(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ticket.db");
        let pg = (backend == Backend::Postgres).then(pg::Database::create);
        TestEnv { dir, db, pg }
    }

    /// A SQLite store, or `None` when this run is on PostgreSQL: for tests
    /// about what only a SQLite file has (its mode, its bytes, its locks,
    /// old SQLite schemas, a full disk). The test returns on `None`:
    ///
    /// ```ignore
    /// let Some(env) = TestEnv::sqlite_only() else { return };
    /// ```
    pub fn sqlite_only() -> Option<Self> {
        (backend() == Backend::Sqlite).then(Self::new)
    }

    /// A PostgreSQL store, or `None` when this run is on SQLite (the
    /// PostgreSQL pass of the suite runs the test). Under CI a run without
    /// a server fails here rather than passing untested.
    pub fn postgres_only() -> Option<Self> {
        if backend() == Backend::Postgres {
            return Some(Self::new());
        }
        if std::env::var_os(SERVER).is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{SERVER} is not set, so the PostgreSQL tests cannot run, and CI must run them: \
                 run the tests as `scripts/test`"
            );
            eprintln!(
                "note: {SERVER} is not set; PostgreSQL test skipped (`scripts/test` runs it)"
            );
        }
        None
    }

    /// Whether the store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// Where the store is, as `--db` and `TICKET_DB` take it: the SQLite
    /// file, or the PostgreSQL connection string.
    pub fn location(&self) -> OsString {
        match &self.pg {
            Some(pg) => pg.conninfo().into(),
            None => self.db.clone().into(),
        }
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
            .env("TICKET_DB", self.location())
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

    /// A fingerprint of everything the store holds, to prove nothing was
    /// written: on SQLite the bytes of the database and its WAL; on
    /// PostgreSQL every relation of the schema and every row of every table
    /// (see [`pg::Database::snapshot`]). A write rolled back, or a no-op
    /// that writes nothing, leaves it equal.
    pub fn snapshot(&self) -> Snapshot {
        if let Some(pg) = &self.pg {
            return Snapshot(pg.snapshot());
        }
        use std::hash::{DefaultHasher, Hash, Hasher};
        Snapshot(
            ["", "-wal"]
                .iter()
                .map(|suffix| {
                    let mut p = self.db.clone().into_os_string();
                    p.push(suffix);
                    let bytes = std::fs::read(p).unwrap_or_default();
                    let mut h = DefaultHasher::new();
                    bytes.hash(&mut h);
                    (
                        format!("ticket.db{suffix}"),
                        format!("{} bytes {:x}", bytes.len(), h.finish()),
                    )
                })
                .collect(),
        )
    }

    /// Keeps the store as it is now, for [`TestEnv::restore`].
    pub fn keep(&self) -> Kept {
        if let Some(pg) = &self.pg {
            return Kept::Database(pg.copy());
        }
        Kept::Files(
            ["", "-wal"]
                .iter()
                .map(|suffix| {
                    let mut p = self.db.clone().into_os_string();
                    p.push(suffix);
                    let p = PathBuf::from(p);
                    let bytes = std::fs::read(&p).ok();
                    (p, bytes)
                })
                .collect(),
        )
    }

    /// Puts back the store [`TestEnv::keep`] kept. No `ticket` process may
    /// be running on it.
    pub fn restore(&self, kept: &Kept) {
        match (kept, &self.pg) {
            (Kept::Files(files), None) => {
                for (path, bytes) in files {
                    match bytes {
                        Some(b) => std::fs::write(path, b).unwrap(),
                        None => {
                            let _ = std::fs::remove_file(path);
                        }
                    }
                }
                // The WAL index is rebuilt from the WAL by the next opener;
                // one left from another WAL would mislead it.
                let mut shm = self.db.clone().into_os_string();
                shm.push("-shm");
                let _ = std::fs::remove_file(shm);
            }
            (Kept::Database(copy), Some(pg)) => pg.restore(copy),
            _ => unreachable!("kept from this store"),
        }
    }

    /// Sets the schema version the store records, as a newer `ticket`
    /// would have left it.
    pub fn set_schema_version(&self, version: i64) {
        match &self.pg {
            Some(pg) => pg.execute(&format!("UPDATE ticket_schema SET version = {version}")),
            None => rusqlite::Connection::open(&self.db)
                .unwrap()
                .pragma_update(None, "user_version", version)
                .unwrap(),
        }
    }

    /// Puts another application's table, with one row, where the store
    /// would be (the store must not exist yet).
    pub fn make_foreign(&self) {
        let sql = "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');";
        match &self.pg {
            Some(pg) => pg.execute(sql),
            None => rusqlite::Connection::open(&self.db)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
        }
    }

    /// Holds the store's write lock, as a writer in the middle of a
    /// transaction does, until the value is dropped. The store must exist.
    pub fn hold_write_lock(&self) -> WriteLock {
        match &self.pg {
            Some(pg) => WriteLock {
                _holder: Box::new(pg.hold_write_lock()),
            },
            None => {
                let conn = rusqlite::Connection::open(&self.db).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                WriteLock {
                    _holder: Box::new(conn),
                }
            }
        }
    }
}

/// What [`TestEnv::snapshot`] saw: a name and a digest for each part of
/// the store, so a difference names what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot(Vec<(String, String)>);

/// A store kept by [`TestEnv::keep`].
pub enum Kept {
    /// The SQLite database and WAL files with their bytes (`None`: no
    /// such file).
    Files(Vec<(PathBuf, Option<Vec<u8>>)>),
    /// A copy of the PostgreSQL database, dropped with this value.
    Database(pg::Copy),
}

/// The store's write lock, held until dropped (the transaction that holds
/// it is then rolled back): a SQLite connection inside `BEGIN IMMEDIATE`,
/// or a PostgreSQL session holding the lock in an open transaction.
pub struct WriteLock {
    _holder: Box<dyn std::any::Any>,
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

/// The PostgreSQL side of [`TestEnv`]: a database per test on the server
/// `TICKET_TEST_PG` names.
#[cfg(feature = "postgres")]
pub mod pg {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

    use postgres::{Client, NoTls};

    use super::{BACKEND, SERVER};

    /// The lock every `ticket` write transaction takes first
    /// (`store::postgres::WRITE_LOCK`: "tick" and 1).
    const WRITE_LOCK: i64 = 0x7469_636B_0000_0001;

    /// How a database that can hold a store is made.
    pub const CREATE: &str =
        "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";

    /// The test server's connection string (a maintenance database).
    fn server() -> String {
        match std::env::var(SERVER) {
            Ok(s) if !s.trim().is_empty() => s,
            _ => panic!(
                "{BACKEND}=postgres, but {SERVER} names no PostgreSQL server: run the tests \
                 as `scripts/test` (both backends) or inside `scripts/with-postgres`"
            ),
        }
    }

    fn connect(conninfo: &str) -> Client {
        Client::connect(conninfo, NoTls)
            .unwrap_or_else(|e| panic!("the PostgreSQL test server does not answer: {e}"))
    }

    /// A database name no other test, or test process, uses.
    fn unique(what: &str) -> String {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        format!(
            "ticket_{what}_{}_{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// The connection string `conninfo` with another database.
    fn with_dbname(conninfo: &str, dbname: &str) -> String {
        match url::Url::parse(conninfo) {
            Ok(mut url) if url.scheme().starts_with("postgres") => {
                url.set_path(&format!("/{dbname}"));
                url.to_string()
            }
            _ => format!("{conninfo} dbname={dbname}"),
        }
    }

    /// Runs `sql` as the server's administrator.
    fn admin(admin: &str, sql: &str) {
        connect(admin)
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    }

    /// A fresh database, dropped with this value.
    pub struct Database {
        admin: String,
        name: String,
        conninfo: String,
        /// A session kept for snapshots, which come thousands at a time;
        /// closed before the database is copied or dropped.
        session: Mutex<Option<Client>>,
    }

    impl Database {
        /// A new, empty database made as a store needs it.
        pub fn create() -> Database {
            let admin_conninfo = server();
            let name = unique("cli");
            admin(&admin_conninfo, &format!("CREATE DATABASE {name} {CREATE}"));
            Database {
                conninfo: with_dbname(&admin_conninfo, &name),
                admin: admin_conninfo,
                name,
                session: Mutex::new(None),
            }
        }

        /// Runs `f` on the kept session, opening it first if need be.
        fn with_session<T>(&self, f: impl FnOnce(&mut Client) -> T) -> T {
            let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
            let client = match session.as_mut() {
                Some(client) if !client.is_closed() => client,
                _ => session.insert(connect(&self.conninfo)),
            };
            f(client)
        }

        /// Closes the kept session, so the database has none open.
        fn close_session(&self) {
            let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
            *session = None;
        }

        /// The connection string `ticket` is given.
        pub fn conninfo(&self) -> &str {
            &self.conninfo
        }

        /// Runs `sql` in the database.
        pub fn execute(&self, sql: &str) {
            connect(&self.conninfo)
                .batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        }

        /// Each relation of the schema with a digest of what it holds: a
        /// table's row count and the MD5 of its rows in order; an index's
        /// or a sequence's existence. Not a sequence's position: even a
        /// transaction that rolls back moves it, and `ticket` puts it back
        /// past the largest stored id as each write starts, so the rows
        /// alone decide the ids handed out next.
        pub fn snapshot(&self) -> Vec<(String, String)> {
            // One round trip: `query_to_xml` runs each table's digest.
            const SNAPSHOT: &str = r#"
                SELECT c.relname::text, CASE c.relkind WHEN 'r' THEN 'table: ' || (xpath(
                    '/row/d/text()', query_to_xml(format(
                        'SELECT count(*) || '' rows '' || coalesce(md5(string_agg(t::text, chr(10) ORDER BY t::text)), '''') AS d FROM %I.%I t',
                        n.nspname, c.relname), false, true, '')))[1]::text
                    ELSE 'relkind ' || c.relkind::text END
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() ORDER BY 1"#;
            self.with_session(|client| client.simple_query(SNAPSHOT))
                .unwrap_or_else(|e| panic!("{SNAPSHOT}: {e:?}"))
                .into_iter()
                .filter_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(row) => Some((
                        row.get(0).unwrap().to_string(),
                        row.get(1).unwrap().to_string(),
                    )),
                    _ => None,
                })
                .collect()
        }

        /// A copy of the database as it is now.
        pub fn copy(&self) -> Copy {
            self.close_session();
            let name = unique("kept");
            admin(
                &self.admin,
                &format!("CREATE DATABASE {name} TEMPLATE {}", self.name),
            );
            Copy {
                admin: self.admin.clone(),
                name,
            }
        }

        /// Replaces the database by a copy of `copy`.
        pub fn restore(&self, copy: &Copy) {
            self.close_session();
            admin(
                &self.admin,
                &format!("DROP DATABASE {} WITH (FORCE)", self.name),
            );
            admin(
                &self.admin,
                &format!("CREATE DATABASE {} TEMPLATE {}", self.name, copy.name),
            );
        }

        /// A session holding the write lock in an open transaction.
        pub fn hold_write_lock(&self) -> Session {
            let mut client = connect(&self.conninfo);
            client
                .batch_execute(&format!(
                    "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
                ))
                .unwrap();
            Session { _client: client }
        }
    }

    impl Drop for Database {
        fn drop(&mut self) {
            self.close_session();
            if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
                let _ = client.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        }
    }

    /// A copy of a test's database, dropped with this value.
    pub struct Copy {
        admin: String,
        name: String,
    }

    impl Drop for Copy {
        fn drop(&mut self) {
            if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
                let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
            }
        }
    }

    /// An open session; closing it rolls back its transaction.
    pub struct Session {
        _client: Client,
    }
}

/// Without the `postgres` feature there is no PostgreSQL backend to test.
#[cfg(not(feature = "postgres"))]
pub mod pg {
    /// Never made: asking for one fails the test.
    pub enum Database {}

    impl Database {
        pub fn create() -> Database {
            panic!("{}=postgres needs the `postgres` feature", super::BACKEND)
        }
        pub fn conninfo(&self) -> &str {
            match *self {}
        }
        pub fn execute(&self, _: &str) {
            match *self {}
        }
        pub fn snapshot(&self) -> Vec<(String, String)> {
            match *self {}
        }
        pub fn copy(&self) -> Copy {
            match *self {}
        }
        pub fn restore(&self, _: &Copy) {
            match *self {}
        }
        pub fn hold_write_lock(&self) -> Session {
            match *self {}
        }
    }

    /// Never made.
    pub enum Copy {}
    /// Never made.
    pub enum Session {}
}
