//! `ticket`: a help-desk ticketing library and command-line tool.
//!
//! The library is the product; the `ticket` binary is a thin shell over it.
//! Layers depend downward only:
//!
//! - [`model`]: the domain types (tickets, replies, custom fields, events),
//!   their validation and the workflow rules. Pure: no I/O, no clock.
//! - [`query`]: list filters, sorting and paging, parsed once and shared by
//!   every front end.
//! - [`store`]: the storage contract ([`store::Store`]) and its SQLite
//!   implementation, which owns every SQL string, pragma and migration.
//! - [`desk`]: the one API every front end calls. Each method is one
//!   transaction that writes the change and its history events together.
//! - [`exchange`]: the export record format and the seed formats `import`
//!   reads.
//! - [`config`]: the user's configuration file.
//! - `serve` (cargo feature `serve`, on by default): the seed HTTP APIs,
//!   a front end beside the command line.
//!
//! Callers pass the acting user and the current time in; the library never
//! reads the clock or the environment and never prints.
#![warn(missing_docs)]

pub mod config;
pub mod desk;
pub mod error;
pub mod exchange;
pub mod model;
pub mod query;
#[cfg(feature = "serve")]
pub mod serve;
pub mod store;

pub use desk::Desk;
pub use error::{Error, ErrorKind, Result};
