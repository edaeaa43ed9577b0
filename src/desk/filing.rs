//! Filing tickets from many threads at once.
//!
//! Kept filings made on one desk at the same time share a write
//! transaction (group commit): the first thread to arrive stores every
//! filing queued by then, its own included, in one turn of the write lock,
//! and the others wait for their ids. A store's writers take turns, and on
//! a server each turn costs round trips, so one turn for many tickets is
//! what lets a busy server file at the speed of its store. Each filing
//! still stands alone: when a shared transaction fails for one filing's
//! sake, every filing of it is stored again in a transaction of its own,
//! so only that one fails.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use super::*;

/// The most filings one transaction stores.
const MOST_AT_ONCE: usize = 64;

/// A ticket validated and ready to store, with the event recording its
/// filing and its idempotency key.
pub(super) struct Filing {
    pub ticket: Ticket,
    pub filed: NewEvent,
    pub key: Option<String>,
}

/// What storing a [`Filing`] gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filed {
    /// The ticket was stored under this id.
    New(i64),
    /// Its key had filed this ticket before; nothing was stored.
    Before(i64),
}

/// The filings of a desk waiting to be stored.
#[derive(Default)]
pub(super) struct Filings {
    queue: Mutex<Queue>,
    /// Signalled when a transaction of filings ends.
    ended: Condvar,
}

#[derive(Default)]
struct Queue {
    /// Whether a thread is storing filings now.
    storing: bool,
    /// The number the next filing gets.
    next: u64,
    /// Filings not stored yet, oldest first.
    waiting: Vec<(u64, Filing)>,
    /// What storing each gave, until its thread takes it.
    stored: HashMap<u64, Result<Filed>>,
}

impl Filings {
    /// Stores `filing` in `store`, with whatever other threads file at the
    /// same time, and returns what storing it gave.
    pub(super) fn file(&self, store: &dyn Store, filing: Filing) -> Result<Filed> {
        let mut queue = self.lock();
        let me = queue.next;
        queue.next += 1;
        queue.waiting.push((me, filing));
        loop {
            if let Some(result) = queue.stored.remove(&me) {
                return result;
            }
            if queue.storing {
                queue = self.ended.wait(queue).unwrap_or_else(|p| p.into_inner());
                continue;
            }
            queue.storing = true;
            let n = queue.waiting.len().min(MOST_AT_ONCE);
            let batch: Vec<_> = queue.waiting.drain(..n).collect();
            drop(queue);
            let mut turn = Turn {
                filings: self,
                numbers: batch.iter().map(|(n, _)| *n).collect(),
                results: Vec::new(),
            };
            turn.results = store_all(store, batch);
            drop(turn);
            queue = self.lock();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A thread that panicked holding the lock left the queue whole.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One thread's turn at storing filings. Ending it (also by a panic) hands
/// the results to their threads and lets the next thread store.
struct Turn<'f> {
    filings: &'f Filings,
    numbers: Vec<u64>,
    results: Vec<(u64, Result<Filed>)>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut results = std::mem::take(&mut self.results);
        if results.is_empty() {
            results = self
                .numbers
                .iter()
                .map(|n| {
                    let e = Error::Storage("the filing was interrupted; nothing was stored".into());
                    (*n, Err(e))
                })
                .collect();
        }
        let mut queue = self.filings.lock();
        queue.storing = false;
        queue.stored.extend(results);
        drop(queue);
        self.filings.ended.notify_all();
    }
}

/// Stores a batch of filings in one transaction if it can; otherwise each
/// in a transaction of its own, unless the store itself failed.
fn store_all(store: &dyn Store, batch: Vec<(u64, Filing)>) -> Vec<(u64, Result<Filed>)> {
    let filings: Vec<&Filing> = batch.iter().map(|(_, f)| f).collect();
    match store_together(store, &filings) {
        Ok(filed) => batch
            .iter()
            .map(|(n, _)| *n)
            .zip(filed.into_iter().map(Ok))
            .collect(),
        Err(e) if batch.len() == 1 => vec![(batch[0].0, Err(e))],
        Err(e) => batch
            .iter()
            .map(|(n, f)| {
                let result = match the_stores(&e) {
                    Some(same) => Err(same),
                    None => store_together(store, &[f]).map(|filed| filed[0]),
                };
                (*n, result)
            })
            .collect(),
    }
}

/// A copy of an error that is the store's rather than a filing's (busy,
/// or failing), which storing each filing alone would only meet again.
fn the_stores(e: &Error) -> Option<Error> {
    match e {
        Error::Busy => Some(Error::Busy),
        Error::Storage(message) => Some(Error::Storage(message.clone())),
        _ => None,
    }
}

/// Stores filings in one write transaction.
fn store_together(store: &dyn Store, filings: &[&Filing]) -> Result<Vec<Filed>> {
    let txn = store.write()?;
    let filed = store_in(txn.as_ref(), filings)?;
    txn.commit()?;
    Ok(filed)
}

/// Stores filings in a write transaction, all new tickets in one step,
/// except those whose key filed a ticket before: looked up under the write
/// lock, so a twin request that stored its ticket meanwhile is seen, as is
/// a twin earlier in `filings`.
pub(super) fn store_in(txn: &dyn Txn, filings: &[&Filing]) -> Result<Vec<Filed>> {
    /// Where a filing's ticket comes from.
    enum From {
        New,
        Before(i64),
        Twin(usize),
    }
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    let mut from = Vec::with_capacity(filings.len());
    for (i, f) in filings.iter().enumerate() {
        let Some(key) = f.key.as_deref() else {
            from.push(From::New);
            continue;
        };
        if let Some(&first) = first_with.get(key) {
            from.push(From::Twin(first));
        } else if let Some(id) = txn.idempotent_ticket(key)? {
            from.push(From::Before(id));
        } else {
            first_with.insert(key, i);
            from.push(From::New);
        }
    }
    let new: Vec<_> = filings
        .iter()
        .zip(&from)
        .filter(|(_, from)| matches!(from, From::New))
        .map(|(f, _)| (&f.ticket, &f.filed))
        .collect();
    let mut ids = txn.file_tickets(&new)?.into_iter();
    let mut filed = Vec::with_capacity(filings.len());
    for (f, from) in filings.iter().zip(&from) {
        filed.push(match *from {
            From::New => {
                let id = ids.next().expect("one id per new ticket");
                if let Some(key) = &f.key {
                    txn.insert_idempotency_key(key, id)?;
                }
                Filed::New(id)
            }
            From::Before(id) => Filed::Before(id),
            From::Twin(first) => match filed[first] {
                Filed::New(id) | Filed::Before(id) => Filed::Before(id),
            },
        });
    }
    Ok(filed)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::store::SqliteStore;
    use crate::store::suite::{at, sample};

    fn on_disk(dir: &tempfile::TempDir) -> Desk {
        let path = dir.path().join("desk.db");
        Desk::new(Box::new(
            SqliteStore::open(&path, Duration::from_secs(30), Access::Write).unwrap(),
        ))
    }

    fn filing(kind: &str, question: &str, key: Option<&str>) -> Filing {
        let ticket = Ticket {
            kind: kind.into(),
            question: question.into(),
            ..sample(question, Status::New, "00:00:00")
        };
        Filing {
            filed: event(
                &ticket,
                at("00:00:00"),
                "amy",
                EventKind::Created,
                None,
                None,
                None,
            ),
            ticket,
            key: key.map(String::from),
        }
    }

    #[test]
    fn threads_filing_at_once_each_get_their_own_ticket() {
        let dir = tempfile::tempdir().unwrap();
        let desk = on_disk(&dir);
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let filed: BTreeMap<i64, String> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..8)
                .map(|t| {
                    let desk = &desk;
                    s.spawn(move || {
                        (0..25)
                            .map(|i| {
                                let question = format!("thread {t}, ticket {i}");
                                let input = NewTicket {
                                    kind: Some("sys".into()),
                                    question: Some(question.clone()),
                                    ..NewTicket::default()
                                };
                                let ticket = desk.create(Change::new("amy", now), input).unwrap();
                                assert_eq!(ticket.question, question);
                                (ticket.id, question)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            threads
                .into_iter()
                .flat_map(|t| t.join().unwrap())
                .collect()
        });
        assert_eq!(
            filed.keys().copied().collect::<Vec<_>>(),
            (1..=200).collect::<Vec<_>>()
        );
        let txn = desk.store.read().unwrap();
        for (id, question) in &filed {
            assert_eq!(&txn.ticket(*id).unwrap().unwrap().question, question);
            let events = txn.events(*id).unwrap();
            assert_eq!(events.len(), 1, "ticket {id}");
            assert_eq!(events[0].kind, EventKind::Created);
        }
    }

    #[test]
    fn a_filing_that_fails_in_a_shared_transaction_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let desk = on_disk(&dir);
        let batch = vec![
            (1, filing("sys", "first", Some("form-1"))),
            // Checked against a type since gone: the store refuses it.
            (2, filing("no-such-type", "second", None)),
            (3, filing("sys", "third", Some("form-1"))),
            (4, filing("sys", "fourth", None)),
        ];
        let results: Vec<_> = store_all(desk.store.as_ref(), batch)
            .into_iter()
            .map(|(n, r)| (n, r.map_err(|e| e.kind())))
            .collect();
        assert_eq!(
            results,
            vec![
                (1, Ok(Filed::New(1))),
                (2, Err(crate::ErrorKind::Invalid)),
                // The same key as the first: its ticket, not a new one.
                (3, Ok(Filed::Before(1))),
                (4, Ok(Filed::New(2))),
            ]
        );
        let txn = desk.store.read().unwrap();
        assert_eq!(txn.ticket(2).unwrap().unwrap().question, "fourth");
        assert_eq!(txn.ticket(3).unwrap(), None);
    }

    #[test]
    fn twins_in_one_transaction_file_one_ticket() {
        let dir = tempfile::tempdir().unwrap();
        let desk = on_disk(&dir);
        let (a, b, c) = (
            filing("sys", "sent", Some("form-9")),
            filing("sys", "other", None),
            filing("sys", "sent again", Some("form-9")),
        );
        let txn = desk.store.write().unwrap();
        let filed = store_in(txn.as_ref(), &[&a, &b, &c]).unwrap();
        txn.commit().unwrap();
        assert_eq!(filed, vec![Filed::New(1), Filed::New(2), Filed::Before(1)]);
        assert_eq!(desk.store.read().unwrap().ticket(3).unwrap(), None);
    }
}
