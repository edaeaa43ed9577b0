//! The API describes itself: an OpenAPI 3.1 document generated from the
//! handlers' `#[utoipa::path]` attributes and the shapes in
//! [`super::schema`], served at `GET /openapi.json` without a token.
//!
//! Each handler's attribute gives its success answers and the errors
//! only it gives (403 on the agents' side, 412 on a stale `If-Match`);
//! [`Common`] adds what every route shares: the security schemes and the
//! errors every authenticated route can answer (400, 401, 404, 429, 500,
//! 503; and 409, 413 for writes), each in the error envelope, with
//! `Retry-After` on 429 and 503.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, PathItem};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response as DocResponse, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::schema;
use super::{seed1, seed2};

/// Paths anyone may read, without a token.
pub(crate) const PUBLIC: [&str; 2] = ["/healthz", "/openapi.json"];

/// The document's description of the API as a whole.
const DESCRIPTION: &str = "The help desk's HTTP API: seed 1's workorders (`/v3_1/workorder/…`, \
snake_case, every answer in the `{\"meta\":{\"message\",\"code\"},\"data\"}` envelope) and seed 2's \
tickets and requests (`/api/v2/…`, camelCase). Every route but `/healthz` and `/openapi.json` takes \
`Authorization: Bearer TOKEN` (a `ticket token new` token or a portal's HS256 web token) or a bare \
`Authorization: TOKEN`. Every error, on every route, is the envelope with `meta.code` the HTTP status, \
`meta.error` a stable name and `data` null; a path no route serves answers 404 and a method a path \
does not take answers 405, in the same envelope.";

/// The OpenAPI document of `ticket serve`.
#[derive(OpenApi)]
#[openapi(
    info(title = "ticket", description = DESCRIPTION),
    paths(
        super::healthz,
        document,
        seed1::create,
        seed1::list,
        seed1::details,
        seed1::reply,
        seed1::status,
        seed1::content,
        seed2::list_tickets,
        seed2::file_ticket,
        seed2::get_tickets,
        seed2::patch_ticket,
        seed2::ticket_replies,
        seed2::reply_ticket,
        seed2::list_requests,
        seed2::file_request,
        seed2::get_requests,
        seed2::request_replies,
        seed2::reply_request,
    ),
    components(schemas(schema::ErrorEnvelope, schema::ErrorMeta)),
    modifiers(&Common),
    tags(
        (name = "seed 1", description = "Workorders in seed 1's envelope"),
        (name = "seed 2", description = "Tickets (agents) and requests (end users), camelCase"),
        (name = "service", description = "Health and this document"),
    )
)]
pub struct ApiDoc;

/// The document as served, written once.
pub(crate) fn text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .expect("the OpenAPI document is JSON")
    })
}

/// `GET /openapi.json`: this document, without a token.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "service",
    summary = "This document",
    security(()),
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API",
            content_type = "application/json", body = Object),
        (status = 503, description = "The server is at its limit of requests in flight",
            body = schema::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait before retrying"))),
    )
)]
pub(crate) async fn document() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        text(),
    )
        .into_response()
}

/// What every route shares: security and the common errors.
struct Common;

/// An error answer with this description, in the envelope.
fn error(description: &str, retry_after: bool, authenticate: bool) -> DocResponse {
    let mut r = ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorEnvelope")))
            .build(),
    );
    if retry_after {
        r = r.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .minimum(Some(0)),
                )
                .description(Some("Seconds to wait before retrying"))
                .build(),
        );
    }
    if authenticate {
        r = r.header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("`Bearer realm=\"ticket\"`"))
                .build(),
        );
    }
    r.build()
}

/// The operations of a path item, with their methods.
fn operations(item: &mut PathItem) -> Vec<(HttpMethod, &mut Operation)> {
    [
        (HttpMethod::Get, item.get.as_mut()),
        (HttpMethod::Put, item.put.as_mut()),
        (HttpMethod::Post, item.post.as_mut()),
        (HttpMethod::Delete, item.delete.as_mut()),
        (HttpMethod::Options, item.options.as_mut()),
        (HttpMethod::Head, item.head.as_mut()),
        (HttpMethod::Patch, item.patch.as_mut()),
        (HttpMethod::Trace, item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.map(|op| (m, op)))
    .collect()
}

impl Modify for Common {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        doc.openapi = utoipa::openapi::OpenApiVersion::Version31;
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ticket token (tk_…) or HS256 JWT")
                    .description(Some(
                        "A token from `ticket token new USER --role agent|requester`, or a \
                         portal's HS256 web token signed with TICKET_JWT_SECRET (claims sub, \
                         role, exp)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "bare",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "The same token without the `Bearer ` scheme, as seed 2 sends it",
            ))),
        );
        let shared: [(&str, DocResponse); 6] = [
            (
                "400",
                error(
                    "Bad input: a malformed body, parameter, path or header",
                    false,
                    false,
                ),
            ),
            (
                "401",
                error(
                    "No token, or one that is unknown, revoked or expired",
                    false,
                    true,
                ),
            ),
            (
                "404",
                error(
                    "Nothing here, or nothing the caller may see (another requester's ticket), \
                     or a page past the last",
                    false,
                    false,
                ),
            ),
            (
                "429",
                error("The token sends faster than its rate allows", true, false),
            ),
            ("500", error("The store failed", false, false)),
            (
                "503",
                error(
                    "The store is busy, or the server at its limit of requests in flight, or \
                     the request took too long",
                    true,
                    false,
                ),
            ),
        ];
        let writes: [(&str, DocResponse); 2] = [
            (
                "409",
                error(
                    "Refused by the workflow (a closed ticket takes no change or reply; file a \
                     follow-up)",
                    false,
                    false,
                ),
            ),
            (
                "413",
                error(
                    "The request body is larger than the server takes",
                    false,
                    false,
                ),
            ),
        ];
        let security = vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("bare", Vec::<String>::new()),
        ];
        for (path, item) in doc.paths.paths.iter_mut() {
            if PUBLIC.contains(&path.as_str()) {
                continue;
            }
            for (method, op) in operations(item) {
                op.security = Some(security.clone());
                let write = matches!(method, HttpMethod::Post | HttpMethod::Patch);
                let extra = if write { &writes[..] } else { &[][..] };
                for (status, response) in shared.iter().chain(extra) {
                    op.responses
                        .responses
                        .entry((*status).to_string())
                        .or_insert_with(|| RefOr::T(response.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;

    /// Each `.route("PATH", get(..).post(..))` of the router's source, as
    /// `(PATH, METHOD)`.
    fn routed() -> BTreeSet<(String, String)> {
        let sources = [
            include_str!("mod.rs"),
            include_str!("seed1.rs"),
            include_str!("seed2.rs"),
        ];
        let mut out = BTreeSet::new();
        for source in sources {
            let mut rest = source;
            while let Some(at) = rest.find(".route(") {
                rest = &rest[at + ".route(".len()..];
                let open = rest.find('"').expect("a route's path is a literal");
                let close = open + 1 + rest[open + 1..].find('"').expect("a closing quote");
                let path = rest[open + 1..close].to_string();
                let mut depth = 1;
                let mut end = close;
                for (i, c) in rest[close..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = close + i;
                        break;
                    }
                }
                let call = &rest[close..end];
                for method in ["get", "post", "put", "patch", "delete"] {
                    let called = call.match_indices(&format!("{method}(")).any(|(i, _)| {
                        call[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                    });
                    if called {
                        out.insert((path.clone(), method.to_uppercase()));
                    }
                }
            }
        }
        out
    }

    fn document() -> Value {
        serde_json::from_str(text()).expect("the document parses as JSON")
    }

    #[test]
    fn the_document_is_openapi_3_1_and_lists_every_route() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("a path item").keys() {
                documented.insert((path.clone(), method.to_uppercase()));
            }
        }
        let routed = routed();
        assert!(routed.len() >= 19, "routes found in the source: {routed:?}");
        assert_eq!(
            routed, documented,
            "every route the router has is documented, and nothing else"
        );
    }

    #[test]
    fn every_error_is_the_envelope_and_every_private_route_needs_a_token() {
        let doc = document();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let responses = op["responses"].as_object().unwrap();
                for (status, r) in responses {
                    if status.starts_with('4') || status.starts_with('5') {
                        let schema = r["content"]["application/json"]["schema"]["$ref"]
                            .as_str()
                            .or_else(|| r["$ref"].as_str());
                        assert_eq!(
                            schema,
                            Some("#/components/schemas/ErrorEnvelope"),
                            "{method} {path} {status}"
                        );
                    }
                }
                if PUBLIC.contains(&path.as_str()) {
                    continue;
                }
                for status in ["400", "401", "404", "429", "500", "503"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
                assert!(
                    responses["429"]["headers"]["Retry-After"].is_object(),
                    "{method} {path}"
                );
                assert_eq!(op["security"].as_array().map(Vec::len), Some(2));
            }
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
    }
}
