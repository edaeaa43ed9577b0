//! Export and import: the lossless record stream out, and records in
//! (exports and the seed APIs), one importer method per record kind.

use super::*;

impl Desk {
    /// Calls `each` with every export record: field definitions, ticket
    /// types and runs, then every ticket the filter selects (by id) with its
    /// replies and events, then the idempotency keys of those tickets and
    /// of their replies. One read snapshot, streamed.
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
        })?;
        txn.scan_reply_keys(&filter, &mut |key, reply| {
            each(Record::ReplyKey(ReplyKey { key, reply }))
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
        let mut importer = Importer::new(txn.as_ref(), skip_existing)?;
        for (place, incoming) in records {
            incoming
                .and_then(|incoming| importer.take(incoming))
                .map_err(|e| at_place(&place, e))?;
        }
        let mut report = importer.finish()?;
        report.dry_run = commit == Commit::DryRun;
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

/// One import in progress: the transaction it writes in, what it has
/// written, and what later records depend on. One method per record kind.
struct Importer<'t> {
    txn: &'t dyn Txn,
    /// Leave records whose id is taken instead of failing.
    skip_existing: bool,
    report: ImportReport,
    /// The custom fields defined so far.
    defs: Vec<FieldDef>,
    /// Ticket types already looked up.
    types: HashMap<String, TicketType>,
    /// Runs marked undone by another: set once both are in.
    undone: Vec<(i64, i64)>,
    /// Tickets left alone: their keys and content are left too.
    skipped: HashSet<i64>,
    /// The replies of tickets left alone, whose keys are left too.
    skipped_reply_ids: HashSet<i64>,
}

impl<'t> Importer<'t> {
    fn new(txn: &'t dyn Txn, skip_existing: bool) -> Result<Self> {
        Ok(Importer {
            txn,
            skip_existing,
            report: ImportReport::default(),
            defs: txn.field_defs()?,
            types: HashMap::new(),
            undone: Vec::new(),
            skipped: HashSet::new(),
            skipped_reply_ids: HashSet::new(),
        })
    }

    /// Writes one record, whatever its kind.
    fn take(&mut self, incoming: Incoming) -> Result<()> {
        match incoming {
            Incoming::Record(record) => match *record {
                Record::FieldDef(d) => self.field_def(d),
                Record::TicketType(t) => self.ticket_type(&t),
                Record::IdempotencyKey(k) => self.idempotency_key(&k),
                Record::ReplyKey(k) => self.reply_key(&k),
                Record::Run(r) => self.run(r),
                Record::Ticket(thread) => self.thread(*thread),
            },
            Incoming::Content {
                workorder_id,
                kind,
                question,
                fields,
            } => self.content(workorder_id, &kind, &question, fields),
            Incoming::Reply(r) => self.seed_reply(r),
        }
    }

    /// A custom field definition: new, or the same as the stored one.
    fn field_def(&mut self, d: FieldDef) -> Result<()> {
        let d = FieldDef::new(&d.name, d.kind, &d.label, d.options)?;
        match self.defs.iter().find(|x| x.name == d.name) {
            Some(x) if *x == d => Ok(()),
            Some(_) => Err(Error::invalid(
                "field_def",
                format!("{} differs from the stored definition", quote(&d.name)),
            )),
            None => {
                self.txn.insert_field_def(&d)?;
                self.defs.push(d);
                Ok(())
            }
        }
    }

    /// A ticket type: new, or merged into the stored one.
    fn ticket_type(&mut self, t: &TicketType) -> Result<()> {
        match self.txn.ticket_type(&t.name)? {
            Some(stored) => merge_type(self.txn, &stored, t),
            None => {
                model::validate_ident("type name", &t.name)?;
                self.txn.insert_ticket_type(t)
            }
        }
    }

    /// An idempotency key and the ticket it names.
    fn idempotency_key(&mut self, k: &IdempotencyKey) -> Result<()> {
        match self.txn.idempotent_ticket(&k.key)? {
            _ if self.skipped.contains(&k.ticket) => Ok(()),
            Some(t) if t == k.ticket => Ok(()),
            Some(t) if !self.skip_existing => Err(stored(
                "idempotency_key",
                format!("{} already names ticket {t}", quote(&k.key)),
            )),
            Some(_) => Ok(()),
            None => {
                load(self.txn, k.ticket)?;
                self.txn.insert_idempotency_key(&k.key, k.ticket)
            }
        }
    }

    /// A reply's idempotency key and the reply it names.
    fn reply_key(&mut self, k: &ReplyKey) -> Result<()> {
        match self.txn.idempotent_reply(&k.key)? {
            _ if self.skipped_reply_ids.contains(&k.reply) => Ok(()),
            Some(r) if r.id == k.reply => Ok(()),
            Some(r) if !self.skip_existing => Err(stored(
                "reply_key",
                format!("{} already names reply {}", quote(&k.key), r.id),
            )),
            Some(_) => Ok(()),
            None if !self.txn.reply_exists(k.reply)? => Err(Error::not_found("reply", k.reply)),
            None => self.txn.insert_reply_key(&k.key, k.reply),
        }
    }

    /// An unattended run, with its id.
    fn run(&mut self, r: Run) -> Result<()> {
        if self.txn.run(r.id)?.is_some() {
            if self.skip_existing {
                return Ok(());
            }
            return Err(stored("id", format!("run {} already exists", r.id)));
        }
        self.txn.insert_run_row(&Run {
            undone_by: None,
            ..r.clone()
        })?;
        if let Some(by) = r.undone_by {
            self.undone.push((r.id, by));
        }
        Ok(())
    }

    /// A ticket with its replies and events, ids kept.
    fn thread(&mut self, thread: Thread) -> Result<()> {
        let Thread {
            mut ticket,
            replies,
            events,
        } = thread;
        if ticket.id > 0 && self.txn.ticket_exists(ticket.id)? {
            if self.skip_existing {
                self.report.skipped.push(ticket.id);
                self.skipped.insert(ticket.id);
                self.skipped_reply_ids.extend(replies.iter().map(|r| r.id));
                return Ok(());
            }
            return Err(stored("id", format!("ticket {} already exists", ticket.id)));
        }
        let kind = cached_type(&mut self.types, self.txn, &ticket.kind)?;
        validate_imported(kind, &self.defs, &mut ticket)?;
        let id = self.txn.insert_ticket(&ticket)?;
        self.report.tickets += 1;
        for mut r in replies {
            if r.workorder_id != ticket.id && ticket.id > 0 {
                return Err(Error::invalid(
                    "replies",
                    format!("reply {} belongs to ticket {}", r.id, r.workorder_id),
                ));
            }
            if r.id > 0 && self.txn.reply_exists(r.id)? {
                return Err(stored("replies", format!("reply {} already exists", r.id)));
            }
            r.workorder_id = id;
            validate_reply(&r)?;
            self.txn.insert_reply(&r)?;
            self.report.replies += 1;
        }
        for mut e in events.unwrap_or_default() {
            if e.ticket_id != ticket.id && ticket.id > 0 {
                return Err(Error::invalid(
                    "events",
                    format!("event {} belongs to ticket {}", e.id, e.ticket_id),
                ));
            }
            if e.id > 0 && self.txn.event_exists(e.id)? {
                return Err(stored("events", format!("event {} already exists", e.id)));
            }
            e.ticket_id = id;
            model::validate_name("events.actor", &e.actor)?;
            if e.id > 0 {
                self.txn.insert_event_row(&e)?;
            } else {
                self.txn.insert_event(&NewEvent::from(e))?;
            }
            self.report.events += 1;
        }
        Ok(())
    }

    /// Seed 1 content fields completing a ticket imported before.
    fn content(
        &mut self,
        workorder_id: i64,
        kind: &str,
        question: &str,
        fields: Map<String, Value>,
    ) -> Result<()> {
        if self.skipped.contains(&workorder_id) {
            return Ok(());
        }
        let before = load(self.txn, workorder_id)?;
        if question.trim() != before.question.trim() {
            return Err(Error::invalid(
                "question",
                format!(
                    "differs from ticket {workorder_id}'s: this content is for another workorder"
                ),
            ));
        }
        workflow::ensure_not_closed(&before, "edits")?;
        if kind != before.kind {
            return Err(Error::invalid(
                "type",
                format!(
                    "{} differs from ticket {workorder_id}'s type '{}'",
                    quote(kind),
                    before.kind
                ),
            ));
        }
        let known = cached_type(&mut self.types, self.txn, &before.kind)?;
        let mut ticket = before.clone();
        ticket.fields.extend(fields);
        validate_imported(known, &self.defs, &mut ticket)?;
        // The content completes the ticket as it was: the changes are
        // recorded at its last update, by the import.
        let changes = diff(&before, &ticket);
        for (kind, field, old, new) in &changes {
            self.txn.insert_event(&event(
                &before,
                before.updated_at,
                "import",
                *kind,
                Some(field.clone()),
                Some(old.clone()),
                Some(new.clone()),
            ))?;
            self.report.events += 1;
        }
        if !changes.is_empty() {
            ticket.version += 1;
            self.txn.update_ticket(&ticket)?;
        }
        Ok(())
    }

    /// A seed 1 reply (it has no id): stored once.
    fn seed_reply(&mut self, mut r: Reply) -> Result<()> {
        if self.skipped.contains(&r.workorder_id) {
            return Ok(());
        }
        let ticket = load(self.txn, r.workorder_id)?;
        validate_reply(&r)?;
        if self.txn.has_reply(&r)? {
            if self.skip_existing {
                self.report.skipped_replies += 1;
                return Ok(());
            }
            return Err(stored(
                "reply",
                format!(
                    "{}'s reply of {} to ticket {} is stored already",
                    r.committer, r.created_at, r.workorder_id
                ),
            ));
        }
        r.id = self.txn.insert_reply(&r)?;
        self.txn.insert_event(&event(
            &ticket,
            r.created_at,
            &r.committer,
            EventKind::Reply,
            None,
            None,
            Some(Value::from(r.id)),
        ))?;
        self.report.replies += 1;
        self.report.events += 1;
        Ok(())
    }

    /// Marks the runs undone once every run is in; the report.
    fn finish(self) -> Result<ImportReport> {
        for (run, by) in &self.undone {
            self.txn.set_run_undone(*run, *by)?;
        }
        Ok(self.report)
    }
}

/// A record the store holds already: an error `--skip-existing` would
/// leave alone.
fn stored(field: &'static str, what: String) -> Error {
    Error::Stored {
        place: String::new(),
        field,
        what,
    }
}
