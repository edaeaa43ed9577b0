//! [`PgTxn`]: one transaction on one pooled connection, and every [`Txn`]
//! method in PostgreSQL's SQL.

use std::cell::{Cell, RefCell, RefMut};
use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use postgres::Row;
use postgres::types::ToSql;

use super::bulk::{BulkLoad, Table};
use super::migrations::DOCUMENT;
use super::sql::{
    EVENT_COLUMNS, FILING_COLUMNS, FILING_TYPES, FILING_WIDTH, Params, REPLY_COLUMNS,
    TICKET_COLUMNS, TICKET_ROW_COLUMNS, TICKET_WIDTH, TICKETS, TOKEN_COLUMNS, TYPE_COLUMNS,
    TicketRow, Where, event_from_row, order_clause, reply_from_row, select_ids, storable,
    storable_event, storable_reply, storable_ticket, ticket_from_row, tickets_from, token_from_row,
    type_from_row, where_clause, window,
};
use super::{Conn, PgError, PgStore, session_ended};
use crate::error::{Error, Result};
use crate::model::{
    Event, FieldDef, FieldKind, NewEvent, Reply, Run, Status, Ticket, TicketType, Timestamp, Token,
    TypeField,
};
use crate::query::{Filter, Query};
use crate::store::snippet::snippet;
use crate::store::{BulkStatus, Txn, file_each};

/// Rows a scan fetches from its cursor at a time.
const FETCH: usize = 256;

/// A transaction on a [`PgStore`]: rolled back when dropped uncommitted,
/// its connection then returned to the pool.
pub struct PgTxn<'s> {
    store: &'s PgStore,
    /// The connection, until commit or drop.
    conn: RefCell<Option<Conn>>,
    /// Set when a statement failed: PostgreSQL refuses the rest of the
    /// transaction, and a COMMIT would quietly roll it back.
    failed: Cell<bool>,
    /// Cursors opened so far, to name the next.
    cursors: Cell<u32>,
    /// A bulk load in progress.
    bulk: RefCell<Option<BulkLoad>>,
    /// Whether a transaction was begun (a glance runs its statements on
    /// their own).
    begun: bool,
    /// Whether a statement was sent on the connection yet.
    used: Cell<bool>,
}

/// A query read a batch of rows at a time, so a scan holds few rows in
/// memory and its callback may use the transaction between batches.
struct Cursor {
    name: String,
    rows: VecDeque<Row>,
    done: bool,
}

impl<'s> PgTxn<'s> {
    /// A transaction begun on `conn`.
    pub(super) fn new(store: &'s PgStore, conn: Conn) -> Self {
        PgTxn {
            store,
            conn: RefCell::new(Some(conn)),
            failed: Cell::new(false),
            cursors: Cell::new(0),
            bulk: RefCell::new(None),
            begun: true,
            used: Cell::new(true),
        }
    }

    /// A connection used outside a transaction, its statements each on
    /// their own.
    pub(super) fn glance(store: &'s PgStore, conn: Conn) -> Self {
        let mut txn = PgTxn::new(store, conn);
        txn.begun = false;
        txn.used = Cell::new(false);
        txn
    }

    fn conn(&self) -> RefMut<'_, Conn> {
        RefMut::map(self.conn.borrow_mut(), |c| {
            c.as_mut()
                .expect("a transaction has its connection until it ends")
        })
    }

    /// Runs `call` on the connection. The first statement of a glance,
    /// sent on a pooled connection the server has closed since its last
    /// use, goes again on a fresh one, as [`PgStore::write`] does with its
    /// `BEGIN`.
    fn run<T>(&self, mut call: impl FnMut(&mut Conn) -> Result<T, postgres::Error>) -> Result<T> {
        let first = !self.used.replace(true);
        let mut result = call(&mut self.conn());
        if first && matches!(&result, Err(e) if session_ended(e, &self.conn())) {
            // One for one: the pool's count stays. Without a new one, the
            // dead connection goes back to the pool, to be renewed by its
            // next use.
            let fresh = self.store.connect()?;
            *self.conn() = fresh;
            result = call(&mut self.conn());
        }
        self.check(result)
    }

    /// Maps a failure, noting that the transaction can no longer commit.
    fn check<T>(&self, result: Result<T, postgres::Error>) -> Result<T> {
        result.map_err(|e| {
            self.failed.set(true);
            PgError(e).into_error(&self.store.target)
        })
    }

    /// Runs `call` with the connection's prepared statement for `sql`.
    fn prepared<T>(
        &self,
        sql: &str,
        call: impl Fn(&mut postgres::Client, &postgres::Statement) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        self.run(|conn| {
            conn.prepared(sql)
                .and_then(|statement| call(&mut conn.client, &statement))
        })
    }

    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.prepared(sql, |client, statement| client.query(statement, params))
    }

    fn query_opt(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.prepared(sql, |client, statement| client.query_opt(statement, params))
    }

    fn query_one(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        self.prepared(sql, |client, statement| client.query_one(statement, params))
    }

    fn execute(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.prepared(sql, |client, statement| client.execute(statement, params))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.run(|conn| conn.client.batch_execute(sql))
    }

    /// Opens a cursor on `sql`, positioned before its first row.
    fn cursor(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Cursor> {
        let n = self.cursors.get();
        self.cursors.set(n + 1);
        let name = format!("ticket_scan_{n}");
        // Not prepared: the name and query differ every time.
        let declare = format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}");
        self.run(|conn| conn.client.execute(&declare, params))?;
        Ok(Cursor {
            name,
            rows: VecDeque::new(),
            done: false,
        })
    }

    /// The cursor's next row, fetching another batch when needed.
    fn peek<'c>(&self, cursor: &'c mut Cursor) -> Result<Option<&'c Row>> {
        if cursor.rows.is_empty() && !cursor.done {
            let fetch = format!("FETCH FORWARD {FETCH} FROM {}", cursor.name);
            let rows = self.run(|conn| conn.client.query(&fetch, &[]))?;
            cursor.done = rows.len() < FETCH;
            if cursor.done {
                self.batch(&format!("CLOSE {}", cursor.name))?;
            }
            cursor.rows.extend(rows);
        }
        Ok(cursor.rows.front())
    }

    fn next(&self, cursor: &mut Cursor) -> Result<Option<Row>> {
        self.peek(cursor)?;
        Ok(cursor.rows.pop_front())
    }

    /// Calls `each` with every row of `sql`, read through a cursor.
    fn for_each(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Result<()> {
        let mut cursor = self.cursor(sql, params)?;
        while let Some(row) = self.next(&mut cursor)? {
            each(&row)?;
        }
        Ok(())
    }

    /// Writes the rows a bulk load holds, so what follows sees them.
    fn flush(&self) -> Result<()> {
        let mut bulk = self.bulk.borrow_mut();
        let Some(load) = bulk.as_mut().filter(|l| !l.is_empty()) else {
            return Ok(());
        };
        let top = self.run(|conn| load.write(&mut conn.client))?;
        drop(bulk);
        for (table, id) in [Table::Tickets, Table::Replies, Table::Events]
            .into_iter()
            .zip(top)
        {
            if id > 0 {
                self.advance(table.sequence(), id)?;
            }
        }
        Ok(())
    }

    /// Moves a table's sequence past an id stored explicitly, so the ids
    /// the store assigns next continue after it (they are never reused).
    fn advance(&self, seq: &str, id: i64) -> Result<()> {
        self.execute(
            &format!(
                "SELECT setval('{seq}', $1) FROM {seq} \
                 WHERE $1 >= CASE WHEN is_called THEN last_value + 1 ELSE last_value END"
            ),
            &[&id],
        )?;
        Ok(())
    }

    /// Notes an id a load wrote straight to the database, so a later row
    /// with the same id is not held back (its error comes from its call).
    fn note(&self, table: Table, id: i64) {
        if let Some(load) = self.bulk.borrow_mut().as_mut()
            && !load.noted[table as usize].contains(id)
        {
            load.noted[table as usize].push(id);
        }
    }

    /// Whether a stored ticket or run exists (for a row a load would hold).
    fn exists(&self, table: &str, id: i64) -> Result<bool> {
        Ok(self
            .query_one(
                &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1)"),
                &[&id],
            )?
            .get(0))
    }

    /// Whether a row of `table` exists: brought by the load, or stored.
    fn row_known(&self, table: Table, name: &str, id: i64) -> Result<bool> {
        let brought = self
            .bulk
            .borrow()
            .as_ref()
            .is_some_and(|l| l.noted[table as usize].contains(id));
        Ok(brought || self.exists(name, id)?)
    }

    /// Whether the load knows a ticket exists: brought by it, or stored.
    fn ticket_known(&self, id: i64) -> Result<bool> {
        let brought = self
            .bulk
            .borrow()
            .as_ref()
            .is_some_and(|l| l.noted[Table::Tickets as usize].contains(id));
        Ok(brought || self.exists("tickets", id)?)
    }

    /// Whether an event's run (if any) exists, remembering runs found.
    fn run_known(&self, run: Option<i64>) -> Result<bool> {
        let Some(run) = run else {
            return Ok(true);
        };
        if self
            .bulk
            .borrow()
            .as_ref()
            .is_some_and(|l| l.runs.contains(&run))
        {
            return Ok(true);
        }
        let found = self.exists("runs", run)?;
        if found && let Some(load) = self.bulk.borrow_mut().as_mut() {
            load.runs.insert(run);
        }
        Ok(found)
    }

    /// Whether a ticket type exists, remembering types found (for a
    /// ticket a load would hold).
    fn type_known(&self, kind: &str) -> Result<bool> {
        if self
            .bulk
            .borrow()
            .as_ref()
            .is_some_and(|l| l.types.contains(kind))
        {
            return Ok(true);
        }
        let found: bool = self
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM ticket_types WHERE name = $1)",
                &[&kind],
            )?
            .try_get(0)?;
        if found && let Some(load) = self.bulk.borrow_mut().as_mut() {
            load.types.insert(kind.to_string());
        }
        Ok(found)
    }

    /// Whether a bulk load is on and would hold a row of `table` with `id`.
    fn holds(&self, table: Table, id: i64) -> bool {
        self.bulk
            .borrow()
            .as_ref()
            .is_some_and(|l| l.fresh(table, id))
    }

    /// Writes the held rows once the load holds enough.
    fn flush_if_full(&self) -> Result<()> {
        let full = self.bulk.borrow().as_ref().is_some_and(BulkLoad::full);
        if full { self.flush() } else { Ok(()) }
    }

    fn hold(&self, with: impl FnOnce(&mut BulkLoad)) -> Result<()> {
        with(self.bulk.borrow_mut().as_mut().expect("a load is on"));
        self.flush_if_full()
    }

    /// Stores an event under `id`, or the next id when `None`.
    fn write_event(&self, id: Option<i64>, e: &NewEvent) -> Result<i64> {
        storable_event(&e.clone().stored(id.unwrap_or(0)))?;
        let at = e.at.datetime();
        let kind = e.kind.as_str();
        let row = match id {
            Some(id) => {
                let row = self.query_one(
                    "INSERT INTO events (id, ticket_id, at, actor, kind, field, old, new, run_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    &[
                        &id,
                        &e.ticket_id,
                        &at,
                        &e.actor,
                        &kind,
                        &e.field,
                        &e.old,
                        &e.new,
                        &e.run,
                    ],
                )?;
                self.advance(Table::Events.sequence(), id)?;
                self.note(Table::Events, id);
                row
            }
            None => self.query_one(
                "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    &e.ticket_id,
                    &at,
                    &e.actor,
                    &kind,
                    &e.field,
                    &e.old,
                    &e.new,
                    &e.run,
                ],
            )?,
        };
        Ok(row.get(0))
    }

    fn run_from(row: &Row) -> Result<Run> {
        Ok(Run {
            id: row.try_get(0)?,
            rule: row.try_get(1)?,
            actor: row.try_get(2)?,
            at: Timestamp::from_datetime(row.try_get(3)?),
            undone_by: row.try_get(4)?,
        })
    }

    /// Streams the keys (table `k`, joined to the tickets by `join`) of the
    /// tickets a filter selects, each with the `id` it names, by key.
    fn scan_keys(
        &self,
        filter: &Filter,
        id: &str,
        join: &str,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        let mut params = Params::default();
        let Where { clause, .. } = where_clause(filter, &mut params);
        let sql = format!("SELECT k.key, {id} FROM {TICKETS} {join} {clause} ORDER BY k.key");
        self.for_each(&sql, &params.refs(), &mut |row| {
            each(row.try_get(0)?, row.try_get(1)?)
        })
    }
}

impl Drop for PgTxn<'_> {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.get_mut().take() {
            let ended = !self.begun || conn.client.batch_execute("ROLLBACK").is_ok();
            self.store.checkin(conn, ended);
        }
    }
}

/// The columns a search reads from one matching text (a ticket's own or a
/// reply's), each computed once: its length in characters (`len`) and how
/// many times each word occurs in it (`tf0`, `tf1`, …), ASCII case folded,
/// without overlap, counted in bytes. `words` are the placeholders of the
/// folded words.
fn counts(text: &str, words: &[String]) -> String {
    let mut columns = vec![format!("length({text}) AS len")];
    for (k, w) in words.iter().enumerate() {
        columns.push(format!(
            "(octet_length({text}) - octet_length(replace(lower({text}), {w}::text, ''))) \
             / octet_length({w}::text) AS tf{k}"
        ));
    }
    columns.join(", ")
}

/// The score of a text from its [`counts`], as the SQLite store computes
/// it, operation for operation in double precision, so both order their
/// results alike: the term-frequency part of BM25 (k1 = 1.2, b = 0.75, an
/// average length of 200 characters) summed over the words.
fn score(words: usize) -> String {
    (0..words)
        .map(|k| {
            format!(
                "tf{k}::float8 * 2.2::float8 / (tf{k}::float8 + 1.2::float8 * (0.25::float8 \
                 + 0.75::float8 * len::float8 / 200.0::float8))"
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A LIKE pattern matching `word` anywhere, its wildcards taken literally.
fn containing(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Txn for PgTxn<'_> {
    fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        self.flush()?;
        self.query_opt(
            &format!("SELECT {TICKET_COLUMNS} FROM {TICKETS} WHERE s.id = $1"),
            &[&id],
        )?
        .as_ref()
        .map(ticket_from_row)
        .transpose()
    }

    fn scan_tickets(
        &self,
        query: &Query,
        each: &mut dyn FnMut(Ticket) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        // One query: PostgreSQL reads the state index in the sort's order
        // where it can, and a sort of whole rows carries the long texts as
        // pointers to where they are stored, not as copies.
        let mut params = Params::default();
        let Where { clause, .. } = where_clause(&query.filter, &mut params);
        let (order, _) = order_clause(query);
        let window = window(query, &mut params);
        let sql = format!("SELECT {TICKET_COLUMNS} FROM {TICKETS} {clause} {order} {window}");
        self.for_each(&sql, &params.refs(), &mut |row| each(ticket_from_row(row)?))
    }

    fn scan_threads(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(Ticket, Vec<Reply>, Vec<Event>) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        // Three cursors ordered by ticket id, merged: one pass over each table.
        let mut params = Params::default();
        let Where {
            clause,
            reads_tickets,
        } = where_clause(filter, &mut params);
        let params = params.refs();
        let ids = format!("SELECT s.id FROM {} {clause}", tickets_from(reads_tickets));
        let mut tickets = self.cursor(
            &format!("SELECT {TICKET_COLUMNS} FROM {TICKETS} {clause} ORDER BY s.id"),
            &params,
        )?;
        let mut replies = self.cursor(
            &format!(
                "SELECT {REPLY_COLUMNS} FROM replies WHERE ticket_id IN ({ids}) \
                 ORDER BY ticket_id, id"
            ),
            &params,
        )?;
        let mut events = self.cursor(
            &format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE ticket_id IN ({ids}) \
                 ORDER BY ticket_id, id"
            ),
            &params,
        )?;
        while let Some(row) = self.next(&mut tickets)? {
            let ticket = ticket_from_row(&row)?;
            let mut rs = Vec::new();
            while let Some(row) = self.peek(&mut replies)? {
                let r = reply_from_row(row)?;
                if r.workorder_id != ticket.id {
                    break;
                }
                rs.push(r);
                replies.rows.pop_front();
            }
            let mut es = Vec::new();
            while let Some(row) = self.peek(&mut events)? {
                let e = event_from_row(row)?;
                if e.ticket_id != ticket.id {
                    break;
                }
                es.push(e);
                events.rows.pop_front();
            }
            each(ticket, rs, es)?;
        }
        Ok(())
    }

    fn insert_event_row(&self, e: &Event) -> Result<()> {
        if self.holds(Table::Events, e.id)
            && self.ticket_known(e.ticket_id)?
            && self.run_known(e.run)?
        {
            storable_event(e)?;
            return self.hold(|l| l.hold_event(e));
        }
        self.flush()?;
        self.write_event(Some(e.id), &NewEvent::from(e.clone()))
            .map(drop)
    }

    fn runs(&self) -> Result<Vec<Run>> {
        self.flush()?;
        self.query(
            "SELECT id, rule, actor, at, undone_by FROM runs ORDER BY id",
            &[],
        )?
        .iter()
        .map(Self::run_from)
        .collect()
    }

    fn insert_run_row(&self, run: &Run) -> Result<()> {
        self.flush()?;
        storable("rule", &run.rule)?;
        storable("actor", &run.actor)?;
        self.execute(
            "INSERT INTO runs (id, rule, actor, at, undone_by) VALUES ($1, $2, $3, $4, $5)",
            &[
                &run.id,
                &run.rule,
                &run.actor,
                &run.at.datetime(),
                &run.undone_by,
            ],
        )?;
        self.advance("runs_id_seq", run.id)
    }

    fn search(
        &self,
        words: &[String],
        filter: &Filter,
        limit: Option<u64>,
        each: &mut dyn FnMut(Ticket, String) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        if words.is_empty() {
            return Ok(());
        }
        // Every word is required, within the ticket's own text or within
        // one reply. `ILIKE` folds ASCII letters only on these "C" columns,
        // as SQLite's LIKE does, and the trigram indexes answer it; the
        // word's wildcards are escaped. The best-scored text of a ticket
        // (its own text first, then the earliest reply, on a tie) gives its
        // order and its snippet; ties between tickets go to the lower id.
        let mut params = Params::default();
        let folded: Vec<String> = words
            .iter()
            .map(|w| params.bind(w.to_ascii_lowercase()))
            .collect();
        let patterns: Vec<String> = words.iter().map(|w| params.bind(containing(w))).collect();
        let matching = |text: &str| {
            patterns
                .iter()
                .map(|p| format!("{text} ILIKE {p}"))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        let Where { clause, .. } = where_clause(filter, &mut params);
        let limit = params.bind(limit.map(|l| l.min(i64::MAX as u64) as i64));
        // `hits` is materialised so each count is computed once per text,
        // not again wherever the score names it.
        let sql = format!(
            "WITH hits AS MATERIALIZED ( \
                 SELECT t.id AS ticket_id, NULL::bigint AS reply_id, {} FROM tickets t WHERE {} \
                 UNION ALL \
                 SELECT r.ticket_id, r.id, {} FROM replies r WHERE {}), \
             best AS (SELECT DISTINCT ON (ticket_id) ticket_id, reply_id, {} AS score FROM hits \
                 ORDER BY ticket_id, score DESC, reply_id NULLS FIRST) \
             SELECT {TICKET_COLUMNS}, best.reply_id FROM best \
             JOIN ticket_state s ON s.id = best.ticket_id JOIN tickets t ON t.id = best.ticket_id \
             {clause} ORDER BY best.score DESC, s.id LIMIT {limit}::bigint",
            counts(DOCUMENT, &folded),
            matching(DOCUMENT),
            counts("r.text", &folded),
            matching("r.text"),
            score(words.len()),
        );
        let mut hits = Vec::new();
        for row in self.query(&sql, &params.refs())? {
            let reply: Option<i64> = row.try_get(TICKET_WIDTH)?;
            hits.push((ticket_from_row(&row)?, reply));
        }
        // The replies whose text gives a snippet, read once for all.
        let reply_ids: Vec<i64> = hits.iter().filter_map(|(_, r)| *r).collect();
        let mut texts: std::collections::HashMap<i64, String> = self
            .query(
                "SELECT id, text FROM replies WHERE id = ANY($1)",
                &[&reply_ids],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
        for (ticket, reply) in hits {
            let text = match reply {
                Some(id) => texts.remove(&id).unwrap_or_default(),
                None => super::sql::document(&ticket),
            };
            let snippet = snippet(&text, words);
            each(ticket, snippet)?;
        }
        Ok(())
    }

    fn begin_bulk_load(&self) -> Result<()> {
        self.flush()?;
        let row = self.query_one(
            "SELECT (SELECT coalesce(max(id), 0) FROM tickets), \
             (SELECT coalesce(max(id), 0) FROM replies), \
             (SELECT coalesce(max(id), 0) FROM events)",
            &[],
        )?;
        let stored = [row.try_get(0)?, row.try_get(1)?, row.try_get(2)?];
        *self.bulk.borrow_mut() = Some(BulkLoad::new(stored));
        Ok(())
    }

    fn end_bulk_load(&self) -> Result<()> {
        self.flush()?;
        let load = self.bulk.borrow_mut().take();
        if load.is_some_and(|l| l.loaded >= 10_000) {
            // Fresh statistics, so the next queries plan for the rows the
            // load brought rather than for the store as it was.
            self.batch("ANALYZE tickets, ticket_state, replies, events")?;
        }
        Ok(())
    }

    fn ticket_exists(&self, id: i64) -> Result<bool> {
        // Tickets a load holds are noted; the rest are in the database.
        self.ticket_known(id)
    }

    fn reply_exists(&self, id: i64) -> Result<bool> {
        self.row_known(Table::Replies, "replies", id)
    }

    fn event_exists(&self, id: i64) -> Result<bool> {
        self.row_known(Table::Events, "events", id)
    }

    fn rebuild_search(&self) -> Result<()> {
        self.flush()?;
        self.batch("REINDEX INDEX ticket_text; REINDEX INDEX reply_text")
    }

    fn ticket_ids(&self, query: &Query) -> Result<Vec<i64>> {
        self.flush()?;
        let mut params = Params::default();
        let sql = select_ids(query, "", &mut params);
        self.query(&sql, &params.refs())?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    fn bulk_status(&self, query: &Query, change: &BulkStatus<'_>) -> Result<Vec<i64>> {
        self.flush()?;
        storable("actor", change.actor)?;
        if let Some(note) = change.note {
            storable("note", note)?;
        }
        let mut params = Params::default();
        let sql = select_ids(query, ", s.status", &mut params);
        let mut ids: Vec<i64> = Vec::new();
        let mut olds: Vec<String> = Vec::new();
        for row in self.query(&sql, &params.refs())? {
            ids.push(row.try_get(0)?);
            olds.push(row.try_get(1)?);
        }
        if ids.is_empty() {
            return Ok(ids);
        }
        let at = change.at.datetime();
        let to = change.to.as_str();
        // Events, then notes and their events, each in query order.
        self.execute(
            "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
             SELECT m.id, $1, $2, 'status', 'status', to_jsonb(m.old), to_jsonb($3::text), $4 \
             FROM unnest($5::bigint[], $6::text[]) WITH ORDINALITY AS m (id, old, seq) \
             ORDER BY m.seq",
            &[&at, &change.actor, &to, &change.run, &ids, &olds],
        )?;
        if let Some(note) = change.note {
            self.execute(
                "WITH notes AS ( \
                     INSERT INTO replies (ticket_id, committer, role, text, images, internal, created_at) \
                     SELECT m.id, $2, 1, $3, '{}', true, $1 \
                     FROM unnest($5::bigint[]) WITH ORDINALITY AS m (id, seq) ORDER BY m.seq \
                     RETURNING id, ticket_id) \
                 INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
                 SELECT n.ticket_id, $1, $2, 'reply', NULL, NULL, to_jsonb(n.id), $4 \
                 FROM notes n ORDER BY n.id",
                &[&at, &change.actor, &note, &change.run, &ids],
            )?;
        }
        // The state rows are found again through the query's own filter, and
        // only the selected ones change: `id = ANY($ids)` alone plans a scan
        // of every state row with a hashed lookup (a sweep of 100k among 1M:
        // 0.8 s where the filter's status index takes 0.6 s).
        let mut params = Params::default();
        let Where {
            clause,
            reads_tickets,
        } = where_clause(&query.filter, &mut params);
        let mut conds = vec![format!(
            "s.id = ANY({}::bigint[])",
            params.bind(ids.clone())
        )];
        conds.extend(clause.strip_prefix("WHERE ").map(str::to_string));
        let from = if reads_tickets {
            conds.push("t.id = s.id".into());
            " FROM tickets t"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE ticket_state s SET status = {}, updated_at = GREATEST(s.updated_at, {}), \
             version = s.version + 1{from} WHERE {}",
            params.bind(to.to_string()),
            params.bind(at),
            conds.join(" AND ")
        );
        let moved = self.execute(&sql, &params.refs())?;
        if moved != ids.len() as u64 {
            // Under the write lock nothing else changes them; a writer that
            // bypasses it could, and the events must not tell otherwise.
            return Err(Error::Storage(format!(
                "{}: {} of {} selected tickets changed during the status change",
                self.store.target,
                ids.len() as u64 - moved,
                ids.len()
            )));
        }
        Ok(ids)
    }

    fn count_tickets(&self, filter: &Filter) -> Result<u64> {
        self.flush()?;
        let mut params = Params::default();
        let Where {
            clause,
            reads_tickets,
        } = where_clause(filter, &mut params);
        let sql = format!(
            "SELECT count(*) FROM {} {clause}",
            tickets_from(reads_tickets)
        );
        let n: i64 = self.query_one(&sql, &params.refs())?.try_get(0)?;
        Ok(n as u64)
    }

    fn insert_ticket(&self, t: &Ticket) -> Result<i64> {
        storable_ticket(t)?;
        if t.id > 0 && self.holds(Table::Tickets, t.id) && self.type_known(&t.kind)? {
            self.hold(|l| l.hold_ticket(t))?;
            return Ok(t.id);
        }
        self.flush()?;
        let values = TicketRow::of(t);
        let row = values.params();
        let id: i64 = if t.id > 0 {
            let mut params = vec![&t.id as &(dyn ToSql + Sync)];
            params.extend(row);
            self.execute(
                &format!(
                    "INSERT INTO tickets (id, {TICKET_ROW_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                ),
                &params,
            )?;
            self.advance(Table::Tickets.sequence(), t.id)?;
            self.note(Table::Tickets, t.id);
            t.id
        } else {
            self.query_one(
                &format!(
                    "INSERT INTO tickets ({TICKET_ROW_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"
                ),
                &row,
            )?
            .try_get(0)?
        };
        self.execute(
            "INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &id,
                &t.status.as_str(),
                &t.priority.as_str(),
                &t.assignee,
                &t.version,
                &t.updated_at.datetime(),
            ],
        )?;
        Ok(id)
    }

    fn file_tickets(&self, filings: &[(&Ticket, &NewEvent)]) -> Result<Vec<i64>> {
        if filings.is_empty() {
            return Ok(Vec::new());
        }
        if filings.iter().any(|(t, _)| t.id > 0) || self.bulk.borrow().is_some() {
            return file_each(self, filings);
        }
        /// The values of one filing, in [`FILING_COLUMNS`] order.
        struct Values<'a> {
            row: TicketRow<'a>,
            updated: DateTime<Utc>,
            at: DateTime<Utc>,
            /// Status, priority and event kind.
            names: [&'static str; 3],
            ticket: &'a Ticket,
            filed: &'a NewEvent,
        }
        let values = filings
            .iter()
            .map(|(t, filed)| {
                storable_ticket(t)?;
                storable_event(&(*filed).clone().stored(0))?;
                Ok(Values {
                    row: TicketRow::of(t),
                    updated: t.updated_at.datetime(),
                    at: filed.at.datetime(),
                    names: [t.status.as_str(), t.priority.as_str(), filed.kind.as_str()],
                    ticket: t,
                    filed,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(FILING_WIDTH * values.len());
        let mut rows = Vec::with_capacity(values.len());
        for (n, v) in values.iter().enumerate() {
            let (t, e) = (v.ticket, v.filed);
            let first = params.len();
            params.extend(v.row.params());
            params.extend([
                &v.names[0] as &(dyn ToSql + Sync),
                &v.names[1],
                &t.assignee,
                &t.version,
                &v.updated,
                &v.at,
                &e.actor,
                &v.names[2],
                &e.field,
                &e.old,
                &e.new,
                &e.run,
            ]);
            let row: Vec<String> = FILING_TYPES
                .iter()
                .enumerate()
                .map(|(k, kind)| format!("${}::{kind}", first + k + 1))
                .collect();
            rows.push(format!("({}, {})", n + 1, row.join(", ")));
        }
        // One statement, one round trip, for every filing: the tickets
        // (their ids drawn in the filings' order), their state rows and
        // their events.
        let sql = format!(
            "WITH v (n, {FILING_COLUMNS}) AS (VALUES {rows}), \
             t AS (INSERT INTO tickets ({TICKET_ROW_COLUMNS}) \
                 SELECT {TICKET_ROW_COLUMNS} FROM v ORDER BY n RETURNING id), \
             i AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM t), \
             s AS (INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
                 SELECT i.id, status, priority, assignee, version, updated_at \
                 FROM v JOIN i USING (n)), \
             e AS (INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
                 SELECT i.id, at, actor, kind, field, old, new, run_id \
                 FROM v JOIN i USING (n) ORDER BY n) \
             SELECT id FROM i ORDER BY n",
            rows = rows.join(", ")
        );
        self.query(&sql, &params)?
            .iter()
            .map(|row| Ok(row.try_get(0)?))
            .collect()
    }

    fn update_ticket(&self, t: &Ticket) -> Result<()> {
        self.flush()?;
        storable_ticket(t)?;
        let moved = self.execute(
            "UPDATE ticket_state SET status = $2, priority = $3, assignee = $4, version = $5, \
             updated_at = $6 WHERE id = $1",
            &[
                &t.id,
                &t.status.as_str(),
                &t.priority.as_str(),
                &t.assignee,
                &t.version,
                &t.updated_at.datetime(),
            ],
        )?;
        if moved == 0 {
            // A ticket row without its state row is not a ticket.
            return Err(Error::not_found("ticket", t.id));
        }
        // The wide row is written only when one of its columns changes: an
        // edit of the priority or assignee rewrites the state row alone.
        let values = TicketRow::of(t);
        let mut params = vec![&t.id as &(dyn ToSql + Sync)];
        params.extend(values.params());
        self.execute(
            &format!(
                "UPDATE tickets SET ({TICKET_ROW_COLUMNS}) = \
                 ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) WHERE id = $1 \
                 AND ({TICKET_ROW_COLUMNS}) \
                 IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            ),
            &params,
        )?;
        Ok(())
    }

    fn update_status(&self, id: i64, status: Status, at: Timestamp) -> Result<()> {
        self.flush()?;
        let n = self.execute(
            "UPDATE ticket_state SET status = $1, updated_at = GREATEST(updated_at, $2), \
             version = version + 1 WHERE id = $3",
            &[&status.as_str(), &at.datetime(), &id],
        )?;
        if n == 0 {
            return Err(Error::not_found("ticket", id));
        }
        Ok(())
    }

    fn has_reply(&self, r: &Reply) -> Result<bool> {
        self.flush()?;
        Ok(self
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM replies WHERE ticket_id = $1 AND created_at = $2 \
                 AND committer = $3 AND text = $4 AND role = $5 AND images = $6)",
                &[
                    &r.workorder_id,
                    &r.created_at.datetime(),
                    &r.committer,
                    &r.detail.text,
                    &(r.role.code() as i32),
                    &r.detail.image,
                ],
            )?
            .try_get(0)?)
    }

    fn idempotent_ticket(&self, key: &str) -> Result<Option<i64>> {
        self.flush()?;
        self.query_opt(
            "SELECT ticket_id FROM idempotency_keys WHERE key = $1",
            &[&key],
        )?
        .map(|r| Ok(r.try_get(0)?))
        .transpose()
    }

    fn insert_idempotency_key(&self, key: &str, ticket: i64) -> Result<()> {
        self.flush()?;
        storable("idempotency key", key)?;
        self.execute(
            "INSERT INTO idempotency_keys (key, ticket_id) VALUES ($1, $2)",
            &[&key, &ticket],
        )?;
        Ok(())
    }

    fn idempotent_reply(&self, key: &str) -> Result<Option<Reply>> {
        self.flush()?;
        self.query_opt(
            &format!(
                "SELECT {REPLY_COLUMNS} FROM replies WHERE id = \
                 (SELECT reply_id FROM reply_keys WHERE key = $1)"
            ),
            &[&key],
        )?
        .map(|r| reply_from_row(&r))
        .transpose()
    }

    fn insert_reply_key(&self, key: &str, reply: i64) -> Result<()> {
        self.flush()?;
        storable("idempotency key", key)?;
        self.execute(
            "INSERT INTO reply_keys (key, reply_id) VALUES ($1, $2)",
            &[&key, &reply],
        )?;
        Ok(())
    }

    fn scan_idempotency_keys(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()> {
        self.scan_keys(
            filter,
            "k.ticket_id",
            "JOIN idempotency_keys k ON k.ticket_id = s.id",
            each,
        )
    }

    fn scan_reply_keys(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(String, i64) -> Result<()>,
    ) -> Result<()> {
        self.scan_keys(
            filter,
            "k.reply_id",
            "JOIN replies r ON r.ticket_id = s.id JOIN reply_keys k ON k.reply_id = r.id",
            each,
        )
    }

    fn insert_run(&self, rule: &str, actor: &str, at: Timestamp) -> Result<i64> {
        self.flush()?;
        storable("rule", rule)?;
        storable("actor", actor)?;
        Ok(self
            .query_one(
                "INSERT INTO runs (rule, actor, at) VALUES ($1, $2, $3) RETURNING id",
                &[&rule, &actor, &at.datetime()],
            )?
            .try_get(0)?)
    }

    fn run(&self, id: i64) -> Result<Option<Run>> {
        self.flush()?;
        self.query_opt(
            "SELECT id, rule, actor, at, undone_by FROM runs WHERE id = $1",
            &[&id],
        )?
        .as_ref()
        .map(Self::run_from)
        .transpose()
    }

    fn set_run_undone(&self, id: i64, by: i64) -> Result<()> {
        self.flush()?;
        self.execute("UPDATE runs SET undone_by = $1 WHERE id = $2", &[&by, &id])?;
        Ok(())
    }

    fn run_events(&self, run: i64) -> Result<Vec<Event>> {
        self.flush()?;
        self.query(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE run_id = $1 ORDER BY id"),
            &[&run],
        )?
        .iter()
        .map(event_from_row)
        .collect()
    }

    fn last_event_id(&self, ticket: i64) -> Result<i64> {
        self.flush()?;
        Ok(self
            .query_one(
                "SELECT coalesce(max(id), 0) FROM events WHERE ticket_id = $1",
                &[&ticket],
            )?
            .try_get(0)?)
    }

    fn replies(&self, ticket: i64, include_internal: bool) -> Result<Vec<Reply>> {
        self.flush()?;
        self.query(
            &format!(
                "SELECT {REPLY_COLUMNS} FROM replies WHERE ticket_id = $1 \
                 AND ($2 OR NOT internal) ORDER BY created_at, id"
            ),
            &[&ticket, &include_internal],
        )?
        .iter()
        .map(reply_from_row)
        .collect()
    }

    fn insert_reply(&self, r: &Reply) -> Result<i64> {
        storable_reply(r)?;
        if r.id > 0 && self.holds(Table::Replies, r.id) && self.ticket_known(r.workorder_id)? {
            self.hold(|l| l.hold_reply(r))?;
            return Ok(r.id);
        }
        self.flush()?;
        let (role, at) = (r.role.code() as i32, r.created_at.datetime());
        let values: [&(dyn ToSql + Sync); 7] = [
            &r.workorder_id,
            &r.committer,
            &role,
            &r.detail.text,
            &r.detail.image,
            &r.internal,
            &at,
        ];
        let columns = "ticket_id, committer, role, text, images, internal, created_at";
        if r.id > 0 {
            let mut params = vec![&r.id as &(dyn ToSql + Sync)];
            params.extend(values);
            self.execute(
                &format!(
                    "INSERT INTO replies (id, {columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                ),
                &params,
            )?;
            self.advance(Table::Replies.sequence(), r.id)?;
            self.note(Table::Replies, r.id);
            Ok(r.id)
        } else {
            Ok(self
                .query_one(
                    &format!(
                        "INSERT INTO replies ({columns}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         RETURNING id"
                    ),
                    &values,
                )?
                .try_get(0)?)
        }
    }

    fn events(&self, ticket: i64) -> Result<Vec<Event>> {
        self.flush()?;
        self.query(
            &format!("SELECT {EVENT_COLUMNS} FROM events WHERE ticket_id = $1 ORDER BY at, id"),
            &[&ticket],
        )?
        .iter()
        .map(event_from_row)
        .collect()
    }

    fn insert_event(&self, event: &NewEvent) -> Result<i64> {
        self.flush()?;
        self.write_event(None, event)
    }

    fn ticket_types(&self) -> Result<Vec<TicketType>> {
        self.flush()?;
        self.query(
            &format!("SELECT {TYPE_COLUMNS} FROM ticket_types ORDER BY position, name"),
            &[],
        )?
        .iter()
        .map(type_from_row)
        .collect()
    }

    fn ticket_type(&self, name: &str) -> Result<Option<TicketType>> {
        self.flush()?;
        self.query_opt(
            &format!("SELECT {TYPE_COLUMNS} FROM ticket_types WHERE name = $1"),
            &[&name],
        )?
        .as_ref()
        .map(type_from_row)
        .transpose()
    }

    fn insert_ticket_type(&self, kind: &TicketType) -> Result<()> {
        self.flush()?;
        for (field, text) in [
            ("name", &kind.name),
            ("label_zh", &kind.label_zh),
            ("label_en", &kind.label_en),
        ] {
            storable(field, text)?;
        }
        self.execute(
            "INSERT INTO ticket_types (name, label_zh, label_en, position) \
             VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM ticket_types))",
            &[&kind.name, &kind.label_zh, &kind.label_en],
        )?;
        for field in &kind.fields {
            self.attach_field(&kind.name, field)?;
        }
        Ok(())
    }

    fn attach_field(&self, kind: &str, field: &TypeField) -> Result<()> {
        self.flush()?;
        self.execute(
            "INSERT INTO type_fields (type, field, required, position) \
             VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM type_fields \
                 WHERE type = $1)) \
             ON CONFLICT (type, field) DO UPDATE SET required = excluded.required",
            &[&kind, &field.name, &field.required],
        )?;
        Ok(())
    }

    fn field_defs(&self) -> Result<Vec<FieldDef>> {
        self.flush()?;
        self.query(
            "SELECT name, kind, label, options FROM field_defs ORDER BY name",
            &[],
        )?
        .iter()
        .map(|r| {
            let kind: &str = r.try_get(1)?;
            Ok(FieldDef {
                name: r.try_get(0)?,
                kind: kind.parse::<FieldKind>().map_err(|_| {
                    Error::Storage(format!("stored field kind '{kind}' is not valid"))
                })?,
                label: r.try_get(2)?,
                options: r.try_get(3)?,
            })
        })
        .collect()
    }

    fn insert_field_def(&self, def: &FieldDef) -> Result<()> {
        self.flush()?;
        storable("name", &def.name)?;
        storable("label", &def.label)?;
        def.options
            .iter()
            .try_for_each(|o| storable("options", o))?;
        self.execute(
            "INSERT INTO field_defs (name, kind, label, options) VALUES ($1, $2, $3, $4)",
            &[&def.name, &def.kind.as_str(), &def.label, &def.options],
        )?;
        Ok(())
    }

    fn insert_token(&self, hash: &str, t: &Token) -> Result<i64> {
        self.flush()?;
        storable("user", &t.user)?;
        if let Some(name) = &t.name {
            storable("name", name)?;
        }
        Ok(self
            .query_one(
                "INSERT INTO api_tokens (\"user\", role, name, hash, created_at, expires_at, \
                 revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &t.user,
                    &t.role.as_str(),
                    &t.name,
                    &hash,
                    &t.created_at.datetime(),
                    &t.expires_at.map(|e| e.datetime()),
                    &t.revoked_at.map(|r| r.datetime()),
                ],
            )?
            .try_get(0)?)
    }

    fn tokens(&self) -> Result<Vec<Token>> {
        self.flush()?;
        self.query(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY id DESC"),
            &[],
        )?
        .iter()
        .map(token_from_row)
        .collect()
    }

    fn token(&self, id: i64) -> Result<Option<Token>> {
        self.flush()?;
        self.query_opt(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"),
            &[&id],
        )?
        .as_ref()
        .map(token_from_row)
        .transpose()
    }

    fn token_by_hash(&self, hash: &str) -> Result<Option<Token>> {
        self.flush()?;
        self.query_opt(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE hash = $1"),
            &[&hash],
        )?
        .as_ref()
        .map(token_from_row)
        .transpose()
    }

    fn revoke_token(&self, id: i64, at: Timestamp) -> Result<bool> {
        self.flush()?;
        let changed = self.execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            &[&at.datetime(), &id],
        )?;
        Ok(changed > 0)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.flush()?;
        if self.failed.get() {
            // PostgreSQL would answer COMMIT with a rollback and no error.
            return Err(Error::Storage(format!(
                "{}: a statement of the transaction failed, so nothing of it was committed",
                self.store.target
            )));
        }
        let mut this = self;
        let mut conn = this.conn.get_mut().take().expect("open until it ends");
        if !this.begun {
            // Statements on their own are committed each as it ran.
            this.store.checkin(conn, true);
            return Ok(());
        }
        match conn.client.batch_execute("COMMIT") {
            Ok(()) => {
                this.store.checkin(conn, true);
                Ok(())
            }
            Err(e) => {
                let ended = conn.client.batch_execute("ROLLBACK").is_ok();
                this.store.checkin(conn, ended);
                Err(PgError(e).into_error(&this.store.target))
            }
        }
    }
}
