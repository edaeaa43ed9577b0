//! JSON as ticket writes it, everywhere (exports, command output). serde_json escapes only the ASCII control characters; these
//! writers also escape the other characters a terminal acts on or that
//! reorder text on screen (C1 controls such as U+009B, a CSI, and bidi
//! overrides), as `\uXXXX`. The JSON means exactly the same; a terminal
//! that shows it stays inert.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Writes `value` as JSON: compact, or pretty-printed with two-space
/// indentation.
pub fn to_writer<W: Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    let result = if pretty {
        value.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            Inert(PrettyFormatter::new()),
        ))
    } else {
        value.serialize(&mut serde_json::Serializer::with_formatter(
            out,
            Inert(CompactFormatter),
        ))
    };
    result.map_err(io::Error::from)
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    to_writer(&mut out, value, false).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Characters never written raw: controls (C0 and C1) and bidi controls,
/// which reorder text on screen (Trojan Source).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A formatter that escapes what a terminal would act on.
struct Inert<F>(F);

impl<F: Formatter> Formatter for Inert<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every such character is outside ASCII and starts with one of
        // these UTF-8 lead bytes (U+0080-U+009F: C2; U+061C: D8;
        // U+200E-U+2069: E2).
        if !fragment.bytes().any(|b| matches!(b, 0xC2 | 0xD8 | 0xE2)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped_and_the_value_is_unchanged() {
        let text = "a\u{9b}31m b\u{202e}c d\u{1b}[2J 好";
        let json = to_string(&serde_json::json!({ "q": text }));
        assert_eq!(json, r#"{"q":"a\u009b31m b\u202ec d\u001b[2J 好"}"#);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["q"], text);
        let mut pretty = Vec::new();
        to_writer(&mut pretty, &serde_json::json!({ "q": [1] }), true).unwrap();
        assert_eq!(
            String::from_utf8(pretty).unwrap(),
            "{\n  \"q\": [\n    1\n  ]\n}"
        );
    }
}
