//! Output: every result is rendered by one function per shape, in one of the
//! [`Format`]s, to any writer. Renderers never query; they print what the
//! library returned, and neutralise ticket text wherever it meets a
//! terminal.
//!
//! Every shape honours every format it accepts: CSV is one table with one
//! header row (the JSON keys), JSONL one compact object per line, JSON one
//! document, TSV rows without a header, a table for people. A result that
//! is not one table (a ticket with its replies) refuses CSV through
//! [`accepts`] before anything is read, rather than print another format
//! under the CSV name.

mod columns;
/// JSON output: the library's writer, which keeps terminal controls inert.
pub use ticket::exchange::json;
pub mod sanitize;
mod table;
mod text;

use std::io::{self, Write};

pub use columns::{ColumnStream, KEYS as COLUMN_KEYS, unknown as unknown_column};
use serde::Serialize;
use ticket::Error;
use ticket::model::{Event, FieldDef, Reply, Ticket, TicketType, Timestamp};
use ticket::model::{Hit, ImportReport, StatusChanges, SweepReport, Thread};
use ticket::model::{IssuedToken, Token, TokenState};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned tables for people (the default in a terminal).
    Table,
    /// Tab-separated rows, no header (the default when piped).
    Tsv,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// How to render for the current output stream.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The chosen format.
    pub format: Format,
    /// Colours on.
    pub color: bool,
    /// Pretty-print JSON and use local times (output is a terminal).
    pub human: bool,
    /// The format was asked for (`--format`, `--json`), not picked for
    /// the output stream.
    pub given: bool,
}

/// Results some formats cannot show; see [`accepts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A ticket with its replies (and events): `show`.
    Thread,
    /// A lossless export: `export`.
    Export,
    /// A shell script: `completions`.
    Script,
}

/// Refuses, as a usage error (exit 2), a format that cannot show `shape`
/// honestly. Called before anything is read, so a refused format leaves
/// stdout empty.
pub fn accepts(style: &Style, shape: Shape) -> Result<(), Error> {
    let reason = match (shape, style.format) {
        (Shape::Thread, Format::Csv) => {
            "csv holds one table, and a ticket with its replies is not one; use --format json \
             or jsonl, or 'ticket history ID --format csv' for its events"
        }
        (Shape::Export, Format::Table | Format::Tsv) if style.given => {
            "export writes jsonl (the default), json or csv (tickets only); for ticket rows use \
             'ticket list --all --format tsv'"
        }
        (Shape::Script, _) if style.given => {
            "completions prints a shell script in the shell's own syntax; drop --format and --json"
        }
        _ => return Ok(()),
    };
    Err(Error::invalid("format", reason))
}

impl Style {
    /// A time as this style shows it: local and short for people, RFC 3339
    /// UTC otherwise.
    pub fn time(&self, t: &Timestamp) -> String {
        if self.format == Format::Table {
            t.datetime()
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        } else {
            t.to_string()
        }
    }

    /// One JSON document: pretty-printed for people, compact otherwise.
    fn json<T: Serialize + ?Sized>(&self, out: &mut dyn Write, value: &T) -> io::Result<()> {
        json::to_writer(out, value, self.human)?;
        writeln!(out)
    }

    /// One value as JSON: a document, or in JSONL one compact line even in
    /// a terminal (a pretty object would be many lines).
    fn json_one<T: Serialize + ?Sized>(&self, out: &mut dyn Write, value: &T) -> io::Result<()> {
        if self.format == Format::Jsonl {
            json::to_writer(out, value, false)?;
            writeln!(out)
        } else {
            self.json(out, value)
        }
    }

    /// Several values as JSON: one array, or in JSONL one line each.
    fn json_all<T: Serialize>(&self, out: &mut dyn Write, values: &[T]) -> io::Result<()> {
        if self.format == Format::Jsonl {
            values.iter().try_for_each(|v| self.json_one(out, v))
        } else {
            self.json(out, values)
        }
    }
}

/// A stream of tickets rendered one at a time, so long lists never sit in
/// memory (except tables, which must measure every row). Nothing is written
/// before the first ticket (or the end): a query refused before it leaves
/// stdout empty, never half an answer.
pub struct TicketStream<'w> {
    out: Sink<'w>,
    style: Style,
    count: usize,
    /// Whether the opening (`[`, the CSV header) was written.
    opened: bool,
    rows: Vec<Ticket>,
    /// One rendered row, written out whole (serde_json's many small
    /// writes are cheap into a `Vec`, not through `dyn Write`).
    line: Vec<u8>,
}

enum Sink<'w> {
    Plain(&'w mut dyn Write),
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
}

impl<'w> TicketStream<'w> {
    /// Starts a stream; writes nothing yet.
    pub fn begin(out: &'w mut dyn Write, style: Style) -> io::Result<Self> {
        let out = match style.format {
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(out))),
            _ => Sink::Plain(out),
        };
        Ok(TicketStream {
            out,
            style,
            count: 0,
            opened: false,
            rows: Vec::new(),
            line: Vec::new(),
        })
    }

    /// Writes what comes before the first ticket, once.
    fn open(&mut self) -> io::Result<()> {
        if !self.opened {
            self.opened = true;
            match &mut self.out {
                Sink::Csv(w) => w.write_record(text::CSV_HEADER)?,
                Sink::Plain(out) if self.style.format == Format::Json => write!(out, "[")?,
                Sink::Plain(_) => {}
            }
        }
        Ok(())
    }

    /// Renders one ticket.
    pub fn push(&mut self, t: Ticket) -> io::Result<()> {
        self.open()?;
        match &mut self.out {
            Sink::Csv(w) => w.write_record(text::csv_row(&t))?,
            Sink::Plain(out) => {
                let line = &mut self.line;
                line.clear();
                match self.style.format {
                    Format::Json => {
                        if self.count > 0 {
                            line.push(b',');
                        }
                        if self.style.human {
                            line.extend_from_slice(b"\n  ");
                        }
                        json::to_writer(line, &t, false)?;
                    }
                    Format::Jsonl => {
                        json::to_writer(line, &t, false)?;
                        line.push(b'\n');
                    }
                    Format::Tsv => text::tsv_row(line, &t)?,
                    _ => self.rows.push(t),
                }
                out.write_all(line)?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Finishes the stream; returns how many tickets were rendered.
    pub fn finish(mut self) -> io::Result<usize> {
        self.open()?;
        match self.out {
            Sink::Csv(mut w) => w.flush()?,
            Sink::Plain(out) => {
                match self.style.format {
                    Format::Json => {
                        if self.style.human && self.count > 0 {
                            writeln!(out)?;
                        }
                        writeln!(out, "]")?;
                    }
                    Format::Table if !self.rows.is_empty() => {
                        table::tickets(out, &self.style, &self.rows)?
                    }
                    _ => {}
                }
                out.flush()?;
            }
        }
        Ok(self.count)
    }
}

/// Renders a list of tickets.
pub fn tickets(out: &mut dyn Write, style: Style, tickets: Vec<Ticket>) -> io::Result<usize> {
    let mut stream = TicketStream::begin(out, style)?;
    for t in tickets {
        stream.push(t)?;
    }
    stream.finish()
}

/// Renders one ticket (what `new` and `edit` print).
pub fn ticket(out: &mut dyn Write, style: Style, t: &Ticket) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_one(out, t),
        Format::Table => table::ticket(out, &style, t),
        Format::Tsv => text::ticket_pairs(out, &style, t),
        Format::Csv => text::csv_table(out, &text::CSV_HEADER, [text::csv_row(t)]),
    }
}

/// Renders a ticket with its replies and, if present, its events. CSV is
/// refused by [`accepts`] first: this is not one table.
pub fn thread(out: &mut dyn Write, style: Style, thread: &Thread) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_one(out, thread),
        Format::Table => table::thread(out, &style, thread),
        Format::Tsv => {
            ticket(out, style, &thread.ticket)?;
            for r in &thread.replies {
                text::reply_tsv(out, &style, r)?;
            }
            if let Some(events) = &thread.events {
                for e in events {
                    text::event_tsv(out, &style, e)?;
                }
            }
            Ok(())
        }
        Format::Csv => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a ticket with its replies has no CSV form",
        )),
    }
}

/// Renders several threads: a JSON array, one JSON line each, or one after
/// another for people.
pub fn threads(out: &mut dyn Write, style: Style, threads: &[Thread]) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, threads),
        _ => threads.iter().enumerate().try_for_each(|(i, t)| {
            if i > 0 {
                writeln!(out)?;
            }
            thread(out, style, t)
        }),
    }
}

/// Renders a reply just written.
pub fn reply(out: &mut dyn Write, style: Style, r: &Reply) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_one(out, r),
        Format::Table => table::reply(out, &style, r),
        Format::Tsv => text::reply_tsv(out, &style, r),
        Format::Csv => text::csv_table(out, &text::REPLY_HEADER, [text::reply_csv(r)]),
    }
}

/// Renders history events.
pub fn events(out: &mut dyn Write, style: Style, events: &[Event]) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, events),
        Format::Table => table::events(out, &style, events),
        Format::Tsv => events
            .iter()
            .try_for_each(|e| text::event_tsv(out, &style, e)),
        Format::Csv => {
            text::csv_table(out, &text::EVENT_HEADER, events.iter().map(text::event_csv))
        }
    }
}

/// Renders ticket types.
pub fn types(out: &mut dyn Write, style: Style, types: &[TicketType]) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, types),
        Format::Table => table::types(out, &style, types),
        Format::Tsv => types.iter().try_for_each(|t| text::type_tsv(out, t)),
        Format::Csv => text::csv_table(out, &text::TYPE_HEADER, types.iter().map(text::type_csv)),
    }
}

/// Renders custom field definitions, with the types each is attached to
/// (JSON gives the definitions only, as stored).
pub fn fields(
    out: &mut dyn Write,
    style: Style,
    defs: &[FieldDef],
    types: &[TicketType],
) -> io::Result<()> {
    let attached = |name: &str| -> Vec<String> {
        types
            .iter()
            .filter_map(|t| {
                t.fields.iter().find(|f| f.name == name).map(|f| {
                    if f.required {
                        format!("{}*", t.name)
                    } else {
                        t.name.clone()
                    }
                })
            })
            .collect()
    };
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, defs),
        Format::Table => table::fields(out, &style, defs, &attached),
        Format::Tsv => defs
            .iter()
            .try_for_each(|d| text::field_tsv(out, d, &attached(&d.name))),
        Format::Csv => text::csv_table(
            out,
            &text::FIELD_HEADER,
            defs.iter().map(|d| text::field_csv(d, &attached(&d.name))),
        ),
    }
}

/// Renders search results, best first. The match markers become `«…»`,
/// or a highlight in a coloured table.
pub fn hits(out: &mut dyn Write, style: Style, hits: Vec<Hit>) -> io::Result<()> {
    if style.format == Format::Table {
        return table::hits(out, &style, &hits);
    }
    let hits: Vec<Hit> = hits
        .into_iter()
        .map(|h| Hit {
            snippet: text::plain_snippet(&h.snippet),
            ..h
        })
        .collect();
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, &hits),
        Format::Tsv => hits.iter().try_for_each(|h| text::hit_tsv(out, h)),
        _ => text::csv_table(out, &text::hit_header(), hits.iter().map(text::hit_csv)),
    }
}

/// Renders what a status change did: for people a line per ticket; in
/// every other format the tickets (moved or already there), by id.
pub fn status_changes(out: &mut dyn Write, style: Style, done: &StatusChanges) -> io::Result<()> {
    if style.format == Format::Table {
        return table::status_changes(out, done);
    }
    let mut all = done.changed.clone();
    all.extend(done.unchanged.iter().cloned());
    all.sort_by_key(|t| t.id);
    tickets(out, style, all).map(drop)
}

/// Renders sweep or undo run reports, one per rule.
pub fn sweep_reports(out: &mut dyn Write, style: Style, reports: &[SweepReport]) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_all(out, reports),
        Format::Table => table::sweep_reports(out, reports),
        Format::Tsv => reports.iter().try_for_each(|r| text::sweep_tsv(out, r)),
        Format::Csv => text::csv_table(
            out,
            &text::SWEEP_HEADER,
            reports.iter().map(text::sweep_csv),
        ),
    }
}

/// Renders what an import did.
pub fn import_report(out: &mut dyn Write, style: Style, report: &ImportReport) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_one(out, report),
        Format::Table => table::import_report(out, report),
        Format::Tsv => text::tsv_cells(out, &text::import_row(report)),
        Format::Csv => text::csv_table(out, &text::IMPORT_HEADER, [text::import_row(report)]),
    }
}

/// Renders a token just issued, secret included (`token new`): the
/// [`IssuedToken`] object in JSON, one CSV row, `name<TAB>value` lines in
/// TSV, a small table for people.
pub fn issued_token(out: &mut dyn Write, style: Style, issued: &IssuedToken) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => style.json_one(out, issued),
        Format::Table => table::issued_token(out, &style, issued),
        Format::Tsv => text::issued_token_pairs(out, issued),
        Format::Csv => text::csv_table(
            out,
            &text::ISSUED_TOKEN_HEADER,
            [text::issued_token_csv(issued)],
        ),
    }
}

/// A token as lists show it: its record and its state at the time asked.
#[derive(Serialize)]
struct ListedToken<'a> {
    #[serde(flatten)]
    token: &'a Token,
    state: TokenState,
}

/// Renders token records with their state at `now` (`token list`,
/// `token revoke`); never a secret, which the records do not hold.
pub fn tokens(
    out: &mut dyn Write,
    style: Style,
    tokens: &[Token],
    now: Timestamp,
) -> io::Result<()> {
    match style.format {
        Format::Json | Format::Jsonl => {
            let listed: Vec<ListedToken<'_>> = tokens
                .iter()
                .map(|token| ListedToken {
                    token,
                    state: token.state(now),
                })
                .collect();
            style.json_all(out, &listed)
        }
        Format::Table => table::tokens(out, &style, tokens, now),
        Format::Tsv => tokens
            .iter()
            .try_for_each(|t| text::tsv_cells(out, &text::token_row(t, now))),
        Format::Csv => text::csv_table(
            out,
            &text::TOKEN_HEADER,
            tokens.iter().map(|t| text::token_row(t, now)),
        ),
    }
}

/// Renders a number of matches (`list --count`): the bare number, under a
/// `count` header in CSV.
pub fn count(out: &mut dyn Write, style: Style, n: u64) -> io::Result<()> {
    match style.format {
        Format::Csv => text::csv_table(out, &["count"], [vec![n.to_string()]]),
        _ => writeln!(out, "{n}"),
    }
}
