//! Property tests of the distribution: exact sums, bounds, monotonicity, adjustments,
//! Sainte-Laguë against its definition, breakdowns.

use landa_model::HousingMarket;
use landa_quota::{
    apportion, distribute, distribute_national, Adjustment, Claim, Distribution, Method, Options,
    QuotaError, Unit, UnitsByRegion, Weights,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![Just(Method::Hamilton), Just(Method::SainteLague)]
}

fn weights() -> impl Strategy<Value = Weights> {
    (
        0.0..1.0f64,
        0.0..1.0f64,
        0.0..1.0f64,
        0.0..1.0f64,
        0.0..1.0f64,
        0.0..1.0f64,
    )
        .prop_map(|(p, l, r, h, i, s)| Weights {
            // Population always counts a little so the weights never all vanish.
            population: p + 0.01,
            labour_market: l,
            reception: r,
            housing: h,
            introduction_results: i,
            school_capacity: s,
        })
}

fn housing() -> impl Strategy<Value = HousingMarket> {
    prop_oneof![
        Just(HousingMarket::Shortage),
        Just(HousingMarket::Balance),
        Just(HousingMarket::Surplus)
    ]
}

/// Units with every fact present, small floors and sometimes a ceiling.
fn units(max: usize) -> impl Strategy<Value = Vec<Unit<String>>> {
    prop::collection::vec(
        (
            1u32..200_000,
            0.2..0.95f64,
            0.0..80.0f64,
            housing(),
            0u32..4,
            prop::option::weighted(0.3, 4u32..400),
            (0.1..0.9f64, 1u32..500),
        ),
        1..=max,
    )
    .prop_map(|facts| {
        facts
            .into_iter()
            .enumerate()
            .map(
                |(i, (population, employment, reception, housing, floor, ceiling, norway))| Unit {
                    key: format!("u{i:02}"),
                    population: Some(population),
                    employment_rate: Some(employment),
                    reception_per_1000: Some(reception),
                    housing_market: Some(housing),
                    introduction_result_rate: Some(norway.0),
                    upper_secondary_places: Some(norway.1),
                    floor,
                    ceiling,
                    takes_unaccompanied_minors: true,
                },
            )
            .collect()
    })
}

fn options(weights: Weights, method: Method) -> Options<String> {
    Options {
        weights,
        method,
        ..Options::default()
    }
}

fn feasible(total: u32, units: &[Unit<String>]) -> bool {
    let floors: u64 = units.iter().map(|u| u64::from(u.floor)).sum();
    let ceilings: Option<u64> = units.iter().map(|u| u.ceiling.map(u64::from)).sum();
    floors <= u64::from(total) && ceilings.is_none_or(|c| c >= u64::from(total))
}

fn persons(d: &Distribution<String>) -> Vec<u32> {
    d.allocations.iter().map(|a| a.persons.rounded).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn sums_are_exact_and_bounds_hold(
        units in units(12),
        total in 0u32..3000,
        minors_part in 0.0..1.0f64,
        weights in weights(),
        method in method(),
    ) {
        let minors = (f64::from(total) * minors_part) as u32;
        let result = distribute(total, minors, &units, &options(weights, method));
        if !feasible(total, &units) {
            let infeasible = matches!(
                result,
                Err(QuotaError::FloorsExceedTotal { .. } | QuotaError::CeilingsBelowTotal { .. })
            );
            prop_assert!(infeasible, "{result:?}");
            return Ok(());
        }
        let d = result.unwrap();
        prop_assert_eq!(persons(&d).iter().map(|&p| u64::from(p)).sum::<u64>(), u64::from(total));
        let minor_sum: u64 = d.allocations.iter().map(|a| u64::from(a.unaccompanied_minors.rounded)).sum();
        prop_assert_eq!(minor_sum, u64::from(minors));
        for (unit, a) in units.iter().zip(&d.allocations) {
            prop_assert!(a.persons.rounded >= unit.floor);
            prop_assert!(unit.ceiling.is_none_or(|c| a.persons.rounded <= c));
            prop_assert!(a.unaccompanied_minors.rounded <= a.persons.rounded);
        }
    }

    #[test]
    fn with_a_minimum_no_unit_is_asked_for_fewer_and_minors_go_only_where_taken(
        units in units(12),
        total in 0u32..600,
        minors_part in 0.0..0.5f64,
        minimum in 0u32..40,
        takes in prop::collection::vec(any::<bool>(), 12),
        weights in weights(),
        method in method(),
    ) {
        let units: Vec<Unit<String>> = units
            .into_iter()
            .zip(&takes)
            .map(|(u, &takes)| Unit { takes_unaccompanied_minors: takes, ..u })
            .collect();
        prop_assume!(feasible(total, &units));
        let minors = (f64::from(total) * minors_part) as u32;
        let with_minimum = Options { minimum, ..options(weights, method) };
        let Ok(d) = distribute(total, minors, &units, &with_minimum) else {
            // Only the minors can be infeasible: when the units taking them are asked for
            // fewer persons than there are minors.
            let persons_only = distribute(total, 0, &units, &with_minimum).unwrap();
            let room: u32 = units.iter().zip(&persons_only.allocations)
                .filter(|(u, _)| u.takes_unaccompanied_minors)
                .map(|(_, a)| a.persons.rounded).sum();
            prop_assert!(room < minors, "room {room} for {minors} minors");
            return Ok(());
        };
        prop_assert_eq!(persons(&d).iter().map(|&p| u64::from(p)).sum::<u64>(), u64::from(total));
        let receiving = d.allocations.iter().filter(|a| a.persons.rounded > 0).count();
        let without = distribute(total, minors, &units, &options(weights, method));
        for (unit, a) in units.iter().zip(&d.allocations) {
            let asked = a.persons.rounded;
            // Below the minimum only when a floor holds it there, when it is the one unit
            // receiving anyone, or when the others' ceilings could not take its share.
            let capped = units.iter().zip(&d.allocations)
                .any(|(u, b)| u.ceiling == Some(b.persons.rounded) && b.persons.rounded > 0);
            prop_assert!(asked == 0 || asked >= minimum || unit.floor > 0 || receiving == 1 || capped,
                "{} asked for {asked} with minimum {minimum}", unit.key);
            prop_assert!(!a.persons.below_minimum || asked == 0);
            if !unit.takes_unaccompanied_minors {
                prop_assert_eq!(a.unaccompanied_minors.rounded, 0);
            }
            prop_assert!(a.unaccompanied_minors.rounded <= asked);
        }
        // A unit dropped below the minimum would have been asked for some, fewer than the minimum.
        if let Ok(without) = without {
            for (a, b) in d.allocations.iter().zip(&without.allocations) {
                if a.persons.below_minimum {
                    prop_assert!(b.persons.rounded <= minimum, "{} dropped from {}", a.key, b.persons.rounded);
                }
            }
        }
    }

    #[test]
    fn breakdowns_add_up_to_the_documented_formula(
        units in units(10),
        total in 1u32..5000,
        weights in weights(),
    ) {
        let units: Vec<Unit<String>> = units.into_iter().map(|u| Unit { floor: 0, ceiling: None, ..u }).collect();
        let d = distribute(total, 0, &units, &options(weights, Method::Hamilton)).unwrap();
        let w = weights.normalised().unwrap();
        let population: f64 = units.iter().map(|u| f64::from(u.population.unwrap())).sum();
        let mut exact_sum = 0.0;
        for (unit, a) in units.iter().zip(&d.allocations) {
            let b = &a.persons;
            let parts = b.contributions.population + b.contributions.labour_market
                + b.contributions.reception + b.contributions.housing
                + b.contributions.introduction_results + b.contributions.school_capacity;
            prop_assert!(close(parts, b.exact), "{parts} vs {}", b.exact);
            let expected = f64::from(total) * w.population * f64::from(unit.population.unwrap()) / population;
            prop_assert!(close(b.contributions.population, expected));
            // Without bounds or adjustments the quota is the exact number and the
            // rounding moves it by less than one.
            prop_assert!(close(b.quota, b.exact));
            prop_assert!((f64::from(b.rounded) - b.exact).abs() < 1.0);
            exact_sum += b.exact;
        }
        prop_assert!(close(exact_sum, f64::from(total)));
    }

    #[test]
    fn more_inhabitants_employment_results_or_school_places_never_lower_a_number_more_reception_never_raises_it(
        units in units(10),
        pick in any::<prop::sample::Index>(),
        more_people in 1u32..100_000,
        more_employment in 0.001..0.5f64,
        more_school_places in 1u32..300,
        more_reception in 0.01..50.0f64,
        total in 0u32..3000,
        weights in weights(),
        method in method(),
    ) {
        prop_assume!(feasible(total, &units));
        let options = options(weights, method);
        let j = pick.index(units.len());
        let before = persons(&distribute(total, 0, &units, &options).unwrap())[j];

        let mut bigger = units.clone();
        bigger[j].population = bigger[j].population.map(|p| p + more_people);
        prop_assert!(persons(&distribute(total, 0, &bigger, &options).unwrap())[j] >= before);

        let mut employed = units.clone();
        employed[j].employment_rate = employed[j].employment_rate.map(|e| (e + more_employment).min(1.0));
        prop_assert!(persons(&distribute(total, 0, &employed, &options).unwrap())[j] >= before);

        let mut introduced = units.clone();
        introduced[j].introduction_result_rate =
            introduced[j].introduction_result_rate.map(|e| (e + more_employment).min(1.0));
        prop_assert!(persons(&distribute(total, 0, &introduced, &options).unwrap())[j] >= before);

        let mut schooled = units.clone();
        schooled[j].upper_secondary_places =
            schooled[j].upper_secondary_places.map(|p| p + more_school_places);
        prop_assert!(persons(&distribute(total, 0, &schooled, &options).unwrap())[j] >= before);

        let mut burdened = units.clone();
        burdened[j].reception_per_1000 = burdened[j].reception_per_1000.map(|r| r + more_reception);
        prop_assert!(persons(&distribute(total, 0, &burdened, &options).unwrap())[j] <= before);
    }

    #[test]
    fn adjustments_are_kept_exactly_and_the_rest_rebalanced(
        units in units(10),
        total in 50u32..3000,
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..4),
        fractions in prop::collection::vec(0.0..0.3f64, 4),
        weights in weights(),
    ) {
        let units: Vec<Unit<String>> = units.into_iter().map(|u| Unit { floor: 0, ceiling: None, ..u }).collect();
        let chosen: BTreeSet<usize> = picks.iter().map(|p| p.index(units.len())).collect();
        // At least one unit is left to take the rest.
        prop_assume!(chosen.len() < units.len());
        let adjustments: Vec<Adjustment<String>> = chosen
            .iter()
            .zip(&fractions)
            .map(|(&i, f)| Adjustment {
                key: units[i].key.clone(),
                value: (f64::from(total) * f) as u32,
                reason: "agreed with the municipality".to_owned(),
            })
            .collect();
        let options = Options { adjustments: adjustments.clone(), ..options(weights, Method::Hamilton) };
        let d = distribute(total, 0, &units, &options).unwrap();
        prop_assert_eq!(persons(&d).iter().sum::<u32>(), total);

        let adjusted: u32 = adjustments.iter().map(|a| a.value).sum();
        let free_exact: f64 = d.allocations.iter()
            .filter(|a| a.persons.adjustment.is_none())
            .map(|a| a.persons.exact)
            .sum();
        for a in &d.allocations {
            match adjustments.iter().find(|adj| adj.key == a.key) {
                Some(adj) => {
                    prop_assert_eq!(a.persons.rounded, adj.value);
                    prop_assert_eq!(a.persons.adjustment.as_ref().map(|x| x.reason.as_str()), Some(adj.reason.as_str()));
                }
                None => {
                    // The rest, in proportion to the model's exact numbers.
                    let share = f64::from(total - adjusted) * a.persons.exact / free_exact;
                    prop_assert!((f64::from(a.persons.rounded) - share).abs() < 1.0 + 1e-9,
                        "{} got {} for a share of {share}", a.key, a.persons.rounded);
                }
            }
        }

        let mut silent = adjustments;
        silent[0].reason = "  ".to_owned();
        let refused = distribute(total, 0, &units, &Options { adjustments: silent, ..options });
        prop_assert!(
            matches!(refused, Err(QuotaError::AdjustmentWithoutReason { .. })),
            "{:?}", refused
        );
    }

    #[test]
    fn national_numbers_add_up_at_both_levels(
        regions in prop::collection::vec(units(5), 1..5),
        total in 0u32..3000,
        minors_part in 0.0..1.0f64,
        weights in weights(),
        method in method(),
    ) {
        let grouped: UnitsByRegion = regions
            .into_iter()
            .enumerate()
            .map(|(r, units)| {
                let code = format!("{:02}", r + 1);
                let units = units.into_iter().enumerate().map(|(m, u)| Unit {
                    key: format!("{code}{m:02}").parse().unwrap(),
                    population: u.population,
                    employment_rate: u.employment_rate,
                    reception_per_1000: u.reception_per_1000,
                    housing_market: u.housing_market,
                    introduction_result_rate: u.introduction_result_rate,
                    upper_secondary_places: u.upper_secondary_places,
                    floor: u.floor,
                    ceiling: None,
                    takes_unaccompanied_minors: true,
                }).collect();
                (code.parse().unwrap(), units)
            })
            .collect();
        let floors: u32 = grouped.values().flatten().map(|u| u.floor).sum();
        prop_assume!(floors <= total);
        let minors = (f64::from(total) * minors_part) as u32;
        let options = landa_quota::NationalOptions {
            regional: Options { weights: Weights { housing: 0.0, ..weights }, method, ..Options::default() },
            municipal: Options { weights, method, ..Options::default() },
        };
        let national = distribute_national(total, minors, &grouped, &options).unwrap();
        let regional_sum: u32 = national.regional.allocations.iter().map(|a| a.persons.rounded).sum();
        prop_assert_eq!(regional_sum, total);
        for region in &national.regional.allocations {
            let municipal = &national.municipal[&region.key];
            let persons: u32 = municipal.allocations.iter().map(|a| a.persons.rounded).sum();
            let minors: u32 = municipal.allocations.iter().map(|a| a.unaccompanied_minors.rounded).sum();
            prop_assert_eq!(persons, region.persons.rounded);
            prop_assert_eq!(minors, region.unaccompanied_minors.rounded);
            for (unit, a) in grouped[&region.key].iter().zip(&municipal.allocations) {
                prop_assert!(a.persons.rounded >= unit.floor);
                prop_assert!(a.unaccompanied_minors.rounded <= a.persons.rounded);
            }
        }
    }
}

/// Claims for the apportionment properties: weights away from 0 so every claim is in
/// play, small floors, sometimes a ceiling.
fn claims(max: usize) -> impl Strategy<Value = Vec<Claim>> {
    prop::collection::vec(
        (
            0.5..100.0f64,
            0u32..3,
            prop::option::weighted(0.3, 3u32..12),
        ),
        1..=max,
    )
    .prop_map(|claims| {
        claims
            .into_iter()
            .map(|(weight, floor, ceiling)| Claim {
                weight,
                floor,
                ceiling,
            })
            .collect()
    })
}

fn claims_feasible(total: u32, claims: &[Claim]) -> bool {
    let floors: u32 = claims.iter().map(|c| c.floor).sum();
    let ceilings: Option<u32> = claims.iter().map(|c| c.ceiling).sum();
    floors <= total && ceilings.is_none_or(|c| c >= total)
}

fn seats(total: u32, claims: &[Claim], method: Method) -> Vec<u32> {
    apportion(total, claims, method)
        .unwrap()
        .iter()
        .map(|a| a.seats)
        .collect()
}

/// Every Sainte-Laguë apportionment by definition: some divisor D with
/// seats_i = clamp(round(weight_i / D), floor_i, ceiling_i) summing to the total.
/// Rounding flips only where weight / D = k + 1/2, so trying D between consecutive
/// flip points finds every one.
fn sainte_lague_by_definition(total: u32, claims: &[Claim]) -> Vec<Vec<u32>> {
    let mut flips: Vec<f64> = claims
        .iter()
        .flat_map(|c| (0..=total + 1).map(move |k| c.weight / (f64::from(k) + 0.5)))
        .collect();
    flips.sort_by(f64::total_cmp);
    flips.dedup();
    let mut divisors: Vec<f64> = flips.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    divisors.push(flips[0] / 2.0);
    divisors.push(flips[flips.len() - 1] * 2.0);
    let mut found: Vec<Vec<u32>> = divisors
        .into_iter()
        .map(|d| {
            claims
                .iter()
                .map(|c| {
                    let rounded = (c.weight / d + 0.5).floor() as u32;
                    rounded.max(c.floor).min(c.ceiling.unwrap_or(u32::MAX))
                })
                .collect::<Vec<u32>>()
        })
        .filter(|s| s.iter().sum::<u32>() == total)
        .collect();
    found.sort();
    found.dedup();
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn sainte_lague_agrees_with_its_definition(claims in claims(5), total in 0u32..25) {
        prop_assume!(claims_feasible(total, &claims));
        let ours = seats(total, &claims, Method::SainteLague);
        let valid = sainte_lague_by_definition(total, &claims);
        prop_assert!(valid.contains(&ours), "ours {ours:?}, by definition {valid:?}");
    }

    #[test]
    fn sainte_lague_never_loses_a_seat_when_the_total_grows(claims in claims(6), total in 0u32..40) {
        prop_assume!(claims_feasible(total, &claims) && claims_feasible(total + 1, &claims));
        let before = seats(total, &claims, Method::SainteLague);
        let after = seats(total + 1, &claims, Method::SainteLague);
        prop_assert!(before.iter().zip(&after).all(|(b, a)| a >= b), "{before:?} -> {after:?}");
    }

    #[test]
    fn hamilton_stays_within_one_of_the_bounded_quota(claims in claims(8), total in 0u32..60) {
        prop_assume!(claims_feasible(total, &claims));
        for a in apportion(total, &claims, Method::Hamilton).unwrap() {
            prop_assert!((f64::from(a.seats) - a.quota).abs() < 1.0 + 1e-9, "{a:?}");
        }
    }
}

#[test]
fn hamilton_shows_the_alabama_paradox_and_sainte_lague_does_not() {
    // The textbook case: weights 6, 6, 2. Hamilton gives the small claim 2 of 10 but
    // only 1 of 11; Sainte-Laguë gives it 1 both times.
    let claims: Vec<Claim> = [6.0, 6.0, 2.0]
        .map(|weight| Claim {
            weight,
            floor: 0,
            ceiling: None,
        })
        .to_vec();
    assert_eq!(seats(10, &claims, Method::Hamilton), [4, 4, 2]);
    assert_eq!(seats(11, &claims, Method::Hamilton), [5, 5, 1]);
    assert_eq!(seats(10, &claims, Method::SainteLague)[2], 1);
    assert_eq!(seats(11, &claims, Method::SainteLague)[2], 1);
}
