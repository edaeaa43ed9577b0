//! Interactive prompts (dialoguer), shown only when stdin and stderr are
//! terminals: they fill in what a command was not given.

use dialoguer::console::Term;
use dialoguer::{Input, Select};
use ticket::error::Wanted;
use ticket::model::NewTicket;
use ticket::{Desk, Error};

fn prompt_error(e: dialoguer::Error) -> Error {
    Error::invalid("prompt", e.to_string())
}

/// Asks for the type, the question and every required custom field of the
/// chosen type that `input` lacks, validating each answer as typed.
pub fn complete_new_ticket(desk: &mut Desk, input: &mut NewTicket) -> Result<(), Error> {
    let term = Term::stderr();
    if input.kind.as_deref().is_none_or(|k| k.trim().is_empty()) {
        let types = desk.ticket_types()?;
        let items: Vec<String> = types
            .iter()
            .map(|t| format!("{:<10} {} / {}", t.name, t.label_zh, t.label_en))
            .collect();
        let choice = Select::new()
            .with_prompt("Type")
            .items(&items)
            .default(0)
            .interact_on(&term)
            .map_err(prompt_error)?;
        input.kind = Some(types[choice].name.clone());
    }
    if input
        .question
        .as_deref()
        .is_none_or(|q| q.trim().is_empty())
    {
        let q: String = Input::new()
            .with_prompt("Question")
            .validate_with(|s: &String| {
                if s.trim().is_empty() {
                    Err("the question must not be empty")
                } else {
                    Ok(())
                }
            })
            .interact_text_on(&term)
            .map_err(prompt_error)?;
        input.question = Some(q);
    }
    let missing = desk.missing(input)?;
    let defs = desk.field_defs()?;
    for name in missing.iter().filter_map(|m| match m {
        Wanted::Field(name) => Some(name),
        Wanted::Value(_) => None,
    }) {
        let Some(def) = defs.iter().find(|d| d.name == *name) else {
            continue;
        };
        let value: String = Input::new()
            .with_prompt(format!("{} ({}, {})", def.label, def.name, def.kind))
            .validate_with(|s: &String| def.parse(s).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text_on(&term)
            .map_err(prompt_error)?;
        input.fields.push((def.name.clone(), value));
    }
    Ok(())
}

/// Asks for a reply's text.
pub fn reply_text() -> Result<String, Error> {
    Input::new()
        .with_prompt("Reply")
        .validate_with(|s: &String| {
            if s.trim().is_empty() {
                Err("the reply must not be empty")
            } else {
                Ok(())
            }
        })
        .interact_text_on(&Term::stderr())
        .map_err(prompt_error)
}
