//! `ticket sweep` and `ticket undo`: unattended status moves for cron.

use std::io::{self, Write};

use ticket::Error;
use ticket::desk::Change;
use ticket::error::quote;
use ticket::model::Status;
use ticket::model::{SweepReport, SweepRule};
use ticket::query::when::{PointInTime, Span};

use super::{Context, Failure};
use crate::render::{self, Format};

/// Move tickets idle for too long to another status (for cron).
///
/// Idle means no update and no reply for --idle. Each rule runs as one
/// transaction; every change is an event whose actor is `sweep:RULE`, tagged
/// with the run id that `ticket undo --run` takes. Running it again changes
/// nothing; a second run started meanwhile waits, then finds nothing to do.
/// With no rule flags, runs the config file's [[sweep]] rules in order.
///
/// Examples:
///   ticket sweep --status solved --idle 4d --to closed --note "closed after 4 quiet days"
///   ticket sweep --status pending --idle 2w --to solved --dry-run
///   ticket sweep            # the config file's rules
///
/// Crontab (every hour, retrying when the store is busy):
///   0 * * * *  ticket sweep -q || { [ $? -eq 75 ] && sleep 60 && ticket sweep -q; }
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SweepArgs {
    /// Pick tickets in this status; repeat or comma-separate for more.
    #[arg(long = "status", value_delimiter = ',', value_name = "STATUS", requires_all = ["idle", "to"])]
    pub statuses: Vec<Status>,
    /// How long without activity (e.g. 36h, 4d, 2w).
    #[arg(long, value_name = "DURATION", requires_all = ["statuses", "to"])]
    pub idle: Option<Span>,
    /// The status to move them to.
    #[arg(long, value_name = "STATUS", requires_all = ["statuses", "idle"])]
    pub to: Option<Status>,
    /// An internal note added to every ticket moved.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Move at most N tickets per rule, the stalest first.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// The rule's name in history [default: STATUS-to-TO].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Judge idleness as of this time instead of now.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// Revert a sweep run with compensating events.
///
/// Tickets changed since the run are left alone and reported as skipped.
///
/// Example:
///   ticket undo --run 12
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct UndoArgs {
    /// The run id a sweep reported.
    #[arg(long, value_name = "RUN_ID")]
    pub run: i64,
}

fn rules(ctx: &Context, args: &SweepArgs) -> Result<Vec<SweepRule>, Error> {
    if let (Some(idle), Some(to)) = (args.idle, args.to) {
        let name = args.name.clone().unwrap_or_else(|| {
            let from: Vec<&str> = args.statuses.iter().map(|s| s.as_str()).collect();
            format!("{}-to-{to}", from.join("+"))
        });
        return Ok(vec![SweepRule {
            name,
            statuses: args.statuses.clone(),
            idle: idle.to_delta(),
            to,
            note: args.note.clone(),
            limit: args.limit,
        }]);
    }
    let configured = &ctx.config().sweep;
    if configured.is_empty() {
        return Err(Error::invalid(
            "sweep",
            "no rule given: pass --status, --idle and --to, or add [[sweep]] rules to the config file",
        ));
    }
    configured
        .iter()
        .map(|c| {
            let field = |f: &str| format!("sweep rule {} {f}", quote(&c.name));
            // A bad value names its rule and key, not just the value.
            let named = |f: &str, e: Error| match e {
                Error::Invalid { reason, .. } => Error::invalid(field(f), reason),
                other => other,
            };
            let statuses = c
                .status
                .iter()
                .map(|s| s.parse::<Status>().map_err(|e| named("status", e)))
                .collect::<Result<Vec<_>, _>>()?;
            if statuses.is_empty() {
                return Err(Error::invalid(field("status"), "names no status"));
            }
            Ok(SweepRule {
                name: ticket::model::validate_name(&field("name"), &c.name)?,
                statuses,
                idle: Span::from_arg(&field("idle"), &c.idle)?.to_delta(),
                to: c.to.parse().map_err(|e| named("to", e))?,
                note: args.note.clone().or_else(|| c.note.clone()),
                limit: args.limit.or(c.limit),
            })
        })
        .collect()
}

/// Prints run reports; `-q` prints only the ids moved, except where a
/// script asked for JSON.
fn print(ctx: &Context, reports: &[SweepReport]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    if ctx.quiet() && !matches!(ctx.style.format, Format::Json | Format::Jsonl) {
        for id in reports.iter().flat_map(|r| &r.changed) {
            writeln!(out, "{id}")?;
        }
        return Ok(());
    }
    render::sweep_reports(&mut out, ctx.style, reports)?;
    Ok(())
}

/// Runs `ticket sweep`.
pub fn run(ctx: &mut Context, args: SweepArgs) -> Result<(), Failure> {
    let rules = rules(ctx, &args)?;
    let now = match &args.now {
        Some(t) => PointInTime::parse("now", t, ctx.now)?,
        None => ctx.now,
    };
    let actor = ctx.actor()?;
    let change = Change::new(&actor, now).with(ctx.commit());
    let desk = ctx.desk()?;
    let reports = rules
        .iter()
        .map(|rule| desk.sweep(change, rule))
        .collect::<Result<Vec<_>, _>>()?;
    print(ctx, &reports)
}

/// Runs `ticket undo`.
pub fn undo(ctx: &mut Context, args: UndoArgs) -> Result<(), Failure> {
    let actor = ctx.actor()?;
    let change = ctx.change(&actor);
    let report = ctx.desk()?.undo(change, args.run)?;
    print(ctx, &[report])
}
