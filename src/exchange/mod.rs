//! Moving tickets in and out of a store: the export record format and the
//! seed API formats `import` also reads.
//!
//! An export is JSON Lines, one [`Record`] per line: ticket types, field
//! definitions and runs first, then every ticket with its replies and
//! events, then the idempotency keys those tickets were filed under.
//! Importing an export into an empty store and exporting again gives the
//! same bytes.
//!
//! [`read`] frames an import's input into records (JSON Lines, documents,
//! arrays and seed pages, streamed); [`write`] frames an export's records
//! (JSON Lines or one JSON array); [`seed`] writes the seed APIs' shapes.

pub mod json;
pub mod read;
pub mod seed;
pub mod write;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::quote;
use crate::error::{Error, Result};
use crate::model::{
    Channel, Detail, Event, EventKind, FieldDef, Priority, Reply, Role, Run, Status, Ticket,
    TicketType, Timestamp,
};
use crate::model::{TICKET_KEYS, Thread};

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Record {
    /// A ticket type with its attached fields.
    TicketType(TicketType),
    /// A custom field definition.
    FieldDef(FieldDef),
    /// An unattended run that events refer to.
    Run(Run),
    /// A ticket with its replies and events.
    Ticket(Box<Thread>),
    /// The key a ticket was filed under with `new --idempotency-key`.
    IdempotencyKey(IdempotencyKey),
    /// The key a reply was written under with `reply --idempotency-key`.
    ReplyKey(ReplyKey),
}

/// An idempotency key and the ticket filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdempotencyKey {
    /// The key a script gave.
    pub key: String,
    /// The ticket filed the first time.
    pub ticket: i64,
}

/// An idempotency key and the reply written under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyKey {
    /// The key a script or a client gave.
    pub key: String,
    /// The reply written the first time.
    pub reply: i64,
}

/// What an import line holds: an export record, or a reply in seed 1's
/// format to a ticket imported earlier.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A record of the export format (or a seed ticket turned into one).
    Record(Box<Record>),
    /// A seed 1 reply (`workorder_detail`).
    Reply(Reply),
    /// Seed 1 content (`workorder_content`): custom field values for a
    /// ticket imported earlier.
    Content {
        /// The ticket's id.
        workorder_id: i64,
        /// Its type, which must match the ticket's.
        kind: String,
        /// Its question, which must match the ticket's.
        question: String,
        /// The values given, by field name.
        fields: Map<String, Value>,
    },
}

/// The content fields of seed 1's `workorder_content`.
const SEED1_CONTENT_FIELDS: [&str; 8] = [
    "module",
    "amount",
    "company",
    "contact",
    "cellphone",
    "location",
    "email",
    "address",
];

/// The seed 1 content fields an object gives (`null` and `""` mean unset).
fn seed1_content(obj: &Map<String, Value>) -> Map<String, Value> {
    SEED1_CONTENT_FIELDS
        .iter()
        .filter_map(|&name| match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => Some((name.to_string(), v.clone())),
        })
        .collect()
}

/// How seed records that leave something out are completed.
#[derive(Debug, Clone, Default)]
pub struct SeedDefaults {
    /// The type of seed 2 tickets that give no `typeId` (it is optional
    /// there).
    pub kind: Option<String>,
    /// Who files seed 2 tickets that name neither requester nor submitter
    /// (both optional there): the importing user.
    pub user: Option<String>,
    /// When seed 2 tickets without `createdAt` were filed: the import's
    /// time.
    pub now: Option<Timestamp>,
}

/// Reads one JSON value of an import: an export record, a seed 1
/// workorder, reply or content object, a seed 2 ticket, or a seed 1
/// `{"meta", "data"}` envelope holding any of these (or a page of them in
/// `data.results`).
pub fn incoming(value: Value) -> Result<Vec<Incoming>> {
    incoming_with(value, &SeedDefaults::default())
}

/// [`incoming`], completing seed records with `defaults`.
pub fn incoming_with(value: Value, defaults: &SeedDefaults) -> Result<Vec<Incoming>> {
    let Value::Object(mut obj) = value else {
        if let Value::Array(items) = value {
            return items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    // A list holds records: a list in a list is no record,
                    // and reading it as one would recurse as deep as it goes.
                    if item.is_array() {
                        return Err(in_record(
                            i + 1,
                            Error::invalid("record", "expected a JSON object, not a list"),
                        ));
                    }
                    incoming_with(item, defaults).map_err(|e| in_record(i + 1, e))
                })
                .collect::<Result<Vec<_>>>()
                .map(|v| v.concat());
        }
        return Err(Error::invalid("record", "expected a JSON object"));
    };
    if obj.contains_key("meta") && obj.contains_key("data") {
        check_meta(obj.get("meta").unwrap_or(&Value::Null))?;
        return incoming_data(obj.remove("data").unwrap_or(Value::Null), defaults);
    }
    let keys = [
        "ticket_type",
        "field_def",
        "run",
        "ticket",
        "idempotency_key",
        "reply_key",
    ];
    if obj.len() == 1 && keys.iter().any(|k| obj.contains_key(*k)) {
        let (key, inner) = obj.into_iter().next().expect("one entry");
        let record = match key.as_str() {
            "ticket_type" => Record::TicketType(typed("ticket_type", inner)?),
            "field_def" => Record::FieldDef(typed("field_def", inner)?),
            "run" => Record::Run(positive_id("run.id", typed("run", inner)?, |r: &Run| r.id)?),
            "idempotency_key" => Record::IdempotencyKey(typed("idempotency_key", inner)?),
            "reply_key" => Record::ReplyKey(typed("reply_key", inner)?),
            _ => Record::Ticket(Box::new(thread(inner)?)),
        };
        return Ok(vec![Incoming::Record(Box::new(record))]);
    }
    if obj.contains_key("workorder_id") && obj.contains_key("detail") {
        return Ok(vec![Incoming::Reply(seed_reply(&obj)?)]);
    }
    if obj.contains_key("description") {
        return Ok(vec![ticket(seed2_ticket(&obj, defaults)?)]);
    }
    // workorder_content has the workorder's id, type and question but none
    // of what a workorder or a request to file one carries.
    let workorder_keys = ["committer", "created_at", "updated_at", "support"];
    if ["id", "type", "question"]
        .iter()
        .all(|k| obj.contains_key(*k))
        && !workorder_keys.iter().any(|k| obj.contains_key(*k))
    {
        return Ok(vec![Incoming::Content {
            workorder_id: seed_id(&obj)?,
            kind: required(&obj, "type")?,
            question: required(&obj, "question")?,
            fields: seed1_content(&obj),
        }]);
    }
    if obj.contains_key("question") {
        return Ok(vec![ticket(seed1_ticket(&obj)?)]);
    }
    // Recognisable, with what the format needs missing: name it.
    if obj.contains_key("committer") && obj.contains_key("type") {
        return Ok(vec![ticket(seed1_ticket(&obj)?)]);
    }
    let seed2_keys = [
        "typeId",
        "requestorId",
        "submitterId",
        "ticketFields",
        "tagsId",
    ];
    if seed2_keys.iter().any(|k| obj.contains_key(*k)) {
        return Ok(vec![ticket(seed2_ticket(&obj, defaults)?)]);
    }
    Err(Error::invalid(
        "record",
        "not an export record, seed 1 workorder or reply, or seed 2 ticket",
    ))
}

/// Refuses a seed 1 envelope whose `meta` reports an error: a page the old
/// server answered with an error holds no records.
pub fn check_meta(meta: &Value) -> Result<()> {
    let code = meta.get("code").and_then(|c| match c {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    match code {
        Some(code) if code != 0.0 => {
            let message = meta.get("message").and_then(Value::as_str);
            Err(Error::invalid(
                "meta",
                format!(
                    "the page reports an error (code {code}: {})",
                    message.unwrap_or("")
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// The records of a seed 1 envelope's `data`: a page's `results`, or what
/// `data` itself holds.
pub fn incoming_data(data: Value, defaults: &SeedDefaults) -> Result<Vec<Incoming>> {
    match data {
        Value::Object(mut d) if d.contains_key("results") => {
            incoming_with(d.remove("results").unwrap_or(Value::Null), defaults)
        }
        other => incoming_with(other, defaults),
    }
}

/// Names the record of a list (counted from 1) an error is about.
fn in_record(n: usize, e: Error) -> Error {
    match e {
        Error::Invalid { field, reason } => Error::Invalid {
            field: format!("record {n}: {field}"),
            reason,
        },
        other => other,
    }
}

/// Deserialises `value`, naming the bad field's path (`ticket.status`,
/// `ticket.replies[0].role`) in the error.
fn typed<T: serde::de::DeserializeOwned>(prefix: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = match path.as_str() {
            "." => prefix.to_string(),
            p if p.starts_with('[') => format!("{prefix}{p}"),
            p => format!("{prefix}.{p}"),
        };
        Error::invalid(field, e.into_inner().to_string())
    })
}

/// A ticket record: the ticket's own fields beside `replies` and `events`.
fn thread(value: Value) -> Result<Thread> {
    let Value::Object(mut obj) = value else {
        return Err(Error::invalid("ticket", "expected a JSON object"));
    };
    let replies = obj
        .remove("replies")
        .map(|r| typed("ticket.replies", r))
        .transpose()?
        .unwrap_or_default();
    let events = obj
        .remove("events")
        .map(|e| typed("ticket.events", e))
        .transpose()?;
    // A key the record does not know would be dropped without a word.
    if let Some(unknown) = obj.keys().find(|k| !TICKET_KEYS.contains(&k.as_str())) {
        return Err(Error::invalid(
            format!("ticket.{}", crate::error::cut(unknown)),
            "is not a field of a ticket record",
        ));
    }
    let ticket = typed("ticket", Value::Object(obj))?;
    let thread = Thread {
        ticket,
        replies,
        events,
    };
    check_ids(&thread)?;
    Ok(thread)
}

/// Refuses an export record's id of 0 or below: the store would give the
/// record a new id, and importing the file again would then duplicate it.
fn positive_id<T>(field: &str, record: T, id: impl Fn(&T) -> i64) -> Result<T> {
    match id(&record) {
        n if n > 0 => Ok(record),
        n => Err(Error::invalid(
            field,
            format!("{n} is not an id (ids are 1 or more)"),
        )),
    }
}

/// Checks the ids of an export's ticket record: each is 1 or more, and
/// every reply and event belongs to the ticket it sits in.
fn check_ids(thread: &Thread) -> Result<()> {
    let id = thread.ticket.id;
    positive_id("ticket.id", id, |&n| n)?;
    for (i, r) in thread.replies.iter().enumerate() {
        positive_id(&format!("ticket.replies[{i}].id"), r.id, |&n| n)?;
        if r.workorder_id != id {
            return Err(Error::invalid(
                format!("ticket.replies[{i}].workorder_id"),
                format!(
                    "reply {} belongs to ticket {}, not {id}",
                    r.id, r.workorder_id
                ),
            ));
        }
    }
    for (i, e) in thread.events.iter().flatten().enumerate() {
        positive_id(&format!("ticket.events[{i}].id"), e.id, |&n| n)?;
        if e.ticket_id != id {
            return Err(Error::invalid(
                format!("ticket.events[{i}].ticket_id"),
                format!("event {} belongs to ticket {}, not {id}", e.id, e.ticket_id),
            ));
        }
    }
    Ok(())
}

/// A JSON value as text a field definition can parse: strings bare,
/// everything else as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn ticket(t: Ticket) -> Incoming {
    let created = Event {
        id: 0,
        ticket_id: t.id,
        at: t.created_at,
        actor: t.committer.clone(),
        kind: EventKind::Created,
        field: None,
        old: None,
        new: Some(Value::String(t.status.to_string())),
        run: None,
    };
    Incoming::Record(Box::new(Record::Ticket(Box::new(Thread {
        ticket: t,
        replies: vec![],
        events: Some(vec![created]),
    }))))
}

fn text(obj: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(Error::invalid(
            key,
            format!("expected a string, got {other}"),
        )),
    }
}

fn required(obj: &Map<String, Value>, key: &str) -> Result<String> {
    text(obj, key)?.ok_or_else(|| Error::invalid(key, "is required"))
}

fn seed_time(obj: &Map<String, Value>, key: &str) -> Result<Option<Timestamp>> {
    text(obj, key)?
        .map(|s| Timestamp::parse_seed(key, &s))
        .transpose()
}

fn seed_id(obj: &Map<String, Value>) -> Result<i64> {
    match text(obj, "id")? {
        None => Ok(0),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| {
                Error::invalid("id", format!("{s_q} is not a ticket id", s_q = quote(&s)))
            }),
    }
}

fn seed_bool(obj: &Map<String, Value>, key: &str) -> Result<bool> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::Number(n)) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
            Ok(n.as_i64() == Some(1))
        }
        Some(other) => Err(Error::invalid(
            key,
            format!("expected true or false, got {other}"),
        )),
    }
}

/// A seed 1 workorder: `{id, committer, question, type, status, support,
/// created_at, updated_at}` with string or numeric status codes, and the
/// content fields (`module`, `amount`, …) when merged in.
fn seed1_ticket(obj: &Map<String, Value>) -> Result<Ticket> {
    let committer = required(obj, "committer")?;
    let question = required(obj, "question")?;
    let created =
        seed_time(obj, "created_at")?.ok_or_else(|| Error::invalid("created_at", "is required"))?;
    Ok(Ticket {
        id: seed_id(obj)?,
        kind: required(obj, "type")?,
        subject: crate::model::subject_from_question(&question),
        question,
        status: required(obj, "status")?.parse()?,
        priority: Priority::Normal,
        support: seed_bool(obj, "support")?,
        requester: committer.clone(),
        committer,
        assignee: None,
        group: None,
        organization: None,
        channel: Channel::Import,
        tags: vec![],
        fields: seed1_content(obj),
        version: 1,
        created_at: created,
        updated_at: seed_time(obj, "updated_at")?.unwrap_or(created),
    })
}

/// A seed 2 ticket: camelCase names, `OPEN`/`Pending`/… statuses,
/// `ticketFields`, `tagsId`, `channel` as `{name}` or a string.
fn seed2_ticket(obj: &Map<String, Value>, defaults: &SeedDefaults) -> Result<Ticket> {
    let question = required(obj, "description")?;
    let requester = text(obj, "requestorId")?;
    let committer = text(obj, "submitterId")?
        .or_else(|| requester.clone())
        .or_else(|| defaults.user.clone())
        .ok_or_else(|| Error::invalid("submitterId", "is required (or requestorId)"))?;
    let updated = seed_time(obj, "updatedAt")?;
    let created = seed_time(obj, "createdAt")?
        .or(updated)
        .or(defaults.now)
        .ok_or_else(|| Error::invalid("createdAt", "is required"))?;
    let channel = match obj.get("channel") {
        Some(Value::Object(c)) => text(c, "name")?,
        _ => text(obj, "channel")?,
    };
    let tags = match obj.get("tagsId") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(a)) => a
            .iter()
            .map(|t| {
                t.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Error::invalid("tagsId", "expected strings"))
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(Error::invalid("tagsId", "expected an array of strings")),
    };
    let fields = match obj.get("ticketFields") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(Error::invalid("ticketFields", "expected an object")),
    };
    Ok(Ticket {
        id: seed_id(obj)?,
        kind: text(obj, "typeId")?
            .or_else(|| defaults.kind.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "typeId",
                    "is missing (import --type TYPE gives one to tickets without it)",
                )
            })?,
        subject: text(obj, "subject")?
            .unwrap_or_else(|| crate::model::subject_from_question(&question)),
        question,
        status: text(obj, "status")?
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(Status::New),
        priority: text(obj, "priority")?
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or_default(),
        support: false,
        requester: requester.unwrap_or_else(|| committer.clone()),
        committer,
        assignee: text(obj, "assigneeId")?,
        group: text(obj, "groupId")?,
        organization: text(obj, "organizationId")?,
        channel: channel
            .map(|c| c.parse())
            .transpose()?
            .unwrap_or(Channel::Import),
        tags,
        fields,
        version: 1,
        created_at: created,
        updated_at: updated.unwrap_or(created),
    })
}

/// A seed 1 reply: `{committer, workorder_id, role, detail: {text, image},
/// created_at}`.
fn seed_reply(obj: &Map<String, Value>) -> Result<Reply> {
    let detail: Detail = serde_json::from_value(obj.get("detail").cloned().unwrap_or(Value::Null))
        .map_err(|e| Error::invalid("detail", e.to_string()))?;
    let role = match obj.get("role") {
        None | Some(Value::Null) => Role::Agent,
        Some(v) => Role::from_code(
            v.as_i64()
                .ok_or_else(|| Error::invalid("role", "expected 0 or 1"))?,
        )?,
    };
    Ok(Reply {
        id: 0,
        workorder_id: required(obj, "workorder_id")?
            .parse()
            .map_err(|_| Error::invalid("workorder_id", "expected a ticket id"))?,
        committer: required(obj, "committer")?,
        role,
        detail,
        internal: false,
        created_at: seed_time(obj, "created_at")?
            .ok_or_else(|| Error::invalid("created_at", "is required"))?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn seed_one_list_envelope_with_numeric_string_statuses() {
        let page = json!({"meta": {"message": "ok", "code": 0}, "data": {"count": 2, "page_size": 15, "next": null,
            "previous": null, "results": [
            {"id": 2, "committer": 3, "question": "test", "type": "sys", "status": 2, "support": true,
             "updated_at": "2018-01-25T14:54:51.542049", "created_at": "2018-01-25T14:54:51.541976"},
            {"id": 1, "committer": "3", "question": "hello", "type": "sys", "status": "0", "support": true,
             "updated_at": "2018-01-26T10:53:31.322729", "created_at": "2018-01-25T14:34:00.801412"}]}});
        let got = incoming(page).unwrap();
        let Incoming::Record(r) = &got[1] else {
            panic!()
        };
        let Record::Ticket(t) = r.as_ref() else {
            panic!()
        };
        assert_eq!(
            (t.ticket.id, t.ticket.status, t.ticket.committer.as_str()),
            (1, Status::Solved, "3")
        );
        assert_eq!(
            t.ticket.created_at.to_string(),
            "2018-01-25T14:34:00.801412Z"
        );
        assert_eq!(t.ticket.channel, Channel::Import);
    }

    #[test]
    fn seed_two_ticket_and_seed_one_reply() {
        let t = json!({"id": "7", "typeId": "tech", "subject": "s", "description": "d", "status": "Pending",
            "priority": "urgent", "requestorId": "li", "submitterId": "amy", "channel": {"name": "web"},
            "tagsId": ["vip"], "ticketFields": {}, "createdAt": "2018-01-26T10:59:52.576931Z"});
        let Incoming::Record(r) = &incoming(t).unwrap()[0] else {
            panic!()
        };
        let Record::Ticket(th) = r.as_ref() else {
            panic!()
        };
        assert_eq!(
            (th.ticket.id, th.ticket.status, th.ticket.channel),
            (7, Status::Pending, Channel::Web)
        );
        let reply = json!({"committer": "hhq", "workorder_id": 1, "role": 0,
            "detail": {"text": "好啊", "image": []}, "created_at": "2018-01-25T17:05:55.871666"});
        let Incoming::Reply(r) = &incoming(reply).unwrap()[0] else {
            panic!()
        };
        assert_eq!(
            (r.workorder_id, r.role, r.detail.text.as_str()),
            (1, Role::Requester, "好啊")
        );
    }

    #[test]
    fn a_list_in_a_list_is_refused_however_deep() {
        let mut deep = json!(1);
        for _ in 0..127 {
            deep = json!([deep]);
        }
        let e = incoming(deep).unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid record 1: record: expected a JSON object, not a list"
        );
    }

    #[test]
    fn unknown_shapes_and_bad_values_are_named() {
        assert!(
            incoming(json!({"foo": 1}))
                .unwrap_err()
                .to_string()
                .contains("not an export record")
        );
        let bad = json!({"committer": "a", "question": "q", "type": "sys", "status": "9", "created_at": "2018-01-01T00:00:00"});
        assert!(incoming(bad).unwrap_err().to_string().contains("status"));
        let bad_time = json!({"committer": "a", "question": "q", "type": "sys", "status": "2", "created_at": "2018-02-30T00:00:00"});
        assert!(
            incoming(bad_time)
                .unwrap_err()
                .to_string()
                .contains("created_at")
        );
    }
}

#[cfg(test)]
mod round_trip {
    use proptest::prelude::*;

    use super::*;
    use crate::Desk;
    use crate::desk::{Change, Commit};
    use crate::model::{NewReply, NewTicket, TagChange, TicketPatch};
    use crate::query::Filter;
    use crate::store::SqliteStore;

    /// One generated ticket: question, subject, priority, tags, a reply, a
    /// status to end in, whether it is a `module` ticket with fields, and
    /// whether it is filed under an idempotency key.
    type Spec = (
        String,
        Option<String>,
        u8,
        Vec<String>,
        Option<(String, bool)>,
        u8,
        bool,
        bool,
    );

    fn spec() -> impl Strategy<Value = Spec> {
        (
            "[a-zA-Z0-9 订单退款\u{1b}\n\t\"\\\\]{1,40}"
                .prop_filter("not blank", |s| !s.trim().is_empty()),
            proptest::option::of(
                "[a-zA-Z 中文]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty()),
            ),
            0u8..3,
            proptest::collection::vec("[a-z]{1,6}", 0..3),
            proptest::option::of((
                "[a-z 好啊\n]{1,30}".prop_filter("not blank", |s| !s.trim().is_empty()),
                any::<bool>(),
            )),
            0u8..6,
            any::<bool>(),
            any::<bool>(),
        )
    }

    fn desk() -> Desk {
        Desk::new(Box::new(SqliteStore::open_in_memory().unwrap()))
    }

    fn export(desk: &mut Desk) -> String {
        let mut out = String::new();
        desk.export(
            &Filter {
                all: true,
                ..Filter::default()
            },
            &mut |r| {
                out.push_str(&serde_json::to_string(&r).unwrap());
                out.push('\n');
                Ok(())
            },
        )
        .unwrap();
        out
    }

    fn fill(desk: &mut Desk, specs: &[Spec]) {
        let mut clock = 0i64;
        let mut now = || {
            clock += 1_000_003;
            Timestamp::from_datetime(
                chrono::DateTime::from_timestamp_micros(1_700_000_000_000_000 + clock).unwrap(),
            )
        };
        for (n, (question, subject, priority, tags, reply, status, module, keyed)) in
            specs.iter().enumerate()
        {
            let mut input = NewTicket {
                kind: Some(if *module { "module" } else { "sys" }.into()),
                question: Some(question.clone()),
                subject: subject.clone(),
                priority: Some(Priority::ALL[*priority as usize]),
                tags: tags.clone(),
                idempotency_key: keyed.then(|| format!("form-{n}")),
                ..NewTicket::default()
            };
            if *module {
                input.fields = vec![
                    ("module".into(), "M2".into()),
                    ("amount".into(), tags.len().to_string()),
                ];
            }
            let id = desk.create(Change::new("amy", now()), input).unwrap().id;
            if let Some((text, internal)) = reply {
                let r = NewReply {
                    ticket: id,
                    text: text.clone(),
                    internal: *internal,
                    ..NewReply::default()
                };
                desk.reply(Change::new("bob", now()), r).unwrap();
            }
            let patch = TicketPatch {
                tags: vec![TagChange::Add("seen".into())],
                ..TicketPatch::default()
            };
            desk.edit(Change::new("bob", now()), id, patch).unwrap();
            let target = Status::ALL[*status as usize];
            desk.set_status(Change::new("bob", now()), &[id], target, None, None)
                .unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn export_import_export_is_identical(specs in proptest::collection::vec(spec(), 1..8)) {
            let mut source = desk();
            fill(&mut source, &specs);
            let first = export(&mut source);
            let mut target = desk();
            let mut lines = first.lines().enumerate().map(|(i, line)| {
                let value: Value = serde_json::from_str(line).unwrap();
                let mut items = incoming(value).unwrap();
                assert_eq!(items.len(), 1);
                (format!("line {}", i + 1), Ok(items.remove(0)))
            });
            target.import(&mut lines, false, Commit::Keep).unwrap();
            prop_assert_eq!(export(&mut target), first);
        }
    }
}
