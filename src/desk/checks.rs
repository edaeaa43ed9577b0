//! Validation shared by the desk's operations: filters, new tickets,
//! patches, versions and images, checked before anything is written.

use super::*;

pub(super) fn check_version(ticket: &Ticket, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != ticket.version => Err(Error::Conflict {
            id: ticket.id,
            expected: v,
            found: ticket.version,
        }),
        _ => Ok(()),
    }
}

pub(super) fn validate_image(raw: &str) -> Result<String> {
    let u = url::Url::parse(raw.trim()).map_err(|_| {
        Error::invalid("image", format!("{raw_q} is not a URL", raw_q = quote(raw)))
    })?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(Error::invalid(
            "image",
            format!("{raw_q} is not an http(s) URL", raw_q = quote(raw)),
        ));
    }
    Ok(raw.trim().to_string())
}

pub(super) fn optional_name(field: &str, value: &Option<String>) -> Result<Option<String>> {
    value
        .as_deref()
        .map(|v| model::validate_name(field, v))
        .transpose()
}

pub(super) fn missing_values(txn: &dyn Txn, input: &NewTicket) -> Result<Vec<Wanted>> {
    let kind = input_type(input)
        .map(|k| txn.ticket_type(k))
        .transpose()?
        .flatten();
    Ok(missing_from(input, kind.as_ref()))
}

/// The type a new ticket names, trimmed; `None` when it names none.
fn input_type(input: &NewTicket) -> Option<&str> {
    input
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

/// What a new ticket of `kind` (the stored type it names, if any) still
/// needs: see [`missing_values`].
fn missing_from(input: &NewTicket, kind: Option<&TicketType>) -> Vec<Wanted> {
    let mut missing = Vec::new();
    if input_type(input).is_none() {
        missing.push(Wanted::Value("type"));
    }
    if input
        .question
        .as_deref()
        .is_none_or(|q| q.trim().is_empty())
    {
        missing.push(Wanted::Value("question"));
    }
    for f in kind.iter().flat_map(|k| &k.fields).filter(|f| f.required) {
        if !input
            .fields
            .iter()
            .any(|(n, v)| *n == f.name && !v.trim().is_empty())
        {
            missing.push(Wanted::Field(f.name.clone()));
        }
    }
    missing
}

/// Validates a new ticket completely and returns it, unsaved. Reads only
/// the desk's configuration: its type, and the field definitions when it
/// has fields.
pub(super) fn prepare_ticket(
    txn: &dyn Txn,
    actor: &str,
    now: Timestamp,
    input: NewTicket,
) -> Result<Ticket> {
    let name = input_type(&input).unwrap_or_default();
    let kind = match name {
        "" => None,
        name => txn.ticket_type(name)?,
    };
    let missing = missing_from(&input, kind.as_ref());
    if !missing.is_empty() {
        return Err(Error::Missing { fields: missing });
    }
    let kind = kind.ok_or_else(|| unknown_type(txn, name))?;
    let question = model::validate_text("question", input.question.as_deref().unwrap_or_default())?;
    let subject = match &input.subject {
        Some(s) => model::validate_subject(s)?,
        None => model::subject_from_question(&question),
    };
    let requester = match &input.requester {
        Some(r) => model::validate_name("requester", r)?,
        None => actor.to_string(),
    };
    let defs = if input.fields.is_empty() {
        Vec::new()
    } else {
        txn.field_defs()?
    };
    let mut fields = Map::new();
    for (name, raw) in &input.fields {
        let (def, _) = field_of(&defs, &kind, name)?;
        fields.insert(def.name.clone(), def.parse(raw)?);
    }
    Ok(Ticket {
        id: 0,
        kind: kind.name,
        subject,
        question,
        status: Status::New,
        priority: input.priority.unwrap_or_default(),
        support: input.support,
        committer: actor.to_string(),
        requester,
        assignee: optional_name("assignee", &input.assignee)?,
        group: optional_name("group", &input.group)?,
        organization: optional_name("organization", &input.organization)?,
        channel: input.channel.unwrap_or_default(),
        tags: model::normalise_tags(&input.tags)?,
        fields,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// The definition of a field attached to a type, and whether it is required there.
pub(super) fn field_of<'d>(
    defs: &'d [FieldDef],
    kind: &TicketType,
    name: &str,
) -> Result<(&'d FieldDef, bool)> {
    let name = name.trim();
    let attached = kind.fields.iter().find(|f| f.name == name).ok_or_else(|| {
        let names: Vec<_> = kind.fields.iter().map(|f| f.name.as_str()).collect();
        let known = if names.is_empty() {
            "it has none".to_string()
        } else {
            names.join(", ")
        };
        Error::invalid(
            format!("field {name}"),
            format!("not a field of type '{}' ({known})", kind.name),
        )
    })?;
    let def = defs
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| Error::not_found("field", name))?;
    Ok((def, attached.required))
}

/// Applies a patch to a copy of a ticket, validating every value.
pub(super) fn apply_patch(txn: &dyn Txn, before: &Ticket, patch: &TicketPatch) -> Result<Ticket> {
    let mut t = before.clone();
    if let Some(s) = &patch.subject {
        t.subject = model::validate_subject(s)?;
    }
    if let Some(p) = patch.priority {
        t.priority = p;
    }
    if let Some(s) = patch.support {
        t.support = s;
    }
    if let Some(a) = &patch.assignee {
        t.assignee = optional_name("assignee", a)?;
    }
    if let Some(g) = &patch.group {
        t.group = optional_name("group", g)?;
    }
    if let Some(o) = &patch.organization {
        t.organization = optional_name("organization", o)?;
    }
    for change in &patch.tags {
        match change {
            TagChange::Add(tag) => t.tags.push(model::validate_tag(tag)?),
            TagChange::Remove(tag) => {
                let tag = model::validate_tag(tag)?;
                t.tags.retain(|x| *x != tag);
            }
        }
    }
    t.tags = model::normalise_tags(&t.tags)?;
    let kind = known_type(txn, patch.kind.as_deref().unwrap_or(&before.kind).trim())?;
    t.kind = kind.name.clone();
    let defs = txn.field_defs()?;
    for (name, raw) in &patch.fields {
        let (def, required) = field_of(&defs, &kind, name)?;
        if raw.trim().is_empty() {
            if required {
                return Err(Error::invalid(
                    format!("field {name}"),
                    format!("is required for type '{}'", kind.name),
                ));
            }
            t.fields.remove(&def.name);
        } else {
            t.fields.insert(def.name.clone(), def.parse(raw)?);
        }
    }
    // Every value must belong to the (possibly new) type, and every required
    // field of it must be set.
    if let Some(stray) = t
        .fields
        .keys()
        .find(|k| !kind.fields.iter().any(|f| f.name == **k))
    {
        return Err(Error::FieldNotOfType {
            field: stray.clone(),
            kind: kind.name.clone(),
        });
    }
    let missing: Vec<Wanted> = kind
        .fields
        .iter()
        .filter(|f| f.required && !t.fields.contains_key(&f.name))
        .map(|f| Wanted::Field(f.name.clone()))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Missing { fields: missing });
    }
    Ok(t)
}

/// Types the custom-field values of a filter by their definitions.
/// A filter checked the way every name is checked where it is written:
/// types and custom fields must exist (a misspelt one is an error, not an
/// empty result), tags and people are valid names, and field values are
/// parsed to their kinds.
pub(super) fn checked_filter(txn: &dyn Txn, filter: &Filter) -> Result<Filter> {
    let mut checked = filter.clone();
    for name in &filter.types {
        known_type(txn, name)?;
    }
    for tag in checked
        .tags
        .iter_mut()
        .chain(checked.without_tags.iter_mut())
    {
        *tag = model::validate_tag(tag)?;
    }
    if let Some(Some(assignee)) = &mut checked.assignee {
        *assignee = model::validate_name("assignee", assignee)?;
    }
    if let Some(requester) = &mut checked.requester {
        *requester = model::validate_name("requester", requester)?;
    }
    if !filter.fields.is_empty() {
        let defs = txn.field_defs()?;
        for (name, value) in &mut checked.fields {
            let def = known_field(&defs, name)?;
            if let Value::String(raw) = value {
                *value = def.parse(raw)?;
            }
        }
    }
    Ok(checked)
}

/// The definition of the custom field `name`.
pub(super) fn known_field<'d>(defs: &'d [FieldDef], name: &str) -> Result<&'d FieldDef> {
    defs.iter().find(|d| d.name == name).ok_or_else(|| {
        let known: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        Error::invalid(
            format!("field {}", crate::error::cut(name)),
            format!("no such custom field ({})", known.join(", ")),
        )
    })
}
