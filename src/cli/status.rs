//! `ticket status`: move one or many tickets to a status.

use std::io::{self, Write};

use ticket::Error;
use ticket::model::Status;

use super::{Context, Failure};
use crate::render::{self, Format};

/// Change the status of one or many tickets, in one transaction.
///
/// STATUS is new, open, pending, holding, solved or closed, or a seed code
/// (2 new, 1 open, 0 solved). Closed is final. If any ticket is missing or
/// closed, nothing changes. Tickets already in STATUS are left alone.
///
/// Examples:
///   ticket status 42 solved
///   ticket status 42 43 44 closed --note "duplicate of 41"
///   ticket status 42 0
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct StatusArgs {
    /// One or more ticket ids, then the status.
    #[arg(num_args = 2.., required = true, value_name = "ID… STATUS")]
    pub args: Vec<String>,
    /// An internal note recorded on every ticket moved.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Parses a ticket id given on the command line.
pub fn parse_id(s: &str) -> Result<i64, Error> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::invalid("id", format!("'{s}' is not a ticket id")))
}

/// Runs `ticket status`.
pub fn run(ctx: &mut Context, args: StatusArgs) -> Result<(), Failure> {
    let (status, ids) = args.args.split_last().expect("clap requires two values");
    let status: Status = status.parse()?;
    let ids = ids
        .iter()
        .map(|s| parse_id(s))
        .collect::<Result<Vec<_>, _>>()?;
    let actor = ctx.actor()?;
    let now = ctx.now;
    let done = ctx
        .desk()?
        .set_status(&actor, now, &ids, status, args.note.as_deref())?;
    let mut out = io::stdout().lock();
    if ctx.quiet() {
        for t in &done.changed {
            writeln!(out, "{}", t.id)?;
        }
    } else if matches!(ctx.style.format, Format::Json | Format::Jsonl | Format::Csv) {
        let mut all = done.changed.clone();
        all.extend(done.unchanged.iter().cloned());
        all.sort_by_key(|t| t.id);
        render::tickets(&mut out, ctx.style, all)?;
    } else {
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
    }
    Ok(())
}
