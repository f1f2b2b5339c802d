//! From a trained model to a scenario's scores: each household's expected outcome in each
//! municipality where it may go, the sum over its members of their predicted probability
//! (members outside the outcome's population, such as children, add nothing).

use crate::fairness::{labels, GroupedPerson};
use crate::features::{household_context, PersonFacts};
use crate::train::TrainedModel;
use crate::OutcomeError;
use landa_model::{HouseholdId, HouseholdType, MunicipalityCode, Scenario, Score};
use landa_placement::Problem;
use std::collections::HashMap;

/// Every member of every household of `scenario` as the model sees them, ages counted in
/// the scenario's year.
pub fn scenario_persons(scenario: &Scenario) -> HashMap<&HouseholdId, Vec<PersonFacts>> {
    let mut members: HashMap<&HouseholdId, Vec<&landa_model::Person>> = HashMap::new();
    for person in &scenario.persons {
        members.entry(&person.household).or_default().push(person);
    }
    members
        .into_iter()
        .map(|(household, persons)| {
            let ages: Vec<i32> = persons
                .iter()
                .map(|p| scenario.meta.year - i32::from(p.birth_year))
                .collect();
            let facts = persons
                .iter()
                .zip(&ages)
                .map(|(p, &age)| {
                    let (single_parent, young_child) = household_context(&ages, age);
                    PersonFacts {
                        age,
                        sex: p.sex,
                        education: p.education,
                        languages: p.languages.clone(),
                        single_parent,
                        young_child,
                    }
                })
                .collect();
            (household, facts)
        })
        .collect()
}

/// Scores for the pairs the scenario already makes eligible (its scores), or, where it
/// has none, for every municipality with a capacity: the model's expected outcome of each
/// household there, rounded to 6 decimals.
pub fn score_scenario(
    model: &TrainedModel,
    scenario: &Scenario,
) -> Result<Vec<Score>, OutcomeError> {
    if scenario.persons.is_empty() && !scenario.households.is_empty() {
        return Err(OutcomeError::NoPersons);
    }
    let persons = scenario_persons(scenario);
    let predictor = model.predictor(&scenario.municipalities);
    let pairs: Vec<(&HouseholdId, &MunicipalityCode)> = if scenario.scores.is_empty() {
        scenario
            .households
            .iter()
            .flat_map(|h| {
                scenario
                    .capacities
                    .iter()
                    .filter(|c| c.persons() > 0)
                    .map(move |c| (&h.id, &c.municipality))
            })
            .collect()
    } else {
        scenario
            .scores
            .iter()
            .map(|s| (&s.household, &s.municipality))
            .collect()
    };
    let mut row = Vec::new();
    pairs
        .into_iter()
        .map(|(household, municipality)| {
            let members = persons.get(household).map_or(&[][..], Vec::as_slice);
            let expected: f64 = members
                .iter()
                .filter_map(|p| predictor.probability(p, municipality, &mut row))
                .sum();
            let value = (expected * 1e6).round() / 1e6;
            Score::new(household.clone(), municipality.clone(), value)
                .map_err(|e| OutcomeError::Invalid(e.to_string()))
        })
        .collect()
}

/// The members of `scenario`'s households that an outcome is predicted for, grouped for a
/// fairness rule, with their household's index in `problem`. A scenario records no
/// origin, so everyone's origin group is "not recorded".
pub fn grouped_persons(problem: &Problem, scenario: &Scenario) -> Vec<GroupedPerson> {
    let persons = scenario_persons(scenario);
    let households: HashMap<&HouseholdId, &landa_model::Household> =
        scenario.households.iter().map(|h| (&h.id, h)).collect();
    (0..problem.household_count())
        .filter_map(|h| Some((h, problem.household_id(h)?)))
        .flat_map(|(h, id)| {
            let kind = households
                .get(id)
                .map_or(HouseholdType::SingleAdult, |household| {
                    HouseholdType::of(household.adults(), household.children())
                });
            persons
                .get(id)
                .into_iter()
                .flatten()
                .filter(|facts| facts.in_population())
                .map(move |facts| GroupedPerson {
                    household: h,
                    labels: labels(facts, kind, None),
                    facts: facts.clone(),
                })
        })
        .collect()
}
