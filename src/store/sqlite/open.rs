//! Opening a store: telling a ticket store from an empty or foreign file,
//! setting it up, and reading what cannot be written.

use super::*;

/// A connection being opened, judged and brought up to date.
pub(super) struct Setup {
    pub(super) conn: Connection,
}

/// What a SQLite file holds, judged before anything is written to it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Contents {
    /// A ticket store (at any schema version up to this build's).
    Store,
    /// A database without a single table: free to become a store.
    Empty,
    /// Somebody else's database.
    Foreign,
}

impl SqliteStore {
    /// Opens the store at `path` for `access`. A store written by a newer
    /// `ticket` is refused with [`Error::TooNew`], a file that is not a
    /// ticket store with [`Error::NotAStore`]; neither is changed. Writing
    /// creates a missing store (mode 0600) and adopts an empty file,
    /// tightening it to 0600; reading creates nothing. Waits up to
    /// `busy_timeout` for other writers.
    pub fn open(path: &Path, busy_timeout: Duration, access: Access) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, busy_timeout, access, flags)
    }

    pub(super) fn open_with(
        path: &Path,
        busy_timeout: Duration,
        access: Access,
        flags: OpenFlags,
    ) -> Result<Self> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        // SQLite is handed an absolute path with URIs off, so no name is
        // read as anything but a file.
        let file = std::path::absolute(path).map_err(io)?;
        let size = match std::fs::metadata(&file) {
            Ok(meta) if meta.is_dir() => return Err(not_a_store(path, "it is a directory")),
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if access == Access::Read {
                    return Self::open_in_memory();
                }
                // Create the file ourselves so its mode is 0600 from the
                // first byte; SQLite gives the -wal and -shm files the same.
                OpenOptions::new()
                    .read(true)
                    .append(true)
                    .create(true)
                    .mode(0o600)
                    .open(&file)
                    .map_err(io)?;
                0
            }
            Err(e) => return Err(io(e)),
        };
        if size == 0 {
            if access == Access::Read {
                return Self::open_in_memory();
            }
            // Adopting a file made by someone else: private, like ours.
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        let opened = Connection::open_with_flags(&file, flags)
            .and_then(|conn| configure(conn, busy_timeout))
            .map(|conn| Setup { conn })
            .and_then(|store| Ok((store.contents()?, store)));
        let mut store = match opened {
            Ok((Contents::Store, store)) => store,
            Ok((Contents::Empty, store)) if access == Access::Write => store,
            Ok((Contents::Empty, _)) => return Self::open_in_memory(),
            Ok((Contents::Foreign, _)) => return Err(foreign(path)),
            Err(e) if access == Access::Read && is_unwritable(&e) => {
                // A store in a directory we cannot write to: its WAL index
                // cannot be made there, but then nobody can write the store
                // either, so it is read as an unchanging file.
                return Self::open_immutable(path, &file, busy_timeout);
            }
            Err(e) => return Err(store_error(path, e)),
        };
        if !store.is_ready()? {
            // Concurrent first opens race on journal_mode and CREATE TABLE;
            // an exclusive lock on a side file serialises the set-up.
            let lock = lock_file(&file)?;
            store.set_up()?;
            drop(lock);
        }
        Ok(SqliteStore::pooled(
            store.conn,
            Source::File {
                name: file.to_string_lossy().into_owned(),
                flags,
                busy_timeout,
            },
        ))
    }

    pub(super) fn pooled(conn: Connection, source: Source) -> Self {
        SqliteStore {
            pool: Pool::new(conn, source),
        }
    }

    /// Opens a store read-only as a file nobody changes.
    pub(super) fn open_immutable(path: &Path, file: &Path, busy_timeout: Duration) -> Result<Self> {
        let mut uri = url::Url::from_file_path(file)
            .map_err(|()| not_a_store(path, "its path cannot be opened read-only"))?;
        uri.set_query(Some("immutable=1"));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let store = Connection::open_with_flags(uri.as_str(), flags)
            .and_then(|conn| configure(conn, busy_timeout))
            .map(|conn| Setup { conn })
            .map_err(|e| store_error(path, e))?;
        match store.contents().map_err(|e| store_error(path, e))? {
            Contents::Store => {}
            Contents::Empty => return Self::open_in_memory(),
            Contents::Foreign => return Err(foreign(path)),
        }
        if store.user_version()? != SCHEMA_VERSION {
            return Err(Error::Storage(format!(
                "{}: the store needs an upgrade to schema version {SCHEMA_VERSION}, and it is read-only",
                path.display()
            )));
        }
        Ok(SqliteStore::pooled(
            store.conn,
            Source::File {
                name: uri.to_string(),
                flags,
                busy_timeout,
            },
        ))
    }

    /// Opens a private in-memory store, for tests.
    pub fn open_in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut store = Setup { conn };
        store.set_up()?;
        Ok(SqliteStore::pooled(store.conn, Source::Memory))
    }

    /// Brings a store to an exact schema version, for migration tests.
    #[cfg(test)]
    pub(crate) fn open_at_version(path: &Path, version: usize) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        migrations().to_version(&mut conn, version)?;
        Ok(SqliteStore::pooled(
            conn,
            Source::File {
                name: path.to_string_lossy().into_owned(),
                flags: OpenFlags::default(),
                busy_timeout: BUSY_TIMEOUT,
            },
        ))
    }

    /// A connection of the store's, for tests that look inside.
    #[cfg(test)]
    pub(super) fn conn(&self) -> Lease<'_> {
        self.pool.lease().expect("a connection")
    }

    /// The store's schema version, for tests.
    #[cfg(test)]
    pub(super) fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

impl Setup {
    /// Tells a ticket store from an empty or foreign database, reading only.
    pub(super) fn contents(&self) -> rusqlite::Result<Contents> {
        // One statement, so one snapshot: another process may be setting
        // the store up meanwhile, one committed step after another.
        // The four tables are those every schema version has had.
        let (app, version, objects, ours): (i32, i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()), \
                    (SELECT user_version FROM pragma_user_version()), \
                    count(*), \
                    coalesce(sum(type = 'table' AND name IN \
                        ('tickets', 'ticket_types', 'field_defs', 'type_fields')), 0) \
             FROM sqlite_schema",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        Ok(match app {
            APPLICATION_ID => Contents::Store,
            // Stores made before the application id was set (schema 8 and
            // older) are known by their version and their tables.
            0 if version == 0 && objects == 0 => Contents::Empty,
            0 if (1..=8).contains(&version) && ours == 4 => Contents::Store,
            _ => Contents::Foreign,
        })
    }

    pub(super) fn is_ready(&self) -> Result<bool> {
        let version = self.user_version()?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        Ok(version == SCHEMA_VERSION && mode.eq_ignore_ascii_case("wal"))
    }

    pub(super) fn user_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub(super) fn set_up(&mut self) -> Result<()> {
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::Storage(format!(
                "could not switch to WAL mode (got {mode})"
            )));
        }
        let found = self.user_version()?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found,
                known: SCHEMA_VERSION,
            });
        }
        let steps = migrations();
        for version in found + 1..=SCHEMA_VERSION {
            steps.to_version(&mut self.conn, version as usize)?;
        }
        Ok(())
    }
}

pub(super) fn not_a_store(path: &Path, reason: &str) -> Error {
    Error::NotAStore {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

pub(super) fn foreign(path: &Path) -> Error {
    not_a_store(path, "it is a SQLite database of another application")
}

/// A failure to read a store's header, named for the file.
pub(super) fn store_error(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_store(path, "it is not a SQLite database"),
        _ => e.into(),
    }
}

/// Whether SQLite failed for want of write access to the store's directory
/// or files (the WAL index cannot be created or opened).
pub(super) fn is_unwritable(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied)
    )
}

pub(super) fn lock_file(db: &Path) -> Result<File> {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .open(&path)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    file.lock().map_err(|source| Error::Io { path, source })?;
    Ok(file)
}
