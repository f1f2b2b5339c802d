//! requests.csv (anmodning / kommuntal) and decisions.csv (vedtak).

use super::{Indexed, Keys};
use crate::error::Errors;
use crate::schema::{decisions, requests};
use crate::source::{Row, Source};
use crate::values;
use landa_model::{
    DecidingBody, MunicipalDecision, MunicipalRequest, Municipality, MunicipalityCode, RequestRound,
};
use std::collections::HashMap;

pub(crate) struct Planning {
    pub request_rounds: Vec<RequestRound>,
    pub decisions: Vec<MunicipalDecision>,
}

pub(crate) fn read(
    source: &mut Source,
    year: i32,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Planning {
    Planning {
        request_rounds: read_requests(source, year, municipalities, errors),
        decisions: read_decisions(source, year, municipalities, errors),
    }
}

/// A round being collected from its rows, which need not be adjacent.
struct RoundRows {
    round: RequestRound,
    first_line: usize,
    municipalities: Keys,
}

fn read_requests(
    source: &mut Source,
    year: i32,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Vec<RequestRound> {
    use requests::*;
    // Rounds in the order first seen, so that writing and reading keep their order.
    let mut rounds: Vec<RoundRows> = Vec::new();
    let mut by_number: HashMap<u32, usize> = HashMap::new();
    source.read_table(&TABLE, errors, &mut |row| {
        let number = row.value(ROUND, values::positive);
        let sent_on = row.optional(SENT_ON, values::date);
        let sent_by = row.value(SENT_BY, values::text);
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let persons = row.value(PERSONS, values::count);
        let minors = row.value(UNACCOMPANIED_MINORS, values::count);
        let (Some(number), Some(sent_by), Some(municipality), Some(persons), Some(minors)) =
            (number, sent_by, municipality, persons, minors)
        else {
            return;
        };
        check_minors_within_persons(row, UNACCOMPANIED_MINORS, persons, minors);
        if !row.is_clean() {
            return;
        }
        let index = *by_number.entry(number).or_insert_with(|| {
            rounds.push(RoundRows {
                round: RequestRound {
                    year,
                    round: number,
                    sent_on,
                    sent_by: sent_by.clone(),
                    requests: Vec::new(),
                },
                first_line: row.line(),
                municipalities: Keys::default(),
            });
            rounds.len() - 1
        });
        let rows = &mut rounds[index];
        if rows.round.sent_on != sent_on {
            let first = rows.round.sent_on.map_or("blank".to_owned(), |d| d.to_string());
            row.error(
                SENT_ON,
                format!("round {number} has sent_on {first} on row {}; all rows of a round have the same sent_on", rows.first_line),
            );
        }
        if rows.round.sent_by != sent_by {
            row.error(
                SENT_BY,
                format!("round {number} has sent_by '{}' on row {}; all rows of a round have the same sent_by", rows.round.sent_by, rows.first_line),
            );
        }
        rows.municipalities
            .insert_unique(row, MUNICIPALITY, municipality.as_str());
        if row.is_clean() {
            rows.round.requests.push(MunicipalRequest {
                municipality,
                persons,
                unaccompanied_minors: minors,
            });
        }
    });
    rounds.into_iter().map(|rows| rows.round).collect()
}

fn read_decisions(
    source: &mut Source,
    year: i32,
    municipalities: &Indexed<Municipality>,
    errors: &mut Errors,
) -> Vec<MunicipalDecision> {
    use decisions::*;
    let mut decisions = Vec::new();
    let mut decided = Keys::default();
    source.read_table(&TABLE, errors, &mut |row| {
        let municipality = row.value(MUNICIPALITY, values::model::<MunicipalityCode>);
        if let Some(code) = &municipality {
            decided.insert_unique(row, MUNICIPALITY, code.as_str());
            municipalities.reference(row, MUNICIPALITY, code.as_str());
        }
        let persons = row.value(PERSONS, values::count);
        let minors = row.value(UNACCOMPANIED_MINORS, values::count);
        let body = row.optional(BODY, values::model::<DecidingBody>);
        let decided_on = row.optional(DECIDED_ON, values::date);
        let registration_number = row.optional(REGISTRATION_NUMBER, values::text);
        let document_url = row.optional(DOCUMENT_URL, values::text);
        let (Some(municipality), Some(persons), Some(minors)) = (municipality, persons, minors)
        else {
            return;
        };
        check_minors_within_persons(row, UNACCOMPANIED_MINORS, persons, minors);
        if row.is_clean() {
            decisions.push(MunicipalDecision {
                year,
                municipality,
                persons,
                unaccompanied_minors: minors,
                body,
                decided_on,
                registration_number,
                document_url,
            });
        }
    });
    decisions
}

/// Unaccompanied minors are counted within persons (as in "331 decided, of which 25
/// minors"), so they cannot be more; the same rule as the model's `Capacity::new`.
fn check_minors_within_persons(row: &mut Row<'_>, column: &str, persons: u32, minors: u32) {
    if minors > persons {
        row.error(
            column,
            format!("unaccompanied_minors ({minors}) is part of persons ({persons}) and cannot exceed it"),
        );
    }
}
