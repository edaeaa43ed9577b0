//! The SQLite backend. Every SQL string and pragma of the SQLite store lives
//! in this folder or in `migrations.rs`: opening and setting up (`open`),
//! the connection pool (`pool`), rows and their values (`rows`), SQL built
//! from queries (`sql`) and transactions (`txn`).

mod open;
mod pool;
mod rows;
mod sql;
#[cfg(test)]
mod tests;
mod txn;

use pool::*;
use rows::*;
use sql::*;
use txn::*;

use std::cell::{Cell, RefCell};
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
    ApiRole, Channel, Detail, Event, EventKind, FieldDef, FieldKind, NewEvent, Priority, Reply,
    Role, Run, Status, Ticket, TicketType, Timestamp, Token, TypeField,
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

impl Store for SqliteStore {
    fn read(&self) -> Result<Box<dyn Txn + '_>> {
        SqliteTxn::begin(self.pool.lease()?, "BEGIN DEFERRED", None)
    }

    fn write(&self) -> Result<Box<dyn Txn + '_>> {
        // IMMEDIATE takes the write lock now, under the busy timeout; a
        // deferred transaction would fail on upgrade with no retry.
        let turn = self.pool.write_turn()?;
        SqliteTxn::begin(self.pool.lease()?, "BEGIN IMMEDIATE", Some(turn))
    }

    fn glance(&self) -> Result<Box<dyn Txn + '_>> {
        // Autocommit: the statement takes and drops its own read lock.
        SqliteTxn::begin(self.pool.lease()?, "", None)
    }
}
