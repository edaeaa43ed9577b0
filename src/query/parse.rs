//! The `--query` language: qualifiers and free text, compiled into a
//! [`Filter`]. The store turns the filter into parameterised SQL; nothing
//! here builds SQL.
//!
//! ```text
//! status:open,pending priority:urgent tag:vip -tag:spam assignee:none
//! updated<7d created>2026-01-01 field.company:"ACME Ltd" "free text"
//! ```
//!
//! A query is terms separated by whitespace. Every term must hold: terms
//! combine with AND, with each other and with the filter they are applied
//! to (so command-line flags and `--query` narrow each other).
//!
//! ```text
//! query     = [ term { whitespace term } ]
//! term      = qualifier | "-tag:" value | phrase | word
//! qualifier = "status:" list              ; names or seed codes 2, 1, 0; or all
//!           | "is:all"                    ; every status, like status:all
//!           | "type:" list
//!           | "priority:" list            ; normal, important, urgent
//!           | "assignee:" value           ; bare none = unassigned
//!           | "requester:" value
//!           | "tag:" value                ; repeat to require several
//!           | "field." name ":" value     ; custom field equals value
//!           | ("updated" | "created") op time
//! op        = "<" | "<=" | ">" | ">=" | ":"
//! list      = value { "," value }         ; any one of them
//! value     = bare | quoted               ; not empty
//! phrase    = quoted                      ; text to find, spaces and all
//! word      = bare                        ; text to find
//! bare      = characters other than whitespace and '"'
//! quoted    = '"' { character | '\"' | '\\' } '"'
//! time      = RFC 3339 | YYYY-MM-DD | today | yesterday | now | age
//! age       = a length such as 90m, 36h, 7d, 2w, 1d12h ("7d ago" when quoted)
//! ```
//!
//! Qualifier names are case-insensitive; `field.NAME` takes `:` only (not
//! `=`). Times compare with the ticket's last update or creation time, and
//! an age is a point that long before now, so `<` means "earlier than":
//!
//! - `updated<7d`: last updated more than 7 days ago (idle for over 7 days).
//! - `updated>7d`: updated within the last 7 days.
//! - `created>=2026-01-01`: created on or after that day (midnight UTC).
//! - `created<=2026-01-31`, `created>2026-01-31`: days count whole, so these
//!   include, and start after, all of 31 January (UTC).
//! - `created:2026-01-31`, `updated:today`: during that day; `:` takes day
//!   forms only.
//!
//! A ticket has one status, type and priority, so repeating one of those
//! qualifiers narrows the choice (`status:open,pending status:pending` is
//! `pending`); a query that leaves none is refused. `assignee` and
//! `requester` given twice must agree.
//!
//! Quoting: a token that starts with `"` is always text to find, so
//! `"status:open"` searches for those words. A bare word shaped like
//! `name:…`, `name<…` or `name>…` must be a known qualifier, and a bare word
//! starting with `-` must be `-tag:`; quote either to search for it as text.

use serde_json::Value;

use super::Filter;
use super::when::PointInTime;
use crate::error::Error;
use crate::error::quote;
use crate::model::{Priority, Status, Timestamp, validate_ident, validate_tag};

/// The field named in every error.
const FIELD: &str = "query";

const QUALIFIERS: &str =
    "status, is, type, priority, assignee, requester, tag, field.NAME, updated, created";

/// Adds the constraints of `query` to `filter`, resolving relative times
/// against `now`.
///
/// Every term narrows the filter (AND). Times compare as "earlier than"
/// (`<`) and "later than" (`>`), so `updated<7d` keeps tickets last updated
/// more than 7 days ago, and `updated>7d` those updated within 7 days. On
/// error, `filter` is left unchanged and the message names the bad token.
pub fn apply(filter: &mut Filter, query: &str, now: Timestamp) -> Result<(), Error> {
    let mut narrowed = filter.clone();
    for token in tokens(query)? {
        term(&mut narrowed, &token, now)?;
    }
    *filter = narrowed;
    Ok(())
}

/// The filter `query` alone describes, resolving relative times against
/// `now`; see [`apply`] for the meaning of each term.
pub fn filter(query: &str, now: Timestamp) -> Result<Filter, Error> {
    let mut f = Filter::default();
    apply(&mut f, query, now)?;
    Ok(f)
}

fn invalid(reason: String) -> Error {
    Error::invalid(FIELD, reason)
}

/// The reason of an invalid-value error, without its field.
fn reason(e: Error) -> String {
    match e {
        Error::Invalid { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// One whitespace-separated token.
#[derive(Debug)]
struct Token {
    /// As written, for error messages.
    raw: String,
    /// With quotes removed and escapes resolved.
    text: String,
    /// Where in `text` the first quoted part begins.
    quote_at: Option<usize>,
}

/// Splits a query on whitespace outside quotes.
fn tokens(query: &str) -> Result<Vec<Token>, Error> {
    let mut out = Vec::new();
    let mut chars = query.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return Ok(out);
        };
        let (mut text, mut quote_at, mut in_quote) = (String::new(), None, false);
        let mut end = query.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    quote_at.get_or_insert(text.len());
                    in_quote = !in_quote;
                }
                '\\' if in_quote => match chars.next_if(|(_, n)| matches!(n, '"' | '\\')) {
                    Some((_, n)) => text.push(n),
                    None => text.push('\\'),
                },
                c if c.is_whitespace() && !in_quote => {
                    end = i;
                    break;
                }
                c => text.push(c),
            }
        }
        let raw = query[start..end].to_string();
        if in_quote {
            return Err(invalid(format!(
                "unterminated quote in {raw_q}",
                raw_q = quote(&raw)
            )));
        }
        out.push(Token {
            raw,
            text,
            quote_at,
        });
    }
}

/// How a qualifier compares its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Is,
    Lt,
    Le,
    Gt,
    Ge,
    /// `=`: recognised only to point at `:`.
    Eq,
}

impl Op {
    const ALL: [(&'static str, Op); 6] = [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
        (":", Op::Is),
        ("=", Op::Eq),
    ];
}

/// The key length and operator of `name:…`, `name<…` and the like.
fn qualifier_head(s: &str) -> Option<(usize, Op, usize)> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let key_len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    let rest = &s[key_len..];
    Op::ALL
        .into_iter()
        .find(|(sym, _)| rest.starts_with(sym))
        .map(|(sym, op)| (key_len, op, sym.len()))
}

/// A qualifier's value.
struct Val<'a> {
    text: &'a str,
    /// It began with a quote, so keywords such as `none` are literal.
    quoted: bool,
}

/// Adds one term to the filter.
fn term(f: &mut Filter, tok: &Token, now: Timestamp) -> Result<(), Error> {
    if tok.quote_at == Some(0) {
        if tok.text.trim().is_empty() {
            return Err(invalid(format!("{} is an empty phrase", quote(&tok.raw))));
        }
        f.text.push(tok.text.clone());
        return Ok(());
    }
    let plain = &tok.text[..tok.quote_at.unwrap_or(tok.text.len())];
    let (negated, body) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain),
    };
    if let Some((key_len, op, op_len)) = qualifier_head(body) {
        let key = body[..key_len].to_ascii_lowercase();
        // `a=b` is a word unless `a` is a qualifier someone misspelt.
        if op != Op::Eq || is_known(&key) {
            let start = usize::from(negated) + key_len + op_len;
            let value = Val {
                text: tok.text[start..].trim(),
                quoted: tok.quote_at == Some(start),
            };
            return qualifier(f, tok, negated, &key, op, value, now);
        }
    }
    if negated && tok.text.len() > 1 {
        return Err(invalid(format!(
            "{}: only tags can be excluded (-tag:NAME); quote a word starting with '-' to search for it",
            quote(&tok.raw)
        )));
    }
    f.text.push(tok.text.clone());
    Ok(())
}

/// Whether `key` (lowercase) names a qualifier.
fn is_known(key: &str) -> bool {
    matches!(
        key,
        "status"
            | "is"
            | "type"
            | "priority"
            | "assignee"
            | "requester"
            | "tag"
            | "updated"
            | "created"
    ) || key.starts_with("field.")
}

/// Adds one qualifier to the filter.
fn qualifier(
    f: &mut Filter,
    tok: &Token,
    negated: bool,
    key: &str,
    op: Op,
    value: Val<'_>,
    now: Timestamp,
) -> Result<(), Error> {
    let raw = tok.raw.as_str();
    if !is_known(key) {
        return Err(invalid(format!(
            "unknown qualifier {raw_q} (known: {QUALIFIERS}; quote it to search for the text)",
            raw_q = quote(raw)
        )));
    }
    if negated && key != "tag" {
        return Err(invalid(format!(
            "{raw_q}: only tags can be excluded (-tag:NAME)",
            raw_q = quote(raw)
        )));
    }
    if op == Op::Eq {
        return Err(invalid(format!(
            "{raw_q}: write {key}:VALUE, not {key}=VALUE",
            raw_q = quote(raw)
        )));
    }
    let timed = matches!(key, "updated" | "created");
    if op != Op::Is && !timed {
        return Err(invalid(format!(
            "{raw_q}: {key} takes ':' (only updated and created compare with <, <=, > or >=)",
            raw_q = quote(raw)
        )));
    }
    if value.text.is_empty() {
        return Err(invalid(format!(
            "{raw_q} has an empty value",
            raw_q = quote(raw)
        )));
    }
    let bad = |e: Error| invalid(format!("{raw_q}: {}", reason(e), raw_q = quote(raw)));
    match key {
        "status" => {
            let items = list(raw, value.text)?;
            if items.iter().any(|s| s.eq_ignore_ascii_case("all")) {
                if items.len() > 1 {
                    return Err(invalid(format!(
                        "{raw_q}: 'all' cannot be combined with other statuses",
                        raw_q = quote(raw)
                    )));
                }
                f.all = true;
                return Ok(());
            }
            let given = items
                .iter()
                .map(|s| s.parse::<Status>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(bad)?;
            narrow(&mut f.statuses, given, raw, "status")
        }
        "is" => {
            if !value.text.eq_ignore_ascii_case("all") {
                return Err(invalid(format!(
                    "{raw_q}: is: takes only 'all' (every status)",
                    raw_q = quote(raw)
                )));
            }
            f.all = true;
            Ok(())
        }
        "type" => {
            let given = list(raw, value.text)?
                .into_iter()
                .map(str::to_string)
                .collect();
            narrow(&mut f.types, given, raw, "type")
        }
        "priority" => {
            let given = list(raw, value.text)?
                .iter()
                .map(|s| s.parse::<Priority>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(bad)?;
            narrow(&mut f.priorities, given, raw, "priority")
        }
        "assignee" => {
            let given = if !value.quoted && value.text.eq_ignore_ascii_case("none") {
                None
            } else {
                Some(value.text.to_string())
            };
            match &f.assignee {
                None => f.assignee = Some(given),
                Some(have) if *have == given => {}
                Some(None) => {
                    return Err(invalid(format!(
                        "{raw_q} conflicts with unassigned tickets, already asked for",
                        raw_q = quote(raw)
                    )));
                }
                Some(Some(name)) => {
                    return Err(invalid(format!(
                        "{raw_q} conflicts with assignee {name_q}, already asked for",
                        raw_q = quote(raw),
                        name_q = quote(name)
                    )));
                }
            }
            Ok(())
        }
        "requester" => match &f.requester {
            None => {
                f.requester = Some(value.text.to_string());
                Ok(())
            }
            Some(name) if name == value.text => Ok(()),
            Some(name) => Err(invalid(format!(
                "{raw_q} conflicts with requester {name_q}, already asked for",
                raw_q = quote(raw),
                name_q = quote(name)
            ))),
        },
        "tag" => {
            let tag = validate_tag(value.text).map_err(bad)?;
            let tags = if negated {
                &mut f.without_tags
            } else {
                &mut f.tags
            };
            if !tags.contains(&tag) {
                tags.push(tag);
            }
            Ok(())
        }
        "updated" | "created" => {
            let point = PointInTime::from_arg(FIELD, value.text).map_err(bad)?;
            let (before, after) = if key == "updated" {
                (&mut f.updated_before, &mut f.updated_after)
            } else {
                (&mut f.created_before, &mut f.created_after)
            };
            let (from, until) = match op {
                Op::Lt => (None, Some(point.start(now))),
                Op::Le => (None, Some(point.end(now))),
                Op::Gt => (Some(point.end(now)), None),
                Op::Ge => (Some(point.start(now)), None),
                Op::Is | Op::Eq => {
                    if !matches!(
                        point,
                        PointInTime::Day(_) | PointInTime::Today | PointInTime::Yesterday
                    ) {
                        return Err(invalid(format!(
                            "{raw_q}: ':' takes a day (YYYY-MM-DD, today or yesterday); \
                             use {key}< or {key}> for other times",
                            raw_q = quote(raw)
                        )));
                    }
                    (Some(point.start(now)), Some(point.end(now)))
                }
            };
            if let Some(t) = until {
                *before = Some(before.map_or(t, |b| b.min(t)));
            }
            if let Some(t) = from {
                *after = Some(after.map_or(t, |a| a.max(t)));
            }
            Ok(())
        }
        _ => {
            let name = &key["field.".len()..];
            if name.is_empty() {
                return Err(invalid(format!(
                    "{raw_q} needs a field name (field.NAME:VALUE)",
                    raw_q = quote(raw)
                )));
            }
            let name = validate_ident("field", name).map_err(bad)?;
            let pair = (name, Value::String(value.text.to_string()));
            if !f.fields.contains(&pair) {
                f.fields.push(pair);
            }
            Ok(())
        }
    }
}

/// The comma-separated items of a value, none of them empty.
fn list<'a>(raw: &str, value: &'a str) -> Result<Vec<&'a str>, Error> {
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if items.iter().any(|s| s.is_empty()) {
        return Err(invalid(format!(
            "{raw_q} has an empty item",
            raw_q = quote(raw)
        )));
    }
    Ok(items)
}

/// Narrows `have` (empty: any) to the values also in `given`.
fn narrow<T: PartialEq + Clone + ToString>(
    have: &mut Vec<T>,
    given: Vec<T>,
    raw: &str,
    what: &str,
) -> Result<(), Error> {
    let mut wanted: Vec<T> = Vec::with_capacity(given.len());
    for g in given {
        if !wanted.contains(&g) {
            wanted.push(g);
        }
    }
    if have.is_empty() {
        *have = wanted;
        return Ok(());
    }
    let kept: Vec<T> = have
        .iter()
        .filter(|h| wanted.contains(h))
        .cloned()
        .collect();
    if kept.is_empty() {
        let names: Vec<String> = have.iter().map(ToString::to_string).collect();
        return Err(invalid(format!(
            "{raw_q} leaves no {what} to match (already limited to {})",
            names.join(", "),
            raw_q = quote(raw)
        )));
    }
    *have = kept;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-03-10T15:30:00Z".parse().unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn q(query: &str) -> Filter {
        filter(query, now()).unwrap_or_else(|e| panic!("{query}: {e}"))
    }

    /// The error message for a query that must fail.
    fn err(query: &str) -> String {
        match filter(query, now()) {
            Ok(f) => panic!("{query} parsed: {f:?}"),
            Err(Error::Invalid { field, reason }) => {
                assert_eq!(field, "query");
                reason
            }
            Err(other) => panic!("{query}: wrong error {other}"),
        }
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_example_query_compiles() {
        let f = q(
            r#"status:open,pending priority:urgent tag:vip -tag:spam assignee:none updated<7d created>2026-01-01 field.company:ACME "free text""#,
        );
        assert_eq!(
            f,
            Filter {
                statuses: vec![Status::Open, Status::Pending],
                priorities: vec![Priority::Urgent],
                tags: s(&["vip"]),
                without_tags: s(&["spam"]),
                assignee: Some(None),
                updated_before: Some(at("2026-03-03T15:30:00Z")),
                created_after: Some(at("2026-01-02T00:00:00Z")),
                fields: vec![("company".into(), Value::String("ACME".into()))],
                text: s(&["free text"]),
                ..Filter::default()
            }
        );
    }

    #[test]
    fn empty_queries_change_nothing() {
        assert_eq!(q(""), Filter::default());
        assert_eq!(q("  \t "), Filter::default());
    }

    #[test]
    fn statuses_take_names_codes_and_all() {
        assert_eq!(
            q("status:OPEN,2,0").statuses,
            [Status::Open, Status::New, Status::Solved]
        );
        assert_eq!(q("Status:closed").statuses, [Status::Closed]);
        let all = q("status:all");
        assert!(all.all && all.statuses.is_empty());
        assert!(q("is:all").all);
        assert!(q("IS:ALL").all);
        assert_eq!(
            err("status:open,bogus"),
            "'status:open,bogus': 'bogus' is not a status (new, open, pending, holding, solved, closed, or seed codes 2, 1, 0)"
        );
        assert_eq!(
            err("status:all,open"),
            "'status:all,open': 'all' cannot be combined with other statuses"
        );
        assert_eq!(
            err("is:open"),
            "'is:open': is: takes only 'all' (every status)"
        );
        assert_eq!(err("status:open,"), "'status:open,' has an empty item");
    }

    #[test]
    fn repeated_statuses_narrow_and_refuse_an_empty_choice() {
        assert_eq!(
            q("status:open,pending status:pending,solved").statuses,
            [Status::Pending]
        );
        assert_eq!(
            err("status:open status:closed"),
            "'status:closed' leaves no status to match (already limited to open)"
        );
    }

    #[test]
    fn types_and_priorities_are_lists() {
        let f = q("type:bug,question priority:urgent,important");
        assert_eq!(f.types, s(&["bug", "question"]));
        assert_eq!(f.priorities, [Priority::Urgent, Priority::Important]);
        assert_eq!(q("type:bug,question type:bug").types, s(&["bug"]));
        assert_eq!(
            err("priority:high"),
            "'priority:high': 'high' is not a priority (normal, important, urgent)"
        );
        assert!(err("type:bug type:question").starts_with("'type:question' leaves no type"));
    }

    #[test]
    fn assignee_and_requester() {
        assert_eq!(q("assignee:none").assignee, Some(None));
        assert_eq!(q("assignee:NONE").assignee, Some(None));
        assert_eq!(q(r#"assignee:"none""#).assignee, Some(Some("none".into())));
        assert_eq!(q("assignee:alice").assignee, Some(Some("alice".into())));
        assert_eq!(
            q(r#"assignee:"Alice Smith""#).assignee,
            Some(Some("Alice Smith".into()))
        );
        assert_eq!(q("requester:bob").requester.as_deref(), Some("bob"));
        assert_eq!(
            q("assignee:alice assignee:alice").assignee,
            Some(Some("alice".into()))
        );
        assert_eq!(
            err("assignee:alice assignee:bob"),
            "'assignee:bob' conflicts with assignee 'alice', already asked for"
        );
        assert_eq!(
            err("assignee:none assignee:bob"),
            "'assignee:bob' conflicts with unassigned tickets, already asked for"
        );
        assert_eq!(
            err("requester:a requester:b"),
            "'requester:b' conflicts with requester 'a', already asked for"
        );
    }

    #[test]
    fn tags_are_required_or_excluded() {
        let f = q("tag:vip tag:billing -tag:spam tag:vip");
        assert_eq!(f.tags, s(&["vip", "billing"]));
        assert_eq!(f.without_tags, s(&["spam"]));
        assert_eq!(err("tag:"), "'tag:' has an empty value");
        assert_eq!(err(r#"tag:"""#), r#"'tag:""' has an empty value"#);
        assert_eq!(
            err("tag:a,b"),
            "'tag:a,b': 'a,b' must not contain spaces or commas"
        );
        assert_eq!(
            err("-status:open"),
            "'-status:open': only tags can be excluded (-tag:NAME)"
        );
    }

    #[test]
    fn fields_take_a_name_and_a_raw_value() {
        let f = q(r#"field.company:"ACME Ltd" Field.Tier:2"#);
        assert_eq!(
            f.fields,
            [
                ("company".to_string(), Value::String("ACME Ltd".into())),
                ("tier".to_string(), Value::String("2".into())),
            ]
        );
        assert_eq!(
            err("field.:x"),
            "'field.:x' needs a field name (field.NAME:VALUE)"
        );
        assert!(err("field.a.b:x").starts_with("'field.a.b:x': 'a.b' must be"));
        assert_eq!(
            err("field.company=ACME"),
            "'field.company=ACME': write field.company:VALUE, not field.company=VALUE"
        );
        assert_eq!(
            err("colour:red"),
            "unknown qualifier 'colour:red' (known: status, is, type, priority, assignee, requester, tag, field.NAME, updated, created; quote it to search for the text)"
        );
        assert_eq!(err("field.company:"), "'field.company:' has an empty value");
    }

    #[test]
    fn relative_times_are_that_long_before_now() {
        let f = q("updated<7d created>36h");
        assert_eq!(f.updated_before, Some(at("2026-03-03T15:30:00Z")));
        assert_eq!(f.created_after, Some(at("2026-03-09T03:30:00.000001Z")));
        assert_eq!(f.updated_after, None);
        assert_eq!(f.created_before, None);
        let f = q(r#"updated>="2w ago" created<=1d12h"#);
        assert_eq!(f.updated_after, Some(at("2026-02-24T15:30:00Z")));
        assert_eq!(f.created_before, Some(at("2026-03-09T03:30:00.000001Z")));
    }

    #[test]
    fn day_times_count_whole_days() {
        let f = q("created>=2026-01-01 updated<2026-02-01");
        assert_eq!(f.created_after, Some(at("2026-01-01T00:00:00Z")));
        assert_eq!(f.updated_before, Some(at("2026-02-01T00:00:00Z")));
        let f = q("created>2026-01-31 updated<=yesterday");
        assert_eq!(f.created_after, Some(at("2026-02-01T00:00:00Z")));
        assert_eq!(f.updated_before, Some(at("2026-03-10T00:00:00Z")));
        let f = q("created:2026-01-31 updated:today");
        assert_eq!(f.created_after, Some(at("2026-01-31T00:00:00Z")));
        assert_eq!(f.created_before, Some(at("2026-02-01T00:00:00Z")));
        assert_eq!(f.updated_after, Some(at("2026-03-10T00:00:00Z")));
        assert_eq!(f.updated_before, Some(at("2026-03-11T00:00:00Z")));
        let f = q("updated<2026-03-01T12:00:00Z created>now");
        assert_eq!(f.updated_before, Some(at("2026-03-01T12:00:00Z")));
        assert_eq!(f.created_after, Some(at("2026-03-10T15:30:00.000001Z")));
    }

    #[test]
    fn repeated_times_keep_the_tightest_bounds() {
        let f = q("updated<2026-03-01 updated<7d updated>2026-01-01 updated>=2025-01-01");
        assert_eq!(f.updated_before, Some(at("2026-03-01T00:00:00Z")));
        assert_eq!(f.updated_after, Some(at("2026-01-02T00:00:00Z")));
    }

    #[test]
    fn bad_times_name_the_token() {
        assert_eq!(
            err("updated<soon"),
            "'updated<soon': 'soon' is not a time (RFC 3339, YYYY-MM-DD, today, yesterday, now, or an age like 7d)"
        );
        assert_eq!(err("created>"), "'created>' has an empty value");
        assert_eq!(
            err("updated:7d"),
            "'updated:7d': ':' takes a day (YYYY-MM-DD, today or yesterday); use updated< or updated> for other times"
        );
        assert_eq!(
            err("status<open"),
            "'status<open': status takes ':' (only updated and created compare with <, <=, > or >=)"
        );
        assert!(err("updated<1M").starts_with("'updated<1M': '1M': months and years"));
    }

    #[test]
    fn words_and_phrases_are_text() {
        let f = q(r#"printer "out of paper"  jammed"#);
        assert_eq!(f.text, s(&["printer", "out of paper", "jammed"]));
        assert_eq!(q(r#""status:open""#).text, s(&["status:open"]));
        assert_eq!(q(r#""-urgent""#).text, s(&["-urgent"]));
        assert_eq!(
            q("12:30 <3 :) a=b -").text,
            s(&["12:30", "<3", ":)", "a=b", "-"])
        );
        assert_eq!(q("naïve café").text, s(&["naïve", "café"]));
    }

    #[test]
    fn quotes_escape_and_must_close() {
        assert_eq!(
            q(r#""say \"hi\" \\ there" "a\b""#).text,
            s(&[r#"say "hi" \ there"#, r"a\b"])
        );
        assert_eq!(
            q(r#"field.note:"a \"b\"""#).fields[0].1,
            Value::String(r#"a "b""#.into())
        );
        assert_eq!(
            err(r#"tag:vip "out of paper"#),
            r#"unterminated quote in '"out of paper'"#
        );
        assert_eq!(
            err(r#"field.company:"ACME"#),
            r#"unterminated quote in 'field.company:"ACME'"#
        );
        assert_eq!(err(r#""""#), r#"'""' is an empty phrase"#);
    }

    #[test]
    fn unknown_qualifiers_and_negated_words_are_refused() {
        assert!(err("colour:red").starts_with("unknown qualifier 'colour:red' (known: status,"));
        assert!(err("https://example.com").starts_with("unknown qualifier 'https://example.com'"));
        assert_eq!(
            err("-spam"),
            "'-spam': only tags can be excluded (-tag:NAME); quote a word starting with '-' to search for it"
        );
    }

    #[test]
    fn queries_narrow_an_existing_filter() {
        let mut f = Filter {
            statuses: vec![Status::Open, Status::Pending],
            tags: s(&["vip"]),
            assignee: Some(Some("alice".into())),
            updated_before: Some(at("2026-03-01T00:00:00Z")),
            ..Filter::default()
        };
        apply(
            &mut f,
            "status:pending,closed tag:billing updated<7d word",
            now(),
        )
        .unwrap();
        assert_eq!(f.statuses, [Status::Pending]);
        assert_eq!(f.tags, s(&["vip", "billing"]));
        assert_eq!(f.assignee, Some(Some("alice".into())));
        assert_eq!(f.updated_before, Some(at("2026-03-01T00:00:00Z")));
        assert_eq!(f.text, s(&["word"]));

        let before = f.clone();
        let e = apply(&mut f, "tag:more assignee:bob", now()).unwrap_err();
        assert!(e.to_string().contains("'assignee:bob' conflicts"));
        assert_eq!(f, before, "a failed query leaves the filter as it was");

        let mut all = Filter {
            statuses: vec![Status::Open],
            ..Filter::default()
        };
        apply(&mut all, "is:all", now()).unwrap();
        assert_eq!(all.effective_statuses(), Some(vec![Status::Open]));
    }
}
