//! The user's configuration file (TOML): default user, store and page size.
//! Flags override the environment, which overrides this file.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// Settings read from `config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who `ticket` acts as when neither `--as` nor `TICKET_USER` is given.
    pub user: Option<String>,
    /// The store used when neither `--db` nor `TICKET_DB` is given.
    pub db: Option<String>,
    /// How many tickets a terminal list shows per page.
    pub page_size: Option<u64>,
    /// The secret `ticket serve` checks portals' HS256 web tokens with
    /// (`TICKET_JWT_SECRET` overrides it).
    pub jwt_secret: Option<String>,
    /// Sweep rules `ticket sweep` runs, in order, when given no rule flags.
    #[serde(default)]
    pub sweep: Vec<SweepConfig>,
}

/// A sweep rule as written in the config file (`[[sweep]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepConfig {
    /// The rule's name, shown in history as `sweep:NAME`.
    pub name: String,
    /// Statuses to pick tickets from.
    pub status: Vec<String>,
    /// How long without activity, e.g. `4d`.
    pub idle: String,
    /// The status to move them to.
    pub to: String,
    /// An internal note added to each ticket moved.
    pub note: Option<String>,
    /// Move at most this many per run.
    pub limit: Option<u64>,
}

impl Config {
    /// Reads the file at `path`; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let invalid =
            |reason: String| Error::invalid(format!("config file {}", path.display()), reason);
        let text = String::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "not UTF-8 text (a bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let config: Config = toml::from_str(&text).map_err(|e| {
            // Name the line, and so the key, that holds the bad value.
            let at = e.span().map(|span| {
                let line = text[..span.start].matches('\n').count() + 1;
                let shown = text.lines().nth(line - 1).unwrap_or("").trim();
                format!("line {line} ({}): ", crate::error::quote(shown))
            });
            invalid(format!("{}{}", at.unwrap_or_default(), e.message()))
        })?;
        let bad = |reason: &str| {
            Err(Error::invalid(
                format!("config file {}", path.display()),
                reason,
            ))
        };
        if config.page_size == Some(0) {
            return bad("page_size must be at least 1");
        }
        if config.db.as_ref().is_some_and(|db| db.trim().is_empty()) {
            return bad("db must not be empty (remove the key for the default store)");
        }
        if config.user.as_ref().is_some_and(|u| u.trim().is_empty()) {
            return bad("user must not be empty (remove the key to use your login name)");
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_refuses_typos() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
        std::fs::write(&path, "user = \"amy\"\npage_size = 20\n").unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!((c.user.as_deref(), c.page_size), (Some("amy"), Some(20)));
        std::fs::write(
            &path,
            "[[sweep]]\nname = \"close\"\nstatus = [\"solved\"]\nidle = \"4d\"\nto = \"closed\"\n",
        )
        .unwrap();
        assert_eq!(Config::load(&path).unwrap().sweep[0].idle, "4d");
        std::fs::write(&path, "db = \"\"\n").unwrap();
        let e = Config::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("config.toml") && e.contains("db must not be empty"),
            "{e}"
        );
        std::fs::write(&path, "usr = \"amy\"\n").unwrap();
        assert!(Config::load(&path).unwrap_err().to_string().contains("usr"));
        std::fs::write(&path, "user = \"amy\"\npage_size = -1\n").unwrap();
        let e = Config::load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2 ('page_size = -1')"), "{e}");
        std::fs::write(&path, b"user = \"\xff\"\n").unwrap();
        let e = Config::load(&path).unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
        assert_eq!(e.kind(), crate::ErrorKind::Invalid);
    }
}
