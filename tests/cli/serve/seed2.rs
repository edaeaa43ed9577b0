//! Seed 2's tickets (agents) and requests (end users): reading one and
//! many, embeds, lists with cursors, filing, PATCH with ETag/If-Match,
//! replies, idempotency, and what a requester can reach.

use serde_json::{Value, json};

use super::{Server, keys_in_order as keys, token};
use crate::common::TestEnv;

fn patch(
    server: &Server,
    path: &str,
    token: &str,
    body: Value,
    etag: Option<&str>,
) -> super::Answer {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("If-Match", e)).into_iter().collect();
    server.call(
        "PATCH",
        path,
        Some(token),
        Some(body.to_string().as_bytes()),
        &headers,
    )
}

#[test]
fn an_agent_reads_one_ticket_in_seed_two_names() {
    let env = TestEnv::new();
    let id = env.file(
        "ticket description",
        &[
            "--subject",
            "ticket subject",
            "--requester",
            "ann",
            "--tag",
            "vip",
            "--organization",
            "ACME",
            "--assignee",
            "hhq",
            "--priority",
            "urgent",
        ],
    );
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let a = server.get(&format!("/api/v2/tickets/{id}"), Some(&agent));
    assert_eq!(a.status, 200, "{}", a.text);
    let t = &a.body;
    assert_eq!(
        keys(&a.text, t),
        [
            "id",
            "typeId",
            "tagsId",
            "subject",
            "description",
            "status",
            "priority",
            "requestorId",
            "submitterId",
            "assigneeId",
            "groupId",
            "organizationId",
            "channel",
            "ticketFields",
            "createdAt",
            "updatedAt",
            "version"
        ]
    );
    assert_eq!(t["id"], id.to_string());
    assert_eq!(t["subject"], "ticket subject");
    assert_eq!(t["description"], "ticket description");
    assert_eq!(t["status"], "OPEN");
    assert_eq!(t["priority"], "urgent");
    assert_eq!(t["requestorId"], "ann");
    assert_eq!(t["submitterId"], "amy");
    assert_eq!(t["tagsId"], json!(["vip"]));
    assert_eq!(t["channel"], json!({"name": "cli"}));
    assert_eq!(a.header("etag"), Some("\"1\""));

    // embed adds the type, tags and organization objects.
    let e = server.get(
        &format!("/api/v2/tickets/{id}?embed=type,tags,organization"),
        Some(&agent),
    );
    assert_eq!(e.body["type"]["id"], "sys");
    assert_eq!(e.body["type"]["labelZh"], "系统故障");
    assert_eq!(e.body["tags"], json!([{"id": "vip", "name": "vip"}]));
    assert_eq!(
        e.body["organization"],
        json!({"id": "ACME", "name": "ACME"})
    );
    server
        .get(&format!("/api/v2/tickets/{id}?embed=secrets"), Some(&agent))
        .expect(400);

    // The end user's view of the same ticket: the request table's fields.
    let ann = token(&env, "ann", "requester");
    let r = server.get(&format!("/api/v2/requests/{id}"), Some(&ann));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        keys(&r.text, &r.body),
        [
            "id",
            "typeId",
            "subject",
            "description",
            "status",
            "requestorId",
            "assigneeId",
            "groupId",
            "organizationId",
            "channel",
            "ticketFields",
            "createdAt",
            "updatedAt",
            "version"
        ]
    );
    // Agents' routes are not hers.
    server
        .get(&format!("/api/v2/tickets/{id}"), Some(&ann))
        .expect(403);
}

#[test]
fn bulk_answers_in_the_order_asked() {
    let env = TestEnv::new();
    let a = env.file("first", &[]);
    let b = env.file("second", &[]);
    let c = env.file("third", &[]);
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let bulk = server.get(&format!("/api/v2/tickets/{c},{a},{b}"), Some(&agent));
    assert_eq!(bulk.status, 200, "{}", bulk.text);
    let ids: Vec<&str> = bulk
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [c.to_string(), a.to_string(), b.to_string()]);
    server
        .get(&format!("/api/v2/tickets/{a},999"), Some(&agent))
        .expect(404);
    server.get("/api/v2/tickets/1,x", Some(&agent)).expect(400);
    server.get("/api/v2/tickets/0", Some(&agent)).expect(400);
    let many: Vec<String> = (1..=101).map(|n| n.to_string()).collect();
    server
        .get(&format!("/api/v2/tickets/{}", many.join(",")), Some(&agent))
        .expect(400);
}

#[test]
fn lists_page_by_cursor_and_take_the_query_language() {
    let env = TestEnv::new();
    for i in 0..7 {
        let extra: &[&str] = if i % 2 == 0 { &["--tag", "vip"] } else { &[] };
        env.file(&format!("question {i}"), extra);
    }
    env.ok(&["status", "2", "solved"]);
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let mut seen = Vec::new();
    let mut next = Some(format!("{}/api/v2/tickets?limit=3", server.url));
    while let Some(url) = next {
        let a = server.get(url.strip_prefix(&server.url).unwrap(), Some(&agent));
        assert_eq!(a.status, 200, "{}", a.text);
        for t in a.body["tickets"].as_array().unwrap() {
            seen.push(t["id"].as_str().unwrap().parse::<i64>().unwrap());
        }
        assert_eq!(
            a.body["meta"]["hasMore"],
            a.body["links"]["next"].is_string()
        );
        next = a.body["links"]["next"].as_str().map(str::to_string);
    }
    assert_eq!(
        seen,
        [7, 6, 5, 4, 3, 2, 1],
        "newest first, every status, each once"
    );
    let vip = server.get("/api/v2/tickets?query=tag:vip", Some(&agent));
    assert_eq!(vip.body["tickets"].as_array().unwrap().len(), 4);
    let solved = server.get("/api/v2/tickets?query=status:solved", Some(&agent));
    assert_eq!(solved.body["tickets"][0]["status"], "Solved");
    server
        .get("/api/v2/tickets?query=status:bogus", Some(&agent))
        .expect(400);
    server
        .get("/api/v2/tickets?limit=0", Some(&agent))
        .expect(400);
    server
        .get("/api/v2/tickets?limit=101", Some(&agent))
        .expect(400);
    server
        .get("/api/v2/tickets?cursor=abc", Some(&agent))
        .expect(400);
}

#[test]
fn agents_file_and_patch_with_etags() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let filed = server.post(
        "/api/v2/tickets",
        Some(&agent),
        &json!({"typeId": "module", "subject": "two modules", "description": "we need two",
                "priority": "important", "requestorId": "ann", "tagsId": ["sales"],
                "ticketFields": {"module": "M-2", "amount": 2, "company": "ACME",
                  "contact": "Li", "cellphone": "+8613800138000", "location": "Shenzhen",
                  "email": "li@acme.example", "address": "1 Road"}}),
    );
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.body["submitterId"], "hhq");
    assert_eq!(filed.body["requestorId"], "ann");
    assert_eq!(filed.body["ticketFields"]["amount"], 2);
    assert_eq!(filed.body["channel"]["name"], "api");
    let id = filed.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v2/tickets/{id}");
    let etag = filed.header("etag").unwrap().to_string();

    let changed = patch(
        &server,
        &path,
        &agent,
        json!({"status": "Pending", "assigneeId": "hhq", "tagsId": ["sales", "vip"],
               "ticketFields": {"amount": 3}}),
        Some(&etag),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["status"], "Pending");
    assert_eq!(changed.body["assigneeId"], "hhq");
    assert_eq!(changed.body["tagsId"], json!(["sales", "vip"]));
    assert_eq!(changed.body["ticketFields"]["amount"], 3);
    let new_etag = changed.header("etag").unwrap().to_string();
    assert_ne!(new_etag, etag);

    // A stale ETag: 412, and nothing changes.
    let before = env.snapshot();
    let stale = patch(
        &server,
        &path,
        &agent,
        json!({"priority": "urgent"}),
        Some(&etag),
    );
    stale.expect(412);
    assert_eq!(env.snapshot(), before);
    // Unknown keys, wrong types, bad values: 400, nothing changes.
    for body in [
        json!({"description": "rewritten"}),
        json!({"priority": "whenever"}),
        json!({"status": 7}),
        json!({"tagsId": "vip"}),
        json!({"ticketFields": {"amount": "many"}}),
        json!({"nosuch": 1}),
    ] {
        patch(&server, &path, &agent, body, Some(&new_etag)).expect(400);
    }
    assert_eq!(env.snapshot(), before);
    patch(
        &server,
        "/api/v2/tickets/999",
        &agent,
        json!({"priority": "urgent"}),
        None,
    )
    .expect(404);
    // Closing is final.
    patch(&server, &path, &agent, json!({"status": "Closed"}), None);
    patch(&server, &path, &agent, json!({"status": "OPEN"}), None).expect(409);
    // The history names each change.
    let events = env.json(&["history", &id]);
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "status")
    );
}

#[test]
fn an_idempotency_key_files_once() {
    let env = TestEnv::new();
    let ann = token(&env, "ann", "requester");
    let bob = token(&env, "bob", "requester");
    let server = Server::start(&env, &[], &[]);
    let body = json!({"subject": "printer", "description": "it jams"}).to_string();
    let post = |t: &str| {
        server.call(
            "POST",
            "/api/v2/requests",
            Some(t),
            Some(body.as_bytes()),
            &[("Idempotency-Key", "form-1")],
        )
    };
    let first = post(&ann);
    assert_eq!(first.status, 201, "{}", first.text);
    let again = post(&ann);
    assert_eq!(again.body["id"], first.body["id"]);
    // A key past 100 characters is refused, and nothing is filed.
    let long = "k".repeat(101);
    server
        .call(
            "POST",
            "/api/v2/requests",
            Some(&ann),
            Some(body.as_bytes()),
            &[("Idempotency-Key", &long)],
        )
        .expect(400);
    // Keys are per caller: bob's form-1 is his own request.
    let his = post(&bob);
    assert_ne!(his.body["id"], first.body["id"]);
    assert_eq!(env.json(&["list", "--all"]).as_array().unwrap().len(), 2);
    // The seed 1 route takes the header too.
    let seed1 = |t: &str| {
        server.call(
            "POST",
            "/v3_1/workorder/workorder/",
            Some(t),
            Some(br#"{"type":"sys","question":"q","support":0}"#),
            &[("Idempotency-Key", "wo-1")],
        )
    };
    let one = seed1(&ann);
    assert_eq!(seed1(&ann).body["data"]["id"], one.body["data"]["id"]);

    // Replies too, on both seeds: the second answer is the first reply.
    let id = first.body["id"].as_str().unwrap().to_string();
    let reply = |path: &str, body: &str| {
        server.call(
            "POST",
            path,
            Some(&ann),
            Some(body.as_bytes()),
            &[("Idempotency-Key", "r-1")],
        )
    };
    let path = format!("/api/v2/requests/{id}/replies");
    let r1 = reply(&path, r#"{"body":"any news?"}"#);
    assert_eq!(r1.status, 201, "{}", r1.text);
    let r2 = reply(&path, r#"{"body":"any news?"}"#);
    assert_eq!(r2.body["id"], r1.body["id"]);
    let d = |k: &str| {
        server.call(
            "POST",
            "/v3_1/workorder/workorder_detail/",
            Some(&ann),
            Some(format!(r#"{{"workorder_id":{id},"detail":{{"text":"hello"}}}}"#).as_bytes()),
            &[("Idempotency-Key", k)],
        )
    };
    let d1 = d("d-1");
    assert_eq!(d("d-1").body["data"]["id"], d1.body["data"]["id"]);
    let replies = server.get(&format!("/api/v2/requests/{id}/replies"), Some(&ann));
    assert_eq!(
        replies.body["replies"].as_array().unwrap().len(),
        2,
        "{}",
        replies.text
    );
}

#[test]
fn a_requester_reaches_only_their_own_requests_on_every_route() {
    let env = TestEnv::new();
    let bobs = env.file(
        "bob's secret problem",
        &["--requester", "bob", "--tag", "vip"],
    );
    env.ok(&[
        "reply",
        &bobs.to_string(),
        "internal thoughts",
        "--internal",
    ]);
    let ann = token(&env, "ann", "requester");
    let server = Server::start(&env, &[], &[]);
    let filed = server.post(
        "/api/v2/requests",
        Some(&ann),
        &json!({"subject": "printer", "description": "it jams", "requestorId": "bob"}),
    );
    // requestorId is not hers to set.
    filed.expect(400);
    let filed = server.post(
        "/api/v2/requests",
        Some(&ann),
        &json!({"subject": "printer", "description": "it jams"}),
    );
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.body["requestorId"], "ann");
    let own: i64 = filed.body["id"].as_str().unwrap().parse().unwrap();

    let before = env.snapshot();
    // Read, bulk, embed, list, search: bob's ticket is never there.
    server
        .get(&format!("/api/v2/requests/{bobs}"), Some(&ann))
        .expect(404);
    server
        .get(&format!("/api/v2/requests/{own},{bobs}"), Some(&ann))
        .expect(404);
    server
        .get(&format!("/api/v2/requests/{bobs}?embed=tags"), Some(&ann))
        .expect(404);
    let list = server.get("/api/v2/requests", Some(&ann));
    assert_eq!(
        list.body["requests"].as_array().unwrap().len(),
        1,
        "{}",
        list.text
    );
    for q in ["secret", "requester:bob", "tag:vip"] {
        let found = server.get(&format!("/api/v2/requests?query={q}"), Some(&ann));
        assert_eq!(found.status, 200, "{}", found.text);
        assert!(
            !found.text.contains("secret problem"),
            "{q}: {}",
            found.text
        );
    }
    server.get("/api/v2/tickets", Some(&ann)).expect(403);
    // Replies, status, patch: refused, nothing stored.
    server
        .get(&format!("/api/v2/requests/{bobs}/replies"), Some(&ann))
        .expect(404);
    server
        .post(
            &format!("/api/v2/requests/{bobs}/replies"),
            Some(&ann),
            &json!({"body": "mine now"}),
        )
        .expect(404);
    server
        .post(
            &format!("/api/v2/tickets/{bobs}/replies"),
            Some(&ann),
            &json!({"body": "mine now"}),
        )
        .expect(403);
    patch(
        &server,
        &format!("/api/v2/tickets/{bobs}"),
        &ann,
        json!({"status": "Solved"}),
        None,
    )
    .expect(403);
    assert_eq!(env.snapshot(), before, "a refused write stored nothing");

    // Her own: she replies, and marks it solved in the same step.
    let r = server.post(
        &format!("/api/v2/requests/{own}/replies"),
        Some(&ann),
        &json!({"body": "still jams", "status": "Solved", "role": "agent"}),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["role"], "requester");
    assert_eq!(r.body["authorId"], "ann");
    server
        .post(
            &format!("/api/v2/requests/{own}/replies"),
            Some(&ann),
            &json!({"body": "psst", "internal": true}),
        )
        .expect(400);
    let replies = server.get(&format!("/api/v2/requests/{own}/replies"), Some(&ann));
    assert_eq!(replies.body["replies"].as_array().unwrap().len(), 1);
}

#[test]
fn agents_see_internal_notes_requesters_do_not() {
    let env = TestEnv::new();
    let id = env.file("a question", &["--requester", "ann"]);
    let agent = token(&env, "hhq", "agent");
    let ann = token(&env, "ann", "requester");
    let server = Server::start(&env, &[], &[]);
    let note = server.post(
        &format!("/api/v2/tickets/{id}/replies"),
        Some(&agent),
        &json!({"body": "check the billing system", "internal": true}),
    );
    assert_eq!(note.status, 201, "{}", note.text);
    server
        .post(
            &format!("/api/v2/tickets/{id}/replies"),
            Some(&agent),
            &json!({"body": "looking into it", "images": ["https://x.example/a.png"]}),
        )
        .expect(201);
    let all = server.get(&format!("/api/v2/tickets/{id}/replies"), Some(&agent));
    assert_eq!(all.body["replies"].as_array().unwrap().len(), 2);
    let hers = server.get(&format!("/api/v2/requests/{id}/replies"), Some(&ann));
    assert_eq!(hers.body["replies"].as_array().unwrap().len(), 1);
    assert!(!hers.text.contains("billing"));
    assert_eq!(env.json(&["show", &id.to_string()])["status"], "open");
}
