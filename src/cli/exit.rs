//! Failures of a command and the one place they become exit codes and
//! error messages.

use std::io::{self, Write};

use ticket::{Error, ErrorKind};

/// Exit codes, as documented in `ticket --help` and the man page.
pub const EXIT_CODES: &str = "\
Exit codes:
  0   success (an empty result is a success)
  1   storage or I/O failure
  2   invalid input or usage
  3   not found
  4   refused by the workflow (e.g. a change to a closed ticket) or a version conflict
  75  the store is busy; try again (cron jobs can retry)

Environment:
  TICKET_DB      the store (like --db)
  TICKET_USER    who you are (like --as)
  TICKET_CONFIG  the config file [default: ~/.config/ticket/config.toml on Linux]
  TICKET_NOW     a fixed RFC 3339 time for every change (tests, replays)
  TICKET_BUSY_TIMEOUT  milliseconds to wait for another writer [default: 10000]
  TICKET_JWT_SECRET    ticket serve: the HS256 secret of portals' web tokens
  NO_COLOR       set and non-empty: no colours
  USER, LOGNAME  the login name, the fallback for who you are (else the account name)

Config file (TOML; flags override the environment, which overrides it):
  user = \"amy\"                  # default for --as
  db = \"/srv/desk/ticket.db\"    # default for --db
  page_size = 50                # tickets per terminal page
  jwt_secret = \"…\"              # ticket serve: HS256 secret of web tokens";

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The library refused or failed.
    Lib(Error),
    /// Writing output failed.
    Output(io::Error),
    /// The HTTP server could not start or failed.
    #[cfg(feature = "serve")]
    Serve(ticket::serve::ServeError),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Lib(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// The exit code of an error class.
pub fn code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Failure => 1,
        ErrorKind::Invalid => 2,
        ErrorKind::NotFound => 3,
        ErrorKind::Refused => 4,
        ErrorKind::Busy => 75,
    }
}

/// What the user can do about an error, in the command line's terms.
fn hint(e: &Error) -> Option<String> {
    match e {
        Error::Closed { kind, .. } => Some(format!(
            "file a follow-up with `ticket new --type {kind} --question …`"
        )),
        Error::FieldNotOfType { field, .. } => Some(format!("add --field {field}= to the edit")),
        Error::Stored { .. } => Some("import --skip-existing leaves what is stored already".into()),
        Error::NotAStore { .. } => {
            Some("point --db (or TICKET_DB) at a ticket store or a new file".into())
        }
        other => other.hint().map(str::to_string),
    }
}

/// Reports a failure on stderr (as JSON when `json`) and returns the exit
/// code. A closed stdout (`ticket list | head -1`) is a quiet success.
pub fn report(failure: Failure, json: bool) -> u8 {
    let (exit, code, message, hint) = match &failure {
        Failure::Output(e) | Failure::Lib(Error::Io { source: e, .. })
            if e.kind() == io::ErrorKind::BrokenPipe =>
        {
            return 0;
        }
        Failure::Output(e) => (1, "io", format!("cannot write output: {e}"), None),
        #[cfg(feature = "serve")]
        Failure::Serve(e) => (1, "serve", e.to_string(), None),
        Failure::Lib(e) => (code(e.kind()), e.code(), e.to_string(), hint(e)),
    };
    let message = crate::render::sanitize::terminal(&shorten(&message), false).into_owned();
    let mut err = io::stderr().lock();
    if json {
        let mut body = serde_json::json!({ "code": code, "message": message });
        if let Some(h) = &hint {
            body["hint"] = h.clone().into();
        }
        let _ = writeln!(err, "{}", serde_json::json!({ "error": body }));
    } else {
        let _ = writeln!(err, "error: {message}");
        if let Some(h) = hint {
            let _ = writeln!(err, "hint: {h}");
        }
    }
    exit
}

/// The longest error message printed whole, in characters.
const MESSAGE_LIMIT: usize = 1000;

/// An error message cut in the middle when longer than [`MESSAGE_LIMIT`]:
/// values are quoted short where messages are made, and this keeps any
/// other long message (a parser's echo of its input) to one readable line.
fn shorten(message: &str) -> std::borrow::Cow<'_, str> {
    let count = message.chars().count();
    if count <= MESSAGE_LIMIT {
        return message.into();
    }
    let head: String = message.chars().take(MESSAGE_LIMIT * 3 / 4).collect();
    let tail: String = message.chars().skip(count - MESSAGE_LIMIT / 4).collect();
    format!("{head} … {tail}").into()
}

/// Reports a usage error found by the argument parser in one line (as JSON
/// when `json`) with one hint, clap's tip if it gives one ("a similar
/// argument exists"), and returns its exit code. `command` names the
/// command given ("ticket list") when clap's message does not.
pub fn usage(e: &clap::Error, command: &str, json: bool) -> u8 {
    let text = e.to_string();
    // The first paragraph: "error: …", maybe followed by an indented list
    // (the missing arguments); tips and the usage come after blank lines.
    let mut block = text.lines().take_while(|l| !l.trim().is_empty());
    let first = block.next().unwrap_or("").trim_start_matches("error: ");
    let rest: Vec<&str> = block.map(str::trim).collect();
    let message = if rest.is_empty() {
        first.to_string()
    } else {
        format!("{} {}", first, rest.join(", "))
    };
    let tip = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("tip: "))
        .map(str::to_string);
    // "Usage: ticket types add [OPTIONS] <NAME>" names the command.
    let command = text
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .map(|u| {
            u.split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| command.to_string());
    let hint = tip.unwrap_or_else(|| format!("see '{command} --help'"));
    let clean = |s: &str| crate::render::sanitize::terminal(s, false).into_owned();
    let (message, hint) = (clean(&message), clean(&hint));
    let mut err = io::stderr().lock();
    if json {
        let body =
            serde_json::json!({ "error": { "code": "usage", "message": message, "hint": hint } });
        let _ = writeln!(err, "{body}");
    } else {
        let _ = writeln!(err, "error: {message}");
        let _ = writeln!(err, "hint: {hint}");
    }
    2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_class_has_its_documented_code() {
        let cases = [
            (Error::Storage("x".into()), 1),
            (Error::invalid("f", "r"), 2),
            (
                Error::Missing {
                    fields: vec![ticket::error::Wanted::Value("type")],
                },
                2,
            ),
            (Error::not_found("ticket", 9), 3),
            (Error::not_found("token", 9), 3),
            (Error::NoRandomness("x".into()), 1),
            (Error::refused("closed", "file a follow-up"), 4),
            (Error::Busy, 75),
            (Error::TooNew { found: 9, known: 2 }, 1),
        ];
        for (e, want) in cases {
            assert_eq!(code(e.kind()), want, "{e}");
            assert!(
                EXIT_CODES.contains(&format!("  {want} ")),
                "{want} is documented"
            );
        }
    }
}
