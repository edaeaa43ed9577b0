//! `ticket token`: issue, list and revoke API tokens for `ticket serve`.

use std::io::{self, Write};

use clap::builder::TypedValueParser;

use ticket::Error;
use ticket::error::quote;
use ticket::model::{ApiRole, Timestamp};
use ticket::query::when::Span;

use super::{Context, Failure};
use crate::render::{self, Format};

/// Issue, list and revoke API tokens for `ticket serve`.
///
/// A token acts as one user, as an agent (every ticket) or as a requester
/// (only the tickets they requested); HTTP requests send it as
/// `Authorization: Bearer TOKEN`. Its secret (tk_ and 64 hex digits) is
/// printed once, when it is issued: the store keeps only its SHA-256, so
/// a lost token cannot be shown again; revoke it and issue another.
/// Tokens stay on this desk: `ticket export` does not write them.
///
/// Examples:
///   ticket token new portal --role requester --name "web portal" --expires 90d
///   ticket token new amy --role agent -q > ~/.config/ticket/token
///   ticket token list
///   ticket token revoke 3
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
}

/// What to do with tokens.
#[derive(Debug, clap::Subcommand)]
pub enum TokenAction {
    /// Issue a token for USER and print its secret, once.
    ///
    /// -q prints the secret alone; --json prints the token's record with
    /// the secret under "token".
    New {
        /// The user the token acts as.
        user: String,
        /// What the token may do: agent (every ticket) or requester (the
        /// user's own tickets).
        #[arg(long, value_parser = role_arg())]
        role: ApiRole,
        /// A label for people ("web portal", "amy's laptop").
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Stop working after this long (e.g. 12h, 30d, 52w) [default: never].
        #[arg(long, value_name = "DURATION")]
        expires: Option<Span>,
    },
    /// List every token, newest first, with its state (never a secret).
    List,
    /// Revoke a token: requests bearing it are refused from now on.
    Revoke {
        /// The token's id (see `ticket token list`).
        #[arg(value_parser = token_id)]
        id: i64,
    },
}

/// Parses `--role`; its values are listed in help and completions.
fn role_arg() -> impl TypedValueParser<Value = ApiRole> {
    let names = ApiRole::ALL.map(ApiRole::as_str);
    clap::builder::PossibleValuesParser::new(names)
        .map(|name| name.parse::<ApiRole>().expect("one of the roles' names"))
}

/// Parses a token id: a positive whole number.
fn token_id(s: &str) -> Result<i64, String> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("{} is not a token id", quote(s)))
}

/// The time a token issued now for `span` expires.
fn expiry(now: Timestamp, span: Span) -> Result<Timestamp, Error> {
    now.datetime()
        .checked_add_signed(span.to_delta())
        .map(Timestamp::from_datetime)
        .ok_or_else(|| Error::invalid("expires", format!("{span} from now is too far away")))
}

/// Runs `ticket token`.
pub fn run(ctx: &mut Context, args: TokenArgs) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    let json = matches!(ctx.style.format, Format::Json | Format::Jsonl);
    match args.action {
        TokenAction::New {
            user,
            role,
            name,
            expires,
        } => {
            let expires_at = expires.map(|span| expiry(ctx.now, span)).transpose()?;
            let actor = ctx.actor()?;
            let change = ctx.change(&actor);
            let issued =
                ctx.desk()?
                    .issue_token(change, &user, role, name.as_deref(), expires_at)?;
            if ctx.quiet() && !json {
                writeln!(out, "{}", issued.secret)?;
            } else {
                render::issued_token(&mut out, ctx.style, &issued)?;
                ctx.notice(
                    "this token is shown once and cannot be shown again (only its hash is kept); \
                     store it now",
                );
            }
        }
        TokenAction::List => {
            let tokens = ctx.reader()?.tokens()?;
            render::tokens(&mut out, ctx.style, &tokens, ctx.now)?;
        }
        TokenAction::Revoke { id } => {
            let actor = ctx.actor()?;
            let change = ctx.change(&actor);
            let token = ctx.desk()?.revoke_token(change, id)?;
            if ctx.quiet() && !json {
                writeln!(out, "{}", token.id)?;
            } else {
                render::tokens(&mut out, ctx.style, &[token], ctx.now)?;
            }
        }
    }
    Ok(())
}
