//! The year's decided numbers per municipality (persons, unaccompanied minors, services),
//! sized a little above the batch's demand so that capacity binds somewhere.

use crate::draw::{logistic, normal};
use crate::geography::Profile;
use crate::households::SampledHousehold;
use crate::GenerateError;
use landa_model::{Capacity, Municipality, ServiceName};
use rand::Rng;
use std::collections::BTreeMap;

/// Decided persons over the batch's persons.
const PERSONS_SLACK: (f64, f64) = (1.02, 1.05);
/// Places for unaccompanied minors over minors in the batch.
const MINORS_SLACK: (f64, f64) = (1.04, 1.06);
/// Service places over households needing the service.
const SERVICE_SLACK: (f64, f64) = (1.08, 1.12);

/// What the batch asks of capacity.
struct Demand {
    persons: u32,
    minor_persons: u32,
    largest_household: u32,
    largest_minor_household: u32,
    households_needing: BTreeMap<ServiceName, u32>,
}

impl Demand {
    fn of(households: &[SampledHousehold]) -> Self {
        let mut demand = Demand {
            persons: 0,
            minor_persons: 0,
            largest_household: 0,
            largest_minor_household: 0,
            households_needing: BTreeMap::new(),
        };
        for sampled in households {
            let household = &sampled.household;
            demand.persons += household.size();
            demand.largest_household = demand.largest_household.max(household.size());
            if household.is_unaccompanied_minor() {
                demand.minor_persons += household.size();
                demand.largest_minor_household =
                    demand.largest_minor_household.max(household.size());
            }
            for need in &household.needs {
                *demand.households_needing.entry(need.clone()).or_default() += 1;
            }
        }
        demand
    }
}

/// Distributes capacity roughly as the Swedish key does (population × labour market /
/// reception, with some local noise), then makes sure the municipality with the largest
/// key (the hub) could take any single household, so every household has somewhere to go
/// even in tiny batches where most municipalities get nothing.
pub(crate) fn decide<R: Rng>(
    rng: &mut R,
    municipalities: &[Municipality],
    profiles: &[Profile],
    households: &[SampledHousehold],
) -> Result<Vec<Capacity>, GenerateError> {
    let demand = Demand::of(households);
    let weights: Vec<f64> = profiles
        .iter()
        .map(|p| p.settlement_weight() * normal(rng, 0.0, 0.15).exp())
        .collect();
    let hub = (0..weights.len())
        .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
        .ok_or(GenerateError::NoMunicipalities)?;
    let mut donors: Vec<usize> = (0..weights.len()).filter(|&i| i != hub).collect();
    donors.sort_by(|&a, &b| weights[a].total_cmp(&weights[b]));

    let unlimited = vec![u32::MAX; weights.len()];
    let persons_total = slack_total(rng, demand.persons, PERSONS_SLACK);
    let (mut persons, _) = apportion_within(persons_total, &weights, &unlimited);
    pull_to_hub(&mut persons, hub, demand.largest_household, &donors);

    // About 60 % of municipalities take unaccompanied minors, larger ones more often.
    let minor_weights = offering_weights(rng, &weights, hub, |p| 0.4 + p.size_z, profiles);
    let minors_total =
        slack_total(rng, demand.minor_persons, MINORS_SLACK).min(persons.iter().sum());
    let mut minors = fill_within(minors_total, &minor_weights, &weights, &persons);
    pull_to_hub(&mut minors, hub, demand.largest_minor_household, &donors);

    let population: Vec<f64> = profiles.iter().map(|p| p.population).collect();
    let mut services: Vec<BTreeMap<ServiceName, u32>> = vec![BTreeMap::new(); weights.len()];
    for (service, &needing) in &demand.households_needing {
        // Services sit in the larger municipalities: most small ones offer none.
        let service_weights =
            offering_weights(rng, &population, hub, |p| 1.5 * p.size_z - 0.8, profiles);
        let total = slack_total(rng, needing, SERVICE_SLACK);
        let mut places = fill_within(total, &service_weights, &population, &persons);
        pull_to_hub(&mut places, hub, 1, &donors);
        for (offered, &count) in services.iter_mut().zip(&places) {
            if count > 0 {
                offered.insert(service.clone(), count);
            }
        }
    }

    municipalities
        .iter()
        .zip(persons.iter().zip(&minors))
        .zip(services)
        .map(|((m, (&persons, &minors)), services)| {
            let mut capacity = Capacity::new(m.code.clone(), persons, minors)?;
            capacity.services = services;
            Ok(capacity)
        })
        .collect()
}

/// `demand` times a slack drawn from `range`, rounded up so that it is never below demand.
fn slack_total<R: Rng>(rng: &mut R, demand: u32, range: (f64, f64)) -> u32 {
    let slack = rng.gen_range(range.0..=range.1);
    (f64::from(demand) * slack).ceil() as u32
}

/// `weights` kept for the hub and for municipalities drawn to offer something with
/// probability logistic(`log_odds`), zero elsewhere.
fn offering_weights<R: Rng>(
    rng: &mut R,
    weights: &[f64],
    hub: usize,
    log_odds: impl Fn(&Profile) -> f64,
    profiles: &[Profile],
) -> Vec<f64> {
    profiles
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(i, (profile, &weight))| {
            if i == hub || rng.gen_bool(logistic(log_odds(profile))) {
                weight
            } else {
                0.0
            }
        })
        .collect()
}

/// Apportions `total` by `preferred` weights within `room`; what does not fit there goes
/// by `fallback` weights to any municipality with room left.
fn fill_within(total: u32, preferred: &[f64], fallback: &[f64], room: &[u32]) -> Vec<u32> {
    let (mut allocation, unplaced) = apportion_within(total, preferred, room);
    if unplaced > 0 {
        let room_left: Vec<u32> = room.iter().zip(&allocation).map(|(r, a)| r - a).collect();
        let (extra, _) = apportion_within(unplaced, fallback, &room_left);
        for (a, e) in allocation.iter_mut().zip(extra) {
            *a += e;
        }
    }
    allocation
}

/// Largest-remainder (Hamilton) apportionment of `total` in proportion to `weights`,
/// never giving unit `i` more than `room[i]`; units without positive weight get nothing.
/// Returns the allocation and the part of `total` that found no room.
pub(crate) fn apportion_within(total: u32, weights: &[f64], room: &[u32]) -> (Vec<u32>, u32) {
    let mut allocation = vec![0u32; weights.len()];
    let mut remaining = total;
    while remaining > 0 {
        let open: Vec<usize> = (0..weights.len())
            .filter(|&i| weights[i] > 0.0 && weights[i].is_finite() && allocation[i] < room[i])
            .collect();
        let weight_sum: f64 = open.iter().map(|&i| weights[i]).sum();
        if open.is_empty() || weight_sum <= 0.0 {
            break;
        }
        let quotas: Vec<f64> = open
            .iter()
            .map(|&i| f64::from(remaining) * weights[i] / weight_sum)
            .collect();
        let mut given = 0u32;
        for (&i, quota) in open.iter().zip(&quotas) {
            let whole = (quota.floor() as u32).min(room[i] - allocation[i]);
            allocation[i] += whole;
            given += whole;
        }
        // One more unit each to the largest remainders, while units and room remain.
        let mut by_remainder: Vec<(usize, f64)> = open
            .iter()
            .zip(&quotas)
            .map(|(&i, q)| (i, q - q.floor()))
            .collect();
        by_remainder.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (i, _) in by_remainder {
            if given >= remaining {
                break;
            }
            if allocation[i] < room[i] {
                allocation[i] += 1;
                given += 1;
            }
        }
        remaining -= given.min(remaining);
    }
    (allocation, remaining)
}

/// Moves units one at a time from `donors` (in order) to `hub` until it holds `need`.
fn pull_to_hub(values: &mut [u32], hub: usize, need: u32, donors: &[usize]) {
    for &donor in donors {
        while values[hub] < need && values[donor] > 0 {
            values[donor] -= 1;
            values[hub] += 1;
        }
        if values[hub] >= need {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn apportionment_places_everything_that_fits(
            total in 0u32..500,
            weights in proptest::collection::vec(0.0f64..10.0, 1..20),
            rooms in proptest::collection::vec(0u32..60, 20),
        ) {
            let room = &rooms[..weights.len()];
            let (allocation, unplaced) = apportion_within(total, &weights, room);
            let placed: u32 = allocation.iter().sum();
            prop_assert_eq!(placed + unplaced, total);
            for i in 0..weights.len() {
                prop_assert!(allocation[i] <= room[i]);
                if weights[i] <= 0.0 { prop_assert_eq!(allocation[i], 0); }
            }
            let open_room: u32 = (0..weights.len()).filter(|&i| weights[i] > 0.0).map(|i| room[i]).sum();
            prop_assert_eq!(placed, total.min(open_room));
        }

        #[test]
        fn unlimited_apportionment_stays_within_one_of_the_quota(
            total in 0u32..2_000,
            weights in proptest::collection::vec(0.1f64..10.0, 1..30),
        ) {
            let room = vec![u32::MAX; weights.len()];
            let (allocation, unplaced) = apportion_within(total, &weights, &room);
            prop_assert_eq!(unplaced, 0);
            let sum: f64 = weights.iter().sum();
            for (a, w) in allocation.iter().zip(&weights) {
                let quota = f64::from(total) * w / sum;
                prop_assert!((f64::from(*a) - quota).abs() < 1.0 + 1e-9);
            }
        }
    }

    #[test]
    fn hub_pulls_from_donors_in_order_and_keeps_the_total() {
        let mut values = vec![1, 3, 2, 0];
        pull_to_hub(&mut values, 3, 4, &[0, 2, 1]);
        assert_eq!(values, vec![0, 2, 0, 4]);
    }
}
