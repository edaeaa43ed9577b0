//! Tickets and their conversation: filing, reading, listing, replying,
//! status changes, edits, search and history.

use super::*;

impl Desk {
    /// Files a new ticket for `actor`, who becomes its committer. With an
    /// idempotency key already used, returns the ticket filed then instead.
    pub fn create(&self, change: Change<'_>, input: NewTicket) -> Result<Ticket> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let key = input
            .idempotency_key
            .as_deref()
            .map(|k| model::validate_name("idempotency key", k))
            .transpose()?;
        // A key used before answers at once; validation reads only the
        // configuration (the type and the fields), which changes seldom and
        // only by additions: neither needs one snapshot or the write lock.
        // (The key is looked up again under the lock, as the ticket is
        // stored.) The glance is given back before the write.
        let ticket = {
            let glance = self.store.glance()?;
            if let Some(key) = &key
                && let Some(id) = glance.idempotent_ticket(key)?
            {
                return load(glance.as_ref(), id);
            }
            prepare_ticket(glance.as_ref(), &actor, now, input)?
        };
        let filing = Filing {
            filed: event(
                &ticket,
                now,
                &actor,
                EventKind::Created,
                None,
                None,
                Some(Value::String(ticket.status.to_string())),
            ),
            ticket,
            key,
        };
        let ticket = filing.ticket.clone();
        let filed = match change.commit {
            Commit::Keep => self.filings.file(self.store.as_ref(), filing)?,
            Commit::DryRun => store_in(self.store.write()?.as_ref(), &[&filing])?[0],
        };
        match filed {
            Filed::New(id) => Ok(Ticket { id, ..ticket }),
            Filed::Before(id) => self.ticket(id),
        }
    }

    /// What filing this ticket still needs: `type`, `question`, and the
    /// required fields of its type that have no value. Empty when complete.
    pub fn missing(&self, input: &NewTicket) -> Result<Vec<Wanted>> {
        let txn = self.store.read()?;
        missing_values(txn.as_ref(), input)
    }

    /// One ticket.
    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        // One statement: no transaction is needed around it.
        let txn = self.store.glance()?;
        load(txn.as_ref(), id)
    }

    /// A ticket with its replies (without internal notes in the requester's
    /// view) and, if asked, its history.
    pub fn thread(&self, id: i64, requester_view: bool, history: bool) -> Result<Thread> {
        let txn = self.store.read()?;
        let ticket = load(txn.as_ref(), id)?;
        let replies = txn.replies(id, !requester_view)?;
        let events = if history { Some(txn.events(id)?) } else { None };
        Ok(Thread {
            ticket,
            replies,
            events,
        })
    }

    /// The tickets a query selects.
    pub fn list(&self, query: &Query) -> Result<Vec<Ticket>> {
        let mut out = Vec::new();
        self.scan(query, &mut |t| {
            out.push(t);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `each` with every ticket a query selects, streaming.
    pub fn scan(&self, query: &Query, each: &mut dyn FnMut(Ticket) -> Result<()>) -> Result<()> {
        let txn = self.store.read()?;
        let query = Query {
            filter: checked_filter(txn.as_ref(), &query.filter)?,
            ..query.clone()
        };
        txn.scan_tickets(&query, each)
    }

    /// A page of tickets and how many match in all, from one snapshot.
    pub fn page(&self, query: &Query) -> Result<(Vec<Ticket>, u64)> {
        let txn = self.store.read()?;
        let query = Query {
            filter: checked_filter(txn.as_ref(), &query.filter)?,
            ..query.clone()
        };
        let mut out = Vec::new();
        txn.scan_tickets(&query, &mut |t| {
            out.push(t);
            Ok(())
        })?;
        let total = txn.count_tickets(&query.filter)?;
        Ok((out, total))
    }

    /// Checks that every name is a custom field of this desk (for output
    /// columns that name fields).
    pub fn check_fields(&self, names: &[&str]) -> Result<()> {
        let txn = self.store.read()?;
        let defs = txn.field_defs()?;
        names
            .iter()
            .try_for_each(|n| known_field(&defs, n).map(drop))
    }

    /// How many tickets a filter selects.
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        let txn = self.store.read()?;
        let filter = checked_filter(txn.as_ref(), filter)?;
        txn.count_tickets(&filter)
    }

    /// Adds a reply (or an internal note) and applies the workflow: an
    /// agent's first reply opens a new ticket, a requester's reply reopens a
    /// pending or solved one, and an explicit status wins.
    pub fn reply(&self, change: Change<'_>, input: NewReply) -> Result<Replied> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let text = model::validate_text("text", &input.text)?;
        let images = input
            .images
            .iter()
            .map(|u| validate_image(u))
            .collect::<Result<Vec<_>>>()?;
        let key = input
            .idempotency_key
            .as_deref()
            .map(|k| model::validate_name("idempotency key", k))
            .transpose()?;
        let txn = self.store.write()?;
        if let Some(key) = &key
            && let Some(reply) = txn.idempotent_reply(key)?
        {
            let ticket = change
                .scope
                .check(load(txn.as_ref(), reply.workorder_id)?)?;
            return Ok(Replied {
                reply,
                ticket,
                moved_from: None,
            });
        }
        let mut ticket = change.scope.check(load(txn.as_ref(), input.ticket)?)?;
        check_version(&ticket, input.if_version)?;
        workflow::ensure_not_closed(&ticket, "replies")?;
        if let Some(status) = input.status {
            change.scope.may_set(&ticket, status)?;
        }
        let role = workflow::role_of(&actor, &ticket, input.role);
        if input.internal && role == Role::Requester {
            return Err(Error::invalid(
                "internal",
                "internal notes are written by agents, not the requester",
            ));
        }
        let mut reply = Reply {
            id: 0,
            workorder_id: ticket.id,
            committer: actor.clone(),
            role,
            detail: Detail {
                text,
                image: images,
            },
            internal: input.internal,
            created_at: now,
        };
        reply.id = txn.insert_reply(&reply)?;
        if let Some(key) = &key {
            txn.insert_reply_key(key, reply.id)?;
        }
        txn.insert_event(&event(
            &ticket,
            now,
            &actor,
            EventKind::Reply,
            None,
            None,
            Some(Value::from(reply.id)),
        ))?;
        let next = workflow::status_after_reply(ticket.status, role, input.internal, input.status);
        let moved_from = next.map(|s| std::mem::replace(&mut ticket.status, s));
        if let Some(old) = moved_from {
            txn.insert_event(&status_event(&ticket, now, &actor, old))?;
        }
        txn.update_status(ticket.id, ticket.status, now)?;
        touch(&mut ticket, now);
        Self::finish(change.commit, txn)?;
        Ok(Replied {
            reply,
            ticket,
            moved_from,
        })
    }

    /// Moves every ticket in `ids` to `status` in one transaction; a
    /// `note` is added to each moved ticket as an internal note. If any
    /// ticket is missing, closed or (with `if_version`) at another version,
    /// nothing changes.
    pub fn set_status(
        &self,
        change: Change<'_>,
        ids: &[i64],
        status: Status,
        note: Option<&str>,
        if_version: Option<i64>,
    ) -> Result<StatusChanges> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let note = note.map(|n| model::validate_text("note", n)).transpose()?;
        let txn = self.store.write()?;
        let mut out = StatusChanges::default();
        let mut seen = std::collections::HashSet::new();
        for &id in ids {
            if !seen.insert(id) {
                continue;
            }
            let mut ticket = change.scope.check(load(txn.as_ref(), id)?)?;
            check_version(&ticket, if_version)?;
            change.scope.may_set(&ticket, status)?;
            if ticket.status == status {
                out.unchanged.push(ticket);
                continue;
            }
            workflow::ensure_not_closed(&ticket, "status change")?;
            let old = std::mem::replace(&mut ticket.status, status);
            txn.insert_event(&status_event(&ticket, now, &actor, old))?;
            if let Some(text) = &note {
                add_note(txn.as_ref(), &ticket, now, &actor, text, None)?;
            }
            txn.update_status(id, status, now)?;
            touch(&mut ticket, now);
            out.changed.push(ticket);
        }
        if !out.changed.is_empty() {
            Self::finish(change.commit, txn)?;
        }
        Ok(out)
    }

    /// Changes fields of a ticket, one event per changed value. A patch that
    /// changes nothing writes nothing (the returned `events` is empty).
    pub fn edit(&self, change: Change<'_>, id: i64, patch: TicketPatch) -> Result<Edited> {
        let mut all = self.edit_many(change, &[id], &patch, None)?;
        Ok(all.remove(0))
    }

    /// Applies one patch to many tickets in one transaction, all or
    /// nothing. Tickets the patch leaves as they are come back with no events.
    pub fn edit_many(
        &self,
        change: Change<'_>,
        ids: &[i64],
        patch: &TicketPatch,
        if_version: Option<i64>,
    ) -> Result<Vec<Edited>> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        if patch.is_empty() {
            return Err(Error::invalid("edit", "nothing to change was given"));
        }
        let txn = self.store.write()?;
        let mut out = Vec::with_capacity(ids.len());
        let mut seen = std::collections::HashSet::new();
        for &id in ids {
            if !seen.insert(id) {
                continue;
            }
            let before = change.scope.check(load(txn.as_ref(), id)?)?;
            check_version(&before, if_version)?;
            workflow::ensure_not_closed(&before, "edits")?;
            let mut ticket = apply_patch(txn.as_ref(), &before, patch)?;
            let changes = diff(&before, &ticket);
            let mut events = Vec::with_capacity(changes.len());
            for (kind, field, old, new) in changes {
                let e = event(
                    &before,
                    now,
                    &actor,
                    kind,
                    Some(field),
                    Some(old),
                    Some(new),
                );
                let id = txn.insert_event(&e)?;
                events.push(e.stored(id));
            }
            if let Some(status) = patch.status.filter(|s| *s != ticket.status) {
                change.scope.may_set(&ticket, status)?;
                let old = std::mem::replace(&mut ticket.status, status);
                let e = status_event(&ticket, now, &actor, old);
                let id = txn.insert_event(&e)?;
                events.push(e.stored(id));
            }
            if !events.is_empty() {
                touch(&mut ticket, now);
                txn.update_ticket(&ticket)?;
            }
            out.push(Edited { ticket, events });
        }
        if out.iter().any(|e| !e.events.is_empty()) {
            Self::finish(change.commit, txn)?;
        }
        Ok(out)
    }

    /// Full-text search over subjects, questions, replies and text fields:
    /// the tickets the filter selects that contain every word, best match
    /// first, each with a snippet (matches between `\u{E000}` and `\u{E001}`).
    /// Words shorter than three characters are matched by a scan.
    pub fn search(&self, text: &str, filter: &Filter, limit: Option<u64>) -> Result<Vec<Hit>> {
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return Err(Error::invalid("search", "give at least one word to find"));
        }
        let (indexed, short): (Vec<String>, Vec<String>) =
            words.into_iter().partition(|w| w.chars().count() >= 3);
        let txn = self.store.read()?;
        let mut filter = checked_filter(txn.as_ref(), filter)?;
        filter.text.extend(short);
        let mut hits = Vec::new();
        if indexed.is_empty() {
            let query = Query {
                filter,
                window: crate::query::Window { limit, offset: 0 },
                ..Query::default()
            };
            txn.scan_tickets(&query, &mut |ticket| {
                let snippet = model::subject_from_question(&ticket.question);
                hits.push(Hit { ticket, snippet });
                Ok(())
            })?;
        } else {
            txn.search(&indexed, &filter, limit, &mut |ticket, snippet| {
                hits.push(Hit { ticket, snippet });
                Ok(())
            })?;
        }
        Ok(hits)
    }

    /// Rebuilds the full-text index (it is kept current on every write; this
    /// repairs an index damaged outside `ticket`).
    pub fn rebuild_search(&self, commit: Commit) -> Result<()> {
        let txn = self.store.write()?;
        txn.rebuild_search()?;
        Self::finish(commit, txn)
    }

    /// The history of a ticket, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<Event>> {
        let txn = self.store.read()?;
        load(txn.as_ref(), id)?;
        txn.events(id)
    }
}

/// Adds an internal agent note to a ticket, with its reply event.
fn add_note(
    txn: &dyn Txn,
    ticket: &Ticket,
    now: Timestamp,
    actor: &str,
    text: &str,
    run: Option<i64>,
) -> Result<i64> {
    let reply = Reply {
        id: 0,
        workorder_id: ticket.id,
        committer: actor.to_string(),
        role: Role::Agent,
        detail: Detail {
            text: text.to_string(),
            image: vec![],
        },
        internal: true,
        created_at: now,
    };
    let id = txn.insert_reply(&reply)?;
    txn.insert_event(&NewEvent {
        run,
        ..event(
            ticket,
            now,
            actor,
            EventKind::Reply,
            None,
            None,
            Some(Value::from(id)),
        )
    })?;
    Ok(id)
}

pub(super) fn status_event(ticket: &Ticket, now: Timestamp, actor: &str, old: Status) -> NewEvent {
    event(
        ticket,
        now,
        actor,
        EventKind::Status,
        Some("status".into()),
        Some(Value::String(old.to_string())),
        Some(Value::String(ticket.status.to_string())),
    )
}
