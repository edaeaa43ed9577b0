//! The domain: tickets, replies, custom fields, history events, API tokens
//! and the workflow rules that connect them. Pure code: no I/O, no clock.

mod event;
mod field;
mod outcome;
mod reply;
mod status;
mod thread;
mod ticket;
mod time;
mod token;
pub mod workflow;

pub use event::{Event, EventKind, NewEvent, Run};
pub use field::{DEFAULT_PHONE_REGION, FieldDef, FieldKind, TicketType, TypeField, validate_ident};
pub use outcome::{
    Edited, Hit, ImportReport, Replied, SkipReason, Skipped, StatusChanges, SweepReport,
};
pub use reply::{Detail, NewReply, Reply};
pub use status::{Channel, Priority, Role, Status};
pub use thread::Thread;
pub use ticket::{
    MAX_NAME, MAX_SUBJECT, MAX_TEXT, NewTicket, TICKET_KEYS, TagChange, Ticket, TicketPatch,
    normalise_tags, subject_from_question, validate_name, validate_subject, validate_tag,
    validate_text,
};
pub use time::Timestamp;
pub use token::{
    ApiRole, IssuedToken, TOKEN_BYTES, TOKEN_PREFIX, Token, TokenState, hex, is_token_secret,
    token_secret,
};
pub use workflow::SweepRule;
