//! Reading an import's input: JSON values one after another, one per line
//! (JSON Lines) or spread over lines (documents, several in a row), each
//! record named by the line it starts on.
//!
//! Nothing is read whole. Lists, a top-level array or a seed 1 page's
//! `results` (`{"meta": …, "data": {…, "results": […]}}`), are read an
//! element at a time, so memory stays flat whatever the size of the input;
//! only one record's bytes are held at a time. The reader finds where each
//! value ends (brackets and strings, nothing more) and `serde_json` then
//! parses those bytes, so a record's syntax is serde's to check, and its
//! errors are placed by the line the reader counted.

use std::io::{self, BufRead};
use std::ops::Range;

use super::{Incoming, SeedDefaults, check_meta, incoming_data, incoming_with};
use crate::error::Error;
use serde_json::Value;

/// A record read, or why it could not be, with where it is in the input.
pub type Item = (String, crate::Result<Incoming>);

/// Reads every record of `input`, handing each to `emit` (which answers
/// whether it wants more). The first error is handed on as an item too, and
/// ends the reading; so does input that holds no records.
pub fn read(
    input: impl BufRead,
    name: &str,
    seeds: &SeedDefaults,
    emit: &mut dyn FnMut(Item) -> bool,
) {
    let mut reader = Reader {
        input,
        name,
        seeds,
        emit,
        line: 1,
        lines: false,
        values: 0,
        records: 0,
        element: Vec::new(),
    };
    let _ = reader.read_all(); // a stop was said as an item already
}

/// Reading stopped: an error was handed on, or nobody wants more records.
struct Stop;

type Flow<T = ()> = Result<T, Stop>;

struct Reader<'a, R> {
    input: R,
    /// The input in errors about its bytes: the file's name, or `stdin`.
    name: &'a str,
    seeds: &'a SeedDefaults,
    emit: &'a mut dyn FnMut(Item) -> bool,
    /// The line of the next byte, from 1.
    line: usize,
    /// Whether the input is JSON Lines: its first value ended on the line
    /// it started on, so every value must (a truncated line is an error
    /// there, not the start of a value running on through the file).
    lines: bool,
    /// Top-level values read.
    values: usize,
    /// Records handed on.
    records: usize,
    /// The bytes of the list element being read (the buffer is reused).
    element: Vec<u8>,
}

impl<R: BufRead> Reader<'_, R> {
    fn read_all(&mut self) -> Flow {
        match self.input.fill_buf() {
            Ok(b) if b.starts_with(b"\xEF\xBB\xBF") => self.input.consume(3),
            Ok(_) => {}
            Err(e) => return self.fail_io(e),
        }
        while let Some(next) = self.skip(false)? {
            let start = self.line;
            match next {
                b'[' => {
                    self.read_list()?;
                    self.end_value(start)?;
                }
                b'{' => self.read_object(start)?,
                _ => {
                    let mut bytes = Vec::new();
                    self.value_into(&mut bytes)?;
                    self.end_value(start)?;
                    self.emit_value(&bytes, start, None)?;
                }
            }
        }
        if self.records == 0 {
            let reason = if self.values == 0 {
                "is empty: there is nothing to import"
            } else {
                "holds no records: there is nothing to import"
            };
            return self.fail("input".into(), Error::invalid("input", reason));
        }
        Ok(())
    }

    /// Ends a top-level value that started on line `start`: the first value
    /// tells whether the input is JSON Lines, where nothing but white space
    /// may follow a value on its line.
    fn end_value(&mut self, start: usize) -> Flow {
        let one_line = self.line == start;
        if self.values == 0 {
            self.lines = one_line;
        }
        self.values += 1;
        if !self.lines {
            return Ok(());
        }
        let next = loop {
            match self.input.fill_buf() {
                Ok(buf) => match buf.first() {
                    Some(b' ' | b'\t' | b'\r') => self.input.consume(1),
                    other => break other.copied(),
                },
                Err(e) => return self.fail_io(e),
            }
        };
        match next {
            None | Some(b'\n') => Ok(()),
            Some(_) => self.fail(
                format!("line {}", self.line),
                Error::invalid("JSON", "trailing characters after the value on its line"),
            ),
        }
    }

    /// Reads a top-level object: a seed 1 envelope, whose `data` is read as
    /// it comes (a page's `results` an element at a time), or a record, read
    /// whole. The object's other members are kept, to be parsed at its end.
    fn read_object(&mut self, start: usize) -> Flow {
        let mut head = Vec::new();
        let mut meta = None;
        let mut streamed = false;
        let mut first = true;
        while let Some(key) = self.next_member(&mut head, first)? {
            first = false;
            let next = self.skip_into(&mut head)?;
            if head[key.clone()] == *b"\"data\"" && matches!(next, Some(b'{' | b'[')) {
                if let Some((at, line)) = meta.clone() {
                    self.check_meta(&head[at], line)?;
                }
                streamed = true;
                self.read_data(start)?;
                head.extend_from_slice(b"null");
            } else {
                let (at, line) = (head.len(), self.line);
                self.value_into(&mut head)?;
                if head[key] == *b"\"meta\"" {
                    meta = Some((at..head.len(), line));
                }
            }
        }
        if !streamed {
            self.end_value(start)?;
            return self.emit_value(&head, start, None);
        }
        match meta {
            Some((at, line)) => self.check_meta(&head[at], line)?,
            None => {
                return self.fail(
                    format!("line {start}"),
                    Error::invalid("meta", "is missing: a page is {\"meta\": …, \"data\": …}"),
                );
            }
        }
        self.end_value(start)
    }

    /// Reads an envelope's `data`: a list, read an element at a time; a
    /// page, whose `results` are; or a record.
    fn read_data(&mut self, start: usize) -> Flow {
        if self.skip(true)? == Some(b'[') {
            return self.read_list();
        }
        let here = self.line;
        let mut head = Vec::new();
        let mut streamed = false;
        let mut first = true;
        while let Some(key) = self.next_member(&mut head, first)? {
            first = false;
            let next = self.skip_into(&mut head)?;
            if head[key] == *b"\"results\"" && next == Some(b'[') {
                streamed = true;
                self.read_list()?;
                head.extend_from_slice(b"null");
            } else {
                self.value_into(&mut head)?;
            }
        }
        if streamed {
            return Ok(());
        }
        let place = format!("line {start}");
        match self.parse(&head, here, None)? {
            Some(value) => {
                let records = incoming_data(value, self.seeds);
                self.hand_on_all(place, false, records)
            }
            None => Ok(()),
        }
    }

    /// Refuses an envelope whose `meta` (its bytes, from `line`) reports an
    /// error.
    fn check_meta(&mut self, meta: &[u8], line: usize) -> Flow {
        let Some(value) = self.parse(meta, line, None)? else {
            return Ok(());
        };
        match check_meta(&value) {
            Ok(()) => Ok(()),
            Err(e) => self.fail(format!("line {line}"), e),
        }
    }

    /// Reads a list an element at a time, from its `[`, naming each element
    /// by the line it starts on and its number in the list.
    fn read_list(&mut self) -> Flow {
        self.input.consume(1);
        let mut n = 0;
        loop {
            let mut next = self.skip(true)?;
            match next {
                Some(b']') => {
                    self.input.consume(1);
                    return Ok(());
                }
                Some(b',') if n > 0 => {
                    self.input.consume(1);
                    next = self.skip(true)?;
                }
                _ if n > 0 => return self.syntax(next, "',' or ']' after an element"),
                _ => {}
            }
            if matches!(next, None | Some(b'\n')) {
                return self.syntax(next, "an element");
            }
            n += 1;
            let line = self.line;
            let mut bytes = std::mem::take(&mut self.element);
            bytes.clear();
            let flow = self
                .value_into(&mut bytes)
                .and_then(|()| self.emit_value(&bytes, line, Some(n)));
            self.element = bytes;
            flow?;
        }
    }

    /// Steps to an object's next member, from its `{` (`first`) or after a
    /// value: reads the key and its `:` into `head` and gives the key's
    /// place there, or None after the closing `}` (read into `head` too).
    fn next_member(&mut self, head: &mut Vec<u8>, first: bool) -> Flow<Option<Range<usize>>> {
        let mut next = self.skip_into(head)?;
        if first {
            self.input.consume(1); // the `{` seen
            head.push(b'{');
            next = self.skip_into(head)?;
            if next == Some(b'}') {
                self.input.consume(1);
                head.push(b'}');
                return Ok(None);
            }
        } else {
            match next {
                Some(b',') => {
                    self.input.consume(1);
                    head.push(b',');
                    next = self.skip_into(head)?;
                }
                Some(b'}') => {
                    self.input.consume(1);
                    head.push(b'}');
                    return Ok(None);
                }
                _ => return self.syntax(next, "',' or '}' after a value"),
            }
        }
        if next != Some(b'"') {
            return self.syntax(next, "a key");
        }
        let at = head.len();
        self.value_into(head)?;
        let key = at..head.len();
        let next = self.skip_into(head)?;
        if next != Some(b':') {
            return self.syntax(next, "':' after a key");
        }
        self.input.consume(1);
        head.push(b':');
        Ok(Some(key))
    }

    /// [`Self::skip`] within an object kept in `head`, which gets a line
    /// break for each one skipped: the lines of what is parsed from it are
    /// the input's.
    fn skip_into(&mut self, head: &mut Vec<u8>) -> Flow<Option<u8>> {
        let before = self.line;
        let next = self.skip(true)?;
        head.resize(head.len() + (self.line - before), b'\n');
        Ok(next)
    }

    /// Skips white space, counting lines, and gives the next byte, left
    /// unread. Within a value of JSON Lines a line break is not skipped but
    /// given: the value does not end on its line.
    fn skip(&mut self, within: bool) -> Flow<Option<u8>> {
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) => return self.fail_io(e),
            };
            let Some(&b) = buf.first() else {
                return Ok(None);
            };
            match b {
                b'\n' if within && self.lines => return Ok(Some(b)),
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return Ok(Some(b)),
            }
            self.input.consume(1);
        }
    }

    /// Appends the bytes of the next value (from its first byte, white space
    /// skipped) to `out`: up to its closing bracket or quote, or up to the
    /// byte after a number or literal. In JSON Lines it stops at the end of
    /// the line, and the parser then names what is missing.
    fn value_into(&mut self, out: &mut Vec<u8>) -> Flow {
        let mut scan = Scan::default();
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) => return self.fail_io(e),
            };
            if buf.is_empty() {
                return Ok(());
            }
            let (used, ended) = scan.feed(buf, self.lines);
            out.extend_from_slice(&buf[..used]);
            self.input.consume(used);
            self.line += std::mem::take(&mut scan.breaks);
            if ended {
                return Ok(());
            }
        }
    }

    /// Parses one JSON value's bytes, which start on line `line`; an error
    /// is handed on, named by its line (and `n`, the value's number in its
    /// list), and gives None.
    fn parse(&mut self, bytes: &[u8], line: usize, n: Option<usize>) -> Flow<Option<Value>> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = line + count_breaks(&bytes[..e.valid_up_to()]);
                let place = format!("{}: {}", self.name, place(at, n));
                let error = Error::invalid(&place, "is not valid UTF-8");
                return self.fail(place, error);
            }
        };
        match serde_json::from_str(text) {
            Ok(value) => Ok(Some(value)),
            Err(e) => {
                let at = line + e.line().saturating_sub(1);
                self.fail(place(at, n), json_error(&e))
            }
        }
    }

    /// Hands on the records of one value's bytes, which start on line
    /// `line`; `n` is the value's number in its list.
    fn emit_value(&mut self, bytes: &[u8], line: usize, n: Option<usize>) -> Flow {
        let Some(value) = self.parse(bytes, line, n)? else {
            return Ok(());
        };
        let listed = holds_list(&value);
        let records = incoming_with(value, self.seeds);
        self.hand_on_all(place(line, n), listed, records)
    }

    /// Hands on the records a value held, named by `place` and, when it
    /// holds a list, by their number in it (as an error found reading the
    /// list names them).
    fn hand_on_all(
        &mut self,
        place: String,
        listed: bool,
        records: crate::Result<Vec<Incoming>>,
    ) -> Flow {
        let records = match records {
            Ok(records) => records,
            Err(e) => return self.fail(place, e),
        };
        if !listed && records.len() == 1 {
            return self.hand_on((place, Ok(records.into_iter().next().expect("one"))));
        }
        for (n, record) in records.into_iter().enumerate() {
            let at = if listed {
                format!("{place}: record {}", n + 1)
            } else {
                place.clone()
            };
            self.hand_on((at, Ok(record)))?;
        }
        Ok(())
    }

    fn hand_on(&mut self, item: Item) -> Flow {
        self.records += 1;
        if (self.emit)(item) { Ok(()) } else { Err(Stop) }
    }

    /// Hands on an error, which ends the reading.
    fn fail<T>(&mut self, place: String, e: Error) -> Flow<T> {
        (self.emit)((place, Err(e)));
        Err(Stop)
    }

    fn fail_io<T>(&mut self, source: io::Error) -> Flow<T> {
        let e = Error::Io {
            path: self.name.into(),
            source,
        };
        self.fail("input".into(), e)
    }

    /// A byte (or the end) where the JSON needed something else.
    fn syntax<T>(&mut self, found: Option<u8>, expected: &str) -> Flow<T> {
        let reason = match found {
            None => format!("EOF while parsing: expected {expected}"),
            Some(b'\n') => {
                format!("the value does not end on its line (JSON Lines), expected {expected}")
            }
            Some(b) => format!("expected {expected}, found '{}'", b.escape_ascii()),
        };
        self.fail(
            format!("line {}", self.line),
            Error::invalid("JSON", reason),
        )
    }
}

/// Where a value is: its line and, in a list, its number there.
fn place(line: usize, n: Option<usize>) -> String {
    match n {
        Some(n) => format!("line {line}: record {n}"),
        None => format!("line {line}"),
    }
}

/// A syntax error of `serde_json` in one value's bytes: its line is named
/// by the place, so only the column is kept in the message.
fn json_error(e: &serde_json::Error) -> Error {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let reason = match message.strip_suffix(&position) {
        Some(what) => format!("{what} at column {}", e.column()),
        None => message,
    };
    Error::invalid("JSON", reason)
}

fn count_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Whether a JSON value is a list of records: an array, or a seed 1
/// envelope whose `data` or `data.results` is one.
fn holds_list(v: &Value) -> bool {
    let array = |p: &str| v.pointer(p).is_some_and(Value::is_array);
    v.is_array() || (v.get("meta").is_some() && (array("/data") || array("/data/results")))
}

/// Where a value being read is: how deep in brackets, whether in a string.
#[derive(Default)]
struct Scan {
    depth: usize,
    string: bool,
    escaped: bool,
    /// Whether the value is a number or literal (`true`, `null`, …).
    bare: bool,
    /// Line breaks passed since last asked.
    breaks: usize,
}

impl Scan {
    /// Takes the bytes of `buf` that belong to the value: how many, and
    /// whether the value ends there. In JSON Lines (`lines`) a line break
    /// ends it.
    fn feed(&mut self, buf: &[u8], lines: bool) -> (usize, bool) {
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            if self.string {
                i += 1;
                if self.escaped {
                    self.escaped = false;
                    continue;
                }
                match b {
                    b'"' => {
                        self.string = false;
                        if self.depth == 0 {
                            return (i, true);
                        }
                        continue;
                    }
                    b'\\' => {
                        self.escaped = true;
                        continue;
                    }
                    b'\n' if lines => return (i - 1, true),
                    b'\n' => self.breaks += 1,
                    _ => {}
                }
                // The bulk of a record is text: run to the next byte that
                // matters in a string.
                while i < buf.len() && !matches!(buf[i], b'"' | b'\\' | b'\n') {
                    i += 1;
                }
                continue;
            }
            match b {
                b'"' | b'{' | b'[' if self.bare => return (i, true),
                b'"' => self.string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return (i + 1, true);
                    }
                }
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'}' | b']' if self.depth == 0 => {
                    return (i, true);
                }
                b'\n' if lines => return (i, true),
                b'\n' => self.breaks += 1,
                _ if self.depth == 0 => self.bare = true,
                _ => {}
            }
            i += 1;
        }
        (i, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every item read from `input`: its place, and the record's kind or
    /// the error.
    fn items(input: &[u8]) -> Vec<(String, String)> {
        let mut got = Vec::new();
        let seeds = SeedDefaults::default();
        read(input, "in.json", &seeds, &mut |(place, r)| {
            let what = match r {
                Ok(Incoming::Record(_)) => "record".to_string(),
                Ok(Incoming::Reply(_)) => "reply".to_string(),
                Ok(Incoming::Content { .. }) => "content".to_string(),
                Err(e) => e.to_string(),
            };
            got.push((place, what));
            true
        });
        got
    }

    const WORKORDER: &str = r#"{"id": 1, "committer": 3, "question": "q", "type": "sys", "status": 2, "created_at": "2018-01-25T14:54:51"}"#;

    fn page(results: &str) -> String {
        format!(
            r#"{{"meta": {{"code": 0, "message": "ok"}}, "data": {{"count": 9, "results": [{results}]}}}}"#
        )
    }

    #[test]
    fn a_page_is_read_an_element_at_a_time_named_by_line_and_number() {
        let two = format!("{WORKORDER},\n  {WORKORDER}");
        let got = items(page(&two).as_bytes());
        assert_eq!(
            got,
            [
                ("line 1: record 1".to_string(), "record".to_string()),
                ("line 2: record 2".to_string(), "record".to_string())
            ]
        );
        // Pretty-printed and concatenated, meta after data, a bare list.
        let pretty = format!(
            "{{\n\"meta\": {{\"code\": 0}},\n\"data\": {{\"results\": [{WORKORDER}]}}}}\n\
             {{\"data\": [\n{WORKORDER}\n], \"meta\": {{\"code\": 0}}}}\n",
        );
        let places: Vec<_> = items(pretty.as_bytes()).into_iter().map(|i| i.0).collect();
        assert_eq!(places, ["line 3: record 1", "line 5: record 1"]);
    }

    #[test]
    fn a_page_reporting_an_error_or_without_meta_is_refused() {
        let failed = page(WORKORDER).replace("\"code\": 0", "\"code\": 500");
        assert_eq!(
            items(failed.as_bytes()).last().unwrap().1,
            "invalid meta: the page reports an error (code 500: ok)"
        );
        let late = format!(r#"{{"data": [{WORKORDER}], "meta": {{"code": "1"}}}}"#);
        let got = items(late.as_bytes());
        assert_eq!(got[0].1, "record");
        assert!(got[1].1.contains("code 1"), "{got:?}");
        let bare = format!(r#"{{"data": [{WORKORDER}]}}"#);
        assert!(items(bare.as_bytes())[1].1.contains("meta: is missing"));
    }

    #[test]
    fn a_single_record_envelope_and_json_lines() {
        let single = format!(
            "{{\"meta\": {{\"code\": 0}}, \"data\": {WORKORDER}}}\n{WORKORDER}\n\n{WORKORDER}"
        );
        let places: Vec<_> = items(single.as_bytes()).into_iter().map(|i| i.0).collect();
        assert_eq!(places, ["line 1", "line 2", "line 4"]);
    }

    #[test]
    fn json_lines_name_a_truncated_or_trailing_line() {
        let truncated = format!("{WORKORDER}\n{{\"ticket\": {{\"id\": 61\n{WORKORDER}\n");
        let got = items(truncated.as_bytes());
        assert_eq!(got[1].0, "line 2");
        assert!(
            got[1]
                .1
                .contains("JSON: the value does not end on its line"),
            "{got:?}"
        );
        let trailing = format!("{WORKORDER} {WORKORDER}\n");
        let got = items(trailing.as_bytes());
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("trailing characters"), "{got:?}");
    }

    #[test]
    fn invalid_utf8_is_named_by_file_and_line_wherever_it_is() {
        // ¤ stands for a byte that is not UTF-8.
        let with_ff = |text: &str| -> Vec<u8> {
            text.replace('¤', "\u{1}")
                .bytes()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect()
        };
        let got = items(&with_ff("{\"id\": 1,\n \"question\": \"¤\"}"));
        assert_eq!(got[0].1, "invalid in.json: line 2: is not valid UTF-8");
        let got = items(&with_ff(&format!(
            "[\n{WORKORDER},\n{{\"question\": \"¤\"}}]"
        )));
        assert_eq!(
            got[1].1,
            "invalid in.json: line 3: record 2: is not valid UTF-8"
        );
        let got = items(&with_ff(&format!("{WORKORDER}\n{{\"question\": \"¤\"}}\n")));
        assert_eq!(got[1].1, "invalid in.json: line 2: is not valid UTF-8");
    }

    #[test]
    fn input_without_records_is_refused() {
        for (input, why) in [
            ("", "is empty"),
            (" \n\t", "is empty"),
            ("[]", "holds no records"),
            ("[ ]\n[]\n", "holds no records"),
            (&page(""), "holds no records"),
        ] {
            let got = items(input.as_bytes());
            assert_eq!(got.len(), 1, "{input}: {got:?}");
            assert!(got[0].1.contains(why), "{input}: {got:?}");
        }
    }

    #[test]
    fn syntax_errors_are_placed() {
        let got = items(format!("[{WORKORDER}\n{WORKORDER}]").as_bytes());
        assert_eq!(got[1].0, "line 2");
        assert!(got[1].1.contains("expected ',' or ']'"), "{got:?}");
        let got = items(b"{\"a\" 1}");
        assert!(got[0].1.contains("expected ':' after a key"), "{got:?}");
        let got = items(format!("[{WORKORDER},").as_bytes());
        assert!(got[1].1.contains("EOF"), "{got:?}");
    }
}
