//! `ticket import`: bring tickets in from an export or the seed APIs.

use std::fs::File;
use std::io::{self, BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use indicatif::{ProgressBar, ProgressStyle};
use ticket::Error;
use ticket::exchange::{SeedDefaults, read};

use super::{Context, Failure};
use crate::render::{self, Format};

/// Import tickets, all or nothing.
///
/// Reads `ticket export` output (JSON Lines) losslessly: ids, timestamps,
/// replies and history are kept. Also reads the seed APIs' JSON: seed 1
/// workorder, reply and workorder_content objects (content fields such as
/// module and amount, on a workorder or on their own for a ticket imported
/// earlier) and its {"meta", "data": {"results": […]}} pages, and seed 2
/// ticket objects, one per line or as documents spread over lines. Arrays
/// and pages are read an element at a time, never whole. Field values are
/// stored typed ("4" as 4, phone numbers as E.164).
/// Everything is checked as it is written in one transaction: the first bad
/// record is named with its line and field, and nothing is written. Input
/// without records (empty, [], a page of none) is an error too: a failed
/// download is not an import of nothing.
///
/// Examples:
///   ticket import backup.jsonl
///   curl -s "$OLD/v3_1/workorder/workorder_list/?page=1" | ticket import -
///   ticket import backup.jsonl --dry-run
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ImportArgs {
    /// The file to read; `-` reads stdin.
    pub file: PathBuf,
    /// Leave tickets whose id is taken instead of failing.
    #[arg(long)]
    pub skip_existing: bool,
    /// The type of seed 2 tickets that give no typeId.
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,
}

/// Records handed from the reading thread to the writing one at a time:
/// one hand-off (and wake-up) per record would cost more than the record.
const CHUNK: usize = 256;

/// How many chunks of parsed records may wait for the writer.
const CHUNKS_AHEAD: usize = 4;

/// Runs `ticket import`.
pub fn run(ctx: &mut Context, args: ImportArgs) -> Result<(), Failure> {
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if args.file.as_os_str() == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(&args.file).map_err(|source| Error::Io {
            path: args.file.clone(),
            source,
        })?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    // A bar over the file's bytes; a counter of bytes read for stdin.
    let progress = (io::stderr().is_terminal() && !ctx.quiet()).then(|| match size {
        Some(total) => {
            let bar = ProgressBar::new(total);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        }
        None => {
            let spinner = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {bytes} read {elapsed}") {
                spinner.set_style(style);
            }
            spinner
        }
    });
    // The bar counts the bytes read from the source, however they are parsed.
    let input: Box<dyn Read + Send> = match &progress {
        Some(bar) => Box::new(bar.wrap_read(input)),
        None => input,
    };
    let name = if args.file.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        args.file.display().to_string()
    };
    let seeds = SeedDefaults {
        kind: args.kind,
        user: ctx.actor().ok(),
        now: Some(ctx.now),
    };
    // Records are read and parsed on a second thread while this one writes
    // them; the bounded queue keeps memory flat however long the input.
    let (send, receive) = mpsc::sync_channel(CHUNKS_AHEAD);
    let commit = ctx.commit();
    let result = thread::scope(|scope| {
        scope.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut open = true;
            let input = BufReader::with_capacity(1 << 16, input);
            read::read(input, &name, &seeds, &mut |item| {
                chunk.push(item);
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    // A closed queue: the import stopped at a bad record.
                    open = send.send(full).is_ok();
                }
                open
            });
            if open && !chunk.is_empty() {
                let _ = send.send(chunk);
            }
        });
        ctx.desk()?.import(
            &mut receive.into_iter().flatten(),
            args.skip_existing,
            commit,
        )
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let report = result?;
    // -q silences the report, except where a script asked for JSON.
    if !ctx.quiet() || matches!(ctx.style.format, Format::Json | Format::Jsonl) {
        render::import_report(&mut io::stdout().lock(), ctx.style, &report)?;
    }
    Ok(())
}
