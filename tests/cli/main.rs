//! Integration tests: the real `ticket` binary against a temporary store,
//! with a cleared environment. One test binary; one shared helper. The
//! store is a SQLite file, or with `TICKET_TEST_BACKEND=postgres` a fresh
//! PostgreSQL database (see `common`).

mod common;

mod bulk;
mod concurrency;
mod errors;
mod fields;
mod output;
#[cfg(feature = "postgres")]
mod postgres;
mod prompt;
mod reliability;
mod scripts;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod store;
mod tickets;
mod token;
