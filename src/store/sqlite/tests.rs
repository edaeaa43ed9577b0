//! The SQLite backend's own tests, and the conformance suite on it.

use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::store::ids::IdRanges;
use crate::store::suite::store_suite;

fn file_store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("t.db"), BUSY_TIMEOUT, Access::Write).unwrap();
    (dir, store)
}

mod in_memory {
    use super::*;
    // A private in-memory database has one connection: no second
    // handle to commit while a read is open, so no `twin`.
    store_suite!(SqliteStore::open_in_memory().unwrap());
}

mod on_disk {
    use super::*;

    /// A store file with its directory, removed after the store closes.
    struct OnDisk {
        store: SqliteStore,
        dir: tempfile::TempDir,
    }

    impl Store for OnDisk {
        fn read(&self) -> Result<Box<dyn Txn + '_>> {
            self.store.read()
        }

        fn write(&self) -> Result<Box<dyn Txn + '_>> {
            self.store.write()
        }
    }

    fn on_disk() -> OnDisk {
        let (dir, store) = file_store();
        OnDisk { store, dir }
    }

    /// A second handle on the same file.
    fn twin(first: &OnDisk) -> SqliteStore {
        SqliteStore::open(&first.dir.path().join("t.db"), BUSY_TIMEOUT, Access::Write).unwrap()
    }

    store_suite!(on_disk(), twin: twin);
}

#[test]
fn files_are_private_and_in_wal_mode() {
    let (dir, store) = file_store();
    let txn = store.write().unwrap();
    txn.insert_ticket(&crate::store::suite::sample("x", Status::New, "01:00:00"))
        .unwrap();
    txn.commit().unwrap();
    for name in ["t.db", "t.db-wal", "t.db-shm"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i32 = store
        .conn()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn one_store_serves_many_threads() {
    fn shared<T: Send + Sync>(_: &T) {}
    let (_dir, store) = file_store();
    shared(&store);
    std::thread::scope(|s| {
        for t in 0..8 {
            let store = &store;
            s.spawn(move || {
                for i in 0..25 {
                    let txn = store.write().unwrap();
                    let subject = format!("t{t} #{i}");
                    let ticket = crate::store::suite::sample(&subject, Status::New, "01:00:00");
                    txn.insert_ticket(&ticket).unwrap();
                    txn.commit().unwrap();
                    let read = store.read().unwrap();
                    assert!(read.count_tickets(&Filter::default()).unwrap() > 0);
                }
            });
        }
    });
    let txn = store.read().unwrap();
    assert_eq!(txn.count_tickets(&Filter::default()).unwrap(), 200);
    let open = store.pool.state.lock().unwrap().open;
    assert!((1..=MAX_CONNECTIONS).contains(&open), "{open} connections");
}

#[test]
fn a_store_from_before_the_application_id_is_still_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(SqliteStore::open_at_version(&path, 8).unwrap());
    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Read).unwrap();
    assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
    // Another application's database at the same version is not.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE tickets (x); PRAGMA user_version = 8;")
        .unwrap();
    let Err(Error::NotAStore { .. }) = SqliteStore::open(&other, BUSY_TIMEOUT, Access::Write)
    else {
        panic!("adopted a foreign database");
    };
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write)
        .err()
        .unwrap();
    assert!(
        matches!(err, Error::TooNew { found, known } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION)
    );
}

#[test]
fn eight_openers_upgrade_an_old_store_together() {
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(SqliteStore::open_at_version(&path, 1).unwrap());
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    barrier.wait();
                    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
                    let txn = store.write().unwrap();
                    txn.insert_ticket(&crate::store::suite::sample("x", Status::New, "01:00:00"))
                        .unwrap();
                    txn.commit().unwrap();
                });
            }
        });
        let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
        assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(
            store
                .read()
                .unwrap()
                .count_tickets(&Filter {
                    all: true,
                    ..Filter::default()
                })
                .unwrap(),
            8
        );
    }
}

#[test]
fn the_search_migrations_index_tickets_and_replies_already_stored() {
    // From before search (version 3) and from its first form (version 4).
    for version in [3, 4] {
        search_survives_migration_from(version);
    }
}

fn search_survives_migration_from(version: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let old = SqliteStore::open_at_version(&path, version).unwrap();
    // The rows as that version's schema holds them.
    old.conn()
        .execute_batch(
            "INSERT INTO tickets (id, type, subject, question, status, priority, support, committer, \
             requester, channel, fields, created_at, updated_at) VALUES (7, 'module', 'printer jam', \
             'printer jam?', 'new', 'normal', 0, 'amy', 'amy', 'cli', '{\"company\":\"Initech\",\"amount\":3}', \
             '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z'); \
             INSERT INTO replies (ticket_id, committer, role, text, created_at) \
             VALUES (7, 'bob', 1, 'replace the toner', '2026-01-01T01:00:00.000000Z');",
        )
        .unwrap();
    let id = 7;
    drop(old);
    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
    let txn = store.read().unwrap();
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    for word in ["jam", "toner", "initech"] {
        let mut found = vec![];
        txn.search(&[word.into()], &all, None, &mut |t, _| {
            found.push(t.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(found, [id], "{word} after migrating from version {version}");
    }
}

#[test]
fn tags_move_into_the_ticket_row_on_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let old = SqliteStore::open_at_version(&path, 6).unwrap();
    for id in [7, 8] {
        old.conn()
            .execute(
                "INSERT INTO tickets (id, type, subject, question, status, priority, support, \
                 committer, requester, channel, fields, created_at, updated_at) VALUES (?, 'sys', \
                 'printer jam', 'printer jam?', 'new', 'normal', 0, 'amy', 'amy', 'cli', '{}', \
                 '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
                [id],
            )
            .unwrap();
    }
    old.conn()
        .execute_batch(
            "INSERT INTO ticket_tags (tag, ticket_id) VALUES ('vip', 7), ('billing', 7), ('a\"b', 7)",
        )
        .unwrap();
    drop(old);
    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
    let txn = store.read().unwrap();
    assert_eq!(
        txn.ticket(7).unwrap().unwrap().tags,
        ["a\"b", "billing", "vip"]
    );
    assert!(txn.ticket(8).unwrap().unwrap().tags.is_empty());
}

#[test]
fn the_state_of_each_ticket_moves_to_its_own_row_on_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let old = SqliteStore::open_at_version(&path, 7).unwrap();
    old.conn()
        .execute_batch(
            "INSERT INTO tickets (id, type, subject, question, status, priority, support, committer, \
             requester, assignee, channel, fields, version, created_at, updated_at) VALUES \
             (7, 'sys', 'printer jam', 'printer jam?', 'pending', 'urgent', 0, 'amy', 'amy', 'bob', \
              'cli', '{}', 4, '2026-01-01T00:00:00.000000Z', '2026-01-03T04:05:06.123456Z'), \
             (9, 'sys', 'no toner', 'no toner?', 'new', 'normal', 0, 'amy', 'amy', NULL, \
              'cli', '{}', 1, '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z');",
        )
        .unwrap();
    drop(old);
    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
    let txn = store.read().unwrap();
    let t = txn.ticket(7).unwrap().unwrap();
    assert_eq!(
        (t.status, t.priority, t.assignee.as_deref(), t.version),
        (Status::Pending, Priority::Urgent, Some("bob"), 4)
    );
    assert_eq!(t.updated_at.to_string(), "2026-01-03T04:05:06.123456Z");
    assert_eq!(t.subject, "printer jam");
    let open = Filter {
        statuses: vec![Status::New],
        assignee: Some(None),
        ..Filter::default()
    };
    assert_eq!(txn.count_tickets(&open).unwrap(), 1);
    let by_update = Query {
        filter: Filter {
            all: true,
            ..Filter::default()
        },
        ..Query::default()
    };
    assert_eq!(txn.ticket_ids(&by_update).unwrap(), [7, 9]);
    drop(txn);
    let columns: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM pragma_table_info('tickets')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!columns.iter().any(|c| c == "status" || c == "updated_at"));
}

#[test]
fn a_queue_of_open_work_by_assignee_reads_the_people_index() {
    let store = SqliteStore::open_in_memory().unwrap();
    // "My queue" and the unassigned: every status of open work.
    for assignee in [Some("bob".to_string()), None] {
        let query = Query {
            filter: Filter {
                assignee: Some(assignee),
                ..Filter::default()
            },
            ..Query::default()
        };
        let (sql, params) = select_ids(&query);
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(params), |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|step| step.contains("state_by_assignee")),
            "{query:?}: {plan:?}"
        );
    }
}

#[test]
fn an_update_of_a_ticket_without_its_state_row_is_refused() {
    let store = SqliteStore::open_in_memory().unwrap();
    let txn = store.write().unwrap();
    let mut t = crate::store::suite::sample("printer", Status::New, "01:00:00");
    t.id = txn.insert_ticket(&t).unwrap();
    txn.commit().unwrap();
    store
        .conn()
        .execute("DELETE FROM ticket_state WHERE id = ?", [t.id])
        .unwrap();
    t.priority = Priority::Urgent;
    let txn = store.write().unwrap();
    assert!(matches!(txn.update_ticket(&t), Err(Error::NotFound { .. })));
}

#[test]
fn an_update_rewrites_only_the_rows_that_change() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let txn = store.write().unwrap();
    let mut t = crate::store::suite::sample("printer", Status::New, "01:00:00");
    t.tags = vec!["vip".into(), "billing".into()];
    t.id = txn.insert_ticket(&t).unwrap();
    txn.commit().unwrap();
    let changes = |store: &mut SqliteStore, t: &Ticket| {
        let before = store.conn().total_changes();
        let txn = store.write().unwrap();
        txn.update_ticket(t).unwrap();
        txn.commit().unwrap();
        store.conn().total_changes() - before
    };
    t.priority = crate::model::Priority::Urgent;
    assert_eq!(changes(&mut store, &t), 1, "the state row alone");
    t.tags = vec!["vip".into()];
    assert_eq!(
        changes(&mut store, &t),
        2 + 2 + 1,
        "both rows, old tags out, new in"
    );
    assert_eq!(
        store.read().unwrap().ticket(t.id).unwrap().unwrap().tags,
        ["vip"]
    );
}

#[test]
fn counts_by_tags_alone_match_counts_over_tickets() {
    let store = SqliteStore::open_in_memory().unwrap();
    let txn = store.write().unwrap();
    for (status, tags) in [
        (Status::New, vec!["a"]),
        (Status::Closed, vec!["a", "b"]),
        (Status::Open, vec!["b"]),
        (Status::Solved, vec![]),
    ] {
        let mut t = crate::store::suite::sample("printer", status, "01:00:00");
        t.tags = tags.into_iter().map(String::from).collect();
        txn.insert_ticket(&t).unwrap();
    }
    let count = |tags: &[&str], all: bool| {
        let filter = Filter {
            all,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Filter::default()
        };
        let by_tags = tags_only(&filter).is_some();
        (txn.count_tickets(&filter).unwrap(), by_tags)
    };
    assert_eq!(count(&["a"], true), (2, true));
    assert_eq!(count(&["a", "b"], true), (1, true));
    assert_eq!(count(&["b", "a", "b"], true), (1, true));
    assert_eq!(count(&["c"], true), (0, true));
    // Open work only: the tickets themselves are read.
    assert_eq!(count(&["a"], false), (1, false));
    assert_eq!(count(&[], true), (4, false));
}

#[test]
fn id_ranges_note_runs_of_consecutive_ids() {
    let mut ranges = IdRanges::default();
    for id in [1, 2, 3, 5, 6, 9, 4, 20, 10] {
        ranges.push(id);
    }
    let runs: Vec<(i64, i64)> = ranges.runs().collect();
    assert_eq!(runs, [(1, 4), (5, 6), (9, 10), (20, 20)]);
    for id in 1..=22 {
        let noted = [1, 2, 3, 4, 5, 6, 9, 10, 20].contains(&id);
        assert_eq!(ranges.contains(id), noted, "{id}");
    }
}

/// FTS5's own check that the index matches the text it was built from.
fn assert_search_index_sound(conn: &Connection) {
    for table in ["ticket_text", "reply_text"] {
        conn.execute(
            &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
}

/// Whether the connection evaluates CHECK constraints, and its page cache.
fn settings(conn: &Connection) -> (bool, i64) {
    let ignored: bool = conn
        .pragma_query_value(None, "ignore_check_constraints", |r| r.get(0))
        .unwrap();
    let cache = conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .unwrap();
    (!ignored, cache)
}

#[test]
fn a_bulk_load_puts_the_connection_back_even_when_dropped() {
    let store = SqliteStore::open_in_memory().unwrap();
    let usual = settings(&store.conn());
    assert_eq!(usual, (true, -2000));
    for end in [true, false] {
        let txn = store.write().unwrap();
        txn.begin_bulk_load().unwrap();
        if end {
            txn.end_bulk_load().unwrap();
            txn.commit().unwrap();
        } else {
            drop(txn); // an import that failed
        }
        drop(store.read().unwrap());
        assert_eq!(settings(&store.conn()), usual, "ended: {end}");
        let bad = store.conn().execute(
            "INSERT INTO ticket_state (id, status, priority, updated_at) \
             VALUES (99, 'lost', 'normal', 0)",
            [],
        );
        let bad = bad.unwrap_err().to_string();
        assert!(bad.contains("CHECK constraint failed"), "{bad}");
    }
}

#[test]
fn the_search_index_follows_edits_replies_and_bulk_loads() {
    let store = SqliteStore::open_in_memory().unwrap();
    let txn = store.write().unwrap();
    let mut ticket = crate::store::suite::sample("printer jam", Status::New, "01:00:00");
    ticket.kind = "module".into();
    ticket.fields.insert("company".into(), "Initech".into());
    ticket.id = txn.insert_ticket(&ticket).unwrap();
    ticket.subject = "scanner jam".into();
    ticket.question = "the scanner jams".into();
    ticket.fields.insert("company".into(), "Globex".into());
    txn.update_ticket(&ticket).unwrap();
    ticket.status = Status::Open;
    txn.update_ticket(&ticket).unwrap();
    txn.begin_bulk_load().unwrap();
    let mut loaded = crate::store::suite::sample("plotter offline", Status::New, "03:00:00");
    loaded.id = 40;
    txn.insert_ticket(&loaded).unwrap();
    let reply = Reply {
        id: 0,
        workorder_id: 40,
        committer: "bob".into(),
        role: Role::Agent,
        detail: Detail {
            text: "replace the toner".into(),
            image: vec![],
        },
        internal: false,
        created_at: crate::store::suite::at("04:00:00"),
    };
    txn.insert_reply(&reply).unwrap();
    // Tickets changed during a load, stored before it or by it.
    ticket
        .fields
        .insert("company".into(), "Globex Umbrella".into());
    txn.update_ticket(&ticket).unwrap();
    txn.update_ticket(&ticket).unwrap();
    loaded.question = "the plotter is offline again".into();
    txn.update_ticket(&loaded).unwrap();
    txn.end_bulk_load().unwrap();
    txn.commit().unwrap();
    assert_search_index_sound(&store.conn());
    let txn = store.read().unwrap();
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    for (word, expected) in [
        ("printer", vec![]),
        ("initech", vec![]),
        ("scanner", vec![ticket.id]),
        ("globex", vec![ticket.id]),
        ("umbrella", vec![ticket.id]),
        ("plotter", vec![40]),
        ("again", vec![40]),
        ("toner", vec![40]),
    ] {
        let mut found = vec![];
        txn.search(&[word.into()], &all, None, &mut |t, _| {
            found.push(t.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(found, expected, "{word}");
    }
    drop(txn);
    let txn = store.write().unwrap();
    txn.rebuild_search().unwrap();
    txn.commit().unwrap();
    assert_search_index_sound(&store.conn());
}

#[test]
fn first_schema_version_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let old = SqliteStore::open_at_version(&path, 1).unwrap();
    old.conn()
        .execute_batch(crate::store::migrations::step(1))
        .unwrap_err(); // already applied
    old.conn()
        .execute("INSERT INTO ticket_types (name, label_zh, label_en, position) VALUES ('old', '旧', 'Old', 9)", [])
        .unwrap();
    drop(old);
    let store = SqliteStore::open(&path, BUSY_TIMEOUT, Access::Write).unwrap();
    assert_eq!(store.user_version().unwrap(), SCHEMA_VERSION);
    let names: Vec<_> = store
        .read()
        .unwrap()
        .ticket_types()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["sys", "licences", "module", "tech", "test", "old"]);
}
