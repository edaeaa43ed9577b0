//! The desk: the one API every front end (CLI, HTTP) calls.
//!
//! Each write method is one store transaction that validates everything
//! first, then writes the change together with its history events, so a
//! rejected request writes nothing and an accepted one is never half-done.
//! Callers pass the acting user and the current time.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::quote;
use crate::error::{Error, Result, Wanted};
use crate::exchange::{IdempotencyKey, Incoming, Record};
use crate::model::{
    self, Detail, Edited, Event, EventKind, FieldDef, Hit, ImportReport, NewEvent, NewReply,
    NewTicket, Replied, Reply, Role, Run, SkipReason, Skipped, Status, StatusChanges, SweepReport,
    SweepRule, TagChange, Thread, Ticket, TicketPatch, TicketType, Timestamp, TypeField, workflow,
};
use crate::query::{Filter, Query, Window};
use crate::store::{Access, BulkStatus, Location, Store, Txn};

/// A help desk over one store, shared by every thread of a process.
pub struct Desk {
    store: Box<dyn Store>,
}

/// Whether a write is kept. A dry run validates and computes its result
/// exactly as a kept write does, then rolls its transaction back: nothing
/// is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Commit {
    /// Commit the write.
    #[default]
    Keep,
    /// Roll it back (`--dry-run`).
    DryRun,
}

/// Who makes a change, when, and whether it is kept: what every write that
/// records history is given.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The acting user, named by the events.
    pub actor: &'a str,
    /// When the change happens.
    pub at: Timestamp,
    /// Whether it is kept.
    pub commit: Commit,
}

impl<'a> Change<'a> {
    /// A kept change by `actor` at `at`.
    pub fn new(actor: &'a str, at: Timestamp) -> Self {
        Change {
            actor,
            at,
            commit: Commit::Keep,
        }
    }

    /// The same change, kept or only tried.
    pub fn with(self, commit: Commit) -> Self {
        Change { commit, ..self }
    }
}

impl Desk {
    /// A desk over any store.
    pub fn new(store: Box<dyn Store>) -> Self {
        Desk { store }
    }

    /// Commits a write transaction, or drops it (rolling back) in a dry run.
    fn finish(commit: Commit, txn: Box<dyn Txn + '_>) -> Result<()> {
        match commit {
            Commit::Keep => txn.commit(),
            Commit::DryRun => Ok(()),
        }
    }

    /// A desk over the store at `location`, opened for `access` (a store
    /// is created by the first write, never by a read), waiting up to
    /// `busy_timeout` for other writers.
    pub fn open(location: &Location, busy_timeout: Duration, access: Access) -> Result<Self> {
        Ok(Desk::new(crate::store::open(
            location,
            busy_timeout,
            access,
        )?))
    }

    /// Files a new ticket for `actor`, who becomes its committer. With an
    /// idempotency key already used, returns the ticket filed then instead.
    pub fn create(&self, change: Change<'_>, input: NewTicket) -> Result<Ticket> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let key = input
            .idempotency_key
            .as_deref()
            .map(|k| model::validate_name("idempotency key", k))
            .transpose()?;
        let txn = self.store.write()?;
        if let Some(key) = &key
            && let Some(id) = txn.idempotent_ticket(key)?
        {
            return load(txn.as_ref(), id);
        }
        let ticket = prepare_ticket(txn.as_ref(), &actor, now, input)?;
        let id = txn.insert_ticket(&ticket)?;
        if let Some(key) = &key {
            txn.insert_idempotency_key(key, id)?;
        }
        let created = Ticket { id, ..ticket };
        txn.insert_event(&event(
            &created,
            now,
            &actor,
            EventKind::Created,
            None,
            None,
            Some(Value::String(created.status.to_string())),
        ))?;
        Self::finish(change.commit, txn)?;
        Ok(created)
    }

    /// What filing this ticket still needs: `type`, `question`, and the
    /// required fields of its type that have no value. Empty when complete.
    pub fn missing(&self, input: &NewTicket) -> Result<Vec<Wanted>> {
        let txn = self.store.read()?;
        missing_values(txn.as_ref(), input)
    }

    /// One ticket.
    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        let txn = self.store.read()?;
        load(txn.as_ref(), id)
    }

    /// A ticket with its replies (without internal notes in the requester's
    /// view) and, if asked, its history.
    pub fn thread(&self, id: i64, requester_view: bool, history: bool) -> Result<Thread> {
        let txn = self.store.read()?;
        let ticket = load(txn.as_ref(), id)?;
        let replies = txn.replies(id, !requester_view)?;
        let events = if history { Some(txn.events(id)?) } else { None };
        Ok(Thread {
            ticket,
            replies,
            events,
        })
    }

    /// The tickets a query selects.
    pub fn list(&self, query: &Query) -> Result<Vec<Ticket>> {
        let mut out = Vec::new();
        self.scan(query, &mut |t| {
            out.push(t);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `each` with every ticket a query selects, streaming.
    pub fn scan(&self, query: &Query, each: &mut dyn FnMut(Ticket) -> Result<()>) -> Result<()> {
        let txn = self.store.read()?;
        let query = Query {
            filter: checked_filter(txn.as_ref(), &query.filter)?,
            ..query.clone()
        };
        txn.scan_tickets(&query, each)
    }

    /// A page of tickets and how many match in all, from one snapshot.
    pub fn page(&self, query: &Query) -> Result<(Vec<Ticket>, u64)> {
        let txn = self.store.read()?;
        let query = Query {
            filter: checked_filter(txn.as_ref(), &query.filter)?,
            ..query.clone()
        };
        let mut out = Vec::new();
        txn.scan_tickets(&query, &mut |t| {
            out.push(t);
            Ok(())
        })?;
        let total = txn.count_tickets(&query.filter)?;
        Ok((out, total))
    }

    /// Checks that every name is a custom field of this desk (for output
    /// columns that name fields).
    pub fn check_fields(&self, names: &[&str]) -> Result<()> {
        let txn = self.store.read()?;
        let defs = txn.field_defs()?;
        names
            .iter()
            .try_for_each(|n| known_field(&defs, n).map(drop))
    }

    /// How many tickets a filter selects.
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        let txn = self.store.read()?;
        let filter = checked_filter(txn.as_ref(), filter)?;
        txn.count_tickets(&filter)
    }

    /// Adds a reply (or an internal note) and applies the workflow: an
    /// agent's first reply opens a new ticket, a requester's reply reopens a
    /// pending or solved one, and an explicit status wins.
    pub fn reply(&self, change: Change<'_>, input: NewReply) -> Result<Replied> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let text = model::validate_text("text", &input.text)?;
        let images = input
            .images
            .iter()
            .map(|u| validate_image(u))
            .collect::<Result<Vec<_>>>()?;
        let txn = self.store.write()?;
        let mut ticket = load(txn.as_ref(), input.ticket)?;
        check_version(&ticket, input.if_version)?;
        workflow::ensure_not_closed(&ticket, "replies")?;
        let role = workflow::role_of(&actor, &ticket, input.role);
        if input.internal && role == Role::Requester {
            return Err(Error::invalid(
                "internal",
                "internal notes are written by agents, not the requester",
            ));
        }
        let mut reply = Reply {
            id: 0,
            workorder_id: ticket.id,
            committer: actor.clone(),
            role,
            detail: Detail {
                text,
                image: images,
            },
            internal: input.internal,
            created_at: now,
        };
        reply.id = txn.insert_reply(&reply)?;
        txn.insert_event(&event(
            &ticket,
            now,
            &actor,
            EventKind::Reply,
            None,
            None,
            Some(Value::from(reply.id)),
        ))?;
        let next = workflow::status_after_reply(ticket.status, role, input.internal, input.status);
        let moved_from = next.map(|s| std::mem::replace(&mut ticket.status, s));
        if let Some(old) = moved_from {
            txn.insert_event(&status_event(&ticket, now, &actor, old))?;
        }
        txn.update_status(ticket.id, ticket.status, now)?;
        touch(&mut ticket, now);
        Self::finish(change.commit, txn)?;
        Ok(Replied {
            reply,
            ticket,
            moved_from,
        })
    }

    /// Moves every ticket in `ids` to `status` in one transaction; a
    /// `note` is added to each moved ticket as an internal note. If any
    /// ticket is missing, closed or (with `if_version`) at another version,
    /// nothing changes.
    pub fn set_status(
        &self,
        change: Change<'_>,
        ids: &[i64],
        status: Status,
        note: Option<&str>,
        if_version: Option<i64>,
    ) -> Result<StatusChanges> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let note = note.map(|n| model::validate_text("note", n)).transpose()?;
        let txn = self.store.write()?;
        let mut out = StatusChanges::default();
        let mut seen = std::collections::HashSet::new();
        for &id in ids {
            if !seen.insert(id) {
                continue;
            }
            let mut ticket = load(txn.as_ref(), id)?;
            check_version(&ticket, if_version)?;
            if ticket.status == status {
                out.unchanged.push(ticket);
                continue;
            }
            workflow::ensure_not_closed(&ticket, "status change")?;
            let old = std::mem::replace(&mut ticket.status, status);
            txn.insert_event(&status_event(&ticket, now, &actor, old))?;
            if let Some(text) = &note {
                add_note(txn.as_ref(), &ticket, now, &actor, text, None)?;
            }
            txn.update_status(id, status, now)?;
            touch(&mut ticket, now);
            out.changed.push(ticket);
        }
        if !out.changed.is_empty() {
            Self::finish(change.commit, txn)?;
        }
        Ok(out)
    }

    /// Changes fields of a ticket, one event per changed value. A patch that
    /// changes nothing writes nothing (the returned `events` is empty).
    pub fn edit(&self, change: Change<'_>, id: i64, patch: TicketPatch) -> Result<Edited> {
        let mut all = self.edit_many(change, &[id], &patch, None)?;
        Ok(all.remove(0))
    }

    /// Applies one patch to many tickets in one transaction, all or
    /// nothing. Tickets the patch leaves as they are come back with no events.
    pub fn edit_many(
        &self,
        change: Change<'_>,
        ids: &[i64],
        patch: &TicketPatch,
        if_version: Option<i64>,
    ) -> Result<Vec<Edited>> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        if patch.is_empty() {
            return Err(Error::invalid("edit", "nothing to change was given"));
        }
        let txn = self.store.write()?;
        let mut out = Vec::with_capacity(ids.len());
        let mut seen = std::collections::HashSet::new();
        for &id in ids {
            if !seen.insert(id) {
                continue;
            }
            let before = load(txn.as_ref(), id)?;
            check_version(&before, if_version)?;
            workflow::ensure_not_closed(&before, "edits")?;
            let mut ticket = apply_patch(txn.as_ref(), &before, patch)?;
            let changes = diff(&before, &ticket);
            let mut events = Vec::with_capacity(changes.len());
            for (kind, field, old, new) in changes {
                let e = event(
                    &before,
                    now,
                    &actor,
                    kind,
                    Some(field),
                    Some(old),
                    Some(new),
                );
                let id = txn.insert_event(&e)?;
                events.push(e.stored(id));
            }
            if !events.is_empty() {
                touch(&mut ticket, now);
                txn.update_ticket(&ticket)?;
            }
            out.push(Edited { ticket, events });
        }
        if out.iter().any(|e| !e.events.is_empty()) {
            Self::finish(change.commit, txn)?;
        }
        Ok(out)
    }

    /// Runs a sweep rule: moves every ticket in one of the rule's statuses
    /// that has seen no activity for the rule's idle time to its target
    /// status, in one transaction. Each change is an event whose actor names
    /// the rule, tagged with the run's id; running it again changes nothing.
    pub fn sweep(&self, change: Change<'_>, rule: &SweepRule) -> Result<SweepReport> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        model::validate_name("sweep rule", &rule.name)?;
        let note = rule
            .note
            .as_deref()
            .map(|n| model::validate_text("note", n))
            .transpose()?;
        let cutoff = now
            .datetime()
            .checked_sub_signed(rule.idle)
            .map(Timestamp::from_datetime)
            .ok_or_else(|| Error::invalid("idle", "too long"))?;
        let txn = self.store.write()?;
        let stalest = |statuses: Vec<Status>, window| Query {
            filter: Filter {
                statuses,
                updated_before: Some(cutoff),
                ..Filter::default()
            },
            sort: "updated".parse().expect("valid sort"),
            window,
        };
        // Closed is final: closed tickets a rule names are reported, not
        // moved. Tickets already in the target status have nothing to change.
        let (closed, movable): (Vec<Status>, Vec<Status>) = rule
            .statuses
            .iter()
            .filter(|s| **s != rule.to)
            .partition(|s| **s == Status::Closed);
        let mut report = SweepReport {
            run: None,
            rule: rule.name.clone(),
            dry_run: change.commit == Commit::DryRun,
            matched: 0,
            changed: Vec::new(),
            skipped: Vec::new(),
        };
        if !closed.is_empty() {
            for id in txn.ticket_ids(&stalest(closed, Window::default()))? {
                report.skipped.push(Skipped {
                    id,
                    reason: SkipReason::Closed,
                });
            }
        }
        if !movable.is_empty() {
            let all = Window::default();
            let limited = Window {
                limit: rule.limit,
                offset: 0,
            };
            let sweeper = format!("sweep:{}", rule.name);
            let count = txn.count_tickets(&stalest(movable.clone(), all).filter)?;
            // Those past the limit are named before the others move.
            if let Some(limit) = rule.limit.filter(|l| *l < count) {
                let rest = Window {
                    limit: None,
                    offset: limit,
                };
                for id in txn.ticket_ids(&stalest(movable.clone(), rest))? {
                    report.skipped.push(Skipped {
                        id,
                        reason: SkipReason::OverLimit,
                    });
                }
            }
            if count > 0 && rule.limit != Some(0) {
                let run = txn.insert_run(&rule.name, &actor, now)?;
                let change = BulkStatus {
                    to: rule.to,
                    at: now,
                    actor: &sweeper,
                    run,
                    note: note.as_deref(),
                };
                report.changed = txn.bulk_status(&stalest(movable, limited), &change)?;
                report.run = Some(run);
            }
            report.matched = count;
        }
        report.matched += report
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::Closed)
            .count() as u64;
        if report.run.is_some() {
            Self::finish(change.commit, txn)?;
            if change.commit == Commit::DryRun {
                report.run = None;
            }
        }
        Ok(report)
    }

    /// Reverts the status changes of a run with compensating events, in one
    /// transaction. Tickets changed since by anyone else are left alone and
    /// reported as skipped.
    pub fn undo(&self, change: Change<'_>, run_id: i64) -> Result<SweepReport> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let txn = self.store.write()?;
        let run = txn
            .run(run_id)?
            .ok_or_else(|| Error::not_found("run", run_id))?;
        if let Some(by) = run.undone_by {
            return Err(Error::refused(
                format!("run {run_id} was already undone by run {by}"),
                "nothing to do",
            ));
        }
        let rule = format!("undo:{run_id}");
        let events: Vec<Event> = txn
            .run_events(run_id)?
            .into_iter()
            .filter(|e| e.kind == EventKind::Status)
            .collect();
        let mut report = SweepReport {
            run: None,
            rule: rule.clone(),
            dry_run: change.commit == Commit::DryRun,
            matched: events.len() as u64,
            changed: Vec::new(),
            skipped: Vec::new(),
        };
        let undo_run = txn.insert_run(&rule, &actor, now)?;
        for e in events {
            let (Some(old), Some(new)) = (
                e.old.as_ref().and_then(Value::as_str),
                e.new.as_ref().and_then(Value::as_str),
            ) else {
                continue;
            };
            let mut ticket = load(txn.as_ref(), e.ticket_id)?;
            let later = txn.last_event_id(ticket.id)? > e.id
                && txn
                    .events(ticket.id)?
                    .iter()
                    .any(|x| x.id > e.id && x.run != Some(run_id));
            if later || ticket.status.as_str() != new {
                report.skipped.push(Skipped {
                    id: ticket.id,
                    reason: SkipReason::ChangedSinceRun,
                });
                continue;
            }
            let back: Status = old.parse()?;
            let was = std::mem::replace(&mut ticket.status, back);
            txn.insert_event(&NewEvent {
                run: Some(undo_run),
                ..status_event(&ticket, now, &rule, was)
            })?;
            txn.update_status(ticket.id, back, now)?;
            report.changed.push(ticket.id);
        }
        txn.set_run_undone(run_id, undo_run)?;
        Self::finish(change.commit, txn)?;
        report.run = (change.commit == Commit::Keep).then_some(undo_run);
        Ok(report)
    }

    /// Full-text search over subjects, questions, replies and text fields:
    /// the tickets the filter selects that contain every word, best match
    /// first, each with a snippet (matches between `\u{E000}` and `\u{E001}`).
    /// Words shorter than three characters are matched by a scan.
    pub fn search(&self, text: &str, filter: &Filter, limit: Option<u64>) -> Result<Vec<Hit>> {
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return Err(Error::invalid("search", "give at least one word to find"));
        }
        let (indexed, short): (Vec<String>, Vec<String>) =
            words.into_iter().partition(|w| w.chars().count() >= 3);
        let txn = self.store.read()?;
        let mut filter = checked_filter(txn.as_ref(), filter)?;
        filter.text.extend(short);
        let mut hits = Vec::new();
        if indexed.is_empty() {
            let query = Query {
                filter,
                window: crate::query::Window { limit, offset: 0 },
                ..Query::default()
            };
            txn.scan_tickets(&query, &mut |ticket| {
                let snippet = model::subject_from_question(&ticket.question);
                hits.push(Hit { ticket, snippet });
                Ok(())
            })?;
        } else {
            txn.search(&indexed, &filter, limit, &mut |ticket, snippet| {
                hits.push(Hit { ticket, snippet });
                Ok(())
            })?;
        }
        Ok(hits)
    }

    /// Rebuilds the full-text index (it is kept current on every write; this
    /// repairs an index damaged outside `ticket`).
    pub fn rebuild_search(&self, commit: Commit) -> Result<()> {
        let txn = self.store.write()?;
        txn.rebuild_search()?;
        Self::finish(commit, txn)
    }

    /// Calls `each` with every export record: field definitions, ticket
    /// types and runs, then every ticket the filter selects (by id) with its
    /// replies and events. One read snapshot, streamed.
    pub fn export(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let txn = self.store.read()?;
        let filter = checked_filter(txn.as_ref(), filter)?;
        for d in txn.field_defs()? {
            each(Record::FieldDef(d))?;
        }
        for t in txn.ticket_types()? {
            each(Record::TicketType(t))?;
        }
        for r in txn.runs()? {
            each(Record::Run(r))?;
        }
        txn.scan_threads(&filter, &mut |ticket, replies, events| {
            each(Record::Ticket(Box::new(Thread {
                ticket,
                replies,
                events: Some(events),
            })))
        })?;
        txn.scan_idempotency_keys(&filter, &mut |key, ticket| {
            each(Record::IdempotencyKey(IdempotencyKey { key, ticket }))
        })
    }

    /// Imports records in one transaction: everything is validated as it is
    /// written, and the first bad record (its line number named in the
    /// error) rolls everything back. Ids, timestamps and history are kept.
    pub fn import(
        &self,
        records: &mut dyn Iterator<Item = (String, Result<Incoming>)>,
        skip_existing: bool,
        commit: Commit,
    ) -> Result<ImportReport> {
        let txn = self.store.write()?;
        txn.begin_bulk_load()?;
        let mut report = ImportReport {
            dry_run: commit == Commit::DryRun,
            ..ImportReport::default()
        };
        let mut defs = txn.field_defs()?;
        let mut types: HashMap<String, TicketType> = HashMap::new();
        let mut undone = Vec::new();
        // Tickets left alone: their keys and content are left too.
        let mut skipped: HashSet<i64> = HashSet::new();
        for (place, incoming) in records {
            let at_line = |e: Error| at_place(&place, e);
            match incoming.map_err(at_line)? {
                Incoming::Record(record) => match *record {
                    Record::FieldDef(d) => {
                        let d =
                            FieldDef::new(&d.name, d.kind, &d.label, d.options).map_err(at_line)?;
                        match defs.iter().find(|x| x.name == d.name) {
                            Some(x) if *x == d => {}
                            Some(_) => {
                                return Err(at_line(Error::invalid(
                                    "field_def",
                                    format!("'{}' differs from the stored definition", d.name),
                                )));
                            }
                            None => {
                                txn.insert_field_def(&d).map_err(at_line)?;
                                defs.push(d);
                            }
                        }
                    }
                    Record::TicketType(t) => match txn.ticket_type(&t.name)? {
                        Some(stored) => {
                            merge_type(txn.as_ref(), &stored, &t).map_err(at_line)?;
                        }
                        None => {
                            model::validate_ident("type name", &t.name).map_err(at_line)?;
                            txn.insert_ticket_type(&t).map_err(at_line)?;
                        }
                    },
                    Record::IdempotencyKey(k) => match txn.idempotent_ticket(&k.key)? {
                        _ if skipped.contains(&k.ticket) => {}
                        Some(t) if t == k.ticket => {}
                        Some(t) if !skip_existing => {
                            return Err(at_line(Error::invalid(
                                "idempotency_key",
                                format!(
                                    "'{}' already names ticket {t}; --skip-existing leaves it",
                                    k.key
                                ),
                            )));
                        }
                        Some(_) => {}
                        None => {
                            load(txn.as_ref(), k.ticket).map_err(at_line)?;
                            txn.insert_idempotency_key(&k.key, k.ticket)
                                .map_err(at_line)?;
                        }
                    },
                    Record::Run(r) => {
                        if txn.run(r.id)?.is_some() {
                            if skip_existing {
                                continue;
                            }
                            return Err(at_line(Error::invalid(
                                "id",
                                format!("run {} already exists; --skip-existing leaves it", r.id),
                            )));
                        }
                        txn.insert_run_row(&Run {
                            undone_by: None,
                            ..r.clone()
                        })
                        .map_err(at_line)?;
                        if let Some(by) = r.undone_by {
                            undone.push((r.id, by));
                        }
                    }
                    Record::Ticket(thread) => {
                        let Thread {
                            mut ticket,
                            replies,
                            events,
                        } = *thread;
                        if ticket.id > 0 && txn.ticket_exists(ticket.id)? {
                            if skip_existing {
                                report.skipped.push(ticket.id);
                                skipped.insert(ticket.id);
                                continue;
                            }
                            return Err(at_line(Error::invalid(
                                "id",
                                format!(
                                    "ticket {} already exists; --skip-existing leaves it",
                                    ticket.id
                                ),
                            )));
                        }
                        let kind =
                            cached_type(&mut types, txn.as_ref(), &ticket.kind).map_err(at_line)?;
                        validate_imported(kind, &defs, &mut ticket).map_err(at_line)?;
                        let id = txn.insert_ticket(&ticket).map_err(at_line)?;
                        report.tickets += 1;
                        for mut r in replies {
                            if r.workorder_id != ticket.id && ticket.id > 0 {
                                return Err(at_line(Error::invalid(
                                    "replies",
                                    format!("reply {} belongs to ticket {}", r.id, r.workorder_id),
                                )));
                            }
                            r.workorder_id = id;
                            validate_reply(&r).map_err(at_line)?;
                            txn.insert_reply(&r).map_err(at_line)?;
                            report.replies += 1;
                        }
                        for mut e in events.unwrap_or_default() {
                            if e.ticket_id != ticket.id && ticket.id > 0 {
                                return Err(at_line(Error::invalid(
                                    "events",
                                    format!("event {} belongs to ticket {}", e.id, e.ticket_id),
                                )));
                            }
                            e.ticket_id = id;
                            model::validate_name("events.actor", &e.actor).map_err(at_line)?;
                            if e.id > 0 {
                                txn.insert_event_row(&e).map_err(at_line)?;
                            } else {
                                txn.insert_event(&NewEvent::from(e)).map_err(at_line)?;
                            }
                            report.events += 1;
                        }
                    }
                },
                Incoming::Content {
                    workorder_id,
                    kind,
                    question,
                    fields,
                } => {
                    if skipped.contains(&workorder_id) {
                        continue;
                    }
                    let before = load(txn.as_ref(), workorder_id).map_err(at_line)?;
                    if question.trim() != before.question.trim() {
                        return Err(at_line(Error::invalid(
                            "question",
                            format!(
                                "differs from ticket {workorder_id}'s: this content is for another workorder"
                            ),
                        )));
                    }
                    workflow::ensure_not_closed(&before, "edits").map_err(at_line)?;
                    if kind != before.kind {
                        return Err(at_line(Error::invalid(
                            "type",
                            format!(
                                "{kind_q} differs from ticket {workorder_id}'s type '{}'",
                                before.kind,
                                kind_q = quote(&kind)
                            ),
                        )));
                    }
                    let known =
                        cached_type(&mut types, txn.as_ref(), &before.kind).map_err(at_line)?;
                    let mut ticket = before.clone();
                    ticket.fields.extend(fields);
                    validate_imported(known, &defs, &mut ticket).map_err(at_line)?;
                    // The content completes the ticket as it was: the changes
                    // are recorded at its last update, by the import.
                    let changes = diff(&before, &ticket);
                    for (kind, field, old, new) in &changes {
                        txn.insert_event(&event(
                            &before,
                            before.updated_at,
                            "import",
                            *kind,
                            Some(field.clone()),
                            Some(old.clone()),
                            Some(new.clone()),
                        ))
                        .map_err(at_line)?;
                        report.events += 1;
                    }
                    if !changes.is_empty() {
                        ticket.version += 1;
                        txn.update_ticket(&ticket).map_err(at_line)?;
                    }
                }
                Incoming::Reply(mut r) => {
                    if skipped.contains(&r.workorder_id) {
                        continue;
                    }
                    let ticket = load(txn.as_ref(), r.workorder_id).map_err(at_line)?;
                    validate_reply(&r).map_err(at_line)?;
                    if txn.has_reply(&r)? {
                        if skip_existing {
                            report.skipped_replies += 1;
                            continue;
                        }
                        return Err(at_line(Error::invalid(
                            "reply",
                            format!(
                                "{}'s reply of {} to ticket {} is stored already; --skip-existing leaves it",
                                r.committer, r.created_at, r.workorder_id
                            ),
                        )));
                    }
                    r.id = txn.insert_reply(&r).map_err(at_line)?;
                    txn.insert_event(&event(
                        &ticket,
                        r.created_at,
                        &r.committer,
                        EventKind::Reply,
                        None,
                        None,
                        Some(Value::from(r.id)),
                    ))
                    .map_err(at_line)?;
                    report.replies += 1;
                    report.events += 1;
                }
            }
        }
        for (run, by) in undone {
            txn.set_run_undone(run, by)?;
        }
        txn.end_bulk_load()?;
        Self::finish(commit, txn)?;
        Ok(report)
    }

    /// The history of a ticket, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<Event>> {
        let txn = self.store.read()?;
        load(txn.as_ref(), id)?;
        txn.events(id)
    }

    /// Every ticket type.
    pub fn ticket_types(&self) -> Result<Vec<TicketType>> {
        self.store.read()?.ticket_types()
    }

    /// Adds a ticket type.
    pub fn add_type(
        &self,
        commit: Commit,
        name: &str,
        label_zh: &str,
        label_en: &str,
    ) -> Result<TicketType> {
        let name = model::validate_ident("type name", name)?;
        let label_en = if label_en.trim().is_empty() {
            name.clone()
        } else {
            model::validate_name("label", label_en)?
        };
        let label_zh = if label_zh.trim().is_empty() {
            label_en.clone()
        } else {
            model::validate_name("label", label_zh)?
        };
        let txn = self.store.write()?;
        if txn.ticket_type(&name)?.is_some() {
            return Err(Error::invalid(
                "type name",
                format!("type {name_q} already exists", name_q = quote(&name)),
            ));
        }
        let kind = TicketType {
            name,
            label_zh,
            label_en,
            fields: vec![],
        };
        txn.insert_ticket_type(&kind)?;
        Self::finish(commit, txn)?;
        Ok(kind)
    }

    /// Every custom field definition.
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        self.store.read()?.field_defs()
    }

    /// Adds a custom field definition and attaches it to types, `(type,
    /// required)`, in one transaction.
    pub fn add_field(
        &self,
        commit: Commit,
        def: FieldDef,
        attach: &[(String, bool)],
    ) -> Result<FieldDef> {
        let txn = self.store.write()?;
        if txn.field_defs()?.iter().any(|f| f.name == def.name) {
            return Err(Error::invalid(
                "field name",
                format!("field '{}' already exists", def.name),
            ));
        }
        txn.insert_field_def(&def)?;
        for (kind, required) in attach {
            known_type(txn.as_ref(), kind)?;
            txn.attach_field(
                kind,
                &TypeField {
                    name: def.name.clone(),
                    required: *required,
                },
            )?;
        }
        Self::finish(commit, txn)?;
        Ok(def)
    }

    /// Attaches an existing field to a type, or changes whether it is
    /// required there.
    pub fn attach_field(
        &self,
        commit: Commit,
        kind: &str,
        field: &str,
        required: bool,
    ) -> Result<TicketType> {
        let txn = self.store.write()?;
        known_type(txn.as_ref(), kind)?;
        if !txn.field_defs()?.iter().any(|f| f.name == field) {
            return Err(Error::not_found("field", field));
        }
        txn.attach_field(
            kind,
            &TypeField {
                name: field.to_string(),
                required,
            },
        )?;
        let updated = known_type(txn.as_ref(), kind)?;
        Self::finish(commit, txn)?;
        Ok(updated)
    }
}

fn load(txn: &dyn Txn, id: i64) -> Result<Ticket> {
    txn.ticket(id)?
        .ok_or_else(|| Error::not_found("ticket", id))
}

/// A ticket type by name, looked up once per import.
fn cached_type<'a>(
    types: &'a mut HashMap<String, TicketType>,
    txn: &dyn Txn,
    name: &str,
) -> Result<&'a TicketType> {
    if !types.contains_key(name) {
        let kind = known_type(txn, name)?;
        types.insert(name.to_string(), kind);
    }
    Ok(&types[name])
}

fn known_type(txn: &dyn Txn, name: &str) -> Result<TicketType> {
    txn.ticket_type(name)?.ok_or_else(|| {
        let names = txn
            .ticket_types()
            .map(|ts| {
                ts.into_iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        Error::invalid(
            "type",
            format!(
                "{name_q} is not a ticket type ({names})",
                name_q = quote(name)
            ),
        )
    })
}

fn touch(ticket: &mut Ticket, now: Timestamp) {
    ticket.updated_at = now.max(ticket.updated_at);
    ticket.version += 1;
}

fn event(
    ticket: &Ticket,
    now: Timestamp,
    actor: &str,
    kind: EventKind,
    field: Option<String>,
    old: Option<Value>,
    new: Option<Value>,
) -> NewEvent {
    NewEvent {
        ticket_id: ticket.id,
        at: now,
        actor: actor.to_string(),
        kind,
        field,
        old,
        new,
        run: None,
    }
}

/// Names where in the input a bad record is (`line 7`) in its error.
fn at_place(place: &str, e: Error) -> Error {
    match e {
        Error::Invalid { field, reason } if field == place => Error::Invalid { field, reason },
        Error::Invalid { field, reason } => Error::Invalid {
            field: format!("{place}: {field}"),
            reason,
        },
        e @ Error::Missing { .. } => Error::invalid(place, e.to_string()),
        Error::NotFound { what, id } => Error::invalid(place, format!("{what} {id} not found")),
        Error::Refused { reason, hint } => Error::Refused {
            reason: format!("{place}: {reason}"),
            hint,
        },
        e @ Error::Closed { .. } => Error::Refused {
            reason: format!("{place}: {e}"),
            hint: None,
        },
        other => other,
    }
}

/// Brings an imported type into a store that already has one of that
/// name: the labels must agree; fields the import attaches that the store
/// lacks are attached; a field required on one side only is a conflict.
fn merge_type(txn: &dyn Txn, stored: &TicketType, incoming: &TicketType) -> Result<()> {
    if (&stored.label_zh, &stored.label_en) != (&incoming.label_zh, &incoming.label_en) {
        return Err(Error::invalid(
            "ticket_type",
            format!("'{}' has other labels in this store", incoming.name),
        ));
    }
    for f in &incoming.fields {
        match stored.fields.iter().find(|s| s.name == f.name) {
            Some(s) if s.required != f.required => {
                return Err(Error::invalid(
                    "ticket_type",
                    format!(
                        "field '{}' of type '{}' is required on one side only",
                        f.name, incoming.name
                    ),
                ));
            }
            Some(_) => {}
            None => txn.attach_field(&incoming.name, f)?,
        }
    }
    Ok(())
}

/// Checks an imported ticket as a new one would be checked, keeping its
/// text, ids and times.
fn validate_imported(kind: &TicketType, defs: &[FieldDef], t: &mut Ticket) -> Result<()> {
    model::validate_text("question", &t.question)?;
    t.subject = model::validate_subject(&t.subject)?;
    for (field, v) in [
        ("committer", &mut t.committer),
        ("requester", &mut t.requester),
    ] {
        *v = model::validate_name(field, v)?;
    }
    t.assignee = optional_name("assignee", &t.assignee)?;
    t.group = optional_name("group", &t.group)?;
    t.organization = optional_name("organization", &t.organization)?;
    t.tags = model::normalise_tags(&t.tags)?;
    if t.version < 1 {
        return Err(Error::invalid("version", "must be at least 1"));
    }
    if t.updated_at < t.created_at {
        return Err(Error::invalid("updated_at", "is before created_at"));
    }
    // Values are stored typed: an export already holds them so, seed data
    // may not (`"amount": "3"`, a phone number without `+`).
    for (name, value) in t.fields.iter_mut() {
        let (def, _) = field_of(defs, kind, name)?;
        *value = def.parse(&crate::exchange::value_text(value))?;
    }
    Ok(())
}

fn validate_reply(r: &Reply) -> Result<()> {
    model::validate_name("committer", &r.committer)?;
    model::validate_text("text", &r.detail.text)?;
    for u in &r.detail.image {
        validate_image(u)?;
    }
    Ok(())
}

fn check_version(ticket: &Ticket, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != ticket.version => Err(Error::Conflict {
            id: ticket.id,
            expected: v,
            found: ticket.version,
        }),
        _ => Ok(()),
    }
}

/// Adds an internal agent note to a ticket, with its reply event.
fn add_note(
    txn: &dyn Txn,
    ticket: &Ticket,
    now: Timestamp,
    actor: &str,
    text: &str,
    run: Option<i64>,
) -> Result<i64> {
    let reply = Reply {
        id: 0,
        workorder_id: ticket.id,
        committer: actor.to_string(),
        role: Role::Agent,
        detail: Detail {
            text: text.to_string(),
            image: vec![],
        },
        internal: true,
        created_at: now,
    };
    let id = txn.insert_reply(&reply)?;
    txn.insert_event(&NewEvent {
        run,
        ..event(
            ticket,
            now,
            actor,
            EventKind::Reply,
            None,
            None,
            Some(Value::from(id)),
        )
    })?;
    Ok(id)
}

fn status_event(ticket: &Ticket, now: Timestamp, actor: &str, old: Status) -> NewEvent {
    event(
        ticket,
        now,
        actor,
        EventKind::Status,
        Some("status".into()),
        Some(Value::String(old.to_string())),
        Some(Value::String(ticket.status.to_string())),
    )
}

fn validate_image(raw: &str) -> Result<String> {
    let u = url::Url::parse(raw.trim()).map_err(|_| {
        Error::invalid("image", format!("{raw_q} is not a URL", raw_q = quote(raw)))
    })?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::invalid(
            "image",
            format!("{raw_q} is not an http(s) URL", raw_q = quote(raw)),
        ));
    }
    Ok(raw.trim().to_string())
}

fn optional_name(field: &str, value: &Option<String>) -> Result<Option<String>> {
    value
        .as_deref()
        .map(|v| model::validate_name(field, v))
        .transpose()
}

fn missing_values(txn: &dyn Txn, input: &NewTicket) -> Result<Vec<Wanted>> {
    let mut missing = Vec::new();
    if input.kind.as_deref().is_none_or(|k| k.trim().is_empty()) {
        missing.push(Wanted::Value("type"));
    }
    if input
        .question
        .as_deref()
        .is_none_or(|q| q.trim().is_empty())
    {
        missing.push(Wanted::Value("question"));
    }
    if let Some(kind) = input
        .kind
        .as_deref()
        .and_then(|k| txn.ticket_type(k.trim()).transpose())
    {
        for f in kind?.fields.into_iter().filter(|f| f.required) {
            if !input
                .fields
                .iter()
                .any(|(n, v)| *n == f.name && !v.trim().is_empty())
            {
                missing.push(Wanted::Field(f.name));
            }
        }
    }
    Ok(missing)
}

/// Validates a new ticket completely and returns it, unsaved.
fn prepare_ticket(txn: &dyn Txn, actor: &str, now: Timestamp, input: NewTicket) -> Result<Ticket> {
    let missing = missing_values(txn, &input)?;
    if !missing.is_empty() {
        return Err(Error::Missing { fields: missing });
    }
    let kind = known_type(txn, input.kind.as_deref().unwrap_or_default().trim())?;
    let question = model::validate_text("question", input.question.as_deref().unwrap_or_default())?;
    let subject = match &input.subject {
        Some(s) => model::validate_subject(s)?,
        None => model::subject_from_question(&question),
    };
    let requester = match &input.requester {
        Some(r) => model::validate_name("requester", r)?,
        None => actor.to_string(),
    };
    let defs = txn.field_defs()?;
    let mut fields = Map::new();
    for (name, raw) in &input.fields {
        let (def, _) = field_of(&defs, &kind, name)?;
        fields.insert(def.name.clone(), def.parse(raw)?);
    }
    Ok(Ticket {
        id: 0,
        kind: kind.name,
        subject,
        question,
        status: Status::New,
        priority: input.priority.unwrap_or_default(),
        support: input.support,
        committer: actor.to_string(),
        requester,
        assignee: optional_name("assignee", &input.assignee)?,
        group: optional_name("group", &input.group)?,
        organization: optional_name("organization", &input.organization)?,
        channel: input.channel.unwrap_or_default(),
        tags: model::normalise_tags(&input.tags)?,
        fields,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// The definition of a field attached to a type, and whether it is required there.
fn field_of<'d>(
    defs: &'d [FieldDef],
    kind: &TicketType,
    name: &str,
) -> Result<(&'d FieldDef, bool)> {
    let name = name.trim();
    let attached = kind.fields.iter().find(|f| f.name == name).ok_or_else(|| {
        let names: Vec<_> = kind.fields.iter().map(|f| f.name.as_str()).collect();
        let known = if names.is_empty() {
            "it has none".to_string()
        } else {
            names.join(", ")
        };
        Error::invalid(
            format!("field {name}"),
            format!("not a field of type '{}' ({known})", kind.name),
        )
    })?;
    let def = defs
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| Error::not_found("field", name))?;
    Ok((def, attached.required))
}

/// Applies a patch to a copy of a ticket, validating every value.
fn apply_patch(txn: &dyn Txn, before: &Ticket, patch: &TicketPatch) -> Result<Ticket> {
    let mut t = before.clone();
    if let Some(s) = &patch.subject {
        t.subject = model::validate_subject(s)?;
    }
    if let Some(p) = patch.priority {
        t.priority = p;
    }
    if let Some(s) = patch.support {
        t.support = s;
    }
    if let Some(a) = &patch.assignee {
        t.assignee = optional_name("assignee", a)?;
    }
    if let Some(g) = &patch.group {
        t.group = optional_name("group", g)?;
    }
    if let Some(o) = &patch.organization {
        t.organization = optional_name("organization", o)?;
    }
    for change in &patch.tags {
        match change {
            TagChange::Add(tag) => t.tags.push(model::validate_tag(tag)?),
            TagChange::Remove(tag) => {
                let tag = model::validate_tag(tag)?;
                t.tags.retain(|x| *x != tag);
            }
        }
    }
    t.tags = model::normalise_tags(&t.tags)?;
    let kind = known_type(txn, patch.kind.as_deref().unwrap_or(&before.kind).trim())?;
    t.kind = kind.name.clone();
    let defs = txn.field_defs()?;
    for (name, raw) in &patch.fields {
        let (def, required) = field_of(&defs, &kind, name)?;
        if raw.trim().is_empty() {
            if required {
                return Err(Error::invalid(
                    format!("field {name}"),
                    format!("is required for type '{}'", kind.name),
                ));
            }
            t.fields.remove(&def.name);
        } else {
            t.fields.insert(def.name.clone(), def.parse(raw)?);
        }
    }
    // Every value must belong to the (possibly new) type, and every required
    // field of it must be set.
    if let Some(stray) = t
        .fields
        .keys()
        .find(|k| !kind.fields.iter().any(|f| f.name == **k))
    {
        return Err(Error::FieldNotOfType {
            field: stray.clone(),
            kind: kind.name.clone(),
        });
    }
    let missing: Vec<Wanted> = kind
        .fields
        .iter()
        .filter(|f| f.required && !t.fields.contains_key(&f.name))
        .map(|f| Wanted::Field(f.name.clone()))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Missing { fields: missing });
    }
    Ok(t)
}

/// One changed value of a ticket: its event kind, field, old and new value.
type Difference = (EventKind, String, Value, Value);

/// The changes between two versions of a ticket, one per value.
fn diff(before: &Ticket, after: &Ticket) -> Vec<Difference> {
    let mut out: Vec<Difference> = Vec::new();
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    let mut field = |kind: EventKind, name: &str, old: Value, new: Value| {
        if old != new {
            out.push((kind, name.to_string(), old, new));
        }
    };
    field(
        EventKind::Field,
        "type",
        before.kind.clone().into(),
        after.kind.clone().into(),
    );
    field(
        EventKind::Field,
        "subject",
        before.subject.clone().into(),
        after.subject.clone().into(),
    );
    field(
        EventKind::Field,
        "priority",
        before.priority.as_str().into(),
        after.priority.as_str().into(),
    );
    field(
        EventKind::Field,
        "support",
        before.support.into(),
        after.support.into(),
    );
    field(
        EventKind::Assignment,
        "assignee",
        opt(&before.assignee),
        opt(&after.assignee),
    );
    field(
        EventKind::Field,
        "group",
        opt(&before.group),
        opt(&after.group),
    );
    field(
        EventKind::Field,
        "organization",
        opt(&before.organization),
        opt(&after.organization),
    );
    field(
        EventKind::Tags,
        "tags",
        before.tags.clone().into(),
        after.tags.clone().into(),
    );
    let mut names: Vec<&String> = before.fields.keys().chain(after.fields.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let old = before.fields.get(name).cloned().unwrap_or(Value::Null);
        let new = after.fields.get(name).cloned().unwrap_or(Value::Null);
        field(EventKind::Field, &format!("fields.{name}"), old, new);
    }
    out
}

/// Types the custom-field values of a filter by their definitions.
/// A filter checked the way every name is checked where it is written:
/// types and custom fields must exist (a misspelt one is an error, not an
/// empty result), tags and people are valid names, and field values are
/// parsed to their kinds.
fn checked_filter(txn: &dyn Txn, filter: &Filter) -> Result<Filter> {
    let mut checked = filter.clone();
    for name in &filter.types {
        known_type(txn, name)?;
    }
    for tag in checked
        .tags
        .iter_mut()
        .chain(checked.without_tags.iter_mut())
    {
        *tag = model::validate_tag(tag)?;
    }
    if let Some(Some(assignee)) = &mut checked.assignee {
        *assignee = model::validate_name("assignee", assignee)?;
    }
    if let Some(requester) = &mut checked.requester {
        *requester = model::validate_name("requester", requester)?;
    }
    if !filter.fields.is_empty() {
        let defs = txn.field_defs()?;
        for (name, value) in &mut checked.fields {
            let def = known_field(&defs, name)?;
            if let Value::String(raw) = value {
                *value = def.parse(raw)?;
            }
        }
    }
    Ok(checked)
}

/// The definition of the custom field `name`.
fn known_field<'d>(defs: &'d [FieldDef], name: &str) -> Result<&'d FieldDef> {
    defs.iter().find(|d| d.name == name).ok_or_else(|| {
        let known: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        Error::invalid(
            format!("field {}", crate::error::cut(name)),
            format!("no such custom field ({})", known.join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn desk() -> Desk {
        Desk::new(Box::new(SqliteStore::open_in_memory().unwrap()))
    }

    fn file(desk: &mut Desk, when: &str) -> i64 {
        let input = NewTicket {
            kind: Some("sys".into()),
            question: Some("q".into()),
            ..NewTicket::default()
        };
        desk.create(Change::new("amy", at(when)), input).unwrap().id
    }

    fn rule() -> SweepRule {
        SweepRule {
            name: "close-solved".into(),
            statuses: vec![Status::Solved],
            idle: chrono::TimeDelta::days(4),
            to: Status::Closed,
            note: Some("closed after 4 idle days".into()),
            limit: None,
        }
    }

    #[test]
    fn sweep_moves_idle_tickets_once_and_undo_reverts_them() {
        let mut d = desk();
        let old = file(&mut d, "2026-01-01T00:00:00Z");
        let recent = file(&mut d, "2026-01-01T00:00:00Z");
        let open = file(&mut d, "2026-01-01T00:00:00Z");
        d.set_status(
            Change::new("bob", at("2026-01-02T00:00:00Z")),
            &[old],
            Status::Solved,
            None,
            None,
        )
        .unwrap();
        d.set_status(
            Change::new("bob", at("2026-01-09T00:00:00Z")),
            &[recent],
            Status::Solved,
            None,
            None,
        )
        .unwrap();
        let now = at("2026-01-10T00:00:00Z");

        let report = d.sweep(Change::new("cron", now), &rule()).unwrap();
        assert_eq!((report.matched, report.changed.clone()), (1, vec![old]));
        let run = report.run.expect("a run id");
        assert_eq!(d.ticket(old).unwrap().status, Status::Closed);
        assert_eq!(d.ticket(recent).unwrap().status, Status::Solved);
        assert_eq!(d.ticket(open).unwrap().status, Status::New);
        let events = d.history(old).unwrap();
        let moved = events
            .iter()
            .find(|e| e.run == Some(run) && e.kind == EventKind::Status)
            .unwrap();
        assert_eq!(moved.actor, "sweep:close-solved");
        let note = d.thread(old, false, false).unwrap().replies;
        assert_eq!(note[0].detail.text, "closed after 4 idle days");

        let again = d.sweep(Change::new("cron", now), &rule()).unwrap();
        assert_eq!(
            (again.matched, again.changed.len(), again.run),
            (0, 0, None)
        );

        let undo = d
            .undo(Change::new("amy", at("2026-01-11T00:00:00Z")), run)
            .unwrap();
        assert_eq!(undo.changed, vec![old]);
        assert_eq!(d.ticket(old).unwrap().status, Status::Solved);
        assert!(matches!(
            d.undo(Change::new("amy", now), run),
            Err(Error::Refused { .. })
        ));
        assert!(matches!(
            d.undo(Change::new("amy", now), 999),
            Err(Error::NotFound { .. })
        ));
    }

    #[test]
    fn undo_leaves_tickets_changed_since_the_run() {
        let mut d = desk();
        let a = file(&mut d, "2026-01-01T00:00:00Z");
        let b = file(&mut d, "2026-01-01T00:00:00Z");
        d.set_status(
            Change::new("bob", at("2026-01-02T00:00:00Z")),
            &[a, b],
            Status::Pending,
            None,
            None,
        )
        .unwrap();
        let rule = SweepRule {
            statuses: vec![Status::Pending],
            to: Status::Solved,
            note: None,
            ..rule()
        };
        let run = d
            .sweep(Change::new("cron", at("2026-01-10T00:00:00Z")), &rule)
            .unwrap()
            .run
            .unwrap();
        d.reply(
            Change::new("amy", at("2026-01-10T01:00:00Z")),
            NewReply {
                ticket: b,
                text: "still broken".into(),
                ..NewReply::default()
            },
        )
        .unwrap();
        let undo = d
            .undo(Change::new("amy", at("2026-01-11T00:00:00Z")), run)
            .unwrap();
        assert_eq!(undo.changed, vec![a]);
        assert_eq!(undo.skipped[0].id, b);
        assert_eq!(d.ticket(b).unwrap().status, Status::Open);
    }

    #[test]
    fn sweep_limit_takes_the_stalest_and_dry_run_writes_nothing() {
        let mut d = desk();
        let ids: Vec<i64> = (1..=3)
            .map(|day| file(&mut d, &format!("2026-01-0{day}T00:00:00Z")))
            .collect();
        d.set_status(
            Change::new("bob", at("2026-01-04T00:00:00Z")),
            &ids[..1],
            Status::Solved,
            None,
            None,
        )
        .unwrap();
        d.set_status(
            Change::new("bob", at("2026-01-03T00:00:00Z")),
            &ids[1..],
            Status::Solved,
            None,
            None,
        )
        .unwrap();
        let limited = SweepRule {
            limit: Some(2),
            ..rule()
        };
        let preview = d
            .sweep(
                Change::new("cron", at("2026-02-01T00:00:00Z")).with(Commit::DryRun),
                &limited,
            )
            .unwrap();
        assert_eq!(
            (preview.changed.clone(), preview.run, preview.dry_run),
            (vec![ids[1], ids[2]], None, true)
        );
        assert_eq!(preview.skipped[0].id, ids[0]);
        assert!(
            ids.iter()
                .all(|id| d.ticket(*id).unwrap().status == Status::Solved)
        );
        let done = d
            .sweep(Change::new("cron", at("2026-02-01T00:00:00Z")), &limited)
            .unwrap();
        assert_eq!(done.changed, preview.changed);
    }

    #[test]
    fn sweep_reports_closed_tickets_and_leaves_those_already_moved() {
        let mut d = desk();
        let a = file(&mut d, "2026-01-01T00:00:00Z");
        let b = file(&mut d, "2026-01-01T00:00:00Z");
        d.set_status(
            Change::new("bob", at("2026-01-02T00:00:00Z")),
            &[a],
            Status::Closed,
            None,
            None,
        )
        .unwrap();
        d.set_status(
            Change::new("bob", at("2026-01-02T00:00:00Z")),
            &[b],
            Status::Solved,
            None,
            None,
        )
        .unwrap();
        let now = at("2026-02-01T00:00:00Z");
        let reopen = SweepRule {
            statuses: vec![Status::Closed, Status::Solved],
            to: Status::Open,
            ..rule()
        };
        let report = d.sweep(Change::new("cron", now), &reopen).unwrap();
        assert_eq!(report.changed, vec![b]);
        assert_eq!(
            (report.skipped[0].id, report.skipped[0].reason.as_str()),
            (a, "closed is final")
        );
        let events_before = d.history(a).unwrap().len();
        let same = SweepRule {
            statuses: vec![Status::Closed],
            to: Status::Closed,
            ..rule()
        };
        let report = d.sweep(Change::new("cron", now), &same).unwrap();
        assert_eq!(
            (report.matched, report.changed.len(), report.run),
            (0, 0, None)
        );
        assert_eq!(d.history(a).unwrap().len(), events_before);
    }

    #[test]
    fn a_repeated_idempotency_key_returns_the_first_ticket() {
        let d = desk();
        let input = NewTicket {
            kind: Some("sys".into()),
            question: Some("q".into()),
            idempotency_key: Some("k1".into()),
            ..NewTicket::default()
        };
        let first = d
            .create(
                Change::new("amy", at("2026-01-01T00:00:00Z")),
                input.clone(),
            )
            .unwrap();
        let second = d
            .create(Change::new("amy", at("2026-01-02T00:00:00Z")), input)
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(d.count(&Filter::default()).unwrap(), 1);
    }

    #[test]
    fn an_imported_event_of_another_ticket_is_refused_not_moved() {
        let mut source = desk();
        let id = file(&mut source, "2026-01-01T00:00:00Z");
        let mut thread = source.thread(id, false, true).unwrap();
        if let Some(events) = thread.events.as_mut() {
            events[0].ticket_id = id + 1;
        }
        let record = Incoming::Record(Box::new(Record::Ticket(Box::new(thread))));
        let mut records = std::iter::once(("line 1".to_string(), Ok(record)));
        let err = desk()
            .import(&mut records, false, Commit::Keep)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 1: events: event 1 belongs to ticket 2"),
            "{err}"
        );
    }
}
