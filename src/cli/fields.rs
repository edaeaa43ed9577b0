//! `ticket fields`: list, add and attach custom field definitions.

use std::io::{self, Write};

use ticket::model::{FieldDef, FieldKind};

use super::{Context, Failure};
use crate::render;

/// List custom field definitions, add one, or attach one to a type.
///
/// Kinds: text, integer, decimal, bool, date (YYYY-MM-DD), email, phone
/// (stored as +E.164; numbers without + are read as Chinese), url, enum
/// (with --option for each allowed value).
///
/// Examples:
///   ticket fields
///   ticket fields add tier --kind enum --option gold --option free --type sys --required
///   ticket fields attach email --type tech
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct FieldsArgs {
    #[command(subcommand)]
    pub action: Option<FieldsAction>,
}

/// What to do with field definitions.
#[derive(Debug, clap::Subcommand)]
pub enum FieldsAction {
    /// List every field and the types it is attached to (the default).
    List,
    /// Define a custom field, optionally attaching it to types.
    Add {
        /// Identifier: lowercase letters, digits and '_'.
        name: String,
        /// The value type.
        #[arg(long)]
        kind: FieldKind,
        /// Human label [default: the name].
        #[arg(long)]
        label: Option<String>,
        /// An allowed value of an enum field; repeat for more.
        #[arg(long = "option", value_name = "VALUE")]
        options: Vec<String>,
        /// Attach to this type; repeat for more.
        #[arg(long = "type", value_name = "TYPE")]
        types: Vec<String>,
        /// Require a value on tickets of those types.
        #[arg(long)]
        required: bool,
    },
    /// Attach an existing field to a type (or change whether it is required).
    Attach {
        /// The field name.
        name: String,
        /// The type to attach it to.
        #[arg(long = "type", value_name = "TYPE")]
        kind: String,
        /// Require a value on tickets of that type.
        #[arg(long)]
        required: bool,
    },
}

/// Runs `ticket fields`.
pub fn run(ctx: &mut Context, args: FieldsArgs) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match args.action.unwrap_or(FieldsAction::List) {
        FieldsAction::List => {}
        FieldsAction::Add {
            name,
            kind,
            label,
            options,
            types,
            required,
        } => {
            let def = FieldDef::new(&name, kind, label.as_deref().unwrap_or(""), options)?;
            let attach: Vec<(String, bool)> = types.into_iter().map(|t| (t, required)).collect();
            let commit = ctx.commit();
            let def = ctx.desk()?.add_field(commit, def, &attach)?;
            if ctx.quiet() {
                writeln!(out, "{}", def.name)?;
                return Ok(());
            }
        }
        FieldsAction::Attach {
            name,
            kind,
            required,
        } => {
            let commit = ctx.commit();
            let kind = ctx.desk()?.attach_field(commit, &kind, &name, required)?;
            if ctx.quiet() {
                writeln!(out, "{}", kind.name)?;
            } else {
                render::types(&mut out, ctx.style, std::slice::from_ref(&kind))?;
            }
            return Ok(());
        }
    }
    let desk = ctx.reader()?;
    let defs = desk.field_defs()?;
    let types = desk.ticket_types()?;
    render::fields(&mut out, ctx.style, &defs, &types)?;
    Ok(())
}
