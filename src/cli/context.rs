//! What every command needs: the resolved settings (flags > environment >
//! config file), the clock, the output style and a lazily opened desk.

use std::io::{self, IsTerminal, Read, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::time::Duration;

use ticket::config::Config;
use ticket::desk::{Change, Commit};
use ticket::error::quote;
use ticket::model::Timestamp;
use ticket::store::{Access, BUSY_TIMEOUT, Location};
use ticket::{Desk, Error};

use super::{ColorChoice, Failure, GlobalArgs};
use crate::render::{Format, Style};

/// Page size of a terminal list when the config file sets none.
pub const DEFAULT_PAGE_SIZE: u64 = 50;

/// The resolved environment of one command.
pub struct Context {
    global: GlobalArgs,
    config: Config,
    desk: Option<(Desk, Access)>,
    /// The output style for stdout.
    pub style: Style,
    /// The time of this command; `TICKET_NOW` fixes it for tests.
    pub now: Timestamp,
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "ticket")
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Context {
    /// Resolves settings from the flags, the environment and the config
    /// file (`TICKET_CONFIG`, else `config.toml` in the platform config dir).
    pub fn new(global: GlobalArgs) -> Result<Self, Failure> {
        let config_path = env("TICKET_CONFIG")
            .map(PathBuf::from)
            .or_else(|| project_dirs().map(|d| d.config_dir().join("config.toml")));
        let config = match config_path {
            Some(p) => Config::load(&p)?,
            None => Config::default(),
        };
        let now = match env("TICKET_NOW") {
            Some(s) => s.parse::<Timestamp>().map_err(|_| {
                Error::invalid(
                    "TICKET_NOW",
                    format!("{s_q} is not an RFC 3339 time", s_q = quote(&s)),
                )
            })?,
            None => Timestamp::from_datetime(chrono::Utc::now()),
        };
        let tty = io::stdout().is_terminal();
        let format = if global.json {
            Format::Json
        } else {
            global
                .format
                .unwrap_or(if tty { Format::Table } else { Format::Tsv })
        };
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                tty && env("NO_COLOR").is_none() && env("TERM").as_deref() != Some("dumb")
            }
        };
        let style = Style {
            format,
            color: color && format == Format::Table,
            human: tty,
            given: global.json || global.format.is_some(),
        };
        Ok(Context {
            global,
            config,
            desk: None,
            style,
            now,
        })
    }

    /// The store's location: `--db`/`TICKET_DB`, else the config's, else
    /// `ticket.db` in the platform data directory (created, mode 0700).
    fn location(&self) -> Result<Location, Error> {
        if let Some(db) = self.global.db.as_ref().or(self.config.db.as_ref()) {
            return db.parse();
        }
        let dirs = project_dirs().ok_or_else(|| {
            Error::invalid(
                "db",
                "no home directory to keep the store in; pass --db PATH or set TICKET_DB",
            )
        })?;
        let dir = dirs.data_dir();
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        Ok(Location::File(dir.join("ticket.db")))
    }

    /// The desk for a command that writes, opened on first use; the store
    /// is created if missing (except in a dry run, which writes nothing).
    pub fn desk(&mut self) -> Result<&mut Desk, Error> {
        let access = if self.global.dry_run {
            Access::Read
        } else {
            Access::Write
        };
        self.open(access)
    }

    /// The time `TICKET_NOW` fixes, if it does (tests); else the clock runs.
    #[cfg(feature = "serve")]
    pub fn fixed_now(&self) -> Option<Timestamp> {
        env("TICKET_NOW").map(|_| self.now)
    }

    /// The desk itself, opened for writing, for a command that hands it
    /// on (`serve`).
    #[cfg(feature = "serve")]
    pub fn take_desk(&mut self) -> Result<Desk, Error> {
        self.open(Access::Write)?;
        Ok(self.desk.take().expect("opened above").0)
    }

    /// The desk for a command that only reads: nothing is created or
    /// changed, and a missing store reads as an empty one.
    pub fn reader(&mut self) -> Result<&mut Desk, Error> {
        self.open(Access::Read)
    }

    fn open(&mut self, access: Access) -> Result<&mut Desk, Error> {
        if !matches!(self.desk, Some((_, opened)) if opened == access || opened == Access::Write) {
            let location = self.location()?;
            let timeout = match env("TICKET_BUSY_TIMEOUT") {
                Some(ms) => Duration::from_millis(ms.parse().map_err(|_| {
                    Error::invalid(
                        "TICKET_BUSY_TIMEOUT",
                        format!("{} is not a number of milliseconds", quote(&ms)),
                    )
                })?),
                None => BUSY_TIMEOUT,
            };
            let desk = Desk::open(&location, timeout, access)?;
            self.desk = Some((desk, access));
        }
        Ok(&mut self.desk.as_mut().expect("opened above").0)
    }

    /// Who is acting: `--as`/`TICKET_USER`, else the config's user, else
    /// the login name (`USER`, `LOGNAME`), else the name of the account the
    /// process runs as (a service or `env -i` sets no login variables).
    pub fn actor(&self) -> Result<String, Error> {
        self.global
            .user
            .clone()
            .or_else(|| self.config.user.clone())
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .or_else(account_name)
            .ok_or_else(|| {
                Error::invalid(
                    "user",
                    "cannot tell who you are; pass --as USER or set TICKET_USER",
                )
            })
    }

    /// The configuration file's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How many tickets a terminal list shows.
    pub fn page_size(&self) -> u64 {
        self.config.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    /// Whether writes are kept, or only tried (`--dry-run`).
    pub fn commit(&self) -> Commit {
        if self.global.dry_run {
            Commit::DryRun
        } else {
            Commit::Keep
        }
    }

    /// A change by `actor` now, kept unless `--dry-run` was given.
    pub fn change<'a>(&self, actor: &'a str) -> Change<'a> {
        Change::new(actor, self.now).with(self.commit())
    }

    /// Whether `--dry-run` was given.
    pub fn dry_run(&self) -> bool {
        self.global.dry_run
    }

    /// Whether `-q` was given.
    pub fn quiet(&self) -> bool {
        self.global.quiet
    }

    /// Whether prompts may be shown: stdin and stderr are terminals.
    pub fn interactive(&self) -> bool {
        io::stdin().is_terminal() && io::stderr().is_terminal()
    }

    /// A notice for people, on stderr; silenced by `-q` and JSON output.
    pub fn notice(&self, message: &str) {
        if !self.global.quiet && !matches!(self.style.format, Format::Json | Format::Jsonl) {
            let _ = writeln!(io::stderr(), "{message}");
        }
    }
}

/// The name of the account this process runs as, from the system's user
/// database.
fn account_name() -> Option<String> {
    uzers::get_current_username()
        .and_then(|name| name.into_string().ok())
        .filter(|name| !name.is_empty())
}

/// Reads all of stdin as text, for `-` arguments.
pub fn read_stdin(what: &str) -> Result<String, Error> {
    let mut s = String::new();
    io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::invalid(what, format!("cannot read stdin: {e}")))?;
    Ok(s)
}

/// Parses ticket ids given on the command line; `-` reads more from stdin,
/// one per line: a number, a TSV row whose first cell is the id, or a JSON
/// object with an `id` (so `ticket list --format jsonl` pipes in).
pub fn ticket_ids(args: &[String]) -> Result<Vec<i64>, Error> {
    let mut ids = Vec::new();
    for arg in args {
        if arg == "-" {
            for (n, line) in read_stdin("ids")?.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let id = if line.starts_with('{') {
                    serde_json::from_str::<serde_json::Value>(line)
                        .ok()
                        .and_then(|v| v["id"].as_i64())
                } else {
                    line.split_whitespace().next().and_then(|t| t.parse().ok())
                };
                ids.push(id.filter(|id| *id > 0).ok_or_else(|| {
                    Error::invalid(
                        "ids",
                        format!(
                            "stdin line {}: {line_q} holds no ticket id",
                            n + 1,
                            line_q = quote(line)
                        ),
                    )
                })?);
            }
        } else {
            ids.push(parse_id(arg)?);
        }
    }
    Ok(ids)
}

/// Parses a ticket id argument, for clap (the same rule as [`parse_id`]).
pub fn id_arg(s: &str) -> Result<i64, String> {
    parse_id(s).map_err(|e| match e {
        Error::Invalid { reason, .. } => reason,
        other => other.to_string(),
    })
}

/// Parses one ticket id.
pub fn parse_id(s: &str) -> Result<i64, Error> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| Error::invalid("id", format!("{s_q} is not a ticket id", s_q = quote(s))))
}

/// Splits `NAME=VALUE` arguments.
pub fn name_values(args: &[String]) -> Result<Vec<(String, String)>, Error> {
    args.iter()
        .map(|a| {
            a.split_once('=')
                .map(|(n, v)| (n.trim().to_string(), v.to_string()))
                .filter(|(n, _)| !n.is_empty())
                .ok_or_else(|| {
                    Error::invalid("field", format!("{a_q} is not NAME=VALUE", a_q = quote(a)))
                })
        })
        .collect()
}
