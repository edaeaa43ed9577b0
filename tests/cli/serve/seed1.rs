//! Seed 1's endpoints with the seed's own example bodies, answer by
//! answer against the seed's example answers.

use serde_json::{Value, json};

use super::{Server, keys_in_order, token};
use crate::common::TestEnv;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[test]
fn the_seed_examples_work_field_by_field() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let user = token(&env, "3", "requester");
    let server = Server::start(&env, &[], &[]);

    // 新建工单: the seed's body; the answer has the example's fields and
    // JSON types first.
    let created = server.post(
        "/v3_1/workorder/workorder/",
        Some(&user),
        &json!({"support": 1, "type": "sys", "question": "how to cancel my order?"}),
    );
    let data = created.expect(201)["data"].clone();
    assert_eq!(created.body["meta"], json!({"message": "ok", "code": 0}));
    let example = [
        ("committer", "string"),
        ("id", "number"),
        ("question", "string"),
        ("type", "string"),
        ("status", "string"),
        ("support", "bool"),
        ("updated_at", "string"),
        ("created_at", "string"),
    ];
    let keys = keys_in_order(&created.text, &data);
    for (i, (key, ty)) in example.iter().enumerate() {
        assert_eq!(keys[i], *key, "{}", created.text);
        assert_eq!(kind(&data[key]), *ty, "{key}: {}", created.text);
    }
    assert_eq!(data["committer"], "3");
    assert_eq!(data["status"], "2");
    assert_eq!(data["support"], true);
    assert_eq!(data["question"], "how to cancel my order?");
    assert_eq!(data["channel"], "api");
    let id = data["id"].as_i64().unwrap();

    // 工单列表: count, page_size, next, previous, results; status a number.
    let list = server.get(
        "/v3_1/workorder/workorder_list/?page=1&page_size=15",
        Some(&user),
    );
    let page = list.data();
    assert_eq!(
        keys_in_order(&list.text, page),
        ["count", "page_size", "next", "previous", "results"]
    );
    assert_eq!(page["count"], 1);
    assert_eq!(page["page_size"], 15);
    assert!(page["next"].is_null() && page["previous"].is_null());
    assert_eq!(page["results"][0]["status"], 2);
    assert_eq!(page["results"][0]["id"], id);

    // 工单详情回复: the seed's body; role 1 for the agent, 0 for the asker.
    let answer = server.post(
        "/v3_1/workorder/workorder_detail/",
        Some(&agent),
        &json!({"workorder_id": id, "detail": {
            "text": "yeah, please give me your order id",
            "image": ["http://www.baidu.com/image.order.jpg"]}}),
    );
    let reply = answer.expect(201)["data"].clone();
    assert_eq!(
        keys_in_order(&answer.text, &reply)[..5],
        ["committer", "workorder_id", "role", "detail", "created_at"]
    );
    assert_eq!(reply["committer"], "hhq");
    assert_eq!(reply["workorder_id"], id);
    assert_eq!(reply["role"], 1);
    assert_eq!(
        reply["detail"],
        json!({"text": "yeah, please give me your order id",
               "image": ["http://www.baidu.com/image.order.jpg"]})
    );
    let back = server.post(
        "/v3_1/workorder/workorder_detail/",
        Some(&user),
        &json!({"workorder_id": id, "detail": {"text": "好啊", "image": []}}),
    );
    assert_eq!(back.expect(201)["data"]["role"], 0);

    // 工单详情列表: newest first, as the seed's example lists them.
    let details = server.get(
        &format!("/v3_1/workorder/workorder_detail/?workorder_id={id}&page=1&page_size=15"),
        Some(&user),
    );
    let d = details.data();
    assert_eq!(d["count"], 2);
    assert_eq!(d["results"][0]["detail"]["text"], "好啊");
    assert_eq!(d["results"][1]["role"], 1);

    // 修改工单状态: data is {}.
    let changed = server.post(
        "/v3_1/workorder/workorder_status/",
        Some(&agent),
        &json!({"workorder_id": id, "status": 0}),
    );
    assert_eq!(changed.data(), &json!({}));
    assert_eq!(env.json(&["show", &id.to_string()])["status"], "solved");

    // 工单内容: id, type, status (a number), question.
    let content = server.get(
        &format!("/v3_1/workorder/workorder_content/?workorder_id={id}&type=sys"),
        Some(&user),
    );
    assert_eq!(
        content.data(),
        &json!({"id": id, "type": "sys", "status": 0, "question": "how to cancel my order?"})
    );
    assert!(server.stop().success());
}

#[test]
fn content_fields_ride_as_typed_top_level_keys() {
    let env = TestEnv::new();
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let created = server.post(
        "/v3_1/workorder/workorder/",
        Some(&agent),
        &json!({"support": true, "type": "module", "question": "two more modules",
                "module": "M-2", "amount": 2, "company": "ACME", "contact": "Li",
                "cellphone": "+8613800138000", "location": "Shenzhen",
                "email": "li@acme.example", "address": "1 Road"}),
    );
    let data = created.expect(201)["data"].clone();
    assert_eq!(data["fields"]["amount"], 2);
    let id = data["id"].as_i64().unwrap();
    let content = server.get(
        &format!("/v3_1/workorder/workorder_content/?workorder_id={id}&type=module"),
        Some(&agent),
    );
    let c = content.data();
    assert_eq!(
        keys_in_order(&content.text, c),
        [
            "id",
            "type",
            "status",
            "question",
            "module",
            "amount",
            "company",
            "contact",
            "cellphone",
            "location",
            "email",
            "address"
        ]
    );
    assert_eq!(c["amount"], 2);
    assert_eq!(c["status"], 2);

    // A wrong field value is a 400 naming the field, and nothing is stored.
    let before = env.snapshot();
    let bad = server.post(
        "/v3_1/workorder/workorder/",
        Some(&agent),
        &json!({"support": 0, "type": "module", "question": "q", "module": "M", "amount": "many",
                "company": "c", "contact": "c", "cellphone": "+8613800138000",
                "location": "l", "email": "e@x.example", "address": "a"}),
    );
    bad.expect(400);
    assert!(
        bad.body["meta"]["message"]
            .as_str()
            .unwrap()
            .contains("amount"),
        "{}",
        bad.text
    );
    assert_eq!(env.snapshot(), before);
    // The content of another type is not there.
    server
        .get(
            &format!("/v3_1/workorder/workorder_content/?workorder_id={id}&type=sys"),
            Some(&agent),
        )
        .expect(404);
}

#[test]
fn pages_link_to_the_end_and_bad_pages_are_refused() {
    let env = TestEnv::new();
    for i in 0..32 {
        env.file(&format!("question {i}"), &[]);
    }
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let mut next = Some(format!(
        "{}/v3_1/workorder/workorder_list/?page_size=10",
        server.url
    ));
    let mut seen = Vec::new();
    let mut pages = 0;
    while let Some(url) = next {
        let path = url
            .strip_prefix(&server.url)
            .expect("next is an absolute URL on this server");
        let page = server.get(path, Some(&agent));
        let data = page.data();
        assert_eq!(data["count"], 32);
        for r in data["results"].as_array().unwrap() {
            seen.push(r["id"].as_i64().unwrap());
        }
        next = data["next"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!(pages, 4);
    seen.sort();
    assert_eq!(seen, (1..=32).collect::<Vec<_>>());
    let last = server.get(
        "/v3_1/workorder/workorder_list/?page=4&page_size=10",
        Some(&agent),
    );
    assert!(
        last.data()["previous"]
            .as_str()
            .unwrap()
            .ends_with("page=3&page_size=10")
    );

    for bad in [
        "page=0",
        "page=x",
        "page_size=0",
        "page_size=101",
        "page_size=-1",
        "page=1.5",
    ] {
        server
            .get(
                &format!("/v3_1/workorder/workorder_list/?{bad}"),
                Some(&agent),
            )
            .expect(400);
    }
    server
        .get(
            "/v3_1/workorder/workorder_list/?page=5&page_size=10",
            Some(&agent),
        )
        .expect(404);
    server
        .get(
            "/v3_1/workorder/workorder_list/?page_size=100",
            Some(&agent),
        )
        .data();
}

#[test]
fn malformed_requests_get_a_clear_error_and_store_nothing() {
    let env = TestEnv::new();
    let id = env.file("a question", &[]);
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let before = env.snapshot();
    let post = |path: &str, body: &str| {
        server.call("POST", path, Some(&agent), Some(body.as_bytes()), &[])
    };
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("/v3_1/workorder/workorder/", "{".into(), 400, "JSON"),
        ("/v3_1/workorder/workorder/", "".into(), 400, "empty"),
        ("/v3_1/workorder/workorder/", "[1]".into(), 400, "object"),
        (
            "/v3_1/workorder/workorder/",
            r#"{"type":"sys"}"#.into(),
            400,
            "question",
        ),
        (
            "/v3_1/workorder/workorder/",
            r#"{"type":"nosuch","question":"q"}"#.into(),
            400,
            "type",
        ),
        (
            "/v3_1/workorder/workorder/",
            r#"{"type":"sys","question":"q","support":"yes"}"#.into(),
            400,
            "support",
        ),
        (
            "/v3_1/workorder/workorder/",
            r#"{"type":"sys","question":7}"#.into(),
            400,
            "question",
        ),
        (
            "/v3_1/workorder/workorder_detail/",
            r#"{"workorder_id":"one","detail":{"text":"x"}}"#.into(),
            400,
            "workorder_id",
        ),
        (
            "/v3_1/workorder/workorder_detail/",
            format!(r#"{{"workorder_id":{id}}}"#),
            400,
            "detail",
        ),
        (
            "/v3_1/workorder/workorder_detail/",
            format!(r#"{{"workorder_id":{id},"detail":{{"text":"x","image":["ftp://x/y.png"]}}}}"#),
            400,
            "image",
        ),
        (
            "/v3_1/workorder/workorder_detail/",
            format!(r#"{{"workorder_id":{id},"detail":{{"text":"x"}},"extra":1}}"#),
            400,
            "extra",
        ),
        (
            "/v3_1/workorder/workorder_detail/",
            r#"{"workorder_id":999,"detail":{"text":"x"}}"#.into(),
            404,
            "999",
        ),
        (
            "/v3_1/workorder/workorder_status/",
            format!(r#"{{"workorder_id":{id},"status":9}}"#),
            400,
            "status",
        ),
        (
            "/v3_1/workorder/workorder_status/",
            format!(r#"{{"workorder_id":{id}}}"#),
            400,
            "status",
        ),
        (
            "/v3_1/workorder/workorder_status/",
            r#"{"workorder_id":999,"status":1}"#.into(),
            404,
            "999",
        ),
    ];
    for (path, body, status, names) in cases {
        let a = post(path, &body);
        a.expect(status);
        let message = a.body["meta"]["message"].as_str().unwrap();
        assert!(message.contains(names), "{path} {body}: {message}");
        assert!(!message.contains('\n'), "{message}");
    }
    for path in [
        "/v3_1/workorder/workorder_detail/",
        "/v3_1/workorder/workorder_detail/?workorder_id=x",
        "/v3_1/workorder/workorder_content/?workorder_id=1",
        "/v3_1/workorder/workorder_content/?type=sys",
    ] {
        server.get(path, Some(&agent)).expect(400);
    }
    server
        .get(
            "/v3_1/workorder/workorder_content/?workorder_id=999&type=sys",
            Some(&agent),
        )
        .expect(404);
    // Oversized: 413, in the envelope.
    let big = format!(r#"{{"type":"sys","question":"{}"}}"#, "x".repeat(2 << 20));
    post("/v3_1/workorder/workorder/", &big).expect(413);
    // Unknown routes and methods answer in the envelope too.
    server
        .get("/v3_1/workorder/nosuch/", Some(&agent))
        .expect(404);
    server
        .call(
            "DELETE",
            "/v3_1/workorder/workorder/",
            Some(&agent),
            None,
            &[],
        )
        .expect(405);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn closed_is_final_over_http_too() {
    let env = TestEnv::new();
    let id = env.file("a question", &[]);
    env.ok(&["status", &id.to_string(), "closed"]);
    let agent = token(&env, "hhq", "agent");
    let server = Server::start(&env, &[], &[]);
    let before = env.snapshot();
    let a = server.post(
        "/v3_1/workorder/workorder_status/",
        Some(&agent),
        &json!({"workorder_id": id, "status": 1}),
    );
    a.expect(409);
    assert!(
        a.body["meta"]["message"]
            .as_str()
            .unwrap()
            .contains("closed")
    );
    server
        .post(
            "/v3_1/workorder/workorder_detail/",
            Some(&agent),
            &json!({"workorder_id": id, "detail": {"text": "hello?"}}),
        )
        .expect(409);
    assert_eq!(env.snapshot(), before);
}
