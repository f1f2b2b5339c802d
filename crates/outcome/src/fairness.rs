//! Fair placement by predicted outcomes: persons grouped by sex, age, household type and
//! origin, and a placement that keeps every group at or above a floor (a least share, or
//! at most some points below what greedy placement gives it), priced by
//! [`landa_placement::solve_with_floors`].

use crate::features::PersonFacts;
use crate::train::Predictor;
use landa_model::{HouseholdId, HouseholdType, MunicipalityCode, Origin, Sex};
use landa_placement::{
    solve_with_floors, FairSolution, GroupFloor, Problem, Solution, SolveOptions,
};
use std::collections::{BTreeMap, HashMap};

/// What persons are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Sex,
    AgeGroup,
    HouseholdType,
    Origin,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Sex,
        Dimension::AgeGroup,
        Dimension::HouseholdType,
        Dimension::Origin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Sex => "sex",
            Dimension::AgeGroup => "age",
            Dimension::HouseholdType => "household",
            Dimension::Origin => "origin",
        }
    }

    pub fn parse(text: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.name() == text.trim())
    }
}

/// The fairness rule a placement must keep, for every group of the chosen dimensions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FairnessRule {
    /// Each group's expected outcome (share reaching it) at least this.
    Floor(f64),
    /// No group's expected outcome more than this many points (as a share) below what
    /// the baseline gives it: greedy placement (arrival order, best municipality with
    /// room) when placing a scenario, the actual placement in a back-test.
    LossCap(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fairness {
    pub rule: FairnessRule,
    pub dimensions: Vec<Dimension>,
}

/// Where each household of `problem` goes under `solution`: the baseline a loss cap
/// is measured against.
pub fn destinations(problem: &Problem, solution: &Solution) -> Vec<Option<MunicipalityCode>> {
    solution
        .assignment
        .iter()
        .map(|a| {
            a.and_then(|a| problem.municipality_code(a.municipality))
                .cloned()
        })
        .collect()
}

/// A person counted in groups: their household (its index in the placement problem),
/// what the model sees of them, and their group in each [`Dimension`], in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedPerson {
    pub household: usize,
    pub facts: PersonFacts,
    pub labels: [String; 4],
}

fn age_group(age: i32) -> &'static str {
    match age {
        ..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        _ => "45-64",
    }
}

fn sex_label(sex: Sex) -> &'static str {
    match sex {
        Sex::Female => "women",
        Sex::Male => "men",
        Sex::Unknown => "not recorded",
    }
}

/// A person's group in each dimension.
pub fn labels(facts: &PersonFacts, kind: HouseholdType, origin: Option<&Origin>) -> [String; 4] {
    [
        sex_label(facts.sex).to_owned(),
        age_group(facts.age).to_owned(),
        kind.to_string(),
        origin.map_or_else(|| "not recorded".to_owned(), |o| o.to_string()),
    ]
}

/// One group under the fair placement, as shares of its members reaching the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupShare {
    pub name: String,
    pub persons: usize,
    pub floor: f64,
    /// Under the baseline a loss cap is measured against.
    pub baseline: f64,
    pub unconstrained: f64,
    pub fair: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FairPlacement {
    pub rule: FairnessRule,
    pub dimensions: Vec<Dimension>,
    pub solution: FairSolution,
    pub groups: Vec<GroupShare>,
}

/// Places `problem` keeping the fairness rule for the groups of `persons` (those the rule
/// counts: persons of the outcome's population), with `baseline` (the municipality each
/// household of the problem goes to under it) the placement a loss cap is measured
/// against. `municipality_of` names the municipality of each of the problem's places
/// (itself, unless the problem splits municipalities into pools).
pub fn place_fairly(
    problem: &Problem,
    predictor: &Predictor<'_>,
    persons: &[GroupedPerson],
    fairness: &Fairness,
    options: &SolveOptions,
    baseline: &[Option<MunicipalityCode>],
    municipality_of: &dyn Fn(&MunicipalityCode) -> Option<MunicipalityCode>,
) -> FairPlacement {
    let mut members: BTreeMap<(Dimension, &str), Vec<usize>> = BTreeMap::new();
    for (i, person) in persons.iter().enumerate() {
        for &d in &fairness.dimensions {
            members
                .entry((d, person.labels[d as usize].as_str()))
                .or_default()
                .push(i);
        }
    }
    let groups: Vec<(String, Vec<usize>)> = members
        .into_iter()
        .map(|((d, label), list)| (format!("{}: {label}", d.name()), list))
        .collect();
    let mut row = Vec::new();
    let baseline_share: Vec<f64> = groups
        .iter()
        .map(|(_, list)| {
            let total: f64 = list
                .iter()
                .filter_map(|&i| {
                    let person = &persons[i];
                    let at = baseline.get(person.household)?.as_ref()?;
                    predictor.probability(&person.facts, at, &mut row)
                })
                .sum();
            total / list.len().max(1) as f64
        })
        .collect();
    let floors: Vec<GroupFloor> = groups
        .iter()
        .zip(&baseline_share)
        .map(|((name, list), baseline)| GroupFloor {
            name: name.clone(),
            floor: list.len() as f64
                * match fairness.rule {
                    FairnessRule::Floor(share) => share,
                    FairnessRule::LossCap(cap) => (baseline - cap).max(0.0),
                },
        })
        .collect();
    let mut in_groups: Vec<Vec<usize>> = vec![Vec::new(); persons.len()];
    for (g, (_, list)) in groups.iter().enumerate() {
        for &i in list {
            in_groups[i].push(g);
        }
    }
    let mut by_household: Vec<Vec<usize>> = vec![Vec::new(); problem.household_count()];
    for (i, person) in persons.iter().enumerate() {
        by_household[person.household].push(i);
    }
    let household_index: HashMap<&HouseholdId, usize> = (0..problem.household_count())
        .filter_map(|h| problem.household_id(h).map(|id| (id, h)))
        .collect();
    let solution = solve_with_floors(problem, options, &floors, |household, m, out| {
        let Some(&h) = household_index.get(household) else {
            return;
        };
        let Some(m) = municipality_of(m) else {
            return;
        };
        let mut row = Vec::new();
        for &i in &by_household[h] {
            if let Some(p) = predictor.probability(&persons[i].facts, &m, &mut row) {
                out.extend(in_groups[i].iter().map(|&g| (g, p)));
            }
        }
    });
    let share = |total: f64, list: &[usize]| total / list.len().max(1) as f64;
    FairPlacement {
        rule: fairness.rule,
        dimensions: fairness.dimensions.clone(),
        groups: groups
            .iter()
            .zip(&solution.groups)
            .zip(&baseline_share)
            .map(|(((name, list), outcome), &baseline)| GroupShare {
                name: name.clone(),
                persons: list.len(),
                floor: share(outcome.floor, list),
                baseline,
                unconstrained: share(outcome.unconstrained, list),
                fair: share(outcome.achieved, list),
            })
            .collect(),
        solution,
    }
}
