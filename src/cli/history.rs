//! `ticket history`: the recorded changes of one ticket.

use std::io;

use super::{Context, Failure};
use crate::render;

/// Show every change made to a ticket: who, when, what, from and to.
///
/// Example:
///   ticket history 42
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct HistoryArgs {
    /// The ticket id.
    #[arg(value_parser = super::context::id_arg)]
    pub id: i64,
}

/// Runs `ticket history`.
pub fn run(ctx: &mut Context, args: HistoryArgs) -> Result<(), Failure> {
    let events = ctx.reader()?.history(args.id)?;
    render::events(&mut io::stdout().lock(), ctx.style, &events)?;
    Ok(())
}
