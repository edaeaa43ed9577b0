//! Ticket types and custom field definitions.

use serde_json::json;

use crate::common::TestEnv;

#[test]
fn seed_types_and_module_fields_ship_by_default() {
    let env = TestEnv::new();
    let types = env.json(&["types"]);
    let names: Vec<_> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            json!("sys"),
            json!("licences"),
            json!("module"),
            json!("tech"),
            json!("test")
        ]
    );
    assert_eq!(types[0]["label_zh"], "系统故障");
    assert_eq!(
        types[2]["fields"][1],
        json!({"name": "amount", "required": true})
    );
    let fields = env.json(&["fields"]);
    let kinds: Vec<_> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].clone(), f["kind"].clone()))
        .collect();
    assert!(kinds.contains(&(json!("cellphone"), json!("phone"))));
    assert!(kinds.contains(&(json!("email"), json!("email"))));
    assert!(kinds.contains(&(json!("amount"), json!("integer"))));
}

#[test]
fn types_and_fields_can_be_added_and_are_enforced() {
    let env = TestEnv::new();
    env.ok(&["types", "add", "billing", "--en", "Billing", "--zh", "账单"]);
    env.fails(&["types", "add", "billing"], 2);
    env.ok(&[
        "fields",
        "add",
        "tier",
        "--kind",
        "enum",
        "--option",
        "gold",
        "--option",
        "free",
        "--type",
        "billing",
        "--required",
    ]);
    env.ok(&[
        "fields", "add", "due", "--kind", "date", "--type", "billing",
    ]);
    env.ok(&[
        "fields", "add", "paid", "--kind", "bool", "--type", "billing",
    ]);
    env.ok(&[
        "fields", "add", "rate", "--kind", "decimal", "--type", "billing",
    ]);
    env.ok(&[
        "fields", "add", "portal", "--kind", "url", "--label", "Portal",
    ]);
    env.ok(&["fields", "attach", "portal", "--type", "billing"]);
    env.fails(&["fields", "add", "tier", "--kind", "text"], 2);
    env.fails(&["new", "--type", "billing", "--question", "q"], 2);
    env.fails(
        &[
            "new",
            "--type",
            "billing",
            "--question",
            "q",
            "--field",
            "tier=silver",
        ],
        2,
    );
    env.fails(
        &[
            "new",
            "--type",
            "billing",
            "--question",
            "q",
            "--field",
            "tier=gold",
            "--field",
            "due=2026-02-30",
        ],
        2,
    );
    let t = env.json(&[
        "new",
        "--type",
        "billing",
        "--question",
        "q",
        "--field",
        "tier=gold",
        "--field",
        "due=2026-02-28",
        "--field",
        "paid=yes",
        "--field",
        "rate=1.5",
        "--field",
        "portal=https://example.com/p",
    ]);
    assert_eq!(
        t["fields"],
        json!({"tier": "gold", "due": "2026-02-28", "paid": true, "rate": 1.5, "portal": "https://example.com/p"})
    );
    let billing = env
        .json(&["types"])
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "billing")
        .cloned()
        .unwrap();
    assert_eq!(
        billing["fields"][0],
        json!({"name": "tier", "required": true})
    );
    let listed = env.json(&["list", "--field", "paid=true"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        env.json(&["list", "--field", "rate=1.5"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
