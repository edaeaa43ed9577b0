use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::error::quote;

/// Region used to read phone numbers written without a `+` country code.
/// The seed system served mainland China.
pub const DEFAULT_PHONE_REGION: phonenumber::country::Id = phonenumber::country::Id::CN;

/// The value types a custom field can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Free text on one line.
    Text,
    /// A whole number (JSON number).
    Integer,
    /// A decimal number (JSON number).
    Decimal,
    /// true or false.
    Bool,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// An email address.
    Email,
    /// A phone number, stored in E.164 form (`+8613800138000`).
    Phone,
    /// An absolute URL.
    Url,
    /// One of a fixed list of options.
    Enum,
}

impl FieldKind {
    /// Every kind.
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Text,
        FieldKind::Integer,
        FieldKind::Decimal,
        FieldKind::Bool,
        FieldKind::Date,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::Url,
        FieldKind::Enum,
    ];

    /// The name used in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Integer => "integer",
            FieldKind::Decimal => "decimal",
            FieldKind::Bool => "bool",
            FieldKind::Date => "date",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::Url => "url",
            FieldKind::Enum => "enum",
        }
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FieldKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        FieldKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!(
                        "{t_q} is not a field kind (text, integer, decimal, bool, date, email, phone, url, enum)", t_q = quote(t)),
                )
            })
    }
}

/// A custom field definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Identifier used in `--field NAME=VALUE` and JSON (`[a-z0-9_]`).
    pub name: String,
    /// The value type.
    pub kind: FieldKind,
    /// Human label for prompts and tables.
    pub label: String,
    /// The allowed values of an enum field; empty otherwise.
    pub options: Vec<String>,
}

/// A field attached to a ticket type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeField {
    /// The field definition's name.
    pub name: String,
    /// Whether tickets of the type must carry a value.
    pub required: bool,
}

/// A configured ticket type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketType {
    /// Identifier (`sys`, `module`, …).
    pub name: String,
    /// Chinese label (seed 1).
    pub label_zh: String,
    /// English label.
    pub label_en: String,
    /// Custom fields attached to the type, in form order.
    pub fields: Vec<TypeField>,
}

/// Checks an identifier for a type or field: 1–64 of `[a-z0-9_]`, starting
/// with a letter.
pub fn validate_ident(field: &str, name: &str) -> Result<String, Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(name.to_string())
    } else {
        Err(Error::invalid(
            field,
            format!(
                "{name_q} must be 1-64 lowercase letters, digits or '_', starting with a letter",
                name_q = quote(name)
            ),
        ))
    }
}

impl FieldDef {
    /// Builds a validated definition.
    pub fn new(
        name: &str,
        kind: FieldKind,
        label: &str,
        options: Vec<String>,
    ) -> Result<Self, Error> {
        let name = validate_ident("field name", name)?;
        let options: Vec<String> = options
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .map(|o| super::validate_name("option", o))
            .collect::<Result<_, _>>()?;
        match kind {
            FieldKind::Enum if options.is_empty() => {
                return Err(Error::invalid(
                    "options",
                    "an enum field needs at least one option",
                ));
            }
            FieldKind::Enum => {}
            _ if !options.is_empty() => {
                return Err(Error::invalid("options", "only enum fields take options"));
            }
            _ => {}
        }
        // Labels and options are names like a type's labels: one line, no
        // control characters, at most 128 characters.
        let label = if label.trim().is_empty() {
            name.clone()
        } else {
            super::validate_name("label", label)?
        };
        Ok(FieldDef {
            name,
            kind,
            label,
            options,
        })
    }

    /// Parses and validates a value given as text, returning its typed JSON
    /// form. The error names this field.
    pub fn parse(&self, raw: &str) -> Result<Value, Error> {
        let field = format!("field {}", self.name);
        let v = raw.trim();
        if v.is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
        let bad =
            |what: &str| Error::invalid(&field, format!("{v_q} is not {what}", v_q = quote(v)));
        Ok(match self.kind {
            FieldKind::Text => {
                if v.chars().any(char::is_control) {
                    return Err(Error::invalid(field, "must be one line of text"));
                }
                Value::String(v.to_string())
            }
            FieldKind::Integer => Value::from(v.parse::<i64>().map_err(|_| bad("an integer"))?),
            FieldKind::Decimal => {
                let n: f64 = v.parse().map_err(|_| bad("a decimal number"))?;
                serde_json::Number::from_f64(n)
                    .map(Value::Number)
                    .ok_or_else(|| bad("a finite decimal number"))?
            }
            FieldKind::Bool => Value::Bool(match v.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "on" => true,
                "false" | "no" | "n" | "0" | "off" => false,
                _ => return Err(bad("true or false")),
            }),
            FieldKind::Date => {
                let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| bad("a date (YYYY-MM-DD)"))?;
                Value::String(d.format("%Y-%m-%d").to_string())
            }
            FieldKind::Email => {
                let e = email_address::EmailAddress::from_str(v)
                    .map_err(|_| bad("an email address"))?;
                Value::String(e.to_string())
            }
            FieldKind::Phone => {
                let n = phonenumber::parse(Some(DEFAULT_PHONE_REGION), v)
                    .map_err(|_| bad("a phone number"))?;
                if !phonenumber::is_valid(&n) {
                    return Err(bad("a valid phone number"));
                }
                Value::String(n.format().mode(phonenumber::Mode::E164).to_string())
            }
            FieldKind::Url => {
                let u = url::Url::parse(v).map_err(|_| bad("an absolute URL"))?;
                if u.cannot_be_a_base() || u.host_str().is_none() {
                    return Err(bad("an absolute URL with a host"));
                }
                Value::String(v.to_string())
            }
            FieldKind::Enum => {
                if !self.options.iter().any(|o| o == v) {
                    return Err(Error::invalid(
                        field,
                        format!(
                            "{v_q} is not one of: {}",
                            self.options.join(", "),
                            v_q = quote(v)
                        ),
                    ));
                }
                Value::String(v.to_string())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: FieldKind) -> FieldDef {
        let options = if kind == FieldKind::Enum {
            vec!["a".into(), "b".into()]
        } else {
            vec![]
        };
        FieldDef::new("f", kind, "", options).unwrap()
    }

    #[test]
    fn values_are_typed() {
        assert_eq!(
            def(FieldKind::Integer).parse("10").unwrap(),
            Value::from(10)
        );
        assert_eq!(
            def(FieldKind::Decimal).parse("2.5").unwrap(),
            Value::from(2.5)
        );
        assert_eq!(
            def(FieldKind::Bool).parse("yes").unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            def(FieldKind::Date).parse("2026-02-28").unwrap(),
            "2026-02-28"
        );
        assert_eq!(def(FieldKind::Enum).parse("b").unwrap(), "b");
    }

    #[test]
    fn bad_values_name_the_field() {
        let err = def(FieldKind::Integer)
            .parse("ten")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "invalid field f: 'ten' is not an integer");
        assert!(def(FieldKind::Date).parse("2026-02-30").is_err());
        assert!(def(FieldKind::Enum).parse("c").is_err());
        assert!(def(FieldKind::Decimal).parse("NaN").is_err());
    }

    #[test]
    fn contact_kinds_use_real_parsers() {
        assert!(def(FieldKind::Email).parse("ops@example.com").is_ok());
        assert!(def(FieldKind::Email).parse("ops@@example").is_err());
        assert_eq!(
            def(FieldKind::Phone).parse("13800138000").unwrap(),
            "+8613800138000"
        );
        assert_eq!(
            def(FieldKind::Phone).parse("+1 650-253-0000").unwrap(),
            "+16502530000"
        );
        assert!(def(FieldKind::Phone).parse("12").is_err());
        assert!(def(FieldKind::Url).parse("https://example.com/x").is_ok());
        assert!(def(FieldKind::Url).parse("example.com").is_err());
    }

    #[test]
    fn enum_needs_options_and_others_refuse_them() {
        assert!(FieldDef::new("e", FieldKind::Enum, "", vec![]).is_err());
        assert!(FieldDef::new("t", FieldKind::Text, "", vec!["x".into()]).is_err());
        assert!(FieldDef::new("Bad Name", FieldKind::Text, "", vec![]).is_err());
    }
}
