//! The seed APIs' shapes, written from model values: what `ticket serve`
//! answers. Each shape carries the seed example's fields first, with the
//! example's JSON types, then ours.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::{Detail, Reply, Ticket, TicketType};

/// Seed 1 (`/v3_1/workorder/…`), snake_case.
pub mod seed1 {
    use super::*;

    /// A workorder in seed 1's shape (fields in this order).
    #[derive(Debug, Serialize)]
    pub struct Workorder<'a> {
        committer: &'a str,
        id: i64,
        question: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        /// The seed code: a string (`"2"`) as `POST workorder/` answers,
        /// a number as `workorder_list/` lists.
        status: Value,
        support: bool,
        updated_at: String,
        created_at: String,
        status_name: &'a str,
        subject: &'a str,
        priority: &'a str,
        requester: &'a str,
        assignee: Option<&'a str>,
        group: Option<&'a str>,
        organization: Option<&'a str>,
        channel: &'a str,
        tags: &'a [String],
        fields: &'a Map<String, Value>,
        version: i64,
    }

    /// A workorder as `POST workorder/` answers it: `committer` a string,
    /// `status` the seed code as a string (`"2"`), `support` a boolean;
    /// then ours.
    pub fn workorder(t: &Ticket) -> Workorder<'_> {
        shaped(t, Value::String(t.status.seed_code().to_string()))
    }

    /// A workorder as `GET workorder_list/` lists it: the same, with
    /// `status` the seed code as a number.
    pub fn listed(t: &Ticket) -> Workorder<'_> {
        shaped(t, Value::from(t.status.seed_code()))
    }

    fn shaped(t: &Ticket, status: Value) -> Workorder<'_> {
        Workorder {
            committer: &t.committer,
            id: t.id,
            question: &t.question,
            kind: &t.kind,
            status,
            support: t.support,
            updated_at: t.updated_at.to_string(),
            created_at: t.created_at.to_string(),
            status_name: t.status.as_str(),
            subject: &t.subject,
            priority: t.priority.as_str(),
            requester: &t.requester,
            assignee: t.assignee.as_deref(),
            group: t.group.as_deref(),
            organization: t.organization.as_deref(),
            channel: t.channel.as_str(),
            tags: &t.tags,
            fields: &t.fields,
            version: t.version,
        }
    }

    /// A reply in seed 1's shape (`workorder_detail`): `role` 0 for the
    /// requester, 1 for an agent; then ours.
    #[derive(Debug, Serialize)]
    pub struct Detailed<'a> {
        committer: &'a str,
        workorder_id: i64,
        role: i64,
        detail: &'a Detail,
        created_at: String,
        id: i64,
        internal: bool,
    }

    /// A reply as `workorder_detail` answers and lists it.
    pub fn reply(r: &Reply) -> Detailed<'_> {
        Detailed {
            committer: &r.committer,
            workorder_id: r.workorder_id,
            role: r.role.code(),
            detail: &r.detail,
            created_at: r.created_at.to_string(),
            id: r.id,
            internal: r.internal,
        }
    }

    /// A workorder's content (`workorder_content`): `id`, `type`, `status`
    /// as a number, `question`, then the type's content fields as top-level
    /// keys in the type's order, typed as stored (`amount` a number); a
    /// field not set is null.
    pub fn content<'a>(t: &'a Ticket, kind: &'a TicketType) -> Content<'a> {
        Content { ticket: t, kind }
    }

    /// A workorder's content, written in the seed's key order.
    #[derive(Debug)]
    pub struct Content<'a> {
        ticket: &'a Ticket,
        kind: &'a TicketType,
    }

    impl Serialize for Content<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let t = self.ticket;
            let mut m = s.serialize_map(Some(4 + self.kind.fields.len()))?;
            m.serialize_entry("id", &t.id)?;
            m.serialize_entry("type", &t.kind)?;
            m.serialize_entry("status", &t.status.seed_code())?;
            m.serialize_entry("question", &t.question)?;
            for f in &self.kind.fields {
                m.serialize_entry(&f.name, t.fields.get(&f.name).unwrap_or(&Value::Null))?;
            }
            m.end()
        }
    }
}

/// Seed 2 (`/api/v2/tickets`, `/api/v2/requests`), camelCase.
pub mod seed2 {
    use super::*;

    /// A ticket in seed 2's names, in its table's order: `id` (a string,
    /// as the seed's table types it), `typeId`, `tagsId`, `subject`,
    /// `description`, `status` (`OPEN`, `Pending`, `Holding`, `Solved`,
    /// `Closed`), `priority`, `requestorId`, `submitterId`, `assigneeId`,
    /// `groupId`, `organizationId`, `channel` `{name}`, `ticketFields`,
    /// `createdAt`, `updatedAt`; then `version` (for `ETag`/`If-Match`).
    #[derive(Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SeedTicket<'a> {
        id: String,
        type_id: &'a str,
        tags_id: &'a [String],
        subject: &'a str,
        description: &'a str,
        status: &'a str,
        priority: &'a str,
        requestor_id: &'a str,
        submitter_id: &'a str,
        assignee_id: Option<&'a str>,
        group_id: Option<&'a str>,
        organization_id: Option<&'a str>,
        channel: Channel<'a>,
        ticket_fields: &'a Map<String, Value>,
        created_at: String,
        updated_at: String,
        version: i64,
    }

    /// How a ticket arrived, as seed 2 nests it.
    #[derive(Debug, Serialize)]
    pub struct Channel<'a> {
        pub(super) name: &'a str,
    }

    /// A reply in seed 2's camelCase: `role` is `requester` or `agent`.
    #[derive(Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SeedReply<'a> {
        id: String,
        ticket_id: String,
        author_id: &'a str,
        role: &'static str,
        body: &'a str,
        images: &'a [String],
        internal: bool,
        created_at: String,
    }

    /// A reply as the seed 2 routes answer and list it.
    pub fn reply(r: &Reply) -> SeedReply<'_> {
        SeedReply {
            id: r.id.to_string(),
            ticket_id: r.workorder_id.to_string(),
            author_id: &r.committer,
            role: match r.role {
                crate::model::Role::Requester => "requester",
                crate::model::Role::Agent => "agent",
            },
            body: &r.detail.text,
            images: &r.detail.image,
            internal: r.internal,
            created_at: r.created_at.to_string(),
        }
    }

    /// A ticket type as `embed=type` adds it.
    pub fn kind(t: &TicketType) -> Value {
        serde_json::json!({
            "id": t.name,
            "labelZh": t.label_zh,
            "labelEn": t.label_en,
            "fields": t.fields.iter()
                .map(|f| serde_json::json!({"id": f.name, "required": f.required}))
                .collect::<Vec<_>>(),
        })
    }

    /// A ticket as `GET /api/v2/tickets/{id}` answers it.
    pub fn ticket(t: &Ticket) -> SeedTicket<'_> {
        SeedTicket {
            id: t.id.to_string(),
            type_id: &t.kind,
            tags_id: &t.tags,
            subject: &t.subject,
            description: &t.question,
            status: t.status.seed2_name(),
            priority: t.priority.as_str(),
            requestor_id: &t.requester,
            submitter_id: &t.committer,
            assignee_id: t.assignee.as_deref(),
            group_id: t.group.as_deref(),
            organization_id: t.organization.as_deref(),
            channel: Channel {
                name: t.channel.as_str(),
            },
            ticket_fields: &t.fields,
            created_at: t.created_at.to_string(),
            updated_at: t.updated_at.to_string(),
            version: t.version,
        }
    }
}

/// Seed 2's request: a ticket as its end user sees it, with the fields of
/// the seed's request table only (no tags, priority or submitter).
pub mod seed2_request {
    use super::*;

    /// A request in seed 2's names and order.
    #[derive(Debug, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SeedRequest<'a> {
        id: String,
        type_id: &'a str,
        subject: &'a str,
        description: &'a str,
        status: &'a str,
        requestor_id: &'a str,
        assignee_id: Option<&'a str>,
        group_id: Option<&'a str>,
        organization_id: Option<&'a str>,
        channel: seed2::Channel<'a>,
        ticket_fields: &'a Map<String, Value>,
        created_at: String,
        updated_at: String,
        version: i64,
    }

    /// A ticket as `GET /api/v2/requests/{id}` answers it.
    pub fn request(t: &Ticket) -> SeedRequest<'_> {
        SeedRequest {
            id: t.id.to_string(),
            type_id: &t.kind,
            subject: &t.subject,
            description: &t.question,
            status: t.status.seed2_name(),
            requestor_id: &t.requester,
            assignee_id: t.assignee.as_deref(),
            group_id: t.group.as_deref(),
            organization_id: t.organization.as_deref(),
            channel: seed2::Channel {
                name: t.channel.as_str(),
            },
            ticket_fields: &t.fields,
            created_at: t.created_at.to_string(),
            updated_at: t.updated_at.to_string(),
            version: t.version,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::exchange::incoming;
    use crate::exchange::{Incoming, Record};

    fn one_ticket(value: Value) -> Ticket {
        match incoming(value).unwrap().remove(0) {
            Incoming::Record(r) => match *r {
                Record::Ticket(t) => t.ticket,
                _ => panic!("not a ticket"),
            },
            _ => panic!("not a record"),
        }
    }

    /// The seed 1 example of `POST workorder/`'s answer.
    fn example() -> Ticket {
        one_ticket(
            json!({"committer": "3", "id": 5, "question": "how to cancel my order?",
            "type": "sys", "status": "2", "support": true,
            "updated_at": "2018-01-26T10:59:52.576973", "created_at": "2018-01-26T10:59:52.576931"}),
        )
    }

    /// The keys of a JSON object in the order written, with their types.
    fn types(v: &impl serde::Serialize) -> Vec<(String, &'static str)> {
        let text = serde_json::to_string(v).unwrap();
        let m: Map<String, Value> = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<(usize, String)> = m
            .keys()
            .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
            .collect();
        keys.sort();
        keys.into_iter()
            .map(|(_, k)| {
                let t = match &m[&k] {
                    Value::Null => "null",
                    Value::Bool(_) => "bool",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                };
                (k, t)
            })
            .collect()
    }

    #[test]
    fn seed_one_shapes_keep_the_examples_fields_and_types_first() {
        let t = example();
        let w = seed1::workorder(&t);
        let want = [
            ("committer", "string"),
            ("id", "number"),
            ("question", "string"),
            ("type", "string"),
            ("status", "string"),
            ("support", "bool"),
            ("updated_at", "string"),
            ("created_at", "string"),
        ];
        let got = types(&w);
        let first: Vec<(String, &str)> = got[..want.len()].to_vec();
        let want: Vec<(String, &str)> = want.iter().map(|(k, t)| (k.to_string(), *t)).collect();
        assert_eq!(first, want);
        let w = serde_json::to_value(&w).unwrap();
        assert_eq!(w["status"], "2");
        assert_eq!(w["committer"], "3");
        assert_eq!(
            serde_json::to_value(seed1::listed(&t)).unwrap()["status"],
            2
        );
        assert_eq!(w["updated_at"], "2018-01-26T10:59:52.576973Z");
        let reply = crate::model::Reply {
            id: 9,
            workorder_id: 1,
            committer: "hhq".into(),
            role: crate::model::Role::Requester,
            detail: crate::model::Detail {
                text: "yeah".into(),
                image: vec!["http://x/a.jpg".into()],
            },
            internal: false,
            created_at: t.created_at,
        };
        let keys: Vec<String> = types(&seed1::reply(&reply))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            keys[..5],
            ["committer", "workorder_id", "role", "detail", "created_at"]
        );
        let r = serde_json::to_value(seed1::reply(&reply)).unwrap();
        assert_eq!(r["role"], 0);
        assert_eq!(
            r["detail"],
            json!({"text": "yeah", "image": ["http://x/a.jpg"]})
        );
    }

    #[test]
    fn content_and_seed_two_names() {
        let mut t = example();
        t.kind = "module".into();
        t.fields.insert("amount".into(), json!(4));
        let kind = TicketType {
            name: "module".into(),
            label_zh: "购买云模块".into(),
            label_en: "Cloud module purchase".into(),
            fields: vec![
                crate::model::TypeField {
                    name: "module".into(),
                    required: true,
                },
                crate::model::TypeField {
                    name: "amount".into(),
                    required: true,
                },
            ],
        };
        let c = seed1::content(&t, &kind);
        let text = serde_json::to_string(&c).unwrap();
        assert!(
            text.starts_with(r#"{"id":5,"type":"module","status":2,"question":"#),
            "{text}"
        );
        assert!(text.ends_with(r#""module":null,"amount":4}"#), "{text}");
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"id": 5, "type": "module", "status": 2, "question": "how to cancel my order?",
                   "module": null, "amount": 4})
        );
        let s = serde_json::to_value(seed2::ticket(&t)).unwrap();
        assert_eq!(s["id"], "5");
        assert_eq!(s["status"], "OPEN");
        assert_eq!(s["description"], "how to cancel my order?");
        assert_eq!(s["channel"], json!({"name": "import"}));
        assert_eq!(s["ticketFields"], json!({"amount": 4}));
    }
}
