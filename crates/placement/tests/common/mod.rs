//! Small random scenarios for property tests, an independent feasibility check, and a
//! brute-force optimum. Shared by the integration tests, the crate's unit tests and the bench.
#![allow(dead_code)]

use landa_model::{
    Capacity, Contract, Country, Dwelling, Household, NaiveDate, Placement, Scenario, ScenarioMeta,
    Score,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub const ACCESSIBLE: &str = "accessible_housing";
pub const CARE: &str = "specialist_care";

/// Day `offset` (0-based, < 365) of 2025.
pub fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_yo_opt(2025, 1 + offset as u32).expect("a day of 2025")
}

/// (beds, accessible, day available)
pub type DwellingDraw = (u32, bool, i64);
/// (persons, minors, accessible places, care places, dwellings if it offers any)
pub type MunicipalityDraw = (u32, u32, u32, u32, Option<Vec<DwellingDraw>>);
/// (adults, children, needs accessible, needs care, tie, waiting day, score per municipality)
pub type HouseholdDraw = (u32, u32, bool, bool, Option<usize>, i64, Vec<Option<f64>>);

/// Raw draws from which a scenario is built (proptest shrinks these).
#[derive(Debug, Clone)]
pub struct Draw {
    pub municipalities: Vec<MunicipalityDraw>,
    pub households: Vec<HouseholdDraw>,
}

pub fn draw(
    max_households: usize,
    max_municipalities: usize,
    dwellings: bool,
) -> impl Strategy<Value = Draw> {
    (1..=max_municipalities, 0..=max_households).prop_flat_map(move |(m, h)| {
        let dwelling_list =
            prop::collection::vec((1u32..=6, prop::bool::weighted(0.3), 0i64..20), 0..=4);
        let municipality = (
            0u32..=12,
            0u32..=3,
            0u32..=2,
            0u32..=2,
            if dwellings {
                prop::option::weighted(0.6, dwelling_list).boxed()
            } else {
                Just(None).boxed()
            },
        );
        let household = (
            0u32..=3,
            0u32..=3,
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
            prop::option::weighted(0.3, 0..m),
            0i64..40,
            prop::collection::vec(prop::option::weighted(0.75, -1.0f64..3.0), m),
        );
        (
            prop::collection::vec(municipality, m),
            prop::collection::vec(household, h),
        )
            .prop_map(|(municipalities, households)| Draw {
                municipalities,
                households,
            })
    })
}

pub fn scenario(draw: &Draw) -> Scenario {
    let codes: Vec<landa_model::MunicipalityCode> = (0..draw.municipalities.len())
        .map(|m| format!("{:04}", 100 + m).parse().expect("four digits"))
        .collect();
    let accessible: landa_model::ServiceName = ACCESSIBLE.parse().expect("service name");
    let care: landa_model::ServiceName = CARE.parse().expect("service name");
    let mut capacities = Vec::new();
    let mut dwellings = Vec::new();
    for (m, (persons, minors, access, care_places, list)) in draw.municipalities.iter().enumerate()
    {
        let mut capacity = Capacity::new(codes[m].clone(), *persons, (*minors).min(*persons))
            .expect("minors <= persons");
        capacity.services.insert(accessible.clone(), *access);
        capacity.services.insert(care.clone(), *care_places);
        capacities.push(capacity);
        for (i, (beds, is_accessible, available)) in list.iter().flatten().enumerate() {
            dwellings.push(
                Dwelling::new(
                    format!("d{m}-{i}").parse().expect("identifier"),
                    codes[m].clone(),
                    *beds,
                    day(*available),
                    *is_accessible,
                    Contract::FirstHand,
                )
                .expect("at least one bed"),
            );
        }
    }
    let mut households = Vec::new();
    let mut scores = Vec::new();
    for (h, (adults, children, needs_access, needs_care, tie, waiting, row)) in
        draw.households.iter().enumerate()
    {
        let id: landa_model::HouseholdId = format!("h{h}").parse().expect("identifier");
        let (adults, children, minor) = if *adults == 0 {
            (0, (*children).max(1), true)
        } else {
            (*adults, *children, false)
        };
        let mut household = Household::new(id.clone(), adults, children, minor, day(*waiting))
            .expect("valid household");
        household.tie = tie.map(|m| codes[m].clone());
        if *needs_access {
            household.needs.insert(accessible.clone());
        }
        if *needs_care {
            household.needs.insert(care.clone());
        }
        households.push(household);
        for (m, score) in row.iter().enumerate() {
            if let Some(value) = score {
                scores.push(Score::new(id.clone(), codes[m].clone(), *value).expect("finite"));
            }
        }
    }
    Scenario {
        meta: ScenarioMeta {
            name: "test".into(),
            country: Country::Sweden,
            year: 2025,
            national_total: None,
        },
        regions: Vec::new(),
        municipalities: Vec::new(),
        households,
        persons: Vec::new(),
        capacities,
        dwellings,
        scores,
        request_rounds: Vec::new(),
        decisions: Vec::new(),
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
    }
}

/// The objective of one placement, computed from the scenario (not the solver's problem).
pub fn value_of(
    scenario: &Scenario,
    options: &landa_placement::ProblemOptions,
    household: usize,
    municipality: &landa_model::MunicipalityCode,
) -> Option<f64> {
    let h = &scenario.households[household];
    let score = scenario
        .scores
        .iter()
        .find(|s| s.household == h.id && &s.municipality == municipality)?;
    let reference = options
        .placement_date
        .or_else(|| scenario.households.iter().map(|h| h.waiting_since).max())?;
    let waited = (reference - h.waiting_since).num_days().max(0) as f64;
    let tie = if h.tie.as_ref() == Some(municipality) {
        options.tie_bonus
    } else {
        0.0
    };
    Some(score.value() + tie + options.waiting_weight * waited)
}

/// Every constraint of the task, checked on model placements against the scenario.
/// Returns the violations found.
pub fn violations(
    scenario: &Scenario,
    options: &landa_placement::ProblemOptions,
    placements: &[Placement],
) -> Vec<String> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut used: BTreeMap<&landa_model::MunicipalityCode, (u32, u32, BTreeMap<String, u32>)> =
        BTreeMap::new();
    let mut dwellings_used = BTreeSet::new();
    for placement in placements {
        if !seen.insert(&placement.household) {
            found.push(format!("{} placed twice", placement.household));
        }
        let Some(h) = scenario
            .households
            .iter()
            .find(|h| h.id == placement.household)
        else {
            found.push(format!("unknown household {}", placement.household));
            continue;
        };
        if !scenario
            .scores
            .iter()
            .any(|s| s.household == h.id && s.municipality == placement.municipality)
        {
            found.push(format!(
                "{} not eligible in {}",
                h.id, placement.municipality
            ));
        }
        let entry = used.entry(&placement.municipality).or_default();
        entry.0 += h.size();
        // The minors capacity is in persons: siblings arriving together count each.
        if h.is_unaccompanied_minor() {
            entry.1 += h.size();
        }
        for need in &h.needs {
            *entry.2.entry(need.to_string()).or_default() += 1;
        }
        let has_dwellings = scenario
            .dwellings
            .iter()
            .any(|d| d.municipality == placement.municipality);
        match &placement.dwelling {
            None if has_dwellings => found.push(format!("{} has no dwelling", h.id)),
            None => {}
            Some(id) => {
                if !dwellings_used.insert(id.clone()) {
                    found.push(format!("dwelling {id} used twice"));
                }
                match scenario.dwellings.iter().find(|d| &d.id == id) {
                    None => found.push(format!("unknown dwelling {id}")),
                    Some(d) => {
                        if d.municipality != placement.municipality {
                            found.push(format!("dwelling {id} in another municipality"));
                        }
                        if d.beds() < h.size() {
                            found.push(format!("dwelling {id} too small for {}", h.id));
                        }
                        if h.needs.iter().any(|n| n.as_str() == ACCESSIBLE) && !d.accessible {
                            found.push(format!("dwelling {id} not accessible for {}", h.id));
                        }
                        if options
                            .placement_date
                            .is_some_and(|date| d.available_from > date)
                        {
                            found.push(format!("dwelling {id} not yet available"));
                        }
                    }
                }
            }
        }
    }
    for capacity in &scenario.capacities {
        let Some((persons, minors, services)) = used.get(&capacity.municipality) else {
            continue;
        };
        if *persons > capacity.persons() {
            found.push(format!("{} over persons", capacity.municipality));
        }
        if *minors > capacity.unaccompanied_minors() {
            found.push(format!("{} over minors", capacity.municipality));
        }
        for (service, count) in services {
            let offered = service.parse().map(|s| capacity.service(&s)).unwrap_or(0);
            if *count > offered {
                found.push(format!("{} over {service}", capacity.municipality));
            }
        }
    }
    found
}

/// The lexicographic optimum (persons, value) by trying every placement.
pub fn brute_force(scenario: &Scenario, options: &landa_placement::ProblemOptions) -> (u64, f64) {
    let mut search = Brute {
        scenario,
        options,
        used: vec![(0, 0, 0, 0); scenario.capacities.len()],
        members: vec![Vec::new(); scenario.capacities.len()],
        best: (0, 0.0),
    };
    search.dive(0, 0, 0.0);
    search.best
}

struct Brute<'a> {
    scenario: &'a Scenario,
    options: &'a landa_placement::ProblemOptions,
    /// (persons, minors, accessible, care) used per municipality.
    used: Vec<(u32, u32, u32, u32)>,
    members: Vec<Vec<usize>>,
    best: (u64, f64),
}

impl Brute<'_> {
    fn dive(&mut self, household: usize, persons: u64, value: f64) {
        let scenario = self.scenario;
        if household == scenario.households.len() {
            if persons > self.best.0 || (persons == self.best.0 && value > self.best.1) {
                self.best = (persons, value);
            }
            return;
        }
        self.dive(household + 1, persons, value);
        let h = &scenario.households[household];
        let needs = |name: &str| u32::from(h.needs.iter().any(|n| n.as_str() == name));
        let demand = (
            h.size(),
            if h.is_unaccompanied_minor() {
                h.size()
            } else {
                0
            },
            needs(ACCESSIBLE),
            needs(CARE),
        );
        for (m, capacity) in scenario.capacities.iter().enumerate() {
            let Some(v) = value_of(scenario, self.options, household, &capacity.municipality)
            else {
                continue;
            };
            let u = self.used[m];
            let service = |name: &str| capacity.service(&name.parse().expect("service"));
            if u.0 + demand.0 > capacity.persons()
                || u.1 + demand.1 > capacity.unaccompanied_minors()
                || u.2 + demand.2 > service(ACCESSIBLE)
                || u.3 + demand.3 > service(CARE)
            {
                continue;
            }
            self.members[m].push(household);
            if self.housed(m) {
                self.used[m] = (
                    u.0 + demand.0,
                    u.1 + demand.1,
                    u.2 + demand.2,
                    u.3 + demand.3,
                );
                self.dive(household + 1, persons + u64::from(h.size()), value + v);
                self.used[m] = u;
            }
            self.members[m].pop();
        }
    }

    /// Whether the members of municipality m can each get their own fitting dwelling.
    fn housed(&self, m: usize) -> bool {
        let code = &self.scenario.capacities[m].municipality;
        let all: Vec<&Dwelling> = self
            .scenario
            .dwellings
            .iter()
            .filter(|d| &d.municipality == code)
            .collect();
        if all.is_empty() {
            return true;
        }
        let usable: Vec<&Dwelling> = all
            .into_iter()
            .filter(|d| {
                self.options
                    .placement_date
                    .is_none_or(|date| d.available_from <= date)
            })
            .collect();
        let mut taken = vec![false; usable.len()];
        self.assign(&self.members[m], &usable, &mut taken)
    }

    fn assign(&self, households: &[usize], dwellings: &[&Dwelling], taken: &mut [bool]) -> bool {
        let Some((&first, rest)) = households.split_first() else {
            return true;
        };
        let h = &self.scenario.households[first];
        let needs_access = h.needs.iter().any(|n| n.as_str() == ACCESSIBLE);
        for (d, dwelling) in dwellings.iter().enumerate() {
            if taken[d] || dwelling.beds() < h.size() || (needs_access && !dwelling.accessible) {
                continue;
            }
            taken[d] = true;
            let ok = self.assign(rest, dwellings, taken);
            taken[d] = false;
            if ok {
                return true;
            }
        }
        false
    }
}
