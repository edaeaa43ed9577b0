//! The SQLite backend. Every SQL string and pragma of the SQLite store lives
//! in this file or in `migrations.rs`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use rusqlite::ToSql;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Row, params};
use serde_json::Value;

use super::migrations::{SCHEMA_VERSION, migrations};
use super::snippet::snippet;
use super::{BulkStatus, Store, Txn};
use crate::error::{Error, Result};
use crate::model::{
    Channel, Detail, Event, EventKind, FieldDef, FieldKind, NewEvent, Priority, Reply, Role, Run,
    Status, Ticket, TicketType, Timestamp, TypeField,
};
use crate::query::{Filter, Query, SortKey};

/// How long a process waits by default for another's write lock before
/// giving up with [`Error::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A ticket store in one SQLite file (WAL mode, foreign keys on), shared
/// by many threads: each transaction has a connection of its own from a
/// small pool.
pub struct SqliteStore {
    pool: Pool,
}

/// The most connections one store keeps open.
const MAX_CONNECTIONS: usize = 8;

/// How to open another connection to the store.
enum Source {
    /// The file at this name, opened with these flags.
    File {
        name: String,
        flags: OpenFlags,
        busy_timeout: Duration,
    },
    /// A private in-memory database: its one connection is all there is.
    Memory,
}

/// The connections of one store, each lent to one transaction at a time.
struct Pool {
    state: Mutex<PoolState>,
    returned: Condvar,
    source: Source,
}

struct PoolState {
    idle: Vec<Connection>,
    /// Connections open, idle or lent.
    open: usize,
}

/// A connection lent by the pool; back to it when dropped.
struct Lease<'p> {
    conn: Option<Connection>,
    pool: &'p Pool,
}

impl std::ops::Deref for Lease<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("lent until dropped")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("lent until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut state = self.pool.state.lock().unwrap_or_else(|e| e.into_inner());
            state.idle.push(conn);
            self.pool.returned.notify_one();
        }
    }
}

impl Pool {
    fn new(first: Connection, source: Source) -> Self {
        Pool {
            state: Mutex::new(PoolState {
                idle: vec![first],
                open: 1,
            }),
            returned: Condvar::new(),
            source,
        }
    }

    /// A connection: an idle one, a new one while there are fewer than
    /// [`MAX_CONNECTIONS`], else the next one returned (waiting up to the
    /// busy timeout).
    fn lease(&self) -> Result<Lease<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(Lease {
                    conn: Some(conn),
                    pool: self,
                });
            }
            match &self.source {
                Source::File {
                    name,
                    flags,
                    busy_timeout,
                } if state.open < MAX_CONNECTIONS => {
                    state.open += 1;
                    drop(state);
                    let opened = Connection::open_with_flags(name, *flags)
                        .and_then(|conn| configure(conn, *busy_timeout));
                    return match opened {
                        Ok(conn) => Ok(Lease {
                            conn: Some(conn),
                            pool: self,
                        }),
                        Err(e) => {
                            self.state.lock().unwrap_or_else(|e| e.into_inner()).open -= 1;
                            Err(e.into())
                        }
                    };
                }
                Source::File { busy_timeout, .. } => {
                    let (next, waited) = self
                        .returned
                        .wait_timeout(state, *busy_timeout)
                        .unwrap_or_else(|e| e.into_inner());
                    if waited.timed_out() && next.idle.is_empty() {
                        return Err(Error::Busy);
                    }
                    state = next;
                }
                Source::Memory => {
                    state = self.returned.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }
}

/// Sets a new connection up as every connection of a store is.
fn configure(conn: Connection, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    conn.busy_timeout(busy_timeout)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

/// A connection being opened, judged and brought up to date.
struct Setup {
    conn: Connection,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            // The desk validates before writing, so only records brought in
            // whole (an import) can collide with stored ones.
            Some(ErrorCode::ConstraintViolation) => Error::invalid("record", e.to_string()),
            _ => Error::Storage(e.to_string()),
        }
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        match e {
            rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
            other => Error::Storage(other.to_string()),
        }
    }
}

/// How a command means to use the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only: nothing is created, and a missing or empty file reads
    /// as an empty store. An existing store may still be upgraded to this
    /// build's schema.
    Read,
    /// Reading and writing: a missing store is created (mode 0600).
    Write,
}

/// The `application_id` in the header of every store (ASCII "tick"): what
/// tells a ticket store from another application's SQLite database.
pub const APPLICATION_ID: i32 = 0x7469_636B;

/// What a SQLite file holds, judged before anything is written to it.
#[derive(Debug, PartialEq, Eq)]
enum Contents {
    /// A ticket store (at any schema version up to this build's).
    Store,
    /// A database without a single table: free to become a store.
    Empty,
    /// Somebody else's database.
    Foreign,
}

impl SqliteStore {
    /// Opens the store at `path` for `access`. A store written by a newer
    /// `ticket` is refused with [`Error::TooNew`], a file that is not a
    /// ticket store with [`Error::NotAStore`]; neither is changed. Writing
    /// creates a missing store (mode 0600) and adopts an empty file,
    /// tightening it to 0600; reading creates nothing. Waits up to
    /// `busy_timeout` for other writers.
    pub fn open(path: &Path, busy_timeout: Duration, access: Access) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, busy_timeout, access, flags)
    }

    fn open_with(
        path: &Path,
        busy_timeout: Duration,
        access: Access,
        flags: OpenFlags,
    ) -> Result<Self> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        // SQLite is handed an absolute path with URIs off, so no name is
        // read as anything but a file.
        let file = std::path::absolute(path).map_err(io)?;
        let size = match std::fs::metadata(&file) {
            Ok(meta) if meta.is_dir() => return Err(not_a_store(path, "it is a directory")),
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if access == Access::Read {
                    return Self::open_in_memory();
                }
                // Create the file ourselves so its mode is 0600 from the
                // first byte; SQLite gives the -wal and -shm files the same.
                OpenOptions::new()
                    .read(true)
                    .append(true)
                    .create(true)
                    .mode(0o600)
                    .open(&file)
                    .map_err(io)?;
                0
            }
            Err(e) => return Err(io(e)),
        };
        if size == 0 {
            if access == Access::Read {
                return Self::open_in_memory();
            }
            // Adopting a file made by someone else: private, like ours.
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        let opened = Connection::open_with_flags(&file, flags)
            .and_then(|conn| configure(conn, busy_timeout))
            .map(|conn| Setup { conn })
            .and_then(|store| Ok((store.contents()?, store)));
        let mut store = match opened {
            Ok((Contents::Store, store)) => store,
            Ok((Contents::Empty, store)) if access == Access::Write => store,
            Ok((Contents::Empty, _)) => return Self::open_in_memory(),
            Ok((Contents::Foreign, _)) => return Err(foreign(path)),
            Err(e) if access == Access::Read && is_unwritable(&e) => {
                // A store in a directory we cannot write to: its WAL index
                // cannot be made there, but then nobody can write the store
                // either, so it is read as an unchanging file.
                return Self::open_immutable(path, &file, busy_timeout);
            }
            Err(e) => return Err(store_error(path, e)),
        };
        if !store.is_ready()? {
            // Concurrent first opens race on journal_mode and CREATE TABLE;
            // an exclusive lock on a side file serialises the set-up.
            let lock = lock_file(&file)?;
            store.set_up()?;
            drop(lock);
        }
        Ok(SqliteStore::pooled(
            store.conn,
            Source::File {
                name: file.to_string_lossy().into_owned(),
                flags,
                busy_timeout,
            },
        ))
    }

    fn pooled(conn: Connection, source: Source) -> Self {
        SqliteStore {
            pool: Pool::new(conn, source),
        }
    }

    /// Opens a store read-only as a file nobody changes.
    fn open_immutable(path: &Path, file: &Path, busy_timeout: Duration) -> Result<Self> {
        let mut uri = url::Url::from_file_path(file)
            .map_err(|()| not_a_store(path, "its path cannot be opened read-only"))?;
        uri.set_query(Some("immutable=1"));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = Connection::open_with_flags(uri.as_str(), flags)
            .and_then(|conn| configure(conn, busy_timeout))
            .map(|conn| Setup { conn })
            .map_err(|e| store_error(path, e))?;
        match store.contents().map_err(|e| store_error(path, e))? {
            Contents::Store => {}
            Contents::Empty => return Self::open_in_memory(),
            Contents::Foreign => return Err(foreign(path)),
        }
        if store.user_version()? != SCHEMA_VERSION {
            return Err(Error::Storage(format!(
                "{}: the store needs an upgrade to schema version {SCHEMA_VERSION}, and it is read-only",
                path.display()
            )));
        }
        Ok(SqliteStore::pooled(
            store.conn,
            Source::File {
                name: uri.to_string(),
                flags,
                busy_timeout,
            },
        ))
    }

    /// Opens a private in-memory store, for tests.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut store = Setup { conn };
        store.set_up()?;
        Ok(SqliteStore::pooled(store.conn, Source::Memory))
    }

    /// Brings a store to an exact schema version, for migration tests.
    #[cfg(test)]
    pub(crate) fn open_at_version(path: &Path, version: usize) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        migrations().to_version(&mut conn, version)?;
        Ok(SqliteStore::pooled(
            conn,
            Source::File {
                name: path.to_string_lossy().into_owned(),
                flags: OpenFlags::default(),
                busy_timeout: BUSY_TIMEOUT,
            },
        ))
    }

    /// A connection of the store's, for tests that look inside.
    #[cfg(test)]
    fn conn(&self) -> Lease<'_> {
        self.pool.lease().expect("a connection")
    }

    /// The store's schema version, for tests.
    #[cfg(test)]
    fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

impl Setup {
    /// Tells a ticket store from an empty or foreign database, reading only.
    fn contents(&self) -> rusqlite::Result<Contents> {
        // One statement, so one snapshot: another process may be setting
        // the store up meanwhile, one committed step after another.
        // The four tables are those every schema version has had.
        let (app, version, objects, ours): (i32, i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()), \
                    (SELECT user_version FROM pragma_user_version()), \
                    count(*), \
                    coalesce(sum(type = 'table' AND name IN \
                        ('tickets', 'ticket_types', 'field_defs', 'type_fields')), 0) \
             FROM sqlite_schema",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        Ok(match app {
            APPLICATION_ID => Contents::Store,
            // Stores made before the application id was set (schema 8 and
            // older) are known by their version and their tables.
            0 if version == 0 && objects == 0 => Contents::Empty,
            0 if (1..=8).contains(&version) && ours == 4 => Contents::Store,
            _ => Contents::Foreign,
        })
    }

    fn is_ready(&self) -> Result<bool> {
        let version = self.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        Ok(version == SCHEMA_VERSION && mode.eq_ignore_ascii_case("wal"))
    }

    fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn set_up(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::Storage(format!(
                "could not switch to WAL mode (got {mode})"
            )));
        }
        let found = self.user_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found,
                known: SCHEMA_VERSION,
            });
        }
        let steps = migrations();
        for version in found + 1..=SCHEMA_VERSION {
            steps.to_version(&mut self.conn, version as usize)?;
        }
        Ok(())
    }
}

fn not_a_store(path: &Path, reason: &str) -> Error {
    Error::NotAStore {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn foreign(path: &Path) -> Error {
    not_a_store(path, "it is a SQLite database of another application")
}

/// A failure to read a store's header, named for the file.
fn store_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_store(path, "it is not a SQLite database"),
        _ => e.into(),
    }
}

/// Whether SQLite failed for want of write access to the store's directory
/// or files (the WAL index cannot be created or opened).
fn is_unwritable(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied)
    )
}

fn lock_file(db: &Path) -> Result<File> {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .open(&path)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    file.lock().map_err(|source| Error::Io { path, source })?;
    Ok(file)
}

/// The connection's settings for a bulk load, or back to the usual ones.
///
/// A larger page cache keeps a long transaction from spilling pages to the
/// WAL and reading them back. CHECK constraints are not evaluated: a load
/// writes statuses and priorities from the model's enums, which hold no
/// other value, and a `status IN (…)` check builds a temporary table for
/// every row inserted by a statement of one row, a third of the cost of
/// writing a ticket's state row.
fn set_bulk_settings(conn: &Connection, on: bool) -> Result<()> {
    conn.pragma_update(None, "cache_size", if on { -65536 } else { -2000 })?;
    conn.pragma_update(None, "ignore_check_constraints", on)?;
    Ok(())
}

impl Store for SqliteStore {
    fn read(&self) -> Result<Box<dyn Txn + '_>> {
        SqliteTxn::begin(self.pool.lease()?, "BEGIN DEFERRED")
    }

    fn write(&self) -> Result<Box<dyn Txn + '_>> {
        // IMMEDIATE takes the write lock now, under the busy timeout; a
        // deferred transaction would fail on upgrade with no retry.
        SqliteTxn::begin(self.pool.lease()?, "BEGIN IMMEDIATE")
    }
}

/// A transaction on a leased connection: rolled back when dropped unless
/// committed.
struct SqliteTxn<'c> {
    tx: Lease<'c>,
    committed: bool,
    /// What a bulk load in progress has brought, for its end.
    bulk: RefCell<Option<BulkLoad>>,
    /// Whether a bulk load changed the connection's settings (its page
    /// cache, its CHECK constraints) and has not put them back yet.
    loading: Cell<bool>,
}

impl Drop for SqliteTxn<'_> {
    fn drop(&mut self) {
        // Nothing to report to: a failed rollback or reset leaves the
        // connection to SQLite, which rolls back when it closes.
        if !self.committed && !self.tx.is_autocommit() {
            let _ = self.tx.execute_batch("ROLLBACK");
        }
        // The connection goes back to the pool as every other is.
        if self.loading.get() {
            let _ = set_bulk_settings(&self.tx, false);
        }
    }
}

/// The rows a bulk load added, to index for search at its end, and the
/// indexes it dropped to rebuild then (a load into an empty store builds
/// each index once, sorted, instead of row by row).
#[derive(Default)]
struct BulkLoad {
    tickets: IdRanges,
    replies: IdRanges,
    dropped_indexes: Vec<String>,
}

/// Row ids as runs of consecutive ids (first id to last): an export's ids
/// mostly follow each other, so a load of any size is noted in a few runs.
#[derive(Default)]
struct IdRanges(BTreeMap<i64, i64>);

impl IdRanges {
    fn contains(&self, id: i64) -> bool {
        self.0
            .range(..=id)
            .next_back()
            .is_some_and(|(_, last)| id <= *last)
    }

    /// Notes an id not noted yet.
    fn push(&mut self, id: i64) {
        match self.0.range_mut(..id).next_back() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => {
                self.0.insert(id, id);
            }
        }
    }
}

/// A ticket's columns: `t` is its `tickets` row, `s` its `ticket_state` row.
const TICKET_COLUMNS: &str = "s.id, t.type, t.subject, t.question, s.status, s.priority, t.support, \
     t.committer, t.requester, s.assignee, t.grp, t.organization, t.channel, \
     t.tags, t.fields, s.version, t.created_at, s.updated_at";

/// The condition of the `state_by_assignee` index, as its schema spells it.
const OPEN_WORK: &str = "s.status IN ('new','open','pending','holding')";

/// Whole tickets: each state row with its ticket (every ticket has one).
const TICKETS: &str = "ticket_state s JOIN tickets t ON t.id = s.id";

/// What a query over tickets reads from: the narrow state rows alone when
/// it names no `tickets` column (a count by status then never reads the
/// wide rows), or whole tickets.
fn tickets_from(reads_tickets: bool) -> &'static str {
    if reads_tickets {
        TICKETS
    } else {
        "ticket_state s"
    }
}

/// The distinct tags of a filter that asks for nothing but tags (every
/// status, no other condition).
fn tags_only(filter: &Filter) -> Option<Vec<String>> {
    let rest = Filter {
        tags: Vec::new(),
        ..filter.clone()
    };
    if filter.tags.is_empty()
        || rest.effective_statuses().is_some()
        || rest
            != (Filter {
                all: rest.all,
                ..Filter::default()
            })
    {
        return None;
    }
    let mut tags = filter.tags.clone();
    tags.sort();
    tags.dedup();
    Some(tags)
}

/// A ticket's tags as the `tags` column holds them: a JSON array, sorted.
fn tag_list(t: &Ticket) -> String {
    let mut tags: Vec<&str> = t.tags.iter().map(String::as_str).collect();
    tags.sort_unstable();
    tags.dedup();
    Value::from(tags).to_string()
}

/// The text of a ticket's string-valued fields, one per line, for search
/// (`NULL` when it has none).
fn field_text(t: &Ticket) -> Option<String> {
    let values: Vec<&str> = t.fields.values().filter_map(Value::as_str).collect();
    (!values.is_empty()).then(|| values.join("\n"))
}

/// A ticket's `tickets` row as parameters: ?1 the id, then type, subject,
/// question, support, committer, requester, grp, organization, channel,
/// tags, fields, field_text and created_at.
struct WideRow<'t> {
    ticket: &'t Ticket,
    id: Option<i64>,
    channel: &'static str,
    tags: String,
    fields: String,
    field_text: Option<String>,
    created_at: String,
}

impl<'t> WideRow<'t> {
    fn of(ticket: &'t Ticket, id: Option<i64>, tags: String) -> Self {
        WideRow {
            ticket,
            id,
            channel: ticket.channel.as_str(),
            tags,
            fields: Value::Object(ticket.fields.clone()).to_string(),
            field_text: field_text(ticket),
            created_at: ticket.created_at.to_string(),
        }
    }

    fn params(&self) -> [&dyn ToSql; 14] {
        let t = self.ticket;
        [
            &self.id,
            &t.kind,
            &t.subject,
            &t.question,
            &t.support,
            &t.committer,
            &t.requester,
            &t.group,
            &t.organization,
            &self.channel,
            &self.tags,
            &self.fields,
            &self.field_text,
            &self.created_at,
        ]
    }
}

/// A ticket's `ticket_state` row as parameters: ?1 the id, then status,
/// priority, assignee, version and updated_at (microseconds).
struct StateRow<'t> {
    id: i64,
    status: &'static str,
    priority: &'static str,
    assignee: &'t Option<String>,
    version: i64,
    updated_at: i64,
}

impl<'t> StateRow<'t> {
    fn of(ticket: &'t Ticket, id: i64) -> Self {
        StateRow {
            id,
            status: ticket.status.as_str(),
            priority: ticket.priority.as_str(),
            assignee: &ticket.assignee,
            version: ticket.version,
            updated_at: ticket.updated_at.micros(),
        }
    }

    fn params(&self) -> [&dyn ToSql; 6] {
        [
            &self.id,
            &self.status,
            &self.priority,
            self.assignee,
            &self.version,
            &self.updated_at,
        ]
    }
}

fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} '{value}' is not valid").into(),
    )
}

/// A text column, borrowed from SQLite's row buffer.
fn text_col<'r>(row: &'r Row, idx: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(idx)?.as_str()?)
}

fn parse_col<T: std::str::FromStr>(row: &Row, idx: usize, what: &str) -> rusqlite::Result<T> {
    let s = text_col(row, idx)?;
    s.parse().map_err(|_| corrupt(what, s))
}

/// A time kept as microseconds since the epoch.
fn micros_col(row: &Row, idx: usize, what: &str) -> rusqlite::Result<Timestamp> {
    let micros: i64 = row.get(idx)?;
    Timestamp::from_micros(micros).ok_or_else(|| corrupt(what, &micros.to_string()))
}

fn json_col<T: serde::de::DeserializeOwned>(
    row: &Row,
    idx: usize,
    what: &str,
) -> rusqlite::Result<T> {
    let s = text_col(row, idx)?;
    serde_json::from_str(s).map_err(|_| corrupt(what, s))
}

fn opt_json_col(row: &Row, idx: usize) -> rusqlite::Result<Option<Value>> {
    let s = row.get_ref(idx)?.as_str_or_null()?;
    s.map(|s| serde_json::from_str(s).map_err(|_| corrupt("event value", s)))
        .transpose()
}

fn ticket_from_row(row: &Row) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: row.get(0)?,
        kind: row.get(1)?,
        subject: row.get(2)?,
        question: row.get(3)?,
        status: parse_col::<Status>(row, 4, "status")?,
        priority: parse_col::<Priority>(row, 5, "priority")?,
        support: row.get(6)?,
        committer: row.get(7)?,
        requester: row.get(8)?,
        assignee: row.get(9)?,
        group: row.get(10)?,
        organization: row.get(11)?,
        channel: parse_col::<Channel>(row, 12, "channel")?,
        tags: json_col(row, 13, "tags")?,
        fields: json_col(row, 14, "fields")?,
        version: row.get(15)?,
        created_at: parse_col::<Timestamp>(row, 16, "created_at")?,
        updated_at: micros_col(row, 17, "updated_at")?,
    })
}

fn reply_from_row(row: &Row) -> rusqlite::Result<Reply> {
    let role: i64 = row.get(3)?;
    Ok(Reply {
        id: row.get(0)?,
        workorder_id: row.get(1)?,
        committer: row.get(2)?,
        role: Role::from_code(role).map_err(|_| corrupt("role", &role.to_string()))?,
        detail: Detail {
            text: row.get(4)?,
            image: json_col(row, 5, "images")?,
        },
        internal: row.get(6)?,
        created_at: parse_col::<Timestamp>(row, 7, "created_at")?,
    })
}

fn event_from_row(row: &Row) -> rusqlite::Result<Event> {
    let kind: String = row.get(4)?;
    Ok(Event {
        id: row.get(0)?,
        ticket_id: row.get(1)?,
        at: parse_col::<Timestamp>(row, 2, "event time")?,
        actor: row.get(3)?,
        kind: EventKind::from_name(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
        field: row.get(5)?,
        old: opt_json_col(row, 6)?,
        new: opt_json_col(row, 7)?,
        run: row.get(8)?,
    })
}

const EVENT_COLUMNS: &str = "id, ticket_id, at, actor, kind, field, old, new, run_id";

/// A WHERE clause built from a [`Filter`].
struct Where {
    /// `WHERE …`, or nothing.
    clause: String,
    params: Vec<SqlValue>,
    /// Whether a condition names a column of `tickets` (`t`), not only of
    /// `ticket_state` (`s`).
    reads_tickets: bool,
}

/// The WHERE clause of a [`Filter`], with its parameters.
fn where_clause(filter: &Filter) -> Where {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    // Set by every condition on a `tickets` column (alias `t`).
    let mut reads_tickets = false;
    let mut any_of = |column: &str, values: Vec<String>, conds: &mut Vec<String>| {
        let marks = vec!["?"; values.len()].join(", ");
        conds.push(format!("{column} IN ({marks})"));
        params.extend(values.into_iter().map(SqlValue::Text));
    };
    if let Some(statuses) = filter.effective_statuses() {
        any_of(
            "s.status",
            statuses.iter().map(|s| s.as_str().to_string()).collect(),
            &mut conds,
        );
    }
    if !filter.types.is_empty() {
        any_of("t.type", filter.types.clone(), &mut conds);
        reads_tickets = true;
    }
    if !filter.priorities.is_empty() {
        any_of(
            "s.priority",
            filter
                .priorities
                .iter()
                .map(|p| p.as_str().to_string())
                .collect(),
            &mut conds,
        );
    }
    match &filter.assignee {
        Some(Some(a)) => {
            conds.push("s.assignee = ?".into());
            params.push(SqlValue::Text(a.clone()));
        }
        Some(None) => conds.push("s.assignee IS NULL".into()),
        None => {}
    }
    // The people index holds open work only; SQLite uses it when the query
    // repeats the index's own condition, word for word.
    if filter.assignee.is_some()
        && filter
            .effective_statuses()
            .is_some_and(|all| all.iter().all(|s| s.is_open_work()))
    {
        conds.push(OPEN_WORK.into());
    }
    if let Some(r) = &filter.requester {
        conds.push("t.requester = ?".into());
        params.push(SqlValue::Text(r.clone()));
        reads_tickets = true;
    }
    // With every status admitted, the tag index drives the query (tagged
    // ids, then their tickets); with a status filter the status index is
    // usually narrower, and each candidate's tags are probed instead.
    let tag_condition = if filter.effective_statuses().is_none() {
        "s.id IN (SELECT g.ticket_id FROM ticket_tags g WHERE g.tag = ?)"
    } else {
        "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag = ? AND g.ticket_id = s.id)"
    };
    for tag in &filter.tags {
        conds.push(tag_condition.into());
        params.push(SqlValue::Text(tag.clone()));
    }
    for tag in &filter.without_tags {
        conds.push(
            "NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag = ? AND g.ticket_id = s.id)"
                .into(),
        );
        params.push(SqlValue::Text(tag.clone()));
    }
    for word in &filter.text {
        conds.push(
            "(instr(lower(t.subject), lower(?)) > 0 OR instr(lower(t.question), lower(?)) > 0 \
             OR instr(lower(coalesce(t.field_text, '')), lower(?)) > 0 \
             OR EXISTS (SELECT 1 FROM replies r WHERE r.ticket_id = s.id AND instr(lower(r.text), lower(?)) > 0))"
                .into(),
        );
        params.extend(std::iter::repeat_n(SqlValue::Text(word.clone()), 4));
        reads_tickets = true;
    }
    for (name, value) in &filter.fields {
        conds.push("json_extract(t.fields, ?) = ?".into());
        reads_tickets = true;
        params.push(SqlValue::Text(format!("$.\"{name}\"")));
        params.push(match value {
            Value::Bool(b) => SqlValue::Integer(*b as i64),
            Value::Number(n) => match n.as_i64() {
                Some(i) => SqlValue::Integer(i),
                None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => SqlValue::Text(s.clone()),
            other => SqlValue::Text(other.to_string()),
        });
    }
    if let Some(t) = &filter.updated_before {
        conds.push("s.updated_at < ?".into());
        params.push(SqlValue::Integer(t.micros()));
    }
    if let Some(t) = &filter.updated_after {
        conds.push("s.updated_at >= ?".into());
        params.push(SqlValue::Integer(t.micros()));
    }
    for (column, op, time) in [
        ("t.created_at", "<", &filter.created_before),
        ("t.created_at", ">=", &filter.created_after),
    ] {
        if let Some(t) = time {
            conds.push(format!("{column} {op} ?"));
            params.push(SqlValue::Text(t.to_string()));
            reads_tickets = true;
        }
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Where {
        clause,
        params,
        reads_tickets,
    }
}

/// `SELECT s.id …` for a query, with its parameters.
fn select_ids(query: &Query) -> (String, Vec<SqlValue>) {
    let Where {
        clause,
        mut params,
        reads_tickets,
    } = where_clause(&query.filter);
    let (order, sorts_by_ticket) = order_clause(query);
    let from = tickets_from(reads_tickets || sorts_by_ticket);
    params.push(SqlValue::Integer(
        query
            .window
            .limit
            .map_or(-1, |l| l.min(i64::MAX as u64) as i64),
    ));
    params.push(SqlValue::Integer(
        query.window.offset.min(i64::MAX as u64) as i64
    ));
    (
        format!("SELECT s.id FROM {from} {clause} {order} LIMIT ? OFFSET ?"),
        params,
    )
}

/// The ORDER BY of a query, and whether its key is a `tickets` column.
fn order_clause(query: &Query) -> (String, bool) {
    let dir = if query.sort.descending { "DESC" } else { "ASC" };
    let key = match query.sort.key {
        SortKey::Id => return (format!("ORDER BY s.id {dir}"), false),
        SortKey::Created => "t.created_at",
        SortKey::Updated => "s.updated_at",
        SortKey::Priority => {
            "CASE s.priority WHEN 'normal' THEN 0 WHEN 'important' THEN 1 ELSE 2 END"
        }
        SortKey::Status => {
            "CASE s.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
             WHEN 'holding' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END"
        }
        SortKey::Type => "t.type",
        SortKey::Subject => "t.subject",
        SortKey::Assignee => "s.assignee",
        SortKey::Requester => "t.requester",
    };
    (
        format!("ORDER BY {key} {dir}, s.id {dir}"),
        key.starts_with("t."),
    )
}

impl<'c> SqliteTxn<'c> {
    fn begin(tx: Lease<'c>, begin: &str) -> Result<Box<dyn Txn + 'c>> {
        tx.execute_batch(begin)?;
        Ok(Box::new(SqliteTxn {
            tx,
            committed: false,
            bulk: RefCell::default(),
            loading: Cell::new(false),
        }))
    }

    /// Stores an event under `id`, or the next id when `None`.
    fn write_event(&self, id: Option<i64>, e: &NewEvent) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (id, ticket_id, at, actor, kind, field, old, new, run_id) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                id,
                e.ticket_id,
                e.at.to_string(),
                e.actor,
                e.kind.as_str(),
                e.field,
                e.old.as_ref().map(Value::to_string),
                e.new.as_ref().map(Value::to_string),
                e.run,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn write_tags(&self, ticket: &Ticket) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM ticket_tags WHERE ticket_id = ?")?
            .execute([ticket.id])?;
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO ticket_tags (tag, ticket_id) VALUES (?, ?)")?;
        for tag in &ticket.tags {
            insert.execute(params![tag, ticket.id])?;
        }
        Ok(())
    }

    fn type_fields(&self, kind: &str) -> Result<Vec<TypeField>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT field, required FROM type_fields WHERE type = ? ORDER BY position, field",
        )?;
        let rows = stmt.query_map([kind], |r| {
            Ok(TypeField {
                name: r.get(0)?,
                required: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Txn for SqliteTxn<'_> {
    fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM {TICKETS} WHERE s.id = ?");
        Ok(self
            .tx
            .prepare_cached(&sql)?
            .query_row([id], ticket_from_row)
            .optional()?)
    }

    fn scan_tickets(
        &self,
        query: &Query,
        each: &mut dyn FnMut(Ticket) -> Result<()>,
    ) -> Result<()> {
        // The ids are sorted first and the rows read in that order, so the
        // sort holds keys, not whole tickets (which spill to disk). The
        // CROSS JOIN keeps the ids as the outer loop, and the subquery's
        // LIMIT (always there, -1 for none) keeps SQLite from dropping its
        // ORDER BY; `every_sort_key_orders_whole_tickets` checks the order.
        let (ids, params) = select_ids(query);
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM ({ids}) AS k CROSS JOIN ticket_state s ON s.id = k.id \
             CROSS JOIN tickets t ON t.id = k.id"
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(ticket_from_row(row)?)?;
        }
        Ok(())
    }

    fn scan_threads(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(Ticket, Vec<Reply>, Vec<Event>) -> Result<()>,
    ) -> Result<()> {
        // Three cursors ordered by ticket id, merged: one pass over each table.
        let Where {
            clause,
            params,
            reads_tickets,
        } = where_clause(filter);
        let ids = format!("SELECT s.id FROM {} {clause}", tickets_from(reads_tickets));
        let mut tickets = self.tx.prepare(&format!(
            "SELECT {TICKET_COLUMNS} FROM {TICKETS} {clause} ORDER BY s.id"
        ))?;
        let mut replies = self.tx.prepare(&format!(
            "SELECT id, ticket_id, committer, role, text, images, internal, created_at FROM replies \
             WHERE ticket_id IN ({ids}) ORDER BY ticket_id, id"
        ))?;
        let mut events = self.tx.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE ticket_id IN ({ids}) ORDER BY ticket_id, id"
        ))?;
        let mut t_rows = tickets.query(rusqlite::params_from_iter(params.iter()))?;
        let mut r_rows = replies
            .query_map(rusqlite::params_from_iter(params.iter()), reply_from_row)?
            .peekable();
        let mut e_rows = events
            .query_map(rusqlite::params_from_iter(params.iter()), event_from_row)?
            .peekable();
        while let Some(row) = t_rows.next()? {
            let ticket = ticket_from_row(row)?;
            let mut rs = Vec::new();
            while let Some(r) =
                r_rows.next_if(|r| r.as_ref().map_or(true, |r| r.workorder_id == ticket.id))
            {
                rs.push(r?);
            }
            let mut es = Vec::new();
            while let Some(e) =
                e_rows.next_if(|e| e.as_ref().map_or(true, |e| e.ticket_id == ticket.id))
            {
                es.push(e?);
            }
            each(ticket, rs, es)?;
        }
        Ok(())
    }

    fn insert_event_row(&self, e: &Event) -> Result<()> {
        self.write_event(Some(e.id), &NewEvent::from(e.clone()))
            .map(|_| ())
    }

    fn runs(&self) -> Result<Vec<Run>> {
        let mut stmt = self.tx.prepare_cached("SELECT id FROM runs ORDER BY id")?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .filter_map(|id| self.run(id).transpose())
            .collect()
    }

    fn insert_run_row(&self, run: &Run) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO runs (id, rule, actor, at, undone_by) VALUES (?, ?, ?, ?, ?)",
            )?
            .execute(params![
                run.id,
                run.rule,
                run.actor,
                run.at.to_string(),
                run.undone_by
            ])?;
        Ok(())
    }

    fn search(
        &self,
        words: &[String],
        filter: &Filter,
        limit: Option<u64>,
        each: &mut dyn FnMut(Ticket, String) -> Result<()>,
    ) -> Result<()> {
        // Every word is required, within the ticket's own text or within one
        // reply. FTS5 answers `LIKE '%word%'` from its trigram index; a word
        // holding `%` or `_` (wildcards to LIKE) is also checked literally.
        // Word k is bound as ?k (the word) and ?(n+k) (its LIKE pattern).
        //
        // The score is BM25's term-frequency part (k1 = 1.2, b = 0.75, an
        // average length of 200 characters) summed over the words: FTS5's
        // own bm25() counts each trigram's documents, which is most of the
        // cost of a search in a large store. Each match (a ticket's text or
        // a reply) gives its length and each word's count, each read once;
        // a word's count is the bytes that removing it takes away. The
        // best-scored match of a ticket gives its order, and its text the
        // snippet, written only for the tickets returned (see `snippet`).
        let n = words.len();
        let mut conditions = Vec::new();
        let mut counts = Vec::new();
        let mut score = Vec::new();
        for (k, word) in words.iter().enumerate() {
            let (word_param, pattern_param) = (k + 1, n + k + 1);
            conditions.push(format!("text LIKE ?{pattern_param}"));
            if word.contains(['%', '_']) {
                conditions.push(format!("instr(lower(text), lower(?{word_param})) > 0"));
            }
            counts.push(format!(
                "(octet_length(text) - octet_length(replace(lower(text), lower(?{word_param}), ''))) \
                 / octet_length(?{word_param})"
            ));
            score.push(format!(
                "tf{k} * 2.2 / (tf{k} + 1.2 * (0.25 + 0.75 * len / 200.0))"
            ));
        }
        let conditions = conditions.join(" AND ");
        let counts = counts.join(", ");
        let count_names: Vec<String> = (0..n).map(|k| format!("tf{k}")).collect();
        let count_names = count_names.join(", ");
        let score = score.join(" + ");
        let Where {
            clause,
            params: filter_params,
            ..
        } = where_clause(filter);
        // `hits` is a compound SELECT under an aggregate, so SQLite computes
        // its columns once per row rather than copying their expressions
        // into the score.
        let sql = format!(
            "WITH hits (ticket_id, reply_id, len, {count_names}) AS ( \
                 SELECT rowid, NULL, length(text), {counts} FROM ticket_text WHERE {conditions} \
                 UNION ALL \
                 SELECT ticket_id, rowid, length(text), {counts} FROM reply_text WHERE {conditions}), \
             best AS (SELECT ticket_id, max({score}) AS score, reply_id FROM hits GROUP BY ticket_id) \
             SELECT {TICKET_COLUMNS}, CASE WHEN best.reply_id IS NULL \
                 THEN (SELECT text FROM ticket_document WHERE id = best.ticket_id) \
                 ELSE (SELECT text FROM replies WHERE id = best.reply_id) END \
             FROM best JOIN ticket_state s ON s.id = best.ticket_id \
             JOIN tickets t ON t.id = best.ticket_id {clause} ORDER BY best.score DESC, s.id LIMIT ?"
        );
        let mut params: Vec<SqlValue> = words.iter().map(|w| SqlValue::Text(w.clone())).collect();
        params.extend(words.iter().map(|w| SqlValue::Text(format!("%{w}%"))));
        params.extend(filter_params);
        params.push(SqlValue::Integer(
            limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64),
        ));
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            let snippet = snippet(text_col(row, 18)?, words);
            each(ticket_from_row(row)?, snippet)?;
        }
        Ok(())
    }

    fn begin_bulk_load(&self) -> Result<()> {
        self.loading.set(true);
        set_bulk_settings(&self.tx, true)?;
        self.tx.execute_batch(super::migrations::BEGIN_BULK_LOAD)?;
        let mut load = BulkLoad::default();
        let empty: bool =
            self.tx
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM tickets)", [], |r| {
                    r.get(0)
                })?;
        if empty {
            // Secondary indexes are built once at the end, except the one
            // `has_reply` reads (in id order, it costs a load almost nothing).
            let mut stmt = self.tx.prepare(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL \
                 AND tbl_name IN ('tickets', 'ticket_state', 'ticket_tags', 'replies', 'events') \
                 AND name <> 'replies_by_ticket'",
            )?;
            let indexes = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (name, sql) in indexes {
                self.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                load.dropped_indexes.push(sql);
            }
        }
        *self.bulk.borrow_mut() = Some(load);
        Ok(())
    }

    fn end_bulk_load(&self) -> Result<()> {
        let load = self.bulk.borrow_mut().take().unwrap_or_default();
        for sql in &load.dropped_indexes {
            self.tx.execute_batch(sql)?;
        }
        self.tx
            .execute_batch(super::migrations::BEGIN_BULK_INDEXING)?;
        for (sql, ranges) in [
            (super::migrations::INDEX_BULK_TICKETS, &load.tickets),
            (super::migrations::INDEX_BULK_REPLIES, &load.replies),
        ] {
            let mut index = self.tx.prepare(sql)?;
            for (first, last) in &ranges.0 {
                index.execute([first, last])?;
            }
        }
        self.tx.execute_batch(super::migrations::END_BULK_LOAD)?;
        if !load.dropped_indexes.is_empty() {
            // The load built the whole index: leave it in one piece.
            self.tx.execute_batch(super::migrations::OPTIMIZE_SEARCH)?;
        }
        set_bulk_settings(&self.tx, false)?;
        self.loading.set(false);
        Ok(())
    }

    fn ticket_exists(&self, id: i64) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM tickets WHERE id = ?")?
            .exists([id])?)
    }

    fn rebuild_search(&self) -> Result<()> {
        self.tx.execute_batch(super::migrations::REBUILD_SEARCH)?;
        Ok(())
    }

    fn ticket_ids(&self, query: &Query) -> Result<Vec<i64>> {
        let (sql, params) = select_ids(query);
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn bulk_status(&self, query: &Query, change: &BulkStatus<'_>) -> Result<Vec<i64>> {
        let (select, params) = select_ids(query);
        let at = change.at.to_string();
        self.tx.execute_batch("DROP TABLE IF EXISTS temp.moving; CREATE TEMP TABLE moving (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL, old TEXT NOT NULL)")?;
        self.tx.execute(
            &format!("INSERT INTO temp.moving (id, old) SELECT m.id, s.status FROM ({select}) m JOIN ticket_state s ON s.id = m.id"),
            rusqlite::params_from_iter(params),
        )?;
        self.tx.execute(
            "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
             SELECT id, ?1, ?2, 'status', 'status', json_quote(old), json_quote(?3), ?4 FROM temp.moving ORDER BY seq",
            params![at, change.actor, change.to.as_str(), change.run],
        )?;
        if let Some(note) = change.note {
            self.tx.execute(
                "INSERT INTO replies (ticket_id, committer, role, text, images, internal, created_at) \
                 SELECT id, ?1, 1, ?2, '[]', 1, ?3 FROM temp.moving ORDER BY seq",
                params![change.actor, note, at],
            )?;
            let last = self.tx.last_insert_rowid();
            let count: i64 = self
                .tx
                .query_row("SELECT count(*) FROM temp.moving", [], |r| r.get(0))?;
            self.tx.execute(
                "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
                 SELECT ticket_id, ?1, ?2, 'reply', NULL, NULL, id, ?3 FROM replies WHERE id > ?4 ORDER BY id",
                params![at, change.actor, change.run, last - count],
            )?;
        }
        self.tx.execute(
            "UPDATE ticket_state SET status = ?1, updated_at = max(updated_at, ?2), version = version + 1 \
             WHERE id IN (SELECT id FROM temp.moving)",
            params![change.to.as_str(), change.at.micros()],
        )?;
        let ids = {
            let mut stmt = self.tx.prepare("SELECT id FROM temp.moving ORDER BY seq")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<i64>>>()?
        };
        self.tx.execute_batch("DROP TABLE temp.moving")?;
        Ok(ids)
    }

    fn count_tickets(&self, filter: &Filter) -> Result<u64> {
        let (sql, params) = match tags_only(filter) {
            // Each (tag, ticket) pair is stored once and names a stored
            // ticket, so the tag index alone counts them: no ticket row is
            // read (1 ms instead of 20 for 12k tickets of 100k).
            Some(tags) => (
                format!(
                    "SELECT count(*) FROM (SELECT ticket_id FROM ticket_tags WHERE tag IN ({}) \
                     GROUP BY ticket_id HAVING count(*) = {})",
                    vec!["?"; tags.len()].join(", "),
                    tags.len()
                ),
                tags.into_iter().map(SqlValue::Text).collect(),
            ),
            None => {
                let Where {
                    clause,
                    params,
                    reads_tickets,
                } = where_clause(filter);
                (
                    format!(
                        "SELECT count(*) FROM {} {clause}",
                        tickets_from(reads_tickets)
                    ),
                    params,
                )
            }
        };
        let n: i64 = self
            .tx
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?;
        Ok(n as u64)
    }

    fn insert_ticket(&self, t: &Ticket) -> Result<i64> {
        let row = WideRow::of(t, (t.id > 0).then_some(t.id), tag_list(t));
        self.tx
            .prepare_cached(
                "INSERT INTO tickets (id, type, subject, question, support, committer, requester, \
                 grp, organization, channel, tags, fields, field_text, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(&row.params()[..])?;
        let id = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached(
                "INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(&StateRow::of(t, id).params()[..])?;
        if let Some(load) = self.bulk.borrow_mut().as_mut() {
            load.tickets.push(id);
        }
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO ticket_tags (tag, ticket_id) VALUES (?, ?)")?;
        for tag in &t.tags {
            insert.execute(params![tag, id])?;
        }
        Ok(id)
    }

    fn update_ticket(&self, t: &Ticket) -> Result<()> {
        let stored_tags: String = self
            .tx
            .prepare_cached("SELECT tags FROM tickets WHERE id = ?")?
            .query_row([t.id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("ticket", t.id))?;
        let tags = tag_list(t);
        let retag = stored_tags != tags;
        if let Some(load) = self.bulk.borrow_mut().as_mut()
            && !load.tickets.contains(t.id)
        {
            // Stored before the load, whose row triggers are off: its old
            // text leaves the index now, its new text joins with the load's.
            self.tx
                .prepare_cached(super::migrations::UNINDEX_TICKET)?
                .execute([t.id])?;
            load.tickets.push(t.id);
        }
        // The wide row is written only when one of its columns changes: an
        // edit of the priority or assignee rewrites the state row alone.
        self.tx
            .prepare_cached(
                "UPDATE tickets SET type = ?2, subject = ?3, question = ?4, support = ?5, \
                 committer = ?6, requester = ?7, grp = ?8, organization = ?9, channel = ?10, \
                 tags = ?11, fields = ?12, field_text = ?13, created_at = ?14 WHERE id = ?1 \
                 AND (type, subject, question, support, committer, requester, grp, organization, \
                 channel, tags, fields, field_text, created_at) \
                 IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(&WideRow::of(t, Some(t.id), tags).params()[..])?;
        let moved = self
            .tx
            .prepare_cached(
                "UPDATE ticket_state SET status = ?2, priority = ?3, assignee = ?4, version = ?5, \
                 updated_at = ?6 WHERE id = ?1",
            )?
            .execute(&StateRow::of(t, t.id).params()[..])?;
        if moved == 0 {
            // A ticket row without its state row is not a ticket.
            return Err(Error::not_found("ticket", t.id));
        }
        // The tag table is rewritten only when the tags change (a bulk
        // load drops its index by ticket).
        if retag {
            self.write_tags(t)?;
        }
        Ok(())
    }

    fn update_status(&self, id: i64, status: Status, at: Timestamp) -> Result<()> {
        let n = self
            .tx
            .prepare_cached(
                "UPDATE ticket_state SET status = ?, updated_at = max(updated_at, ?), version = version + 1 \
                 WHERE id = ?",
            )?
            .execute(params![status.as_str(), at.micros(), id])?;
        if n == 0 {
            return Err(Error::not_found("ticket", id));
        }
        Ok(())
    }

    fn idempotent_ticket(&self, key: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT ticket_id FROM idempotency_keys WHERE key = ?")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    fn insert_idempotency_key(&self, key: &str, ticket: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO idempotency_keys (key, ticket_id) VALUES (?, ?)")?
            .execute(params![key, ticket])?;
        Ok(())
    }

    fn scan_idempotency_keys(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()> {
        let Where { clause, params, .. } = where_clause(filter);
        let sql = format!(
            "SELECT k.key, k.ticket_id FROM {TICKETS} JOIN idempotency_keys k ON k.ticket_id = s.id \
             {clause} ORDER BY k.key"
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(row.get(0)?, row.get(1)?)?;
        }
        Ok(())
    }

    fn insert_run(&self, rule: &str, actor: &str, at: Timestamp) -> Result<i64> {
        self.tx
            .prepare_cached("INSERT INTO runs (rule, actor, at) VALUES (?, ?, ?)")?
            .execute(params![rule, actor, at.to_string()])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn run(&self, id: i64) -> Result<Option<Run>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id, rule, actor, at, undone_by FROM runs WHERE id = ?")?
            .query_row([id], |r| {
                Ok(Run {
                    id: r.get(0)?,
                    rule: r.get(1)?,
                    actor: r.get(2)?,
                    at: parse_col::<Timestamp>(r, 3, "run time")?,
                    undone_by: r.get(4)?,
                })
            })
            .optional()?)
    }

    fn set_run_undone(&self, id: i64, by: i64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE runs SET undone_by = ? WHERE id = ?")?
            .execute(params![by, id])?;
        Ok(())
    }

    fn run_events(&self, run: i64) -> Result<Vec<Event>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE run_id = ? ORDER BY id"
        ))?;
        let rows = stmt.query_map([run], event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn last_event_id(&self, ticket: i64) -> Result<i64> {
        Ok(self
            .tx
            .prepare_cached("SELECT coalesce(max(id), 0) FROM events WHERE ticket_id = ?")?
            .query_row([ticket], |r| r.get(0))?)
    }

    fn replies(&self, ticket: i64, include_internal: bool) -> Result<Vec<Reply>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, ticket_id, committer, role, text, images, internal, created_at FROM replies \
             WHERE ticket_id = ?1 AND (?2 OR internal = 0) ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map(params![ticket, include_internal], reply_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn has_reply(&self, r: &Reply) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM replies WHERE ticket_id = ? AND created_at = ? AND committer = ? \
                 AND text = ? AND role = ? AND images = ?",
            )?
            .exists(params![
                r.workorder_id,
                r.created_at.to_string(),
                r.committer,
                r.detail.text,
                r.role.code(),
                serde_json::to_string(&r.detail.image).expect("strings serialise"),
            ])?)
    }

    fn insert_reply(&self, r: &Reply) -> Result<i64> {
        let images = serde_json::to_string(&r.detail.image).expect("strings serialise");
        self.tx
            .prepare_cached(
                "INSERT INTO replies (id, ticket_id, committer, role, text, images, internal, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                (r.id > 0).then_some(r.id),
                r.workorder_id,
                r.committer,
                r.role.code(),
                r.detail.text,
                images,
                r.internal,
                r.created_at.to_string(),
            ])?;
        let id = self.tx.last_insert_rowid();
        if let Some(load) = self.bulk.borrow_mut().as_mut() {
            load.replies.push(id);
        }
        Ok(id)
    }

    fn events(&self, ticket: i64) -> Result<Vec<Event>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE ticket_id = ? ORDER BY at, id"
        ))?;
        let rows = stmt.query_map([ticket], event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_event(&self, e: &NewEvent) -> Result<i64> {
        self.write_event(None, e)
    }

    fn ticket_types(&self) -> Result<Vec<TicketType>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT name, label_zh, label_en FROM ticket_types ORDER BY position, name",
        )?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(name, label_zh, label_en)| {
                let fields = self.type_fields(&name)?;
                Ok(TicketType {
                    name,
                    label_zh,
                    label_en,
                    fields,
                })
            })
            .collect()
    }

    fn ticket_type(&self, name: &str) -> Result<Option<TicketType>> {
        let row = self
            .tx
            .prepare_cached("SELECT name, label_zh, label_en FROM ticket_types WHERE name = ?")?
            .query_row([name], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        row.map(|(name, label_zh, label_en)| {
            let fields = self.type_fields(&name)?;
            Ok(TicketType {
                name,
                label_zh,
                label_en,
                fields,
            })
        })
        .transpose()
    }

    fn insert_ticket_type(&self, kind: &TicketType) -> Result<()> {
        self.tx.execute(
            "INSERT INTO ticket_types (name, label_zh, label_en, position) \
             VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM ticket_types))",
            params![kind.name, kind.label_zh, kind.label_en],
        )?;
        for field in &kind.fields {
            self.attach_field(&kind.name, field)?;
        }
        Ok(())
    }

    fn attach_field(&self, kind: &str, field: &TypeField) -> Result<()> {
        self.tx.execute(
            "INSERT INTO type_fields (type, field, required, position) \
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM type_fields WHERE type = ?1)) \
             ON CONFLICT (type, field) DO UPDATE SET required = excluded.required",
            params![kind, field.name, field.required],
        )?;
        Ok(())
    }

    fn field_defs(&self) -> Result<Vec<FieldDef>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT name, kind, label, options FROM field_defs ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(FieldDef {
                name: r.get(0)?,
                kind: parse_col::<FieldKind>(r, 1, "field kind")?,
                label: r.get(2)?,
                options: json_col(r, 3, "field options")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_field_def(&self, def: &FieldDef) -> Result<()> {
        let options = serde_json::to_string(&def.options).expect("strings serialise");
        self.tx.execute(
            "INSERT INTO field_defs (name, kind, label, options) VALUES (?, ?, ?, ?)",
            params![def.name, def.kind.as_str(), def.label, options],
        )?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        self.tx.execute_batch("COMMIT")?;
        self.committed = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::store::suite::store_suite;

    fn file_store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store =
            SqliteStore::open(&dir.path().join("t.db"), BUSY_TIMEOUT, Access::Write).unwrap();
        (dir, store)
    }

    mod in_memory {
        use super::*;
        // A private in-memory database has one connection: no second
        // handle to commit while a read is open, so no `twin`.
        store_suite!(SqliteStore::open_in_memory().unwrap());
    }

    mod on_disk {
        use super::*;

        /// A store file with its directory, removed after the store closes.
        struct OnDisk {
            store: SqliteStore,
            dir: tempfile::TempDir,
        }

        impl Store for OnDisk {
            fn read(&self) -> Result<Box<dyn Txn + '_>> {
                self.store.read()
            }

            fn write(&self) -> Result<Box<dyn Txn + '_>> {
                self.store.write()
            }
        }

        fn on_disk() -> OnDisk {
            let (dir, store) = file_store();
            OnDisk { store, dir }
        }

        /// A second handle on the same file.
        fn twin(first: &OnDisk) -> SqliteStore {
            SqliteStore::open(&first.dir.path().join("t.db"), BUSY_TIMEOUT, Access::Write).unwrap()
        }

        store_suite!(on_disk(), twin: twin);
    }

    #[test]
    fn files_are_private_and_in_wal_mode() {
        let (dir, store) = file_store();
        let txn = store.write().unwrap();
        txn.insert_ticket(&crate::store::suite::sample("x", Status::New, "01:00:00"))
            .unwrap();
        txn.commit().unwrap();
        for name in ["t.db", "t.db-wal", "t.db-shm"] {
            let mode = std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        let mode: String = store
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let app: i32 = store
            .conn()
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }

    #[test]
    fn one_store_serves_many_threads() {
        fn shared<T: Send + Sync>(_: &T) {}
        let (_dir, store) = file_store();
        shared(&store);
        std::thread::scope(|s| {
            for t in 0..8 {
                let store = &store;
                s.spawn(move || {
                    for i in 0..25 {
                        let txn = store.write().unwrap();
                        let subject = format!("t{t} #{i}");
                        let ticket = crate::store::suite::sample(&subject, Status::New, "01:00:00");
                        txn.insert_ticket(&ticket).unwrap();
                        txn.commit().unwrap();
                        let read = store.read().unwrap();
                        assert!(read.count_tickets(&Filter::default()).unwrap() > 0);
                    }
                });
            }
        });
        let txn = store.read().unwrap();
        assert_eq!(txn.count_tickets(&Filter::default()).unwrap(), 200);
        let open = store.pool.state.lock().unwrap().open;
        assert!((1..=MAX_CONNECTIONS).contains(&open), "{open} connections");
    }

    #[test]
    fn a_store_from_before_the_application_id_is_still_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(SqliteStore::open_at_version(&path, 8).unwrap());
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Read).unwrap();
        assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
        // Another application's database at the same version is not.
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE tickets (x); PRAGMA user_version = 8;")
            .unwrap();
        let Err(Error::NotAStore { .. }) = SqliteStore::open(&other, BUSY_TIMEOUT, Access::Write)
        else {
            panic!("adopted a foreign database");
        };
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write)
            .err()
            .unwrap();
        assert!(
            matches!(err, Error::TooNew { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION)
        );
    }

    #[test]
    fn eight_openers_upgrade_an_old_store_together() {
        for _ in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.db");
            drop(SqliteStore::open_at_version(&path, 1).unwrap());
            let barrier = std::sync::Barrier::new(8);
            std::thread::scope(|s| {
                for _ in 0..8 {
                    s.spawn(|| {
                        barrier.wait();
                        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
                        let txn = store.write().unwrap();
                        txn.insert_ticket(&crate::store::suite::sample(
                            "x",
                            Status::New,
                            "01:00:00",
                        ))
                        .unwrap();
                        txn.commit().unwrap();
                    });
                }
            });
            let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
            assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
            assert_eq!(
                store
                    .read()
                    .unwrap()
                    .count_tickets(&Filter {
                        all: true,
                        ..Filter::default()
                    })
                    .unwrap(),
                8
            );
        }
    }

    #[test]
    fn the_search_migrations_index_tickets_and_replies_already_stored() {
        // From before search (version 3) and from its first form (version 4).
        for version in [3, 4] {
            search_survives_migration_from(version);
        }
    }

    fn search_survives_migration_from(version: usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let old = SqliteStore::open_at_version(&path, version).unwrap();
        // The rows as that version's schema holds them.
        old.conn()
            .execute_batch(
                "INSERT INTO tickets (id, type, subject, question, status, priority, support, committer, \
                 requester, channel, fields, created_at, updated_at) VALUES (7, 'module', 'printer jam', \
                 'printer jam?', 'new', 'normal', 0, 'amy', 'amy', 'cli', '{\"company\":\"Initech\",\"amount\":3}', \
                 '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z'); \
                 INSERT INTO replies (ticket_id, committer, role, text, created_at) \
                 VALUES (7, 'bob', 1, 'replace the toner', '2026-01-01T01:00:00.000000Z');",
            )
            .unwrap();
        let id = 7;
        drop(old);
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
        let txn = store.read().unwrap();
        let all = Filter {
            all: true,
            ..Filter::default()
        };
        for word in ["jam", "toner", "initech"] {
            let mut found = vec![];
            txn.search(&[word.into()], &all, None, &mut |t, _| {
                found.push(t.id);
                Ok(())
            })
            .unwrap();
            assert_eq!(found, [id], "{word} after migrating from version {version}");
        }
    }

    #[test]
    fn tags_move_into_the_ticket_row_on_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let old = SqliteStore::open_at_version(&path, 6).unwrap();
        for id in [7, 8] {
            old.conn()
                .execute(
                    "INSERT INTO tickets (id, type, subject, question, status, priority, support, \
                     committer, requester, channel, fields, created_at, updated_at) VALUES (?, 'sys', \
                     'printer jam', 'printer jam?', 'new', 'normal', 0, 'amy', 'amy', 'cli', '{}', \
                     '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
                    [id],
                )
                .unwrap();
        }
        old.conn()
            .execute_batch(
                "INSERT INTO ticket_tags (tag, ticket_id) VALUES ('vip', 7), ('billing', 7), ('a\"b', 7)",
            )
            .unwrap();
        drop(old);
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
        let txn = store.read().unwrap();
        assert_eq!(
            txn.ticket(7).unwrap().unwrap().tags,
            ["a\"b", "billing", "vip"]
        );
        assert!(txn.ticket(8).unwrap().unwrap().tags.is_empty());
    }

    #[test]
    fn the_state_of_each_ticket_moves_to_its_own_row_on_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let old = SqliteStore::open_at_version(&path, 7).unwrap();
        old.conn()
            .execute_batch(
                "INSERT INTO tickets (id, type, subject, question, status, priority, support, committer, \
                 requester, assignee, channel, fields, version, created_at, updated_at) VALUES \
                 (7, 'sys', 'printer jam', 'printer jam?', 'pending', 'urgent', 0, 'amy', 'amy', 'bob', \
                  'cli', '{}', 4, '2026-01-01T00:00:00.000000Z', '2026-01-03T04:05:06.123456Z'), \
                 (9, 'sys', 'no toner', 'no toner?', 'new', 'normal', 0, 'amy', 'amy', NULL, \
                  'cli', '{}', 1, '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z');",
            )
            .unwrap();
        drop(old);
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
        let txn = store.read().unwrap();
        let t = txn.ticket(7).unwrap().unwrap();
        assert_eq!(
            (t.status, t.priority, t.assignee.as_deref(), t.version),
            (Status::Pending, Priority::Urgent, Some("bob"), 4)
        );
        assert_eq!(t.updated_at.to_string(), "2026-01-03T04:05:06.123456Z");
        assert_eq!(t.subject, "printer jam");
        let open = Filter {
            statuses: vec![Status::New],
            assignee: Some(None),
            ..Filter::default()
        };
        assert_eq!(txn.count_tickets(&open).unwrap(), 1);
        let by_update = Query {
            filter: Filter {
                all: true,
                ..Filter::default()
            },
            ..Query::default()
        };
        assert_eq!(txn.ticket_ids(&by_update).unwrap(), [7, 9]);
        drop(txn);
        let columns: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM pragma_table_info('tickets')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(!columns.iter().any(|c| c == "status" || c == "updated_at"));
    }

    #[test]
    fn a_queue_of_open_work_by_assignee_reads_the_people_index() {
        let store = SqliteStore::open_in_memory().unwrap();
        // "My queue" and the unassigned: every status of open work.
        for assignee in [Some("bob".to_string()), None] {
            let query = Query {
                filter: Filter {
                    assignee: Some(assignee),
                    ..Filter::default()
                },
                ..Query::default()
            };
            let (sql, params) = select_ids(&query);
            let plan: Vec<String> = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(rusqlite::params_from_iter(params), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                plan.iter().any(|step| step.contains("state_by_assignee")),
                "{query:?}: {plan:?}"
            );
        }
    }

    #[test]
    fn an_update_of_a_ticket_without_its_state_row_is_refused() {
        let store = SqliteStore::open_in_memory().unwrap();
        let txn = store.write().unwrap();
        let mut t = crate::store::suite::sample("printer", Status::New, "01:00:00");
        t.id = txn.insert_ticket(&t).unwrap();
        txn.commit().unwrap();
        store
            .conn()
            .execute("DELETE FROM ticket_state WHERE id = ?", [t.id])
            .unwrap();
        t.priority = Priority::Urgent;
        let txn = store.write().unwrap();
        assert!(matches!(txn.update_ticket(&t), Err(Error::NotFound { .. })));
    }

    #[test]
    fn an_update_rewrites_only_the_rows_that_change() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let txn = store.write().unwrap();
        let mut t = crate::store::suite::sample("printer", Status::New, "01:00:00");
        t.tags = vec!["vip".into(), "billing".into()];
        t.id = txn.insert_ticket(&t).unwrap();
        txn.commit().unwrap();
        let changes = |store: &mut SqliteStore, t: &Ticket| {
            let before = store.conn().total_changes();
            let txn = store.write().unwrap();
            txn.update_ticket(t).unwrap();
            txn.commit().unwrap();
            store.conn().total_changes() - before
        };
        t.priority = crate::model::Priority::Urgent;
        assert_eq!(changes(&mut store, &t), 1, "the state row alone");
        t.tags = vec!["vip".into()];
        assert_eq!(
            changes(&mut store, &t),
            2 + 2 + 1,
            "both rows, old tags out, new in"
        );
        assert_eq!(
            store.read().unwrap().ticket(t.id).unwrap().unwrap().tags,
            ["vip"]
        );
    }

    #[test]
    fn counts_by_tags_alone_match_counts_over_tickets() {
        let store = SqliteStore::open_in_memory().unwrap();
        let txn = store.write().unwrap();
        for (status, tags) in [
            (Status::New, vec!["a"]),
            (Status::Closed, vec!["a", "b"]),
            (Status::Open, vec!["b"]),
            (Status::Solved, vec![]),
        ] {
            let mut t = crate::store::suite::sample("printer", status, "01:00:00");
            t.tags = tags.into_iter().map(String::from).collect();
            txn.insert_ticket(&t).unwrap();
        }
        let count = |tags: &[&str], all: bool| {
            let filter = Filter {
                all,
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Filter::default()
            };
            let by_tags = tags_only(&filter).is_some();
            (txn.count_tickets(&filter).unwrap(), by_tags)
        };
        assert_eq!(count(&["a"], true), (2, true));
        assert_eq!(count(&["a", "b"], true), (1, true));
        assert_eq!(count(&["b", "a", "b"], true), (1, true));
        assert_eq!(count(&["c"], true), (0, true));
        // Open work only: the tickets themselves are read.
        assert_eq!(count(&["a"], false), (1, false));
        assert_eq!(count(&[], true), (4, false));
    }

    #[test]
    fn id_ranges_note_runs_of_consecutive_ids() {
        let mut ranges = IdRanges::default();
        for id in [1, 2, 3, 5, 6, 9, 4, 20, 10] {
            ranges.push(id);
        }
        let runs: Vec<(i64, i64)> = ranges.0.iter().map(|(a, b)| (*a, *b)).collect();
        assert_eq!(runs, [(1, 4), (5, 6), (9, 10), (20, 20)]);
        for id in 1..=22 {
            let noted = [1, 2, 3, 4, 5, 6, 9, 10, 20].contains(&id);
            assert_eq!(ranges.contains(id), noted, "{id}");
        }
    }

    /// FTS5's own check that the index matches the text it was built from.
    fn assert_search_index_sound(conn: &Connection) {
        for table in ["ticket_text", "reply_text"] {
            conn.execute(
                &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
                [],
            )
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        }
    }

    /// Whether the connection evaluates CHECK constraints, and its page cache.
    fn settings(conn: &Connection) -> (bool, i64) {
        let ignored: bool = conn
            .pragma_query_value(None, "ignore_check_constraints", |r| r.get(0))
            .unwrap();
        let cache = conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap();
        (!ignored, cache)
    }

    #[test]
    fn a_bulk_load_puts_the_connection_back_even_when_dropped() {
        let store = SqliteStore::open_in_memory().unwrap();
        let usual = settings(&store.conn());
        assert_eq!(usual, (true, -2000));
        for end in [true, false] {
            let txn = store.write().unwrap();
            txn.begin_bulk_load().unwrap();
            if end {
                txn.end_bulk_load().unwrap();
                txn.commit().unwrap();
            } else {
                drop(txn); // an import that failed
            }
            drop(store.read().unwrap());
            assert_eq!(settings(&store.conn()), usual, "ended: {end}");
            let bad = store.conn().execute(
                "INSERT INTO ticket_state (id, status, priority, updated_at) \
                 VALUES (99, 'lost', 'normal', 0)",
                [],
            );
            let bad = bad.unwrap_err().to_string();
            assert!(bad.contains("CHECK constraint failed"), "{bad}");
        }
    }

    #[test]
    fn the_search_index_follows_edits_replies_and_bulk_loads() {
        let store = SqliteStore::open_in_memory().unwrap();
        let txn = store.write().unwrap();
        let mut ticket = crate::store::suite::sample("printer jam", Status::New, "01:00:00");
        ticket.kind = "module".into();
        ticket.fields.insert("company".into(), "Initech".into());
        ticket.id = txn.insert_ticket(&ticket).unwrap();
        ticket.subject = "scanner jam".into();
        ticket.question = "the scanner jams".into();
        ticket.fields.insert("company".into(), "Globex".into());
        txn.update_ticket(&ticket).unwrap();
        ticket.status = Status::Open;
        txn.update_ticket(&ticket).unwrap();
        txn.begin_bulk_load().unwrap();
        let mut loaded = crate::store::suite::sample("plotter offline", Status::New, "03:00:00");
        loaded.id = 40;
        txn.insert_ticket(&loaded).unwrap();
        let reply = Reply {
            id: 0,
            workorder_id: 40,
            committer: "bob".into(),
            role: Role::Agent,
            detail: Detail {
                text: "replace the toner".into(),
                image: vec![],
            },
            internal: false,
            created_at: crate::store::suite::at("04:00:00"),
        };
        txn.insert_reply(&reply).unwrap();
        // Tickets changed during a load, stored before it or by it.
        ticket
            .fields
            .insert("company".into(), "Globex Umbrella".into());
        txn.update_ticket(&ticket).unwrap();
        txn.update_ticket(&ticket).unwrap();
        loaded.question = "the plotter is offline again".into();
        txn.update_ticket(&loaded).unwrap();
        txn.end_bulk_load().unwrap();
        txn.commit().unwrap();
        assert_search_index_sound(&store.conn());
        let txn = store.read().unwrap();
        let all = Filter {
            all: true,
            ..Filter::default()
        };
        for (word, expected) in [
            ("printer", vec![]),
            ("initech", vec![]),
            ("scanner", vec![ticket.id]),
            ("globex", vec![ticket.id]),
            ("umbrella", vec![ticket.id]),
            ("plotter", vec![40]),
            ("again", vec![40]),
            ("toner", vec![40]),
        ] {
            let mut found = vec![];
            txn.search(&[word.into()], &all, None, &mut |t, _| {
                found.push(t.id);
                Ok(())
            })
            .unwrap();
            assert_eq!(found, expected, "{word}");
        }
        drop(txn);
        let txn = store.write().unwrap();
        txn.rebuild_search().unwrap();
        txn.commit().unwrap();
        assert_search_index_sound(&store.conn());
    }

    #[test]
    fn first_schema_version_is_migrated_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let old = SqliteStore::open_at_version(&path, 1).unwrap();
        old.conn()
            .execute_batch(crate::store::migrations::step(1))
            .unwrap_err(); // already applied
        old.conn()
            .execute("INSERT INTO ticket_types (name, label_zh, label_en, position) VALUES ('old', '旧', 'Old', 9)", [])
            .unwrap();
        drop(old);
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
        assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
        let names: Vec<_> = store
            .read()
            .unwrap()
            .ticket_types()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["sys", "licences", "module", "tech", "test", "old"]);
    }
}
