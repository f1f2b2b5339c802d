//! A municipality's own indicators for the year, computed from what landa holds: how much
//! of the request it decided, how much of its decision is placed, whether the dwellings it
//! offers can house those still to come, and how far it has answered its placements.
//! Agreement goals and imported series come with the follow-up pages.

use super::i18n::{Lang, Text};
use crate::routes::scenarios::Dashboard;
use landa_export::{Cell, Column, ColumnKind, Table};
use landa_store::{DwellingRecord, HouseholdRecord, PlacementResponse};
use std::collections::HashMap;

/// What the indicators are computed from; households and answers only where the viewer
/// may see them (the municipality itself and national).
pub struct IndicatorInputs<'a> {
    pub dashboard: &'a Dashboard,
    pub dwellings: &'a [DwellingRecord],
    /// The households and the answers about them, newest answer first.
    pub households: Option<(&'a [HouseholdRecord], &'a [PlacementResponse])>,
}

/// `part / whole`, or nothing when there is no whole to measure against.
fn share(part: u32, whole: Option<u32>) -> Cell {
    match whole {
        Some(whole) if whole > 0 => Cell::Number(f64::from(part) / f64::from(whole)),
        _ => Cell::Empty,
    }
}

pub fn indicator_table(lang: Lang, inputs: &IndicatorInputs) -> Table {
    let d = inputs.dashboard;
    let mut table = Table::new(
        lang.t(Text::Indicators),
        vec![
            Column::new(lang.t(Text::Indicator), ColumnKind::Text),
            Column::new(lang.t(Text::Share), ColumnKind::Percent),
            Column::new(lang.t(Text::Count), ColumnKind::Text),
        ],
    );
    let decided = d.decided.unwrap_or(0);
    table.push(vec![
        lang.t(Text::ShareOfRequestDecided).into(),
        share(decided, Some(d.requested)),
        format!("{decided} / {}", d.requested).into(),
    ]);
    table.push(vec![
        lang.t(Text::ShareOfDecisionPlaced).into(),
        share(d.placed, d.decided),
        format!("{} / {decided}", d.placed).into(),
    ]);
    let decided_minors = d.decided_minors.unwrap_or(0);
    table.push(vec![
        lang.t(Text::MinorsPlacedOfDecided).into(),
        share(d.placed_minors, d.decided_minors),
        format!("{} / {decided_minors}", d.placed_minors).into(),
    ]);
    let free_beds: u32 = inputs
        .dwellings
        .iter()
        .filter(|r| r.let_on.is_none())
        .map(|r| r.dwelling.beds())
        .sum();
    table.push(vec![
        lang.t(Text::BedsOfferedForRemaining).into(),
        share(free_beds, Some(d.remaining)),
        format!("{free_beds} / {}", d.remaining).into(),
    ]);
    if let Some((households, answers)) = inputs.households {
        let code = &d.municipality.code;
        // The latest answer of this municipality per household counts; `answers` come
        // newest first. A questioned household goes back to national, so the proposals
        // are those open here and those it questioned.
        let mut latest: HashMap<&str, &PlacementResponse> = HashMap::new();
        for answer in answers
            .iter()
            .filter(|a| a.municipality.as_str() == code.as_str())
        {
            latest.entry(answer.household.as_str()).or_insert(answer);
        }
        let open: Vec<&str> = households
            .iter()
            .filter(|r| r.proposed_to().map(|c| c.as_str()) == Some(code.as_str()))
            .map(|r| r.household.id.as_str())
            .collect();
        let returned = latest
            .iter()
            .filter(|(id, a)| !a.accepted && !open.contains(id))
            .count();
        let total = u32::try_from(open.len() + returned).unwrap_or(u32::MAX);
        let answered = open.iter().filter(|id| latest.contains_key(*id)).count() + returned;
        let questioned = open
            .iter()
            .filter(|id| latest.get(*id).is_some_and(|a| !a.accepted))
            .count()
            + returned;
        let answered = u32::try_from(answered).unwrap_or(u32::MAX);
        let questioned = u32::try_from(questioned).unwrap_or(u32::MAX);
        table.push(vec![
            lang.t(Text::ProposalsAnswered).into(),
            share(answered, Some(total)),
            format!("{answered} / {total}").into(),
        ]);
        table.push(vec![
            lang.t(Text::ProposalsQuestioned).into(),
            share(questioned, Some(total)),
            format!("{questioned} / {total}").into(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_needs_something_to_measure_against() {
        assert_eq!(share(3, Some(4)), Cell::Number(0.75));
        assert_eq!(share(3, Some(0)), Cell::Empty);
        assert_eq!(share(3, None), Cell::Empty);
    }
}
