//! Integration tests: the real `ticket` binary against a temporary store,
//! with a cleared environment. One test binary; one shared helper.

mod common;

mod concurrency;
mod errors;
mod fields;
mod output;
mod prompt;
mod store;
mod tickets;
