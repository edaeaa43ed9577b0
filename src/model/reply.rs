use serde::{Deserialize, Serialize};

use super::{Role, Timestamp};

/// A message on a ticket (seed 1 "workorder_detail").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Assigned by the store.
    pub id: i64,
    /// The ticket it belongs to.
    pub workorder_id: i64,
    /// Who wrote it.
    pub committer: String,
    /// Requester (`0`) or agent (`1`).
    pub role: Role,
    /// The message.
    pub detail: Detail,
    /// A private agent note, hidden from the requester.
    pub internal: bool,
    /// When it was written.
    pub created_at: Timestamp,
}

/// The body of a reply, as seed 1 shapes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Detail {
    /// The message text, kept exactly as written.
    pub text: String,
    /// Image URLs; may be empty.
    pub image: Vec<String>,
}

/// What a user gives to reply to a ticket.
#[derive(Debug, Clone, Default)]
pub struct NewReply {
    /// The ticket to answer.
    pub ticket: i64,
    /// The message text.
    pub text: String,
    /// Image URLs.
    pub images: Vec<String>,
    /// A private agent note.
    pub internal: bool,
    /// Who the replier is; decided from the ticket when not given.
    pub role: Option<Role>,
    /// A status to set in the same step.
    pub status: Option<super::Status>,
    /// Refuse the reply unless the ticket is at this version.
    pub if_version: Option<i64>,
    /// A key naming this request: replying again with the same key returns
    /// the reply written the first time instead of a second one.
    pub idempotency_key: Option<String>,
}
