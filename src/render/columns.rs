//! Chosen columns (`--fields a,b,c`): any ticket JSON key, or
//! `fields.NAME` for one custom field, in the order given.

use std::io::{self, Write};

use comfy_table::{Cell, ContentArrangement, Table, presets};
use serde_json::Value;
use ticket::model::Ticket;

use super::text::value_text;
use super::{Format, Style, sanitize};

/// The ticket keys a column can name: the JSON contract's, in its order.
pub const KEYS: [&str; 18] = super::text::CSV_HEADER;

/// Checks column names, returning the first unknown one.
pub fn unknown(columns: &[String]) -> Option<&String> {
    columns.iter().find(|c| {
        !KEYS.contains(&c.as_str()) && c.strip_prefix("fields.").is_none_or(|f| f.is_empty())
    })
}

fn pick(t: &Ticket, columns: &[String]) -> Vec<Value> {
    let all = serde_json::to_value(t).unwrap_or(Value::Null);
    columns
        .iter()
        .map(|c| match c.strip_prefix("fields.") {
            Some(f) => all["fields"].get(f).cloned().unwrap_or(Value::Null),
            None => all.get(c).cloned().unwrap_or(Value::Null),
        })
        .collect()
}

/// Renders tickets with only the chosen columns, streaming except tables.
/// Like [`super::TicketStream`], it writes nothing before the first ticket
/// (or the end).
pub struct ColumnStream<'w> {
    out: &'w mut dyn Write,
    style: Style,
    columns: Vec<String>,
    count: usize,
    opened: bool,
    table: Option<Table>,
}

impl<'w> ColumnStream<'w> {
    /// Starts a stream; writes nothing yet.
    pub fn begin(out: &'w mut dyn Write, style: Style, columns: Vec<String>) -> io::Result<Self> {
        let table = (style.format == Format::Table).then(|| {
            let mut t = Table::new();
            t.load_preset(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Dynamic);
            t.set_header(columns.iter().map(|c| c.to_uppercase()));
            t
        });
        Ok(ColumnStream {
            out,
            style,
            columns,
            count: 0,
            opened: false,
            table,
        })
    }

    /// Writes what comes before the first ticket, once.
    fn open(&mut self) -> io::Result<()> {
        if !self.opened {
            self.opened = true;
            match self.style.format {
                Format::Json => write!(self.out, "[")?,
                Format::Csv => {
                    let mut w = csv::Writer::from_writer(&mut *self.out);
                    w.write_record(&self.columns)?;
                    w.flush()?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Renders one ticket.
    pub fn push(&mut self, t: &Ticket) -> io::Result<()> {
        self.open()?;
        let values = pick(t, &self.columns);
        match self.style.format {
            Format::Json | Format::Jsonl => {
                if self.style.format == Format::Json && self.count > 0 {
                    write!(self.out, ",")?;
                }
                write!(self.out, "{{")?;
                for (i, (k, v)) in self.columns.iter().zip(&values).enumerate() {
                    let sep = if i > 0 { "," } else { "" };
                    write!(
                        self.out,
                        "{sep}{}:{}",
                        super::json::to_string(k),
                        super::json::to_string(v)
                    )?;
                }
                write!(self.out, "}}")?;
                if self.style.format == Format::Jsonl {
                    writeln!(self.out)?;
                }
            }
            Format::Tsv => {
                let cells: Vec<String> = values
                    .iter()
                    .map(|v| sanitize::tsv(&value_text(v)).into_owned())
                    .collect();
                writeln!(self.out, "{}", cells.join("\t"))?;
            }
            Format::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *self.out);
                w.write_record(
                    values
                        .iter()
                        .map(|v| sanitize::terminal(&value_text(v), true).into_owned()),
                )?;
                w.flush()?;
            }
            Format::Table => {
                if let Some(t) = &mut self.table {
                    t.add_row(
                        values
                            .iter()
                            .map(|v| Cell::new(sanitize::terminal(&value_text(v), false))),
                    );
                }
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Finishes the stream.
    pub fn finish(mut self) -> io::Result<usize> {
        self.open()?;
        match self.style.format {
            Format::Json => writeln!(self.out, "]")?,
            Format::Table => {
                if let Some(t) = &self.table {
                    for line in t.lines() {
                        writeln!(self.out, "{}", line.trim_end())?;
                    }
                }
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.count)
    }
}
