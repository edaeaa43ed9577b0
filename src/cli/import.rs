//! `ticket import`: bring tickets in from an export or the seed APIs.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use indicatif::{ProgressBar, ProgressStyle};
use ticket::Error;
use ticket::exchange::{Incoming, SeedDefaults, incoming_with};

use super::{Context, Failure};
use crate::render::{self, Format};

/// Import tickets, all or nothing.
///
/// Reads `ticket export` output (JSON Lines) losslessly: ids, timestamps,
/// replies and history are kept. Also reads the seed APIs' JSON: seed 1
/// workorder, reply and workorder_content objects (content fields such as
/// module and amount, on a workorder or on their own for a ticket imported
/// earlier) and its {"meta", "data": {"results": […]}} pages, and seed 2
/// ticket objects, one per line or as one document. Field values are stored
/// typed ("4" as 4, phone numbers as E.164).
/// Everything is checked as it is written in one transaction: the first bad
/// record is named with its line and field, and nothing is written.
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

/// How many parsed records may wait for the writer.
const PARSED_AHEAD: usize = 1024;

/// Reads records lazily: JSON Lines one by one, or a whole JSON document
/// when the first line does not hold a complete value.
struct Records<R> {
    input: R,
    line: usize,
    pending: std::vec::IntoIter<Item>,
    seeds: SeedDefaults,
    /// Whether any JSON was read: empty input (a failed download) is an
    /// error, not an import of nothing.
    read_any: bool,
    /// Whether a whole line parsed as JSON: until one does, the input may
    /// be documents spread over lines.
    read_line: bool,
    /// Within a top-level JSON array (`export --format json`): how many of
    /// its elements were read. It is read an element at a time, never whole.
    array: Option<usize>,
    /// Whether the first bytes were looked at (for a byte-order mark and a
    /// top-level array).
    started: bool,
    /// Whether a bad array element ended the reading.
    done: bool,
}

impl<R: BufRead> Records<R> {
    fn next_line(&mut self) -> Option<Result<String, Error>> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match self.input.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.read_any = true;
                    return Some(String::from_utf8(std::mem::take(&mut buf)).map_err(|_| {
                        Error::invalid(format!("line {}", self.line), "is not valid UTF-8")
                    }));
                }
                Err(e) => {
                    return Some(Err(Error::Io {
                        path: "<input>".into(),
                        source: e,
                    }));
                }
            }
        }
    }
}

impl<R: BufRead> Records<R> {
    /// The next byte that is not white space, left unread.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buf = self.input.fill_buf()?;
            let Some(&b) = buf.first() else {
                return Ok(None);
            };
            if !b.is_ascii_whitespace() {
                return Ok(Some(b));
            }
            if b == b'\n' {
                self.line += 1;
            }
            self.input.consume(1);
        }
    }

    /// Skips a byte-order mark and tells whether the input is one JSON
    /// array (consuming its `[`).
    fn starts_array(&mut self) -> io::Result<bool> {
        if self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
        }
        if self.peek()? == Some(b'[') {
            self.input.consume(1);
            self.read_any = true;
            return Ok(true);
        }
        Ok(false)
    }

    /// The records of the array's next element (element `n`, from 0),
    /// named by the line it starts on and its number in the array.
    fn next_element(&mut self, n: usize) -> Option<Item> {
        let fail = |this: &mut Self, e: Error| {
            this.done = true; // nothing after a bad element is read
            let place = format!("line {}: record {}", this.line + 1, n + 1);
            Some((place, Err(e)))
        };
        let next = match self.peek() {
            Ok(b) => b,
            Err(e) => return fail(self, io_error(e)),
        };
        match next {
            Some(b']') => {
                self.input.consume(1);
                self.array = None;
                return self.next();
            }
            Some(b',') if n > 0 => {
                self.input.consume(1);
                if let Err(e) = self.peek() {
                    return fail(self, io_error(e));
                }
            }
            _ if n == 0 => {}
            _ => {
                return fail(
                    self,
                    Error::invalid("JSON", "expected ',' or ']' after an element"),
                );
            }
        }
        let place = format!("line {}: record {}", self.line + 1, n + 1);
        let mut counted = CountLines {
            inner: &mut self.input,
            breaks: 0,
        };
        let mut de = serde_json::Deserializer::from_reader(&mut counted);
        let value = serde::Deserialize::deserialize(&mut de);
        let breaks = counted.breaks;
        let value = match value {
            Ok(v) => v,
            Err(e) => return fail(self, Error::invalid("JSON", e.to_string())),
        };
        self.line += breaks;
        self.array = Some(n + 1);
        self.pending = self.placed(&place, value).into_iter();
        self.next()
    }
}

impl<R> Records<R> {
    /// The records one JSON value holds, each named by `place` and, in a
    /// list (an array or a page), by its number in it: the same name an
    /// error found while reading the list gives.
    fn placed(&self, place: &str, value: serde_json::Value) -> Vec<Item> {
        let listed = holds_list(&value);
        match incoming_with(value, &self.seeds) {
            Ok(records) => records
                .into_iter()
                .enumerate()
                .map(|(n, r)| {
                    let at = if listed {
                        format!("{place}: record {}", n + 1)
                    } else {
                        place.to_string()
                    };
                    (at, Ok(r))
                })
                .collect(),
            Err(e) => vec![(place.to_string(), Err(e))],
        }
    }
}

/// A reader that counts the line breaks it passes on.
struct CountLines<'a, R> {
    inner: &'a mut R,
    breaks: usize,
}

impl<R: Read> Read for CountLines<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.breaks += buf[..n].iter().filter(|&&b| b == b'\n').count();
        Ok(n)
    }
}

/// A record read, or why it could not be, with where it is in the input.
type Item = (String, ticket::Result<Incoming>);

/// An I/O error reading the input, as a library error.
fn io_error(source: io::Error) -> Error {
    Error::Io {
        path: "<input>".into(),
        source,
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.pending.next() {
            return Some(item);
        }
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            match self.starts_array() {
                Ok(true) => self.array = Some(0),
                Ok(false) => {}
                Err(e) => return Some(("input".to_string(), Err(io_error(e)))),
            }
        }
        if let Some(n) = self.array {
            return self.next_element(n);
        }
        let text = match self.next_line() {
            Some(Ok(t)) => t,
            Some(Err(e)) => return Some((format!("line {}", self.line), Err(e))),
            None if !self.read_any => {
                self.read_any = true; // said once
                return Some((
                    "input".to_string(),
                    Err(Error::invalid(
                        "input",
                        "is empty: there is nothing to import",
                    )),
                ));
            }
            None => return None,
        };
        let place = format!("line {}", self.line);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => {
                self.read_line = true;
                self.pending = self.placed(&place, v).into_iter();
                self.pending.next()
            }
            Err(e) if e.is_eof() && !self.read_line => {
                // One JSON document spread over lines: read it whole.
                let mut rest = text;
                if let Err(e) = self.input.read_to_string(&mut rest) {
                    return Some((
                        place,
                        Err(Error::Io {
                            path: "<input>".into(),
                            source: e,
                        }),
                    ));
                }
                // Several documents may follow each other (pages fetched one
                // by one and concatenated). A record is named by its document
                // and its place in it, whether found bad reading or writing.
                let mut items = Vec::new();
                let documents = serde_json::Deserializer::from_str(&rest).into_iter();
                for (d, value) in documents.enumerate() {
                    let document = format!("document {}", d + 1);
                    let value = match value {
                        Ok(v) => v,
                        Err(e) => {
                            let at = format!("line {}", e.line());
                            items.push((document, Err(Error::invalid(at, e.to_string()))));
                            break;
                        }
                    };
                    let records = self.placed(&document, value);
                    let failed = records.iter().any(|(_, r)| r.is_err());
                    items.extend(records);
                    if failed {
                        break;
                    }
                }
                self.pending = items.into_iter();
                self.pending.next()
            }
            Err(e) => Some((place, Err(Error::invalid("JSON", e.to_string())))),
        }
    }
}

/// Whether a JSON value is a list of records: an array, or a seed 1
/// envelope whose `data` or `data.results` is one.
fn holds_list(v: &serde_json::Value) -> bool {
    let array = |p: &str| v.pointer(p).is_some_and(serde_json::Value::is_array);
    v.is_array() || (v.get("meta").is_some() && (array("/data") || array("/data/results")))
}

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
    let records = Records {
        input: BufReader::with_capacity(1 << 16, input),
        line: 0,
        pending: Vec::new().into_iter(),
        seeds: SeedDefaults {
            kind: args.kind,
            user: ctx.actor().ok(),
            now: Some(ctx.now),
        },
        read_any: false,
        read_line: false,
        array: None,
        started: false,
        done: false,
    };
    // Records are read and parsed on a second thread while this one writes
    // them; the bounded queue keeps memory flat however long the input.
    let (send, receive) = mpsc::sync_channel(PARSED_AHEAD);
    let result = thread::scope(|scope| {
        scope.spawn(move || {
            for item in records {
                if send.send(item).is_err() {
                    break; // the import stopped at a bad record
                }
            }
        });
        ctx.desk()?
            .import(&mut receive.into_iter(), args.skip_existing)
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
