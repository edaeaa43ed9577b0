use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Channel, Priority, Status, Timestamp};
use crate::error::Error;
use crate::error::quote;

/// Longest subject accepted, in characters.
pub const MAX_SUBJECT: usize = 250;
/// Longest question or reply accepted, in bytes.
pub const MAX_TEXT: usize = 1 << 20;
/// Longest tag, user or group name accepted, in characters.
pub const MAX_NAME: usize = 128;

/// The JSON keys of a ticket, in the order it is written.
pub const TICKET_KEYS: [&str; 18] = [
    "id",
    "type",
    "subject",
    "question",
    "status",
    "priority",
    "support",
    "committer",
    "requester",
    "assignee",
    "group",
    "organization",
    "channel",
    "tags",
    "fields",
    "version",
    "created_at",
    "updated_at",
];

/// A ticket (seed 1 "workorder", seed 2 "ticket"/"request").
///
/// Its serde form is the JSON contract of the SPEC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// Assigned by the store, never reused.
    pub id: i64,
    /// The ticket type's name (`sys`, `module`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short title.
    pub subject: String,
    /// The first message.
    pub question: String,
    /// Workflow state.
    pub status: Status,
    /// Urgency.
    pub priority: Priority,
    /// The requester wants phone support.
    pub support: bool,
    /// Who filed it.
    pub committer: String,
    /// Whom it is for.
    pub requester: String,
    /// The agent working on it.
    pub assignee: Option<String>,
    /// The team working on it.
    pub group: Option<String>,
    /// The requester's organisation.
    pub organization: Option<String>,
    /// How it arrived.
    pub channel: Channel,
    /// Labels, sorted and unique.
    pub tags: Vec<String>,
    /// Custom field values, typed.
    pub fields: Map<String, Value>,
    /// Incremented by every change; starts at 1.
    pub version: i64,
    /// When it was filed.
    pub created_at: Timestamp,
    /// When it last changed (including replies).
    pub updated_at: Timestamp,
}

/// What a user gives to file a ticket; unset values take their defaults.
#[derive(Debug, Clone, Default)]
pub struct NewTicket {
    /// The ticket type (required).
    pub kind: Option<String>,
    /// The first message (required).
    pub question: Option<String>,
    /// Defaults to the first line of the question.
    pub subject: Option<String>,
    /// Defaults to normal.
    pub priority: Option<Priority>,
    /// Phone support wanted.
    pub support: bool,
    /// Defaults to the committer.
    pub requester: Option<String>,
    /// Assigned agent.
    pub assignee: Option<String>,
    /// Assigned team.
    pub group: Option<String>,
    /// Requester's organisation.
    pub organization: Option<String>,
    /// Defaults to cli.
    pub channel: Option<Channel>,
    /// Labels.
    pub tags: Vec<String>,
    /// Custom field values as text, `(name, value)`, validated against the
    /// type's field definitions.
    pub fields: Vec<(String, String)>,
    /// A key naming this request: filing again with the same key returns
    /// the ticket filed the first time instead of a duplicate.
    pub idempotency_key: Option<String>,
}

/// A tag to add or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagChange {
    /// Add this tag.
    Add(String),
    /// Remove this tag.
    Remove(String),
}

/// The changes `edit` makes; `None` leaves a value as it is. For the
/// optional people fields, `Some(None)` clears the value.
#[derive(Debug, Clone, Default)]
pub struct TicketPatch {
    /// New subject.
    pub subject: Option<String>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New type.
    pub kind: Option<String>,
    /// New phone-support flag.
    pub support: Option<bool>,
    /// New assignee, or `Some(None)` to unassign.
    pub assignee: Option<Option<String>>,
    /// New group, or `Some(None)` to clear.
    pub group: Option<Option<String>>,
    /// New organisation, or `Some(None)` to clear.
    pub organization: Option<Option<String>>,
    /// Tags to add or remove, in order.
    pub tags: Vec<TagChange>,
    /// Custom field values as text; an empty value removes the field.
    pub fields: Vec<(String, String)>,
    /// New status, changed in the same step as the rest.
    pub status: Option<super::Status>,
}

impl TicketPatch {
    /// Whether the patch asks for no change at all.
    pub fn is_empty(&self) -> bool {
        self.subject.is_none()
            && self.priority.is_none()
            && self.kind.is_none()
            && self.support.is_none()
            && self.assignee.is_none()
            && self.group.is_none()
            && self.organization.is_none()
            && self.tags.is_empty()
            && self.fields.is_empty()
            && self.status.is_none()
    }
}

/// Checks a person, group or organisation name: non-empty, one line, short.
pub fn validate_name(field: &str, value: &str) -> Result<String, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if v.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            field,
            format!("longer than {MAX_NAME} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(v.to_string())
}

/// Checks a tag: a non-empty word without spaces or commas.
pub fn validate_tag(value: &str) -> Result<String, Error> {
    let v = validate_name("tag", value)?;
    if v.chars().any(|c| c.is_whitespace() || c == ',') {
        return Err(Error::invalid(
            "tag",
            format!("{v_q} must not contain spaces or commas", v_q = quote(&v)),
        ));
    }
    Ok(v)
}

/// Checks a subject: one line, not empty, at most [`MAX_SUBJECT`] characters.
pub fn validate_subject(value: &str) -> Result<String, Error> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid("subject", "must not be empty"));
    }
    if v.contains(['\n', '\r']) {
        return Err(Error::invalid("subject", "must be a single line"));
    }
    if v.chars().count() > MAX_SUBJECT {
        return Err(Error::invalid(
            "subject",
            format!("longer than {MAX_SUBJECT} characters"),
        ));
    }
    Ok(v.to_string())
}

/// Checks a message body (question or reply); keeps it exactly as given.
pub fn validate_text(field: &str, value: &str) -> Result<String, Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_TEXT {
        return Err(Error::invalid(
            field,
            format!("longer than {MAX_TEXT} bytes"),
        ));
    }
    if value.contains('\0') {
        return Err(Error::invalid(field, "must not contain NUL bytes"));
    }
    Ok(value.to_string())
}

/// What a subject reads when the question has no printable text.
pub const NO_SUBJECT: &str = "(no subject)";

/// The subject a question implies: its first line with printable text,
/// control characters blanked, cut to [`MAX_SUBJECT`] characters; or
/// [`NO_SUBJECT`] when there is none.
pub fn subject_from_question(question: &str) -> String {
    question
        .lines()
        .map(|line| {
            let clean: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(MAX_SUBJECT)
                .collect();
            clean.trim().to_string()
        })
        .find(|l| !l.is_empty())
        .unwrap_or_else(|| NO_SUBJECT.to_string())
}

/// Sorts and deduplicates a tag list after validating each tag.
pub fn normalise_tags(tags: &[String]) -> Result<Vec<String>, Error> {
    let mut out = tags
        .iter()
        .map(|t| validate_tag(t))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_keys_are_the_serialised_keys_in_order() {
        let t: Ticket = serde_json::from_value(serde_json::json!({
            "id": 1, "type": "sys", "subject": "s", "question": "q", "status": "new",
            "priority": "normal", "support": false, "committer": "a", "requester": "a",
            "assignee": null, "group": null, "organization": null, "channel": "cli",
            "tags": [], "fields": {}, "version": 1,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        let written = serde_json::to_string(&t).unwrap();
        let value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&written).unwrap();
        let mut at = 0;
        for key in TICKET_KEYS {
            let found = written[at..].find(&format!("\"{key}\":")).unwrap();
            at += found;
        }
        assert_eq!(value.len(), TICKET_KEYS.len());
    }

    #[test]
    fn subject_defaults_to_first_nonblank_line() {
        assert_eq!(
            subject_from_question("\n  how to cancel?\nmore"),
            "how to cancel?"
        );
        assert_eq!(subject_from_question("\u{1b}\n\u{7}"), NO_SUBJECT);
        assert_eq!(subject_from_question("\u{1b}\nsecond"), "second");
        let long = "字".repeat(400);
        assert_eq!(subject_from_question(&long).chars().count(), MAX_SUBJECT);
    }

    #[test]
    fn tags_are_sorted_unique_words() {
        let tags = normalise_tags(&["vip".into(), "a".into(), "vip".into()]).unwrap();
        assert_eq!(tags, ["a", "vip"]);
        assert!(validate_tag("two words").is_err());
        assert!(validate_tag("").is_err());
    }

    #[test]
    fn text_is_kept_exactly() {
        assert_eq!(validate_text("q", " a\x1b[31m ").unwrap(), " a\x1b[31m ");
        assert!(validate_text("q", "  \n").is_err());
    }
}
