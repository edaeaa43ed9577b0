//! SQL built from a query: the WHERE clause of a filter, the ORDER BY of
//! a sort, and the id selection of a window.

use super::*;

/// The condition of the `state_by_assignee` index, as its schema spells it.
pub(super) const OPEN_WORK: &str = "s.status IN ('new','open','pending','holding')";

/// Whole tickets: each state row with its ticket (every ticket has one).
pub(super) const TICKETS: &str = "ticket_state s JOIN tickets t ON t.id = s.id";

/// What a query over tickets reads from: the narrow state rows alone when
/// it names no `tickets` column (a count by status then never reads the
/// wide rows), or whole tickets.
pub(super) fn tickets_from(reads_tickets: bool) -> &'static str {
    if reads_tickets {
        TICKETS
    } else {
        "ticket_state s"
    }
}

/// The distinct tags of a filter that asks for nothing but tags (every
/// status, no other condition).
pub(super) fn tags_only(filter: &Filter) -> Option<Vec<String>> {
    let rest = Filter {
        tags: Vec::new(),
        ..filter.clone()
    };
    if filter.tags.is_empty()
        || rest.effective_statuses().is_some()
        || rest
            != (Filter {
                all: rest.all,
                ..Filter::default()
            })
    {
        return None;
    }
    let mut tags = filter.tags.clone();
    tags.sort();
    tags.dedup();
    Some(tags)
}

/// A WHERE clause built from a [`Filter`].
pub(super) struct Where {
    /// `WHERE …`, or nothing.
    pub(super) clause: String,
    pub(super) params: Vec<SqlValue>,
    /// Whether a condition names a column of `tickets` (`t`), not only of
    /// `ticket_state` (`s`).
    pub(super) reads_tickets: bool,
}

/// The WHERE clause of a [`Filter`], with its parameters.
pub(super) fn where_clause(filter: &Filter) -> Where {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    // Set by every condition on a `tickets` column (alias `t`).
    let mut reads_tickets = false;
    let mut any_of = |column: &str, values: Vec<String>, conds: &mut Vec<String>| {
        let marks = vec!["?"; values.len()].join(", ");
        conds.push(format!("{column} IN ({marks})"));
        params.extend(values.into_iter().map(SqlValue::Text));
    };
    if let Some(statuses) = filter.effective_statuses() {
        any_of(
            "s.status",
            statuses.iter().map(|s| s.as_str().to_string()).collect(),
            &mut conds,
        );
    }
    if !filter.types.is_empty() {
        any_of("t.type", filter.types.clone(), &mut conds);
        reads_tickets = true;
    }
    if !filter.priorities.is_empty() {
        any_of(
            "s.priority",
            filter
                .priorities
                .iter()
                .map(|p| p.as_str().to_string())
                .collect(),
            &mut conds,
        );
    }
    match &filter.assignee {
        Some(Some(a)) => {
            conds.push("s.assignee = ?".into());
            params.push(SqlValue::Text(a.clone()));
        }
        Some(None) => conds.push("s.assignee IS NULL".into()),
        None => {}
    }
    // The people index holds open work only; SQLite uses it when the query
    // repeats the index's own condition, word for word.
    if filter.assignee.is_some()
        && filter
            .effective_statuses()
            .is_some_and(|all| all.iter().all(|s| s.is_open_work()))
    {
        conds.push(OPEN_WORK.into());
    }
    if let Some(r) = &filter.requester {
        conds.push("t.requester = ?".into());
        params.push(SqlValue::Text(r.clone()));
        reads_tickets = true;
    }
    if let Some(id) = filter.below_id {
        conds.push("s.id < ?".into());
        params.push(SqlValue::Integer(id));
    }
    // With every status admitted, the tag index drives the query (tagged
    // ids, then their tickets); with a status filter the status index is
    // usually narrower, and each candidate's tags are probed instead.
    let tag_condition = if filter.effective_statuses().is_none() {
        "s.id IN (SELECT g.ticket_id FROM ticket_tags g WHERE g.tag = ?)"
    } else {
        "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag = ? AND g.ticket_id = s.id)"
    };
    for tag in &filter.tags {
        conds.push(tag_condition.into());
        params.push(SqlValue::Text(tag.clone()));
    }
    for tag in &filter.without_tags {
        conds.push(
            "NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tag = ? AND g.ticket_id = s.id)"
                .into(),
        );
        params.push(SqlValue::Text(tag.clone()));
    }
    for word in &filter.text {
        conds.push(
            "(instr(lower(t.subject), lower(?)) > 0 OR instr(lower(t.question), lower(?)) > 0 \
             OR instr(lower(coalesce(t.field_text, '')), lower(?)) > 0 \
             OR EXISTS (SELECT 1 FROM replies r WHERE r.ticket_id = s.id AND instr(lower(r.text), lower(?)) > 0))"
                .into(),
        );
        params.extend(std::iter::repeat_n(SqlValue::Text(word.clone()), 4));
        reads_tickets = true;
    }
    for (name, value) in &filter.fields {
        conds.push("json_extract(t.fields, ?) = ?".into());
        reads_tickets = true;
        params.push(SqlValue::Text(format!("$.\"{name}\"")));
        params.push(match value {
            Value::Bool(b) => SqlValue::Integer(*b as i64),
            Value::Number(n) => match n.as_i64() {
                Some(i) => SqlValue::Integer(i),
                None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => SqlValue::Text(s.clone()),
            other => SqlValue::Text(other.to_string()),
        });
    }
    if let Some(t) = &filter.updated_before {
        conds.push("s.updated_at < ?".into());
        params.push(SqlValue::Integer(t.micros()));
    }
    if let Some(t) = &filter.updated_after {
        conds.push("s.updated_at >= ?".into());
        params.push(SqlValue::Integer(t.micros()));
    }
    for (column, op, time) in [
        ("t.created_at", "<", &filter.created_before),
        ("t.created_at", ">=", &filter.created_after),
    ] {
        if let Some(t) = time {
            conds.push(format!("{column} {op} ?"));
            params.push(SqlValue::Text(t.to_string()));
            reads_tickets = true;
        }
    }
    let clause = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Where {
        clause,
        params,
        reads_tickets,
    }
}

/// `SELECT s.id …` for a query, with its parameters.
pub(super) fn select_ids(query: &Query) -> (String, Vec<SqlValue>) {
    let Where {
        clause,
        mut params,
        reads_tickets,
    } = where_clause(&query.filter);
    let (order, sorts_by_ticket) = order_clause(query);
    let from = tickets_from(reads_tickets || sorts_by_ticket);
    params.push(SqlValue::Integer(
        query
            .window
            .limit
            .map_or(-1, |l| l.min(i64::MAX as u64) as i64),
    ));
    params.push(SqlValue::Integer(
        query.window.offset.min(i64::MAX as u64) as i64
    ));
    (
        format!("SELECT s.id FROM {from} {clause} {order} LIMIT ? OFFSET ?"),
        params,
    )
}

/// The ORDER BY of a query, and whether its key is a `tickets` column.
pub(super) fn order_clause(query: &Query) -> (String, bool) {
    let dir = if query.sort.descending { "DESC" } else { "ASC" };
    let key = match query.sort.key {
        SortKey::Id => return (format!("ORDER BY s.id {dir}"), false),
        SortKey::Created => "t.created_at",
        SortKey::Updated => "s.updated_at",
        SortKey::Priority => {
            "CASE s.priority WHEN 'normal' THEN 0 WHEN 'important' THEN 1 ELSE 2 END"
        }
        SortKey::Status => {
            "CASE s.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
             WHEN 'holding' THEN 3 WHEN 'solved' THEN 4 ELSE 5 END"
        }
        SortKey::Type => "t.type",
        SortKey::Subject => "t.subject",
        SortKey::Assignee => "s.assignee",
        SortKey::Requester => "t.requester",
    };
    (
        format!("ORDER BY {key} {dir}, s.id {dir}"),
        key.starts_with("t."),
    )
}
