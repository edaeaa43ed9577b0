//! A ticket with its conversation: what `show` presents and what an
//! export record holds.

use serde::{Deserialize, Serialize};

use super::{Event, Reply, Ticket};

/// A ticket with its conversation, as `show` presents it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// The ticket itself.
    #[serde(flatten)]
    pub ticket: Ticket,
    /// Replies, oldest first.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// History events, oldest first, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
}
