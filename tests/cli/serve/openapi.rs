//! The API describes itself: `GET /openapi.json`, without a token.

use super::{Server, token};
use crate::common::TestEnv;

#[test]
fn the_document_needs_no_token_and_is_openapi_3_1() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let doc = server.get("/openapi.json", None);
    assert_eq!(doc.status, 200, "{}", doc.text);
    assert_eq!(doc.header("content-type"), Some("application/json"));
    assert_eq!(doc.body["openapi"], "3.1.0");
    let paths = doc.body["paths"].as_object().expect("paths");
    for path in [
        "/healthz",
        "/openapi.json",
        "/v3_1/workorder/workorder/",
        "/v3_1/workorder/workorder_list/",
        "/api/v2/tickets/{ids}",
        "/api/v2/requests/{id}/replies",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    assert!(paths["/openapi.json"]["get"]["security"] == serde_json::json!([{}]));
    assert!(
        paths["/api/v2/tickets"]["get"]["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    let with_token = server.get("/openapi.json", Some(&agent));
    assert_eq!(with_token.status, 200);
    assert_eq!(with_token.body, doc.body);
    assert!(server.log().contains("GET /openapi.json 200"));
}

/// What schemathesis found first: axum's own plain-text 400 for a path
/// segment that does not decode to UTF-8. Every error is the envelope.
#[test]
fn a_path_that_is_not_utf8_is_a_400_in_the_envelope() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    for path in ["/api/v2/tickets/%FF", "/api/v2/requests/%C3%28/replies"] {
        let r = server.get(path, Some(&agent));
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let body = r.expect(400);
        assert_eq!(body["meta"]["error"], "invalid", "{path}");
    }
}
