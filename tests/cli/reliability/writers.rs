//! Area `concurrent writers`: many processes writing one store at once lose
//! nothing, never see "locked", and every change of the shared ticket gets
//! its own version, one after another.

use std::collections::BTreeSet;
use std::thread;

use super::{Tally, scale};
use crate::common::TestEnv;

/// What one write returned.
enum Wrote {
    /// A new ticket's id.
    Ticket(i64),
    /// A reply to the shared ticket.
    Reply,
    /// An edit of the shared ticket, and the version it made.
    Edit(i64),
}

#[test]
fn concurrent_writers_lose_nothing_and_version_in_order() {
    let processes = scale(8, 16);
    let writes = scale(12, 500);
    let env = TestEnv::new();
    let shared = env.file("shared", &[]).to_string();
    let mut tally = Tally::new("concurrent writers");
    let results: Vec<Result<Wrote, String>> = thread::scope(|s| {
        let workers: Vec<_> = (0..processes)
            .map(|w| {
                let (env, shared) = (&env, &shared);
                s.spawn(move || {
                    (0..writes)
                        .map(|i| write(env, shared, w, i))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let mut tickets = BTreeSet::new();
    let mut versions = BTreeSet::new();
    let mut replies = 0;
    for r in results {
        match r {
            Ok(Wrote::Ticket(id)) => {
                tally.check(tickets.insert(id), || format!("ticket id {id} twice"));
            }
            Ok(Wrote::Reply) => {
                replies += 1;
                tally.check(true, String::new);
            }
            Ok(Wrote::Edit(v)) => {
                tally.check(versions.insert(v), || format!("version {v} twice"));
            }
            Err(e) => tally.check(false, || e),
        }
    }
    let edits = versions.len();
    let count: usize = env
        .ok(&["list", "--all", "--count"])
        .trim()
        .parse()
        .unwrap();
    tally.check(count == tickets.len() + 1, || {
        format!("{count} tickets stored, {} filed", tickets.len() + 1)
    });
    let thread = env.json(&["show", &shared, "--history"]);
    let version = thread["version"].as_i64().unwrap() as usize;
    tally.check(version == 1 + replies + edits, || {
        format!("shared ticket at version {version} after {replies} replies and {edits} edits")
    });
    let stored_replies = thread["replies"].as_array().unwrap().len();
    tally.check(stored_replies == replies, || {
        format!("{stored_replies} replies stored, {replies} written")
    });
    let tags = thread["tags"].as_array().unwrap().len();
    tally.check(tags == edits, || {
        format!("{tags} tags stored, {edits} added")
    });
    // Versions an edit reported are distinct and all below the final one.
    tally.check(versions.iter().all(|v| (*v as usize) <= version), || {
        format!("an edit reported a version above the final {version}")
    });
    tally.finish();
}

/// One write of worker `w`: every third a reply, every third an edit of the
/// shared ticket, the rest new tickets.
fn write(env: &TestEnv, shared: &str, w: usize, i: usize) -> Result<Wrote, String> {
    let text = format!("w{w} #{i}");
    let tag = format!("+w{w}-{i}");
    let args: Vec<&str> = match i % 3 {
        0 => vec!["new", "--type", "sys", "--question", &text, "-q"],
        1 => vec!["reply", shared, &text, "--as", "bob", "-q"],
        _ => vec!["edit", shared, "--tag", &tag, "--json"],
    };
    let out = env.cmd().args(&args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || err.contains("locked") {
        return Err(format!("{args:?}: exit {:?}: {err}", out.status.code()));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    match i % 3 {
        0 => stdout
            .trim()
            .parse()
            .map(Wrote::Ticket)
            .map_err(|e| format!("{args:?}: {e}: {stdout}")),
        1 => Ok(Wrote::Reply),
        _ => serde_json::from_str::<serde_json::Value>(&stdout)
            .ok()
            .and_then(|t| t["version"].as_i64())
            .map(Wrote::Edit)
            .ok_or_else(|| format!("{args:?}: no version in {stdout}")),
    }
}
