//! List queries: which tickets (a [`Filter`]), in what order (a [`Sort`]) and
//! which slice (a [`Window`]). Built once from user input and handed to the
//! store, which compiles them to parameterised SQL.

pub mod parse;
pub mod when;

pub use when::{PointInTime, Span};

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::Error;
use crate::error::quote;
use crate::model::{Priority, Status, Timestamp};

/// Which tickets a list holds. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Statuses to include; when empty, open work only unless `all`.
    pub statuses: Vec<Status>,
    /// Include every status when no status is given.
    pub all: bool,
    /// Ticket types to include.
    pub types: Vec<String>,
    /// Priorities to include.
    pub priorities: Vec<Priority>,
    /// Assignee to match; `Some(None)` matches unassigned tickets.
    pub assignee: Option<Option<String>>,
    /// Requester to match.
    pub requester: Option<String>,
    /// Tags every ticket must carry.
    pub tags: Vec<String>,
    /// Tags no ticket may carry.
    pub without_tags: Vec<String>,
    /// Custom field values to match, typed by the field definitions.
    pub fields: Vec<(String, Value)>,
    /// Only tickets last updated strictly before this time.
    pub updated_before: Option<Timestamp>,
    /// Only tickets last updated at or after this time.
    pub updated_after: Option<Timestamp>,
    /// Only tickets created strictly before this time.
    pub created_before: Option<Timestamp>,
    /// Only tickets created at or after this time.
    pub created_after: Option<Timestamp>,
    /// Words every ticket must contain (in its subject, question or replies).
    pub text: Vec<String>,
    /// Only tickets whose id is below this one (the cursor of a page
    /// ordered by id, newest first).
    pub below_id: Option<i64>,
}

impl Filter {
    /// The statuses the filter admits, or `None` for every status.
    pub fn effective_statuses(&self) -> Option<Vec<Status>> {
        if !self.statuses.is_empty() {
            let mut s = self.statuses.clone();
            s.dedup();
            Some(s)
        } else if self.all {
            None
        } else {
            Some(
                Status::ALL
                    .into_iter()
                    .filter(|s| s.is_open_work())
                    .collect(),
            )
        }
    }
}

/// The keys a list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Ticket id.
    Id,
    /// Creation time.
    Created,
    /// Last update time.
    Updated,
    /// Priority, urgent highest.
    Priority,
    /// Status, in workflow order.
    Status,
    /// Ticket type name.
    Type,
    /// Subject text.
    Subject,
    /// Assignee name.
    Assignee,
    /// Requester name.
    Requester,
}

impl SortKey {
    const NAMES: [(&'static str, SortKey); 9] = [
        ("id", SortKey::Id),
        ("created", SortKey::Created),
        ("updated", SortKey::Updated),
        ("priority", SortKey::Priority),
        ("status", SortKey::Status),
        ("type", SortKey::Type),
        ("subject", SortKey::Subject),
        ("assignee", SortKey::Assignee),
        ("requester", SortKey::Requester),
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .expect("every key is named")
    }
}

/// A sort order: a key and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// What to sort by.
    pub key: SortKey,
    /// Largest first.
    pub descending: bool,
}

impl Default for Sort {
    /// Newest update first.
    fn default() -> Self {
        Sort {
            key: SortKey::Updated,
            descending: true,
        }
    }
}

impl FromStr for Sort {
    type Err = Error;
    /// `FIELD` ascending or `-FIELD` descending; `created_at`/`updated_at`
    /// are accepted for `created`/`updated`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        let (descending, name) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let name = name.strip_suffix("_at").unwrap_or(name);
        let key = SortKey::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
            .ok_or_else(|| {
                let names: Vec<_> = SortKey::NAMES.iter().map(|(n, _)| *n).collect();
                Error::invalid(
                    "sort",
                    format!(
                        "{t_q} is not a sort key ({}; prefix '-' for descending)",
                        names.join(", "),
                        t_q = quote(t)
                    ),
                )
            })?;
        Ok(Sort { key, descending })
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.key.as_str())
    }
}

/// Which slice of the matching tickets to return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// At most this many; `None` for every match.
    pub limit: Option<u64>,
    /// Skip this many first.
    pub offset: u64,
}

impl Window {
    /// Page `page` (from 1) of `size` tickets.
    pub fn page(page: u64, size: u64) -> Result<Self, Error> {
        if page == 0 {
            return Err(Error::invalid("page", "pages are numbered from 1"));
        }
        if size == 0 {
            return Err(Error::invalid("page-size", "must be at least 1"));
        }
        Ok(Window {
            limit: Some(size),
            offset: (page - 1).saturating_mul(size),
        })
    }
}

/// A complete list query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Which tickets.
    pub filter: Filter,
    /// In what order.
    pub sort: Sort,
    /// Which slice.
    pub window: Window,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_filter_is_open_work() {
        let s = Filter::default().effective_statuses().unwrap();
        assert_eq!(
            s,
            [Status::New, Status::Open, Status::Pending, Status::Holding]
        );
        let all = Filter {
            all: true,
            ..Filter::default()
        };
        assert_eq!(all.effective_statuses(), None);
    }

    #[test]
    fn sort_parses_direction_and_aliases() {
        assert_eq!("-updated_at".parse::<Sort>().unwrap(), Sort::default());
        let s: Sort = "priority".parse().unwrap();
        assert_eq!((s.key, s.descending), (SortKey::Priority, false));
        assert!("colour".parse::<Sort>().is_err());
    }

    #[test]
    fn pages_start_at_one() {
        assert_eq!(
            Window::page(3, 10).unwrap(),
            Window {
                limit: Some(10),
                offset: 20
            }
        );
        assert!(Window::page(0, 10).is_err());
    }
}
