//! The shapes of the API's bodies as the OpenAPI document describes
//! them. These types are never built: the handlers write their answers
//! through `crate::exchange::seed` and read bodies field by field, and
//! these mirror exactly what that code writes and takes (a test of the
//! live server, `scripts/fuzz-api`, checks every answer against them).
#![allow(dead_code)]

use serde::Serialize;
use utoipa::openapi::schema::{Object, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{IntoParams, ToResponse, ToSchema};

/// A JSON null, as an error's `data` holds.
fn null() -> Object {
    ObjectBuilder::new().schema_type(Type::Null).build()
}

/// Any JSON value.
fn any() -> Object {
    ObjectBuilder::new().build()
}

/// A JSON object with any keys (custom field values).
fn free_object() -> Object {
    ObjectBuilder::new().schema_type(Type::Object).build()
}

/// The status names and seed codes a body may give.
const STATUS_NAMES: [&str; 14] = [
    "new", "open", "pending", "holding", "solved", "closed", "OPEN", "Pending", "Holding",
    "Solved", "Closed", "0", "1", "2",
];

/// A status as a name (`open`, `OPEN`, `Pending`, …) or a seed 1 code
/// (`0` solved, `1` open, `2` new), as a number or text.
fn status_input() -> Schema {
    status_schema(false)
}

/// A status, or null for none.
fn optional_status_input() -> Schema {
    status_schema(true)
}

fn status_schema(nullable: bool) -> Schema {
    let mut one_of = OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(STATUS_NAMES))
                .description(Some("a status name or a seed 1 code")),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
                .maximum(Some(2))
                .description(Some("a seed 1 code: 0 solved, 1 open, 2 new")),
        );
    if nullable {
        one_of = one_of.item(ObjectBuilder::new().schema_type(Type::Null));
    }
    Schema::OneOf(one_of.build())
}

/// `true`/`false` or `1`/`0`, or null for the default.
fn optional_flag_input() -> Schema {
    Schema::OneOf(
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(1)),
            )
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .build(),
    )
}

/// Seed 1's yes/no: `true`/`false` or `1`/`0`.
fn flag_input() -> Schema {
    Schema::OneOf(
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0))
                    .maximum(Some(1)),
            )
            .build(),
    )
}

/// The status part of a success envelope.
#[derive(Serialize, ToSchema)]
pub struct OkMeta {
    /// Always `ok`.
    #[schema(pattern = "^ok$")]
    pub message: String,
    /// Always 0.
    #[schema(minimum = 0, maximum = 0)]
    pub code: u16,
}

/// The status part of an error envelope.
#[derive(Serialize, ToSchema)]
pub struct ErrorMeta {
    /// What went wrong, in one line.
    pub message: String,
    /// The HTTP status of the answer.
    #[schema(minimum = 400, maximum = 599)]
    pub code: u16,
    /// The stable error name (`invalid`, `unauthorized`, `forbidden`,
    /// `not_found`, `refused`, `conflict`, `too_large`, `rate_limited`,
    /// `busy`, `storage`, …), as the command line's JSON errors name it.
    pub error: String,
}

/// Every error, on every route: seed 1's envelope with a non-zero code.
#[derive(Serialize, ToSchema, ToResponse)]
#[response(description = "An error, in seed 1's envelope")]
pub struct ErrorEnvelope {
    /// The error's status, name and message.
    pub meta: ErrorMeta,
    /// Always null.
    #[schema(schema_with = null)]
    pub data: (),
}

/// A workorder as seed 1 files it (`POST workorder/`): the seed
/// example's fields with its JSON types (`status` the seed code as text),
/// then ours.
#[derive(Serialize, ToSchema)]
pub struct Workorder {
    /// Who filed it.
    pub committer: String,
    /// The ticket's id.
    pub id: i64,
    /// The first message.
    pub question: String,
    /// The ticket type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The seed code as text: `"2"` new, `"1"` open, pending, holding,
    /// `"0"` solved, closed.
    #[schema(pattern = "^[012]$")]
    pub status: String,
    /// The requester wants phone support.
    pub support: bool,
    /// The last change, RFC 3339.
    pub updated_at: String,
    /// When it was filed, RFC 3339.
    pub created_at: String,
    /// The status by name.
    pub status_name: StatusName,
    /// The short title.
    pub subject: String,
    /// `normal`, `important` or `urgent`.
    pub priority: Priority,
    /// Whom it is for.
    pub requester: String,
    /// The agent working it.
    pub assignee: Option<String>,
    /// The group working it.
    pub group: Option<String>,
    /// The requester's organization.
    pub organization: Option<String>,
    /// How it arrived.
    pub channel: ChannelName,
    /// Its tags.
    pub tags: Vec<String>,
    /// Custom field values, typed as stored.
    #[schema(schema_with = free_object)]
    pub fields: (),
    /// Incremented by every change.
    pub version: i64,
}

/// A workorder as seed 1 lists it (`GET workorder_list/`): as filed, but
/// `status` is the seed code as a number.
#[derive(Serialize, ToSchema)]
pub struct ListedWorkorder {
    /// Who filed it.
    pub committer: String,
    /// The ticket's id.
    pub id: i64,
    /// The first message.
    pub question: String,
    /// The ticket type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The seed code: 2 new; 1 open, pending, holding; 0 solved, closed.
    #[schema(minimum = 0, maximum = 2)]
    pub status: i64,
    /// The requester wants phone support.
    pub support: bool,
    /// The last change, RFC 3339.
    pub updated_at: String,
    /// When it was filed, RFC 3339.
    pub created_at: String,
    /// The status by name.
    pub status_name: StatusName,
    /// The short title.
    pub subject: String,
    /// `normal`, `important` or `urgent`.
    pub priority: Priority,
    /// Whom it is for.
    pub requester: String,
    /// The agent working it.
    pub assignee: Option<String>,
    /// The group working it.
    pub group: Option<String>,
    /// The requester's organization.
    pub organization: Option<String>,
    /// How it arrived.
    pub channel: ChannelName,
    /// Its tags.
    pub tags: Vec<String>,
    /// Custom field values, typed as stored.
    #[schema(schema_with = free_object)]
    pub fields: (),
    /// Incremented by every change.
    pub version: i64,
}

/// A status by name.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusName {
    /// Filed, not yet answered.
    New,
    /// Being worked.
    Open,
    /// Waiting on the requester.
    Pending,
    /// Waiting on a third party.
    Holding,
    /// Answered.
    Solved,
    /// Final.
    Closed,
}

/// A priority.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// The default.
    Normal,
    /// Sooner.
    Important,
    /// Now.
    Urgent,
}

/// How a ticket arrived.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChannelName {
    /// The command line.
    Cli,
    /// This API.
    Api,
    /// A web form.
    Web,
    /// Mail.
    Email,
    /// A call.
    Phone,
    /// `ticket import`.
    Import,
}

/// Seed 1's success envelope around a workorder.
#[derive(Serialize, ToSchema)]
pub struct WorkorderEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// The workorder filed.
    pub data: Workorder,
}

/// A page of seed 1's workorders.
#[derive(Serialize, ToSchema)]
pub struct WorkorderPage {
    /// How many there are in all.
    pub count: i64,
    /// The page's size.
    pub page_size: i64,
    /// The next page's absolute URL.
    pub next: Option<String>,
    /// The previous page's absolute URL.
    pub previous: Option<String>,
    /// This page's workorders.
    pub results: Vec<ListedWorkorder>,
}

/// Seed 1's success envelope around a page of workorders.
#[derive(Serialize, ToSchema)]
pub struct WorkorderPageEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// The page.
    pub data: WorkorderPage,
}

/// A reply's text and images.
#[derive(Serialize, ToSchema)]
pub struct Detail {
    /// The message, as written.
    pub text: String,
    /// Image URLs.
    pub image: Vec<String>,
}

/// A reply in seed 1's shape (`workorder_detail`).
#[derive(Serialize, ToSchema)]
pub struct WorkorderReply {
    /// Who wrote it.
    pub committer: String,
    /// The workorder answered.
    pub workorder_id: i64,
    /// 0 the requester, 1 an agent.
    #[schema(minimum = 0, maximum = 1)]
    pub role: i64,
    /// The text and images.
    pub detail: Detail,
    /// When, RFC 3339.
    pub created_at: String,
    /// The reply's id.
    pub id: i64,
    /// A private agents' note.
    pub internal: bool,
}

/// Seed 1's success envelope around a reply.
#[derive(Serialize, ToSchema)]
pub struct WorkorderReplyEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// The reply written.
    pub data: WorkorderReply,
}

/// A page of a workorder's replies, newest first.
#[derive(Serialize, ToSchema)]
pub struct WorkorderReplyPage {
    /// How many there are in all.
    pub count: i64,
    /// The page's size.
    pub page_size: i64,
    /// The next page's absolute URL.
    pub next: Option<String>,
    /// The previous page's absolute URL.
    pub previous: Option<String>,
    /// This page's replies.
    pub results: Vec<WorkorderReply>,
}

/// Seed 1's success envelope around a page of replies.
#[derive(Serialize, ToSchema)]
pub struct WorkorderReplyPageEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// The page.
    pub data: WorkorderReplyPage,
}

/// An empty object.
#[derive(Serialize, ToSchema)]
pub struct Empty {}

/// Seed 1's success envelope around `{}`.
#[derive(Serialize, ToSchema)]
pub struct EmptyEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// `{}`.
    pub data: Empty,
}

/// A workorder's content: `id`, `type`, `status` (a seed code),
/// `question`, then each of its type's content fields as a top-level key
/// (null when not set).
#[derive(Serialize, ToSchema)]
pub struct WorkorderContent {
    /// The ticket's id.
    pub id: i64,
    /// The ticket type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The seed code.
    #[schema(minimum = 0, maximum = 2)]
    pub status: i64,
    /// The first message.
    pub question: String,
}

/// Seed 1's success envelope around a workorder's content.
#[derive(Serialize, ToSchema)]
pub struct WorkorderContentEnvelope {
    /// `{"message": "ok", "code": 0}`.
    pub meta: OkMeta,
    /// The content.
    pub data: WorkorderContent,
}

/// A new workorder (`POST workorder/`). Other top-level keys are the
/// type's content fields (text, a number or a boolean each); `id`,
/// `committer`, `status`, `status_name`, `created_at`, `updated_at`,
/// `version`, `channel` and `role` are the server's and ignored.
#[derive(Serialize, ToSchema)]
pub struct NewWorkorder {
    /// The ticket type (`sys`, `licences`, `module`, `tech`, `test`, …).
    #[serde(rename = "type")]
    #[schema(pattern = "\\S")]
    pub kind: String,
    /// The first message.
    #[schema(pattern = "\\S")]
    pub question: String,
    /// Phone support wanted: `true`/`false` or `1`/`0`.
    #[schema(schema_with = flag_input)]
    pub support: Option<()>,
    /// The short title; defaults to the question's first line.
    pub subject: Option<String>,
    /// `normal` (default), `important` or `urgent`.
    pub priority: Option<Priority>,
    /// Whom it is for (agents only; a requester's token files for them).
    pub requester: Option<String>,
    /// The agent working it.
    pub assignee: Option<String>,
    /// The group working it.
    pub group: Option<String>,
    /// The requester's organization.
    pub organization: Option<String>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Custom field values.
    #[schema(schema_with = free_object)]
    pub fields: Option<()>,
}

/// A reply's text and images, as posted.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostedDetail {
    /// The message.
    #[schema(pattern = "\\S")]
    pub text: String,
    /// Image URLs.
    #[serde(default)]
    pub image: Vec<String>,
}

/// A reply as seed 1 posts it (`POST workorder_detail/`); `committer`
/// and `role` are ignored: the token says who replies.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostedWorkorderReply {
    /// The workorder answered.
    pub workorder_id: i64,
    /// The text and images.
    pub detail: PostedDetail,
    /// A private agents' note.
    #[serde(default)]
    pub internal: bool,
    /// A status to set in the same step.
    #[serde(default)]
    #[schema(schema_with = optional_status_input)]
    pub status: Option<()>,
    /// Ignored.
    #[serde(default)]
    #[schema(schema_with = any)]
    pub committer: Option<()>,
    /// Ignored.
    #[serde(default)]
    #[schema(schema_with = any)]
    pub role: Option<()>,
}

/// A status change as seed 1 posts it (`POST workorder_status/`).
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostedStatus {
    /// The workorder.
    pub workorder_id: i64,
    /// The new status: a seed code (0 solved, 1 open, 2 new) or a name.
    #[schema(schema_with = status_input)]
    pub status: (),
}

/// Seed 2's statuses: `OPEN` is ours new and open.
#[derive(Serialize, ToSchema)]
pub enum Seed2Status {
    /// New or open.
    #[serde(rename = "OPEN")]
    Open,
    /// Waiting on the requester.
    Pending,
    /// Waiting on a third party.
    Holding,
    /// Answered.
    Solved,
    /// Final.
    Closed,
}

/// How a ticket arrived, as seed 2 nests it.
#[derive(Serialize, ToSchema)]
pub struct Seed2Channel {
    /// The channel's name.
    pub name: ChannelName,
}

/// A ticket type as `embed=type` adds it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmbeddedType {
    /// The type's name.
    pub id: String,
    /// Its Chinese label.
    pub label_zh: String,
    /// Its English label.
    pub label_en: String,
    /// Its content fields.
    pub fields: Vec<EmbeddedTypeField>,
}

/// A content field of an embedded type.
#[derive(Serialize, ToSchema)]
pub struct EmbeddedTypeField {
    /// The field's name.
    pub id: String,
    /// Whether the type requires it.
    pub required: bool,
}

/// A tag or an organization as `embed=` adds it.
#[derive(Serialize, ToSchema)]
pub struct Named {
    /// Its name.
    pub id: String,
    /// Its name again.
    pub name: String,
}

/// A ticket in seed 2's names (`/api/v2/tickets`), with `type`, `tags`
/// and `organization` when `embed=` asks for them.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Seed2Ticket {
    /// The ticket's id, as text.
    #[schema(pattern = "^[0-9]+$")]
    pub id: String,
    /// The ticket type.
    pub type_id: String,
    /// Its tags.
    pub tags_id: Vec<String>,
    /// The short title.
    pub subject: String,
    /// The first message.
    pub description: String,
    /// The status.
    pub status: Seed2Status,
    /// `normal`, `important` or `urgent`.
    pub priority: Priority,
    /// Whom it is for.
    pub requestor_id: String,
    /// Who filed it.
    pub submitter_id: String,
    /// The agent working it.
    pub assignee_id: Option<String>,
    /// The group working it.
    pub group_id: Option<String>,
    /// The requester's organization.
    pub organization_id: Option<String>,
    /// How it arrived.
    pub channel: Seed2Channel,
    /// Custom field values, typed as stored.
    #[schema(schema_with = free_object)]
    pub ticket_fields: (),
    /// When it was filed, RFC 3339.
    pub created_at: String,
    /// The last change, RFC 3339.
    pub updated_at: String,
    /// Incremented by every change; the `ETag`.
    pub version: i64,
    /// With `embed=type`: the ticket's type.
    #[serde(rename = "type")]
    pub kind: Option<EmbeddedType>,
    /// With `embed=tags`: its tags.
    pub tags: Option<Vec<Named>>,
    /// With `embed=organization`: its organization.
    pub organization: Option<Named>,
}

/// A ticket as its requester sees it (`/api/v2/requests`): no tags,
/// priority or submitter.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Seed2Request {
    /// The ticket's id, as text.
    #[schema(pattern = "^[0-9]+$")]
    pub id: String,
    /// The ticket type.
    pub type_id: String,
    /// The short title.
    pub subject: String,
    /// The first message.
    pub description: String,
    /// The status.
    pub status: Seed2Status,
    /// Whom it is for.
    pub requestor_id: String,
    /// The agent working it.
    pub assignee_id: Option<String>,
    /// The group working it.
    pub group_id: Option<String>,
    /// The requester's organization.
    pub organization_id: Option<String>,
    /// How it arrived.
    pub channel: Seed2Channel,
    /// Custom field values, typed as stored.
    #[schema(schema_with = free_object)]
    pub ticket_fields: (),
    /// When it was filed, RFC 3339.
    pub created_at: String,
    /// The last change, RFC 3339.
    pub updated_at: String,
    /// Incremented by every change.
    pub version: i64,
    /// With `embed=type`: the ticket's type.
    #[serde(rename = "type")]
    pub kind: Option<EmbeddedType>,
    /// With `embed=tags`: its tags.
    pub tags: Option<Vec<Named>>,
    /// With `embed=organization`: its organization.
    pub organization: Option<Named>,
}

/// One ticket (an object, with its `ETag`) or, when the path names
/// several ids (`7,3,9`, BULK), an array in the order asked.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum Seed2Tickets {
    /// One ticket.
    One(Box<Seed2Ticket>),
    /// Several.
    Bulk(Vec<Seed2Ticket>),
}

/// One request or, BULK, an array in the order asked.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum Seed2Requests {
    /// One request.
    One(Box<Seed2Request>),
    /// Several.
    Bulk(Vec<Seed2Request>),
}

/// Where a list page stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CursorMeta {
    /// Whether a next page exists.
    pub has_more: bool,
    /// The `cursor` of the next page.
    pub after_cursor: Option<String>,
}

/// Links of a list page.
#[derive(Serialize, ToSchema)]
pub struct CursorLinks {
    /// The next page's absolute URL.
    pub next: Option<String>,
}

/// A page of tickets, newest filed first.
#[derive(Serialize, ToSchema)]
pub struct Seed2TicketPage {
    /// The page's tickets.
    pub tickets: Vec<Seed2Ticket>,
    /// Whether more follow, and from where.
    pub meta: CursorMeta,
    /// The next page.
    pub links: CursorLinks,
}

/// A page of the caller's requests, newest filed first.
#[derive(Serialize, ToSchema)]
pub struct Seed2RequestPage {
    /// The page's requests.
    pub requests: Vec<Seed2Request>,
    /// Whether more follow, and from where.
    pub meta: CursorMeta,
    /// The next page.
    pub links: CursorLinks,
}

/// A reply in seed 2's names.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Seed2Reply {
    /// The reply's id, as text.
    pub id: String,
    /// The ticket's id, as text.
    pub ticket_id: String,
    /// Who wrote it.
    pub author_id: String,
    /// Who wrote it, by role.
    pub role: ReplyRole,
    /// The message.
    pub body: String,
    /// Image URLs.
    pub images: Vec<String>,
    /// A private agents' note.
    pub internal: bool,
    /// When, RFC 3339.
    pub created_at: String,
}

/// A reply's author role.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReplyRole {
    /// The ticket's requester.
    Requester,
    /// An agent.
    Agent,
}

/// A ticket's replies, oldest first.
#[derive(Serialize, ToSchema)]
pub struct Seed2Replies {
    /// The replies.
    pub replies: Vec<Seed2Reply>,
}

/// A new ticket in seed 2's names (`POST /api/v2/tickets`). `id`,
/// `createdAt`, `updatedAt`, `submitterId`, `channel` and `version` are
/// the server's and ignored; other keys are refused.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSeed2Ticket {
    /// The ticket type; defaults to the desk's first type.
    pub type_id: Option<String>,
    /// The short title.
    pub subject: Option<String>,
    /// The first message.
    #[schema(pattern = "\\S")]
    pub description: String,
    /// `normal` (default), `important` or `urgent`.
    pub priority: Option<Priority>,
    /// Whom it is for; defaults to the caller.
    pub requestor_id: Option<String>,
    /// The agent working it.
    pub assignee_id: Option<String>,
    /// The group working it.
    pub group_id: Option<String>,
    /// The requester's organization.
    pub organization_id: Option<String>,
    /// Tags.
    pub tags_id: Option<Vec<String>>,
    /// Custom field values.
    #[schema(schema_with = free_object)]
    pub ticket_fields: Option<()>,
}

/// A new request (`POST /api/v2/requests`): for the caller.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSeed2Request {
    /// The ticket type; defaults to the desk's first type.
    pub type_id: Option<String>,
    /// The short title.
    pub subject: Option<String>,
    /// The first message.
    #[schema(pattern = "\\S")]
    pub description: String,
    /// Custom field values.
    #[schema(schema_with = free_object)]
    pub ticket_fields: Option<()>,
}

/// A change to a ticket (`PATCH /api/v2/tickets/{id}`): each key given
/// is changed; `tagsId` replaces the tags; null clears `assigneeId`,
/// `groupId` and `organizationId`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed2Patch {
    /// The short title.
    pub subject: Option<String>,
    /// The ticket type.
    pub type_id: Option<String>,
    /// The status, by seed 2's or our name (or a seed 1 code).
    #[schema(schema_with = optional_status_input)]
    pub status: Option<()>,
    /// `normal`, `important` or `urgent`.
    pub priority: Option<Priority>,
    /// The agent working it.
    pub assignee_id: Option<String>,
    /// The group working it.
    pub group_id: Option<String>,
    /// The requester's organization.
    pub organization_id: Option<String>,
    /// The tags, all of them.
    pub tags_id: Option<Vec<String>>,
    /// Custom field values to set.
    #[schema(schema_with = free_object)]
    pub ticket_fields: Option<()>,
}

/// A reply in seed 2's names.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeed2Reply {
    /// The message.
    #[schema(pattern = "\\S")]
    pub body: String,
    /// Image URLs.
    pub images: Option<Vec<String>>,
    /// A private agents' note (`true`/`false` or `1`/`0`).
    #[schema(schema_with = optional_flag_input)]
    pub internal: Option<()>,
    /// A status to set in the same step.
    #[schema(schema_with = optional_status_input)]
    pub status: Option<()>,
}

/// `GET /healthz`'s answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    #[schema(pattern = "^ok$")]
    pub status: String,
}

/// Seed 1's paging parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageParams {
    /// The page, from 1 (404 past the last).
    #[param(minimum = 1, maximum = 4294967295.0)]
    page: Option<i64>,
    /// Results per page (default 15).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<i64>,
}

/// Seed 2's list parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// The command line's query language (every status unless it names some).
    query: Option<String>,
    /// The afterCursor of the page before.
    #[param(pattern = "^[1-9][0-9]{0,17}$")]
    cursor: Option<String>,
    /// Results per page (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Comma-separated: type, tags, organization.
    #[param(pattern = "^(type|tags|organization)(,(type|tags|organization))*$")]
    embed: Option<String>,
}
