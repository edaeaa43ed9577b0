//! Plain-text renderings for programs: TSV rows (no header, no truncation,
//! RFC 3339 times) and CSV tables (one header row of JSON keys, nested
//! values flattened to `detail.text`, lists of names joined by commas,
//! anything else as JSON text).

use std::io::{self, Write};

use serde_json::Value;
use ticket::model::{Event, FieldDef, Reply, Ticket, TicketType};
use ticket::model::{Hit, ImportReport, IssuedToken, SweepReport, Timestamp, Token};

use super::Style;
use super::sanitize;

/// The CSV columns of a ticket.
pub const CSV_HEADER: [&str; 18] = ticket::model::TICKET_KEYS;

/// A JSON value as a plain cell: strings bare, null empty, others as JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One ticket as a CSV record. Control characters other than line feeds
/// are escaped, so a CSV shown with `cat` cannot drive the terminal.
pub fn csv_row(t: &Ticket) -> Vec<String> {
    let clean = |s: &str| sanitize::terminal(s, true).into_owned();
    vec![
        t.id.to_string(),
        clean(&t.kind),
        clean(&t.subject),
        clean(&t.question),
        t.status.to_string(),
        t.priority.to_string(),
        t.support.to_string(),
        clean(&t.committer),
        clean(&t.requester),
        clean(t.assignee.as_deref().unwrap_or("")),
        clean(t.group.as_deref().unwrap_or("")),
        clean(t.organization.as_deref().unwrap_or("")),
        t.channel.to_string(),
        clean(&t.tags.join(",")),
        clean(&Value::Object(t.fields.clone()).to_string()),
        t.version.to_string(),
        t.created_at.to_string(),
        t.updated_at.to_string(),
    ]
}

/// Writes one CSV table: the header row, then the rows. Every cell is
/// neutralised as in [`csv_row`], so no ticket text drives a terminal that
/// shows the file.
pub fn csv_table<I>(out: &mut dyn Write, header: &[&str], rows: I) -> io::Result<()>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header)?;
    for row in rows {
        let cells: Vec<_> = row.iter().map(|c| sanitize::terminal(c, true)).collect();
        w.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()
}

/// One TSV row of any cells.
pub fn tsv_cells(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    row(out, &cells)
}

fn row(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        out.write_all(sanitize::tsv(c).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// One ticket as a list row: id, status, priority, type, subject,
/// requester, assignee, updated_at.
pub fn tsv_row(out: &mut dyn Write, t: &Ticket) -> io::Result<()> {
    row(
        out,
        &[
            &t.id.to_string(),
            t.status.as_str(),
            t.priority.as_str(),
            &t.kind,
            &t.subject,
            &t.requester,
            t.assignee.as_deref().unwrap_or(""),
            &t.updated_at.to_string(),
        ],
    )
}

/// One ticket as `name<TAB>value` lines, custom fields as `fields.NAME`.
pub fn ticket_pairs(out: &mut dyn Write, style: &Style, t: &Ticket) -> io::Result<()> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let pairs: Vec<(String, String)> = vec![
        ("id".into(), t.id.to_string()),
        ("type".into(), t.kind.clone()),
        ("subject".into(), t.subject.clone()),
        ("status".into(), t.status.to_string()),
        ("priority".into(), t.priority.to_string()),
        ("support".into(), t.support.to_string()),
        ("committer".into(), t.committer.clone()),
        ("requester".into(), t.requester.clone()),
        ("assignee".into(), opt(&t.assignee)),
        ("group".into(), opt(&t.group)),
        ("organization".into(), opt(&t.organization)),
        ("channel".into(), t.channel.to_string()),
        ("tags".into(), t.tags.join(",")),
        ("version".into(), t.version.to_string()),
        ("created_at".into(), style.time(&t.created_at)),
        ("updated_at".into(), style.time(&t.updated_at)),
    ];
    for (k, v) in &pairs {
        row(out, &[k, v])?;
    }
    for (k, v) in &t.fields {
        row(out, &[&format!("fields.{k}"), &value_text(v)])?;
    }
    row(out, &["question", &t.question])
}

/// A reply as one row: `reply`, id, committer, role, internal, time, text.
pub fn reply_tsv(out: &mut dyn Write, style: &Style, r: &Reply) -> io::Result<()> {
    row(
        out,
        &[
            "reply",
            &r.id.to_string(),
            &r.committer,
            r.role.as_str(),
            if r.internal { "internal" } else { "public" },
            &style.time(&r.created_at),
            &r.detail.text,
        ],
    )
}

/// An event as one row: `event`, id, time, actor, kind, field, old, new.
pub fn event_tsv(out: &mut dyn Write, style: &Style, e: &Event) -> io::Result<()> {
    let v = |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_default();
    row(
        out,
        &[
            "event",
            &e.id.to_string(),
            &style.time(&e.at),
            &e.actor,
            e.kind.as_str(),
            e.field.as_deref().unwrap_or(""),
            &v(&e.old),
            &v(&e.new),
        ],
    )
}

/// A ticket type as one row: name, Chinese label, English label, fields
/// (required ones marked `*`).
pub fn type_tsv(out: &mut dyn Write, t: &TicketType) -> io::Result<()> {
    row(
        out,
        &[&t.name, &t.label_zh, &t.label_en, &type_fields(t, ",")],
    )
}

/// The fields of a type joined by `sep`, required ones marked `*`.
pub fn type_fields(t: &TicketType, sep: &str) -> String {
    t.fields
        .iter()
        .map(|f| {
            if f.required {
                format!("{}*", f.name)
            } else {
                f.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// A field definition as one row: name, kind, label, options, types.
pub fn field_tsv(out: &mut dyn Write, d: &FieldDef, types: &[String]) -> io::Result<()> {
    row(
        out,
        &[
            &d.name,
            d.kind.as_str(),
            &d.label,
            &d.options.join(","),
            &types.join(","),
        ],
    )
}

/// A list as one cell: JSON text (for values that may hold commas).
fn json_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The CSV columns of a reply: its JSON keys, `detail` flattened.
pub const REPLY_HEADER: [&str; 8] = [
    "id",
    "workorder_id",
    "committer",
    "role",
    "detail.text",
    "detail.image",
    "internal",
    "created_at",
];

/// A reply as a CSV record; `role` is its JSON code (0 requester, 1
/// agent), `detail.image` a JSON array of URLs.
pub fn reply_csv(r: &Reply) -> Vec<String> {
    vec![
        r.id.to_string(),
        r.workorder_id.to_string(),
        r.committer.clone(),
        r.role.code().to_string(),
        r.detail.text.clone(),
        json_text(&r.detail.image),
        r.internal.to_string(),
        r.created_at.to_string(),
    ]
}

/// The CSV columns of an event: its JSON keys.
pub const EVENT_HEADER: [&str; 9] = [
    "id",
    "ticket_id",
    "at",
    "actor",
    "kind",
    "field",
    "old",
    "new",
    "run",
];

/// An event as a CSV record; `old` and `new` as [`value_text`].
pub fn event_csv(e: &Event) -> Vec<String> {
    let v = |v: &Option<Value>| v.as_ref().map(value_text).unwrap_or_default();
    vec![
        e.id.to_string(),
        e.ticket_id.to_string(),
        e.at.to_string(),
        e.actor.clone(),
        e.kind.as_str().to_string(),
        e.field.clone().unwrap_or_default(),
        v(&e.old),
        v(&e.new),
        e.run.map(|r| r.to_string()).unwrap_or_default(),
    ]
}

/// The CSV columns of a ticket type: its JSON keys.
pub const TYPE_HEADER: [&str; 4] = ["name", "label_zh", "label_en", "fields"];

/// A ticket type as a CSV record; `fields` as in [`type_fields`].
pub fn type_csv(t: &TicketType) -> Vec<String> {
    vec![
        t.name.clone(),
        t.label_zh.clone(),
        t.label_en.clone(),
        type_fields(t, ","),
    ]
}

/// The CSV columns of a field definition: its JSON keys, then the types
/// it is attached to.
pub const FIELD_HEADER: [&str; 5] = ["name", "kind", "label", "options", "types"];

/// A field definition as a CSV record.
pub fn field_csv(d: &FieldDef, types: &[String]) -> Vec<String> {
    vec![
        d.name.clone(),
        d.kind.as_str().to_string(),
        d.label.clone(),
        d.options.join(","),
        types.join(","),
    ]
}

/// A search snippet with its match markers shown as `«…»`.
pub fn plain_snippet(snippet: &str) -> String {
    snippet.replace('\u{E000}', "«").replace('\u{E001}', "»")
}

/// The CSV columns of a search hit: a ticket's, then `snippet`.
pub fn hit_header() -> Vec<&'static str> {
    CSV_HEADER.iter().copied().chain(["snippet"]).collect()
}

/// A search hit as a CSV record.
pub fn hit_csv(h: &Hit) -> Vec<String> {
    let mut row = csv_row(&h.ticket);
    row.push(h.snippet.clone());
    row
}

/// A search hit as one row: id, status, subject, snippet.
pub fn hit_tsv(out: &mut dyn Write, h: &Hit) -> io::Result<()> {
    row(
        out,
        &[
            &h.ticket.id.to_string(),
            h.ticket.status.as_str(),
            &h.ticket.subject,
            &h.snippet,
        ],
    )
}

/// The CSV columns of a sweep or undo report: its JSON keys.
pub const SWEEP_HEADER: [&str; 6] = ["run", "rule", "dry_run", "matched", "changed", "skipped"];

/// A run report as a CSV record: `changed` ids joined by commas,
/// `skipped` as JSON (`[{"id":4,"reason":"…"}]`).
pub fn sweep_csv(r: &SweepReport) -> Vec<String> {
    vec![
        r.run.map(|id| id.to_string()).unwrap_or_default(),
        r.rule.clone(),
        r.dry_run.to_string(),
        r.matched.to_string(),
        ids(&r.changed),
        json_text(&r.skipped),
    ]
}

/// A run report as rows: the rule's (`RULE`, `run N`, `matched N`,
/// `moved N`, `skipped N`), then one per ticket moved and skipped.
pub fn sweep_tsv(out: &mut dyn Write, r: &SweepReport) -> io::Result<()> {
    let run = r
        .run
        .map_or_else(|| "no run".to_string(), |id| format!("run {id}"));
    let verb = if r.dry_run { "would move" } else { "moved" };
    row(
        out,
        &[
            &r.rule,
            &run,
            &format!("matched {}", r.matched),
            &format!("{verb} {}", r.changed.len()),
            &format!("skipped {}", r.skipped.len()),
        ],
    )?;
    for id in &r.changed {
        row(out, &[&r.rule, verb, &id.to_string()])?;
    }
    for s in &r.skipped {
        row(
            out,
            &[&r.rule, "skipped", &s.id.to_string(), s.reason.as_str()],
        )?;
    }
    Ok(())
}

/// The CSV columns of an import report: its JSON keys.
pub const IMPORT_HEADER: [&str; 6] = [
    "tickets",
    "replies",
    "events",
    "skipped",
    "skipped_replies",
    "dry_run",
];

/// An import report as one record (TSV or CSV): `skipped` ids joined by
/// commas.
pub fn import_row(r: &ImportReport) -> Vec<String> {
    vec![
        r.tickets.to_string(),
        r.replies.to_string(),
        r.events.to_string(),
        ids(&r.skipped),
        r.skipped_replies.to_string(),
        r.dry_run.to_string(),
    ]
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The CSV columns of a token just issued: its JSON keys.
pub const ISSUED_TOKEN_HEADER: [&str; 8] = [
    "id",
    "user",
    "role",
    "token",
    "name",
    "created_at",
    "expires_at",
    "revoked_at",
];

fn opt_time(t: &Option<Timestamp>) -> String {
    t.map(|t| t.to_string()).unwrap_or_default()
}

/// A token just issued as a CSV record.
pub fn issued_token_csv(i: &IssuedToken) -> Vec<String> {
    let t = &i.token;
    vec![
        t.id.to_string(),
        t.user.clone(),
        t.role.to_string(),
        i.secret.clone(),
        t.name.clone().unwrap_or_default(),
        t.created_at.to_string(),
        opt_time(&t.expires_at),
        opt_time(&t.revoked_at),
    ]
}

/// A token just issued as `name<TAB>value` lines, in its JSON keys' order
/// (revoked_at, never set on a new token, left out).
pub fn issued_token_pairs(out: &mut dyn Write, i: &IssuedToken) -> io::Result<()> {
    let cells = issued_token_csv(i);
    for (k, v) in ISSUED_TOKEN_HEADER.iter().zip(&cells).take(7) {
        row(out, &[k, v])?;
    }
    Ok(())
}

/// The CSV columns of a listed token: its JSON keys, then `state`.
pub const TOKEN_HEADER: [&str; 8] = [
    "id",
    "user",
    "role",
    "name",
    "created_at",
    "expires_at",
    "revoked_at",
    "state",
];

/// A token as a list row (TSV or CSV), in [`TOKEN_HEADER`] order, with its
/// state at `now`.
pub fn token_row(t: &Token, now: Timestamp) -> Vec<String> {
    vec![
        t.id.to_string(),
        t.user.clone(),
        t.role.to_string(),
        t.name.clone().unwrap_or_default(),
        t.created_at.to_string(),
        opt_time(&t.expires_at),
        opt_time(&t.revoked_at),
        t.state(now).to_string(),
    ]
}
