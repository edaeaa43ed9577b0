//! `ticket status`: move one or many tickets to a status.

use std::io::{self, Write};

use ticket::model::Status;

use super::context::ticket_ids;
use super::{Context, Failure};
use crate::render;

/// Change the status of one or many tickets, in one transaction.
///
/// STATUS is new, open, pending, holding, solved or closed, or a seed code
/// (2 new, 1 open, 0 solved). Closed is final. If any ticket is missing or
/// closed, nothing changes. Tickets already in STATUS are left alone. An id
/// of `-` reads ids from stdin, one per line (numbers, TSV rows or JSONL).
///
/// Examples:
///   ticket status 42 solved
///   ticket status 42 43 44 closed --note "duplicate of 41"
///   ticket status 42 0 --if-version 3
///   ticket list --status pending --format jsonl | ticket status - holding
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct StatusArgs {
    /// One or more ticket ids, then the status.
    #[arg(num_args = 2.., required = true, value_name = "ID… STATUS")]
    pub args: Vec<String>,
    /// An internal note recorded on every ticket moved.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Refuse (exit 4, code conflict) unless every ticket is at this version.
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,
}

/// Runs `ticket status`.
pub fn run(ctx: &mut Context, args: StatusArgs) -> Result<(), Failure> {
    let (status, ids) = args.args.split_last().expect("clap requires two values");
    let status: Status = status.parse()?;
    let ids = ticket_ids(ids)?;
    let actor = ctx.actor()?;
    let change = ctx.change(&actor);
    let done =
        ctx.desk()?
            .set_status(change, &ids, status, args.note.as_deref(), args.if_version)?;
    let mut out = io::stdout().lock();
    if ctx.quiet() {
        for t in &done.changed {
            writeln!(out, "{}", t.id)?;
        }
    } else {
        render::status_changes(&mut out, ctx.style, &done)?;
    }
    Ok(())
}
