//! Rows to model values and back: the columns of tickets, replies,
//! events and API tokens, and the parameter lists that write them.

use super::*;

/// A ticket's columns: `t` is its `tickets` row, `s` its `ticket_state` row.
pub(super) const TICKET_COLUMNS: &str = "s.id, t.type, t.subject, t.question, s.status, s.priority, t.support, \
     t.committer, t.requester, s.assignee, t.grp, t.organization, t.channel, \
     t.tags, t.fields, s.version, t.created_at, s.updated_at";

/// A ticket's tags as the `tags` column holds them: a JSON array, sorted.
pub(super) fn tag_list(t: &Ticket) -> String {
    let mut tags: Vec<&str> = t.tags.iter().map(String::as_str).collect();
    tags.sort_unstable();
    tags.dedup();
    Value::from(tags).to_string()
}

/// The text of a ticket's string-valued fields, one per line, for search
/// (`NULL` when it has none).
pub(super) fn field_text(t: &Ticket) -> Option<String> {
    let values: Vec<&str> = t.fields.values().filter_map(Value::as_str).collect();
    (!values.is_empty()).then(|| values.join("\n"))
}

/// A ticket's `tickets` row as parameters: ?1 the id, then type, subject,
/// question, support, committer, requester, grp, organization, channel,
/// tags, fields, field_text and created_at.
pub(super) struct WideRow<'t> {
    pub(super) ticket: &'t Ticket,
    pub(super) id: Option<i64>,
    pub(super) channel: &'static str,
    pub(super) tags: String,
    pub(super) fields: String,
    pub(super) field_text: Option<String>,
    pub(super) created_at: String,
}

impl<'t> WideRow<'t> {
    pub(super) fn of(ticket: &'t Ticket, id: Option<i64>, tags: String) -> Self {
        WideRow {
            ticket,
            id,
            channel: ticket.channel.as_str(),
            tags,
            fields: Value::Object(ticket.fields.clone()).to_string(),
            field_text: field_text(ticket),
            created_at: ticket.created_at.to_string(),
        }
    }

    pub(super) fn params(&self) -> [&dyn ToSql; 14] {
        let t = self.ticket;
        [
            &self.id,
            &t.kind,
            &t.subject,
            &t.question,
            &t.support,
            &t.committer,
            &t.requester,
            &t.group,
            &t.organization,
            &self.channel,
            &self.tags,
            &self.fields,
            &self.field_text,
            &self.created_at,
        ]
    }
}

/// A ticket's `ticket_state` row as parameters: ?1 the id, then status,
/// priority, assignee, version and updated_at (microseconds).
pub(super) struct StateRow<'t> {
    pub(super) id: i64,
    pub(super) status: &'static str,
    pub(super) priority: &'static str,
    pub(super) assignee: &'t Option<String>,
    pub(super) version: i64,
    pub(super) updated_at: i64,
}

impl<'t> StateRow<'t> {
    pub(super) fn of(ticket: &'t Ticket, id: i64) -> Self {
        StateRow {
            id,
            status: ticket.status.as_str(),
            priority: ticket.priority.as_str(),
            assignee: &ticket.assignee,
            version: ticket.version,
            updated_at: ticket.updated_at.micros(),
        }
    }

    pub(super) fn params(&self) -> [&dyn ToSql; 6] {
        [
            &self.id,
            &self.status,
            &self.priority,
            self.assignee,
            &self.version,
            &self.updated_at,
        ]
    }
}

pub(super) fn corrupt(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored {what} '{value}' is not valid").into(),
    )
}

/// A text column, borrowed from SQLite's row buffer.
pub(super) fn text_col<'r>(row: &'r Row, idx: usize) -> rusqlite::Result<&'r str> {
    Ok(row.get_ref(idx)?.as_str()?)
}

pub(super) fn parse_col<T: std::str::FromStr>(
    row: &Row,
    idx: usize,
    what: &str,
) -> rusqlite::Result<T> {
    let s = text_col(row, idx)?;
    s.parse().map_err(|_| corrupt(what, s))
}

/// A time kept as microseconds since the epoch.
pub(super) fn micros_col(row: &Row, idx: usize, what: &str) -> rusqlite::Result<Timestamp> {
    let micros: i64 = row.get(idx)?;
    Timestamp::from_micros(micros).ok_or_else(|| corrupt(what, &micros.to_string()))
}

pub(super) fn json_col<T: serde::de::DeserializeOwned>(
    row: &Row,
    idx: usize,
    what: &str,
) -> rusqlite::Result<T> {
    let s = text_col(row, idx)?;
    serde_json::from_str(s).map_err(|_| corrupt(what, s))
}

pub(super) fn opt_json_col(row: &Row, idx: usize) -> rusqlite::Result<Option<Value>> {
    let s = row.get_ref(idx)?.as_str_or_null()?;
    s.map(|s| serde_json::from_str(s).map_err(|_| corrupt("event value", s)))
        .transpose()
}

pub(super) fn ticket_from_row(row: &Row) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: row.get(0)?,
        kind: row.get(1)?,
        subject: row.get(2)?,
        question: row.get(3)?,
        status: parse_col::<Status>(row, 4, "status")?,
        priority: parse_col::<Priority>(row, 5, "priority")?,
        support: row.get(6)?,
        committer: row.get(7)?,
        requester: row.get(8)?,
        assignee: row.get(9)?,
        group: row.get(10)?,
        organization: row.get(11)?,
        channel: parse_col::<Channel>(row, 12, "channel")?,
        tags: json_col(row, 13, "tags")?,
        fields: json_col(row, 14, "fields")?,
        version: row.get(15)?,
        created_at: parse_col::<Timestamp>(row, 16, "created_at")?,
        updated_at: micros_col(row, 17, "updated_at")?,
    })
}

pub(super) fn reply_from_row(row: &Row) -> rusqlite::Result<Reply> {
    let role: i64 = row.get(3)?;
    Ok(Reply {
        id: row.get(0)?,
        workorder_id: row.get(1)?,
        committer: row.get(2)?,
        role: Role::from_code(role).map_err(|_| corrupt("role", &role.to_string()))?,
        detail: Detail {
            text: row.get(4)?,
            image: json_col(row, 5, "images")?,
        },
        internal: row.get(6)?,
        created_at: parse_col::<Timestamp>(row, 7, "created_at")?,
    })
}

pub(super) fn event_from_row(row: &Row) -> rusqlite::Result<Event> {
    let kind: String = row.get(4)?;
    Ok(Event {
        id: row.get(0)?,
        ticket_id: row.get(1)?,
        at: parse_col::<Timestamp>(row, 2, "event time")?,
        actor: row.get(3)?,
        kind: EventKind::from_name(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
        field: row.get(5)?,
        old: opt_json_col(row, 6)?,
        new: opt_json_col(row, 7)?,
        run: row.get(8)?,
    })
}

pub(super) const EVENT_COLUMNS: &str = "id, ticket_id, at, actor, kind, field, old, new, run_id";

/// An API token's columns (never its hash).
pub(super) const TOKEN_COLUMNS: &str = "id, user, role, name, created_at, expires_at, revoked_at";

/// A time kept as RFC 3339 text, or `NULL`.
fn opt_time_col(row: &Row, idx: usize, what: &str) -> rusqlite::Result<Option<Timestamp>> {
    let s = row.get_ref(idx)?.as_str_or_null()?;
    s.map(|s| s.parse().map_err(|_| corrupt(what, s)))
        .transpose()
}

/// An API token from the [`TOKEN_COLUMNS`] of a row.
pub(super) fn token_from_row(row: &Row) -> rusqlite::Result<Token> {
    Ok(Token {
        id: row.get(0)?,
        user: row.get(1)?,
        role: parse_col::<ApiRole>(row, 2, "token role")?,
        name: row.get(3)?,
        created_at: parse_col::<Timestamp>(row, 4, "token created_at")?,
        expires_at: opt_time_col(row, 5, "token expires_at")?,
        revoked_at: opt_time_col(row, 6, "token revoked_at")?,
    })
}
