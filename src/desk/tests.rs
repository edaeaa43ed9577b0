//! The desk's own tests, on an in-memory store.

use super::*;
use crate::store::SqliteStore;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn desk() -> Desk {
    Desk::new(Box::new(SqliteStore::open_in_memory().unwrap()))
}

fn file(desk: &mut Desk, when: &str) -> i64 {
    let input = NewTicket {
        kind: Some("sys".into()),
        question: Some("q".into()),
        ..NewTicket::default()
    };
    desk.create(Change::new("amy", at(when)), input).unwrap().id
}

fn rule() -> SweepRule {
    SweepRule {
        name: "close-solved".into(),
        statuses: vec![Status::Solved],
        idle: chrono::TimeDelta::days(4),
        to: Status::Closed,
        note: Some("closed after 4 idle days".into()),
        limit: None,
    }
}

#[test]
fn sweep_moves_idle_tickets_once_and_undo_reverts_them() {
    let mut d = desk();
    let old = file(&mut d, "2026-01-01T00:00:00Z");
    let recent = file(&mut d, "2026-01-01T00:00:00Z");
    let open = file(&mut d, "2026-01-01T00:00:00Z");
    d.set_status(
        Change::new("bob", at("2026-01-02T00:00:00Z")),
        &[old],
        Status::Solved,
        None,
        None,
    )
    .unwrap();
    d.set_status(
        Change::new("bob", at("2026-01-09T00:00:00Z")),
        &[recent],
        Status::Solved,
        None,
        None,
    )
    .unwrap();
    let now = at("2026-01-10T00:00:00Z");

    let report = d.sweep(Change::new("cron", now), &rule()).unwrap();
    assert_eq!((report.matched, report.changed.clone()), (1, vec![old]));
    let run = report.run.expect("a run id");
    assert_eq!(d.ticket(old).unwrap().status, Status::Closed);
    assert_eq!(d.ticket(recent).unwrap().status, Status::Solved);
    assert_eq!(d.ticket(open).unwrap().status, Status::New);
    let events = d.history(old).unwrap();
    let moved = events
        .iter()
        .find(|e| e.run == Some(run) && e.kind == EventKind::Status)
        .unwrap();
    assert_eq!(moved.actor, "sweep:close-solved");
    let note = d.thread(old, false, false).unwrap().replies;
    assert_eq!(note[0].detail.text, "closed after 4 idle days");

    let again = d.sweep(Change::new("cron", now), &rule()).unwrap();
    assert_eq!(
        (again.matched, again.changed.len(), again.run),
        (0, 0, None)
    );

    let undo = d
        .undo(Change::new("amy", at("2026-01-11T00:00:00Z")), run)
        .unwrap();
    assert_eq!(undo.changed, vec![old]);
    assert_eq!(d.ticket(old).unwrap().status, Status::Solved);
    assert!(matches!(
        d.undo(Change::new("amy", now), run),
        Err(Error::Refused { .. })
    ));
    assert!(matches!(
        d.undo(Change::new("amy", now), 999),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn undo_leaves_tickets_changed_since_the_run() {
    let mut d = desk();
    let a = file(&mut d, "2026-01-01T00:00:00Z");
    let b = file(&mut d, "2026-01-01T00:00:00Z");
    d.set_status(
        Change::new("bob", at("2026-01-02T00:00:00Z")),
        &[a, b],
        Status::Pending,
        None,
        None,
    )
    .unwrap();
    let rule = SweepRule {
        statuses: vec![Status::Pending],
        to: Status::Solved,
        note: None,
        ..rule()
    };
    let run = d
        .sweep(Change::new("cron", at("2026-01-10T00:00:00Z")), &rule)
        .unwrap()
        .run
        .unwrap();
    d.reply(
        Change::new("amy", at("2026-01-10T01:00:00Z")),
        NewReply {
            ticket: b,
            text: "still broken".into(),
            ..NewReply::default()
        },
    )
    .unwrap();
    let undo = d
        .undo(Change::new("amy", at("2026-01-11T00:00:00Z")), run)
        .unwrap();
    assert_eq!(undo.changed, vec![a]);
    assert_eq!(undo.skipped[0].id, b);
    assert_eq!(d.ticket(b).unwrap().status, Status::Open);
}

#[test]
fn sweep_limit_takes_the_stalest_and_dry_run_writes_nothing() {
    let mut d = desk();
    let ids: Vec<i64> = (1..=3)
        .map(|day| file(&mut d, &format!("2026-01-0{day}T00:00:00Z")))
        .collect();
    d.set_status(
        Change::new("bob", at("2026-01-04T00:00:00Z")),
        &ids[..1],
        Status::Solved,
        None,
        None,
    )
    .unwrap();
    d.set_status(
        Change::new("bob", at("2026-01-03T00:00:00Z")),
        &ids[1..],
        Status::Solved,
        None,
        None,
    )
    .unwrap();
    let limited = SweepRule {
        limit: Some(2),
        ..rule()
    };
    let preview = d
        .sweep(
            Change::new("cron", at("2026-02-01T00:00:00Z")).with(Commit::DryRun),
            &limited,
        )
        .unwrap();
    assert_eq!(
        (preview.changed.clone(), preview.run, preview.dry_run),
        (vec![ids[1], ids[2]], None, true)
    );
    assert_eq!(preview.skipped[0].id, ids[0]);
    assert!(
        ids.iter()
            .all(|id| d.ticket(*id).unwrap().status == Status::Solved)
    );
    let done = d
        .sweep(Change::new("cron", at("2026-02-01T00:00:00Z")), &limited)
        .unwrap();
    assert_eq!(done.changed, preview.changed);
}

#[test]
fn sweep_reports_closed_tickets_and_leaves_those_already_moved() {
    let mut d = desk();
    let a = file(&mut d, "2026-01-01T00:00:00Z");
    let b = file(&mut d, "2026-01-01T00:00:00Z");
    d.set_status(
        Change::new("bob", at("2026-01-02T00:00:00Z")),
        &[a],
        Status::Closed,
        None,
        None,
    )
    .unwrap();
    d.set_status(
        Change::new("bob", at("2026-01-02T00:00:00Z")),
        &[b],
        Status::Solved,
        None,
        None,
    )
    .unwrap();
    let now = at("2026-02-01T00:00:00Z");
    let reopen = SweepRule {
        statuses: vec![Status::Closed, Status::Solved],
        to: Status::Open,
        ..rule()
    };
    let report = d.sweep(Change::new("cron", now), &reopen).unwrap();
    assert_eq!(report.changed, vec![b]);
    assert_eq!(
        (report.skipped[0].id, report.skipped[0].reason.as_str()),
        (a, "closed is final")
    );
    let events_before = d.history(a).unwrap().len();
    let same = SweepRule {
        statuses: vec![Status::Closed],
        to: Status::Closed,
        ..rule()
    };
    let report = d.sweep(Change::new("cron", now), &same).unwrap();
    assert_eq!(
        (report.matched, report.changed.len(), report.run),
        (0, 0, None)
    );
    assert_eq!(d.history(a).unwrap().len(), events_before);
}

#[test]
fn a_repeated_idempotency_key_returns_the_first_ticket() {
    let d = desk();
    let input = NewTicket {
        kind: Some("sys".into()),
        question: Some("q".into()),
        idempotency_key: Some("k1".into()),
        ..NewTicket::default()
    };
    let first = d
        .create(
            Change::new("amy", at("2026-01-01T00:00:00Z")),
            input.clone(),
        )
        .unwrap();
    let second = d
        .create(Change::new("amy", at("2026-01-02T00:00:00Z")), input)
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(d.count(&Filter::default()).unwrap(), 1);
}

#[test]
fn an_imported_event_of_another_ticket_is_refused_not_moved() {
    let mut source = desk();
    let id = file(&mut source, "2026-01-01T00:00:00Z");
    let mut thread = source.thread(id, false, true).unwrap();
    if let Some(events) = thread.events.as_mut() {
        events[0].ticket_id = id + 1;
    }
    let record = Incoming::Record(Box::new(Record::Ticket(Box::new(thread))));
    let mut records = std::iter::once(("line 1".to_string(), Ok(record)));
    let err = desk()
        .import(&mut records, false, Commit::Keep)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 1: events: event 1 belongs to ticket 2"),
        "{err}"
    );
}

#[test]
fn a_requester_scope_hides_other_tickets_from_every_write() {
    let mut d = desk();
    let amys = file(&mut d, "2026-01-01T00:00:00Z");
    let now = at("2026-01-02T00:00:00Z");
    let ann = Change::new("ann", now).within(Scope::RequestedBy("ann"));
    let reply = NewReply {
        ticket: amys,
        text: "mine?".into(),
        ..NewReply::default()
    };
    let missing = |e: Error| matches!(e, Error::NotFound { .. });
    assert!(missing(d.reply(ann, reply).unwrap_err()));
    assert!(missing(
        d.set_status(ann, &[amys], Status::Solved, None, None)
            .unwrap_err()
    ));
    let patch = TicketPatch {
        subject: Some("taken".into()),
        ..TicketPatch::default()
    };
    assert!(missing(d.edit(ann, amys, patch).unwrap_err()));
    assert!(
        d.history(amys).unwrap().len() == 1,
        "only the creation event"
    );

    // Her own ticket: solved and reopened, nothing else.
    let own = d
        .create(
            Change::new("ann", now),
            NewTicket {
                kind: Some("sys".into()),
                question: Some("q".into()),
                ..NewTicket::default()
            },
        )
        .unwrap()
        .id;
    d.set_status(ann, &[own], Status::Solved, None, None)
        .unwrap();
    d.set_status(ann, &[own], Status::Open, None, None).unwrap();
    let refused = d
        .set_status(ann, &[own], Status::Holding, None, None)
        .unwrap_err();
    assert!(matches!(refused, Error::Refused { .. }), "{refused:?}");
}

#[test]
fn a_patch_changes_the_status_with_the_rest_in_one_step() {
    let mut d = desk();
    let id = file(&mut d, "2026-01-01T00:00:00Z");
    let patch = TicketPatch {
        priority: Some(crate::model::Priority::Urgent),
        status: Some(Status::Pending),
        ..TicketPatch::default()
    };
    let edited = d
        .edit(Change::new("bob", at("2026-01-02T00:00:00Z")), id, patch)
        .unwrap();
    assert_eq!(edited.ticket.status, Status::Pending);
    assert_eq!(edited.ticket.version, 2, "one step, one version");
    let fields: Vec<_> = edited.events.iter().map(|e| e.field.clone()).collect();
    assert_eq!(fields, [Some("priority".into()), Some("status".into())]);
    assert_eq!(d.ticket(id).unwrap().status, Status::Pending);
}
