//! Homes offered for settlement: per municipality, enough for the households its decided
//! number implies plus about 10 %, sized like the batch's households.

use crate::calendar_date;
use crate::households::{SampledHousehold, ACCESSIBLE_HOUSING};
use crate::GenerateError;
use chrono::Duration;
use landa_model::{Capacity, Contract, Dwelling, DwellingId, Household, ServiceName};
use rand::seq::SliceRandom;
use rand::Rng;

const SPARE: (f64, f64) = (1.08, 1.12);
const ACCESSIBLE_SHARE: (f64, f64) = (0.08, 0.12);
const FIRST_HAND: f64 = 0.70;
/// Dwellings become available over the first four months of the year.
const AVAILABILITY_DAYS: i64 = 120;
/// Monthly rent in kronor: a base and so much per bed (no draw, so that adding rents
/// left every other drawn value as it was).
const RENT_BASE: u32 = 3_000;
const RENT_PER_BED: u32 = 1_200;
/// A first-hand contract the municipality holds passes to the household after a year.
const PASS_OVER_DAYS: i64 = 365;

pub(crate) fn offer<R: Rng>(
    rng: &mut R,
    year: i32,
    capacities: &[Capacity],
    households: &[SampledHousehold],
) -> Result<Vec<Dwelling>, GenerateError> {
    let all: Vec<&Household> = households.iter().map(|s| &s.household).collect();
    let accessible_housing: ServiceName = ACCESSIBLE_HOUSING.parse()?;
    let needing_access: Vec<&Household> = all
        .iter()
        .copied()
        .filter(|h| h.needs.contains(&accessible_housing))
        .collect();
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let mean_size = all.iter().map(|h| f64::from(h.size())).sum::<f64>() / all.len() as f64;
    let first_day = calendar_date(year, 1, 1)?;

    let mut dwellings = Vec::new();
    for capacity in capacities.iter().filter(|c| c.persons() > 0) {
        let expected_households = f64::from(capacity.persons()) / mean_size;
        let accessible_places = capacity.service(&accessible_housing);
        let mut count = (expected_households * rng.gen_range(SPARE.0..=SPARE.1)).ceil() as usize;
        let accessible = ((count as f64 * rng.gen_range(ACCESSIBLE_SHARE.0..=ACCESSIBLE_SHARE.1))
            .round() as usize)
            .max(accessible_places as usize);
        count = count.max(accessible);
        let mut flags: Vec<bool> = (0..count).map(|i| i < accessible).collect();
        flags.shuffle(rng);

        let start = dwellings.len();
        for (n, accessible) in flags.into_iter().enumerate() {
            // Accessible homes are sized for the households that need them.
            let pool = if accessible && !needing_access.is_empty() {
                &needing_access
            } else {
                &all
            };
            let beds = pool.choose(rng).map_or(1, |h| h.size());
            let id: DwellingId = format!("d-{}-{:04}", capacity.municipality, n + 1).parse()?;
            dwellings.push(Dwelling::new(
                id,
                capacity.municipality.clone(),
                beds,
                first_day + Duration::days(rng.gen_range(0..AVAILABILITY_DAYS)),
                accessible,
                if rng.gen_bool(FIRST_HAND) {
                    Contract::FirstHand
                } else {
                    Contract::Sublet
                },
            )?);
        }
        let offered = &mut dwellings[start..];
        // The largest household the municipality's number allows should find a home there.
        widen_largest(offered, |_| true, largest_fitting(&all, capacity.persons()));
        if accessible_places > 0 {
            widen_largest(
                offered,
                |d| d.accessible,
                largest_fitting(&needing_access, capacity.persons()),
            );
        }
    }
    for dwelling in &mut dwellings {
        dwelling.rent = Some(RENT_BASE + RENT_PER_BED * dwelling.beds());
        if dwelling.contract == Contract::FirstHand {
            // A year after it is available: never before it, so always accepted.
            let _ = dwelling.set_passes_over_on(Some(
                dwelling.available_from + Duration::days(PASS_OVER_DAYS),
            ));
        }
    }
    Ok(dwellings)
}

fn largest_fitting(households: &[&Household], persons: u32) -> u32 {
    households
        .iter()
        .map(|h| h.size())
        .filter(|&s| s <= persons)
        .max()
        .unwrap_or(1)
}

/// Gives the largest dwelling matching `filter` at least `beds` beds.
fn widen_largest(dwellings: &mut [Dwelling], filter: impl Fn(&Dwelling) -> bool, beds: u32) {
    if let Some(largest) = dwellings
        .iter_mut()
        .filter(|d| filter(d))
        .max_by_key(|d| d.beds())
    {
        // Never fewer beds than it had, which is at least one.
        let _ = largest.set_beds(largest.beds().max(beds));
    }
}
