//! The floor of `benches/serve.py`: about the least an axum server must do
//! to answer what `ticket serve` answers for `GET /api/v2/tickets/{id}`
//! and `POST /api/v2/tickets`, over the same store. Not part of the
//! product.
//!
//!     floor STORE
//!
//! STORE is a ticket store: a SQLite file, or a PostgreSQL connection
//! string (`postgres://…` or libpq's `key=value` form). The server listens
//! on a free loopback port and writes one line to stderr, `floor: serving
//! http://HOST:PORT`, once listening. It stops when killed.
//!
//! - `GET /ticket/{id}` reads the row `ticket` reads for one ticket (its
//!   `ticket_state` row joined to its `tickets` row) and writes it in seed
//!   2's JSON, the same keys in the same order; 404 when there is none.
//! - `POST /ticket` takes `{"typeId","subject","description"}` and, in one
//!   transaction, inserts what `ticket`'s store inserts for a new ticket:
//!   the `tickets` row, its `ticket_state` row and its `created` event
//!   (SQLite's search-index trigger fires as it does for `ticket`); 201
//!   with the new ticket's JSON.
//!
//! What it leaves out, and `ticket serve` does: authenticating a token
//! (a second read), validating the input against the store's types and
//! fields, the write lock and sequence reset of PostgreSQL writers, the
//! limits (in flight, time, rate) and the access log.
//!
//! With `FLOOR_WRITE_LOCK=1` in the environment, a PostgreSQL write first
//! takes the advisory lock `ticket`'s writers take (in the same round trip
//! as its `BEGIN`), so writers take turns as `ticket`'s do and commit their
//! events in id order: the floor of a write with that guarantee.
//!
//! Store calls run on tokio's blocking threads, as `ticket serve`'s do,
//! over a small pool of connections opened up front (eight, as `ticket`'s
//! pools hold at most). SQLite writes go through one dedicated connection
//! behind a mutex, the usual way of serving SQLite writers; reads use the
//! pool.

use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Connections in each pool.
const CONNECTIONS: usize = 8;

/// Who files the floor's tickets (`ticket` takes the token's user).
const USER: &str = "bench";

/// The advisory lock `ticket`'s PostgreSQL writers hold (its store's
/// `WRITE_LOCK`).
const WRITE_LOCK: i64 = 0x7469_636B_0000_0001;

/// A ticket as seed 2 shows it: the keys, in the order, of
/// `GET /api/v2/tickets/{id}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Shown {
    id: String,
    type_id: String,
    tags_id: Vec<String>,
    subject: String,
    description: String,
    status: &'static str,
    priority: String,
    requestor_id: String,
    submitter_id: String,
    assignee_id: Option<String>,
    group_id: Option<String>,
    organization_id: Option<String>,
    channel: Channel,
    ticket_fields: Value,
    created_at: String,
    updated_at: String,
    version: i64,
}

#[derive(Serialize)]
struct Channel {
    name: String,
}

/// The body of `POST /ticket`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewTicket {
    type_id: String,
    subject: String,
    description: String,
}

/// Seed 2's name of a stored status.
fn seed2_status(status: &str) -> &'static str {
    match status {
        "new" | "open" => "OPEN",
        "pending" => "Pending",
        "holding" => "Holding",
        "solved" => "Solved",
        _ => "Closed",
    }
}

/// A time as `ticket` writes it: RFC 3339, UTC, microseconds.
fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The JSON of a ticket just filed, as it was stored.
fn filed(id: i64, t: NewTicket, now: DateTime<Utc>) -> Shown {
    Shown {
        id: id.to_string(),
        type_id: t.type_id,
        tags_id: Vec::new(),
        subject: t.subject,
        description: t.description,
        status: "OPEN",
        priority: "normal".into(),
        requestor_id: USER.into(),
        submitter_id: USER.into(),
        assignee_id: None,
        group_id: None,
        organization_id: None,
        channel: Channel { name: "api".into() },
        ticket_fields: Value::Object(Default::default()),
        created_at: rfc3339(now),
        updated_at: rfc3339(now),
        version: 1,
    }
}

/// Connections lent one at a time.
struct Pool<C> {
    idle: Mutex<Vec<C>>,
    returned: Condvar,
}

impl<C> Pool<C> {
    fn new(conns: Vec<C>) -> Self {
        Pool {
            idle: Mutex::new(conns),
            returned: Condvar::new(),
        }
    }

    /// Runs `f` with a connection, waiting for one if all are lent.
    fn with<T>(&self, f: impl FnOnce(&mut C) -> T) -> T {
        let mut idle = self.idle.lock().expect("pool lock");
        let mut conn = loop {
            match idle.pop() {
                Some(c) => break c,
                None => idle = self.returned.wait(idle).expect("pool lock"),
            }
        };
        drop(idle);
        let out = f(&mut conn);
        self.idle.lock().expect("pool lock").push(conn);
        self.returned.notify_one();
        out
    }
}

/// The columns `ticket` reads for a ticket.
const COLUMNS: &str = "s.id, t.type, t.subject, t.question, s.status, s.priority, t.support, \
     t.committer, t.requester, s.assignee, t.grp, t.organization, t.channel, t.tags, t.fields, \
     s.version, t.created_at, s.updated_at";
const SELECT: &str = "FROM ticket_state s JOIN tickets t ON t.id = s.id";

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// The store the floor serves.
enum Store {
    Sqlite {
        readers: Pool<rusqlite::Connection>,
        writer: Mutex<rusqlite::Connection>,
    },
    Postgres(Pool<PgConn>),
}

/// A PostgreSQL connection with its statements prepared.
struct PgConn {
    client: postgres::Client,
    select: postgres::Statement,
    ticket: postgres::Statement,
    state: postgres::Statement,
    event: postgres::Statement,
}

impl Store {
    fn open(location: &str) -> Result<Store, Failure> {
        if location.starts_with("postgres://")
            || location.starts_with("postgresql://")
            || location.contains('=')
        {
            let mut conns = Vec::new();
            for _ in 0..CONNECTIONS {
                let mut client = postgres::Client::connect(location, postgres::NoTls)?;
                conns.push(PgConn {
                    select: client.prepare(&format!("SELECT {COLUMNS} {SELECT} WHERE s.id = $1"))?,
                    ticket: client.prepare(
                        "INSERT INTO tickets (type, subject, question, support, committer, requester, \
                         grp, organization, channel, tags, fields, field_text, created_at) \
                         VALUES ($1, $2, $3, false, $4, $4, NULL, NULL, 'api', $5, $6, NULL, $7) \
                         RETURNING id",
                    )?,
                    state: client.prepare(
                        "INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
                         VALUES ($1, 'new', 'normal', NULL, 1, $2)",
                    )?,
                    event: client.prepare(
                        "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) \
                         VALUES ($1, $2, $3, 'created', NULL, NULL, $4, NULL)",
                    )?,
                    client,
                });
            }
            return Ok(Store::Postgres(Pool::new(conns)));
        }
        let open = || -> rusqlite::Result<rusqlite::Connection> {
            let conn = rusqlite::Connection::open_with_flags(
                location,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            // The settings of ticket's connections.
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            Ok(conn)
        };
        let readers = (0..CONNECTIONS).map(|_| open()).collect::<Result<_, _>>()?;
        Ok(Store::Sqlite {
            readers: Pool::new(readers),
            writer: Mutex::new(open()?),
        })
    }

    /// One ticket's JSON, if there is such a ticket.
    fn ticket(&self, id: i64) -> Result<Option<String>, Failure> {
        let shown = match self {
            Store::Sqlite { readers, .. } => readers.with(|conn| {
                let mut stmt =
                    conn.prepare_cached(&format!("SELECT {COLUMNS} {SELECT} WHERE s.id = ?"))?;
                let mut rows = stmt.query([id])?;
                let Some(r) = rows.next()? else {
                    return Ok::<_, Failure>(None);
                };
                let micros: i64 = r.get(17)?;
                Ok(Some(Shown {
                    id: r.get::<_, i64>(0)?.to_string(),
                    type_id: r.get(1)?,
                    subject: r.get(2)?,
                    description: r.get(3)?,
                    status: seed2_status(r.get_ref(4)?.as_str()?),
                    priority: r.get(5)?,
                    submitter_id: r.get(7)?,
                    requestor_id: r.get(8)?,
                    assignee_id: r.get(9)?,
                    group_id: r.get(10)?,
                    organization_id: r.get(11)?,
                    channel: Channel { name: r.get(12)? },
                    tags_id: serde_json::from_str(r.get_ref(13)?.as_str()?)?,
                    ticket_fields: serde_json::from_str(r.get_ref(14)?.as_str()?)?,
                    version: r.get(15)?,
                    created_at: r.get(16)?,
                    updated_at: rfc3339(
                        DateTime::from_timestamp_micros(micros).ok_or("updated_at out of range")?,
                    ),
                }))
            })?,
            Store::Postgres(pool) => pool.with(|c| {
                let Some(r) = c.client.query_opt(&c.select, &[&id])? else {
                    return Ok::<_, Failure>(None);
                };
                Ok(Some(Shown {
                    id: r.try_get::<_, i64>(0)?.to_string(),
                    type_id: r.try_get(1)?,
                    subject: r.try_get(2)?,
                    description: r.try_get(3)?,
                    status: seed2_status(r.try_get(4)?),
                    priority: r.try_get(5)?,
                    submitter_id: r.try_get(7)?,
                    requestor_id: r.try_get(8)?,
                    assignee_id: r.try_get(9)?,
                    group_id: r.try_get(10)?,
                    organization_id: r.try_get(11)?,
                    channel: Channel {
                        name: r.try_get(12)?,
                    },
                    tags_id: r.try_get(13)?,
                    ticket_fields: r.try_get(14)?,
                    version: r.try_get(15)?,
                    created_at: rfc3339(r.try_get(16)?),
                    updated_at: rfc3339(r.try_get(17)?),
                }))
            })?,
        };
        Ok(shown.map(|s| serde_json::to_string(&s)).transpose()?)
    }

    /// Files a ticket; its JSON.
    fn file(&self, t: NewTicket) -> Result<String, Failure> {
        let now = Utc::now();
        let created = Value::String("new".into());
        let id = match self {
            Store::Sqlite { writer, .. } => {
                let mut conn = writer.lock().map_err(|_| "the writer's lock is poisoned")?;
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                tx.prepare_cached(
                    "INSERT INTO tickets (type, subject, question, support, committer, requester, \
                     grp, organization, channel, tags, fields, field_text, created_at) \
                     VALUES (?1, ?2, ?3, 0, ?4, ?4, NULL, NULL, 'api', '[]', '{}', NULL, ?5)",
                )?
                .execute(rusqlite::params![
                    t.type_id,
                    t.subject,
                    t.description,
                    USER,
                    rfc3339(now)
                ])?;
                let id = tx.last_insert_rowid();
                tx.prepare_cached(
                    "INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at) \
                     VALUES (?1, 'new', 'normal', NULL, 1, ?2)",
                )?
                .execute(rusqlite::params![id, now.timestamp_micros()])?;
                tx.prepare_cached(
                    "INSERT INTO events (ticket_id, at, actor, kind, field, old, new) \
                     VALUES (?1, ?2, ?3, 'created', NULL, NULL, ?4)",
                )?
                .execute(rusqlite::params![
                    id,
                    rfc3339(now),
                    USER,
                    created.to_string()
                ])?;
                tx.commit()?;
                id
            }
            Store::Postgres(pool) => pool.with(|c| {
                // BEGIN (with the write lock, when asked for) in one round
                // trip, the three inserts, COMMIT; ROLLBACK on a failure.
                let begin = if std::env::var_os("FLOOR_WRITE_LOCK").is_some() {
                    format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                } else {
                    "BEGIN".to_string()
                };
                c.client.batch_execute(&begin)?;
                let tags: Vec<String> = Vec::new();
                let fields = Value::Object(Default::default());
                let written = (|| -> Result<i64, postgres::Error> {
                    let id: i64 = c
                        .client
                        .query_one(
                            &c.ticket,
                            &[
                                &t.type_id,
                                &t.subject,
                                &t.description,
                                &USER,
                                &tags,
                                &fields,
                                &now,
                            ],
                        )?
                        .try_get(0)?;
                    c.client.execute(&c.state, &[&id, &now])?;
                    c.client.execute(&c.event, &[&id, &now, &USER, &created])?;
                    c.client.batch_execute("COMMIT")?;
                    Ok(id)
                })();
                if written.is_err() {
                    let _ = c.client.batch_execute("ROLLBACK");
                }
                Ok::<_, Failure>(written?)
            })?,
        };
        Ok(serde_json::to_string(&filed(id, t, now))?)
    }
}

/// A JSON answer.
fn answer(status: StatusCode, body: String) -> Response {
    let mut r = body.into_response();
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn failed(e: impl std::fmt::Display) -> Response {
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        serde_json::json!({"error": e.to_string()}).to_string(),
    )
}

async fn get_ticket(State(store): State<Arc<Store>>, Path(id): Path<i64>) -> Response {
    match tokio::task::spawn_blocking(move || store.ticket(id)).await {
        Ok(Ok(Some(body))) => answer(StatusCode::OK, body),
        Ok(Ok(None)) => answer(
            StatusCode::NOT_FOUND,
            r#"{"error":"no such ticket"}"#.into(),
        ),
        Ok(Err(e)) => failed(e),
        Err(e) => failed(e),
    }
}

async fn post_ticket(State(store): State<Arc<Store>>, Json(t): Json<NewTicket>) -> Response {
    match tokio::task::spawn_blocking(move || store.file(t)).await {
        Ok(Ok(body)) => answer(StatusCode::CREATED, body),
        Ok(Err(e)) => failed(e),
        Err(e) => failed(e),
    }
}

fn main() -> Result<(), Failure> {
    let location = std::env::args()
        .nth(1)
        .ok_or("usage: floor STORE (a SQLite file or a PostgreSQL connection string)")?;
    let store = Arc::new(Store::open(&location)?);
    let app = Router::new()
        .route("/ticket/{id}", get(get_ticket))
        .route("/ticket", post(post_ticket))
        .with_state(store);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let listener =
                tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
            eprintln!("floor: serving http://{}", listener.local_addr()?);
            axum::serve(listener, app).await?;
            Ok(())
        })
}
