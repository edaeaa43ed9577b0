//! Export and import: the lossless record stream out, and records in
//! (exports and the seed APIs), one importer method per record kind.

use super::*;

impl Desk {
    /// Calls `each` with every export record: field definitions, ticket
    /// types and runs, then every ticket the filter selects (by id) with its
    /// replies and events. One read snapshot, streamed.
    pub fn export(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(Record) -> Result<()>,
    ) -> Result<()> {
        let txn = self.store.read()?;
        let filter = checked_filter(txn.as_ref(), filter)?;
        for d in txn.field_defs()? {
            each(Record::FieldDef(d))?;
        }
        for t in txn.ticket_types()? {
            each(Record::TicketType(t))?;
        }
        for r in txn.runs()? {
            each(Record::Run(r))?;
        }
        txn.scan_threads(&filter, &mut |ticket, replies, events| {
            each(Record::Ticket(Box::new(Thread {
                ticket,
                replies,
                events: Some(events),
            })))
        })?;
        txn.scan_idempotency_keys(&filter, &mut |key, ticket| {
            each(Record::IdempotencyKey(IdempotencyKey { key, ticket }))
        })
    }

    /// Imports records in one transaction: everything is validated as it is
    /// written, and the first bad record (its line number named in the
    /// error) rolls everything back. Ids, timestamps and history are kept.
    pub fn import(
        &self,
        records: &mut dyn Iterator<Item = (String, Result<Incoming>)>,
        skip_existing: bool,
        commit: Commit,
    ) -> Result<ImportReport> {
        let txn = self.store.write()?;
        txn.begin_bulk_load()?;
        let mut report = ImportReport {
            dry_run: commit == Commit::DryRun,
            ..ImportReport::default()
        };
        let mut defs = txn.field_defs()?;
        let mut types: HashMap<String, TicketType> = HashMap::new();
        let mut undone = Vec::new();
        // Tickets left alone: their keys and content are left too.
        let mut skipped: HashSet<i64> = HashSet::new();
        for (place, incoming) in records {
            let at_line = |e: Error| at_place(&place, e);
            match incoming.map_err(at_line)? {
                Incoming::Record(record) => match *record {
                    Record::FieldDef(d) => {
                        let d =
                            FieldDef::new(&d.name, d.kind, &d.label, d.options).map_err(at_line)?;
                        match defs.iter().find(|x| x.name == d.name) {
                            Some(x) if *x == d => {}
                            Some(_) => {
                                return Err(at_line(Error::invalid(
                                    "field_def",
                                    format!("'{}' differs from the stored definition", d.name),
                                )));
                            }
                            None => {
                                txn.insert_field_def(&d).map_err(at_line)?;
                                defs.push(d);
                            }
                        }
                    }
                    Record::TicketType(t) => match txn.ticket_type(&t.name)? {
                        Some(stored) => {
                            merge_type(txn.as_ref(), &stored, &t).map_err(at_line)?;
                        }
                        None => {
                            model::validate_ident("type name", &t.name).map_err(at_line)?;
                            txn.insert_ticket_type(&t).map_err(at_line)?;
                        }
                    },
                    Record::IdempotencyKey(k) => match txn.idempotent_ticket(&k.key)? {
                        _ if skipped.contains(&k.ticket) => {}
                        Some(t) if t == k.ticket => {}
                        Some(t) if !skip_existing => {
                            return Err(at_line(Error::invalid(
                                "idempotency_key",
                                format!(
                                    "'{}' already names ticket {t}; --skip-existing leaves it",
                                    k.key
                                ),
                            )));
                        }
                        Some(_) => {}
                        None => {
                            load(txn.as_ref(), k.ticket).map_err(at_line)?;
                            txn.insert_idempotency_key(&k.key, k.ticket)
                                .map_err(at_line)?;
                        }
                    },
                    Record::Run(r) => {
                        if txn.run(r.id)?.is_some() {
                            if skip_existing {
                                continue;
                            }
                            return Err(at_line(Error::invalid(
                                "id",
                                format!("run {} already exists; --skip-existing leaves it", r.id),
                            )));
                        }
                        txn.insert_run_row(&Run {
                            undone_by: None,
                            ..r.clone()
                        })
                        .map_err(at_line)?;
                        if let Some(by) = r.undone_by {
                            undone.push((r.id, by));
                        }
                    }
                    Record::Ticket(thread) => {
                        let Thread {
                            mut ticket,
                            replies,
                            events,
                        } = *thread;
                        if ticket.id > 0 && txn.ticket_exists(ticket.id)? {
                            if skip_existing {
                                report.skipped.push(ticket.id);
                                skipped.insert(ticket.id);
                                continue;
                            }
                            return Err(at_line(Error::invalid(
                                "id",
                                format!(
                                    "ticket {} already exists; --skip-existing leaves it",
                                    ticket.id
                                ),
                            )));
                        }
                        let kind =
                            cached_type(&mut types, txn.as_ref(), &ticket.kind).map_err(at_line)?;
                        validate_imported(kind, &defs, &mut ticket).map_err(at_line)?;
                        let id = txn.insert_ticket(&ticket).map_err(at_line)?;
                        report.tickets += 1;
                        for mut r in replies {
                            if r.workorder_id != ticket.id && ticket.id > 0 {
                                return Err(at_line(Error::invalid(
                                    "replies",
                                    format!("reply {} belongs to ticket {}", r.id, r.workorder_id),
                                )));
                            }
                            r.workorder_id = id;
                            validate_reply(&r).map_err(at_line)?;
                            txn.insert_reply(&r).map_err(at_line)?;
                            report.replies += 1;
                        }
                        for mut e in events.unwrap_or_default() {
                            if e.ticket_id != ticket.id && ticket.id > 0 {
                                return Err(at_line(Error::invalid(
                                    "events",
                                    format!("event {} belongs to ticket {}", e.id, e.ticket_id),
                                )));
                            }
                            e.ticket_id = id;
                            model::validate_name("events.actor", &e.actor).map_err(at_line)?;
                            if e.id > 0 {
                                txn.insert_event_row(&e).map_err(at_line)?;
                            } else {
                                txn.insert_event(&NewEvent::from(e)).map_err(at_line)?;
                            }
                            report.events += 1;
                        }
                    }
                },
                Incoming::Content {
                    workorder_id,
                    kind,
                    question,
                    fields,
                } => {
                    if skipped.contains(&workorder_id) {
                        continue;
                    }
                    let before = load(txn.as_ref(), workorder_id).map_err(at_line)?;
                    if question.trim() != before.question.trim() {
                        return Err(at_line(Error::invalid(
                            "question",
                            format!(
                                "differs from ticket {workorder_id}'s: this content is for another workorder"
                            ),
                        )));
                    }
                    workflow::ensure_not_closed(&before, "edits").map_err(at_line)?;
                    if kind != before.kind {
                        return Err(at_line(Error::invalid(
                            "type",
                            format!(
                                "{kind_q} differs from ticket {workorder_id}'s type '{}'",
                                before.kind,
                                kind_q = quote(&kind)
                            ),
                        )));
                    }
                    let known =
                        cached_type(&mut types, txn.as_ref(), &before.kind).map_err(at_line)?;
                    let mut ticket = before.clone();
                    ticket.fields.extend(fields);
                    validate_imported(known, &defs, &mut ticket).map_err(at_line)?;
                    // The content completes the ticket as it was: the changes
                    // are recorded at its last update, by the import.
                    let changes = diff(&before, &ticket);
                    for (kind, field, old, new) in &changes {
                        txn.insert_event(&event(
                            &before,
                            before.updated_at,
                            "import",
                            *kind,
                            Some(field.clone()),
                            Some(old.clone()),
                            Some(new.clone()),
                        ))
                        .map_err(at_line)?;
                        report.events += 1;
                    }
                    if !changes.is_empty() {
                        ticket.version += 1;
                        txn.update_ticket(&ticket).map_err(at_line)?;
                    }
                }
                Incoming::Reply(mut r) => {
                    if skipped.contains(&r.workorder_id) {
                        continue;
                    }
                    let ticket = load(txn.as_ref(), r.workorder_id).map_err(at_line)?;
                    validate_reply(&r).map_err(at_line)?;
                    if txn.has_reply(&r)? {
                        if skip_existing {
                            report.skipped_replies += 1;
                            continue;
                        }
                        return Err(at_line(Error::invalid(
                            "reply",
                            format!(
                                "{}'s reply of {} to ticket {} is stored already; --skip-existing leaves it",
                                r.committer, r.created_at, r.workorder_id
                            ),
                        )));
                    }
                    r.id = txn.insert_reply(&r).map_err(at_line)?;
                    txn.insert_event(&event(
                        &ticket,
                        r.created_at,
                        &r.committer,
                        EventKind::Reply,
                        None,
                        None,
                        Some(Value::from(r.id)),
                    ))
                    .map_err(at_line)?;
                    report.replies += 1;
                    report.events += 1;
                }
            }
        }
        for (run, by) in undone {
            txn.set_run_undone(run, by)?;
        }
        txn.end_bulk_load()?;
        Self::finish(commit, txn)?;
        Ok(report)
    }
}

/// Brings an imported type into a store that already has one of that
/// name: the labels must agree; fields the import attaches that the store
/// lacks are attached; a field required on one side only is a conflict.
fn merge_type(txn: &dyn Txn, stored: &TicketType, incoming: &TicketType) -> Result<()> {
    if (&stored.label_zh, &stored.label_en) != (&incoming.label_zh, &incoming.label_en) {
        return Err(Error::invalid(
            "ticket_type",
            format!("'{}' has other labels in this store", incoming.name),
        ));
    }
    for f in &incoming.fields {
        match stored.fields.iter().find(|s| s.name == f.name) {
            Some(s) if s.required != f.required => {
                return Err(Error::invalid(
                    "ticket_type",
                    format!(
                        "field '{}' of type '{}' is required on one side only",
                        f.name, incoming.name
                    ),
                ));
            }
            Some(_) => {}
            None => txn.attach_field(&incoming.name, f)?,
        }
    }
    Ok(())
}

/// Checks an imported ticket as a new one would be checked, keeping its
/// text, ids and times.
fn validate_imported(kind: &TicketType, defs: &[FieldDef], t: &mut Ticket) -> Result<()> {
    model::validate_text("question", &t.question)?;
    t.subject = model::validate_subject(&t.subject)?;
    for (field, v) in [
        ("committer", &mut t.committer),
        ("requester", &mut t.requester),
    ] {
        *v = model::validate_name(field, v)?;
    }
    t.assignee = optional_name("assignee", &t.assignee)?;
    t.group = optional_name("group", &t.group)?;
    t.organization = optional_name("organization", &t.organization)?;
    t.tags = model::normalise_tags(&t.tags)?;
    if t.version < 1 {
        return Err(Error::invalid("version", "must be at least 1"));
    }
    if t.updated_at < t.created_at {
        return Err(Error::invalid("updated_at", "is before created_at"));
    }
    // Values are stored typed: an export already holds them so, seed data
    // may not (`"amount": "3"`, a phone number without `+`).
    for (name, value) in t.fields.iter_mut() {
        let (def, _) = field_of(defs, kind, name)?;
        *value = def.parse(&crate::exchange::value_text(value))?;
    }
    Ok(())
}

fn validate_reply(r: &Reply) -> Result<()> {
    model::validate_name("committer", &r.committer)?;
    model::validate_text("text", &r.detail.text)?;
    for u in &r.detail.image {
        validate_image(u)?;
    }
    Ok(())
}
