//! `ticket edit`: change a ticket's fields.

use std::io::{self, Write};

use ticket::model::{Priority, TagChange, TicketPatch};

use super::context::{name_values, ticket_ids};
use super::{Context, Failure};
use crate::render;

/// Change fields of one or many tickets; every change is recorded in history.
///
/// An empty value clears an optional field (--assignee "" unassigns). Tags
/// are added with +TAG (or TAG) and removed with -TAG. A custom field is
/// cleared with --field NAME=. An edit that changes nothing writes nothing.
/// Several ids are changed in one transaction, all or nothing; an id of `-`
/// reads ids from stdin, one per line (numbers, TSV rows or JSONL).
///
/// Examples:
///   ticket edit 42 --priority urgent --assignee bob
///   ticket edit 42 43 --tag +vip --tag -spam
///   ticket edit 42 --type module --field module=M2 --field amount=3
///   ticket list --tag vip --format jsonl | ticket edit - --assignee bob
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct EditArgs {
    /// The ticket ids; `-` reads them from stdin.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// New subject.
    #[arg(long, short = 's')]
    pub subject: Option<String>,
    /// New priority: normal, important or urgent.
    #[arg(long, short = 'p')]
    pub priority: Option<Priority>,
    /// New type; its required fields must then be set.
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,
    /// The requester wants phone support.
    #[arg(long, conflicts_with = "no_support")]
    pub support: bool,
    /// The requester no longer wants phone support.
    #[arg(long)]
    pub no_support: bool,
    /// Assign to this agent; "" unassigns.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Assign to this team; "" clears.
    #[arg(long)]
    pub group: Option<String>,
    /// Set the organisation; "" clears.
    #[arg(long)]
    pub organization: Option<String>,
    /// +TAG adds, -TAG removes; repeat for more.
    #[arg(long = "tag", allow_hyphen_values = true, value_name = "±TAG")]
    pub tags: Vec<String>,
    /// Set a custom field, NAME=VALUE; NAME= clears it.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Refuse (exit 4, code conflict) unless every ticket is at this version.
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,
}

fn clearable(v: Option<String>) -> Option<Option<String>> {
    v.map(|s| (!s.trim().is_empty()).then_some(s))
}

/// Runs `ticket edit`.
pub fn run(ctx: &mut Context, args: EditArgs) -> Result<(), Failure> {
    let patch = TicketPatch {
        subject: args.subject,
        priority: args.priority,
        kind: args.kind,
        support: if args.support {
            Some(true)
        } else if args.no_support {
            Some(false)
        } else {
            None
        },
        assignee: clearable(args.assignee),
        group: clearable(args.group),
        organization: clearable(args.organization),
        tags: args
            .tags
            .iter()
            .map(|t| match t.strip_prefix('-') {
                Some(rest) => TagChange::Remove(rest.to_string()),
                None => TagChange::Add(t.strip_prefix('+').unwrap_or(t).to_string()),
            })
            .collect(),
        fields: name_values(&args.fields)?,
        status: None,
    };
    let ids = ticket_ids(&args.ids)?;
    let actor = ctx.actor()?;
    let change = ctx.change(&actor);
    let edited = ctx
        .desk()?
        .edit_many(change, &ids, &patch, args.if_version)?;
    for e in edited.iter().filter(|e| e.events.is_empty()) {
        ctx.notice(&format!("ticket {}: nothing to change", e.ticket.id));
    }
    let mut out = io::stdout().lock();
    if ctx.quiet() {
        for e in &edited {
            writeln!(out, "{}", e.ticket.id)?;
        }
    } else if let [one] = edited.as_slice() {
        render::ticket(&mut out, ctx.style, &one.ticket)?;
    } else {
        render::tickets(
            &mut out,
            ctx.style,
            edited.into_iter().map(|e| e.ticket).collect(),
        )?;
    }
    Ok(())
}
