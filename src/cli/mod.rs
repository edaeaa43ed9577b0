//! The command line: global options, one file per subcommand (an `XxxArgs`
//! struct and a `run`), and the dispatch that ties them together.

mod completions;
mod context;
#[cfg(test)]
mod docs;
mod edit;
mod exit;
mod export;
mod fields;
mod history;
mod import;
mod list;
mod new;
mod prompt;
mod reply;
mod search;
#[cfg(feature = "serve")]
mod serve;
mod show;
mod status;
mod sweep;
mod token;
mod types;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub use context::Context;
pub use exit::Failure;

use crate::render::Format;

/// `ticket`: a help desk at your terminal.
///
/// File, list, answer and resolve support tickets. Tickets, replies, custom
/// fields and their full history live in a local SQLite file.
#[derive(Debug, Parser)]
#[command(name = "ticket", version, about, long_about, max_term_width = 100)]
#[command(after_long_help = exit::EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The store: a SQLite file, or a team's PostgreSQL database.
    ///
    /// A file path (or `sqlite:PATH`), created by the first write with mode
    /// 0600; never a SQLite URI or special name (`:memory:`, `file:…` are
    /// refused). Or a PostgreSQL database: `postgres://USER@HOST/DB`, or
    /// libpq pairs such as `host=/run/postgresql dbname=desk`. Read
    /// commands never create or change a store; a file or database that is
    /// not a ticket store is refused and left alone.
    /// Default: the config file's `db`, else `ticket.db` in the platform data
    /// directory (~/.local/share/ticket on Linux).
    #[arg(long, global = true, env = "TICKET_DB", value_name = "LOCATION",
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub db: Option<String>,
    /// Act as this user (committer of new tickets, author of replies).
    ///
    /// Default: the config file's `user`, else the login name ($USER,
    /// $LOGNAME), else the name of the account the process runs as.
    #[arg(long = "as", global = true, env = "TICKET_USER", value_name = "USER")]
    pub user: Option<String>,
    /// Print JSON (the stable contract for scripts); errors too, on stderr.
    #[arg(long, global = true)]
    pub json: bool,
    /// Output format [default: table in a terminal, tsv when piped].
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// When to use colours; NO_COLOR in the environment means never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print less: writes print only the ids (import prints nothing),
    /// notices are silenced.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Show what a write command would do, and write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    New(new::NewArgs),
    List(list::ListArgs),
    Show(show::ShowArgs),
    Reply(reply::ReplyArgs),
    Status(status::StatusArgs),
    Edit(edit::EditArgs),
    History(history::HistoryArgs),
    Types(types::TypesArgs),
    Fields(fields::FieldsArgs),
    Search(search::SearchArgs),
    Sweep(sweep::SweepArgs),
    Undo(sweep::UndoArgs),
    Export(export::ExportArgs),
    Import(import::ImportArgs),
    Token(token::TokenArgs),
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    Completions(completions::CompletionsArgs),
}

/// The clap command tree, for generated docs and completions.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs the program and returns its exit code.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = args.iter().any(|a| a == "--json" || a == "--format=json")
        || args
            .windows(2)
            .any(|w| w[0] == "--format" && w[1] == "json");
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            // clap drops escape sequences when it renders a message, so a
            // value holding one would be quoted as another value: the
            // message comes from the same arguments with them made visible.
            let e = match visible(&args) {
                Some(shown) => Cli::try_parse_from(&shown).err().unwrap_or(e),
                None => e,
            };
            let tree = command();
            let sub = args.iter().skip(1).find_map(|a| {
                let a = a.to_str()?;
                tree.get_subcommands()
                    .any(|c| c.get_name() == a)
                    .then_some(a)
            });
            let named = sub.map_or("ticket".to_string(), |s| format!("ticket {s}"));
            return ExitCode::from(exit::usage(&e, &named, json));
        }
        Err(e) => e.exit(),
    };
    let json = cli.global.json || cli.global.format == Some(Format::Json);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => ExitCode::from(exit::report(failure, json)),
    }
}

/// The arguments with control characters and escape sequences shown as
/// `\u{…}` text, when any has one.
fn visible(args: &[OsString]) -> Option<Vec<OsString>> {
    let shown: Vec<OsString> = args
        .iter()
        .map(|a| match a.to_str() {
            Some(s) => crate::render::sanitize::terminal(s, false)
                .into_owned()
                .into(),
            None => a.clone(),
        })
        .collect();
    (shown != args).then_some(shown)
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut ctx = Context::new(cli.global)?;
    let result = match cli.command {
        Command::New(args) => new::run(&mut ctx, args),
        Command::List(args) => list::run(&mut ctx, args),
        Command::Show(args) => show::run(&mut ctx, args),
        Command::Reply(args) => reply::run(&mut ctx, args),
        Command::Status(args) => status::run(&mut ctx, args),
        Command::Edit(args) => edit::run(&mut ctx, args),
        Command::History(args) => history::run(&mut ctx, args),
        Command::Types(args) => types::run(&mut ctx, args),
        Command::Fields(args) => fields::run(&mut ctx, args),
        Command::Search(args) => search::run(&mut ctx, args),
        Command::Sweep(args) => sweep::run(&mut ctx, args),
        Command::Undo(args) => sweep::undo(&mut ctx, args),
        Command::Export(args) => export::run(&mut ctx, args),
        Command::Import(args) => import::run(&mut ctx, args),
        Command::Token(args) => token::run(&mut ctx, args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&mut ctx, args),
        Command::Completions(args) => completions::run(&mut ctx, args),
    };
    if result.is_ok() && ctx.dry_run() {
        ctx.notice("dry run: nothing was written");
    }
    result
}
