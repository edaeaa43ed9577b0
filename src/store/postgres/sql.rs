//! Queries built from filters and sort orders, and rows read back into
//! model types.
//!
//! Text columns are `COLLATE "C"`, so `=`, `<` and `ORDER BY` compare bytes
//! as SQLite's BINARY collation does, and `lower()` folds ASCII letters
//! only, as SQLite's does: lists, sorts and word filters select and order
//! exactly the tickets the SQLite store does. Ties are broken by id.

use chrono::{DateTime, Utc};
use postgres::Row;
use postgres::types::ToSql;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{
    ApiRole, Channel, Detail, Event, EventKind, Priority, Reply, Role, Status, Ticket, TicketType,
    Timestamp, Token, TypeField,
};
use crate::query::{Filter, Query, SortKey};

/// A query's parameters, numbered as they are bound.
#[derive(Default)]
pub(super) struct Params(Vec<Box<dyn ToSql + Sync + Send>>);

impl Params {
    /// Binds a value and returns its placeholder (`$n`).
    pub(super) fn bind(&mut self, value: impl ToSql + Sync + Send + 'static) -> String {
        self.0.push(Box::new(value));
        format!("${}", self.0.len())
    }

    /// The values, as the client takes them.
    pub(super) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

/// A ticket's columns: `t` is its `tickets` row, `s` its `ticket_state` row.
pub(super) const TICKET_COLUMNS: &str = "s.id, t.type, t.subject, t.question, s.status, \
     s.priority, t.support, t.committer, t.requester, s.assignee, t.grp, t.organization, \
     t.channel, t.tags, t.fields, s.version, t.created_at, s.updated_at";

/// How many columns [`TICKET_COLUMNS`] names.
pub(super) const TICKET_WIDTH: usize = 18;

/// Whole tickets: each state row with its ticket.
pub(super) const TICKETS: &str = "ticket_state s JOIN tickets t ON t.id = s.id";

/// A reply's columns.
pub(super) const REPLY_COLUMNS: &str =
    "id, ticket_id, committer, role, text, images, internal, created_at";

/// An event's columns.
/// The columns of a `tickets` row other than its id, as [`TicketRow`]
/// gives them.
pub(super) const TICKET_ROW_COLUMNS: &str = "type, subject, question, support, committer, \
    requester, grp, organization, channel, tags, fields, field_text, created_at";

/// A ticket's `tickets` row as statement parameters, with the values
/// derived from the ticket computed once.
pub(super) struct TicketRow<'t> {
    ticket: &'t Ticket,
    channel: &'static str,
    tags: Vec<String>,
    fields: Value,
    text: Option<String>,
    created: DateTime<Utc>,
}

impl<'t> TicketRow<'t> {
    pub(super) fn of(ticket: &'t Ticket) -> Self {
        TicketRow {
            ticket,
            channel: ticket.channel.as_str(),
            tags: tag_list(ticket),
            fields: Value::Object(ticket.fields.clone()),
            text: field_text(ticket),
            created: ticket.created_at.datetime(),
        }
    }

    /// The parameters, in [`TICKET_ROW_COLUMNS`] order.
    pub(super) fn params(&self) -> [&(dyn ToSql + Sync); 13] {
        let t = self.ticket;
        [
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
            &self.text,
            &self.created,
        ]
    }
}

/// The columns of a filing ([`crate::store::Txn::file_tickets`]): a
/// ticket's, its state's and its filing event's.
pub(super) const FILING_COLUMNS: &str = "type, subject, question, support, committer, \
    requester, grp, organization, channel, tags, fields, field_text, created_at, status, \
    priority, assignee, version, updated_at, at, actor, kind, field, old, new, run_id";

/// How many of [`FILING_COLUMNS`] there are.
pub(super) const FILING_WIDTH: usize = 25;

/// The SQL type of each of [`FILING_COLUMNS`].
pub(super) const FILING_TYPES: [&str; FILING_WIDTH] = [
    "text",
    "text",
    "text",
    "boolean",
    "text",
    "text",
    "text",
    "text",
    "text",
    "text[]",
    "jsonb",
    "text",
    "timestamptz",
    "text",
    "text",
    "text",
    "bigint",
    "timestamptz",
    "timestamptz",
    "text",
    "text",
    "text",
    "jsonb",
    "jsonb",
    "bigint",
];

/// What [`type_from_row`] reads from `ticket_types`: the type's own
/// columns, then its attached fields' names and whether each is required,
/// in their configured order.
pub(super) const TYPE_COLUMNS: &str = "name, label_zh, label_en, \
    ARRAY(SELECT field FROM type_fields f WHERE f.type = ticket_types.name \
        ORDER BY f.position, f.field), \
    ARRAY(SELECT required FROM type_fields f WHERE f.type = ticket_types.name \
        ORDER BY f.position, f.field)";

pub(super) const EVENT_COLUMNS: &str = "id, ticket_id, at, actor, kind, field, old, new, run_id";

/// What a query over tickets reads from: the narrow state rows alone when
/// it names no `tickets` column, or whole tickets.
pub(super) fn tickets_from(reads_tickets: bool) -> &'static str {
    if reads_tickets {
        TICKETS
    } else {
        "ticket_state s"
    }
}

/// A WHERE clause built from a [`Filter`].
pub(super) struct Where {
    /// `WHERE …`, or nothing.
    pub(super) clause: String,
    /// Whether a condition names a column of `tickets` (`t`).
    pub(super) reads_tickets: bool,
}

/// A list of names from a fixed vocabulary, as SQL literals: statuses and
/// priorities are written into the query (never user text), so the
/// planner can see that a list of open statuses falls within the
/// `state_by_assignee` index.
fn literals<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The WHERE clause of a [`Filter`], binding its values into `params`.
pub(super) fn where_clause(filter: &Filter, params: &mut Params) -> Where {
    let mut conds: Vec<String> = Vec::new();
    let mut reads_tickets = false;
    if let Some(statuses) = filter.effective_statuses() {
        conds.push(format!(
            "s.status IN ({})",
            literals(statuses.iter().map(|s| s.as_str()))
        ));
    }
    if !filter.types.is_empty() {
        conds.push(format!(
            "t.type = ANY({}::text[])",
            params.bind(filter.types.clone())
        ));
        reads_tickets = true;
    }
    if !filter.priorities.is_empty() {
        conds.push(format!(
            "s.priority IN ({})",
            literals(filter.priorities.iter().map(|p| p.as_str()))
        ));
    }
    match &filter.assignee {
        Some(Some(a)) => conds.push(format!("s.assignee = {}", params.bind(a.clone()))),
        Some(None) => conds.push("s.assignee IS NULL".into()),
        None => {}
    }
    if let Some(r) = &filter.requester {
        conds.push(format!("t.requester = {}", params.bind(r.clone())));
        reads_tickets = true;
    }
    if let Some(id) = filter.below_id {
        conds.push(format!("s.id < {}", params.bind(id)));
    }
    if !filter.tags.is_empty() {
        conds.push(format!(
            "t.tags @> {}::text[]",
            params.bind(filter.tags.clone())
        ));
        reads_tickets = true;
    }
    if !filter.without_tags.is_empty() {
        conds.push(format!(
            "NOT (t.tags && {}::text[])",
            params.bind(filter.without_tags.clone())
        ));
        reads_tickets = true;
    }
    for word in &filter.text {
        // Folded here as SQLite's lower() folds: ASCII letters only.
        let w = params.bind(word.to_ascii_lowercase());
        conds.push(format!(
            "(strpos(lower(t.subject), {w}) > 0 OR strpos(lower(t.question), {w}) > 0 \
             OR strpos(lower(coalesce(t.field_text, '')), {w}) > 0 \
             OR EXISTS (SELECT 1 FROM replies r WHERE r.ticket_id = s.id \
                 AND strpos(lower(r.text), {w}) > 0))"
        ));
        reads_tickets = true;
    }
    for (name, value) in &filter.fields {
        conds.push(format!(
            "t.fields -> {}::text = {}::jsonb",
            params.bind(name.clone()),
            params.bind(value.clone())
        ));
        reads_tickets = true;
    }
    if let Some(t) = &filter.updated_before {
        conds.push(format!("s.updated_at < {}", params.bind(t.datetime())));
    }
    if let Some(t) = &filter.updated_after {
        conds.push(format!("s.updated_at >= {}", params.bind(t.datetime())));
    }
    if let Some(t) = &filter.created_before {
        conds.push(format!("t.created_at < {}", params.bind(t.datetime())));
        reads_tickets = true;
    }
    if let Some(t) = &filter.created_after {
        conds.push(format!("t.created_at >= {}", params.bind(t.datetime())));
        reads_tickets = true;
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Where {
        clause,
        reads_tickets,
    }
}

/// The ORDER BY of a query, and whether its key is a `tickets` column.
/// Ties fall to the id, in the same direction; a missing assignee sorts
/// first ascending and last descending, as SQLite sorts NULL.
pub(super) fn order_clause(query: &Query) -> (String, bool) {
    let dir = if query.sort.descending { "DESC" } else { "ASC" };
    let key = match query.sort.key {
        SortKey::Id => return (format!("ORDER BY s.id {dir}"), false),
        SortKey::Created => "t.created_at",
        SortKey::Updated => "s.updated_at",
        SortKey::Priority => {
            "CASE s.priority WHEN 'normal' THEN 0 WHEN 'important' THEN 1 ELSE 2 END"
        }
        SortKey::Status => {
            "CASE s.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
             WHEN 'holding' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END"
        }
        SortKey::Type => "t.type",
        SortKey::Subject => "t.subject",
        SortKey::Assignee => {
            let nulls = if query.sort.descending {
                "LAST"
            } else {
                "FIRST"
            };
            return (
                format!("ORDER BY s.assignee {dir} NULLS {nulls}, s.id {dir}"),
                false,
            );
        }
        SortKey::Requester => "t.requester",
    };
    (
        format!("ORDER BY {key} {dir}, s.id {dir}"),
        key.starts_with("t."),
    )
}

/// `LIMIT … OFFSET …` of a query's window.
pub(super) fn window(query: &Query, params: &mut Params) -> String {
    let limit = query.window.limit.map(|l| l.min(i64::MAX as u64) as i64);
    let offset = query.window.offset.min(i64::MAX as u64) as i64;
    format!(
        "LIMIT {}::bigint OFFSET {}::bigint",
        params.bind(limit),
        params.bind(offset)
    )
}

/// The ids a query selects, in its order, with `extra` columns of `s`.
pub(super) fn select_ids(query: &Query, extra: &str, params: &mut Params) -> String {
    let Where {
        clause,
        reads_tickets,
    } = where_clause(&query.filter, params);
    let (order, sorts_by_ticket) = order_clause(query);
    let from = tickets_from(reads_tickets || sorts_by_ticket);
    let window = window(query, params);
    format!("SELECT s.id{extra} FROM {from} {clause} {order} {window}")
}

/// A ticket's tags as they are stored: sorted by bytes, each once.
pub(super) fn tag_list(t: &Ticket) -> Vec<String> {
    let mut tags = t.tags.clone();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// The text of a ticket's string-valued fields, one per line, for search
/// (`None` when it has none), as the SQLite store keeps it.
pub(super) fn field_text(t: &Ticket) -> Option<String> {
    let values: Vec<&str> = t.fields.values().filter_map(Value::as_str).collect();
    (!values.is_empty()).then(|| values.join("\n"))
}

/// The text a search reads for a ticket: subject, question and string
/// fields, one per line (the index's `DOCUMENT`).
pub(super) fn document(t: &Ticket) -> String {
    let mut text = format!("{}\n{}", t.subject, t.question);
    if let Some(fields) = field_text(t) {
        text.push('\n');
        text.push_str(&fields);
    }
    text
}

/// Refuses text PostgreSQL cannot store (a NUL character) before it is
/// sent, so the error names the field and comes from the call that gave it,
/// even when a bulk load writes the row later.
pub(super) fn storable(field: &str, text: &str) -> Result<()> {
    if text.contains('\0') {
        return Err(Error::invalid(
            field,
            "contains a NUL character, which PostgreSQL cannot store",
        ));
    }
    Ok(())
}

/// [`storable`] for every string of a JSON value, keys included.
fn storable_json(field: &str, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => storable(field, s),
        Value::Array(items) => items.iter().try_for_each(|v| storable_json(field, v)),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            storable(field, k)?;
            storable_json(field, v)
        }),
        _ => Ok(()),
    }
}

/// [`storable`] for every text of a ticket.
pub(super) fn storable_ticket(t: &Ticket) -> Result<()> {
    for (field, text) in [
        ("type", Some(&t.kind)),
        ("subject", Some(&t.subject)),
        ("question", Some(&t.question)),
        ("committer", Some(&t.committer)),
        ("requester", Some(&t.requester)),
        ("assignee", t.assignee.as_ref()),
        ("group", t.group.as_ref()),
        ("organization", t.organization.as_ref()),
    ] {
        if let Some(text) = text {
            storable(field, text)?;
        }
    }
    t.tags.iter().try_for_each(|tag| storable("tags", tag))?;
    t.fields
        .iter()
        .try_for_each(|(k, v)| storable("fields", k).and_then(|()| storable_json("fields", v)))
}

/// [`storable`] for every text of a reply.
pub(super) fn storable_reply(r: &Reply) -> Result<()> {
    storable("committer", &r.committer)?;
    storable("text", &r.detail.text)?;
    r.detail.image.iter().try_for_each(|i| storable("image", i))
}

/// [`storable`] for every text of an event.
pub(super) fn storable_event(e: &Event) -> Result<()> {
    storable("actor", &e.actor)?;
    if let Some(field) = &e.field {
        storable("field", field)?;
    }
    for value in [&e.old, &e.new].into_iter().flatten() {
        storable_json("event value", value)?;
    }
    Ok(())
}

fn corrupt(what: &str, value: &str) -> Error {
    Error::Storage(format!(
        "stored {what} {} is not valid",
        crate::error::quote(value)
    ))
}

fn parsed<T: std::str::FromStr>(row: &Row, idx: usize, what: &str) -> Result<T> {
    let s: &str = row.try_get(idx)?;
    s.parse().map_err(|_| corrupt(what, s))
}

fn time(row: &Row, idx: usize) -> Result<Timestamp> {
    Ok(Timestamp::from_datetime(
        row.try_get::<_, DateTime<Utc>>(idx)?,
    ))
}

/// A ticket from the [`TICKET_COLUMNS`] of a row.
pub(super) fn ticket_from_row(row: &Row) -> Result<Ticket> {
    let fields = match row.try_get::<_, Value>(14)? {
        Value::Object(map) => map,
        other => return Err(corrupt("fields", &other.to_string())),
    };
    Ok(Ticket {
        id: row.try_get(0)?,
        kind: row.try_get(1)?,
        subject: row.try_get(2)?,
        question: row.try_get(3)?,
        status: parsed::<Status>(row, 4, "status")?,
        priority: parsed::<Priority>(row, 5, "priority")?,
        support: row.try_get(6)?,
        committer: row.try_get(7)?,
        requester: row.try_get(8)?,
        assignee: row.try_get(9)?,
        group: row.try_get(10)?,
        organization: row.try_get(11)?,
        channel: parsed::<Channel>(row, 12, "channel")?,
        tags: row.try_get(13)?,
        fields,
        version: row.try_get(15)?,
        created_at: time(row, 16)?,
        updated_at: time(row, 17)?,
    })
}

/// A reply from the [`REPLY_COLUMNS`] of a row.
pub(super) fn reply_from_row(row: &Row) -> Result<Reply> {
    let role: i32 = row.try_get(3)?;
    Ok(Reply {
        id: row.try_get(0)?,
        workorder_id: row.try_get(1)?,
        committer: row.try_get(2)?,
        role: Role::from_code(role.into()).map_err(|_| corrupt("role", &role.to_string()))?,
        detail: Detail {
            text: row.try_get(4)?,
            image: row.try_get(5)?,
        },
        internal: row.try_get(6)?,
        created_at: time(row, 7)?,
    })
}

/// An event from the [`EVENT_COLUMNS`] of a row.
pub(super) fn event_from_row(row: &Row) -> Result<Event> {
    let kind: &str = row.try_get(4)?;
    Ok(Event {
        id: row.try_get(0)?,
        ticket_id: row.try_get(1)?,
        at: time(row, 2)?,
        actor: row.try_get(3)?,
        kind: EventKind::from_name(kind).ok_or_else(|| corrupt("event kind", kind))?,
        field: row.try_get(5)?,
        old: row.try_get(6)?,
        new: row.try_get(7)?,
        run: row.try_get(8)?,
    })
}

/// An API token's columns (never its hash).
/// A ticket type from a row of [`TYPE_COLUMNS`].
pub(super) fn type_from_row(row: &Row) -> Result<TicketType> {
    let names: Vec<String> = row.try_get(3)?;
    let required: Vec<bool> = row.try_get(4)?;
    Ok(TicketType {
        name: row.try_get(0)?,
        label_zh: row.try_get(1)?,
        label_en: row.try_get(2)?,
        fields: names
            .into_iter()
            .zip(required)
            .map(|(name, required)| TypeField { name, required })
            .collect(),
    })
}

pub(super) const TOKEN_COLUMNS: &str =
    "id, \"user\", role, name, created_at, expires_at, revoked_at";

/// An API token from the [`TOKEN_COLUMNS`] of a row.
pub(super) fn token_from_row(row: &Row) -> Result<Token> {
    let opt_time = |idx: usize| -> Result<Option<Timestamp>> {
        Ok(row
            .try_get::<_, Option<DateTime<Utc>>>(idx)?
            .map(Timestamp::from_datetime))
    };
    Ok(Token {
        id: row.try_get(0)?,
        user: row.try_get(1)?,
        role: parsed::<ApiRole>(row, 2, "token role")?,
        name: row.try_get(3)?,
        created_at: time(row, 4)?,
        expires_at: opt_time(5)?,
        revoked_at: opt_time(6)?,
    })
}
