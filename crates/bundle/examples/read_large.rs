//! Measures reading a large bundle: 12 000 households scored in 84 municipalities
//! (1 008 000 score rows). Run in release mode:
//!
//! `cargo run --release -p landa-bundle --example read_large`

use landa_bundle::{read_bundle, write_bundle};
use landa_model::*;
use std::time::Instant;

const HOUSEHOLDS: usize = 12_000;
const MUNICIPALITIES: usize = 84;

fn code<T: std::str::FromStr>(text: String) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a generated code is valid")
}

fn large_scenario() -> Scenario {
    let region: RegionCode = code("01".into());
    let municipalities: Vec<Municipality> = (0..MUNICIPALITIES)
        .map(|i| {
            Municipality::new(
                code(format!("{:04}", 100 + i)),
                format!("Municipality {i}"),
                region.clone(),
            )
            .with_population(Some(10_000 + 97 * i as u32))
            .with_housing_market(Some(HousingMarket::Balance))
            .with_employment_rate(Some(0.6 + (i % 30) as f64 / 100.0))
            .and_then(|m| m.with_reception_per_1000(Some((i % 17) as f64 / 2.0)))
            .expect("facts in range")
        })
        .collect();
    let since = NaiveDate::from_ymd_opt(2024, 1, 15).expect("a valid date");
    let households: Vec<Household> = (0..HOUSEHOLDS)
        .map(|i| {
            let id = code(format!("household-{i}"));
            Household::new(id, 1 + (i % 2) as u32, (i % 4) as u32, false, since)
                .expect("a possible composition")
        })
        .collect();
    let scores = households
        .iter()
        .enumerate()
        .flat_map(|(i, h)| {
            municipalities.iter().enumerate().map(move |(j, m)| {
                let value = ((i * 31 + j * 17) % 1000) as f64 / 997.0;
                Score::new(h.id.clone(), m.code.clone(), value).expect("a finite score")
            })
        })
        .collect();
    Scenario {
        meta: ScenarioMeta {
            name: "large".into(),
            country: Country::Sweden,
            year: 2024,
            national_total: None,
        },
        regions: vec![Region {
            code: region,
            name: "Region".into(),
        }],
        municipalities,
        households,
        persons: Vec::new(),
        capacities: Vec::new(),
        dwellings: Vec::new(),
        scores,
        request_rounds: Vec::new(),
        decisions: Vec::new(),
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
    }
}

fn main() {
    let scenario = large_scenario();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    write_bundle(&scenario, dir.path()).expect("the bundle is written");
    println!(
        "wrote {} households and {} scores in {:.2?}",
        scenario.households.len(),
        scenario.scores.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let read = read_bundle(dir.path()).expect("the bundle reads");
    println!("read it back in {:.2?}", started.elapsed());
    assert_eq!(read, scenario, "the bundle reads back equal");
}
