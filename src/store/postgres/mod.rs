//! The PostgreSQL backend: a team's shared store. Every SQL string of it
//! lives in this folder.
//!
//! [`PgStore`] keeps a small pool of connections (the synchronous
//! `postgres` crate) and is `Send + Sync`: one store serves many threads,
//! each transaction holding one connection until it ends.
//!
//! Transactions behave as SQLite's do:
//!
//! - A write transaction (`READ COMMITTED`) first takes one
//!   transaction-level advisory lock, [`WRITE_LOCK`], waiting up to the
//!   busy timeout (`lock_timeout`, then [`Error::Busy`]): writers take
//!   turns, as `BEGIN IMMEDIATE` makes them on SQLite. Row locks alone are
//!   not enough: sequence values are handed out in start order but commit
//!   in any order, so a reader following events by `id > last seen` would
//!   miss those that commit late. Under the lock every statement of a
//!   writer also sees every earlier writer's commit, so a version read
//!   there (`--if-version`) cannot go stale before the write. Under it,
//!   too, the id sequences are put back past the largest stored ids, so a
//!   rolled-back transaction leaves no gap ([`reset_sequences`]).
//! - A read transaction is `REPEATABLE READ READ ONLY`: one snapshot.
//! - A transaction dropped without commit is rolled back.

mod bulk;
mod migrations;
mod sql;
#[cfg(test)]
mod tests;
mod txn;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Condvar, LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use postgres::config::Host;
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Statement};

pub use migrations::SCHEMA_VERSION;
pub use txn::PgTxn;

use super::{Access, Store, Txn};
use crate::error::{Error, Result};

/// The transaction-level advisory lock every write transaction takes first
/// ("tick" and 1).
const WRITE_LOCK: i64 = 0x7469_636B_0000_0001;

/// The statement that puts each id sequence back to just past the largest
/// id stored, as every write transaction starts. A sequence never takes a
/// number back, not even one a transaction that rolled back drew (a dry run, a refused
/// import, a killed process): without this, the next id would skip it, and
/// a dry run would show an id the real run then does not get. So ids
/// follow the stored rows, as SQLite's do. Writers hold [`WRITE_LOCK`], so
/// no other writer draws a number meanwhile. It is prepared once per
/// connection, and a sequence already in place is only read: planning it,
/// and setting five sequences (which writes to the log), in every write
/// transaction under the lock, halved the rate at which a server files
/// tickets.
fn reset_sequences() -> String {
    ["tickets", "replies", "events", "runs", "api_tokens"]
        .map(|table| {
            format!(
                "SELECT setval('{table}_id_seq', m.next, false) \
                 FROM (SELECT coalesce(max(id), 0) + 1 AS next FROM {table}) m, {table}_id_seq s \
                 WHERE m.next <> s.last_value + s.is_called::int"
            )
        })
        .join(" UNION ALL ")
}

/// What begins a write transaction: the write lock, then the sequences put
/// back ([`reset_sequences`], prepared on the connection).
static BEGIN_WRITE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "BEGIN ISOLATION LEVEL READ COMMITTED; \
         SELECT pg_advisory_xact_lock({WRITE_LOCK}); EXECUTE ticket_reset_sequences"
    )
});

/// The most connections one store opens at once; a transaction started
/// while all are in use waits for one (up to the busy timeout).
const MAX_CONNECTIONS: usize = 8;

/// Where a store's socket is looked for when the connection string names
/// no host, as libpq looks on Debian and its derivatives.
const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// How long a connection attempt may take when the connection string does
/// not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A ticket store in a PostgreSQL database.
pub struct PgStore {
    config: Config,
    target: Target,
    busy_timeout: Duration,
    pool: Mutex<Pool>,
    /// Signalled when a connection is returned or closed.
    returned: Condvar,
}

/// The connections of a store not in use, and how many are open in all.
struct Pool {
    idle: Vec<Conn>,
    open: usize,
}

/// One connection, with the statements prepared on it.
pub(super) struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// Whether [`reset_sequences`] is prepared on it, as
    /// `ticket_reset_sequences`.
    reset_prepared: bool,
}

/// How many prepared statements a connection keeps; past that the cache
/// starts afresh (filters make many shapes of query).
const STATEMENT_CACHE: usize = 256;

impl Conn {
    /// The statement for `sql`, prepared once per connection.
    fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// What a store's messages call its database: host (or socket), port,
/// database and user, never the password.
#[derive(Debug, Clone)]
pub(super) struct Target {
    place: String,
    dbname: String,
    user: Option<String>,
}

impl Target {
    fn of(config: &Config) -> Target {
        let ports = config.get_ports();
        let places: Vec<String> = config
            .get_hosts()
            .iter()
            .enumerate()
            .map(|(i, host)| {
                let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
                match host {
                    Host::Tcp(name) => format!("{name}:{port}"),
                    Host::Unix(dir) => format!("socket {}/.s.PGSQL.{port}", dir.display()),
                }
            })
            .collect();
        Target {
            place: places.join(", "),
            dbname: config
                .get_dbname()
                .or(config.get_user())
                .unwrap_or("postgres")
                .to_string(),
            user: config.get_user().map(str::to_string),
        }
    }

    /// The database name as an SQL identifier, for the hints that name it.
    fn dbname_sql(&self) -> String {
        format!("\"{}\"", self.dbname.replace('"', "\"\""))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PostgreSQL database \"{}\" on {}",
            self.dbname, self.place
        )?;
        if let Some(user) = &self.user {
            write!(f, " (user {user})")?;
        }
        Ok(())
    }
}

/// A `postgres` error on its way to becoming an [`Error`], with the
/// database it came from.
pub(super) struct PgError(postgres::Error);

impl PgError {
    fn into_error(self, target: &Target) -> Error {
        classify(&self.0, Some(target))
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        classify(&e, None)
    }
}

/// The kind of error a PostgreSQL failure is: a lock or serialisation
/// failure is [`Error::Busy`] (retrying may succeed), a violated
/// constraint an invalid record (only records brought in whole, by an
/// import, can violate one), anything else a storage failure.
fn classify(e: &postgres::Error, target: Option<&Target>) -> Error {
    let Some(db) = e.as_db_error() else {
        // The connection: refused, lost, timed out.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        return Error::Storage(match target {
            Some(target) => format!("{target}: {message}"),
            None => format!("PostgreSQL: {message}"),
        });
    };
    let code = db.code();
    let busy = [
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
        SqlState::TOO_MANY_CONNECTIONS,
    ];
    if busy.contains(code) {
        return Error::Busy;
    }
    let mut message = db.message().to_string();
    if let Some(detail) = db.detail() {
        message = format!("{message} ({detail})");
    }
    if code.code().starts_with("23")
        || [
            SqlState::CHARACTER_NOT_IN_REPERTOIRE,
            SqlState::UNTRANSLATABLE_CHARACTER,
        ]
        .contains(code)
    {
        return Error::invalid("record", message);
    }
    Error::Storage(match target {
        Some(target) => format!("{target}: {message}"),
        None => format!("PostgreSQL: {message}"),
    })
}

/// Whether `e` says the connection's session is over: the server closed
/// it, said goodbye (an administrator's command, a restart: SQLSTATE class
/// 57P), or the socket broke. A statement that met this never ran.
fn session_ended(e: &postgres::Error, conn: &Conn) -> bool {
    e.is_closed()
        || conn.client.is_closed()
        || e.code().is_some_and(|c| c.code().starts_with("57P"))
        || (e.as_db_error().is_none()
            && std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()))
}

/// Sets the longest wait for a lock: `SET LOCAL` for the current
/// transaction, `SET` for the session. Zero would mean no limit to
/// PostgreSQL, so the shortest wait is a millisecond.
fn lock_timeout(busy_timeout: Duration, set: &str) -> String {
    let ms = busy_timeout.as_millis().clamp(1, i32::MAX as u128);
    format!("{set} lock_timeout = {ms}")
}

/// Reads a connection string: a `postgres://` or `postgresql://` URL or
/// libpq's `key=value` pairs. The error never repeats the string, which
/// may hold a password.
fn parse_config(conninfo: &str) -> Result<Config> {
    let mut config: Config = conninfo.parse().map_err(|e: postgres::Error| {
        let cause = std::error::Error::source(&e)
            .map(ToString::to_string)
            .unwrap_or_default();
        // Only the parser's own words name an option; the rest may quote
        // the string itself.
        let reason = if cause.starts_with("invalid value for option") {
            cause
        } else {
            "it is neither a postgres:// URL nor key=value pairs".to_string()
        };
        Error::invalid(
            "db",
            format!("not a PostgreSQL connection string: {reason}"),
        )
    })?;
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        let dir = DEFAULT_SOCKET_DIRS
            .into_iter()
            .find(|d| Path::new(d).is_dir())
            .unwrap_or(DEFAULT_SOCKET_DIRS[0]);
        config.host_path(dir);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("ticket");
    }
    Ok(config)
}

impl PgStore {
    /// Opens the store in the database `conninfo` names (a `postgres://` or
    /// `postgresql://` URL, or libpq `key=value` pairs such as
    /// `host=/run/postgresql user=ticket dbname=desk`), creating or
    /// upgrading its schema. Transactions wait up to `busy_timeout` for a
    /// lock before failing with [`Error::Busy`].
    ///
    /// A database that is not UTF-8 with the C collation is refused, and so
    /// is one written by a newer `ticket` ([`Error::TooNew`]) or holding
    /// another application's tables ([`Error::NotAStore`]). Errors name
    /// the host and database, never the password.
    pub fn open(conninfo: &str, busy_timeout: Duration) -> Result<PgStore> {
        Self::open_for(conninfo, busy_timeout, Access::Write)
            .map(|store| store.expect("a write opens a store"))
    }

    /// Opens the store for `access`: reading, a database without a store
    /// is left as it is and gives `None`.
    pub fn open_for(
        conninfo: &str,
        busy_timeout: Duration,
        access: Access,
    ) -> Result<Option<PgStore>> {
        let config = parse_config(conninfo)?;
        let store = PgStore {
            target: Target::of(&config),
            config,
            busy_timeout,
            pool: Mutex::new(Pool {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
        };
        let mut conn = store.checkout()?;
        match migrations::migrate(&mut conn.client, &store.target, busy_timeout, access) {
            Ok(found) => {
                store.checkin(conn, true);
                Ok(found.then_some(store))
            }
            Err(e) => {
                store.checkin(conn, false);
                Err(e)
            }
        }
    }

    /// Starts a read-only transaction: one snapshot of the store.
    pub fn read(&self) -> Result<PgTxn<'_>> {
        self.begin(false)
    }

    /// Starts a write transaction, holding the write lock from the start.
    pub fn write(&self) -> Result<PgTxn<'_>> {
        self.begin(true)
    }

    fn begin(&self, write: bool) -> Result<PgTxn<'_>> {
        // Every session waits for a lock no longer than the busy timeout
        // (set as it connects): readers take no lock of their own, but wait
        // for one held by a schema change or an index rebuild.
        let begin = if write {
            BEGIN_WRITE.as_str()
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        // A pooled connection may have been closed by the server since its
        // last use (a restart, an administrator's command: the error may
        // be the server's farewell); a new one is tried once.
        let mut conn = self.checkout()?;
        let mut renewed = false;
        loop {
            match Self::prepare_reset(&mut conn, write)
                .and_then(|()| conn.client.batch_execute(begin))
            {
                Ok(()) => return Ok(PgTxn::new(self, conn)),
                Err(e) if !renewed && session_ended(&e, &conn) => match self.connect() {
                    // One for one: the pool's count stays.
                    Ok(fresh) => {
                        conn = fresh;
                        renewed = true;
                    }
                    Err(e) => {
                        self.checkin(conn, false);
                        return Err(e);
                    }
                },
                Err(e) => {
                    let ended = conn.client.batch_execute("ROLLBACK").is_ok();
                    self.checkin(conn, ended);
                    return Err(PgError(e).into_error(&self.target));
                }
            }
        }
    }

    /// Prepares [`reset_sequences`] on a connection about to begin its
    /// first write: planned once, not under the write lock of every write.
    /// (Not as it connects: a new database has no sequences yet.)
    fn prepare_reset(conn: &mut Conn, write: bool) -> Result<(), postgres::Error> {
        if write && !conn.reset_prepared {
            conn.client.batch_execute(&format!(
                "PREPARE ticket_reset_sequences AS {}",
                reset_sequences()
            ))?;
            conn.reset_prepared = true;
        }
        Ok(())
    }

    fn lock_pool(&self) -> MutexGuard<'_, Pool> {
        // A thread that panicked holding the lock left the pool whole.
        self.pool.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection from the pool, or a new one while fewer than
    /// [`MAX_CONNECTIONS`] are open; otherwise waits for one to be
    /// returned, up to the busy timeout.
    fn checkout(&self) -> Result<Conn> {
        let deadline = Instant::now() + self.busy_timeout;
        let mut pool = self.lock_pool();
        loop {
            if let Some(conn) = pool.idle.pop() {
                if conn.client.is_closed() {
                    pool.open -= 1;
                    continue;
                }
                return Ok(conn);
            }
            if pool.open < MAX_CONNECTIONS {
                pool.open += 1;
                drop(pool);
                return self.connect().inspect_err(|_| {
                    self.lock_pool().open -= 1;
                    self.returned.notify_one();
                });
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::Busy);
            }
            pool = self
                .returned
                .wait_timeout(pool, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Returns a connection to the pool, or closes it when it is not fit
    /// for another transaction.
    fn checkin(&self, conn: Conn, fit: bool) {
        let mut pool = self.lock_pool();
        if fit && !conn.client.is_closed() {
            pool.idle.push(conn);
        } else {
            pool.open -= 1;
        }
        drop(pool);
        self.returned.notify_one();
    }

    fn connect(&self) -> Result<Conn> {
        let client = self.config.connect(NoTls).map_err(|e| {
            let reason = match e.as_db_error() {
                Some(db) => db.message().to_string(),
                None => {
                    let mut reason = e.to_string();
                    if let Some(cause) = std::error::Error::source(&e) {
                        reason = format!("{reason}: {cause}");
                    }
                    reason
                }
            };
            Error::Storage(format!("cannot connect to {}: {reason}", self.target))
        })?;
        let mut conn = Conn {
            client,
            statements: HashMap::new(),
            reset_prepared: false,
        };
        // For every statement, in a transaction or outside one.
        let session = lock_timeout(self.busy_timeout, "SET");
        conn.client
            .batch_execute(&session)
            .map_err(|e| PgError(e).into_error(&self.target))?;
        Ok(conn)
    }
}

impl Store for PgStore {
    fn read(&self) -> Result<Box<dyn Txn + '_>> {
        Ok(Box::new(PgStore::read(self)?))
    }

    fn write(&self) -> Result<Box<dyn Txn + '_>> {
        Ok(Box::new(PgStore::write(self)?))
    }

    fn glance(&self) -> Result<Box<dyn Txn + '_>> {
        Ok(Box::new(PgTxn::glance(self, self.checkout()?)))
    }
}
