//! Values of request bodies, turned into the library's types: statuses
//! (names or seed codes, as text or numbers), custom field values, tags.

use serde_json::{Map, Value};

use super::error::ApiError;
use crate::model::{Priority, Status};

/// A status given as a name (`open`, seed 2's `OPEN`) or a seed 1 code
/// (`0`, `1`, `2`, as a number or text).
pub(crate) fn status(key: &str, v: &Value) -> Result<Status, ApiError> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err(wrong(key, "a status name or seed code 0, 1, 2", v)),
    };
    text.parse::<Status>().map_err(ApiError::from)
}

/// A priority name.
pub(crate) fn priority(key: &str, v: &Value) -> Result<Priority, ApiError> {
    text(key, v)?.parse::<Priority>().map_err(ApiError::from)
}

/// Text.
pub(crate) fn text(key: &str, v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(wrong(key, "text", v)),
    }
}

/// Text, or null for none.
pub(crate) fn optional_text(key: &str, v: &Value) -> Result<Option<String>, ApiError> {
    match v {
        Value::Null => Ok(None),
        _ => text(key, v).map(Some),
    }
}

/// A yes/no: `true`/`false` or seed 1's `1`/`0`.
pub(crate) fn flag(key: &str, v: &Value) -> Result<bool, ApiError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        _ => Err(wrong(key, "true, false, 1 or 0", v)),
    }
}

/// A list of texts.
pub(crate) fn texts(key: &str, v: &Value) -> Result<Vec<String>, ApiError> {
    match v {
        Value::Array(items) => items.iter().map(|i| text(key, i)).collect(),
        _ => Err(wrong(key, "a list of texts", v)),
    }
}

/// A custom field's value as the text its definition parses (`4` for
/// an integer, `true` for a bool); null leaves it out.
pub(crate) fn field_value(key: &str, v: &Value) -> Result<Option<String>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(wrong(key, "text, a number or a boolean", v)),
    }
}

/// Custom field values of an object (`ticketFields`, seed 1's content
/// keys), as `(name, text)`.
pub(crate) fn fields(key: &str, v: &Value) -> Result<Vec<(String, String)>, ApiError> {
    let Value::Object(m) = v else {
        return Err(wrong(key, "an object of field values", v));
    };
    field_pairs(m)
}

/// `(name, text)` of each non-null value.
pub(crate) fn field_pairs(m: &Map<String, Value>) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::with_capacity(m.len());
    for (name, value) in m {
        if let Some(text) = field_value(name, value)? {
            out.push((name.clone(), text));
        }
    }
    Ok(out)
}

fn wrong(key: &str, wanted: &str, got: &Value) -> ApiError {
    let kind = match got {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    ApiError::invalid(format!("invalid {key}: expected {wanted}, got {kind}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn statuses_come_as_codes_or_names() {
        assert_eq!(status("status", &json!(2)).unwrap(), Status::New);
        assert_eq!(status("status", &json!("0")).unwrap(), Status::Solved);
        assert_eq!(
            status("status", &json!("Pending")).unwrap(),
            Status::Pending
        );
        assert!(status("status", &json!(7)).is_err());
        assert!(status("status", &json!([1])).is_err());
    }

    #[test]
    fn flags_and_fields_are_typed() {
        assert!(flag("support", &json!(1)).unwrap());
        assert!(!flag("support", &json!(false)).unwrap());
        assert!(flag("support", &json!(2)).is_err());
        assert!(flag("support", &json!("1")).is_err());
        assert_eq!(field_value("amount", &json!(4)).unwrap().unwrap(), "4");
        assert_eq!(field_value("x", &json!(null)).unwrap(), None);
        assert!(field_value("x", &json!({"a": 1})).is_err());
    }
}
