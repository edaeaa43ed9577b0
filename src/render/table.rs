//! Tables and thread views for people at a terminal (comfy-table, which
//! measures Chinese text correctly). Every ticket string passes through
//! [`sanitize::terminal`] first: comfy-table passes escapes through as is.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use ticket::model::{Event, FieldDef, Priority, Reply, Role, Status, Ticket, TicketType};
use ticket::model::{Hit, ImportReport, StatusChanges, SweepReport, Thread};
use ticket::model::{IssuedToken, Timestamp, Token, TokenState};

use super::text::{type_fields, value_text};
use super::{Style, sanitize};

fn new_table(style: &Style) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if style.color {
        t.enforce_styling();
    }
    // A pseudo-terminal may report no size at all; wrap at 100 then.
    if t.width().is_some_and(|w| w < 20) {
        t.set_width(100);
    }
    t
}

fn header(style: &Style, names: &[&str]) -> Vec<Cell> {
    names
        .iter()
        .map(|n| {
            let c = Cell::new(n);
            if style.color {
                c.add_attribute(Attribute::Bold)
            } else {
                c
            }
        })
        .collect()
}

fn text(s: &str) -> Cell {
    Cell::new(sanitize::terminal(s, false))
}

fn status_cell(style: &Style, s: Status) -> Cell {
    let c = Cell::new(s.as_str());
    if !style.color {
        return c;
    }
    c.fg(match s {
        Status::New => Color::Cyan,
        Status::Open => Color::Yellow,
        Status::Pending | Status::Holding => Color::Magenta,
        Status::Solved => Color::Green,
        Status::Closed => Color::DarkGrey,
    })
}

fn priority_cell(style: &Style, p: Priority) -> Cell {
    let c = Cell::new(p.as_str());
    match (style.color, p) {
        (true, Priority::Urgent) => c.fg(Color::Red).add_attribute(Attribute::Bold),
        (true, Priority::Important) => c.fg(Color::Yellow),
        _ => c,
    }
}

fn print(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The list view.
pub fn tickets(out: &mut dyn Write, style: &Style, tickets: &[Ticket]) -> io::Result<()> {
    let mut t = new_table(style);
    t.set_header(header(
        style,
        &[
            "ID",
            "STATUS",
            "PRIORITY",
            "TYPE",
            "SUBJECT",
            "REQUESTER",
            "ASSIGNEE",
            "UPDATED",
        ],
    ));
    for tk in tickets {
        t.add_row(vec![
            Cell::new(tk.id),
            status_cell(style, tk.status),
            priority_cell(style, tk.priority),
            text(&tk.kind),
            text(&tk.subject),
            text(&tk.requester),
            text(tk.assignee.as_deref().unwrap_or("-")),
            Cell::new(style.time(&tk.updated_at)),
        ]);
    }
    print(out, &t)
}

/// One ticket's attributes and question.
pub fn ticket(out: &mut dyn Write, style: &Style, tk: &Ticket) -> io::Result<()> {
    let title = format!("#{} {}", tk.id, sanitize::terminal(&tk.subject, false));
    if style.color {
        writeln!(out, "\x1b[1m{title}\x1b[0m")?;
    } else {
        writeln!(out, "{title}")?;
    }
    let mut t = new_table(style);
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut rows: Vec<Vec<Cell>> = vec![
        vec![Cell::new("status"), status_cell(style, tk.status)],
        vec![Cell::new("priority"), priority_cell(style, tk.priority)],
        vec![Cell::new("type"), text(&tk.kind)],
        vec![Cell::new("requester"), text(&tk.requester)],
        vec![Cell::new("committer"), text(&tk.committer)],
        vec![Cell::new("assignee"), text(&opt(&tk.assignee))],
        vec![Cell::new("group"), text(&opt(&tk.group))],
        vec![Cell::new("organization"), text(&opt(&tk.organization))],
        vec![
            Cell::new("support"),
            Cell::new(if tk.support {
                "phone support wanted"
            } else {
                "no"
            }),
        ],
        vec![Cell::new("channel"), Cell::new(tk.channel.as_str())],
        vec![Cell::new("tags"), text(&tk.tags.join(", "))],
        vec![Cell::new("created"), Cell::new(style.time(&tk.created_at))],
        vec![
            Cell::new("updated"),
            Cell::new(format!(
                "{} (version {})",
                style.time(&tk.updated_at),
                tk.version
            )),
        ],
    ];
    for (k, v) in &tk.fields {
        rows.push(vec![text(k), text(&value_text(v))]);
    }
    t.add_rows(rows);
    print(out, &t)?;
    writeln!(out)?;
    for line in sanitize::terminal(&tk.question, true).lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// A reply: who, when, and the text indented beneath.
pub fn reply(out: &mut dyn Write, style: &Style, r: &Reply) -> io::Result<()> {
    let role = match r.role {
        Role::Requester => "requester",
        Role::Agent => "agent",
    };
    let note = if r.internal { " · internal note" } else { "" };
    let head = format!(
        "── {} ({role}) · {}{note} · reply {}",
        sanitize::terminal(&r.committer, false),
        style.time(&r.created_at),
        r.id
    );
    if style.color {
        let colour = if r.internal { "33" } else { "36" };
        writeln!(out, "\x1b[{colour}m{head}\x1b[0m")?;
    } else {
        writeln!(out, "{head}")?;
    }
    for line in sanitize::terminal(&r.detail.text, true).lines() {
        writeln!(out, "  {line}")?;
    }
    for url in &r.detail.image {
        writeln!(out, "  [image] {}", sanitize::terminal(url, false))?;
    }
    Ok(())
}

/// A ticket, its replies and, if present, its history.
pub fn thread(out: &mut dyn Write, style: &Style, th: &Thread) -> io::Result<()> {
    ticket(out, style, &th.ticket)?;
    for r in &th.replies {
        writeln!(out)?;
        reply(out, style, r)?;
    }
    if let Some(ev) = &th.events {
        writeln!(out)?;
        writeln!(out, "history:")?;
        events(out, style, ev)?;
    }
    Ok(())
}

/// History events.
pub fn events(out: &mut dyn Write, style: &Style, events: &[Event]) -> io::Result<()> {
    let mut t = new_table(style);
    t.set_header(header(
        style,
        &["WHEN", "WHO", "WHAT", "FIELD", "FROM", "TO"],
    ));
    let v = |v: &Option<serde_json::Value>| text(&v.as_ref().map(value_text).unwrap_or_default());
    for e in events {
        t.add_row(vec![
            Cell::new(style.time(&e.at)),
            text(&e.actor),
            Cell::new(e.kind.as_str()),
            text(e.field.as_deref().unwrap_or("")),
            v(&e.old),
            v(&e.new),
        ]);
    }
    print(out, &t)
}

/// Ticket types.
pub fn types(out: &mut dyn Write, style: &Style, types: &[TicketType]) -> io::Result<()> {
    let mut t = new_table(style);
    t.set_header(header(
        style,
        &["TYPE", "中文", "ENGLISH", "FIELDS (* required)"],
    ));
    for ty in types {
        t.add_row(vec![
            text(&ty.name),
            text(&ty.label_zh),
            text(&ty.label_en),
            text(&type_fields(ty, ", ")),
        ]);
    }
    print(out, &t)
}

/// Field definitions.
pub fn fields(
    out: &mut dyn Write,
    style: &Style,
    defs: &[FieldDef],
    attached: &dyn Fn(&str) -> Vec<String>,
) -> io::Result<()> {
    let mut t = new_table(style);
    t.set_header(header(
        style,
        &["FIELD", "KIND", "LABEL", "OPTIONS", "TYPES (* required)"],
    ));
    for d in defs {
        t.add_row(vec![
            text(&d.name),
            Cell::new(d.kind.as_str()),
            text(&d.label),
            text(&d.options.join(", ")),
            text(&attached(&d.name).join(", ")),
        ]);
    }
    print(out, &t)
}

/// The snippet with its match markers shown as `open`/`close`, the rest
/// made safe for a terminal.
fn marked(snippet: &str, open: &str, close: &str) -> String {
    sanitize::terminal(snippet, false)
        .replace('\u{E000}', open)
        .replace('\u{E001}', close)
}

/// Search results: the ticket, then its snippet with the matches
/// highlighted (`«…»` without colour).
pub fn hits(out: &mut dyn Write, style: &Style, hits: &[Hit]) -> io::Result<()> {
    let (open, close) = if style.color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    for h in hits {
        writeln!(
            out,
            "#{} {} [{}]",
            h.ticket.id,
            sanitize::terminal(&h.ticket.subject, false),
            h.ticket.status
        )?;
        writeln!(out, "    {}", marked(&h.snippet, open, close))?;
    }
    Ok(())
}

/// What a status change did, a line per ticket.
pub fn status_changes(out: &mut dyn Write, done: &StatusChanges) -> io::Result<()> {
    for t in &done.changed {
        writeln!(out, "ticket {} is now {}", t.id, t.status)?;
    }
    for t in &done.unchanged {
        writeln!(
            out,
            "ticket {} is already {}; nothing to change",
            t.id, t.status
        )?;
    }
    Ok(())
}

/// Run reports: a line per rule, then the tickets moved and skipped.
pub fn sweep_reports(out: &mut dyn Write, reports: &[SweepReport]) -> io::Result<()> {
    for r in reports {
        let run = r
            .run
            .map_or_else(|| "no run".to_string(), |id| format!("run {id}"));
        let verb = if r.dry_run { "would move" } else { "moved" };
        writeln!(
            out,
            "{}: {run}, matched {}, {verb} {}, skipped {}",
            sanitize::terminal(&r.rule, false),
            r.matched,
            r.changed.len(),
            r.skipped.len()
        )?;
        if !r.changed.is_empty() {
            let ids: Vec<String> = r.changed.iter().map(i64::to_string).collect();
            writeln!(out, "  {verb} {}", ids.join(", "))?;
        }
        for s in &r.skipped {
            writeln!(out, "  skipped {}: {}", s.id, s.reason.as_str())?;
        }
    }
    Ok(())
}

/// A token just issued: its record, then its secret.
pub fn issued_token(out: &mut dyn Write, style: &Style, i: &IssuedToken) -> io::Result<()> {
    let tk = &i.token;
    let mut t = new_table(style);
    t.add_rows(vec![
        vec![Cell::new("id"), Cell::new(tk.id)],
        vec![Cell::new("user"), text(&tk.user)],
        vec![Cell::new("role"), Cell::new(tk.role.as_str())],
        vec![Cell::new("name"), text(tk.name.as_deref().unwrap_or("-"))],
        vec![
            Cell::new("expires"),
            Cell::new(tk.expires_at.map_or("never".into(), |e| style.time(&e))),
        ],
        vec![Cell::new("token"), Cell::new(&i.secret)],
    ]);
    print(out, &t)
}

fn token_state_cell(style: &Style, state: TokenState) -> Cell {
    let c = Cell::new(state.as_str());
    match (style.color, state) {
        (false, _) => c,
        (true, TokenState::Active) => c.fg(Color::Green),
        (true, _) => c.fg(Color::DarkGrey),
    }
}

/// Token records with their state at `now`.
pub fn tokens(
    out: &mut dyn Write,
    style: &Style,
    tokens: &[Token],
    now: Timestamp,
) -> io::Result<()> {
    let mut t = new_table(style);
    t.set_header(header(
        style,
        &[
            "ID", "USER", "ROLE", "NAME", "STATE", "CREATED", "EXPIRES", "REVOKED",
        ],
    ));
    let time = |v: &Option<Timestamp>| v.map_or("-".into(), |v| style.time(&v));
    for tk in tokens {
        t.add_row(vec![
            Cell::new(tk.id),
            text(&tk.user),
            Cell::new(tk.role.as_str()),
            text(tk.name.as_deref().unwrap_or("-")),
            token_state_cell(style, tk.state(now)),
            Cell::new(style.time(&tk.created_at)),
            Cell::new(time(&tk.expires_at)),
            Cell::new(time(&tk.revoked_at)),
        ]);
    }
    print(out, &t)
}

/// What an import did, in one sentence.
pub fn import_report(out: &mut dyn Write, r: &ImportReport) -> io::Result<()> {
    writeln!(
        out,
        "{} {} tickets, {} replies, {} events{}",
        if r.dry_run {
            "would import"
        } else {
            "imported"
        },
        r.tickets,
        r.replies,
        r.events,
        match (r.skipped.len(), r.skipped_replies) {
            (0, 0) => String::new(),
            (tickets, 0) => format!("; skipped {tickets} existing"),
            (0, replies) => format!("; skipped {replies} existing replies"),
            (tickets, replies) =>
                format!("; skipped {tickets} existing tickets, {replies} existing replies"),
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_highlights_after_escaping() {
        assert_eq!(
            marked("a \u{E000}\x1b[2Jkey\u{E001} b", "<", ">"),
            "a <\\u{1b}[2Jkey> b"
        );
    }
}
