//! The connections of a store: a small pool, each connection lent to one
//! transaction at a time.

use super::*;

/// The most connections one store keeps open.
pub(super) const MAX_CONNECTIONS: usize = 8;

/// How to open another connection to the store.
pub(super) enum Source {
    /// The file at this name, opened with these flags.
    File {
        name: String,
        flags: OpenFlags,
        busy_timeout: Duration,
    },
    /// A private in-memory database: its one connection is all there is.
    Memory,
}

/// The connections of one store, each lent to one transaction at a time.
pub(super) struct Pool {
    pub(super) state: Mutex<PoolState>,
    pub(super) returned: Condvar,
    pub(super) source: Source,
    /// Whether a writer of this process holds the turn to write.
    writing: Mutex<bool>,
    /// Signalled when the turn to write is given back.
    write_done: Condvar,
}

/// The turn to write, among this process's writers: they queue here, in
/// the process, instead of each retrying SQLite's write lock in its busy
/// handler (which sleeps, up to 100 ms a try). Given back when dropped.
pub(super) struct WriteTurn<'p> {
    pool: &'p Pool,
}

impl Drop for WriteTurn<'_> {
    fn drop(&mut self) {
        *self.pool.writing.lock().unwrap_or_else(|e| e.into_inner()) = false;
        self.pool.write_done.notify_one();
    }
}

pub(super) struct PoolState {
    pub(super) idle: Vec<Connection>,
    /// Connections open, idle or lent.
    pub(super) open: usize,
}

/// A connection lent by the pool; back to it when dropped.
pub(super) struct Lease<'p> {
    pub(super) conn: Option<Connection>,
    pub(super) pool: &'p Pool,
}

impl std::ops::Deref for Lease<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("lent until dropped")
    }
}

impl std::ops::DerefMut for Lease<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("lent until dropped")
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut state = self.pool.state.lock().unwrap_or_else(|e| e.into_inner());
            state.idle.push(conn);
            self.pool.returned.notify_one();
        }
    }
}

impl Pool {
    pub(super) fn new(first: Connection, source: Source) -> Self {
        Pool {
            state: Mutex::new(PoolState {
                idle: vec![first],
                open: 1,
            }),
            returned: Condvar::new(),
            source,
            writing: Mutex::new(false),
            write_done: Condvar::new(),
        }
    }

    /// The turn to write, once this process's writer before has finished
    /// (waiting up to the busy timeout).
    pub(super) fn write_turn(&self) -> Result<WriteTurn<'_>> {
        let deadline = match &self.source {
            Source::File { busy_timeout, .. } => Some(std::time::Instant::now() + *busy_timeout),
            Source::Memory => None,
        };
        let mut writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        while *writing {
            writing = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(std::time::Instant::now());
                    if left.is_zero() {
                        return Err(Error::Busy);
                    }
                    self.write_done
                        .wait_timeout(writing, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self
                    .write_done
                    .wait(writing)
                    .unwrap_or_else(|e| e.into_inner()),
            };
        }
        *writing = true;
        Ok(WriteTurn { pool: self })
    }

    /// A connection: an idle one, a new one while there are fewer than
    /// [`MAX_CONNECTIONS`], else the next one returned (waiting up to the
    /// busy timeout).
    pub(super) fn lease(&self) -> Result<Lease<'_>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(Lease {
                    conn: Some(conn),
                    pool: self,
                });
            }
            match &self.source {
                Source::File {
                    name,
                    flags,
                    busy_timeout,
                } if state.open < MAX_CONNECTIONS => {
                    state.open += 1;
                    drop(state);
                    let opened = Connection::open_with_flags(name, *flags)
                        .and_then(|conn| configure(conn, *busy_timeout));
                    return match opened {
                        Ok(conn) => Ok(Lease {
                            conn: Some(conn),
                            pool: self,
                        }),
                        Err(e) => {
                            self.state.lock().unwrap_or_else(|e| e.into_inner()).open -= 1;
                            Err(e.into())
                        }
                    };
                }
                Source::File { busy_timeout, .. } => {
                    let (next, waited) = self
                        .returned
                        .wait_timeout(state, *busy_timeout)
                        .unwrap_or_else(|e| e.into_inner());
                    if waited.timed_out() && next.idle.is_empty() {
                        return Err(Error::Busy);
                    }
                    state = next;
                }
                Source::Memory => {
                    state = self.returned.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }
}

/// Sets a new connection up as every connection of a store is.
pub(super) fn configure(conn: Connection, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    conn.busy_timeout(busy_timeout)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}
