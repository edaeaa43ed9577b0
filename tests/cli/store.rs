//! The store: read commands that never write, another application's data
//! left alone; and what only a SQLite file has: its mode, the names SQLite
//! would read as no file, an empty file adopted, a read-only file.

use std::os::unix::fs::PermissionsExt;

use crate::common::{self, TestEnv, stderr_line};

#[test]
fn the_store_is_created_private() {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    env.file("q", &[]);
    let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut lock = env.db.clone().into_os_string();
    lock.push(".lock");
    if let Ok(meta) = std::fs::metadata(lock) {
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn read_commands_never_write() {
    let env = TestEnv::new();
    let id = env.file("q", &["--tag", "vip"]).to_string();
    env.ok(&["reply", &id, "hi", "--as", "bob"]);
    let before = env.snapshot();
    for args in [
        &["list"][..],
        &["list", "--all", "--json"],
        &["list", "--count"],
        &["show", &id, "--history"],
        &["history", &id],
        &["types"],
        &["fields"],
        &["token", "list"],
        &["token", "list", "--json"],
    ] {
        env.ok(args);
        assert_eq!(env.snapshot(), before, "{args:?} wrote to the store");
    }
}

#[test]
fn a_store_location_is_a_plain_path_never_a_sqlite_name() {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    for db in [
        ":memory:",
        "file:store.db",
        "file:///tmp/x.db?mode=memory",
        "",
    ] {
        let out = env
            .cmd()
            .current_dir(env.dir.path())
            .env("TICKET_DB", "unused.db")
            .args(["--db", db, "new", "--type", "sys", "--question", "q"])
            .output()
            .unwrap();
        if db.is_empty() {
            // An empty --db is no location at all.
            assert_eq!(out.status.code(), Some(2), "{db:?}");
            continue;
        }
        assert_eq!(out.status.code(), Some(2), "{db:?}: {out:?}");
        let err = stderr_line(&out);
        assert!(err.contains("db") && err.contains(db), "{err}");
        assert!(out.stdout.is_empty());
    }
    let left: Vec<_> = std::fs::read_dir(env.dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing may be created: {left:?}");
    // A file of that name is reachable as a path.
    env.cmd()
        .current_dir(env.dir.path())
        .args([
            "--db",
            "./file:store.db",
            "new",
            "--type",
            "sys",
            "--question",
            "q",
        ])
        .assert()
        .success();
    let meta = std::fs::metadata(env.dir.path().join("file:store.db")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn another_applications_data_is_refused_and_left_alone() {
    let env = TestEnv::new();
    env.make_foreign();
    let before = env.snapshot();
    for args in [
        &["list"][..],
        &["types"],
        &["new", "--type", "sys", "--question", "q"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr_line(&out);
        assert!(
            err.contains("is not a ticket store") && err.contains("another application"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
        assert_eq!(env.snapshot(), before, "{args:?} changed it");
    }
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    let foreign = env.dir.path().join("app.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    let garbage = env.dir.path().join("garbage.db");
    std::fs::write(&garbage, "not a database, just text\n".repeat(100)).unwrap();
    let dir = env.dir.path().join("dir.db");
    std::fs::create_dir(&dir).unwrap();
    for (path, says) in [
        (&foreign, "another application"),
        (&garbage, "not a SQLite database"),
        (&dir, "directory"),
    ] {
        let before = std::fs::read(path).ok();
        for args in [
            &["list"][..],
            &["types"],
            &["new", "--type", "sys", "--question", "q"],
        ] {
            let out = env
                .cmd()
                .env("TICKET_DB", path)
                .args(args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{path:?} {args:?}");
            let err = stderr_line(&out);
            assert!(
                err.contains("is not a ticket store") && err.contains(says),
                "{err}"
            );
            assert!(out.stdout.is_empty());
            assert_eq!(std::fs::read(path).ok(), before, "{path:?} changed");
        }
    }
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with("-wal") && !n.ends_with("-shm")),
        "{names:?}"
    );
}

#[test]
fn reading_a_missing_store_creates_and_changes_nothing() {
    let env = TestEnv::new();
    let fresh = env.snapshot();
    assert_eq!(env.json(&["list", "--all"]), serde_json::json!([]));
    assert_eq!(env.ok(&["list", "--count"]).trim(), "0");
    assert!(!env.json(&["types"]).as_array().unwrap().is_empty());
    env.fails(&["show", "1"], 3);
    env.ok(&["export"]);
    env.ok(&["new", "--type", "sys", "--question", "q", "--dry-run"]);
    assert!(std::fs::read_dir(env.dir.path()).unwrap().next().is_none());
    assert_eq!(env.snapshot(), fresh);
}

#[test]
fn an_empty_file_is_read_as_an_empty_store_and_adopted_by_a_write() {
    let Some(env) = TestEnv::sqlite_only() else {
        return;
    };
    // An empty file made in advance, world-readable, reached by a symlink.
    let target = env.dir.path().join("empty");
    std::fs::write(&target, "").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&target, &env.db).unwrap();
    env.ok(&["list"]);
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!((meta.len(), meta.permissions().mode() & 0o777), (0, 0o644));
    // Adopted by the first write: private like a store ticket creates.
    env.file("q", &[]);
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(env.ok(&["list", "--count"]).trim(), "1");
}

/// Runs `ticket ARGS` as a user without write access to the store.
fn as_reader(env: &TestEnv, args: &[&str]) -> std::process::Output {
    let mut cmd = env.std_cmd();
    common::unprivileged(&mut cmd).args(args);
    cmd.output().unwrap()
}

#[test]
fn a_read_only_store_can_be_read() {
    // File and directory permissions.
    let Some(mut env) = TestEnv::sqlite_only() else {
        return;
    };
    let root = env.dir.path().to_path_buf();
    let store = root.join("desk");
    std::fs::create_dir(&store).unwrap();
    let db = store.join("ticket.db");
    env.db = db.clone();
    env.file("printer jam", &["--tag", "vip"]);
    let uid = common::unprivileged_uid();
    std::os::unix::fs::chown(&db, Some(uid), None).unwrap();
    for dir in [&root, &store] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let check = |what: &str| {
        let before = env.snapshot();
        let out = as_reader(&env, &["list", "--format", "tsv"]);
        assert!(out.status.success(), "{what}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("printer jam"));
        let out = as_reader(&env, &["search", "printer", "--json"]);
        assert!(out.status.success(), "{what}: {out:?}");
        let out = as_reader(&env, &["show", "1", "--json"]);
        assert!(out.status.success(), "{what}: {out:?}");
        let out = as_reader(&env, &["new", "--type", "sys", "--question", "q"]);
        assert_eq!(out.status.code(), Some(1), "{what}: writes fail: {out:?}");
        assert_eq!(env.snapshot(), before, "{what}");
    };
    // The file is read-only, the directory writable by nobody but root.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    check("a 0400 store");
    // The file is the reader's, the directory read-only.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o555)).unwrap();
    check("a store in a 0555 directory");
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_empty_db_in_the_config_file_names_the_file_and_key() {
    let env = TestEnv::new();
    std::fs::write(env.dir.path().join("config.toml"), "db = \"\"\n").unwrap();
    let out = env
        .cmd()
        .env_remove("TICKET_DB")
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_line(&out);
    assert!(err.contains("config.toml") && err.contains("db"), "{err}");
}
