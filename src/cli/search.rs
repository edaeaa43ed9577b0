//! `ticket search`: full-text search over tickets and their replies.

use std::io::{self, Write};

use ticket::desk::Hit;

use super::list::{FilterArgs, filter};
use super::{Context, Failure};
use crate::render::{Format, sanitize};

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

/// The snippet with its match markers shown as `open`/`close`, the rest
/// made safe for a terminal.
fn marked(snippet: &str, open: &str, close: &str) -> String {
    sanitize::terminal(snippet, false)
        .replace('\u{E000}', open)
        .replace('\u{E001}', close)
}

/// Runs `ticket search`.
pub fn run(ctx: &mut Context, args: SearchArgs) -> Result<(), Failure> {
    if args.rebuild {
        ctx.desk()?.rebuild_search()?;
        ctx.notice("search index rebuilt");
        return Ok(());
    }
    let text = args.text.unwrap_or_default();
    let filter = filter(&args.filter, true, ctx.now)?;
    let limit = args
        .limit
        .or((ctx.style.format == Format::Table).then(|| ctx.page_size()));
    let hits = ctx.reader()?.search(&text, &filter, limit)?;
    let mut out = io::stdout().lock();
    let style = ctx.style;
    match style.format {
        Format::Json | Format::Jsonl => {
            let hits: Vec<Hit> = hits
                .into_iter()
                .map(|h| Hit {
                    snippet: h.snippet.replace('\u{E000}', "«").replace('\u{E001}', "»"),
                    ..h
                })
                .collect();
            if style.format == Format::Json {
                serde_json::to_writer(&mut out, &hits).map_err(io::Error::from)?;
                writeln!(out)?;
            } else {
                for h in &hits {
                    serde_json::to_writer(&mut out, h).map_err(io::Error::from)?;
                    writeln!(out)?;
                }
            }
        }
        Format::Table => {
            let (open, close) = if style.color {
                ("\x1b[1;33m", "\x1b[0m")
            } else {
                ("«", "»")
            };
            for h in &hits {
                writeln!(
                    out,
                    "#{} {} [{}]",
                    h.ticket.id,
                    sanitize::terminal(&h.ticket.subject, false),
                    h.ticket.status
                )?;
                writeln!(out, "    {}", marked(&h.snippet, open, close))?;
            }
            if hits.is_empty() {
                ctx.notice("no tickets match");
            }
        }
        Format::Tsv | Format::Csv => {
            for h in &hits {
                let cells = [
                    h.ticket.id.to_string(),
                    h.ticket.status.to_string(),
                    h.ticket.subject.clone(),
                    // Escaped once, by the TSV cell below.
                    h.snippet.replace('\u{E000}', "«").replace('\u{E001}', "»"),
                ];
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| sanitize::tsv(c).into_owned())
                    .collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
        }
    }
    Ok(())
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
