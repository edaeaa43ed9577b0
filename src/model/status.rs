use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;
use crate::error::quote;

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Filed, nobody has answered yet (seed 1 code `2`).
    New,
    /// Being worked on (seed 1 code `1`, 待解决).
    Open,
    /// Waiting on the requester.
    Pending,
    /// Waiting on a third party.
    Holding,
    /// Answered (seed 1 code `0`); the requester may still reopen it.
    Solved,
    /// Final: takes no more changes or replies.
    Closed,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::Holding,
        Status::Solved,
        Status::Closed,
    ];

    /// Seed 1's numeric code: new 2; open, pending and holding 1 (待解决);
    /// solved and closed 0.
    pub fn seed_code(self) -> i64 {
        match self {
            Status::New => 2,
            Status::Open | Status::Pending | Status::Holding => 1,
            Status::Solved | Status::Closed => 0,
        }
    }

    /// Seed 2's spelling: `OPEN` (ours new and open), `Pending`, `Holding`,
    /// `Solved`, `Closed`.
    pub fn seed2_name(self) -> &'static str {
        match self {
            Status::New | Status::Open => "OPEN",
            Status::Pending => "Pending",
            Status::Holding => "Holding",
            Status::Solved => "Solved",
            Status::Closed => "Closed",
        }
    }

    /// The name used in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Holding => "holding",
            Status::Solved => "solved",
            Status::Closed => "closed",
        }
    }

    /// Whether the ticket still needs work (neither solved nor closed).
    pub fn is_open_work(self) -> bool {
        !matches!(self, Status::Solved | Status::Closed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;
    /// Accepts names in any case (seed 2 writes `OPEN`, `Pending`) and
    /// seed 1's numeric codes `2`, `1`, `0`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        let status = match t.to_ascii_lowercase().as_str() {
            "new" | "2" => Status::New,
            "open" | "1" => Status::Open,
            "pending" => Status::Pending,
            "holding" => Status::Holding,
            "solved" | "0" => Status::Solved,
            "closed" => Status::Closed,
            _ => {
                return Err(Error::invalid(
                    "status",
                    format!(
                        "{t_q} is not a status (new, open, pending, holding, solved, closed, or seed codes 2, 1, 0)",
                        t_q = quote(t)
                    ),
                ));
            }
        };
        Ok(status)
    }
}

/// How urgent a ticket is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// The default.
    #[default]
    Normal,
    /// Needs attention before normal work.
    Important,
    /// Drop everything.
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 3] = [Priority::Normal, Priority::Important, Priority::Urgent];

    /// The name used in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Important => "important",
            Priority::Urgent => "urgent",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::invalid(
                    "priority",
                    format!(
                        "{t_q} is not a priority (normal, important, urgent)",
                        t_q = quote(t)
                    ),
                )
            })
    }
}

/// How a ticket arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Filed with this command-line tool (the default).
    #[default]
    Cli,
    /// Through the HTTP API.
    Api,
    /// Through a web portal.
    Web,
    /// From an email.
    Email,
    /// From a phone call.
    Phone,
    /// Imported from another system.
    Import,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 6] = [
        Channel::Cli,
        Channel::Api,
        Channel::Web,
        Channel::Email,
        Channel::Phone,
        Channel::Import,
    ];

    /// The name used in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Cli => "cli",
            Channel::Api => "api",
            Channel::Web => "web",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Import => "import",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::invalid(
                    "channel",
                    format!(
                        "{t_q} is not a channel (cli, api, web, email, phone, import)",
                        t_q = quote(t)
                    ),
                )
            })
    }
}

/// Who wrote a reply, with seed 1's codes: `0` the asker, `1` the answerer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The requester (code `0`).
    Requester,
    /// A support agent (code `1`).
    Agent,
}

impl Role {
    /// Seed 1's numeric code.
    pub fn code(self) -> i64 {
        match self {
            Role::Requester => 0,
            Role::Agent => 1,
        }
    }

    /// The role of a seed 1 code.
    pub fn from_code(code: i64) -> Result<Self, Error> {
        match code {
            0 => Ok(Role::Requester),
            1 => Ok(Role::Agent),
            _ => Err(Error::invalid(
                "role",
                format!("{code} is not a role (0 requester, 1 agent)"),
            )),
        }
    }

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Requester => "requester",
            Role::Agent => "agent",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "requester" | "0" => Ok(Role::Requester),
            "agent" | "1" => Ok(Role::Agent),
            other => Err(Error::invalid(
                "role",
                format!(
                    "{other_q} is not a role (requester, agent)",
                    other_q = quote(other)
                ),
            )),
        }
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Role::from_code(i64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_codes_and_seed_two_spellings_are_statuses() {
        assert_eq!("2".parse::<Status>().unwrap(), Status::New);
        assert_eq!("1".parse::<Status>().unwrap(), Status::Open);
        assert_eq!("0".parse::<Status>().unwrap(), Status::Solved);
        assert_eq!("OPEN".parse::<Status>().unwrap(), Status::Open);
        assert_eq!("Holding".parse::<Status>().unwrap(), Status::Holding);
        assert!("3".parse::<Status>().is_err());
    }

    #[test]
    fn roles_serialise_as_seed_codes() {
        assert_eq!(serde_json::to_string(&Role::Agent).unwrap(), "1");
        assert_eq!(serde_json::from_str::<Role>("0").unwrap(), Role::Requester);
    }
}
