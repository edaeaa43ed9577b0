//! The conformance suite on PostgreSQL, and what only PostgreSQL can get
//! wrong: concurrent first opens, concurrent writers, a follower of the
//! event ids, a database of the wrong kind, passwords in messages.
//!
//! The server comes from `TICKET_TEST_PG`, a libpq connection string of a
//! role that may create databases (`scripts/with-postgres cargo test` sets
//! it). Each test gets a fresh database, dropped afterwards. Without the
//! variable the tests print a notice and pass, unless `CI` is set: there
//! they fail, so CI never passes without having run them.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};
use serde_json::json;

use super::*;
use crate::model::{EventKind, NewEvent, Reply, Role, Status, Ticket};
use crate::query::{Filter, Query, Sort};
use crate::store::suite::{at, reply, sample, store_suite};
use crate::store::{BUSY_TIMEOUT, SqliteStore};

const SERVER: &str = "TICKET_TEST_PG";

/// The test server's connection string; `None` (after a notice) when there
/// is none outside CI.
fn server() -> Option<String> {
    match std::env::var(SERVER) {
        Ok(s) if !s.trim().is_empty() => Some(s),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{SERVER} is not set, so the PostgreSQL tests cannot run, and CI must run them: \
                 run the tests as `scripts/with-postgres cargo test --all-features`"
            );
            eprintln!(
                "note: {SERVER} is not set; PostgreSQL test skipped \
                 (`scripts/with-postgres cargo test` runs it)"
            );
            None
        }
    }
}

/// A fresh database on the test server, dropped with this value.
struct TestDb {
    admin: String,
    name: String,
    conninfo: String,
}

impl TestDb {
    /// A database made by `CREATE DATABASE name {options}`.
    fn create(options: &str) -> Option<TestDb> {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let admin = server()?;
        let name = format!(
            "ticket_test_{}_{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = Client::connect(&admin, NoTls).expect("the test server answers");
        client
            .batch_execute(&format!("CREATE DATABASE {name} {options}"))
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name} {options}: {e:?}"));
        let conninfo = with_dbname(&admin, &name);
        Some(TestDb {
            admin,
            name,
            conninfo,
        })
    }

    /// A database as a store needs it.
    fn fresh() -> Option<TestDb> {
        Self::create("TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    }

    fn client(&self) -> Client {
        Client::connect(&self.conninfo, NoTls).unwrap()
    }

    fn open(&self) -> Result<PgStore> {
        PgStore::open(&self.conninfo, BUSY_TIMEOUT)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The connection string `conninfo` with another database.
fn with_dbname(conninfo: &str, dbname: &str) -> String {
    match url::Url::parse(conninfo) {
        Ok(mut url) if url.scheme().starts_with("postgres") => {
            url.set_path(&format!("/{dbname}"));
            url.to_string()
        }
        _ => format!("{conninfo} dbname={dbname}"),
    }
}

/// A store in a fresh database, dropped with it.
struct TestStore {
    store: PgStore,
    db: TestDb,
}

impl TestStore {
    fn new() -> Option<TestStore> {
        let db = TestDb::fresh()?;
        Some(TestStore {
            store: db.open().unwrap(),
            db,
        })
    }

    /// A second store on the same database.
    fn twin(&self) -> PgStore {
        self.db.open().unwrap()
    }
}

impl Store for TestStore {
    fn read(&self) -> Result<Box<dyn Txn + '_>> {
        Ok(Box::new(self.store.read()?))
    }

    fn write(&self) -> Result<Box<dyn Txn + '_>> {
        Ok(Box::new(self.store.write()?))
    }

    fn glance(&self) -> Result<Box<dyn Txn + '_>> {
        Store::glance(&self.store)
    }
}

/// A [`TestStore`], or the end of the test when there is no server.
macro_rules! test_store {
    () => {
        match TestStore::new() {
            Some(store) => store,
            None => return,
        }
    };
}

/// One store serves many threads.
#[test]
fn a_store_is_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<PgStore>();
}

mod suite {
    use super::*;
    store_suite!(test_store!(), twin: TestStore::twin);
}

#[test]
fn eight_processes_opening_a_fresh_database_at_once_all_succeed() {
    let Some(db) = TestDb::fresh() else { return };
    let barrier = Barrier::new(8);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                barrier.wait();
                let store = db.open().unwrap();
                let txn = store.write().unwrap();
                txn.insert_ticket(&sample("x", Status::New, "01:00:00"))
                    .unwrap();
                Box::new(txn).commit().unwrap();
            });
        }
    });
    let mut client = db.client();
    let version: i32 = client
        .query_one("SELECT version FROM ticket_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(version), SCHEMA_VERSION);
    let store = db.open().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(txn.ticket_types().unwrap().len(), 5);
    assert_eq!(
        txn.count_tickets(&Filter {
            all: true,
            ..Filter::default()
        })
        .unwrap(),
        8
    );
}

#[test]
fn concurrent_writers_lose_nothing_and_never_see_busy() {
    let Some(db) = TestDb::fresh() else { return };
    let store = db.open().unwrap();
    let txn = store.write().unwrap();
    let id = txn
        .insert_ticket(&sample("counter", Status::New, "01:00:00"))
        .unwrap();
    Box::new(txn).commit().unwrap();
    const ROUNDS: usize = 25;
    std::thread::scope(|s| {
        for w in 0..8 {
            let store = &store;
            s.spawn(move || {
                for round in 0..ROUNDS {
                    // Read, change, write back: a lost update shows in the
                    // final version.
                    let txn = store.write().expect("no writer waits 10 s");
                    let mut t = txn.ticket(id).unwrap().unwrap();
                    t.version += 1;
                    t.tags = vec![format!("w{w}")];
                    txn.insert_event(&NewEvent {
                        ticket_id: id,
                        at: at("02:00:00"),
                        actor: format!("w{w}"),
                        kind: EventKind::Tags,
                        field: None,
                        old: None,
                        new: Some(json!(round)),
                        run: None,
                    })
                    .unwrap();
                    txn.update_ticket(&t).unwrap();
                    Box::new(txn).commit().unwrap();
                }
            });
        }
    });
    let txn = store.read().unwrap();
    assert_eq!(
        txn.ticket(id).unwrap().unwrap().version,
        1 + 8 * ROUNDS as i64
    );
    assert_eq!(txn.events(id).unwrap().len(), 8 * ROUNDS);
}

#[test]
fn a_follower_of_event_ids_misses_none_while_eight_writers_commit() {
    let Some(db) = TestDb::fresh() else { return };
    let store = db.open().unwrap();
    let txn = store.write().unwrap();
    let id = txn
        .insert_ticket(&sample("busy", Status::New, "01:00:00"))
        .unwrap();
    Box::new(txn).commit().unwrap();
    let done = std::sync::atomic::AtomicBool::new(false);
    let seen = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        s.spawn(|| {
            // `id > last seen`, each poll its own snapshot, as a follower
            // of the history would read it.
            let mut client = db.client();
            let mut last = 0_i64;
            loop {
                let finished = done.load(Ordering::SeqCst);
                for row in client
                    .query("SELECT id FROM events WHERE id > $1 ORDER BY id", &[&last])
                    .unwrap()
                {
                    last = row.get(0);
                    seen.lock().unwrap().push(last);
                }
                if finished {
                    break;
                }
            }
        });
        std::thread::scope(|w| {
            for writer in 0..8 {
                let store = &store;
                w.spawn(move || {
                    for _ in 0..30 {
                        // Half the writers file tickets (with their
                        // events), the rest record events.
                        let txn = store.write().unwrap();
                        if writer % 2 == 0 {
                            txn.file_ticket(
                                &sample("filed", Status::New, "02:00:00"),
                                &filed_event(),
                            )
                            .unwrap();
                        } else {
                            txn.insert_event(&NewEvent {
                                ticket_id: id,
                                at: at("02:00:00"),
                                actor: "w".into(),
                                kind: EventKind::Status,
                                field: None,
                                old: None,
                                new: None,
                                run: None,
                            })
                            .unwrap();
                        }
                        // Time between taking an id and committing it,
                        // where another writer could commit a later one.
                        std::thread::sleep(Duration::from_micros(300));
                        Box::new(txn).commit().unwrap();
                    }
                });
            }
        });
        done.store(true, Ordering::SeqCst);
    });
    let all: Vec<i64> = db
        .client()
        .query("SELECT id FROM events ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(all.len(), 240);
    assert_eq!(*seen.lock().unwrap(), all);
}

#[test]
fn a_writer_waits_for_another_then_is_busy() {
    let Some(db) = TestDb::fresh() else { return };
    let quick = PgStore::open(&db.conninfo, Duration::from_millis(200)).unwrap();
    let other = db.open().unwrap();
    let holder = other.write().unwrap();
    let started = Instant::now();
    let Err(err) = quick.write() else {
        panic!("a second writer got the lock");
    };
    assert!(matches!(err, Error::Busy), "{err:?}");
    assert_eq!(err.kind(), crate::ErrorKind::Busy);
    assert!(started.elapsed() >= Duration::from_millis(150));
    // Readers are never held up by a writer.
    assert_eq!(quick.read().unwrap().ticket_types().unwrap().len(), 5);
    drop(holder);
    let txn = quick.write().unwrap();
    Box::new(txn).commit().unwrap();
}

/// The event that records a ticket's filing.
fn filed_event() -> NewEvent {
    NewEvent {
        ticket_id: 0,
        at: at("00:00:00"),
        actor: "amy".into(),
        kind: EventKind::Created,
        field: None,
        old: None,
        new: Some(json!("new")),
        run: None,
    }
}

#[test]
fn a_filing_under_a_key_a_twin_is_using_gives_the_twins_ticket() {
    let Some(db) = TestDb::fresh() else { return };
    let desk = crate::Desk::new(Box::new(db.open().unwrap()));
    let twin = db.open().unwrap();
    let holder = twin.write().unwrap();
    let id = holder
        .file_ticket(&sample("twin", Status::New, "00:00:00"), &filed_event())
        .unwrap();
    holder.insert_idempotency_key("form-7", id).unwrap();
    let filed = std::thread::scope(|s| {
        let waiting = s.spawn(|| {
            desk.create(
                crate::desk::Change::new("amy", at("01:00:00")),
                crate::model::NewTicket {
                    kind: Some("sys".into()),
                    question: Some("the same form, sent twice".into()),
                    idempotency_key: Some("form-7".into()),
                    ..Default::default()
                },
            )
        });
        // By now it has looked for the key (not committed yet) and waits
        // for the lock.
        std::thread::sleep(Duration::from_millis(300));
        Box::new(holder).commit().unwrap();
        waiting.join().unwrap()
    })
    .unwrap();
    assert_eq!((filed.id, filed.subject.as_str()), (id, "twin"));
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    assert_eq!(desk.count(&all).unwrap(), 1);
}

#[test]
fn a_pooled_connection_the_server_closed_is_replaced() {
    let Some(db) = TestDb::fresh() else { return };
    let store = db.open().unwrap();
    let kinds = |store: &PgStore| {
        // Three connections in the pool, each used once.
        let (a, b, c) = (
            Store::glance(store).unwrap(),
            store.read().unwrap(),
            store.write().unwrap(),
        );
        for txn in [&*a, &b as &dyn Txn, &c] {
            assert_eq!(txn.ticket_types().unwrap().len(), 5);
        }
    };
    kinds(&store);
    let mut admin = db.client();
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
        > 0
    {
        assert!(Instant::now() < deadline, "the connections were not closed");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Every way of starting work gets a live connection.
    kinds(&store);
    let txn = store.write().unwrap();
    let id = txn
        .file_ticket(&sample("after", Status::New, "00:00:00"), &filed_event())
        .unwrap();
    Box::new(txn).commit().unwrap();
    assert!(Store::glance(&store).unwrap().ticket(id).unwrap().is_some());
}

#[test]
fn databases_that_would_not_behave_as_sqlite_are_refused() {
    for (options, problem) in [
        (
            "TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'",
            "encoding is SQL_ASCII",
        ),
        (
            "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C'",
            "character type is C",
        ),
        (
            "TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' \
             LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
            "ICU",
        ),
    ] {
        let Some(db) = TestDb::create(options) else {
            return;
        };
        let Err(err) = db.open() else {
            panic!("{options}: accepted");
        };
        let message = err.to_string();
        assert!(matches!(err, Error::Storage(_)), "{options}: {err:?}");
        for part in [
            problem,
            &format!("\"{}\"", db.name),
            "CREATE DATABASE",
            "LC_COLLATE 'C.UTF-8'",
        ] {
            assert!(message.contains(part), "{options}: {message}");
        }
        // Nothing was written to it.
        let tables: i64 = db
            .client()
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(tables, 0);
    }
    // The C collation without UTF-8 in its name sorts the same: accepted.
    let Some(db) =
        TestDb::create("TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'")
    else {
        return;
    };
    db.open().unwrap();
}

#[test]
fn errors_name_the_server_and_database_never_the_password() {
    for conninfo in [
        "postgres://ticket:s3cret-pw@127.0.0.1:1/helpdesk",
        "postgresql://ticket:s3cret-pw@127.0.0.1:1/helpdesk?connect_timeout=2",
        "host=127.0.0.1 port=1 user=ticket password=s3cret-pw dbname=helpdesk",
    ] {
        let Err(err) = PgStore::open(conninfo, BUSY_TIMEOUT) else {
            panic!("connected to port 1");
        };
        let message = err.to_string();
        assert!(matches!(err, Error::Storage(_)), "{err:?}");
        assert_eq!(err.kind(), crate::ErrorKind::Failure);
        assert!(message.contains("127.0.0.1:1"), "{message}");
        assert!(message.contains("\"helpdesk\""), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
    }
    // A string that does not parse is not repeated either.
    for conninfo in [
        "postgres://ticket:s3cret-pw@127.0.0.1:port/helpdesk",
        "host=127.0.0.1 password=s3cret pw",
        "user=ticket password='s3cret",
    ] {
        let Err(err) = PgStore::open(conninfo, BUSY_TIMEOUT) else {
            panic!("{conninfo} parsed");
        };
        assert!(!err.to_string().contains("s3cret"), "{err}");
        assert_eq!(err.kind(), crate::ErrorKind::Invalid, "{err}");
    }
    // A database that does not exist, on a server that answers.
    let Some(server) = server() else { return };
    let Err(err) = PgStore::open(&with_dbname(&server, "no_such_desk"), BUSY_TIMEOUT) else {
        panic!("opened a database that does not exist");
    };
    assert!(err.to_string().contains("\"no_such_desk\""), "{err}");
    assert_eq!(err.kind(), crate::ErrorKind::Failure);
}

#[test]
fn a_newer_schema_and_a_foreign_database_are_refused() {
    let Some(db) = TestDb::fresh() else { return };
    drop(db.open().unwrap());
    db.client()
        .execute(
            "UPDATE ticket_schema SET version = $1",
            &[&(SCHEMA_VERSION as i32 + 1)],
        )
        .unwrap();
    let Err(err) = db.open() else {
        panic!("opened a newer store");
    };
    assert!(
        matches!(err, Error::TooNew { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
        "{err:?}"
    );
    let Some(foreign) = TestDb::fresh() else {
        return;
    };
    foreign
        .client()
        .batch_execute("CREATE TABLE invoices (id int)")
        .unwrap();
    let Err(err) = foreign.open() else {
        panic!("adopted a foreign database");
    };
    assert!(matches!(err, Error::NotAStore { .. }), "{err:?}");
}

#[test]
fn a_transaction_whose_statement_failed_commits_nothing() {
    let Some(store) = TestStore::new() else {
        return;
    };
    let txn = Store::write(&store).unwrap();
    let id = txn
        .insert_ticket(&sample("kept?", Status::New, "01:00:00"))
        .unwrap();
    txn.insert_idempotency_key("k", id).unwrap();
    assert!(txn.insert_idempotency_key("k", id).is_err());
    let err = txn.commit().unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Failure, "{err}");
    assert!(!Store::read(&store).unwrap().ticket_exists(id).unwrap());
}

#[test]
fn many_transactions_at_once_share_the_pool() {
    let Some(db) = TestDb::fresh() else { return };
    let store = PgStore::open(&db.conninfo, Duration::from_millis(300)).unwrap();
    let readers: Vec<PgTxn<'_>> = (0..MAX_CONNECTIONS)
        .map(|_| store.read().unwrap())
        .collect();
    assert!(matches!(store.read(), Err(Error::Busy)));
    drop(readers);
    assert_eq!(store.read().unwrap().ticket_types().unwrap().len(), 5);
    assert!(store.lock_pool().open <= MAX_CONNECTIONS);
}

/// Applies the same changes through any store.
fn workload(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let mut ids = vec![];
    for i in 0..30usize {
        let mut t = sample(
            ["Printer", "printer", "Zebra", "éclair", "中文", "apple"][i % 6],
            Status::ALL[i % 5],
            &format!("0{}:{:02}:00.{:06}", i % 7, i % 13, i * 7919 % 1_000_000),
        );
        t.created_at = at(&format!("00:{:02}:00", 59 - i));
        t.tags = vec!["vip".into(), format!("t{}", i % 3), "Ünï".into()];
        t.assignee = (i % 3 != 0).then(|| ["bob", "Bob", "ann"][i % 3].to_string());
        t.requester = ["amy", "Amy", "zed"][i % 3].into();
        t.priority = crate::model::Priority::ALL[i % 3];
        if i % 4 == 0 {
            t.kind = "module".into();
            t.fields.insert("module".into(), json!(format!("m{i}")));
            t.fields.insert("amount".into(), json!(i));
            t.fields.insert("company".into(), json!("Initech 公司"));
        }
        let id = txn.insert_ticket(&t).unwrap();
        ids.push(id);
        txn.insert_reply(&Reply {
            role: if i % 2 == 0 {
                Role::Requester
            } else {
                Role::Agent
            },
            internal: i % 5 == 0,
            ..reply(id, &format!("reply {i}: the printer works"), "08:00:00")
        })
        .unwrap();
        txn.insert_event(&NewEvent {
            ticket_id: id,
            at: at("08:00:00.000001"),
            actor: "amy".into(),
            kind: EventKind::Field,
            field: Some("fields".into()),
            old: Some(json!({"b": 1, "a": [1.5, "x"]})),
            new: None,
            run: None,
        })
        .unwrap();
        if i % 7 == 0 {
            txn.insert_idempotency_key(&format!("key-{}", 30 - i), id)
                .unwrap();
        }
    }
    let run = txn.insert_run("close", "cron", at("09:00:00")).unwrap();
    let query = Query {
        filter: Filter {
            statuses: vec![Status::Solved],
            ..Filter::default()
        },
        ..Query::default()
    };
    txn.bulk_status(
        &query,
        &crate::store::BulkStatus {
            to: Status::Closed,
            at: at("09:00:00"),
            actor: "sweep:close",
            run,
            note: Some("closed by the sweep"),
        },
    )
    .unwrap();
    txn.commit().unwrap();
}

/// Everything a store shows, as JSON text: export, lists in every order,
/// searches, keys, runs, types and fields.
fn everything_shown(store: &mut dyn Store) -> Vec<String> {
    let txn = store.read().unwrap();
    let mut out = vec![];
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    txn.scan_threads(&all, &mut |t, r, e| {
        out.push(serde_json::to_string(&(t, r, e)).unwrap());
        Ok(())
    })
    .unwrap();
    for key in [
        "id",
        "created",
        "updated",
        "priority",
        "status",
        "type",
        "subject",
        "assignee",
        "requester",
    ] {
        for sort in [key.to_string(), format!("-{key}")] {
            let query = Query {
                filter: all.clone(),
                sort: sort.parse::<Sort>().unwrap(),
                ..Query::default()
            };
            let mut list: Vec<Ticket> = vec![];
            txn.scan_tickets(&query, &mut |t| {
                list.push(t);
                Ok(())
            })
            .unwrap();
            out.push(serde_json::to_string(&list).unwrap());
        }
    }
    for words in [&["printer"][..], &["公司"], &["reply", "works"], &["PRINT"]] {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut ids = vec![];
        txn.search(&words, &all, None, &mut |t, _| {
            ids.push(t.id);
            Ok(())
        })
        .unwrap();
        out.push(format!("{words:?}: {ids:?}"));
    }
    txn.scan_idempotency_keys(&all, &mut |k, t| {
        out.push(format!("{k} {t}"));
        Ok(())
    })
    .unwrap();
    out.push(serde_json::to_string(&txn.runs().unwrap()).unwrap());
    out.push(serde_json::to_string(&txn.ticket_types().unwrap()).unwrap());
    out.push(serde_json::to_string(&txn.field_defs().unwrap()).unwrap());
    out
}

#[test]
fn what_a_store_shows_is_byte_for_byte_what_sqlite_shows() {
    let Some(mut pg) = TestStore::new() else {
        return;
    };
    let mut sqlite = SqliteStore::open_in_memory().unwrap();
    workload(&mut pg);
    workload(&mut sqlite);
    let (pg, sqlite) = (everything_shown(&mut pg), everything_shown(&mut sqlite));
    assert_eq!(pg.len(), sqlite.len());
    for (p, s) in pg.iter().zip(&sqlite) {
        assert_eq!(p, s);
    }
}

/// Figures for the bulk load: `cargo test --release --all-features
/// bulk_load_figures -- --ignored --nocapture` with `TICKET_TEST_PG` set.
#[test]
#[ignore = "a measurement, not a check"]
fn bulk_load_figures() {
    const TICKETS: i64 = 20_000;
    let load = |store: &mut dyn Store, bulk: bool| {
        let started = Instant::now();
        let txn = store.write().unwrap();
        if bulk {
            txn.begin_bulk_load().unwrap();
        }
        for id in 1..=TICKETS {
            let mut t = sample(&format!("ticket {id}"), Status::Open, "01:00:00");
            t.id = id;
            t.question = format!("{id}: the printer on floor {} jams again. ", id % 9).repeat(8);
            t.tags = vec!["vip".into()];
            txn.insert_ticket(&t).unwrap();
            for k in 0..2 {
                let mut r = reply(
                    id,
                    &format!("reply {k} to {id}: replace the toner"),
                    "02:00:00",
                );
                r.id = id * 2 + k;
                txn.insert_reply(&r).unwrap();
            }
            for k in 0..3 {
                let e = NewEvent {
                    ticket_id: id,
                    at: at("02:00:00"),
                    actor: "amy".into(),
                    kind: EventKind::Status,
                    field: Some("status".into()),
                    old: Some(json!("new")),
                    new: Some(json!("open")),
                    run: None,
                }
                .stored(id * 3 + k);
                txn.insert_event_row(&e).unwrap();
            }
        }
        if bulk {
            txn.end_bulk_load().unwrap();
        }
        txn.commit().unwrap();
        started.elapsed()
    };
    for bulk in [true, false] {
        let Some(mut store) = TestStore::new() else {
            return;
        };
        let took = load(&mut store, bulk);
        eprintln!(
            "PostgreSQL, {}: {TICKETS} tickets (2 replies, 3 events each) in {took:.2?}, {:.0} tickets/s",
            if bulk {
                "bulk load (COPY)"
            } else {
                "row by row"
            },
            TICKETS as f64 / took.as_secs_f64()
        );
    }
    let mut sqlite = SqliteStore::open_in_memory().unwrap();
    let took = load(&mut sqlite, true);
    eprintln!(
        "SQLite in memory, bulk load: {took:.2?}, {:.0} tickets/s",
        TICKETS as f64 / took.as_secs_f64()
    );
}

/// Figures for a search whose match is a 1 MiB ticket and a 1 MiB reply,
/// each full of the words: `cargo test --all-features search_figures --
/// --ignored --nocapture` with `TICKET_TEST_PG` set.
#[test]
#[ignore = "a measurement, not a check"]
fn search_figures() {
    let Some(store) = TestStore::new() else {
        return;
    };
    let txn = store.write().unwrap();
    let mut t = sample("printer jams", Status::Open, "01:00:00");
    t.question = "printer jams; ".repeat(75_000);
    let id = txn.insert_ticket(&t).unwrap();
    txn.insert_reply(&reply(
        id,
        &"the printer jams again ".repeat(45_000),
        "02:00:00",
    ))
    .unwrap();
    for i in 0..2_000 {
        txn.insert_ticket(&sample(&format!("other {i}"), Status::Open, "01:00:00"))
            .unwrap();
    }
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    for words in [
        vec!["printer".to_string()],
        vec!["printer".into(), "jams".into()],
    ] {
        for _ in 0..3 {
            let started = Instant::now();
            let mut hits = 0;
            txn.search(&words, &all, Some(20), &mut |_, _| {
                hits += 1;
                Ok(())
            })
            .unwrap();
            eprintln!("search {words:?}: {hits} hit in {:.1?}", started.elapsed());
        }
    }
}
