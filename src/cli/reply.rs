//! `ticket reply`: answer a ticket or add an internal note.

use std::io::{self, Write};

use ticket::Error;
use ticket::error::Wanted;
use ticket::model::{NewReply, Role, Status};

use super::context::read_stdin;
use super::{Context, Failure, prompt};
use crate::render;

/// Add a reply to a ticket, and move it along the workflow.
///
/// An agent's first reply moves a new ticket to open; a requester's reply
/// moves a pending or solved ticket back to open; --status sets the status
/// in the same step. You reply as the requester when you are the ticket's
/// requester, else as an agent (--role overrides). Closed tickets take no
/// replies.
///
/// Examples:
///   ticket reply 42 "please send your order id"
///   ticket reply 42 --internal "customer is on the legacy plan"
///   ticket reply 42 "fixed in 2.3" --status solved
///   git log -1 --format=%B | ticket reply 42 -
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ReplyArgs {
    /// The ticket id.
    #[arg(value_parser = super::context::id_arg)]
    pub id: i64,
    /// The reply text; `-` reads it from stdin.
    pub text: Option<String>,
    /// An image URL to attach; repeat for more.
    #[arg(long = "image", value_name = "URL")]
    pub images: Vec<String>,
    /// A private note for agents, hidden from the requester.
    #[arg(long)]
    pub internal: bool,
    /// Reply as requester or agent (seed codes 0 and 1 work too).
    #[arg(long)]
    pub role: Option<Role>,
    /// Set this status in the same step.
    #[arg(long)]
    pub status: Option<Status>,
    /// Refuse (exit 4, code conflict) unless the ticket is at this version.
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,
    /// A key for this request: run again with the same key, `reply` prints
    /// the reply written the first time instead of writing it twice.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

/// Runs `ticket reply`.
pub fn run(ctx: &mut Context, args: ReplyArgs) -> Result<(), Failure> {
    let text = match args.text.as_deref() {
        Some("-") => read_stdin("text")?,
        Some(t) => t.to_string(),
        None if ctx.interactive() => prompt::reply_text()?,
        None => {
            return Err(Error::Missing {
                fields: vec![Wanted::Value("text")],
            }
            .into());
        }
    };
    let actor = ctx.actor()?;
    let change = ctx.change(&actor);
    let input = NewReply {
        ticket: args.id,
        text,
        images: args.images,
        internal: args.internal,
        role: args.role,
        status: args.status,
        if_version: args.if_version,
        idempotency_key: args.idempotency_key,
    };
    let done = ctx.desk()?.reply(change, input)?;
    let mut out = io::stdout().lock();
    if ctx.quiet() {
        writeln!(out, "{}", done.reply.id)?;
    } else {
        render::reply(&mut out, ctx.style, &done.reply)?;
    }
    if let Some(old) = done.moved_from {
        ctx.notice(&format!(
            "ticket {}: {old} → {}",
            done.ticket.id, done.ticket.status
        ));
    }
    Ok(())
}
