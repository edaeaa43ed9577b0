use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Timestamp;

/// One recorded change to a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Assigned by the store, increasing.
    pub id: i64,
    /// The ticket changed.
    pub ticket_id: i64,
    /// When the change was made.
    pub at: Timestamp,
    /// Who made it.
    pub actor: String,
    /// What kind of change it was.
    pub kind: EventKind,
    /// The field changed, where the kind has one.
    pub field: Option<String>,
    /// The value before the change.
    pub old: Option<Value>,
    /// The value after the change.
    pub new: Option<Value>,
    /// The unattended run (sweep or undo) that made the change, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<i64>,
}

/// A change about to be recorded; the store assigns the id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The ticket changed.
    pub ticket_id: i64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: String,
    /// What kind of change.
    pub kind: EventKind,
    /// The field changed, if any.
    pub field: Option<String>,
    /// The value before.
    pub old: Option<Value>,
    /// The value after.
    pub new: Option<Value>,
    /// The run that made it, if any.
    pub run: Option<i64>,
}

impl NewEvent {
    /// The event as stored under `id`.
    pub fn stored(self, id: i64) -> Event {
        Event {
            id,
            ticket_id: self.ticket_id,
            at: self.at,
            actor: self.actor,
            kind: self.kind,
            field: self.field,
            old: self.old,
            new: self.new,
            run: self.run,
        }
    }
}

impl From<Event> for NewEvent {
    /// The event without its id, to store again.
    fn from(e: Event) -> Self {
        NewEvent {
            ticket_id: e.ticket_id,
            at: e.at,
            actor: e.actor,
            kind: e.kind,
            field: e.field,
            old: e.old,
            new: e.new,
            run: e.run,
        }
    }
}

/// An unattended run: a sweep, or the undo of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Assigned by the store; events carry it as `run`.
    pub id: i64,
    /// The rule that ran (`undo:ID` for an undo).
    pub rule: String,
    /// Who started it.
    pub actor: String,
    /// When.
    pub at: Timestamp,
    /// The run that undid this one, if any.
    pub undone_by: Option<i64>,
}

/// The kinds of change history records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// The ticket was filed.
    Created,
    /// The status changed.
    Status,
    /// A built-in or custom field changed.
    Field,
    /// The assignee changed.
    Assignment,
    /// Tags were added or removed.
    Tags,
    /// A reply or internal note was added.
    Reply,
}

impl EventKind {
    /// The name used in JSON and SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Status => "status",
            EventKind::Field => "field",
            EventKind::Assignment => "assignment",
            EventKind::Tags => "tags",
            EventKind::Reply => "reply",
        }
    }

    /// The kind named by [`EventKind::as_str`].
    pub fn from_name(s: &str) -> Option<Self> {
        [
            EventKind::Created,
            EventKind::Status,
            EventKind::Field,
            EventKind::Assignment,
            EventKind::Tags,
            EventKind::Reply,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
