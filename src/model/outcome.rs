//! What the desk's operations did: the values front ends render.

use serde::Serialize;

use super::{Event, Reply, Status, Ticket};

/// What a reply did.
#[derive(Debug, Clone)]
pub struct Replied {
    /// The reply written.
    pub reply: Reply,
    /// The ticket after the reply (its status may have moved).
    pub ticket: Ticket,
    /// The status before the reply, when the reply moved it.
    pub moved_from: Option<Status>,
}

/// What a status change did, ticket by ticket.
#[derive(Debug, Clone, Default)]
pub struct StatusChanges {
    /// Tickets moved to the new status, as they are now.
    pub changed: Vec<Ticket>,
    /// Tickets that already had the status and were left alone.
    pub unchanged: Vec<Ticket>,
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The ticket found.
    #[serde(flatten)]
    pub ticket: Ticket,
    /// Text around the matches, which sit between `\u{E000}` and `\u{E001}`.
    pub snippet: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// Tickets written.
    pub tickets: u64,
    /// Replies written.
    pub replies: u64,
    /// Events written.
    pub events: u64,
    /// Tickets left alone because their id was taken (`--skip-existing`).
    pub skipped: Vec<i64>,
    /// Seed replies left alone because they were stored already
    /// (`--skip-existing`).
    pub skipped_replies: u64,
    /// Whether this was a dry run that wrote nothing.
    pub dry_run: bool,
}

/// What a sweep (or an undo) did.
#[derive(Debug, Clone, Serialize)]
pub struct SweepReport {
    /// The run id events are tagged with; none when nothing changed or in a dry run.
    pub run: Option<i64>,
    /// The rule that ran.
    pub rule: String,
    /// Whether this was a dry run that wrote nothing.
    pub dry_run: bool,
    /// How many tickets the rule matched.
    pub matched: u64,
    /// The tickets moved (or that would be, in a dry run).
    pub changed: Vec<i64>,
    /// The tickets matched but left alone, with the reason.
    pub skipped: Vec<Skipped>,
}

/// A ticket a run left alone.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The ticket.
    pub id: i64,
    /// Why it was left alone.
    pub reason: SkipReason,
}

/// Why a run left a ticket it matched alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SkipReason {
    /// The ticket is closed, and closed is final.
    #[serde(rename = "closed is final")]
    Closed,
    /// The rule's limit was reached before it.
    #[serde(rename = "over the limit")]
    OverLimit,
    /// Undo: someone changed the ticket after the run.
    #[serde(rename = "changed since the run")]
    ChangedSinceRun,
}

impl SkipReason {
    /// The reason in words, as JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Closed => "closed is final",
            SkipReason::OverLimit => "over the limit",
            SkipReason::ChangedSinceRun => "changed since the run",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an edit did.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The ticket as it is now.
    pub ticket: Ticket,
    /// The events recorded; empty when nothing changed.
    pub events: Vec<Event>,
}
