//! `ticket list`: tickets matching filters, newest update first.

use std::io::{self, Write};

use serde_json::Value;
use ticket::error::quote;
use ticket::model::{Priority, Status, Timestamp};
use ticket::query::when::PointInTime;
use ticket::query::{Filter, Query, Sort, Window};

use super::context::name_values;
use super::{Context, Failure};
use crate::render::{self, ColumnStream, Format, TicketStream};

/// List tickets, newest update first.
///
/// Without --status or --all, only open work (not solved or closed) is
/// listed. In a terminal the table shows one page (config `page_size`,
/// default 50) and says "showing 1-50 of 412" on stderr; JSON, JSONL, CSV and
/// piped output hold every match unless --limit or --page is given.
///
/// Examples:
///   ticket list
///   ticket list --status pending --status holding --assignee none
///   ticket list --all --tag vip --sort -priority --json
///   ticket list --field company=ACME --updated-before 2026-01-01 --count
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Sort by id, created, updated, priority, status, type, subject,
    /// assignee or requester; prefix `-` for descending [default: -updated].
    #[arg(long, allow_hyphen_values = true, value_name = "FIELD")]
    pub sort: Option<Sort>,
    /// Show this page (from 1) of --page-size tickets.
    #[arg(long, conflicts_with = "limit")]
    pub page: Option<u64>,
    /// Tickets per page [default: config page_size, or 50].
    #[arg(long, value_name = "N")]
    pub page_size: Option<u64>,
    /// At most N tickets.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Every status, not only open work.
    #[arg(long)]
    pub all: bool,
    /// Print only the number of matching tickets.
    #[arg(long)]
    pub count: bool,
    /// Only these columns (JSON keys), in this order: any ticket field,
    /// or fields.NAME for a custom field. E.g. --fields id,status,subject
    #[arg(long = "fields", value_delimiter = ',', value_name = "A,B,C")]
    pub columns: Vec<String>,
}

/// The ticket filters `list` and `export` share.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Only this status (name or seed code); repeat or comma-separate for more.
    #[arg(long = "status", value_delimiter = ',', value_name = "STATUS")]
    pub statuses: Vec<Status>,
    /// Only this type; repeat for more.
    #[arg(long = "type", short = 't', value_delimiter = ',', value_name = "TYPE")]
    pub types: Vec<String>,
    /// Only this priority; repeat for more.
    #[arg(
        long = "priority",
        short = 'p',
        value_delimiter = ',',
        value_name = "PRIORITY"
    )]
    pub priorities: Vec<Priority>,
    /// Only tickets assigned to this agent; `none` for unassigned ones.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only tickets for this requester.
    #[arg(long)]
    pub requester: Option<String>,
    /// Only tickets carrying this tag; repeat to require several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only tickets whose custom field equals VALUE; repeat for more.
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Only tickets last updated before TIME: RFC 3339, YYYY-MM-DD, today,
    /// yesterday, or an age such as 36h, 7d, 2w (that long ago).
    #[arg(long, value_name = "TIME")]
    pub updated_before: Option<String>,
    /// Only tickets last updated at or after TIME.
    #[arg(long, value_name = "TIME")]
    pub updated_after: Option<String>,
    /// Only tickets created before TIME.
    #[arg(long, value_name = "TIME")]
    pub created_before: Option<String>,
    /// Only tickets created at or after TIME.
    #[arg(long, value_name = "TIME")]
    pub created_after: Option<String>,
    /// Qualifiers and free text, e.g. 'status:open,pending tag:vip -tag:spam
    /// assignee:none updated<7d field.company:ACME "disk full"'.
    #[arg(long, short = 'Q', value_name = "QUERY")]
    pub query: Option<String>,
}

/// Builds the filter the flags describe.
pub fn filter(args: &FilterArgs, all: bool, now: Timestamp) -> Result<Filter, ticket::Error> {
    let time = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| PointInTime::parse(field, s, now))
            .transpose()
    };
    let mut filter = Filter {
        statuses: args.statuses.clone(),
        all,
        types: args.types.clone(),
        priorities: args.priorities.clone(),
        assignee: args
            .assignee
            .as_ref()
            .map(|a| (a != "none").then(|| a.clone())),
        requester: args.requester.clone(),
        tags: args.tags.clone(),
        fields: name_values(&args.fields)?
            .into_iter()
            .map(|(n, v)| (n, Value::String(v)))
            .collect(),
        updated_before: time("updated-before", &args.updated_before)?,
        updated_after: time("updated-after", &args.updated_after)?,
        created_before: time("created-before", &args.created_before)?,
        created_after: time("created-after", &args.created_after)?,
        ..Filter::default()
    };
    if let Some(q) = &args.query {
        ticket::query::parse::apply(&mut filter, q, now)?;
    }
    Ok(filter)
}

/// Runs `ticket list`.
pub fn run(ctx: &mut Context, args: ListArgs) -> Result<(), Failure> {
    let filter = filter(&args.filter, args.all, ctx.now)?;
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if args.count {
        let n = ctx.reader()?.count(&filter)?;
        render::count(&mut out, ctx.style, n)?;
        out.flush()?;
        return Ok(());
    }
    let explicit_window = args.page.is_some() || args.page_size.is_some() || args.limit.is_some();
    let window = match (args.page, args.limit) {
        (_, Some(limit)) => Window {
            limit: Some(limit),
            offset: 0,
        },
        (page, None) if explicit_window || ctx.style.format == Format::Table => Window::page(
            page.unwrap_or(1),
            args.page_size.unwrap_or_else(|| ctx.page_size()),
        )?,
        _ => Window::default(),
    };
    let query = Query {
        filter,
        sort: args.sort.unwrap_or_default(),
        window,
    };
    let style = ctx.style;
    if !args.columns.is_empty() {
        if let Some(bad) = render::unknown_column(&args.columns) {
            let keys = format!("{}, fields.NAME", render::COLUMN_KEYS.join(", "));
            return Err(ticket::Error::invalid(
                "fields",
                format!("{bad_q} is not a ticket field ({keys})", bad_q = quote(bad)),
            )
            .into());
        }
        let fields: Vec<&str> = args
            .columns
            .iter()
            .filter_map(|c| c.strip_prefix("fields."))
            .collect();
        ctx.reader()?.check_fields(&fields)?;
        let mut stream = ColumnStream::begin(&mut out, style, args.columns.clone())?;
        ctx.reader()?.scan(&query, &mut |t| {
            stream.push(&t).map_err(|source| ticket::Error::Io {
                path: "<stdout>".into(),
                source,
            })
        })?;
        stream.finish()?;
        return Ok(());
    }
    if style.format == Format::Table {
        let (tickets, total) = ctx.reader()?.page(&query)?;
        let shown = tickets.len() as u64;
        render::tickets(&mut out, style, tickets)?;
        if total == 0 {
            ctx.notice("no tickets match");
        } else if shown < total {
            let first = window.offset + 1;
            let hint = if window.offset + shown < total {
                "; --page N for more, --format tsv for all"
            } else {
                ""
            };
            ctx.notice(&format!(
                "showing {first}-{} of {total}{hint}",
                window.offset + shown
            ));
        }
        return Ok(());
    }
    let mut stream = TicketStream::begin(&mut out, style)?;
    ctx.reader()?.scan(&query, &mut |t| {
        stream.push(t).map_err(|source| ticket::Error::Io {
            path: "<stdout>".into(),
            source,
        })
    })?;
    stream.finish()?;
    Ok(())
}
