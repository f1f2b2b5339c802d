//! Reading a whole bundle: every table row by row, then the references between them.
//! Tables are read in dependency order so that a reference can be checked as soon as its
//! row is read; a table that could not be read is not checked against, so that one broken
//! file does not bury the others in follow-on errors.

pub(crate) mod forecast;
mod geography;
pub(crate) mod history;
pub(crate) mod intake;
mod people;
mod placement;
mod planning;
mod preferences;
pub(crate) mod register;

use crate::error::Errors;
use crate::meta;
use crate::source::{Row, Source, TableStatus};
use landa_model::Scenario;
use std::collections::HashMap;

/// Reads every table; the scenario is `Some` whenever `scenario.toml` was, but it is
/// complete only when `errors` stayed empty.
pub(crate) fn scenario(source: &mut Source, errors: &mut Errors) -> Option<Scenario> {
    let meta = meta::read(source, errors);
    let year = meta.as_ref().map_or(0, |m| m.year);
    let geography = geography::read(source, errors);
    let people = people::read(source, &geography.municipalities, errors);
    let placement = placement::read(
        source,
        &geography.municipalities,
        &people.households,
        errors,
    );
    let planning = planning::read(source, year, &geography.municipalities, errors);
    let preferences = preferences::read(
        source,
        &geography.regions,
        &geography.municipalities,
        &people.households,
        errors,
    );
    Some(Scenario {
        meta: meta?,
        regions: geography.regions.values,
        municipalities: geography.municipalities.values,
        households: people.households.values,
        persons: people.persons,
        capacities: placement.capacities,
        dwellings: placement.dwellings,
        scores: placement.scores,
        request_rounds: planning.request_rounds,
        decisions: planning.decisions,
        preferences: preferences.preferences,
        priorities: preferences.priorities,
        criteria: preferences.criteria,
    })
}

/// The values read from a table whose rows others refer to, and the keys (codes, ids)
/// of all its rows, including rows that failed for another reason, so that a reference to
/// them is not reported as dangling on top of that reason.
pub(crate) struct Indexed<T> {
    pub values: Vec<T>,
    keys: Keys,
    status: TableStatus,
    label: String,
    /// What a key names, for messages: "municipality", "household".
    noun: &'static str,
}

impl<T> Indexed<T> {
    fn new(label: String, noun: &'static str) -> Self {
        Indexed {
            values: Vec::new(),
            keys: Keys::default(),
            status: TableStatus::Absent,
            label,
            noun,
        }
    }

    /// A table known only by its keys, given from elsewhere rather than read (an intake's
    /// municipalities): references into it are checked; it has no values.
    fn known<'k>(
        label: String,
        noun: &'static str,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Self {
        let mut indexed = Indexed::new(label, noun);
        for key in keys {
            if !indexed.keys.ordinals.contains_key(key) {
                let ordinal = indexed.keys.lines.len();
                indexed.keys.ordinals.insert(key.to_owned(), ordinal);
                indexed.keys.lines.push(0);
            }
        }
        indexed.status = TableStatus::Read;
        indexed
    }

    /// Checks that `key` (in `column` of `row`) is in this table. Returns its ordinal when
    /// it is; when this table could not be read nothing is checked or returned.
    fn reference(&self, row: &mut Row<'_>, column: &str, key: &str) -> Option<usize> {
        if self.status == TableStatus::Incomplete {
            return None;
        }
        let found = self.keys.get(key);
        if found.is_none() {
            row.error(
                column,
                format!("unknown {} {key}: it is not in {}", self.noun, self.label),
            );
        }
        found
    }
}

/// Keys of one table in the order first seen, with the row each was first given on.
#[derive(Default)]
pub(crate) struct Keys {
    ordinals: HashMap<String, usize>,
    lines: Vec<usize>,
}

impl Keys {
    /// Registers `key` of `column` on `row`: its ordinal, or `None` after reporting it as
    /// a duplicate of an earlier row.
    fn insert_unique(&mut self, row: &mut Row<'_>, column: &str, key: &str) -> Option<usize> {
        if let Some(&ordinal) = self.ordinals.get(key) {
            let first = self.lines[ordinal];
            row.error(
                column,
                format!("duplicate {column} {key}: first given on row {first}"),
            );
            return None;
        }
        let ordinal = self.lines.len();
        self.ordinals.insert(key.to_owned(), ordinal);
        self.lines.push(row.line());
        Some(ordinal)
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    fn get(&self, key: &str) -> Option<usize> {
        self.ordinals.get(key).copied()
    }

    fn line(&self, ordinal: usize) -> Option<usize> {
        self.lines.get(ordinal).copied()
    }
}
