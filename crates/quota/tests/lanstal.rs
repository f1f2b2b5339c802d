//! Comparison with the published Swedish länstal 2017 (30 600) and 2020 (7 100).
//!
//! We do not have the government's inputs, and data/ holds no county population,
//! employment or reception figures (no sourced table of all 21 counties was found, and
//! none is invented). The only per-county basis in data/ is the other year's published
//! länstal, so each year is distributed with the other year's numbers as the single
//! (population-style) basis. The comparison therefore shows how well last distribution's
//! shares, apportioned by landa, predict the next: a check of the apportionment on real
//! totals and of how much the government's shares moved, not a validation of landa's
//! default weights. Run with `--nocapture` to see the tables. The distribution is not
//! tuned; only the bounds are measured.
//!
//! Asserted: every county within [`tolerance`] of its published figure, and each year's
//! mean absolute percentage error at most what it is today plus half a point. The bounds
//! come from how far the government's own shares moved from 2017 to 2020, so they fail
//! when the counties are weighted other than in proportion to the basis, which is what
//! this test can check.

use landa_model::RegionCode;
use landa_quota::{distribute, Options, Unit, Weights};
use std::collections::BTreeMap;

const LANSTAL: &str = include_str!("../../../data/se/lanstal.csv");
const COUNTIES: &str = include_str!("../../../data/se/counties.csv");

fn rows(csv: &str) -> impl Iterator<Item = Vec<&str>> {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(str::trim).collect())
}

/// Published persons per county for `year`.
fn published(year: &str) -> BTreeMap<RegionCode, u32> {
    rows(LANSTAL)
        .filter(|row| row[1] == year)
        .map(|row| (row[0].parse().unwrap(), row[2].parse().unwrap()))
        .collect()
}

fn county_names() -> BTreeMap<RegionCode, String> {
    rows(COUNTIES)
        .map(|row| (row[0].parse().unwrap(), row[1].to_owned()))
        .collect()
}

/// How far a county's number may be from its published one: 1.2 % of the national total
/// plus 5 % of the county's published figure. Measured today (both directions, the same
/// share moves): Stockholm 2.40 percentage points of the total (+735 in 2017, -171 in
/// 2020, 8 %), Skåne 1.62 pp (-497, +115: 13-15 %), Västmanland 1.07 pp and Kronoberg
/// 0.85 pp (half their share or more, +107 % and +162 % in 2020), Halland 1.00 pp; the
/// rest under 0.71 pp. A bound in persons or in percent alone would have to allow
/// Stockholm's 735 persons or Kronoberg's 162 % everywhere; this one leaves 8 persons of
/// margin at its tightest (Skåne 2020, 115 of 124) and 71 at Stockholm 2017. Tried: the
/// basis to the power 1.05 instead of 1 fails it (Stockholm 2017: +1314, tolerance 806),
/// to the power 0.95 too (Stockholm 2020: -292 of 196), and so does Stockholm's weight
/// 10 % off either way (Stockholm and Skåne outside).
fn tolerance(total: u32, published: u32) -> f64 {
    0.012 * f64::from(total) + 0.05 * f64::from(published)
}

/// Distributes `total` over the counties with `basis` as the only factor, prints the
/// comparison with `target`, asserts each county within [`tolerance`] of it and returns
/// the mean absolute percentage error.
fn compare(
    total: u32,
    basis: &BTreeMap<RegionCode, u32>,
    target: &BTreeMap<RegionCode, u32>,
    label: &str,
) -> f64 {
    let units: Vec<Unit<RegionCode>> = basis
        .iter()
        .map(|(code, &number)| Unit {
            population: Some(number),
            ..Unit::new(code.clone())
        })
        .collect();
    let options = Options {
        weights: Weights::population_only(),
        ..Options::default()
    };
    let distribution = distribute(total, 0, &units, &options).unwrap();
    let landa_sum: u32 = distribution
        .allocations
        .iter()
        .map(|a| a.persons.rounded)
        .sum();
    assert_eq!(
        landa_sum, total,
        "{label}: the counties' numbers sum to the total"
    );
    assert_eq!(
        target.values().sum::<u32>(),
        total,
        "{label}: published numbers sum to the total"
    );

    let names = county_names();
    eprintln!("\n{label}");
    eprintln!(
        "{:<4} {:<24} {:>9} {:>9} {:>6} {:>8} {:>9}",
        "code", "county", "published", "landa", "diff", "diff %", "tolerance"
    );
    let mut percentage_errors = Vec::new();
    let mut outside = Vec::new();
    for allocation in &distribution.allocations {
        let published = target[&allocation.key];
        let landa = allocation.persons.rounded;
        let difference = i64::from(landa) - i64::from(published);
        let percent = 100.0 * difference as f64 / f64::from(published);
        percentage_errors.push(percent.abs());
        let allowed = tolerance(total, published);
        let name = names.get(&allocation.key).map_or("?", String::as_str);
        eprintln!(
            "{:<4} {:<24} {:>9} {:>9} {:>+6} {:>+7.1}% {:>9.0}",
            allocation.key.as_str(),
            name,
            published,
            landa,
            difference,
            percent,
            allowed
        );
        if difference.unsigned_abs() as f64 > allowed {
            outside.push(format!(
                "{} {name}: landa {landa}, published {published}, {difference:+} \
                 (tolerance {allowed:.0})",
                allocation.key.as_str()
            ));
        }
    }
    let mape = percentage_errors.iter().sum::<f64>() / percentage_errors.len() as f64;
    eprintln!("mean absolute percentage error: {mape:.1} %");
    assert!(
        outside.is_empty(),
        "{label}: counties outside the tolerance:\n{}",
        outside.join("\n")
    );
    mape
}

#[test]
fn lanstal_2017_and_2020_distributed_over_21_counties() {
    let (y2017, y2020) = (published("2017"), published("2020"));
    assert_eq!(y2017.len(), 21);
    assert_eq!(y2020.len(), 21);
    let mape_2017 = compare(
        30_600,
        &y2020,
        &y2017,
        "2017: 30 600 distributed by the 2020 shares",
    );
    let mape_2020 = compare(
        7_100,
        &y2017,
        &y2020,
        "2020: 7 100 distributed by the 2017 shares",
    );
    // A finite error means every county was compared (none published as 0).
    assert!(mape_2017.is_finite() && mape_2020.is_finite());
    // Measured 16.9 % and 24.8 %; the half point over them catches what the per-county
    // tolerance lets through in a small county (Blekinge's weight 50 % off: 18.5 % in 2017).
    assert!(mape_2017 <= 17.4, "2017: mean error {mape_2017:.1} %");
    assert!(mape_2020 <= 25.3, "2020: mean error {mape_2020:.1} %");
}
