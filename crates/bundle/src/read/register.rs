//! A file of integration register entries: per row a person's programme (`entry` =
//! `programme`) or status at a checkpoint (`entry` = `status`), each value read with its
//! row and column, a programme checked whole. Whether the persons are the uploader's and
//! the dates have come is the application's to judge.

use crate::error::Errors;
use crate::schema::register::*;
use crate::source::{self, Row};
use crate::values;
use landa_model::{
    Activity, Checkpoint, EndReason, MunicipalityCode, PersonId, Programme, ProgrammeGoal,
    ValueError,
};

/// What a row records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterEntry {
    Programme(Programme),
    /// No `living_in`: where the person settled.
    Status {
        checkpoint: Checkpoint,
        activity: Activity,
        living_in: Option<MunicipalityCode>,
    },
}

/// One row of a register file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The file's line it was given on.
    pub line: usize,
    pub person: PersonId,
    pub entry: RegisterEntry,
}

fn entry_kind(text: &str) -> Result<bool, ValueError> {
    match text.trim() {
        "programme" => Ok(true),
        "status" => Ok(false),
        other => Err(ValueError::expected("programme or status", other)),
    }
}

/// A cell of the other kind of entry must be blank: a value there is in the wrong column.
fn blank(row: &mut Row, columns: &[&str], kind: &str) {
    for column in columns {
        if !row.cell(column).is_empty() {
            row.error(
                column,
                format!("only for another entry than {kind}; leave it blank"),
            );
        }
    }
}

fn programme(row: &mut Row) -> Option<RegisterEntry> {
    blank(row, &STATUS_COLUMNS, "a programme");
    let decided_on = row.value(DECIDED_ON, values::date);
    let started_on = row.optional(STARTED_ON, values::date);
    let goal = row.value(GOAL, values::model::<ProgrammeGoal>);
    let ended_on = row.optional(ENDED_ON, values::date);
    let end_reason = row.optional(END_REASON, values::model::<EndReason>);
    if !row.is_clean() {
        return None;
    }
    match Programme::new(decided_on?, started_on, goal?, ended_on, end_reason) {
        Ok(programme) => Some(RegisterEntry::Programme(programme)),
        Err((field, error)) => {
            row.error(field, error.to_string());
            None
        }
    }
}

fn status(row: &mut Row) -> Option<RegisterEntry> {
    blank(row, &PROGRAMME_COLUMNS, "a status");
    let checkpoint = row.value(CHECKPOINT, values::model::<Checkpoint>);
    let activity = row.value(ACTIVITY, values::model::<Activity>);
    let living_in = row.optional(LIVING_IN, values::model::<MunicipalityCode>);
    if !row.is_clean() {
        return None;
    }
    Some(RegisterEntry::Status {
        checkpoint: checkpoint?,
        activity: activity?,
        living_in,
    })
}

/// The rows of an uploaded register file: a workbook (its sheet `register`, failing that
/// its first) when the name or content says so, CSV otherwise.
pub(crate) fn read_bytes(file_name: &str, bytes: &[u8], errors: &mut Errors) -> Vec<RegisterRow> {
    let Some(mut source) = source::one_table(&TABLE, file_name, bytes, errors) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let person = row.value(PERSON, values::model::<PersonId>);
        let entry = match row.value(ENTRY, entry_kind) {
            Some(true) => programme(row),
            Some(false) => status(row),
            None => None,
        };
        if let (Some(person), Some(entry)) = (person, entry) {
            rows.push(RegisterRow {
                line: row.line(),
                person,
                entry,
            });
        }
    });
    rows
}
