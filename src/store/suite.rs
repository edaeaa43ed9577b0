//! The conformance suite every [`Store`] backend must pass. A backend's
//! tests call `store_suite!(factory)` with a function returning a fresh,
//! empty (migrated) store.

use serde_json::{Map, json};

use super::Store;
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

/// Generates one `#[test]` per suite function for a backend.
macro_rules! store_suite {
    ($factory:expr) => {
        $crate::store::suite::store_suite!(@tests $factory;
            ticket_round_trips, ids_are_assigned_in_order, dropped_transaction_leaves_nothing,
            update_rewrites_columns_and_tags, filters_sort_and_window, every_sort_key_orders_whole_tickets,
            replies_and_events_round_trip,
            seeded_types_and_fields, types_and_fields_can_be_added,
            bulk_status_moves_the_selected_tickets_with_their_history);
    };
    (@tests $factory:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                let mut store = $factory;
                $crate::store::suite::$name(&mut store);
            }
        )*
    };
}
pub(crate) use store_suite;
