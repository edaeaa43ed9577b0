//! The help-desk workflow rules: who a replier is, which replies move a
//! ticket, what a closed ticket refuses, and the sweep rules cron runs.

use super::{Role, Status, Ticket};
use crate::error::Error;

/// Refuses any change to a closed ticket; closed is final.
pub fn ensure_not_closed(ticket: &Ticket, action: &'static str) -> Result<(), Error> {
    if ticket.status == Status::Closed {
        return Err(Error::Closed {
            id: ticket.id,
            kind: ticket.kind.clone(),
            action,
        });
    }
    Ok(())
}

/// Checks a status change a ticket's requester asks for: they may mark
/// their own ticket solved, or reopen it, and nothing else (agents move
/// tickets through the rest of the workflow).
pub fn ensure_requester_may_set(ticket: &Ticket, to: Status) -> Result<(), Error> {
    match to {
        Status::Solved | Status::Open => Ok(()),
        _ => Err(Error::Refused {
            reason: format!(
                "a requester may mark ticket {} solved or reopen it, not set it {to}",
                ticket.id
            ),
            hint: None,
        }),
    }
}

/// The role of someone replying: the ticket's requester answers as the
/// requester, anyone else as an agent, unless the role is given.
pub fn role_of(replier: &str, ticket: &Ticket, explicit: Option<Role>) -> Role {
    explicit.unwrap_or(if replier == ticket.requester {
        Role::Requester
    } else {
        Role::Agent
    })
}

/// The status a ticket takes after a reply, or `None` when it stays put.
///
/// An explicitly requested status wins. Otherwise an agent's first public
/// reply moves `new` to `open`, and a requester's reply moves `pending` or
/// `solved` back to `open`. Internal notes never move a ticket by themselves.
pub fn status_after_reply(
    current: Status,
    role: Role,
    internal: bool,
    requested: Option<Status>,
) -> Option<Status> {
    let next = match requested {
        Some(s) => s,
        None if internal => return None,
        None => match (role, current) {
            (Role::Agent, Status::New) => Status::Open,
            (Role::Requester, Status::Pending | Status::Solved) => Status::Open,
            _ => return None,
        },
    };
    (next != current).then_some(next)
}

/// A sweep rule: which tickets, how idle, and where they go.
#[derive(Debug, Clone)]
pub struct SweepRule {
    /// The rule's name; events name `sweep:NAME` as their actor.
    pub name: String,
    /// Statuses the rule picks tickets from (required, non-empty).
    pub statuses: Vec<Status>,
    /// How long a ticket must have seen no update or reply.
    pub idle: chrono::TimeDelta,
    /// The status the rule moves tickets to.
    pub to: Status,
    /// An internal note added to every ticket moved.
    pub note: Option<String>,
    /// Move at most this many tickets (the stalest first).
    pub limit: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_first_reply_opens_a_new_ticket() {
        assert_eq!(
            status_after_reply(Status::New, Role::Agent, false, None),
            Some(Status::Open)
        );
        assert_eq!(
            status_after_reply(Status::New, Role::Agent, true, None),
            None
        );
        assert_eq!(
            status_after_reply(Status::New, Role::Requester, false, None),
            None
        );
    }

    #[test]
    fn requester_reply_reopens_pending_and_solved() {
        for s in [Status::Pending, Status::Solved] {
            assert_eq!(
                status_after_reply(s, Role::Requester, false, None),
                Some(Status::Open)
            );
        }
        assert_eq!(
            status_after_reply(Status::Holding, Role::Requester, false, None),
            None
        );
    }

    #[test]
    fn requested_status_wins_and_same_status_is_no_change() {
        assert_eq!(
            status_after_reply(Status::New, Role::Agent, false, Some(Status::Pending)),
            Some(Status::Pending)
        );
        assert_eq!(
            status_after_reply(Status::Open, Role::Agent, false, Some(Status::Open)),
            None
        );
    }
}
