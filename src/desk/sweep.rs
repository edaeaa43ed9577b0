//! Unattended runs: sweeps that move idle tickets, and their undo.

use super::*;

impl Desk {
    /// Runs a sweep rule: moves every ticket in one of the rule's statuses
    /// that has seen no activity for the rule's idle time to its target
    /// status, in one transaction. Each change is an event whose actor names
    /// the rule, tagged with the run's id; running it again changes nothing.
    pub fn sweep(&self, change: Change<'_>, rule: &SweepRule) -> Result<SweepReport> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        model::validate_name("sweep rule", &rule.name)?;
        let note = rule
            .note
            .as_deref()
            .map(|n| model::validate_text("note", n))
            .transpose()?;
        let cutoff = now
            .datetime()
            .checked_sub_signed(rule.idle)
            .map(Timestamp::from_datetime)
            .ok_or_else(|| Error::invalid("idle", "too long"))?;
        let txn = self.store.write()?;
        let stalest = |statuses: Vec<Status>, window| Query {
            filter: Filter {
                statuses,
                updated_before: Some(cutoff),
                ..Filter::default()
            },
            sort: "updated".parse().expect("valid sort"),
            window,
        };
        // Closed is final: closed tickets a rule names are reported, not
        // moved. Tickets already in the target status have nothing to change.
        let (closed, movable): (Vec<Status>, Vec<Status>) = rule
            .statuses
            .iter()
            .filter(|s| **s != rule.to)
            .partition(|s| **s == Status::Closed);
        let mut report = SweepReport {
            run: None,
            rule: rule.name.clone(),
            dry_run: change.commit == Commit::DryRun,
            matched: 0,
            changed: Vec::new(),
            skipped: Vec::new(),
        };
        if !closed.is_empty() {
            for id in txn.ticket_ids(&stalest(closed, Window::default()))? {
                report.skipped.push(Skipped {
                    id,
                    reason: SkipReason::Closed,
                });
            }
        }
        if !movable.is_empty() {
            let all = Window::default();
            let limited = Window {
                limit: rule.limit,
                offset: 0,
            };
            let sweeper = format!("sweep:{}", rule.name);
            let count = txn.count_tickets(&stalest(movable.clone(), all).filter)?;
            // Those past the limit are named before the others move.
            if let Some(limit) = rule.limit.filter(|l| *l < count) {
                let rest = Window {
                    limit: None,
                    offset: limit,
                };
                for id in txn.ticket_ids(&stalest(movable.clone(), rest))? {
                    report.skipped.push(Skipped {
                        id,
                        reason: SkipReason::OverLimit,
                    });
                }
            }
            if count > 0 && rule.limit != Some(0) {
                let run = txn.insert_run(&rule.name, &actor, now)?;
                let change = BulkStatus {
                    to: rule.to,
                    at: now,
                    actor: &sweeper,
                    run,
                    note: note.as_deref(),
                };
                report.changed = txn.bulk_status(&stalest(movable, limited), &change)?;
                report.run = Some(run);
            }
            report.matched = count;
        }
        report.matched += report
            .skipped
            .iter()
            .filter(|s| s.reason == SkipReason::Closed)
            .count() as u64;
        if report.run.is_some() {
            Self::finish(change.commit, txn)?;
            if change.commit == Commit::DryRun {
                report.run = None;
            }
        }
        Ok(report)
    }

    /// Reverts the status changes of a run with compensating events, in one
    /// transaction. Tickets changed since by anyone else are left alone and
    /// reported as skipped.
    pub fn undo(&self, change: Change<'_>, run_id: i64) -> Result<SweepReport> {
        let (actor, now) = (model::validate_name("user", change.actor)?, change.at);
        let txn = self.store.write()?;
        let run = txn
            .run(run_id)?
            .ok_or_else(|| Error::not_found("run", run_id))?;
        if let Some(by) = run.undone_by {
            return Err(Error::refused(
                format!("run {run_id} was already undone by run {by}"),
                "nothing to do",
            ));
        }
        let rule = format!("undo:{run_id}");
        let events: Vec<Event> = txn
            .run_events(run_id)?
            .into_iter()
            .filter(|e| e.kind == EventKind::Status)
            .collect();
        let mut report = SweepReport {
            run: None,
            rule: rule.clone(),
            dry_run: change.commit == Commit::DryRun,
            matched: events.len() as u64,
            changed: Vec::new(),
            skipped: Vec::new(),
        };
        let undo_run = txn.insert_run(&rule, &actor, now)?;
        for e in events {
            let (Some(old), Some(new)) = (
                e.old.as_ref().and_then(Value::as_str),
                e.new.as_ref().and_then(Value::as_str),
            ) else {
                continue;
            };
            let mut ticket = load(txn.as_ref(), e.ticket_id)?;
            let later = txn.last_event_id(ticket.id)? > e.id
                && txn
                    .events(ticket.id)?
                    .iter()
                    .any(|x| x.id > e.id && x.run != Some(run_id));
            if later || ticket.status.as_str() != new {
                report.skipped.push(Skipped {
                    id: ticket.id,
                    reason: SkipReason::ChangedSinceRun,
                });
                continue;
            }
            let back: Status = old.parse()?;
            let was = std::mem::replace(&mut ticket.status, back);
            txn.insert_event(&NewEvent {
                run: Some(undo_run),
                ..status_event(&ticket, now, &rule, was)
            })?;
            txn.update_status(ticket.id, back, now)?;
            report.changed.push(ticket.id);
        }
        txn.set_run_undone(run_id, undo_run)?;
        Self::finish(change.commit, txn)?;
        report.run = (change.commit == Commit::Keep).then_some(undo_run);
        Ok(report)
    }
}
