//! `ticket new`: file a ticket.

use std::io;

use ticket::model::{Channel, NewTicket, Priority};

use super::context::{name_values, read_stdin};
use super::{Context, Failure, prompt};
use crate::render;

/// File a new ticket and print it.
///
/// In a terminal, missing values (type, question, required custom fields)
/// are asked for; otherwise a missing value is an error naming every one.
///
/// Examples:
///   ticket new --type sys --question "how to cancel my order?"
///   ticket new --type module --question "need modules" --field module=M2 --field amount=10
///   echo "long text" | ticket new --type tech --question - --priority urgent --tag vip
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct NewArgs {
    /// Ticket type (see `ticket types`): sys, licences, module, tech, test, …
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,
    /// The question (first message); `-` reads it from stdin.
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,
    /// Short title [default: the question's first line].
    #[arg(long, short = 's')]
    pub subject: Option<String>,
    /// normal, important or urgent [default: normal].
    #[arg(long, short = 'p')]
    pub priority: Option<Priority>,
    /// The requester wants phone support.
    #[arg(long)]
    pub support: bool,
    /// Whom the ticket is for [default: you].
    #[arg(long)]
    pub requester: Option<String>,
    /// The agent to assign.
    #[arg(long)]
    pub assignee: Option<String>,
    /// The team to assign.
    #[arg(long)]
    pub group: Option<String>,
    /// The requester's organisation.
    #[arg(long)]
    pub organization: Option<String>,
    /// cli, api, web, email, phone or import [default: cli].
    #[arg(long)]
    pub channel: Option<Channel>,
    /// A tag; repeat for more.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A custom field value, NAME=VALUE; repeat for more (see `ticket fields`).
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// A key for this request: run again with the same key, `new` prints the
    /// ticket filed the first time instead of filing a duplicate.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
}

/// Runs `ticket new`.
pub fn run(ctx: &mut Context, args: NewArgs) -> Result<(), Failure> {
    let question = match args.question.as_deref() {
        Some("-") => Some(read_stdin("question")?),
        other => other.map(str::to_string),
    };
    let mut input = NewTicket {
        kind: args.kind,
        question,
        subject: args.subject,
        priority: args.priority,
        support: args.support,
        requester: args.requester,
        assignee: args.assignee,
        group: args.group,
        organization: args.organization,
        channel: args.channel,
        tags: args.tags,
        fields: name_values(&args.fields)?,
        idempotency_key: args.idempotency_key,
    };
    let actor = ctx.actor()?;
    let change = ctx.change(&actor);
    if ctx.interactive() {
        prompt::complete_new_ticket(ctx.desk()?, &mut input)?;
    }
    let ticket = ctx.desk()?.create(change, input)?;
    let mut out = io::stdout().lock();
    if ctx.quiet() {
        use std::io::Write;
        writeln!(out, "{}", ticket.id)?;
    } else {
        render::ticket(&mut out, ctx.style, &ticket)?;
    }
    Ok(())
}
