//! `ticket types`: list and add ticket types.

use std::io::{self, Write};

use super::{Context, Failure};
use crate::render;

/// List ticket types, or add one.
///
/// Examples:
///   ticket types
///   ticket types add billing --en Billing --zh 账单
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TypesArgs {
    #[command(subcommand)]
    pub action: Option<TypesAction>,
}

/// What to do with types.
#[derive(Debug, clap::Subcommand)]
pub enum TypesAction {
    /// List every type with its custom fields (the default).
    List,
    /// Add a ticket type.
    Add {
        /// Identifier: lowercase letters, digits and '_'.
        name: String,
        /// English label [default: the name].
        #[arg(long, value_name = "LABEL")]
        en: Option<String>,
        /// Chinese label [default: the English label].
        #[arg(long, value_name = "LABEL")]
        zh: Option<String>,
    },
}

/// Runs `ticket types`.
pub fn run(ctx: &mut Context, args: TypesArgs) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match args.action.unwrap_or(TypesAction::List) {
        TypesAction::List => {
            let types = ctx.reader()?.ticket_types()?;
            render::types(&mut out, ctx.style, &types)?;
        }
        TypesAction::Add { name, en, zh } => {
            let commit = ctx.commit();
            let added = ctx.desk()?.add_type(
                commit,
                &name,
                zh.as_deref().unwrap_or(""),
                en.as_deref().unwrap_or(""),
            )?;
            if ctx.quiet() {
                writeln!(out, "{}", added.name)?;
            } else {
                render::types(&mut out, ctx.style, std::slice::from_ref(&added))?;
            }
        }
    }
    Ok(())
}
