//! The conformance suite every [`Store`] backend must pass. A backend's
//! tests call `store_suite!(factory)` with a function returning a fresh,
//! empty (migrated) store.

use serde_json::{Map, json};

use super::Store;
use crate::model::{ApiRole, Run, Token};
use crate::model::{
    Channel, Detail, EventKind, FieldDef, FieldKind, NewEvent, Priority, Reply, Role, Status,
    Ticket, TicketType, Timestamp, TypeField,
};
use crate::query::{Filter, Query, Sort, Window};

pub(crate) fn at(s: &str) -> Timestamp {
    format!("2026-01-01T{s}Z").parse().unwrap()
}

pub(crate) fn sample(subject: &str, status: Status, updated: &str) -> Ticket {
    Ticket {
        id: 0,
        kind: "sys".into(),
        subject: subject.into(),
        question: format!("{subject}?"),
        status,
        priority: Priority::Normal,
        support: false,
        committer: "amy".into(),
        requester: "amy".into(),
        assignee: None,
        group: None,
        organization: None,
        channel: Channel::Cli,
        tags: vec![],
        fields: Map::new(),
        version: 1,
        created_at: at("00:00:00"),
        updated_at: at(updated),
    }
}

fn ids(store: &mut dyn Store, query: &Query) -> Vec<i64> {
    let txn = store.read().unwrap();
    let mut out = vec![];
    txn.scan_tickets(query, &mut |t| {
        out.push(t.id);
        Ok(())
    })
    .unwrap();
    out
}

pub(crate) fn ticket_round_trips(store: &mut dyn Store) {
    let mut t = sample("disk full", Status::New, "01:00:00");
    t.tags = vec!["a".into(), "vip".into()];
    t.fields.insert("amount".into(), json!(10));
    t.assignee = Some("bob".into());
    t.kind = "module".into();
    let txn = store.write().unwrap();
    let id = txn.insert_ticket(&t).unwrap();
    txn.commit().unwrap();
    let got = store.read().unwrap().ticket(id).unwrap().unwrap();
    assert_eq!(got, Ticket { id, ..t });
    assert!(store.read().unwrap().ticket(id + 1).unwrap().is_none());
}

pub(crate) fn ids_are_assigned_in_order(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let a = txn
        .insert_ticket(&sample("a", Status::New, "01:00:00"))
        .unwrap();
    let b = txn
        .insert_ticket(&sample("b", Status::New, "01:00:00"))
        .unwrap();
    txn.commit().unwrap();
    assert!(a >= 1 && b > a);
}

pub(crate) fn dropped_transaction_leaves_nothing(store: &mut dyn Store) {
    {
        let txn = store.write().unwrap();
        let id = txn
            .insert_ticket(&sample("lost", Status::New, "01:00:00"))
            .unwrap();
        txn.insert_event(&NewEvent {
            ticket_id: id,
            at: at("01:00:00"),
            actor: "amy".into(),
            kind: EventKind::Created,
            field: None,
            old: None,
            new: None,
            run: None,
        })
        .unwrap();
        // dropped here without commit
    }
    let txn = store.read().unwrap();
    assert_eq!(
        txn.count_tickets(&Filter {
            all: true,
            ..Filter::default()
        })
        .unwrap(),
        0
    );
    assert!(txn.events(1).unwrap().is_empty());
}

/// Ids a dropped transaction drew are handed out again: ids follow the
/// stored rows without gaps, so a dry run shows the ids the real run gets.
pub(crate) fn a_dropped_transaction_uses_up_no_id(store: &mut dyn Store) {
    let write = |store: &mut dyn Store, commit: bool| -> [i64; 4] {
        let txn = store.write().unwrap();
        let ticket = txn
            .insert_ticket(&sample("t", Status::New, "01:00:00"))
            .unwrap();
        let answer = txn.insert_reply(&reply(ticket, "r", "01:00:00")).unwrap();
        let event = txn
            .insert_event(&NewEvent {
                ticket_id: ticket,
                at: at("01:00:00"),
                actor: "amy".into(),
                kind: EventKind::Created,
                field: None,
                old: None,
                new: None,
                run: None,
            })
            .unwrap();
        let run = txn.insert_run("rule", "amy", at("01:00:00")).unwrap();
        if commit {
            txn.commit().unwrap();
        }
        [ticket, answer, event, run]
    };
    let first = write(store, true);
    let dropped = write(store, false);
    {
        // A load of records with ids of their own, dropped.
        let txn = store.write().unwrap();
        txn.begin_bulk_load().unwrap();
        let mut t = sample("lost", Status::New, "01:00:00");
        t.id = 50;
        txn.insert_ticket(&t).unwrap();
        let mut r = reply(50, "lost reply", "01:00:00");
        r.id = 50;
        txn.insert_reply(&r).unwrap();
        txn.end_bulk_load().unwrap();
    }
    let next = write(store, true);
    assert_eq!(next, dropped);
    assert_eq!(next, first.map(|id| id + 1));
}

pub(crate) fn update_rewrites_columns_and_tags(store: &mut dyn Store) {
    let mut t = sample("x", Status::New, "01:00:00");
    t.tags = vec!["a".into(), "b".into()];
    let txn = store.write().unwrap();
    t.id = txn.insert_ticket(&t).unwrap();
    t.tags = vec!["b".into(), "c".into()];
    t.status = Status::Open;
    t.version = 2;
    t.group = Some("ops".into());
    txn.update_ticket(&t).unwrap();
    txn.commit().unwrap();
    assert_eq!(store.read().unwrap().ticket(t.id).unwrap().unwrap(), t);
    let missing = sample("none", Status::New, "01:00:00");
    let err = store
        .write()
        .unwrap()
        .update_ticket(&Ticket { id: 999, ..missing })
        .unwrap_err();
    assert!(matches!(err, crate::Error::NotFound { .. }));
}

pub(crate) fn filters_sort_and_window(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let mut specs = vec![
        ("new", Status::New, "01:00:00", Priority::Urgent),
        ("open", Status::Open, "03:00:00", Priority::Normal),
        ("solved", Status::Solved, "04:00:00", Priority::Normal),
        ("closed", Status::Closed, "05:00:00", Priority::Important),
        ("pending", Status::Pending, "02:00:00", Priority::Important),
    ];
    let mut id_of = std::collections::HashMap::new();
    for (i, (name, status, updated, priority)) in specs.drain(..).enumerate() {
        let mut t = sample(name, status, updated);
        t.priority = priority;
        if i % 2 == 0 {
            t.tags = vec!["vip".into()];
            t.assignee = Some("bob".into());
            t.kind = "module".into();
            t.fields.insert("amount".into(), json!(i as i64));
        }
        if name == "open" {
            t.requester = "cy".into();
            t.created_at = at("00:30:00");
        }
        id_of.insert(name, txn.insert_ticket(&t).unwrap());
    }
    txn.commit().unwrap();
    let id = |n: &str| id_of[n];
    let q = |filter: Filter| Query {
        filter,
        ..Query::default()
    };

    // Open work, newest update first.
    assert_eq!(
        ids(store, &q(Filter::default())),
        [id("open"), id("pending"), id("new")]
    );
    let all = Filter {
        all: true,
        ..Filter::default()
    };
    assert_eq!(store.read().unwrap().count_tickets(&all).unwrap(), 5);
    let solved = Filter {
        statuses: vec![Status::Solved, Status::Closed],
        ..Filter::default()
    };
    assert_eq!(ids(store, &q(solved)), [id("closed"), id("solved")]);
    let vip = Filter {
        all: true,
        tags: vec!["vip".into()],
        ..Filter::default()
    };
    assert_eq!(
        ids(store, &q(vip)),
        [id("solved"), id("pending"), id("new")]
    );
    let unassigned = Filter {
        all: true,
        assignee: Some(None),
        ..Filter::default()
    };
    assert_eq!(ids(store, &q(unassigned)), [id("closed"), id("open")]);
    let amount = Filter {
        all: true,
        fields: vec![("amount".into(), json!(2))],
        ..Filter::default()
    };
    assert_eq!(ids(store, &q(amount)), [id("solved")]);
    let below = Filter {
        all: true,
        below_id: Some(id("solved")),
        ..Filter::default()
    };
    assert_eq!(ids(store, &q(below.clone())), [id("open"), id("new")]);
    assert_eq!(store.read().unwrap().count_tickets(&below).unwrap(), 2);
    // Each condition on a ticket's own columns, listed and counted.
    for (filter, expected) in [
        (
            Filter {
                types: vec!["module".into()],
                ..Filter::default()
            },
            vec![id("solved"), id("pending"), id("new")],
        ),
        (
            Filter {
                requester: Some("cy".into()),
                ..Filter::default()
            },
            vec![id("open")],
        ),
        (
            Filter {
                text: vec!["PEND".into()],
                ..Filter::default()
            },
            vec![id("pending")],
        ),
        (
            Filter {
                created_after: Some(at("00:10:00")),
                ..Filter::default()
            },
            vec![id("open")],
        ),
        (
            Filter {
                created_before: Some(at("00:10:00")),
                priorities: vec![Priority::Normal],
                ..Filter::default()
            },
            vec![id("solved")],
        ),
    ] {
        let filter = Filter {
            all: true,
            ..filter
        };
        assert_eq!(ids(store, &q(filter.clone())), expected, "{filter:?}");
        let count = store.read().unwrap().count_tickets(&filter).unwrap();
        assert_eq!(count, expected.len() as u64, "{filter:?}");
    }
    let window = Filter {
        all: true,
        updated_after: Some(at("02:00:00")),
        updated_before: Some(at("04:00:00")),
        ..Filter::default()
    };
    assert_eq!(ids(store, &q(window)), [id("open"), id("pending")]);
    let urgent_first = Query {
        filter: Filter {
            all: true,
            ..Filter::default()
        },
        sort: "-priority".parse::<Sort>().unwrap(),
        window: Window {
            limit: Some(3),
            offset: 0,
        },
    };
    assert_eq!(
        ids(store, &urgent_first),
        [id("new"), id("pending"), id("closed")]
    );
    let second_page = Query {
        filter: Filter {
            all: true,
            ..Filter::default()
        },
        sort: "id".parse::<Sort>().unwrap(),
        window: Window::page(2, 2).unwrap(),
    };
    assert_eq!(ids(store, &second_page), [id("solved"), id("closed")]);
}

pub(crate) fn every_sort_key_orders_whole_tickets(store: &mut dyn Store) {
    let priorities = [Priority::Normal, Priority::Important, Priority::Urgent];
    let statuses = [Status::New, Status::Open, Status::Pending, Status::Solved];
    let txn = store.write().unwrap();
    for i in 0..40usize {
        // Few distinct values per column, so ties fall back to the id.
        let mut t = sample(
            &format!("s{}", i % 7),
            statuses[i % 4],
            &format!("0{}:00:00", i % 5),
        );
        t.priority = priorities[i % 3];
        t.assignee = (i % 2 == 0).then(|| format!("a{}", i % 3));
        t.created_at = at(&format!("0{}:30:00", i % 6));
        t.tags = vec![format!("t{}", i % 4)];
        txn.insert_ticket(&t).unwrap();
    }
    txn.commit().unwrap();
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
                filter: Filter {
                    statuses: vec![Status::New, Status::Open, Status::Solved],
                    ..Filter::default()
                },
                sort: sort.parse::<Sort>().unwrap(),
                window: Window {
                    limit: Some(25),
                    offset: 3,
                },
            };
            let txn = store.read().unwrap();
            let mut listed = vec![];
            txn.scan_tickets(&query, &mut |t| {
                listed.push(t);
                Ok(())
            })
            .unwrap();
            let listed_ids: Vec<i64> = listed.iter().map(|t| t.id).collect();
            assert_eq!(listed_ids, txn.ticket_ids(&query).unwrap(), "--sort {sort}");
            assert_eq!(listed.len(), 25, "--sort {sort}");
            let order = |t: &Ticket| -> (i64, String, i64) {
                let (rank, text) = match key {
                    "id" => (0, String::new()),
                    "created" => (0, t.created_at.to_string()),
                    "updated" => (0, t.updated_at.to_string()),
                    "priority" => (t.priority as i64, String::new()),
                    "status" => (
                        statuses.iter().position(|s| *s == t.status).unwrap() as i64,
                        String::new(),
                    ),
                    "type" => (0, t.kind.clone()),
                    "subject" => (0, t.subject.clone()),
                    "assignee" => (
                        t.assignee.is_some() as i64,
                        t.assignee.clone().unwrap_or_default(),
                    ),
                    _ => (0, t.requester.clone()),
                };
                (rank, text, t.id)
            };
            for pair in listed.windows(2) {
                let (a, b) = (order(&pair[0]), order(&pair[1]));
                if sort.starts_with('-') {
                    assert!(a > b, "--sort {sort}: {a:?} before {b:?}");
                } else {
                    assert!(a < b, "--sort {sort}: {a:?} before {b:?}");
                }
            }
        }
    }
}

pub(crate) fn replies_and_events_round_trip(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let id = txn
        .insert_ticket(&sample("t", Status::New, "01:00:00"))
        .unwrap();
    let mut public = Reply {
        id: 0,
        workorder_id: id,
        committer: "bob".into(),
        role: Role::Agent,
        detail: Detail {
            text: "好啊".into(),
            image: vec!["http://x/i.jpg".into()],
        },
        internal: false,
        created_at: at("02:00:00"),
    };
    public.id = txn.insert_reply(&public).unwrap();
    let mut note = Reply {
        internal: true,
        id: 0,
        ..public.clone()
    };
    note.id = txn.insert_reply(&note).unwrap();
    let e = NewEvent {
        ticket_id: id,
        at: at("02:00:00"),
        actor: "bob".into(),
        kind: EventKind::Status,
        field: Some("status".into()),
        old: Some(json!("new")),
        new: Some(json!("open")),
        run: None,
    };
    let eid = txn.insert_event(&e).unwrap();
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(txn.replies(id, true).unwrap(), [public.clone(), note]);
    assert_eq!(txn.replies(id, false).unwrap(), [public]);
    let events = txn.events(id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].id, events[0].kind, events[0].new.clone()),
        (eid, EventKind::Status, Some(json!("open")))
    );
}

pub(crate) fn seeded_types_and_fields(store: &mut dyn Store) {
    let txn = store.read().unwrap();
    let names: Vec<_> = txn
        .ticket_types()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["sys", "licences", "module", "tech", "test"]);
    let module = txn.ticket_type("module").unwrap().unwrap();
    assert_eq!(module.label_zh, "购买云模块");
    let fields: Vec<_> = module.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        fields,
        [
            "module",
            "amount",
            "company",
            "contact",
            "cellphone",
            "location",
            "email",
            "address"
        ]
    );
    let defs = txn.field_defs().unwrap();
    let amount = defs.iter().find(|d| d.name == "amount").unwrap();
    assert_eq!(amount.kind, FieldKind::Integer);
}

pub(crate) fn types_and_fields_can_be_added(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let def = FieldDef::new(
        "tier",
        FieldKind::Enum,
        "Tier",
        vec!["gold".into(), "free".into()],
    )
    .unwrap();
    txn.insert_field_def(&def).unwrap();
    let kind = TicketType {
        name: "billing".into(),
        label_zh: "账单".into(),
        label_en: "Billing".into(),
        fields: vec![TypeField {
            name: "tier".into(),
            required: true,
        }],
    };
    txn.insert_ticket_type(&kind).unwrap();
    txn.attach_field(
        "sys",
        &TypeField {
            name: "tier".into(),
            required: false,
        },
    )
    .unwrap();
    txn.attach_field(
        "sys",
        &TypeField {
            name: "tier".into(),
            required: true,
        },
    )
    .unwrap();
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(txn.ticket_type("billing").unwrap().unwrap(), kind);
    assert_eq!(
        txn.ticket_type("sys").unwrap().unwrap().fields,
        [TypeField {
            name: "tier".into(),
            required: true
        }]
    );
    assert!(txn.field_defs().unwrap().contains(&def));
    assert_eq!(txn.ticket_types().unwrap().last().unwrap().name, "billing");
}

pub(crate) fn bulk_status_moves_the_selected_tickets_with_their_history(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let a = txn
        .insert_ticket(&sample("a", Status::Solved, "01:00:00"))
        .unwrap();
    let b = txn
        .insert_ticket(&sample("b", Status::Solved, "02:00:00"))
        .unwrap();
    let c = txn
        .insert_ticket(&sample("c", Status::Open, "01:00:00"))
        .unwrap();
    let run = txn.insert_run("close", "cron", at("05:00:00")).unwrap();
    let query = Query {
        filter: Filter {
            statuses: vec![Status::Solved],
            ..Filter::default()
        },
        sort: "updated".parse::<Sort>().unwrap(),
        window: Window {
            limit: Some(5),
            offset: 0,
        },
    };
    assert_eq!(txn.ticket_ids(&query).unwrap(), [a, b]);
    let change = super::BulkStatus {
        to: Status::Closed,
        at: at("05:00:00"),
        actor: "sweep:close",
        run,
        note: Some("bye"),
    };
    assert_eq!(txn.bulk_status(&query, &change).unwrap(), [a, b]);
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    for id in [a, b] {
        let t = txn.ticket(id).unwrap().unwrap();
        assert_eq!(
            (t.status, t.version, t.updated_at),
            (Status::Closed, 2, at("05:00:00"))
        );
        let replies = txn.replies(id, true).unwrap();
        assert_eq!(
            (replies[0].detail.text.as_str(), replies[0].internal),
            ("bye", true)
        );
        let events = txn.events(id).unwrap();
        assert_eq!(events[0].old, Some(json!("solved")));
        assert_eq!(events[1].new, Some(json!(replies[0].id)));
        assert!(
            events
                .iter()
                .all(|e| e.run == Some(run) && e.actor == "sweep:close")
        );
    }
    assert_eq!(txn.ticket(c).unwrap().unwrap().status, Status::Open);
    assert_eq!(txn.run_events(run).unwrap().len(), 4);
}

fn everything() -> Filter {
    Filter {
        all: true,
        ..Filter::default()
    }
}

pub(crate) fn reply(ticket: i64, text: &str, at_time: &str) -> Reply {
    Reply {
        id: 0,
        workorder_id: ticket,
        committer: "bob".into(),
        role: Role::Agent,
        detail: Detail {
            text: text.into(),
            image: vec![],
        },
        internal: false,
        created_at: at(at_time),
    }
}

fn event(ticket: i64, kind: EventKind, at_time: &str, run: Option<i64>) -> NewEvent {
    NewEvent {
        ticket_id: ticket,
        at: at(at_time),
        actor: "bob".into(),
        kind,
        field: Some("status".into()),
        old: Some(json!("new")),
        new: Some(json!("open")),
        run,
    }
}

/// The ids and snippets a search finds, marks shown as `«` and `»`.
fn found(store: &mut dyn Store, words: &[&str], filter: &Filter) -> Vec<(i64, String)> {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let txn = store.read().unwrap();
    let mut out = vec![];
    txn.search(&words, filter, None, &mut |t, snippet| {
        out.push((
            t.id,
            snippet.replace('\u{E000}', "«").replace('\u{E001}', "»"),
        ));
        Ok(())
    })
    .unwrap();
    out
}

fn found_ids(store: &mut dyn Store, words: &[&str]) -> Vec<i64> {
    found(store, words, &everything())
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

pub(crate) fn search_needs_every_word_in_one_text_best_first(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let mut printer = sample("Printer jams", Status::New, "01:00:00");
    printer.question = "The printer jams on every page; printer model LX-100.".into();
    let printer = txn.insert_ticket(&printer).unwrap();
    let mut refund = sample("退款申请", Status::Open, "02:00:00");
    refund.question = "我想申请退款，订单号 A-1，请尽快处理。".into();
    let refund = txn.insert_ticket(&refund).unwrap();
    let mut module = sample("new module", Status::Solved, "03:00:00");
    module.kind = "module".into();
    module
        .fields
        .insert("company".into(), json!("Initech 公司"));
    module.fields.insert("amount".into(), json!(3));
    let module = txn.insert_ticket(&module).unwrap();
    let scanner = txn
        .insert_ticket(&sample("scanner offline", Status::Open, "04:00:00"))
        .unwrap();
    txn.insert_reply(&reply(
        scanner,
        "replace the toner of the printer",
        "05:00:00",
    ))
    .unwrap();
    txn.insert_reply(&reply(scanner, "the scanner needs a driver", "06:00:00"))
        .unwrap();
    let odd = txn
        .insert_ticket(&sample(
            "disk at 95% on db_primary",
            Status::New,
            "07:00:00",
        ))
        .unwrap();
    txn.commit().unwrap();

    // Best first: three mentions of the printer before one in a reply.
    assert_eq!(found_ids(store, &["printer"]), [printer, scanner]);
    // ASCII letters fold; every word must hold within one text.
    assert_eq!(found_ids(store, &["PRINTER", "model"]), [printer]);
    assert_eq!(found_ids(store, &["toner", "printer"]), [scanner]);
    assert!(found_ids(store, &["toner", "driver"]).is_empty());
    assert!(found_ids(store, &["scanner", "toner"]).is_empty());
    // Substrings of Chinese text, in the ticket and in a text field.
    assert_eq!(found_ids(store, &["订单号"]), [refund]);
    assert_eq!(found_ids(store, &["申请退"]), [refund]);
    assert_eq!(found_ids(store, &["nitech"]), [module]);
    assert_eq!(found_ids(store, &["ech 公司"]), [module]);
    // Wildcards are plain characters.
    assert_eq!(found_ids(store, &["95%"]), [odd]);
    assert_eq!(found_ids(store, &["db_primary"]), [odd]);
    assert!(found_ids(store, &["d_b"]).is_empty());
    assert!(found_ids(store, &["9_%"]).is_empty());
    // The filter and the limit narrow the matches.
    let open = Filter {
        statuses: vec![Status::Open],
        ..Filter::default()
    };
    assert_eq!(
        found(store, &["printer"], &open)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        [scanner]
    );
    let txn = store.read().unwrap();
    let mut limited = vec![];
    txn.search(&["printer".into()], &everything(), Some(1), &mut |t, _| {
        limited.push(t.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(limited, [printer]);
    drop(txn);
    // Snippets mark each match, case kept, from the text that matched.
    let snippets = found(store, &["订单号"], &everything());
    assert!(snippets[0].1.contains("«订单号»"), "{snippets:?}");
    let snippets = found(store, &["toner"], &everything());
    assert!(snippets[0].1.contains("«toner»"), "{snippets:?}");
    let snippets = found(store, &["lx-100"], &everything());
    assert!(snippets[0].1.contains("«LX-100»"), "{snippets:?}");
    // The index follows edits, and a rebuild keeps every match.
    let txn = store.write().unwrap();
    let mut edited = txn.ticket(refund).unwrap().unwrap();
    edited.question = "已处理".into();
    txn.update_ticket(&edited).unwrap();
    txn.rebuild_search().unwrap();
    txn.commit().unwrap();
    assert!(found_ids(store, &["订单号"]).is_empty());
    assert_eq!(found_ids(store, &["已处理"]), [refund]);
    assert_eq!(found_ids(store, &["printer"]), [printer, scanner]);
}

pub(crate) fn search_ties_go_to_the_lower_id(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let ids: Vec<i64> = (0..5)
        .map(|_| {
            txn.insert_ticket(&sample("fuser error", Status::New, "01:00:00"))
                .unwrap()
        })
        .collect();
    txn.commit().unwrap();
    assert_eq!(found_ids(store, &["fuser"]), ids);
}

pub(crate) fn idempotency_keys_name_their_tickets(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let open = txn
        .insert_ticket(&sample("a", Status::Open, "01:00:00"))
        .unwrap();
    let closed = txn
        .insert_ticket(&sample("b", Status::Closed, "01:00:00"))
        .unwrap();
    txn.insert_idempotency_key("zeta", open).unwrap();
    txn.insert_idempotency_key("Alpha", closed).unwrap();
    txn.insert_idempotency_key("beta", open).unwrap();
    assert_eq!(txn.idempotent_ticket("zeta").unwrap(), Some(open));
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(txn.idempotent_ticket("Alpha").unwrap(), Some(closed));
    assert_eq!(txn.idempotent_ticket("alpha").unwrap(), None);
    let keys = |filter: &Filter| {
        let mut out = vec![];
        txn.scan_idempotency_keys(filter, &mut |key, ticket| {
            out.push((key, ticket));
            Ok(())
        })
        .unwrap();
        out
    };
    // By key, bytewise; only the keys of the tickets the filter selects.
    assert_eq!(
        keys(&everything()),
        [
            ("Alpha".to_string(), closed),
            ("beta".to_string(), open),
            ("zeta".to_string(), open)
        ]
    );
    assert_eq!(
        keys(&Filter::default()),
        [("beta".to_string(), open), ("zeta".to_string(), open)]
    );
    drop(txn);
    let txn = store.write().unwrap();
    let err = txn.insert_idempotency_key("zeta", closed).unwrap_err();
    assert!(matches!(err, crate::Error::Invalid { .. }), "{err:?}");
}

pub(crate) fn reply_keys_name_their_replies(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let t = txn
        .insert_ticket(&sample("a", Status::Open, "01:00:00"))
        .unwrap();
    let mut reply = Reply {
        id: 0,
        workorder_id: t,
        committer: "amy".into(),
        role: Role::Agent,
        detail: Detail {
            text: "on it".into(),
            image: vec!["https://x.example/a.png".into()],
        },
        internal: false,
        created_at: at("02:00:00"),
    };
    reply.id = txn.insert_reply(&reply).unwrap();
    txn.insert_reply_key("api:3:amy:k1", reply.id).unwrap();
    assert_eq!(
        txn.idempotent_reply("api:3:amy:k1").unwrap(),
        Some(reply.clone())
    );
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(
        txn.idempotent_reply("api:3:amy:k1").unwrap(),
        Some(reply.clone())
    );
    assert_eq!(txn.idempotent_reply("api:3:amy:K1").unwrap(), None);
    drop(txn);
    let txn = store.write().unwrap();
    let err = txn.insert_reply_key("api:3:amy:k1", reply.id).unwrap_err();
    assert!(matches!(err, crate::Error::Invalid { .. }), "{err:?}");
    drop(txn);
    // A dropped write leaves no key.
    let txn = store.write().unwrap();
    txn.insert_reply_key("api:3:amy:k2", reply.id).unwrap();
    drop(txn);
    assert_eq!(
        store
            .read()
            .unwrap()
            .idempotent_reply("api:3:amy:k2")
            .unwrap(),
        None
    );
    // Keys stream by key, for the tickets a filter selects (export).
    let txn = store.write().unwrap();
    let other = txn
        .insert_ticket(&sample("b", Status::Closed, "01:00:00"))
        .unwrap();
    let second = txn
        .insert_reply(&Reply {
            id: 0,
            workorder_id: other,
            ..reply.clone()
        })
        .unwrap();
    txn.insert_reply_key("cli:a", second).unwrap();
    txn.commit().unwrap();
    let scan = |filter: &Filter| {
        let mut keys = vec![];
        store
            .read()
            .unwrap()
            .scan_reply_keys(filter, &mut |key, reply| {
                keys.push((key, reply));
                Ok(())
            })
            .unwrap();
        keys
    };
    assert_eq!(
        scan(&everything()),
        vec![
            ("api:3:amy:k1".to_string(), reply.id),
            ("cli:a".to_string(), second)
        ]
    );
    let closed = Filter {
        statuses: vec![Status::Closed],
        ..Filter::default()
    };
    assert_eq!(scan(&closed), vec![("cli:a".to_string(), second)]);
}

pub(crate) fn a_glance_reads_outside_a_transaction_and_leaves_none(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let id = txn
        .insert_ticket(&sample("a", Status::Open, "01:00:00"))
        .unwrap();
    txn.commit().unwrap();
    // More glances than the pool has connections: each gives its
    // connection back clean, with no transaction left open on it.
    for _ in 0..20 {
        let g = store.glance().unwrap();
        assert_eq!(g.ticket(id).unwrap().unwrap().subject, "a");
        assert_eq!(g.ticket(id + 1).unwrap(), None);
    }
    let txn = store.write().unwrap();
    let next = txn
        .insert_ticket(&sample("b", Status::New, "02:00:00"))
        .unwrap();
    txn.commit().unwrap();
    // A glance sees what is committed when its statement runs.
    assert!(store.glance().unwrap().ticket(next).unwrap().is_some());
}

pub(crate) fn filing_stores_the_ticket_with_its_event(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let filed = event(0, EventKind::Created, "00:00:00", None);
    let id = txn
        .file_ticket(&sample("filed", Status::New, "00:00:00"), &filed)
        .unwrap();
    // Several at once, each with its own values.
    let many: Vec<(Ticket, NewEvent)> = (1..=3)
        .map(|k| {
            let mut t = sample(&format!("many {k}"), Status::Open, &format!("0{k}:00:00"));
            t.tags = vec![format!("tag-{k}")];
            t.assignee = (k == 2).then(|| "bob".to_string());
            let e = event(0, EventKind::Created, &format!("0{k}:00:00"), None);
            (t, e)
        })
        .collect();
    let pairs: Vec<(&Ticket, &NewEvent)> = many.iter().map(|(t, e)| (t, e)).collect();
    let ids = txn.file_tickets(&pairs).unwrap();
    assert!(txn.file_tickets(&[]).unwrap().is_empty());
    txn.commit().unwrap();
    assert_eq!(ids, vec![id + 1, id + 2, id + 3]);
    let read = store.read().unwrap();
    assert_eq!(read.ticket(id).unwrap().unwrap().subject, "filed");
    for ((t, e), &got) in many.iter().zip(&ids) {
        assert_eq!(
            read.ticket(got).unwrap().unwrap(),
            Ticket {
                id: got,
                ..t.clone()
            }
        );
        let events = read.events(got).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(
            events[0],
            NewEvent {
                ticket_id: got,
                ..e.clone()
            }
            .stored(events[0].id)
        );
    }
    let events = read.events(id).unwrap();
    assert_eq!(
        (events.len(), events[0].ticket_id, events[0].kind),
        (1, id, EventKind::Created)
    );
    drop(read);
    let second = id + 3;
    // A filing dropped uncommitted leaves nothing and uses up no id.
    let txn = store.write().unwrap();
    let gone = txn
        .file_ticket(&sample("gone", Status::New, "00:00:00"), &filed)
        .unwrap();
    assert_eq!(gone, second + 1);
    drop(txn);
    assert_eq!(store.read().unwrap().ticket(gone).unwrap(), None);
    assert!(store.read().unwrap().events(gone).unwrap().is_empty());
    let txn = store.write().unwrap();
    let next = txn
        .file_ticket(&sample("next", Status::New, "00:00:00"), &filed)
        .unwrap();
    txn.commit().unwrap();
    assert_eq!(next, gone);
}

pub(crate) fn runs_record_their_events_and_undo(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let t = txn
        .insert_ticket(&sample("a", Status::Solved, "01:00:00"))
        .unwrap();
    let quiet = txn
        .insert_ticket(&sample("b", Status::Solved, "01:00:00"))
        .unwrap();
    assert_eq!(txn.last_event_id(t).unwrap(), 0);
    let sweep = txn.insert_run("close", "cron", at("02:00:00")).unwrap();
    let first = txn
        .insert_event(&event(t, EventKind::Status, "02:00:00", Some(sweep)))
        .unwrap();
    let undo = txn.insert_run("undo:1", "amy", at("03:00:00")).unwrap();
    assert!(undo > sweep);
    let second = txn
        .insert_event(&event(t, EventKind::Status, "03:00:00", Some(undo)))
        .unwrap();
    let loose = txn
        .insert_event(&event(t, EventKind::Field, "01:30:00", None))
        .unwrap();
    assert!(first < second && second < loose);
    txn.set_run_undone(sweep, undo).unwrap();
    txn.commit().unwrap();
    let txn = store.read().unwrap();
    assert_eq!(txn.last_event_id(t).unwrap(), loose);
    assert_eq!(txn.last_event_id(quiet).unwrap(), 0);
    let run = txn.run(sweep).unwrap().unwrap();
    assert_eq!(
        (run.rule.as_str(), run.actor.as_str(), run.at, run.undone_by),
        ("close", "cron", at("02:00:00"), Some(undo))
    );
    assert_eq!(txn.run(undo).unwrap().unwrap().undone_by, None);
    assert!(txn.run(undo + 100).unwrap().is_none());
    let runs: Vec<i64> = txn.runs().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(runs, [sweep, undo]);
    let events = txn.run_events(sweep).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].id, events[0].run), (first, Some(sweep)));
    // A ticket's history is by time, then id.
    let history: Vec<i64> = txn.events(t).unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(history, [loose, first, second]);
}

pub(crate) fn has_reply_compares_every_column(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let t = txn
        .insert_ticket(&sample("a", Status::New, "01:00:00"))
        .unwrap();
    let mut stored = reply(t, "好的 see http://x", "02:00:00");
    stored.detail.image = vec!["http://x/1.png".into(), "http://x/2.png".into()];
    stored.role = Role::Requester;
    txn.insert_reply(&stored).unwrap();
    assert!(txn.has_reply(&stored).unwrap());
    let mut differs = vec![];
    for change in 0..6 {
        let mut r = stored.clone();
        match change {
            0 => r.detail.text.push('!'),
            1 => r.detail.image.reverse(),
            2 => r.role = Role::Agent,
            3 => r.created_at = at("02:00:00.000001"),
            4 => r.committer = "Bob".into(),
            _ => r.workorder_id = t + 1,
        }
        differs.push(txn.has_reply(&r).unwrap());
    }
    assert_eq!(differs, [false; 6]);
    // An id or the internal flag are not compared (seed replies have none).
    let same = Reply {
        id: 77,
        internal: true,
        ..stored.clone()
    };
    assert!(txn.has_reply(&same).unwrap());
}

pub(crate) fn update_status_bumps_the_version_and_never_moves_time_back(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let t = txn
        .insert_ticket(&sample("a", Status::New, "05:00:00"))
        .unwrap();
    txn.update_status(t, Status::Open, at("04:00:00")).unwrap();
    txn.update_status(t, Status::Pending, at("06:00:00.123456"))
        .unwrap();
    let got = txn.ticket(t).unwrap().unwrap();
    assert_eq!(
        (got.status, got.version, got.updated_at),
        (Status::Pending, 3, at("06:00:00.123456"))
    );
    txn.update_status(t, Status::Open, at("01:00:00")).unwrap();
    assert_eq!(
        txn.ticket(t).unwrap().unwrap().updated_at,
        at("06:00:00.123456")
    );
    let err = txn
        .update_status(t + 1, Status::Open, at("01:00:00"))
        .unwrap_err();
    assert!(matches!(err, crate::Error::NotFound { .. }));
}

/// Every ticket the filter selects, by id, with its replies and events.
fn threads(store: &mut dyn Store, filter: &Filter) -> Vec<(i64, Vec<i64>, Vec<i64>)> {
    let txn = store.read().unwrap();
    let mut out = vec![];
    txn.scan_threads(filter, &mut |t, replies, events| {
        out.push((
            t.id,
            replies.into_iter().map(|r| r.id).collect(),
            events.into_iter().map(|e| e.id).collect(),
        ));
        Ok(())
    })
    .unwrap();
    out
}

pub(crate) fn scan_threads_gives_each_ticket_with_its_replies_and_events(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let mut ids = vec![];
    for (i, status) in [Status::New, Status::Closed, Status::Open]
        .into_iter()
        .enumerate()
    {
        ids.push(
            txn.insert_ticket(&sample(&format!("t{i}"), status, "01:00:00"))
                .unwrap(),
        );
    }
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    // Written interleaved, and out of time order.
    let mut want: std::collections::HashMap<i64, (Vec<i64>, Vec<i64>)> = Default::default();
    for (i, &t) in [c, a, c, b, a, c].iter().enumerate() {
        let r = txn
            .insert_reply(&reply(t, &format!("r{i}"), &format!("0{}:00:00", 9 - i)))
            .unwrap();
        let e = txn
            .insert_event(&event(
                t,
                EventKind::Reply,
                &format!("0{}:00:00", 9 - i),
                None,
            ))
            .unwrap();
        let entry = want.entry(t).or_default();
        entry.0.push(r);
        entry.1.push(e);
    }
    txn.commit().unwrap();
    let expected = |t: i64| {
        let (r, e) = want.get(&t).cloned().unwrap_or_default();
        (t, r, e)
    };
    assert_eq!(
        threads(store, &everything()),
        [expected(a), expected(b), expected(c)]
    );
    assert_eq!(
        threads(store, &Filter::default()),
        [expected(a), expected(c)]
    );
    // An error from the callback ends the scan and comes back.
    let txn = store.read().unwrap();
    let mut seen = 0;
    let err = txn
        .scan_threads(&everything(), &mut |_, _, _| {
            seen += 1;
            Err(crate::Error::Busy)
        })
        .unwrap_err();
    assert!(matches!(err, crate::Error::Busy));
    assert_eq!(seen, 1);
}

pub(crate) fn bulk_load_keeps_ids_and_assigned_ids_follow(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let before = txn
        .insert_ticket(&sample("before", Status::New, "01:00:00"))
        .unwrap();
    txn.commit().unwrap();
    let txn = store.write().unwrap();
    txn.begin_bulk_load().unwrap();
    let run = Run {
        id: 40,
        rule: "close".into(),
        actor: "cron".into(),
        at: at("02:00:00"),
        undone_by: None,
    };
    txn.insert_run_row(&run).unwrap();
    let mut loaded = vec![];
    for (i, id) in [500_i64, 501, 502, 900].into_iter().enumerate() {
        let mut t = sample(&format!("loaded plotter {i}"), Status::Open, "03:00:00");
        t.id = id;
        t.tags = vec!["vip".into()];
        assert_eq!(txn.insert_ticket(&t).unwrap(), id);
        let mut r = reply(id, &format!("plotter reply {i}"), "04:00:00");
        r.id = 1000 + id;
        assert_eq!(txn.insert_reply(&r).unwrap(), r.id);
        let e = event(id, EventKind::Status, "04:00:00", Some(40)).stored(2000 + id);
        txn.insert_event_row(&e).unwrap();
        loaded.push((id, vec![r.id], vec![e.id]));
        assert!(txn.ticket_exists(id).unwrap());
        assert!(txn.has_reply(&r).unwrap());
        assert!(txn.reply_exists(r.id).unwrap());
        assert!(txn.event_exists(e.id).unwrap());
    }
    assert!(txn.ticket_exists(before).unwrap());
    assert!(!txn.ticket_exists(501_000).unwrap());
    assert!(!txn.reply_exists(501_000).unwrap());
    assert!(!txn.event_exists(501_000).unwrap());
    assert_eq!(
        txn.ticket(502).unwrap().unwrap().subject,
        "loaded plotter 2"
    );
    txn.end_bulk_load().unwrap();
    // Ids the store assigns continue after the largest brought.
    let next = txn
        .insert_ticket(&sample("next", Status::New, "05:00:00"))
        .unwrap();
    assert_eq!(next, 901);
    assert!(txn.insert_reply(&reply(next, "hi", "05:00:00")).unwrap() > 1900);
    assert!(
        txn.insert_event(&event(next, EventKind::Created, "05:00:00", None))
            .unwrap()
            > 2900
    );
    assert!(txn.insert_run("close", "cron", at("05:00:00")).unwrap() > 40);
    txn.commit().unwrap();
    let vip = Filter {
        all: true,
        tags: vec!["vip".into()],
        ..Filter::default()
    };
    assert_eq!(threads(store, &vip), loaded);
    assert_eq!(store.read().unwrap().run(40).unwrap().unwrap(), run);
    // The search index holds what the load brought.
    assert_eq!(found_ids(store, &["plotter"]).len(), 4);
    assert_eq!(found_ids(store, &["reply 3"]), [900]);
    // An id brought twice is refused, whether held back or stored.
    for twice in [900, 700] {
        let txn = store.write().unwrap();
        txn.begin_bulk_load().unwrap();
        let mut t = sample("again", Status::New, "01:00:00");
        t.id = 700;
        txn.insert_ticket(&t).unwrap();
        let mut r = reply(700, "again", "01:00:00");
        r.id = 1000 + twice;
        let result = txn.insert_reply(&r).and_then(|_| {
            r.id = 5000;
            txn.insert_reply(&r)?;
            r.id = 5000;
            txn.insert_reply(&r)?;
            txn.end_bulk_load()
        });
        assert!(
            matches!(result, Err(crate::Error::Invalid { .. })),
            "{twice}: {result:?}"
        );
    }
    // A row naming what does not exist is refused by its own call.
    let txn = store.write().unwrap();
    txn.begin_bulk_load().unwrap();
    let mut t = sample("typeless", Status::New, "01:00:00");
    (t.id, t.kind) = (5000, "nope".into());
    let result = txn.insert_ticket(&t);
    assert!(
        matches!(result, Err(crate::Error::Invalid { .. })),
        "{result:?}"
    );
    drop(txn);
    let txn = store.write().unwrap();
    txn.begin_bulk_load().unwrap();
    let mut r = reply(4999, "orphan", "01:00:00");
    r.id = 5000;
    let result = txn.insert_reply(&r);
    assert!(
        matches!(result, Err(crate::Error::Invalid { .. })),
        "{result:?}"
    );
}

pub(crate) fn a_dropped_bulk_load_leaves_nothing(store: &mut dyn Store) {
    {
        let txn = store.write().unwrap();
        txn.begin_bulk_load().unwrap();
        let mut t = sample("lost", Status::New, "01:00:00");
        t.id = 10;
        txn.insert_ticket(&t).unwrap();
        let mut r = reply(10, "lost reply", "01:00:00");
        r.id = 10;
        txn.insert_reply(&r).unwrap();
        txn.end_bulk_load().unwrap();
    }
    assert!(threads(store, &everything()).is_empty());
    assert!(found_ids(store, &["lost"]).is_empty());
}

pub(crate) fn counts_agree_with_lists_for_every_filter(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    for i in 0..12usize {
        let mut t = sample(
            &format!("s{i}"),
            Status::ALL[i % 6],
            &format!("0{}:00:00", i % 4),
        );
        t.tags = [("a", i % 2 == 0), ("b", i % 3 == 0)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(tag, _)| tag.to_string())
            .collect();
        t.assignee = (i % 4 == 0).then(|| "bob".to_string());
        t.requester = if i % 5 == 0 { "cy" } else { "amy" }.into();
        if i % 3 == 1 {
            t.kind = "module".into();
            t.fields
                .insert("company".into(), json!(format!("Co{}", i % 2)));
        }
        let id = txn.insert_ticket(&t).unwrap();
        if i == 7 {
            txn.insert_reply(&reply(id, "ab", "09:00:00")).unwrap();
        }
    }
    txn.commit().unwrap();
    let filters = [
        Filter::default(),
        everything(),
        Filter {
            tags: vec!["a".into()],
            all: true,
            ..Filter::default()
        },
        Filter {
            tags: vec!["a".into(), "b".into()],
            all: true,
            ..Filter::default()
        },
        Filter {
            tags: vec!["a".into()],
            ..Filter::default()
        },
        Filter {
            without_tags: vec!["b".into()],
            ..Filter::default()
        },
        Filter {
            assignee: Some(Some("bob".into())),
            ..Filter::default()
        },
        Filter {
            assignee: Some(None),
            all: true,
            ..Filter::default()
        },
        Filter {
            requester: Some("cy".into()),
            all: true,
            ..Filter::default()
        },
        Filter {
            fields: vec![("company".into(), json!("Co1"))],
            all: true,
            ..Filter::default()
        },
        Filter {
            text: vec!["AB".into()],
            all: true,
            ..Filter::default()
        },
        Filter {
            text: vec!["s1".into()],
            all: true,
            ..Filter::default()
        },
        Filter {
            types: vec!["module".into()],
            updated_after: Some(at("01:00:00")),
            ..Filter::default()
        },
    ];
    let expected_counts = [8, 12, 6, 2, 4, 4, 2, 9, 3, 2, 1, 3, 2];
    let txn = store.read().unwrap();
    for (filter, expected) in filters.iter().zip(expected_counts) {
        let count = txn.count_tickets(filter).unwrap();
        let query = Query {
            filter: filter.clone(),
            ..Query::default()
        };
        assert_eq!(count, expected, "{filter:?}");
        assert_eq!(
            txn.ticket_ids(&query).unwrap().len() as u64,
            count,
            "{filter:?}"
        );
    }
}

pub(crate) fn text_sorts_by_bytes_and_values_round_trip(store: &mut dyn Store) {
    let subjects = ["b", "B", "a", "é", "中", "Z", "aa", "a b"];
    let txn = store.write().unwrap();
    let mut stored = vec![];
    for subject in subjects {
        let mut t = sample(subject, Status::New, "01:02:03.123456");
        t.created_at = at("00:00:00.000001");
        t.tags = vec!["b".into(), "B".into(), "é".into(), "a".into()];
        t.kind = "module".into();
        for (k, v) in [
            ("zeta", json!("z")),
            ("Alpha", json!(1.5)),
            ("amount", json!(12)),
            ("big", json!(9_007_199_254_740_993_i64)),
            ("flag", json!(true)),
            ("list", json!(["b", "a"])),
            ("nested", json!({"y": null, "x": 2})),
        ] {
            t.fields.insert(k.into(), v);
        }
        t.id = txn.insert_ticket(&t).unwrap();
        stored.push(t);
    }
    txn.commit().unwrap();
    let query = Query {
        filter: everything(),
        sort: "subject".parse::<Sort>().unwrap(),
        window: Window::default(),
    };
    let txn = store.read().unwrap();
    let mut listed = vec![];
    txn.scan_tickets(&query, &mut |t| {
        listed.push(t);
        Ok(())
    })
    .unwrap();
    let order: Vec<&str> = listed.iter().map(|t| t.subject.as_str()).collect();
    assert_eq!(order, ["B", "Z", "a", "a b", "aa", "b", "é", "中"]);
    let t = &listed[0];
    assert_eq!(t.tags, ["B", "a", "b", "é"]);
    assert_eq!(t.updated_at.to_string(), "2026-01-01T01:02:03.123456Z");
    assert_eq!(t.created_at.to_string(), "2026-01-01T00:00:00.000001Z");
    assert_eq!(
        serde_json::to_string(&t.fields).unwrap(),
        r#"{"Alpha":1.5,"amount":12,"big":9007199254740993,"flag":true,"list":["b","a"],"nested":{"x":2,"y":null},"zeta":"z"}"#
    );
    let want = stored.iter().find(|s| s.id == t.id).unwrap();
    assert_eq!(
        t,
        &Ticket {
            tags: vec!["B".into(), "a".into(), "b".into(), "é".into()],
            ..want.clone()
        }
    );
}

fn api_token(user: &str, expires: Option<&str>) -> Token {
    Token {
        id: 0,
        user: user.into(),
        role: ApiRole::Agent,
        name: Some("portal 门户".into()),
        created_at: at("01:00:00.123456"),
        expires_at: expires.map(at),
        revoked_at: None,
    }
}

pub(crate) fn tokens_round_trip_and_are_found_by_their_hash(store: &mut dyn Store) {
    assert!(store.read().unwrap().tokens().unwrap().is_empty());
    let txn = store.write().unwrap();
    let a = txn
        .insert_token(&"a".repeat(64), &api_token("amy", Some("02:00:00")))
        .unwrap();
    let mut plain = api_token("bob", None);
    plain.role = ApiRole::Requester;
    plain.name = None;
    let b = txn.insert_token(&"b".repeat(64), &plain).unwrap();
    txn.commit().unwrap();
    assert!(a >= 1 && b > a);
    let txn = store.read().unwrap();
    let first = Token {
        id: a,
        ..api_token("amy", Some("02:00:00"))
    };
    let second = Token { id: b, ..plain };
    assert_eq!(txn.token(a).unwrap(), Some(first.clone()));
    assert_eq!(txn.token(b + 1).unwrap(), None);
    assert_eq!(txn.tokens().unwrap(), [second.clone(), first.clone()]);
    assert_eq!(txn.token_by_hash(&"a".repeat(64)).unwrap(), Some(first));
    assert_eq!(txn.token_by_hash(&"b".repeat(64)).unwrap(), Some(second));
    assert_eq!(txn.token_by_hash(&"c".repeat(64)).unwrap(), None);
    drop(txn);
    // A hash is stored once.
    let txn = store.write().unwrap();
    let err = txn
        .insert_token(&"a".repeat(64), &api_token("eve", None))
        .unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Invalid, "{err}");
}

pub(crate) fn revoking_a_token_keeps_the_first_time(store: &mut dyn Store) {
    let txn = store.write().unwrap();
    let id = txn
        .insert_token(&"a".repeat(64), &api_token("amy", None))
        .unwrap();
    assert!(txn.revoke_token(id, at("03:00:00")).unwrap());
    assert!(!txn.revoke_token(id, at("04:00:00")).unwrap());
    assert!(!txn.revoke_token(id + 1, at("04:00:00")).unwrap());
    txn.commit().unwrap();
    let got = store.read().unwrap().token(id).unwrap().unwrap();
    assert_eq!(got.revoked_at, Some(at("03:00:00")));
}

/// A token written in a dropped transaction is gone, and its id is handed
/// out again: a dry run shows the id the real run gets.
pub(crate) fn a_dropped_token_write_leaves_nothing(store: &mut dyn Store) {
    let write = |store: &mut dyn Store, commit: bool| -> i64 {
        let txn = store.write().unwrap();
        let id = txn
            .insert_token(
                &format!("{commit}{}", "0".repeat(59)),
                &api_token("amy", None),
            )
            .unwrap();
        if commit {
            txn.commit().unwrap();
        }
        id
    };
    let dropped = write(store, false);
    assert!(store.read().unwrap().tokens().unwrap().is_empty());
    assert_eq!(write(store, true), dropped);
    let txn = store.write().unwrap();
    txn.revoke_token(dropped, at("05:00:00")).unwrap();
    drop(txn);
    let got = store.read().unwrap().token(dropped).unwrap().unwrap();
    assert_eq!(got.revoked_at, None);
}

/// Two handles on one store: a read transaction on the first keeps its
/// snapshot while the second commits a write.
pub(crate) fn a_read_sees_one_snapshot(first: &mut dyn Store, second: &mut dyn Store) {
    let txn = first.write().unwrap();
    let a = txn
        .insert_ticket(&sample("a", Status::New, "01:00:00"))
        .unwrap();
    txn.commit().unwrap();
    let reader = first.read().unwrap();
    assert_eq!(reader.count_tickets(&everything()).unwrap(), 1);
    let writer = second.write().unwrap();
    writer
        .insert_ticket(&sample("b", Status::New, "01:00:00"))
        .unwrap();
    writer
        .update_status(a, Status::Open, at("02:00:00"))
        .unwrap();
    writer.commit().unwrap();
    assert_eq!(reader.count_tickets(&everything()).unwrap(), 1);
    assert_eq!(reader.ticket(a).unwrap().unwrap().status, Status::New);
    drop(reader);
    let txn = first.read().unwrap();
    assert_eq!(txn.count_tickets(&everything()).unwrap(), 2);
    assert_eq!(txn.ticket(a).unwrap().unwrap().status, Status::Open);
}

/// Generates one `#[test]` per suite function for a backend. `$factory`
/// makes a fresh, empty (migrated) store; with `twin`, `$twin` opens a
/// second handle on the store `$factory` made, for the tests that need two.
macro_rules! store_suite {
    ($factory:expr) => {
        $crate::store::suite::store_suite!(@tests $factory;
            ticket_round_trips, ids_are_assigned_in_order, dropped_transaction_leaves_nothing,
            a_dropped_transaction_uses_up_no_id,
            update_rewrites_columns_and_tags, filters_sort_and_window, every_sort_key_orders_whole_tickets,
            replies_and_events_round_trip,
            seeded_types_and_fields, types_and_fields_can_be_added,
            bulk_status_moves_the_selected_tickets_with_their_history,
            search_needs_every_word_in_one_text_best_first, search_ties_go_to_the_lower_id,
            idempotency_keys_name_their_tickets, reply_keys_name_their_replies,
            a_glance_reads_outside_a_transaction_and_leaves_none,
            filing_stores_the_ticket_with_its_event,
            runs_record_their_events_and_undo,
            has_reply_compares_every_column,
            update_status_bumps_the_version_and_never_moves_time_back,
            scan_threads_gives_each_ticket_with_its_replies_and_events,
            bulk_load_keeps_ids_and_assigned_ids_follow, a_dropped_bulk_load_leaves_nothing,
            counts_agree_with_lists_for_every_filter, text_sorts_by_bytes_and_values_round_trip,
            tokens_round_trip_and_are_found_by_their_hash, revoking_a_token_keeps_the_first_time,
            a_dropped_token_write_leaves_nothing);
    };
    ($factory:expr, twin: $twin:expr) => {
        $crate::store::suite::store_suite!($factory);

        #[test]
        fn a_read_sees_one_snapshot() {
            #[allow(unused_mut)]
            let mut first = $factory;
            let mut second = $twin(&first);
            $crate::store::suite::a_read_sees_one_snapshot(&mut first, &mut second);
        }
    };
    (@tests $factory:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                #[allow(unused_mut)]
                let mut store = $factory;
                $crate::store::suite::$name(&mut store);
            }
        )*
    };
}
pub(crate) use store_suite;
