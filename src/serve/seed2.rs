//! Seed 2's API, camelCase: agents work `/api/v2/tickets`, end users
//! their own `/api/v2/requests`. One ticket by id, several at once
//! (`{id},{id},…`, BULK, answered in the order asked), `embed` of a
//! ticket's type, tags and organization, lists with cursor pagination,
//! filing, `PATCH` with `ETag`/`If-Match`, and replies on both sides.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::extract::{JsonBody, Params, idempotency_key, object};
use super::paging::origin;
use super::{Api, Caller, LogSlot, input, json as json_response};
use crate::desk::{Change, Desk, Scope};
use crate::exchange::seed::{seed2, seed2_request};
use crate::model::{NewReply, NewTicket, TagChange, Ticket, TicketPatch, TicketType, Timestamp};
use crate::query::{Filter, Query, Sort, SortKey, Window};

/// The most ids one BULK request may name.
pub const MAX_BULK: usize = 100;
/// The most tickets one list page holds.
pub const MAX_LIMIT: i64 = 100;
/// A list page's size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 25;

/// The seed 2 routes.
pub(crate) fn routes() -> Router<Arc<Api>> {
    Router::new()
        .route("/api/v2/tickets", get(list_tickets).post(file_ticket))
        .route(
            "/api/v2/tickets/{ids}",
            get(get_tickets).patch(patch_ticket),
        )
        .route(
            "/api/v2/tickets/{id}/replies",
            get(ticket_replies).post(reply_ticket),
        )
        .route("/api/v2/requests", get(list_requests).post(file_request))
        .route("/api/v2/requests/{ids}", get(get_requests))
        .route(
            "/api/v2/requests/{id}/replies",
            get(request_replies).post(reply_request),
        )
}

/// Which side of the desk a route serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// `/api/v2/tickets`: agents, everything.
    Tickets,
    /// `/api/v2/requests`: the caller's own requests, as an end user sees
    /// them.
    Requests,
}

impl Side {
    /// The tickets this side shows the caller.
    fn scope<'a>(self, caller: &'a Caller) -> Scope<'a> {
        match self {
            Side::Tickets => Scope::Desk,
            Side::Requests => Scope::RequestedBy(&caller.user),
        }
    }

    /// Refuses a requester on the agents' side.
    fn admit(self, caller: &Caller) -> Result<(), ApiError> {
        match self {
            Side::Tickets => caller.agent_only(),
            Side::Requests => Ok(()),
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Side::Tickets => "tickets",
            Side::Requests => "requests",
        }
    }
}

/// What `embed=` adds.
#[derive(Debug, Clone, Default)]
struct Embeds {
    kind: bool,
    tags: bool,
    organization: bool,
}

impl Embeds {
    fn from(params: &Params) -> Result<Self, ApiError> {
        let mut e = Embeds::default();
        for name in params.get("embed").unwrap_or("").split(',') {
            match name.trim() {
                "" => {}
                "type" => e.kind = true,
                "tags" => e.tags = true,
                "organization" => e.organization = true,
                other => {
                    return Err(ApiError::invalid(format!(
                        "invalid embed: {} is not one of type, tags, organization",
                        crate::error::quote(other)
                    )));
                }
            }
        }
        Ok(e)
    }
}

/// A ticket as one side shows it, with what was embedded.
#[derive(Serialize)]
struct Shown<T: Serialize> {
    #[serde(flatten)]
    base: T,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<Value>,
}

/// A ticket in the side's shape, with its embeds, written once.
fn show(side: Side, t: &Ticket, embeds: &Embeds, types: &[TicketType]) -> Box<RawValue> {
    let kind = embeds.kind.then(|| {
        types
            .iter()
            .find(|k| k.name == t.kind)
            .map_or(Value::Null, seed2::kind)
    });
    let tags = embeds
        .tags
        .then(|| Value::Array(t.tags.iter().map(|g| json!({"id": g, "name": g})).collect()));
    let organization = embeds.organization.then(|| {
        t.organization
            .as_ref()
            .map_or(Value::Null, |o| json!({"id": o, "name": o}))
    });
    let text = match side {
        Side::Tickets => crate::exchange::json::to_string(&Shown {
            base: seed2::ticket(t),
            kind,
            tags,
            organization,
        }),
        Side::Requests => crate::exchange::json::to_string(&Shown {
            base: seed2_request::request(t),
            kind,
            tags,
            organization,
        }),
    };
    RawValue::from_string(text).expect("the shapes write JSON")
}

/// A page of a list: `{"tickets"|"requests": […], "meta", "links"}`.
struct ListPage {
    key: &'static str,
    items: Vec<Box<RawValue>>,
    meta: Value,
    links: Value,
}

impl Serialize for ListPage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(self.key, &self.items)?;
        m.serialize_entry("meta", &self.meta)?;
        m.serialize_entry("links", &self.links)?;
        m.end()
    }
}

/// A JSON answer with `status` and, for one ticket, its `ETag`.
fn answer<T: Serialize + ?Sized>(status: StatusCode, body: &T, etag: Option<i64>) -> Response {
    let mut r = json_response(body);
    *r.status_mut() = status;
    if let Some(version) = etag
        && let Ok(h) = HeaderValue::from_str(&format!("\"{version}\""))
    {
        r.headers_mut().insert(header::ETAG, h);
    }
    r
}

/// Ticket ids of a path: `7` or `7,3,9`; at most [`MAX_BULK`].
fn ids(path: &str) -> Result<Vec<i64>, ApiError> {
    let ids: Vec<i64> = path
        .split(',')
        .map(|p| {
            p.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "invalid id: {} is not a ticket id",
                        crate::error::quote(p)
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    if ids.len() > MAX_BULK {
        return Err(ApiError::invalid(format!(
            "invalid ids: at most {MAX_BULK} at once, not {}",
            ids.len()
        )));
    }
    Ok(ids)
}

/// One ticket (an object, with its `ETag`) or several (an array in the
/// order asked); any one missing or out of scope is a 404.
async fn get_side(
    side: Side,
    api: Arc<Api>,
    slot: LogSlot,
    headers: HeaderMap,
    path: String,
    params: Params,
) -> Result<Response, ApiError> {
    let asked = ids(&path)?;
    let bulk = path.contains(',');
    let embeds = Embeds::from(&params)?;
    api.call(&headers, &slot, move |desk, caller, _| {
        side.admit(caller)?;
        let scope = side.scope(caller);
        let types = if embeds.kind {
            desk.ticket_types()?
        } else {
            Vec::new()
        };
        let tickets = asked
            .iter()
            .map(|&id| desk.ticket(id).and_then(|t| scope.check(t)))
            .collect::<crate::Result<Vec<_>>>()?;
        if bulk {
            let shown: Vec<Box<RawValue>> = tickets
                .iter()
                .map(|t| show(side, t, &embeds, &types))
                .collect();
            Ok(answer(StatusCode::OK, &shown, None))
        } else {
            let t = &tickets[0];
            Ok(answer(
                StatusCode::OK,
                &show(side, t, &embeds, &types),
                Some(t.version),
            ))
        }
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/v2/tickets/{ids}",
    tag = "seed 2",
    summary = "One ticket, or several in the order asked (agents)",
    params(
        ("ids" = String, Path, pattern = "^[1-9][0-9]{0,17}(,[1-9][0-9]{0,17}){0,99}$", description = "A ticket id, or several comma-separated (BULK, at most 100)"),
        ("embed" = Option<String>, Query, pattern = "^(type|tags|organization)(,(type|tags|organization))*$", description = "Comma-separated: type, tags, organization"),
    ),
    responses(
        (status = 200, description = "The ticket (with its ETag), or an array of them when several are asked", body = super::schema::Seed2Tickets, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
    )
)]
async fn get_tickets(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    get_side(Side::Tickets, api, slot, headers, path, params).await
}

#[utoipa::path(
    get,
    path = "/api/v2/requests/{ids}",
    tag = "seed 2",
    summary = "One of the caller's requests, or several in the order asked",
    params(
        ("ids" = String, Path, pattern = "^[1-9][0-9]{0,17}(,[1-9][0-9]{0,17}){0,99}$", description = "A ticket id, or several comma-separated (BULK, at most 100)"),
        ("embed" = Option<String>, Query, pattern = "^(type|tags|organization)(,(type|tags|organization))*$", description = "Comma-separated: type, tags, organization"),
    ),
    responses(
        (status = 200, description = "The request (with its ETag), or an array of them when several are asked", body = super::schema::Seed2Requests, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
    )
)]
async fn get_requests(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    get_side(Side::Requests, api, slot, headers, path, params).await
}

/// A page of a side's tickets, newest filed first: `{tickets|requests,
/// meta: {hasMore, afterCursor}, links: {next}}`. `cursor` is the
/// `afterCursor` of the page before; `query` the command line's query
/// language (every status unless it names some).
async fn list_side(
    side: Side,
    api: Arc<Api>,
    slot: LogSlot,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    let limit = params.number("limit", Some(DEFAULT_LIMIT), 1, MAX_LIMIT)?;
    let cursor =
        match params.get("cursor").filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(c.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                ApiError::invalid("invalid cursor: give the afterCursor of a page")
            })?),
        };
    let text = params.get("query").unwrap_or("").to_string();
    let embeds = Embeds::from(&params)?;
    let origin = origin(&headers)?;
    let raw_embed = params.get("embed").map(str::to_string);
    api.call(&headers, &slot, move |desk, caller, now| {
        side.admit(caller)?;
        let mut filter = Filter {
            all: true,
            ..Filter::default()
        };
        crate::query::parse::apply(&mut filter, &text, now)?;
        let visible = side.scope(caller).narrow(&mut filter);
        filter.below_id = cursor;
        let tickets = if visible {
            desk.list(&Query {
                filter,
                sort: Sort {
                    key: SortKey::Id,
                    descending: true,
                },
                window: Window {
                    limit: Some(limit as u64 + 1),
                    offset: 0,
                },
            })?
        } else {
            Vec::new()
        };
        let has_more = tickets.len() as i64 > limit;
        let page = &tickets[..tickets.len().min(limit as usize)];
        let types = if embeds.kind {
            desk.ticket_types()?
        } else {
            Vec::new()
        };
        let after = has_more
            .then(|| page.last().map(|t| t.id.to_string()))
            .flatten();
        let next = after.as_ref().map(|c| {
            let mut url = url::Url::parse(&format!("{origin}/api/v2/{}", side.plural()))
                .expect("origin is a checked host");
            {
                let mut q = url.query_pairs_mut();
                if !text.is_empty() {
                    q.append_pair("query", &text);
                }
                q.append_pair("limit", &limit.to_string());
                if let Some(e) = &raw_embed {
                    q.append_pair("embed", e);
                }
                q.append_pair("cursor", c);
            }
            url.to_string()
        });
        let body = ListPage {
            key: side.plural(),
            items: page
                .iter()
                .map(|t| show(side, t, &embeds, &types))
                .collect(),
            meta: json!({"hasMore": has_more, "afterCursor": after}),
            links: json!({"next": next}),
        };
        Ok(answer(StatusCode::OK, &body, None))
    })
    .await
}

#[utoipa::path(
    get,
    path = "/api/v2/tickets",
    tag = "seed 2",
    summary = "Tickets, newest filed first (agents)",
    params(super::schema::ListParams),
    responses(
        (status = 200, description = "A page of tickets", body = super::schema::Seed2TicketPage),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
    )
)]
async fn list_tickets(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    list_side(Side::Tickets, api, slot, headers, params).await
}

#[utoipa::path(
    get,
    path = "/api/v2/requests",
    tag = "seed 2",
    summary = "The caller's requests, newest filed first",
    params(super::schema::ListParams),
    responses(
        (status = 200, description = "A page of requests", body = super::schema::Seed2RequestPage),
    )
)]
async fn list_requests(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    list_side(Side::Requests, api, slot, headers, params).await
}

/// Keys the server sets itself; sent back (a client that read a ticket,
/// changed it and sends it whole), they are ignored.
const READ_ONLY: [&str; 6] = [
    "id",
    "createdAt",
    "updatedAt",
    "submitterId",
    "channel",
    "version",
];

fn take_text(body: &mut Map<String, Value>, key: &str) -> Result<Option<String>, ApiError> {
    body.remove(key)
        .map(|v| input::optional_text(key, &v))
        .transpose()
        .map(Option::flatten)
}

fn refuse_rest(body: &Map<String, Value>, why: &str) -> Result<(), ApiError> {
    match body.keys().next() {
        None => Ok(()),
        Some(k) => Err(ApiError::invalid(format!(
            "invalid {}: {why}",
            crate::error::quote(k)
        ))),
    }
}

/// A new ticket from seed 2's names.
fn new_ticket(side: Side, mut body: Map<String, Value>) -> Result<NewTicket, ApiError> {
    for key in READ_ONLY {
        body.remove(key);
    }
    let mut t = NewTicket {
        channel: Some(crate::model::Channel::Api),
        kind: take_text(&mut body, "typeId")?,
        subject: take_text(&mut body, "subject")?,
        question: take_text(&mut body, "description")?,
        ..NewTicket::default()
    };
    if let Some(v) = body.remove("ticketFields").filter(|v| !v.is_null()) {
        t.fields = input::fields("ticketFields", &v)?;
    }
    if side == Side::Tickets {
        if let Some(v) = body.remove("priority").filter(|v| !v.is_null()) {
            t.priority = Some(input::priority("priority", &v)?);
        }
        t.requester = take_text(&mut body, "requestorId")?;
        t.assignee = take_text(&mut body, "assigneeId")?;
        t.group = take_text(&mut body, "groupId")?;
        t.organization = take_text(&mut body, "organizationId")?;
        if let Some(v) = body.remove("tagsId").filter(|v| !v.is_null()) {
            t.tags = input::texts("tagsId", &v)?;
        }
        refuse_rest(
            &body,
            "not a field of a new ticket (typeId, subject, description, priority, requestorId, \
             assigneeId, groupId, organizationId, tagsId, ticketFields)",
        )?;
    } else {
        refuse_rest(
            &body,
            "not a field of a new request (typeId, subject, description, ticketFields)",
        )?;
    }
    Ok(t)
}

async fn file_side(
    side: Side,
    api: Arc<Api>,
    slot: LogSlot,
    headers: HeaderMap,
    body: Value,
) -> Result<Response, ApiError> {
    let mut input = new_ticket(side, object(body)?)?;
    let key = idempotency_key(&headers)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        side.admit(caller)?;
        if side == Side::Requests {
            input.requester = Some(caller.user.clone());
        }
        if input.kind.is_none() {
            input.kind = Some(desk.default_type()?);
        }
        input.idempotency_key = caller.own_key(key);
        let t = desk.create(Change::new(&caller.user, now), input)?;
        Ok(answer(
            StatusCode::CREATED,
            &show(side, &t, &Embeds::default(), &[]),
            Some(t.version),
        ))
    })
    .await
}

#[utoipa::path(
    post,
    path = "/api/v2/tickets",
    tag = "seed 2",
    summary = "File a ticket (agents)",
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Files once: a retry with the same key (per caller) answers the ticket filed the first time"),
    ),
    request_body = super::schema::NewSeed2Ticket,
    responses(
        (status = 201, description = "The ticket filed", body = super::schema::Seed2Ticket, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
    )
)]
async fn file_ticket(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    file_side(Side::Tickets, api, slot, headers, body).await
}

#[utoipa::path(
    post,
    path = "/api/v2/requests",
    tag = "seed 2",
    summary = "File a request for the caller",
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Files once: a retry with the same key (per caller) answers the ticket filed the first time"),
    ),
    request_body = super::schema::NewSeed2Request,
    responses(
        (status = 201, description = "The request filed", body = super::schema::Seed2Request, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
    )
)]
async fn file_request(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    file_side(Side::Requests, api, slot, headers, body).await
}

/// The version `If-Match` names: `"3"`, `W/"3"` or `3`; `*` names none.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v
        .to_str()
        .map_err(|_| ApiError::invalid("the If-Match header is not text"))?
        .trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    bare.parse::<i64>().map(Some).map_err(|_| {
        ApiError::invalid(format!(
            "invalid If-Match: {} is not an ETag this server gave",
            crate::error::quote(text)
        ))
    })
}

/// A patch from seed 2's names; `tagsId` replaces the ticket's tags.
fn patch_of(mut body: Map<String, Value>, current: &Ticket) -> Result<TicketPatch, ApiError> {
    for key in READ_ONLY {
        body.remove(key);
    }
    let mut p = TicketPatch {
        subject: take_text(&mut body, "subject")?,
        kind: take_text(&mut body, "typeId")?,
        ..TicketPatch::default()
    };
    if let Some(v) = body.remove("status").filter(|v| !v.is_null()) {
        p.status = Some(input::status("status", &v)?);
    }
    if let Some(v) = body.remove("priority").filter(|v| !v.is_null()) {
        p.priority = Some(input::priority("priority", &v)?);
    }
    for (key, slot) in [
        ("assigneeId", &mut p.assignee),
        ("groupId", &mut p.group),
        ("organizationId", &mut p.organization),
    ] {
        if let Some(v) = body.remove(key) {
            *slot = Some(input::optional_text(key, &v)?);
        }
    }
    if let Some(v) = body.remove("tagsId") {
        let wanted: BTreeSet<String> = match v {
            Value::Null => BTreeSet::new(),
            v => input::texts("tagsId", &v)?
                .iter()
                .map(|t| crate::model::validate_tag(t))
                .collect::<crate::Result<_>>()?,
        };
        let have: BTreeSet<String> = current.tags.iter().cloned().collect();
        p.tags
            .extend(have.difference(&wanted).cloned().map(TagChange::Remove));
        p.tags
            .extend(wanted.difference(&have).cloned().map(TagChange::Add));
    }
    if let Some(v) = body.remove("ticketFields") {
        let Value::Object(m) = v else {
            return Err(ApiError::invalid(
                "invalid ticketFields: expected an object of field values",
            ));
        };
        for (name, value) in m {
            let text = input::field_value(&name, &value)?.unwrap_or_default();
            p.fields.push((name, text));
        }
    }
    refuse_rest(
        &body,
        "not a field a PATCH changes (subject, typeId, status, priority, assigneeId, groupId, \
         organizationId, tagsId, ticketFields)",
    )?;
    Ok(p)
}

/// `PATCH /api/v2/tickets/{id}`: change a ticket in one step; with
/// `If-Match`, only if it is still at that version (else 412).
#[utoipa::path(
    patch,
    path = "/api/v2/tickets/{ids}",
    tag = "seed 2",
    summary = "Change a ticket (agents); with If-Match, only at that version",
    params(
        ("ids" = String, Path, pattern = "^[1-9][0-9]{0,17}$", description = "One ticket id"),
        ("If-Match" = Option<String>, Header, pattern = "^(\\*|(W/)?\"[0-9]{1,18}\"|[0-9]{1,18})$", description = "An ETag this server gave (\"3\", W/\"3\" or 3), or *"),
    ),
    request_body = super::schema::Seed2Patch,
    responses(
        (status = 200, description = "The ticket as changed", body = super::schema::Seed2Ticket, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
        (status = 412, description = "The ticket is no longer at the version If-Match names", body = super::schema::ErrorEnvelope),
    )
)]
async fn patch_ticket(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let id = match ids(&path)?.as_slice() {
        [one] if !path.contains(',') => *one,
        _ => return Err(ApiError::invalid("PATCH changes one ticket at a time")),
    };
    let version = if_match(&headers)?;
    let body = object(body)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        caller.agent_only()?;
        // The new tag set is computed from this read, so the edit applies
        // only to the version read (a change in between answers 412).
        let current = desk.ticket(id)?;
        if let Some(v) = version
            && v != current.version
        {
            return Err(crate::Error::Conflict {
                id,
                expected: v,
                found: current.version,
            }
            .into());
        }
        let patch = patch_of(body, &current)?;
        let t = if patch.is_empty() {
            current
        } else {
            let edited = desk.edit_many(
                Change::new(&caller.user, now),
                &[id],
                &patch,
                Some(current.version),
            )?;
            edited.into_iter().next().expect("one ticket edited").ticket
        };
        Ok(answer(
            StatusCode::OK,
            &show(Side::Tickets, &t, &Embeds::default(), &[]),
            Some(t.version),
        ))
    })
    .await
}

/// A ticket's replies, oldest first: every one for agents on the
/// tickets side, the public ones on the requests side.
async fn replies_side(
    side: Side,
    api: Arc<Api>,
    slot: LogSlot,
    headers: HeaderMap,
    path: String,
) -> Result<Response, ApiError> {
    let id = single(&path)?;
    api.call(&headers, &slot, move |desk, caller, _| {
        side.admit(caller)?;
        let thread = desk.thread(id, side == Side::Requests, false)?;
        side.scope(caller).check(thread.ticket)?;
        let replies: Vec<_> = thread.replies.iter().map(seed2::reply).collect();
        Ok(json_response(&json!({ "replies": replies })))
    })
    .await
}

fn single(path: &str) -> Result<i64, ApiError> {
    match ids(path)?.as_slice() {
        [one] if !path.contains(',') => Ok(*one),
        _ => Err(ApiError::invalid("give one ticket id")),
    }
}

#[utoipa::path(
    get,
    path = "/api/v2/tickets/{id}/replies",
    tag = "seed 2",
    summary = "A ticket's replies, oldest first (agents)",
    params(
        ("id" = String, Path, pattern = "^[1-9][0-9]{0,17}$", description = "A ticket id"),
    ),
    responses(
        (status = 200, description = "The replies", body = super::schema::Seed2Replies),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
    )
)]
async fn ticket_replies(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    replies_side(Side::Tickets, api, slot, headers, path).await
}

#[utoipa::path(
    get,
    path = "/api/v2/requests/{id}/replies",
    tag = "seed 2",
    summary = "A request's public replies, oldest first",
    params(
        ("id" = String, Path, pattern = "^[1-9][0-9]{0,17}$", description = "A ticket id"),
    ),
    responses(
        (status = 200, description = "The replies", body = super::schema::Seed2Replies),
    )
)]
async fn request_replies(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    replies_side(Side::Requests, api, slot, headers, path).await
}

/// A reply from seed 2's names: `body` (required), `images`, `internal`
/// (agents' notes), `status` (set in the same step).
fn new_reply(id: i64, mut body: Map<String, Value>) -> Result<NewReply, ApiError> {
    let text = body
        .remove("body")
        .map(|v| input::text("body", &v))
        .transpose()?
        .ok_or_else(|| ApiError::invalid("missing body: the reply's text"))?;
    let images = body
        .remove("images")
        .filter(|v| !v.is_null())
        .map(|v| input::texts("images", &v))
        .transpose()?
        .unwrap_or_default();
    let internal = body
        .remove("internal")
        .filter(|v| !v.is_null())
        .map(|v| input::flag("internal", &v))
        .transpose()?
        .unwrap_or(false);
    let status = body
        .remove("status")
        .filter(|v| !v.is_null())
        .map(|v| input::status("status", &v))
        .transpose()?;
    for ignored in ["authorId", "role", "id", "ticketId", "createdAt"] {
        body.remove(ignored);
    }
    refuse_rest(
        &body,
        "not a field of a reply (body, images, internal, status)",
    )?;
    Ok(NewReply {
        ticket: id,
        text,
        images,
        internal,
        role: None,
        status,
        if_version: None,
        idempotency_key: None,
    })
}

async fn reply_side(
    side: Side,
    api: Arc<Api>,
    slot: LogSlot,
    headers: HeaderMap,
    path: String,
    body: Value,
) -> Result<Response, ApiError> {
    let id = single(&path)?;
    let mut input = new_reply(id, object(body)?)?;
    let key = idempotency_key(&headers)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        side.admit(caller)?;
        input.idempotency_key = caller.own_key(key);
        let scope = side.scope(caller);
        input.role = match side {
            Side::Requests => Some(crate::model::Role::Requester),
            Side::Tickets => caller.reply_role(),
        };
        let replied = reply_in(desk, caller, scope, now, input)?;
        Ok(answer(
            StatusCode::CREATED,
            &seed2::reply(&replied.reply),
            Some(replied.ticket.version),
        ))
    })
    .await
}

fn reply_in(
    desk: &Desk,
    caller: &Caller,
    scope: Scope<'_>,
    now: Timestamp,
    input: NewReply,
) -> Result<crate::model::Replied, ApiError> {
    let scope = match (scope, caller.scope()) {
        (Scope::Desk, narrower) => narrower,
        (own, _) => own,
    };
    Ok(desk.reply(Change::new(&caller.user, now).within(scope), input)?)
}

#[utoipa::path(
    post,
    path = "/api/v2/tickets/{id}/replies",
    tag = "seed 2",
    summary = "Answer a ticket (agents)",
    params(
        ("id" = String, Path, pattern = "^[1-9][0-9]{0,17}$", description = "A ticket id"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Replies once: a retry with the same key (per caller) answers the reply written the first time"),
    ),
    request_body = super::schema::NewSeed2Reply,
    responses(
        (status = 201, description = "The reply written; the ETag is the ticket's new version", body = super::schema::Seed2Reply, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
        (status = 403, description = "The token is a requester's; this route is for agents", body = super::schema::ErrorEnvelope),
    )
)]
async fn reply_ticket(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    reply_side(Side::Tickets, api, slot, headers, path, body).await
}

#[utoipa::path(
    post,
    path = "/api/v2/requests/{id}/replies",
    tag = "seed 2",
    summary = "Answer one's own request",
    params(
        ("id" = String, Path, pattern = "^[1-9][0-9]{0,17}$", description = "A ticket id"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Replies once: a retry with the same key (per caller) answers the reply written the first time"),
    ),
    request_body = super::schema::NewSeed2Reply,
    responses(
        (status = 201, description = "The reply written; the ETag is the ticket's new version", body = super::schema::Seed2Reply, headers(("ETag" = String, description = "The ticket's version, quoted, for If-Match"))),
    )
)]
async fn reply_request(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    Path(path): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    reply_side(Side::Requests, api, slot, headers, path, body).await
}
