//! Who may see and change which tickets: the whole desk for agents and
//! the command line, a requester's own tickets for an end user's API
//! token. A ticket outside the scope is reported missing, exactly as a
//! ticket that does not exist, so its existence is not revealed.

use super::*;

/// The tickets a caller may see and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope<'a> {
    /// Every ticket (agents, the command line).
    #[default]
    Desk,
    /// Only the tickets this user requested (an end user).
    RequestedBy(&'a str),
}

impl Scope<'_> {
    /// Whether the ticket is within the scope.
    pub fn admits(&self, ticket: &Ticket) -> bool {
        match self {
            Scope::Desk => true,
            Scope::RequestedBy(user) => ticket.requester == *user,
        }
    }

    /// The ticket, or not found when it lies outside the scope.
    pub fn check(&self, ticket: Ticket) -> Result<Ticket> {
        if self.admits(&ticket) {
            Ok(ticket)
        } else {
            Err(Error::not_found("ticket", ticket.id))
        }
    }

    /// Narrows a filter to the scope; `false` when no ticket can match
    /// (the filter asks for another requester's tickets).
    pub fn narrow(&self, filter: &mut Filter) -> bool {
        match self {
            Scope::Desk => true,
            Scope::RequestedBy(user) => match &filter.requester {
                Some(other) => other == user,
                None => {
                    filter.requester = Some(user.to_string());
                    true
                }
            },
        }
    }

    /// Checks a status change the caller asks for: a requester may only
    /// mark their ticket solved or reopen it.
    pub fn may_set(&self, ticket: &Ticket, to: Status) -> Result<()> {
        match self {
            Scope::Desk => Ok(()),
            Scope::RequestedBy(_) => workflow::ensure_requester_may_set(ticket, to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requester_scope_narrows_filters_and_refuses_others() {
        let mut f = Filter::default();
        assert!(Scope::RequestedBy("ann").narrow(&mut f));
        assert_eq!(f.requester.as_deref(), Some("ann"));
        let mut other = Filter {
            requester: Some("bob".into()),
            ..Filter::default()
        };
        assert!(!Scope::RequestedBy("ann").narrow(&mut other));
        assert!(Scope::Desk.narrow(&mut other));
        assert_eq!(other.requester.as_deref(), Some("bob"));
    }
}
