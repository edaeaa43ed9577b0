//! Storage: the [`Store`] contract every backend implements, and its SQLite
//! and PostgreSQL (feature `postgres`) implementations.
//!
//! A backend hands out transactions ([`Txn`]). A write transaction excludes
//! other writers from its start, so it never fails half-way on a lock; a
//! transaction dropped without [`Txn::commit`] leaves nothing behind. Every
//! backend passes the one conformance suite in `store::suite`.

mod ids;
mod location;
mod migrations;
#[cfg(feature = "postgres")]
pub mod postgres;
mod snippet;
mod sqlite;
#[cfg(test)]
pub(crate) mod suite;

pub use location::Location;
pub use migrations::SCHEMA_VERSION;
#[cfg(feature = "postgres")]
pub use postgres::PgStore;
pub use sqlite::{APPLICATION_ID, Access, BUSY_TIMEOUT, SqliteStore};

use std::time::Duration;

use crate::error::Result;
use crate::model::{
    Event, FieldDef, NewEvent, Reply, Run, Status, Ticket, TicketType, Timestamp, Token, TypeField,
};
use crate::query::{Filter, Query};

/// Opens the store at `location` for `access`, whichever kind it is.
/// Reading a store that does not exist yet (a missing or empty file, a
/// database without ticket's tables) creates nothing and reads as an empty
/// desk. Waits up to `busy_timeout` for other writers.
pub fn open(location: &Location, busy_timeout: Duration, access: Access) -> Result<Box<dyn Store>> {
    match location {
        Location::File(path) => Ok(Box::new(SqliteStore::open(path, busy_timeout, access)?)),
        #[cfg(feature = "postgres")]
        Location::Server(conninfo) => Ok(
            match postgres::PgStore::open_for(conninfo, busy_timeout, access)? {
                Some(store) => Box::new(store),
                None => Box::new(SqliteStore::open_in_memory()?),
            },
        ),
        #[cfg(not(feature = "postgres"))]
        Location::Server(_) => Err(crate::Error::invalid(
            "db",
            "this ticket was built without PostgreSQL support (the `postgres` feature)",
        )),
    }
}

/// A status change applied to many tickets at once (a sweep).
#[derive(Debug, Clone, Copy)]
pub struct BulkStatus<'a> {
    /// The new status.
    pub to: Status,
    /// When.
    pub at: Timestamp,
    /// The actor the events name.
    pub actor: &'a str,
    /// The run the events are tagged with.
    pub run: i64,
    /// An internal note added to every ticket moved.
    pub note: Option<&'a str>,
}

/// A place tickets are kept, shared by every thread of a process: each
/// transaction gets a connection of its own.
pub trait Store: Send + Sync {
    /// Starts a read-only transaction: a consistent snapshot that writes nothing.
    fn read(&self) -> Result<Box<dyn Txn + '_>>;
    /// Starts a write transaction, taking the write lock at once (waiting up
    /// to the busy timeout, then failing with [`crate::Error::Busy`]).
    /// Writers are serialised: one commits before the next begins.
    fn write(&self) -> Result<Box<dyn Txn + '_>>;
    /// Starts reads outside a transaction: each statement sees the latest
    /// commit, by itself, which spares the `BEGIN` and `ROLLBACK`, a round
    /// trip each on a server. Two statements of a glance may see different
    /// commits: a caller whose reads must agree uses [`Store::read`].
    fn glance(&self) -> Result<Box<dyn Txn + '_>> {
        self.read()
    }
}

/// [`Txn::file_tickets`] one ticket and one event at a time.
pub(crate) fn file_each<T: Txn + ?Sized>(
    txn: &T,
    filings: &[(&Ticket, &NewEvent)],
) -> Result<Vec<i64>> {
    filings
        .iter()
        .map(|(ticket, filed)| {
            let id = txn.insert_ticket(ticket)?;
            txn.insert_event(&NewEvent {
                ticket_id: id,
                ..(*filed).clone()
            })?;
            Ok(id)
        })
        .collect()
}

/// One transaction on a [`Store`]. Dropping it without [`Txn::commit`]
/// rolls back everything it did.
pub trait Txn {
    /// The ticket with this id.
    fn ticket(&self, id: i64) -> Result<Option<Ticket>>;
    /// Calls `each` with every ticket the query selects, in its order,
    /// without holding them all in memory.
    fn scan_tickets(&self, query: &Query, each: &mut dyn FnMut(Ticket) -> Result<()>)
    -> Result<()>;
    /// Calls `each` with every selected ticket, by id, with its replies and
    /// events (oldest first), streaming: the export order.
    fn scan_threads(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(Ticket, Vec<Reply>, Vec<Event>) -> Result<()>,
    ) -> Result<()>;
    /// Stores an event exactly as given, id included (import).
    fn insert_event_row(&self, event: &Event) -> Result<()>;
    /// Every run, by id.
    fn runs(&self) -> Result<Vec<Run>>;
    /// Stores a run exactly as given, id included (import).
    fn insert_run_row(&self, run: &Run) -> Result<()>;
    /// Full-text search: calls `each` with the tickets the filter selects
    /// that contain every word (each at least 3 characters), best match
    /// first, with a snippet whose matches sit between `\u{E000}` and
    /// `\u{E001}`.
    fn search(
        &self,
        words: &[String],
        filter: &Filter,
        limit: Option<u64>,
        each: &mut dyn FnMut(Ticket, String) -> Result<()>,
    ) -> Result<()>;
    /// Prepares this transaction for loading many records at once (an
    /// import): derived data such as the search index is brought up to date
    /// in one step by [`Txn::end_bulk_load`], which must run before commit.
    fn begin_bulk_load(&self) -> Result<()>;
    /// Brings derived data up to date after a bulk load.
    fn end_bulk_load(&self) -> Result<()>;
    /// Whether a ticket with this id exists.
    fn ticket_exists(&self, id: i64) -> Result<bool>;
    /// Whether a reply with this id exists.
    fn reply_exists(&self, id: i64) -> Result<bool>;
    /// Whether an event with this id exists.
    fn event_exists(&self, id: i64) -> Result<bool>;
    /// Rebuilds the full-text index from the stored tickets and replies.
    fn rebuild_search(&self) -> Result<()>;
    /// The ids a query selects, in its order.
    fn ticket_ids(&self, query: &Query) -> Result<Vec<i64>>;
    /// Moves every ticket the query selects to `change.to` in a few
    /// set-based statements: a status event each (old and new status, tagged
    /// with the run), the note as an internal reply with its event, a new
    /// version and `updated_at`. Returns the ids moved, in query order.
    fn bulk_status(&self, query: &Query, change: &BulkStatus<'_>) -> Result<Vec<i64>>;
    /// How many tickets the filter selects.
    fn count_tickets(&self, filter: &Filter) -> Result<u64>;
    /// Stores a new ticket with its tags and returns its id. An `id` of 0 or
    /// less asks the store to assign the next one.
    fn insert_ticket(&self, ticket: &Ticket) -> Result<i64>;
    /// Stores new tickets (each `id` 0: the store assigns the next ids, in
    /// order), each with the event that records its filing (its
    /// `ticket_id` is the new id, whatever it says), and returns their ids
    /// in order.
    fn file_tickets(&self, filings: &[(&Ticket, &NewEvent)]) -> Result<Vec<i64>> {
        file_each(self, filings)
    }
    /// Stores one new ticket with its filing event: see
    /// [`Txn::file_tickets`].
    fn file_ticket(&self, ticket: &Ticket, filed: &NewEvent) -> Result<i64> {
        Ok(self.file_tickets(&[(ticket, filed)])?[0])
    }
    /// Overwrites a stored ticket (every column and its tags).
    fn update_ticket(&self, ticket: &Ticket) -> Result<()>;
    /// Sets a ticket's status (which may be unchanged, for a reply), bumps
    /// its version and moves `updated_at` forward to `at`.
    fn update_status(&self, id: i64, status: Status, at: Timestamp) -> Result<()>;
    /// Whether a reply with the same ticket, author, role, time, text and
    /// images is stored (seed replies have no id to tell them apart).
    fn has_reply(&self, reply: &Reply) -> Result<bool>;
    /// The ticket filed under an idempotency key, if any.
    fn idempotent_ticket(&self, key: &str) -> Result<Option<i64>>;
    /// Records the ticket filed under an idempotency key.
    fn insert_idempotency_key(&self, key: &str, ticket: i64) -> Result<()>;
    /// The reply written under an idempotency key, if any.
    fn idempotent_reply(&self, key: &str) -> Result<Option<Reply>>;
    /// Records the reply written under an idempotency key (a key names one
    /// reply; reusing it is invalid).
    fn insert_reply_key(&self, key: &str, reply: i64) -> Result<()>;
    /// Streams the idempotency keys of the tickets a filter matches, with
    /// their tickets, by key.
    fn scan_idempotency_keys(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()>;
    /// Streams the idempotency keys of the replies of the tickets a filter
    /// matches, with their replies, by key.
    fn scan_reply_keys(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()>;
    /// Records the start of an unattended run and returns its id.
    fn insert_run(&self, rule: &str, actor: &str, at: Timestamp) -> Result<i64>;
    /// One run.
    fn run(&self, id: i64) -> Result<Option<Run>>;
    /// Marks a run as undone by another.
    fn set_run_undone(&self, id: i64, by: i64) -> Result<()>;
    /// The events a run recorded, oldest first.
    fn run_events(&self, run: i64) -> Result<Vec<Event>>;
    /// The id of a ticket's newest event (0 when it has none).
    fn last_event_id(&self, ticket: i64) -> Result<i64>;
    /// The replies of a ticket, oldest first; internal notes only if asked.
    fn replies(&self, ticket: i64, include_internal: bool) -> Result<Vec<Reply>>;
    /// Stores a reply and returns its id (assigned when `id` is 0 or less).
    fn insert_reply(&self, reply: &Reply) -> Result<i64>;
    /// The events of a ticket, oldest first.
    fn events(&self, ticket: i64) -> Result<Vec<Event>>;
    /// Records an event and returns its id.
    fn insert_event(&self, event: &NewEvent) -> Result<i64>;
    /// Every ticket type with its attached fields, in configured order.
    fn ticket_types(&self) -> Result<Vec<TicketType>>;
    /// One ticket type with its attached fields.
    fn ticket_type(&self, name: &str) -> Result<Option<TicketType>>;
    /// Stores a new ticket type (its `fields` are attached too).
    fn insert_ticket_type(&self, kind: &TicketType) -> Result<()>;
    /// Attaches a field to a type, or updates whether it is required.
    fn attach_field(&self, kind: &str, field: &TypeField) -> Result<()>;
    /// Every custom field definition, by name.
    fn field_defs(&self) -> Result<Vec<FieldDef>>;
    /// Stores a new custom field definition.
    fn insert_field_def(&self, def: &FieldDef) -> Result<()>;
    /// Stores a new API token, keyed by `hash` (the hex SHA-256 of its
    /// secret, which the store never sees), and returns its id. The
    /// token's own `id` is ignored: the store assigns the next one.
    fn insert_token(&self, hash: &str, token: &Token) -> Result<i64>;
    /// Every API token, newest first.
    fn tokens(&self) -> Result<Vec<Token>>;
    /// The API token with this id.
    fn token(&self, id: i64) -> Result<Option<Token>>;
    /// The API token whose secret hashes to `hash`: one indexed look-up.
    fn token_by_hash(&self, hash: &str) -> Result<Option<Token>>;
    /// Marks a token revoked at `at`, unless it is revoked already (the
    /// first time is kept). Returns whether it changed.
    fn revoke_token(&self, id: i64, at: Timestamp) -> Result<bool>;
    /// Makes every change of the transaction durable and visible.
    fn commit(self: Box<Self>) -> Result<()>;
}
