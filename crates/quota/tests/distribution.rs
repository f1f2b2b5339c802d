//! Example-based tests of the distribution: explanations, minors, adjustments, errors
//! that name what is wrong, and the scenario helper.

use landa_model::{
    Country, HousingMarket, Municipality, MunicipalityCode, Region, RegionCode, Scenario,
    ScenarioMeta,
};
use landa_quota::{
    distribute, distribute_national, distribute_region, units_from_scenario, Adjustment, Factor,
    Method, NationalOptions, Options, QuotaError, Unit, Weights,
};

fn code(s: &str) -> MunicipalityCode {
    s.parse().unwrap()
}

fn municipality(
    key: &str,
    population: u32,
    employment: f64,
    reception: f64,
    housing: HousingMarket,
) -> Unit<MunicipalityCode> {
    Unit {
        population: Some(population),
        employment_rate: Some(employment),
        reception_per_1000: Some(reception),
        housing_market: Some(housing),
        ..Unit::new(code(key))
    }
}

/// Three Dalarna-like municipalities: identical but for one fact each.
fn county() -> Vec<Unit<MunicipalityCode>> {
    vec![
        municipality("2080", 50_000, 0.8, 10.0, HousingMarket::Balance),
        municipality("2081", 50_000, 0.8, 10.0, HousingMarket::Shortage),
        municipality("2082", 50_000, 0.8, 30.0, HousingMarket::Balance),
    ]
}

fn county_options() -> Options<MunicipalityCode> {
    Options {
        weights: Weights {
            housing: 0.2,
            ..Weights::default()
        },
        ..Options::default()
    }
}

#[test]
fn the_breakdown_explains_who_gets_less_and_why() {
    let d = distribute_region(300, 30, &county(), &county_options()).unwrap();
    let [balance, shortage, burdened] = [0, 1, 2].map(|i| &d.allocations[i].persons);
    // Same size and labour market: equal contributions from those factors.
    assert_eq!(
        balance.contributions.population,
        shortage.contributions.population
    );
    assert_eq!(
        balance.contributions.labour_market,
        burdened.contributions.labour_market
    );
    // Housing shortage lowers only the housing contribution; heavy reception only the reception one.
    assert!(shortage.contributions.housing < balance.contributions.housing);
    assert_eq!(
        shortage.contributions.reception,
        balance.contributions.reception
    );
    assert!(burdened.contributions.reception < balance.contributions.reception);
    assert!(shortage.rounded < balance.rounded && burdened.rounded < balance.rounded);
    for b in [balance, shortage, burdened] {
        let sum: f64 = Factor::ALL.iter().map(|&f| b.contributions.get(f)).sum();
        assert!((sum - b.exact).abs() < 1e-9);
        assert!(!b.floor_binding && !b.ceiling_binding && b.adjustment.is_none());
    }
}

#[test]
fn minors_never_exceed_persons_and_the_cap_is_flagged() {
    let mut units = county();
    units[0].ceiling = Some(4);
    let d = distribute(100, 60, &units, &county_options()).unwrap();
    let capped = &d.allocations[0];
    assert_eq!(capped.persons.rounded, 4);
    assert!(capped.persons.ceiling_binding);
    assert_eq!(capped.unaccompanied_minors.rounded, 4);
    assert!(capped.unaccompanied_minors.ceiling_binding);
    let minors: u32 = d
        .allocations
        .iter()
        .map(|a| a.unaccompanied_minors.rounded)
        .sum();
    assert_eq!(minors, 60);

    assert_eq!(
        distribute(10, 11, &units, &county_options()).unwrap_err(),
        QuotaError::MinorsExceedPersons {
            minors: 11,
            persons: 10
        }
    );
}

#[test]
fn adjustments_fix_a_number_and_keep_the_reason() {
    let options = Options {
        adjustments: vec![Adjustment {
            key: code("2082"),
            value: 150,
            reason: "Kommunen erbjöd fler platser (offered more places)".to_owned(),
        }],
        ..county_options()
    };
    for method in [Method::Hamilton, Method::SainteLague] {
        let d = distribute(
            300,
            0,
            &county(),
            &Options {
                method,
                ..options.clone()
            },
        )
        .unwrap();
        let adjusted = &d.allocations[2].persons;
        assert_eq!(adjusted.rounded, 150);
        assert!(
            adjusted.exact < 100.0,
            "the model's own number stays visible"
        );
        assert!(adjusted
            .adjustment
            .as_ref()
            .unwrap()
            .reason
            .starts_with("Kommunen"));
        assert_eq!(
            d.allocations[0].persons.rounded + d.allocations[1].persons.rounded,
            150
        );
    }
}

#[test]
fn bad_adjustments_are_refused_with_the_unit_named() {
    let adjust = |key: &str, value: u32| Adjustment {
        key: code(key),
        value,
        reason: "why".to_owned(),
    };
    let run = |adjustments: Vec<Adjustment<MunicipalityCode>>| {
        distribute(
            100,
            0,
            &county(),
            &Options {
                adjustments,
                ..county_options()
            },
        )
        .unwrap_err()
    };
    assert_eq!(
        run(vec![adjust("9999", 1)]).to_string(),
        "an adjustment names 9999, which is not among the units distributed over"
    );
    assert!(matches!(
        run(vec![adjust("2080", 1), adjust("2080", 2)]),
        QuotaError::DuplicateAdjustment { .. }
    ));
    assert!(matches!(
        run(vec![adjust("2080", 60), adjust("2081", 60)]),
        QuotaError::AdjustmentsExceedTotal {
            total: 100,
            adjusted: 120
        }
    ));
    let mut bounded = county();
    bounded[0].ceiling = Some(10);
    let err = distribute(
        100,
        0,
        &bounded,
        &Options {
            adjustments: vec![adjust("2080", 11)],
            ..county_options()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the adjustment sets 2080 to 11, outside its floor 0 and ceiling 10"
    );
}

#[test]
fn missing_and_invalid_facts_name_the_unit_and_field() {
    let mut units = county();
    units[1].reception_per_1000 = None;
    let err = distribute(100, 0, &units, &county_options()).unwrap_err();
    assert_eq!(
        err,
        QuotaError::MissingValue {
            unit: "2081".to_owned(),
            field: "reception_per_1000"
        }
    );
    // Not weighed, not needed.
    let population_only = Options {
        weights: Weights::population_only(),
        ..county_options()
    };
    assert!(distribute(100, 0, &units, &population_only).is_ok());

    units[2].employment_rate = Some(f64::NAN);
    assert!(matches!(
        distribute(100, 0, &units, &population_only),
        Err(QuotaError::InvalidValue {
            field: "employment_rate",
            ..
        })
    ));
    let weights = Weights {
        reception: -1.0,
        ..Weights::default()
    };
    assert!(matches!(
        distribute(
            100,
            0,
            &county(),
            &Options {
                weights,
                ..county_options()
            }
        ),
        Err(QuotaError::InvalidWeight {
            factor: Factor::Reception,
            ..
        })
    ));
    let duplicated = [county(), county()].concat();
    assert!(matches!(
        distribute(100, 0, &duplicated, &county_options()),
        Err(QuotaError::DuplicateUnit { .. })
    ));
}

#[test]
fn infeasible_floors_say_the_numbers() {
    let mut units = county();
    for unit in &mut units {
        unit.floor = 40;
    }
    assert_eq!(
        distribute(100, 0, &units, &county_options())
            .unwrap_err()
            .to_string(),
        "floors sum to 120, more than the 100 to distribute"
    );
}

fn region(code: &str, name: &str) -> Region {
    Region {
        code: code.parse().unwrap(),
        name: name.to_owned(),
    }
}

fn scenario_municipality(code_: &str, region: &str, population: Option<u32>) -> Municipality {
    Municipality::new(code(code_), code_, region.parse().unwrap())
        .with_population(population)
        .with_employment_rate(Some(0.75))
        .and_then(|m| m.with_reception_per_1000(Some(12.0)))
        .unwrap()
}

fn scenario(municipalities: Vec<Municipality>) -> Scenario {
    Scenario {
        meta: ScenarioMeta {
            name: "test".to_owned(),
            country: Country::Sweden,
            year: 2017,
            national_total: Some(1000),
        },
        regions: vec![
            region("20", "Dalarnas län"),
            region("21", "Gävleborgs län"),
            region("23", "Jämtlands län"),
        ],
        municipalities,
        households: Vec::new(),
        persons: Vec::new(),
        capacities: Vec::new(),
        dwellings: Vec::new(),
        scores: Vec::new(),
        request_rounds: Vec::new(),
        decisions: Vec::new(),
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
    }
}

#[test]
fn scenario_units_feed_the_national_distribution() {
    let s = scenario(vec![
        scenario_municipality("2080", "20", Some(57_000)),
        scenario_municipality("2081", "20", Some(51_000)),
        scenario_municipality("2180", "21", Some(100_000)),
    ]);
    let grouped = units_from_scenario(&s);
    let twenty_three: RegionCode = "23".parse().unwrap();
    assert_eq!(grouped.len(), 3, "every region appears");
    assert!(grouped[&twenty_three].is_empty());
    assert_eq!(grouped[&"20".parse().unwrap()].len(), 2);

    let options = NationalOptions {
        municipal: Options {
            adjustments: vec![Adjustment {
                key: code("2081"),
                value: 200,
                reason: "avtal med kommunen (agreement)".to_owned(),
            }],
            ..Options::default()
        },
        ..NationalOptions::default()
    };
    let national = distribute_national(1000, 100, &grouped, &options).unwrap();
    let regional: Vec<u32> = national
        .regional
        .allocations
        .iter()
        .map(|a| a.persons.rounded)
        .collect();
    assert_eq!(regional.iter().sum::<u32>(), 1000);
    // A region without municipalities has no inhabitants and gets nothing.
    assert_eq!(regional[2], 0);
    // The adjusted municipality's value is a floor for its region.
    assert!(regional[0] >= 200);
    let dalarna = &national.municipal[&"20".parse().unwrap()];
    assert_eq!(dalarna.allocations[1].persons.rounded, 200);
    assert_eq!(dalarna.persons_total, regional[0]);
}

#[test]
fn national_step_refuses_housing_and_names_missing_municipal_facts() {
    let s = scenario(vec![
        scenario_municipality("2080", "20", Some(57_000)),
        scenario_municipality("2180", "21", None),
    ]);
    let grouped = units_from_scenario(&s);
    let err = distribute_national(1000, 0, &grouped, &NationalOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "municipality 2180 (region 21) has no population, which the distribution weighs (its weight is not zero)"
    );

    let housing = NationalOptions {
        regional: Options {
            weights: Weights {
                housing: 0.1,
                ..Weights::default()
            },
            ..Options::default()
        },
        ..NationalOptions::default()
    };
    assert_eq!(
        distribute_national(1000, 0, &grouped, &housing).unwrap_err(),
        QuotaError::HousingAtNationalStep
    );

    // The municipal step's errors say which region.
    let complete = units_from_scenario(&scenario(vec![scenario_municipality(
        "2080",
        "20",
        Some(57_000),
    )]));
    let county_housing = NationalOptions {
        municipal: county_options(),
        ..NationalOptions::default()
    };
    let err = distribute_national(1000, 0, &complete, &county_housing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "region 20: 2080 has no housing_market, which the distribution weighs (its weight is not zero)"
    );
}
