//! `ticket export`: every ticket with its replies and events, streamed.

use std::io;

use ticket::Error;
use ticket::exchange::Record;
use ticket::exchange::write::{ExportWriter, Framing};

use super::list::{FilterArgs, filter};
use super::{Context, Failure};
use crate::render::{self, Format, Shape, TicketStream};

/// Export tickets with their fields, tags, replies and events.
///
/// JSON Lines by default: field definitions, ticket types and runs first,
/// then one ticket per line (by id) with `replies` and `events`, then the
/// idempotency keys of those tickets and of their replies. `ticket import`
/// reads it back losslessly. Every status is exported unless --status says
/// otherwise. --format json writes one array of the same
/// records; --format csv writes the tickets only. --format tsv and table
/// are refused (exit 2): for ticket rows use `ticket list --all`.
///
/// API tokens are not exported: their secrets are never stored, and they
/// stay on the desk that issued them (`ticket token new` on the new one).
///
/// Examples:
///   ticket export > backup.jsonl
///   ticket export --status closed --updated-before 2025-01-01 --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Runs `ticket export`.
pub fn run(ctx: &mut Context, args: ExportArgs) -> Result<(), Failure> {
    render::accepts(&ctx.style, Shape::Export)?;
    let filter = filter(&args.filter, true, ctx.now)?;
    let format = match ctx.style.format {
        Format::Json | Format::Csv => ctx.style.format,
        _ => Format::Jsonl,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let io_err = |source| Error::Io {
        path: "<stdout>".into(),
        source,
    };
    if format == Format::Csv {
        let mut stream = TicketStream::begin(&mut out, ctx.style)?;
        ctx.reader()?.export(&filter, &mut |r| match r {
            Record::Ticket(t) => stream.push(t.ticket).map_err(io_err),
            _ => Ok(()),
        })?;
        stream.finish()?;
        return Ok(());
    }
    let framing = if format == Format::Json {
        Framing::Array
    } else {
        Framing::Lines
    };
    let mut writer = ExportWriter::new(&mut out, framing);
    ctx.reader()?
        .export(&filter, &mut |r| writer.record(&r).map_err(io_err))?;
    writer.finish()?;
    Ok(())
}
