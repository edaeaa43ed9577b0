//! Where a store lives, as `--db` names it: a SQLite file or a PostgreSQL
//! database. Parsed once, here, so nothing above `store` tells the two
//! apart.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use crate::error::{Error, quote};

/// A store's location.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file: a plain path, or `sqlite:PATH`.
    File(PathBuf),
    /// A PostgreSQL database: a `postgres://` or `postgresql://` URL, or
    /// libpq `key=value` pairs naming a `host`.
    Server(String),
}

impl FromStr for Location {
    type Err = Error;

    /// Reads a location. SQLite never sees a URI or a special name such as
    /// `:memory:`, which would acknowledge writes that vanish or land in
    /// another file: those are refused.
    fn from_str(text: &str) -> Result<Self, Error> {
        let bad = |reason: String| Err(Error::invalid("db", reason));
        if text.trim().is_empty() {
            return bad("the store location is empty".into());
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") || is_conninfo(text)
        {
            return Ok(Location::Server(text.to_string()));
        }
        let path = text.strip_prefix("sqlite:").unwrap_or(text);
        if path.is_empty() {
            return bad("sqlite: names no file".into());
        }
        if path.starts_with(':') {
            return bad(format!(
                "{} is not a file path; the store is a file (write ./{path} for a file of that name)",
                quote(path)
            ));
        }
        if let Some((scheme, _)) = path.split_once(':')
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            return bad(format!(
                "{} is neither a file path nor a postgres:// URL (write ./{path} for a file of \
                 that name)",
                quote(path)
            ));
        }
        Ok(Location::File(PathBuf::from(path)))
    }
}

/// Whether `text` is libpq `key=value` pairs naming a host: `host=… dbname=…`.
fn is_conninfo(text: &str) -> bool {
    let starts_with_key = text.trim_start().split_once('=').is_some_and(|(key, _)| {
        !key.trim().is_empty()
            && key
                .trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    starts_with_key
        && text
            .split_whitespace()
            .any(|pair| pair.starts_with("host=") || pair.starts_with("hostaddr="))
}

impl fmt::Debug for Location {
    /// Never shows a password a server location may carry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "File({p:?})"),
            Location::Server(_) => write!(f, "Server(…)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Location, String> {
        s.parse::<Location>().map_err(|e| e.to_string())
    }

    #[test]
    fn files_servers_and_what_is_refused() {
        assert_eq!(parse("desk.db"), Ok(Location::File("desk.db".into())));
        assert_eq!(
            parse("/srv/a=b.db"),
            Ok(Location::File("/srv/a=b.db".into()))
        );
        assert_eq!(parse("sqlite:x.db"), Ok(Location::File("x.db".into())));
        assert_eq!(
            parse("./file:x.db"),
            Ok(Location::File("./file:x.db".into()))
        );
        for server in [
            "postgres://amy:secret@db/desk",
            "postgresql:///desk?host=/run/postgresql",
            "host=/tmp/pg user=postgres dbname=desk",
            "dbname=desk host=db.example",
        ] {
            assert_eq!(
                parse(server),
                Ok(Location::Server(server.into())),
                "{server}"
            );
        }
        for bad in [
            ":memory:",
            "file:x.db",
            "sqlite::memory:",
            "sqlite:",
            "",
            "https://x",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.starts_with("invalid db:"), "{bad}: {e}");
        }
        let shown = format!("{:?}", parse("postgres://amy:secret@db/desk").unwrap());
        assert!(!shown.contains("secret"), "{shown}");
    }
}
