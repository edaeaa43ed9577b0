//! The desk: the one API every front end (CLI, HTTP) calls.
//!
//! Each write method is one store transaction that validates everything
//! first, then writes the change together with its history events, so a
//! rejected request writes nothing and an accepted one is never half-done.
//! Callers pass who acts and when ([`Change`]), and whether the write is
//! kept ([`Commit`]).
//!
//! By concern: `tickets` (filing, reading, replies, status, edits, search),
//! `sweep` (unattended runs and undo), `transfer` (export and import),
//! `filing` (new tickets of many threads stored together), `catalog`
//! (types and fields), `tokens` (API tokens), `checks`
//! (validation shared by them), `access` (which tickets a caller may see
//! and change).

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::quote;
use crate::error::{Error, Result, Wanted};
use crate::exchange::{IdempotencyKey, Incoming, Record, ReplyKey};
use crate::model::{
    self, Detail, Edited, Event, EventKind, FieldDef, Hit, ImportReport, NewEvent, NewReply,
    NewTicket, Replied, Reply, Role, Run, SkipReason, Skipped, Status, StatusChanges, SweepReport,
    SweepRule, TagChange, Thread, Ticket, TicketPatch, TicketType, Timestamp, TypeField, workflow,
};
use crate::query::{Filter, Query, Window};
use crate::store::{Access, BulkStatus, Location, Store, Txn};

mod access;
mod catalog;
mod checks;
mod filing;
mod sweep;
#[cfg(test)]
mod tests;
mod tickets;
mod tokens;
mod transfer;

pub use access::Scope;
use checks::*;
use filing::{Filed, Filing, store_in};
use tickets::status_event;

/// A help desk over one store, shared by every thread of a process.
pub struct Desk {
    store: Box<dyn Store>,
    /// New tickets waiting to be stored together.
    filings: filing::Filings,
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
    /// Which tickets the actor may change (the whole desk unless narrowed).
    pub scope: Scope<'a>,
}

impl<'a> Change<'a> {
    /// A kept change by `actor` at `at`.
    pub fn new(actor: &'a str, at: Timestamp) -> Self {
        Change {
            actor,
            at,
            commit: Commit::Keep,
            scope: Scope::Desk,
        }
    }

    /// The same change, kept or only tried.
    pub fn with(self, commit: Commit) -> Self {
        Change { commit, ..self }
    }

    /// The same change, allowed to touch only the tickets in `scope`.
    pub fn within(self, scope: Scope<'a>) -> Self {
        Change { scope, ..self }
    }
}

impl Desk {
    /// A desk over any store.
    pub fn new(store: Box<dyn Store>) -> Self {
        Desk {
            store,
            filings: filing::Filings::default(),
        }
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
    txn.ticket_type(name)?
        .ok_or_else(|| unknown_type(txn, name))
}

/// The error for a type the desk does not have, listing those it has.
fn unknown_type(txn: &dyn Txn, name: &str) -> Error {
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
        Error::Stored { field, what, .. } => Error::Stored {
            place: format!("{place}: "),
            field,
            what,
        },
        e @ Error::Closed { .. } => Error::Refused {
            reason: format!("{place}: {e}"),
            hint: None,
        },
        other => other,
    }
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
