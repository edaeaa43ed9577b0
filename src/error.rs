//! Typed library errors. Each carries structured data; front ends classify
//! them once, through [`Error::kind`], into exit codes or HTTP statuses.

use std::path::PathBuf;

/// The result type of every fallible library call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the library can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A ticket, type, field or other record does not exist.
    #[error("{what} {} not found", cut(id))]
    NotFound {
        /// What kind of record was looked up ("ticket", "type", …).
        what: &'static str,
        /// The identifier that was looked up.
        id: String,
    },
    /// A value given by the user is not acceptable.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The name of the offending field or argument.
        field: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A ticket keeps a custom field value its (new) type does not have.
    #[error(
        "field {} does not belong to type '{kind}'; clear it in the same edit",
        quote(field)
    )]
    FieldNotOfType {
        /// The field.
        field: String,
        /// The ticket's type.
        kind: String,
    },
    /// An imported record is in the store already.
    #[error("invalid {place}{field}: {what}")]
    Stored {
        /// Where in the input the record is (`line 7: `), or nothing.
        place: String,
        /// The field that names it.
        field: &'static str,
        /// What is stored already ("ticket 5 already exists").
        what: String,
    },
    /// Required values were not given.
    #[error("missing {}", .fields.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))]
    Missing {
        /// Every missing value, in the order a form would ask for them.
        fields: Vec<Wanted>,
    },
    /// The workflow refuses the change (e.g. a reply to a closed ticket).
    #[error("{reason}")]
    Refused {
        /// Why the change is refused.
        reason: String,
        /// What the user can do instead.
        hint: Option<String>,
    },
    /// The ticket is closed, and closed is final: it takes no change.
    #[error("ticket {id} is closed and takes no {action}")]
    Closed {
        /// The ticket.
        id: i64,
        /// Its type, which a follow-up would share.
        kind: String,
        /// What was refused ("replies", "edits", …).
        action: &'static str,
    },
    /// The ticket changed since the version the caller last saw.
    #[error("ticket {id} is at version {found}, not {expected}; it changed since you read it")]
    Conflict {
        /// The ticket.
        id: i64,
        /// The version the caller expected.
        expected: i64,
        /// The version in the store.
        found: i64,
    },
    /// The store was locked by another writer for longer than the timeout.
    #[error("the store is busy; try again")]
    Busy,
    /// The database was written by a newer version of `ticket`.
    #[error("the store has schema version {found}, newer than the {known} this ticket understands")]
    TooNew {
        /// The schema version found in the store.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// The file named as the store is not a ticket store; it is left as it
    /// was.
    #[error("{} is not a ticket store: {reason}", .path.display())]
    NotAStore {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// The storage backend failed.
    #[error("storage failure: {0}")]
    Storage(String),
    /// The operating system gave no random bytes (for a token's secret).
    #[error("no random bytes from the operating system: {0}")]
    NoRandomness(String),
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A value a request needs and did not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// One of the record's own values (`type`, `question`, `text`).
    Value(&'static str),
    /// A custom field the ticket's type requires.
    Field(String),
}

impl std::fmt::Display for Wanted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Wanted::Value(name) => f.write_str(name),
            Wanted::Field(name) => write!(f, "field {name}"),
        }
    }
}

/// The classes of [`Error`] that front ends map to exit codes and statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Storage or I/O failure.
    Failure,
    /// Invalid input or usage.
    Invalid,
    /// The record does not exist.
    NotFound,
    /// Refused by the workflow, or a version conflict.
    Refused,
    /// The store is busy; retrying later may succeed.
    Busy,
}

impl Error {
    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Shorthand for an [`Error::NotFound`].
    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        Error::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// Shorthand for an [`Error::Refused`] with a hint.
    pub fn refused(reason: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Refused {
            reason: reason.into(),
            hint: Some(hint.into()),
        }
    }

    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Invalid { .. }
            | Error::FieldNotOfType { .. }
            | Error::Stored { .. }
            | Error::Missing { .. } => ErrorKind::Invalid,
            Error::Refused { .. } | Error::Closed { .. } | Error::Conflict { .. } => {
                ErrorKind::Refused
            }
            Error::Busy => ErrorKind::Busy,
            Error::TooNew { .. }
            | Error::NotAStore { .. }
            | Error::Storage(_)
            | Error::NoRandomness(_)
            | Error::Io { .. } => ErrorKind::Failure,
        }
    }

    /// A stable machine-readable code, used in JSON error objects.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Invalid { .. } | Error::FieldNotOfType { .. } | Error::Stored { .. } => {
                "invalid"
            }
            Error::Missing { .. } => "missing",
            Error::Refused { .. } | Error::Closed { .. } => "refused",
            Error::Conflict { .. } => "conflict",
            Error::Busy => "busy",
            Error::TooNew { .. } => "schema_too_new",
            Error::NotAStore { .. } => "not_a_store",
            Error::Storage(_) => "storage",
            Error::NoRandomness(_) => "random",
            Error::Io { .. } => "io",
        }
    }

    /// A suggestion for the user, where one helps (front ends add their
    /// own, in their own terms).
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Refused { hint, .. } => hint.as_deref(),
            Error::Busy => Some("another ticket process holds the store; retry in a moment"),
            Error::Conflict { .. } => {
                Some("read the ticket again and retry with its current version")
            }
            Error::TooNew { .. } => Some("upgrade ticket to a version that knows this store"),
            _ => None,
        }
    }
}

/// How many characters of a value an error message quotes.
pub const QUOTE_LIMIT: usize = 200;

/// A value as an error message shows it: cut to [`QUOTE_LIMIT`]
/// characters with an ellipsis, so a huge bad value never makes a huge
/// error line.
pub fn cut(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTE_LIMIT) {
        None => value.into(),
        Some((end, _)) => {
            format!("{}… ({} characters)", &value[..end], value.chars().count()).into()
        }
    }
}

/// A value as an error message quotes it: in single quotes, [`cut`] short.
pub fn quote(value: &str) -> String {
    format!("'{}'", cut(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_lists_every_field() {
        let e = Error::Missing {
            fields: vec![
                Wanted::Value("type"),
                Wanted::Value("question"),
                Wanted::Field("amount".into()),
            ],
        };
        assert_eq!(e.to_string(), "missing type, question, field amount");
        assert_eq!(e.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn quotes_are_cut_to_a_readable_length() {
        assert_eq!(quote("abc"), "'abc'");
        let long = "é".repeat(10_000);
        let q = quote(&long);
        assert!(q.chars().count() < QUOTE_LIMIT + 30, "{q}");
        assert!(q.ends_with("… (10000 characters)'"), "{q}");
    }
}
