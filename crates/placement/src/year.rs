//! What a run during the year places: the households open to a run (waiting, or proposed
//! and not yet approved), into what is left of each municipality's number, with the
//! dwellings no household holds. Approved placements stay as they are.
//!
//! A municipality's number is its latest registered decision for the scenario's year
//! (persons, of them unaccompanied minors) or, without one, the number it was given in
//! the imported capacities; from it go the persons placed against it (approved, moved in,
//! moved on, self-settled: `StateName::counts_against`, of an intake that counts:
//! `Intake::counts_against_number`). Service places are those the capacities offer, less
//! those the placed households use.
//!
//! In Norway family reunification comes on top of the vedtak: a household joining family
//! (its tie) is not given to the optimiser but proposed where its family lives, outside
//! the number (`YearBatch::joining`).
//!
//! A municipality that offers dwellings places each household into one (`Problem`'s
//! rule); once every dwelling it offered is held, nothing is left of its number for a run
//! until it offers more. Without this, a municipality whose homes were all taken would be
//! treated as one that offers none, and take households without homes.

use landa_model::{
    Capacity, HouseholdId, HouseholdState, Lifecycle, MunicipalityCode, Placement,
    PlacementAlternative, Scenario, Score, ServiceName, Standing,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where a municipality's number comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSource {
    /// Its latest registered decision (vedtak / beslut) for the year.
    Decision,
    /// The number it was given in the imported capacities: no decision is registered.
    Planned,
}

/// One municipality's number, what is used of it, and what a run may still place.
#[derive(Debug, Clone, PartialEq)]
pub struct Remaining {
    pub municipality: MunicipalityCode,
    pub source: NumberSource,
    /// Persons and, of them, unaccompanied minors, as decided or planned.
    pub number: (u32, u32),
    /// Persons and minors placed against it.
    pub used: (u32, u32),
    /// What is left: the capacity the run is given (nothing where every dwelling the
    /// municipality offered is held).
    pub left: Capacity,
}

/// The problem of one run during the year, as a scenario, and how its numbers came about.
#[derive(Debug, Clone)]
pub struct YearBatch {
    pub scenario: Scenario,
    pub remaining: Vec<Remaining>,
    /// Households left out because they are not open to a run, by state.
    pub fixed: usize,
    /// Households open to the run that join their family outside the number (Norway's
    /// family reunification with a tie): each is proposed where its family lives.
    pub joining: Vec<Joining>,
}

/// A household joining its family outside the number, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Joining {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    pub persons: u32,
    /// Its score there, or 0 where it has none.
    pub score: f64,
}

/// Why a joining household goes where it goes, for its explanation.
pub const JOINS_FAMILY: &str = "joins its family here, outside the municipality's number";

impl YearBatch {
    /// The run's placements and explanations of the households joining their family.
    pub fn joining_placements(&self) -> (Vec<Placement>, Vec<PlacementAlternative>) {
        self.joining
            .iter()
            .map(|j| {
                (
                    Placement {
                        household: j.household.clone(),
                        municipality: j.municipality.clone(),
                        dwelling: None,
                        score: j.score,
                    },
                    PlacementAlternative {
                        household: j.household.clone(),
                        municipality: j.municipality.clone(),
                        value: j.score,
                        standing: Standing::Placed,
                        detail: JOINS_FAMILY.to_owned(),
                    },
                )
            })
            .unzip()
    }

    /// Persons joining their family.
    pub fn joining_persons(&self) -> u32 {
        self.joining.iter().map(|j| j.persons).sum()
    }
}

/// The batch a run places now, given each household's lifecycle (a household not in
/// `standing` starts from its intake). A household without any score may go to every
/// municipality with a number, valued 0, so that one registered before the outcome model
/// scored it is still placed; a municipality that questioned a household is left out for it.
pub fn year_batch(scenario: &Scenario, standing: &HashMap<HouseholdId, Lifecycle>) -> YearBatch {
    let lifecycle = |id: &HouseholdId| standing.get(id).map(|l| &l.state);
    let decided: HashMap<&MunicipalityCode, (u32, u32)> = scenario
        .decisions
        .iter()
        .filter(|d| d.year == scenario.meta.year)
        .map(|d| (&d.municipality, (d.persons, d.unaccompanied_minors)))
        .collect();

    let country = scenario.meta.country;
    let listed: HashSet<&MunicipalityCode> =
        scenario.municipalities.iter().map(|m| &m.code).collect();
    let mut used: HashMap<MunicipalityCode, (u32, u32)> = HashMap::new();
    let mut used_services: HashMap<(MunicipalityCode, &ServiceName), u32> = HashMap::new();
    let mut open = Vec::new();
    let mut joining = Vec::new();
    for household in &scenario.households {
        let first = household.intake.first_state();
        let state = lifecycle(&household.id).unwrap_or(&first);
        let counts = household.intake.counts_against_number(country);
        if state.name().in_next_run() {
            match household
                .tie
                .as_ref()
                .filter(|tie| !counts && listed.contains(tie))
            {
                Some(tie) => joining.push(Joining {
                    household: household.id.clone(),
                    municipality: tie.clone(),
                    persons: household.size(),
                    score: scenario
                        .scores
                        .iter()
                        .find(|s| s.household == household.id && &s.municipality == tie)
                        .map_or(0.0, Score::value),
                }),
                None => open.push(household),
            }
            continue;
        }
        if !state.name().counts_against() {
            continue;
        }
        let Some(municipality) = state.municipality() else {
            continue;
        };
        if counts {
            let entry = used.entry(municipality.clone()).or_default();
            entry.0 += household.size();
            if household.is_unaccompanied_minor() {
                entry.1 += household.size();
            }
        }
        for need in &household.needs {
            *used_services
                .entry((municipality.clone(), need))
                .or_default() += 1;
        }
    }

    let held: HashSet<_> = scenario
        .households
        .iter()
        .filter_map(|h| lifecycle(&h.id).and_then(HouseholdState::holds_dwelling))
        .collect();
    let offering: HashSet<&MunicipalityCode> =
        scenario.dwellings.iter().map(|d| &d.municipality).collect();
    let with_free_dwelling: HashSet<&MunicipalityCode> = scenario
        .dwellings
        .iter()
        .filter(|d| !held.contains(&d.id))
        .map(|d| &d.municipality)
        .collect();
    let planned: BTreeMap<&MunicipalityCode, &Capacity> = scenario
        .capacities
        .iter()
        .map(|c| (&c.municipality, c))
        .collect();
    let mut remaining = Vec::new();
    for municipality in &scenario.municipalities {
        let code = &municipality.code;
        let (source, number) = match (decided.get(code), planned.get(code)) {
            (Some(&number), _) => (NumberSource::Decision, number),
            (None, Some(capacity)) => (
                NumberSource::Planned,
                (capacity.persons(), capacity.unaccompanied_minors()),
            ),
            (None, None) => continue,
        };
        let (used_persons, used_minors) = used.get(code).copied().unwrap_or_default();
        let homes_taken = offering.contains(code) && !with_free_dwelling.contains(code);
        let persons = if homes_taken {
            0
        } else {
            number.0.saturating_sub(used_persons)
        };
        let minors = number.1.saturating_sub(used_minors).min(persons);
        let Ok(mut left) = Capacity::new(code.clone(), persons, minors) else {
            continue;
        };
        if let Some(capacity) = planned.get(code) {
            for (service, &places) in &capacity.services {
                let taken = used_services
                    .get(&(code.clone(), service))
                    .copied()
                    .unwrap_or(0);
                left.services
                    .insert(service.clone(), places.saturating_sub(taken));
            }
        }
        remaining.push(Remaining {
            municipality: code.clone(),
            source,
            number,
            used: (used_persons, used_minors),
            left,
        });
    }

    let open_ids: HashSet<&HouseholdId> = open.iter().map(|h| &h.id).collect();
    let with_number: HashSet<&MunicipalityCode> =
        remaining.iter().map(|r| &r.municipality).collect();
    let excluded = |household: &HouseholdId, municipality: &MunicipalityCode| {
        standing
            .get(household)
            .is_some_and(|l| l.excluded.contains(municipality))
    };
    let mut scores: Vec<Score> = scenario
        .scores
        .iter()
        .filter(|s| open_ids.contains(&s.household) && with_number.contains(&s.municipality))
        .filter(|s| !excluded(&s.household, &s.municipality))
        .cloned()
        .collect();
    let scored: HashSet<&HouseholdId> = scenario.scores.iter().map(|s| &s.household).collect();
    for household in open.iter().filter(|h| !scored.contains(&h.id)) {
        for r in &remaining {
            if !excluded(&household.id, &r.municipality) {
                scores.extend(Score::new(
                    household.id.clone(),
                    r.municipality.clone(),
                    0.0,
                ));
            }
        }
    }

    let batch = Scenario {
        meta: scenario.meta.clone(),
        regions: scenario.regions.clone(),
        municipalities: scenario.municipalities.clone(),
        households: open.iter().map(|h| (*h).clone()).collect(),
        persons: scenario
            .persons
            .iter()
            .filter(|p| open_ids.contains(&p.household))
            .cloned()
            .collect(),
        capacities: remaining.iter().map(|r| r.left.clone()).collect(),
        dwellings: scenario
            .dwellings
            .iter()
            .filter(|d| !held.contains(&d.id))
            .filter(|d| with_number.contains(&d.municipality))
            .cloned()
            .collect(),
        scores,
        request_rounds: scenario.request_rounds.clone(),
        decisions: scenario.decisions.clone(),
        // The open households' rankings, those their criteria make resolved on the whole
        // year's facts (where a language community lives, say), as a run of the year sees them.
        preferences: scenario
            .rankings()
            .into_iter()
            .filter(|p| open_ids.contains(&p.household))
            .collect(),
        priorities: scenario.priorities.clone(),
        criteria: Vec::new(),
    };
    YearBatch {
        fixed: scenario.households.len() - batch.households.len() - joining.len(),
        scenario: batch,
        remaining,
        joining,
    }
}
