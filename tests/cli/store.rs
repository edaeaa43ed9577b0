//! The store file: private mode, read commands that never write.

use std::os::unix::fs::PermissionsExt;

use crate::common::TestEnv;

#[test]
fn the_store_is_created_private() {
    let env = TestEnv::new();
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
    ] {
        env.ok(args);
        assert_eq!(env.snapshot(), before, "{args:?} wrote to the store");
    }
}
