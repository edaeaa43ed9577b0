//! `ticket search`: full-text search over tickets and their replies.

use std::io;

use super::list::{FilterArgs, filter};
use super::{Context, Failure};
use crate::render::{self, Format};

/// Find tickets by the words in their subject, question, replies and text
/// fields, best match first.
///
/// Every word must occur (as a substring, so Chinese text matches too).
/// Every status is searched unless --status says otherwise; the list
/// filters narrow the search. In a terminal the matches are highlighted.
///
/// Examples:
///   ticket search "order cancel"
///   ticket search 退款 --status open --tag vip --json
///   ticket search --rebuild
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SearchArgs {
    /// The words to find.
    #[arg(required_unless_present = "rebuild")]
    pub text: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most N results [default: 50 in a terminal, all otherwise].
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Rebuild the search index from the stored tickets and replies.
    #[arg(long, conflicts_with = "text")]
    pub rebuild: bool,
}

/// Runs `ticket search`.
pub fn run(ctx: &mut Context, args: SearchArgs) -> Result<(), Failure> {
    if args.rebuild {
        let commit = ctx.commit();
        ctx.desk()?.rebuild_search(commit)?;
        ctx.notice("search index rebuilt");
        return Ok(());
    }
    let text = args.text.unwrap_or_default();
    let filter = filter(&args.filter, true, ctx.now)?;
    let limit = args
        .limit
        .or((ctx.style.format == Format::Table).then(|| ctx.page_size()));
    let hits = ctx.reader()?.search(&text, &filter, limit)?;
    if hits.is_empty() && ctx.style.format == Format::Table {
        ctx.notice("no tickets match");
    }
    render::hits(&mut io::stdout().lock(), ctx.style, hits)?;
    Ok(())
}
