//! `ticket show`: one ticket with its conversation.

use std::io;

use super::{Context, Failure};
use crate::render;

/// Show a ticket with its replies, oldest first.
///
/// Examples:
///   ticket show 42
///   ticket show 42 --history --json
///   ticket show 42 --requester-view     # what the requester sees: no internal notes
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ShowArgs {
    /// The ticket id.
    pub id: i64,
    /// Hide internal notes, as the requester sees the ticket.
    #[arg(long)]
    pub requester_view: bool,
    /// Include the ticket's history events.
    #[arg(long)]
    pub history: bool,
}

/// Runs `ticket show`.
pub fn run(ctx: &mut Context, args: ShowArgs) -> Result<(), Failure> {
    let thread = ctx
        .desk()?
        .thread(args.id, args.requester_view, args.history)?;
    render::thread(&mut io::stdout().lock(), ctx.style, &thread)?;
    Ok(())
}
