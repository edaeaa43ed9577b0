//! Seed 1's API, as its document describes it: `/v3_1/workorder/…`,
//! snake_case, every answer in the `{"meta":{"message","code"},"data"}`
//! envelope. Requesters see and touch only their own workorders.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::extract::{JsonBody, Params, idempotency_key, object};
use super::paging::{Asked, origin};
use super::{Api, LogSlot, envelope, input};
use crate::desk::Change;
use crate::exchange::seed::seed1;
use crate::model::{Channel, NewReply, NewTicket};
use crate::query::{Filter, Query, Sort, SortKey, Window};

/// Keys of a new workorder the server sets itself: sent, they are ignored
/// (who files is who the token names).
const READ_ONLY: [&str; 9] = [
    "id",
    "committer",
    "status",
    "status_name",
    "created_at",
    "updated_at",
    "version",
    "channel",
    "role",
];

/// The seed 1 routes.
pub(crate) fn routes() -> Router<Arc<Api>> {
    Router::new()
        .route("/v3_1/workorder/workorder/", post(create))
        .route("/v3_1/workorder/workorder_list/", get(list))
        .route(
            "/v3_1/workorder/workorder_detail/",
            get(details).post(reply),
        )
        .route("/v3_1/workorder/workorder_status/", post(status))
        .route("/v3_1/workorder/workorder_content/", get(content))
}

/// A new ticket from a body whose extra keys are custom field values.
pub(crate) fn new_ticket(
    mut body: Map<String, Value>,
    kind_key: &str,
    question_key: &str,
) -> Result<NewTicket, ApiError> {
    let mut t = NewTicket {
        channel: Some(Channel::Api),
        ..NewTicket::default()
    };
    for key in READ_ONLY {
        body.remove(key);
    }
    if let Some(v) = body.remove(kind_key) {
        t.kind = input::optional_text(kind_key, &v)?;
    }
    if let Some(v) = body.remove(question_key) {
        t.question = input::optional_text(question_key, &v)?;
    }
    if let Some(v) = body.remove("support") {
        t.support = input::flag("support", &v)?;
    }
    if let Some(v) = body.remove("subject") {
        t.subject = input::optional_text("subject", &v)?;
    }
    if let Some(v) = body.remove("priority").filter(|v| !v.is_null()) {
        t.priority = Some(input::priority("priority", &v)?);
    }
    for (key, slot) in [
        ("requester", &mut t.requester),
        ("assignee", &mut t.assignee),
        ("group", &mut t.group),
        ("organization", &mut t.organization),
    ] {
        if let Some(v) = body.remove(key) {
            *slot = input::optional_text(key, &v)?;
        }
    }
    if let Some(v) = body.remove("tags").filter(|v| !v.is_null()) {
        t.tags = input::texts("tags", &v)?;
    }
    if let Some(v) = body.remove("fields").filter(|v| !v.is_null()) {
        t.fields = input::fields("fields", &v)?;
    }
    t.fields.extend(input::field_pairs(&body)?);
    Ok(t)
}

/// `POST /v3_1/workorder/workorder/`: file a workorder.
#[utoipa::path(
    post,
    path = "/v3_1/workorder/workorder/",
    tag = "seed 1",
    summary = "File a workorder",
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Files once: a retry with the same key (per caller) answers the ticket filed the first time"),
    ),
    request_body = super::schema::NewWorkorder,
    responses(
        (status = 201, description = "The workorder filed", body = super::schema::WorkorderEnvelope),
    )
)]
async fn create(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let mut input = new_ticket(object(body)?, "type", "question")?;
    let key = idempotency_key(&headers)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        if !caller.is_agent() {
            input.requester = Some(caller.user.clone());
        }
        input.idempotency_key = caller.own_key(key);
        let t = desk.create(Change::new(&caller.user, now), input)?;
        Ok(envelope(StatusCode::CREATED, seed1::workorder(&t)))
    })
    .await
}

/// `GET /v3_1/workorder/workorder_list/?page=&page_size=`: the caller's
/// workorders (every one, for an agent), least recently updated first as
/// in the seed's example.
#[utoipa::path(
    get,
    path = "/v3_1/workorder/workorder_list/",
    tag = "seed 1",
    summary = "The caller's workorders (every one, for an agent), least recently updated first",
    params(super::schema::PageParams),
    responses(
        (status = 200, description = "A page of workorders", body = super::schema::WorkorderPageEnvelope),
    )
)]
async fn list(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    let asked = Asked::from(&params)?;
    let origin = origin(&headers)?;
    api.call(&headers, &slot, move |desk, caller, _| {
        let mut filter = Filter {
            all: true,
            ..Filter::default()
        };
        caller.scope().narrow(&mut filter);
        let query = Query {
            filter,
            sort: Sort {
                key: SortKey::Updated,
                descending: false,
            },
            window: Window {
                limit: Some(asked.size as u64),
                offset: asked.offset(),
            },
        };
        let (tickets, count) = desk.page(&query)?;
        let results: Vec<_> = tickets.iter().map(seed1::listed).collect();
        let link = |n: i64| {
            format!(
                "{origin}/v3_1/workorder/workorder_list/?page={n}&page_size={}",
                asked.size
            )
        };
        let page = asked.page(count, results, &link)?;
        Ok(envelope(StatusCode::OK, page))
    })
    .await
}

/// A reply as seed 1 posts it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedReply {
    workorder_id: i64,
    detail: PostedDetail,
    #[serde(default)]
    internal: bool,
    #[serde(default)]
    status: Option<Value>,
    /// Ignored: the token says who replies.
    #[serde(default, rename = "committer")]
    _committer: Option<Value>,
    /// Ignored: the token and the ticket decide the role.
    #[serde(default, rename = "role")]
    _role: Option<Value>,
}

/// A reply's text and images.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedDetail {
    text: String,
    #[serde(default)]
    image: Vec<String>,
}

/// `POST /v3_1/workorder/workorder_detail/`: answer a workorder.
#[utoipa::path(
    post,
    path = "/v3_1/workorder/workorder_detail/",
    tag = "seed 1",
    summary = "Answer a workorder",
    request_body = super::schema::PostedWorkorderReply,
    params(
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 100, description = "Replies once: a retry with the same key (per caller) answers the reply written the first time"),
    ),
    responses(
        (status = 201, description = "The reply written", body = super::schema::WorkorderReplyEnvelope),
    )
)]
async fn reply(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<PostedReply>,
) -> Result<Response, ApiError> {
    let status = body
        .status
        .as_ref()
        .filter(|v| !v.is_null())
        .map(|v| input::status("status", v))
        .transpose()?;
    let key = idempotency_key(&headers)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        let input = NewReply {
            ticket: body.workorder_id,
            text: body.detail.text,
            images: body.detail.image,
            internal: body.internal,
            role: caller.reply_role(),
            status,
            if_version: None,
            idempotency_key: caller.own_key(key),
        };
        let change = Change::new(&caller.user, now).within(caller.scope());
        let replied = desk.reply(change, input)?;
        Ok(envelope(StatusCode::CREATED, seed1::reply(&replied.reply)))
    })
    .await
}

/// `GET /v3_1/workorder/workorder_detail/?workorder_id=&page=&page_size=`:
/// a workorder's replies, newest first as in the seed's example;
/// internal notes only for agents.
#[utoipa::path(
    get,
    path = "/v3_1/workorder/workorder_detail/",
    tag = "seed 1",
    summary = "A workorder's replies, newest first (internal notes for agents only)",
    params(
        ("workorder_id" = i64, Query, minimum = 1, description = "The workorder"),
        super::schema::PageParams,
    ),
    responses(
        (status = 200, description = "A page of replies", body = super::schema::WorkorderReplyPageEnvelope),
    )
)]
async fn details(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    let id = params.number("workorder_id", None, 1, i64::MAX)?;
    let asked = Asked::from(&params)?;
    let origin = origin(&headers)?;
    api.call(&headers, &slot, move |desk, caller, _| {
        let thread = desk.thread(id, !caller.is_agent(), false)?;
        caller.scope().check(thread.ticket)?;
        let count = thread.replies.len() as u64;
        let results: Vec<_> = thread
            .replies
            .iter()
            .rev()
            .skip(asked.offset() as usize)
            .take(asked.size as usize)
            .map(seed1::reply)
            .collect();
        let link = |n: i64| {
            format!(
                "{origin}/v3_1/workorder/workorder_detail/?workorder_id={id}&page={n}&page_size={}",
                asked.size
            )
        };
        Ok(envelope(StatusCode::OK, asked.page(count, results, &link)?))
    })
    .await
}

/// A status change as seed 1 posts it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PostedStatus {
    workorder_id: i64,
    status: Value,
}

/// `POST /v3_1/workorder/workorder_status/`: `{"workorder_id", "status"}`
/// with a seed code (0 solved, 1 open, 2 new) or a status name; `data` is
/// `{}`.
#[utoipa::path(
    post,
    path = "/v3_1/workorder/workorder_status/",
    tag = "seed 1",
    summary = "Change a workorder's status",
    request_body = super::schema::PostedStatus,
    responses(
        (status = 200, description = "Changed; data is {}", body = super::schema::EmptyEnvelope),
    )
)]
async fn status(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<PostedStatus>,
) -> Result<Response, ApiError> {
    let to = input::status("status", &body.status)?;
    api.call(&headers, &slot, move |desk, caller, now| {
        let change = Change::new(&caller.user, now).within(caller.scope());
        desk.set_status(change, &[body.workorder_id], to, None, None)?;
        Ok(envelope(StatusCode::OK, serde_json::json!({})))
    })
    .await
}

/// `GET /v3_1/workorder/workorder_content/?workorder_id=&type=`: the
/// workorder's question and its type's content fields, typed.
#[utoipa::path(
    get,
    path = "/v3_1/workorder/workorder_content/",
    tag = "seed 1",
    summary = "A workorder's question and its type's content fields",
    params(
        ("workorder_id" = i64, Query, minimum = 1, description = "The workorder"),
        ("type" = String, Query, min_length = 1, description = "The workorder's type (404 when it is of another)"),
    ),
    responses(
        (status = 200, description = "The content", body = super::schema::WorkorderContentEnvelope),
    )
)]
async fn content(
    State(api): State<Arc<Api>>,
    Extension(slot): Extension<LogSlot>,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, ApiError> {
    let id = params.number("workorder_id", None, 1, i64::MAX)?;
    let kind = params.required("type")?.to_string();
    api.call(&headers, &slot, move |desk, caller, _| {
        let ticket = caller.scope().check(desk.ticket(id)?)?;
        if ticket.kind != kind {
            return Err(ApiError::not_found(format!(
                "workorder {id} has no content of type {} (it is of type {})",
                crate::error::quote(&kind),
                crate::error::quote(&ticket.kind)
            )));
        }
        let types = desk.ticket_types()?;
        let ty = types
            .iter()
            .find(|t| t.name == ticket.kind)
            .ok_or_else(|| ApiError::not_found(format!("type {} not found", ticket.kind)))?;
        Ok(envelope(StatusCode::OK, seed1::content(&ticket, ty)))
    })
    .await
}
