//! Ticket types and custom field definitions.

use super::*;

impl Desk {
    /// The type a ticket takes when whoever files it names none (seed 2
    /// makes the type optional): the first type of the catalog.
    pub fn default_type(&self) -> Result<String> {
        let txn = self.store.read()?;
        txn.ticket_types()?
            .into_iter()
            .next()
            .map(|t| t.name)
            .ok_or_else(|| Error::invalid("type", "this desk has no ticket types; add one first"))
    }

    /// Every ticket type.
    pub fn ticket_types(&self) -> Result<Vec<TicketType>> {
        self.store.read()?.ticket_types()
    }

    /// Adds a ticket type.
    pub fn add_type(
        &self,
        commit: Commit,
        name: &str,
        label_zh: &str,
        label_en: &str,
    ) -> Result<TicketType> {
        let name = model::validate_ident("type name", name)?;
        let label_en = if label_en.trim().is_empty() {
            name.clone()
        } else {
            model::validate_name("label", label_en)?
        };
        let label_zh = if label_zh.trim().is_empty() {
            label_en.clone()
        } else {
            model::validate_name("label", label_zh)?
        };
        let txn = self.store.write()?;
        if txn.ticket_type(&name)?.is_some() {
            return Err(Error::invalid(
                "type name",
                format!("type {name_q} already exists", name_q = quote(&name)),
            ));
        }
        let kind = TicketType {
            name,
            label_zh,
            label_en,
            fields: vec![],
        };
        txn.insert_ticket_type(&kind)?;
        Self::finish(commit, txn)?;
        Ok(kind)
    }

    /// Every custom field definition.
    pub fn field_defs(&self) -> Result<Vec<FieldDef>> {
        self.store.read()?.field_defs()
    }

    /// Adds a custom field definition and attaches it to types, `(type,
    /// required)`, in one transaction.
    pub fn add_field(
        &self,
        commit: Commit,
        def: FieldDef,
        attach: &[(String, bool)],
    ) -> Result<FieldDef> {
        let txn = self.store.write()?;
        if txn.field_defs()?.iter().any(|f| f.name == def.name) {
            return Err(Error::invalid(
                "field name",
                format!("field '{}' already exists", def.name),
            ));
        }
        txn.insert_field_def(&def)?;
        for (kind, required) in attach {
            known_type(txn.as_ref(), kind)?;
            txn.attach_field(
                kind,
                &TypeField {
                    name: def.name.clone(),
                    required: *required,
                },
            )?;
        }
        Self::finish(commit, txn)?;
        Ok(def)
    }

    /// Attaches an existing field to a type, or changes whether it is
    /// required there.
    pub fn attach_field(
        &self,
        commit: Commit,
        kind: &str,
        field: &str,
        required: bool,
    ) -> Result<TicketType> {
        let txn = self.store.write()?;
        known_type(txn.as_ref(), kind)?;
        if !txn.field_defs()?.iter().any(|f| f.name == field) {
            return Err(Error::not_found("field", field));
        }
        txn.attach_field(
            kind,
            &TypeField {
                name: field.to_string(),
                required,
            },
        )?;
        let updated = known_type(txn.as_ref(), kind)?;
        Self::finish(commit, txn)?;
        Ok(updated)
    }
}
