//! `ticket completions`: print a shell completion script.

use std::io;

use clap_complete::Shell;

use super::{Context, Failure};
use crate::render::{self, Shape};

/// Print the completion script for a shell.
///
/// The script is in the shell's own syntax: --format and --json are
/// refused (exit 2).
///
/// Examples:
///   ticket completions bash > ~/.local/share/bash-completion/completions/ticket
///   ticket completions zsh > "${fpath[1]}/_ticket"
///   ticket completions fish > ~/.config/fish/completions/ticket.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs `ticket completions`.
pub fn run(ctx: &mut Context, args: CompletionsArgs) -> Result<(), Failure> {
    render::accepts(&ctx.style, Shape::Script)?;
    clap_complete::generate(
        args.shell,
        &mut super::command(),
        "ticket",
        &mut io::stdout().lock(),
    );
    Ok(())
}
