//! `ticket show`: one ticket with its conversation.

use std::io;

use super::context::ticket_ids;
use super::{Context, Failure};
use crate::render::{self, Shape};

/// Show tickets with their replies, oldest first.
///
/// With one id, --json prints the ticket; with several, an array; JSONL
/// prints a line per ticket. There is no CSV form (a ticket with replies is
/// not one table): use JSON, or `ticket history ID --format csv`.
///
/// Examples:
///   ticket show 42
///   ticket show 42 --history --json
///   ticket show 42 43 44 --json
///   ticket show 42 --requester-view     # what the requester sees: no internal notes
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ShowArgs {
    /// The ticket ids; `-` reads them from stdin.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Hide internal notes, as the requester sees the ticket.
    #[arg(long)]
    pub requester_view: bool,
    /// Include the ticket's history events.
    #[arg(long)]
    pub history: bool,
}

/// Runs `ticket show`.
pub fn run(ctx: &mut Context, args: ShowArgs) -> Result<(), Failure> {
    render::accepts(&ctx.style, Shape::Thread)?;
    let ids = ticket_ids(&args.ids)?;
    let desk = ctx.reader()?;
    let threads = ids
        .iter()
        .map(|id| desk.thread(*id, args.requester_view, args.history))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = io::stdout().lock();
    match threads.as_slice() {
        [one] => render::thread(&mut out, ctx.style, one)?,
        many => render::threads(&mut out, ctx.style, many)?,
    }
    Ok(())
}
