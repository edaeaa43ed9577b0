//! Neutralising untrusted ticket text before it reaches a terminal, a table
//! or a TSV stream. Control characters, escape sequences and bidirectional
//! overrides are shown as visible `\u{…}` escapes; the store keeps the text
//! exactly as given.

use std::borrow::Cow;

pub(crate) use ticket::exchange::json::is_unsafe;

fn escape_into(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        c => out.extend(c.escape_unicode()),
    }
}

/// Text safe to print in a terminal or table cell. With `multiline`, line
/// feeds are kept; every other control character is escaped.
pub fn terminal(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !(multiline && c == '\n')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if multiline && c == '\n' {
            out.push('\n');
        } else if is_unsafe(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One TSV cell: backslash, tab, CR and LF are escaped as `\\`, `\t`, `\r`,
/// `\n` (so rows stay one line and nothing is cut), and every other unsafe
/// character as in [`terminal`].
pub fn tsv(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\\' || is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if is_unsafe(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reach_the_screen_as_text() {
        assert_eq!(terminal("a\x1b[31mb", false), "a\\u{1b}[31mb");
        assert_eq!(terminal("\u{202e}gnp.exe", false), "\\u{202e}gnp.exe");
        assert_eq!(terminal("x\u{9b}2J", false), "x\\u{9b}2J");
        assert_eq!(terminal("l1\nl2\r", true), "l1\nl2\\r");
        assert_eq!(terminal("l1\nl2", false), "l1\\nl2");
        assert!(matches!(
            terminal("普通文本 plain", false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tsv_cells_stay_on_one_line() {
        assert_eq!(tsv("a\tb\nc\\d\x07"), "a\\tb\\nc\\\\d\\u{7}");
    }
}
