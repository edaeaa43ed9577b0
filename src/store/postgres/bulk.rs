//! Bulk loads (imports): rows with ids of their own are gathered and
//! written with `COPY` a batch at a time, instead of one statement each.
//!
//! A row is held back only when nothing can be wrong with it but what
//! PostgreSQL alone would find later: its id is above every id stored
//! before the load and not brought twice, the ticket, type and run it
//! names exist, and its text holds no NUL. Anything else (an id that may
//! collide, a row whose id the store assigns, any read) writes the held
//! rows first and goes straight to the database, so an error always comes
//! from the call that caused it.

use std::collections::HashSet;

use postgres::Client;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

use super::sql::{field_text, tag_list};
use crate::model::{Event, Reply, Ticket};
use crate::store::ids::IdRanges;

/// Rows held back before they are written.
const BATCH_ROWS: usize = 2_000;

/// Bytes of text held back before they are written.
const BATCH_BYTES: usize = 8 << 20;

/// The tables whose ids a load may bring.
#[derive(Debug, Clone, Copy)]
pub(super) enum Table {
    Tickets = 0,
    Replies = 1,
    Events = 2,
}

impl Table {
    /// The sequence that assigns the table's ids.
    pub(super) fn sequence(self) -> &'static str {
        match self {
            Table::Tickets => "tickets_id_seq",
            Table::Replies => "replies_id_seq",
            Table::Events => "events_id_seq",
        }
    }
}

/// What a bulk load in progress knows and holds.
pub(super) struct BulkLoad {
    /// The largest id of each [`Table`] stored before the load.
    stored: [i64; 3],
    /// The ids of each table the load wrote or holds.
    pub(super) noted: [IdRanges; 3],
    /// Runs known to exist.
    pub(super) runs: HashSet<i64>,
    /// Ticket types known to exist.
    pub(super) types: HashSet<String>,
    tickets: Vec<Ticket>,
    replies: Vec<Reply>,
    events: Vec<Event>,
    bytes: usize,
    /// Rows written so far.
    pub(super) loaded: u64,
}

impl BulkLoad {
    pub(super) fn new(stored: [i64; 3]) -> Self {
        BulkLoad {
            stored,
            noted: Default::default(),
            runs: HashSet::new(),
            types: HashSet::new(),
            tickets: Vec::new(),
            replies: Vec::new(),
            events: Vec::new(),
            bytes: 0,
            loaded: 0,
        }
    }

    /// Whether a row of `table` with this id may be held back: above every
    /// id stored before and not brought yet.
    pub(super) fn fresh(&self, table: Table, id: i64) -> bool {
        id > self.stored[table as usize] && !self.noted[table as usize].contains(id)
    }

    pub(super) fn hold_ticket(&mut self, t: &Ticket) {
        self.noted[Table::Tickets as usize].push(t.id);
        self.bytes += t.question.len() + t.subject.len();
        self.tickets.push(t.clone());
    }

    pub(super) fn hold_reply(&mut self, r: &Reply) {
        self.noted[Table::Replies as usize].push(r.id);
        self.bytes += r.detail.text.len();
        self.replies.push(r.clone());
    }

    pub(super) fn hold_event(&mut self, e: &Event) {
        self.noted[Table::Events as usize].push(e.id);
        self.events.push(e.clone());
    }

    /// Whether enough is held to write it now.
    pub(super) fn full(&self) -> bool {
        self.tickets.len() + self.replies.len() + self.events.len() >= BATCH_ROWS
            || self.bytes >= BATCH_BYTES
    }

    pub(super) fn is_empty(&self) -> bool {
        self.tickets.is_empty() && self.replies.is_empty() && self.events.is_empty()
    }

    /// Writes every row held, tickets first (replies and events name
    /// them), and returns the largest id written to each table.
    pub(super) fn write(&mut self, client: &mut Client) -> Result<[i64; 3], postgres::Error> {
        let mut top = [0; 3];
        if !self.tickets.is_empty() {
            copy_tickets(client, &self.tickets)?;
            top[0] = self.tickets.iter().map(|t| t.id).max().unwrap_or(0);
        }
        if !self.replies.is_empty() {
            copy_replies(client, &self.replies)?;
            top[1] = self.replies.iter().map(|r| r.id).max().unwrap_or(0);
        }
        if !self.events.is_empty() {
            copy_events(client, &self.events)?;
            top[2] = self.events.iter().map(|e| e.id).max().unwrap_or(0);
        }
        self.loaded += (self.tickets.len() + self.replies.len() + self.events.len()) as u64;
        self.tickets.clear();
        self.replies.clear();
        self.events.clear();
        self.bytes = 0;
        Ok(top)
    }
}

/// Streams rows into `COPY table (columns) FROM STDIN` in binary form.
fn copy<T>(
    client: &mut Client,
    table: &str,
    columns: &[(&str, Type)],
    rows: &[T],
    values: impl Fn(
        &T,
        &mut dyn FnMut(&[&(dyn ToSql + Sync)]) -> Result<(), postgres::Error>,
    ) -> Result<(), postgres::Error>,
) -> Result<(), postgres::Error> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let types: Vec<Type> = columns.iter().map(|(_, t)| t.clone()).collect();
    let sink = client.copy_in(&format!(
        "COPY {table} ({}) FROM STDIN (FORMAT binary)",
        names.join(", ")
    ))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    for row in rows {
        values(row, &mut |v| writer.write(v))?;
    }
    writer.finish()?;
    Ok(())
}

fn copy_tickets(client: &mut Client, tickets: &[Ticket]) -> Result<(), postgres::Error> {
    copy(
        client,
        "tickets",
        &[
            ("id", Type::INT8),
            ("type", Type::TEXT),
            ("subject", Type::TEXT),
            ("question", Type::TEXT),
            ("support", Type::BOOL),
            ("committer", Type::TEXT),
            ("requester", Type::TEXT),
            ("grp", Type::TEXT),
            ("organization", Type::TEXT),
            ("channel", Type::TEXT),
            ("tags", Type::TEXT_ARRAY),
            ("fields", Type::JSONB),
            ("field_text", Type::TEXT),
            ("created_at", Type::TIMESTAMPTZ),
        ],
        tickets,
        |t, write| {
            let fields = serde_json::Value::Object(t.fields.clone());
            write(&[
                &t.id,
                &t.kind,
                &t.subject,
                &t.question,
                &t.support,
                &t.committer,
                &t.requester,
                &t.group,
                &t.organization,
                &t.channel.as_str(),
                &tag_list(t),
                &fields,
                &field_text(t),
                &t.created_at.datetime(),
            ])
        },
    )?;
    copy(
        client,
        "ticket_state",
        &[
            ("id", Type::INT8),
            ("status", Type::TEXT),
            ("priority", Type::TEXT),
            ("assignee", Type::TEXT),
            ("version", Type::INT8),
            ("updated_at", Type::TIMESTAMPTZ),
        ],
        tickets,
        |t, write| {
            write(&[
                &t.id,
                &t.status.as_str(),
                &t.priority.as_str(),
                &t.assignee,
                &t.version,
                &t.updated_at.datetime(),
            ])
        },
    )
}

fn copy_replies(client: &mut Client, replies: &[Reply]) -> Result<(), postgres::Error> {
    copy(
        client,
        "replies",
        &[
            ("id", Type::INT8),
            ("ticket_id", Type::INT8),
            ("committer", Type::TEXT),
            ("role", Type::INT4),
            ("text", Type::TEXT),
            ("images", Type::TEXT_ARRAY),
            ("internal", Type::BOOL),
            ("created_at", Type::TIMESTAMPTZ),
        ],
        replies,
        |r, write| {
            write(&[
                &r.id,
                &r.workorder_id,
                &r.committer,
                &(r.role.code() as i32),
                &r.detail.text,
                &r.detail.image,
                &r.internal,
                &r.created_at.datetime(),
            ])
        },
    )
}

fn copy_events(client: &mut Client, events: &[Event]) -> Result<(), postgres::Error> {
    copy(
        client,
        "events",
        &[
            ("id", Type::INT8),
            ("ticket_id", Type::INT8),
            ("at", Type::TIMESTAMPTZ),
            ("actor", Type::TEXT),
            ("kind", Type::TEXT),
            ("field", Type::TEXT),
            ("old", Type::JSONB),
            ("new", Type::JSONB),
            ("run_id", Type::INT8),
        ],
        events,
        |e, write| {
            write(&[
                &e.id,
                &e.ticket_id,
                &e.at.datetime(),
                &e.actor,
                &e.kind.as_str(),
                &e.field,
                &e.old,
                &e.new,
                &e.run,
            ])
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_ranges_note_runs_of_consecutive_ids() {
        let mut ranges = IdRanges::default();
        for id in [1, 2, 3, 5, 6, 9, 4, 20, 10] {
            ranges.push(id);
        }
        let runs: Vec<(i64, i64)> = ranges.runs().collect();
        assert_eq!(runs, [(1, 4), (5, 6), (9, 10), (20, 20)]);
        for id in 1..=22 {
            let noted = [1, 2, 3, 4, 5, 6, 9, 10, 20].contains(&id);
            assert_eq!(ranges.contains(id), noted, "{id}");
        }
    }
}
