//! Writing an export: [`Record`]s framed as JSON Lines (the default, what
//! `import` reads back losslessly) or as one JSON array.

use std::io::{self, Write};

use super::Record;
use super::json;

/// How export records are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One record per line.
    Lines,
    /// One JSON array, a record per line inside it.
    Array,
}

/// Writes export records one at a time. Nothing is written before the
/// first record: an export refused before it leaves its output empty.
pub struct ExportWriter<W: Write> {
    out: W,
    framing: Framing,
    written: bool,
}

impl<W: Write> ExportWriter<W> {
    /// A writer of `framing` to `out`.
    pub fn new(out: W, framing: Framing) -> Self {
        ExportWriter {
            out,
            framing,
            written: false,
        }
    }

    /// Writes one record.
    pub fn record(&mut self, record: &Record) -> io::Result<()> {
        if self.framing == Framing::Array {
            self.out
                .write_all(if self.written { b",\n" } else { b"[\n" })?;
        }
        self.written = true;
        json::to_writer(&mut self.out, record, false)?;
        if self.framing == Framing::Lines {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Closes the framing and hands the output back, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        if self.framing == Framing::Array {
            self.out
                .write_all(if self.written { b"\n]\n" } else { b"[\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::IdempotencyKey;

    fn key(n: i64) -> Record {
        Record::IdempotencyKey(IdempotencyKey {
            key: format!("k{n}"),
            ticket: n,
        })
    }

    #[test]
    fn lines_and_arrays_frame_the_same_records() {
        let write = |framing, n: i64| {
            let mut w = ExportWriter::new(Vec::new(), framing);
            for i in 1..=n {
                w.record(&key(i)).unwrap();
            }
            String::from_utf8(w.finish().unwrap()).unwrap()
        };
        let one = r#"{"idempotency_key":{"key":"k1","ticket":1}}"#;
        let two = r#"{"idempotency_key":{"key":"k2","ticket":2}}"#;
        assert_eq!(write(Framing::Lines, 2), format!("{one}\n{two}\n"));
        assert_eq!(write(Framing::Array, 2), format!("[\n{one},\n{two}\n]\n"));
        assert_eq!(write(Framing::Array, 0), "[\n]\n");
        assert_eq!(write(Framing::Lines, 0), "");
    }
}
