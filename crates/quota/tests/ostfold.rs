//! Acceptance with real data: Østfold's requests (anmodning) and decisions (vedtak)
//! 2015 and requests 2016, from data/no (seed 003).

use landa_model::{
    MunicipalDecision, MunicipalRequest, Municipality, MunicipalityCode, Region, RequestRound,
};
use landa_quota::{gap_report, GapReport};
use std::collections::BTreeMap;

const OSTFOLD_2015: &str = include_str!("../../../data/no/ostfold_2015.csv");
const OSTFOLD_2016: &str = include_str!("../../../data/no/ostfold_2016.csv");

/// Rows of a small CSV without quoting (the files have none), header dropped.
fn rows(csv: &str) -> Vec<Vec<&str>> {
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(str::trim).collect())
        .collect()
}

/// A blank cell is "none recorded".
fn number(cell: &str) -> Option<u32> {
    (!cell.is_empty()).then(|| cell.parse().expect("a whole number"))
}

fn ostfold() -> Region {
    Region {
        code: "01".parse().unwrap(),
        name: "Østfold".to_owned(),
    }
}

fn municipality(code: &str, name: &str) -> Municipality {
    Municipality::new(code.parse().unwrap(), name, ostfold().code)
}

fn round(year: i32, requests: Vec<MunicipalRequest>) -> RequestRound {
    RequestRound {
        year,
        round: 1,
        sent_on: None,
        sent_by: "IMDi og Fylkesmannen i Østfold".to_owned(),
        requests,
    }
}

/// Municipalities, the request round and the decisions of 2015.
fn inputs_2015() -> (Vec<Municipality>, RequestRound, Vec<MunicipalDecision>) {
    let rows = rows(OSTFOLD_2015);
    let municipalities: Vec<Municipality> = rows.iter().map(|r| municipality(r[0], r[1])).collect();
    let requests = rows
        .iter()
        .map(|r| MunicipalRequest {
            municipality: r[0].parse().unwrap(),
            persons: number(r[2]).expect("every municipality was asked"),
            // The 2015 table gives no requested minors.
            unaccompanied_minors: 0,
        })
        .collect();
    let decisions: Vec<MunicipalDecision> = rows
        .iter()
        .filter_map(|r| {
            Some(MunicipalDecision {
                year: 2015,
                municipality: r[0].parse().unwrap(),
                persons: number(r[3])?,
                unaccompanied_minors: number(r[4]).unwrap_or(0),
                body: None,
                decided_on: None,
                registration_number: None,
                document_url: None,
            })
        })
        .collect();
    (municipalities, round(2015, requests), decisions)
}

fn report_2015() -> GapReport {
    let (municipalities, round, decisions) = inputs_2015();
    gap_report(
        2015,
        &[ostfold()],
        &municipalities,
        &[round],
        &decisions,
        &BTreeMap::new(),
    )
}

fn row<'a>(report: &'a GapReport, code: &str) -> &'a landa_quota::MunicipalityGap {
    let code: MunicipalityCode = code.parse().unwrap();
    report
        .municipalities
        .iter()
        .find(|m| m.municipality == code)
        .expect("municipality in report")
}

#[test]
fn ostfold_2015_asked_435_decided_331() {
    let report = report_2015();
    assert_eq!(report.municipalities.len(), 18);
    assert_eq!(report.nation.requested.persons, 435);
    assert_eq!(report.nation.decided.persons, 331);
    assert_eq!(report.nation.gap.persons, 104);
    assert_eq!(report.nation.decided.unaccompanied_minors, 25);
    assert_eq!(report.regions.len(), 1);
    assert_eq!(report.regions[0].name.as_deref(), Some("Østfold"));
    assert_eq!(report.regions[0].totals, report.nation);
}

#[test]
fn fredrikstad_decided_more_than_asked_and_hobol_did_not_decide() {
    let report = report_2015();
    let fredrikstad = row(&report, "0106");
    assert_eq!(fredrikstad.requested.persons, 90);
    assert_eq!(fredrikstad.decided.map(|d| d.persons), Some(105));
    assert_eq!(fredrikstad.gap.persons, -15);
    assert_eq!(fredrikstad.request_round, Some(1));

    let hobol = row(&report, "0138");
    assert!(hobol.without_decision());
    assert_eq!(hobol.gap.persons, 10);
    assert_eq!(report.nation.without_decision, 1);

    // Rømskog decided 0: a decision, not a missing one.
    let romskog = row(&report, "0121");
    assert_eq!(romskog.decided.map(|d| d.persons), Some(0));
}

#[test]
fn ostfold_2016_asked_780_of_whom_197_minors() {
    let rows = rows(OSTFOLD_2016);
    let municipalities: Vec<Municipality> = rows.iter().map(|r| municipality(r[0], r[1])).collect();
    let requests = rows
        .iter()
        .map(|r| MunicipalRequest {
            municipality: r[0].parse().unwrap(),
            persons: number(r[2]).expect("persons asked"),
            unaccompanied_minors: number(r[3]).expect("minors asked"),
        })
        .collect();
    // The 2015 round and decisions are in the input too; a 2016 report ignores them.
    let (_, round_2015, decisions_2015) = inputs_2015();
    let report = gap_report(
        2016,
        &[ostfold()],
        &municipalities,
        &[round_2015, round(2016, requests)],
        &decisions_2015,
        &BTreeMap::new(),
    );
    assert_eq!(report.year, 2016);
    assert_eq!(report.nation.requested.persons, 780);
    assert_eq!(report.nation.requested.unaccompanied_minors, 197);
    assert_eq!(report.nation.without_decision, 18);
    assert_eq!(report.nation.gap.persons, 780);
}

const MUNICIPALITIES_2025: &str = include_str!("../../../data/no/municipalities_2025.csv");

/// Today's Østfold (county 31) with its real 2025 populations.
fn ostfold_2025() -> Vec<landa_quota::Unit<MunicipalityCode>> {
    rows(MUNICIPALITIES_2025)
        .into_iter()
        .filter(|r| r[2] == "31")
        .map(|r| landa_quota::Unit {
            population: Some(r[3].parse().unwrap()),
            ..landa_quota::Unit::new(r[0].parse().unwrap())
        })
        .collect()
}

#[test]
fn a_norwegian_request_asks_no_municipality_for_fewer_than_ten_and_minors_only_where_taken() {
    use landa_quota::{distribute_region, Options, Weights, NORWEGIAN_MINIMUM_REQUEST};
    let mut units = ostfold_2025();
    assert_eq!(units.len(), 12);
    // Only the larger towns said they take unaccompanied minors (EM).
    for unit in &mut units {
        unit.takes_unaccompanied_minors =
            ["3101", "3103", "3105", "3107", "3118"].contains(&unit.key.as_str());
    }
    let by_population = Weights::population_only();
    let norwegian = Options {
        weights: by_population,
        ..Options::for_country(landa_model::Country::Norway)
    };
    assert_eq!(norwegian.minimum, NORWEGIAN_MINIMUM_REQUEST);
    let swedish = Options {
        weights: by_population,
        ..Options::for_country(landa_model::Country::Sweden)
    };
    let asked = distribute_region(300, 40, &units, &norwegian).unwrap();
    let plain = distribute_region(300, 40, &units, &swedish).unwrap();
    let names: BTreeMap<&str, &str> = rows(MUNICIPALITIES_2025)
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect();
    println!("municipality | population | without minimum | request (anmodning) | of whom EM");
    for ((unit, a), p) in units.iter().zip(&asked.allocations).zip(&plain.allocations) {
        println!(
            "{} {} | {} | {} | {}{} | {}",
            unit.key,
            names[unit.key.as_str()],
            unit.population.unwrap(),
            p.persons.rounded,
            a.persons.rounded,
            if a.persons.below_minimum {
                " (below 10)"
            } else {
                ""
            },
            a.unaccompanied_minors.rounded,
        );
        assert!(
            a.persons.rounded == 0 || a.persons.rounded >= 10,
            "{}",
            unit.key
        );
        assert_eq!(
            a.persons.below_minimum,
            a.persons.rounded == 0 && p.persons.rounded > 0
        );
        assert!(a.persons.rounded >= p.persons.rounded || a.persons.below_minimum);
        if !unit.takes_unaccompanied_minors {
            assert_eq!(a.unaccompanied_minors.rounded, 0, "{}", unit.key);
        }
    }
    let total: u32 = asked.allocations.iter().map(|a| a.persons.rounded).sum();
    let minors: u32 = asked
        .allocations
        .iter()
        .map(|a| a.unaccompanied_minors.rounded)
        .sum();
    assert_eq!((total, minors), (300, 40));
    // Aremark (1 347 inhabitants) would be asked for 2 persons without the rule.
    let aremark = units.iter().position(|u| u.key.as_str() == "3124").unwrap();
    assert!(asked.allocations[aremark].persons.below_minimum);
    assert!(plain.allocations[aremark].persons.rounded > 0);
}

const COUNTY_TOTALS: &str = include_str!("../../../data/no/ostfold_county_totals.csv");

/// The report's county totals of `year` and `round`: requested, requested minors, decided,
/// decided minors (blank: not given).
fn county_total(year: &str, round: &str) -> [Option<u32>; 4] {
    let rows = rows(COUNTY_TOTALS);
    let row = rows
        .iter()
        .find(|r| r[0] == year && r[1] == round)
        .expect("a row of the report's totals");
    [
        number(row[2]),
        number(row[3]),
        number(row[4]),
        number(row[5]),
    ]
}

#[test]
fn the_per_municipality_tables_add_up_to_the_reports_county_totals() {
    let report = report_2015();
    let [requested, _, decided, decided_minors] = county_total("2015", "1");
    assert_eq!(Some(report.nation.requested.persons as u32), requested);
    assert_eq!(Some(report.nation.decided.persons as u32), decided);
    assert_eq!(
        Some(report.nation.decided.unaccompanied_minors as u32),
        decided_minors
    );
    let requests_2016: Vec<Vec<&str>> = rows(OSTFOLD_2016);
    let [requested, minors, decided, _] = county_total("2016", "1");
    let asked: u32 = requests_2016.iter().map(|r| number(r[2]).unwrap()).sum();
    let asked_minors: u32 = requests_2016.iter().map(|r| number(r[3]).unwrap()).sum();
    assert_eq!((Some(asked), Some(asked_minors)), (requested, minors));
    // What the tables do not give per municipality: the second round of 2015 closed the
    // gap from 104 to 20, and the county decided 724 of the 780 asked in 2016.
    let [requested, _, decided_again, _] = county_total("2015", "2");
    assert_eq!(requested.zip(decided_again).map(|(r, d)| r - d), Some(20));
    assert_eq!(decided, Some(724));
    assert_eq!(county_total("2017", "1")[..2], [Some(480), Some(44)]);
}

#[test]
fn imdi_s_criteria_ask_more_where_newcomers_find_work_and_school_places() {
    use landa_quota::{distribute_region, Options, QuotaError, Weights};
    let norway = Options::<MunicipalityCode>::for_country(landa_model::Country::Norway);
    assert_eq!(
        norway.weights,
        Weights::for_country(landa_model::Country::Norway)
    );
    assert!(norway.weights.introduction_results > 0.0 && norway.weights.school_capacity > 0.0);
    assert_eq!(
        norway.weights.reception, 0.0,
        "reception is not among IMDi's criteria"
    );

    // Every municipality alike but for two: Fredrikstad (3107) with the best
    // introduction results, Rakkestad (3120) without upper-secondary places of its own.
    let units: Vec<_> = ostfold_2025()
        .into_iter()
        .map(|unit| {
            let inhabitants = unit.population.unwrap();
            landa_quota::Unit {
                employment_rate: Some(0.75),
                introduction_result_rate: Some(if unit.key.as_str() == "3107" {
                    0.8
                } else {
                    0.6
                }),
                upper_secondary_places: Some(if unit.key.as_str() == "3120" {
                    0
                } else {
                    inhabitants / 500
                }),
                ..unit
            }
        })
        .collect();
    let at = |code: &str| units.iter().position(|u| u.key.as_str() == code).unwrap();
    let by_population = Options {
        weights: Weights::population_only(),
        ..norway.clone()
    };
    let plain = distribute_region(400, 0, &units, &by_population).unwrap();
    let asked = distribute_region(400, 0, &units, &norway).unwrap();
    let exact = |d: &landa_quota::Distribution<MunicipalityCode>, code| {
        d.allocations[at(code)].persons.exact
    };
    assert!(exact(&asked, "3107") > exact(&plain, "3107"));
    assert!(exact(&asked, "3120") < exact(&plain, "3120"));
    let breakdown = &asked.allocations[at("3120")].persons.contributions;
    assert_eq!(breakdown.school_capacity, 0.0);
    assert!(breakdown.introduction_results > 0.0);

    // A criterion weighed without its fact is refused with the municipality and the fact.
    let mut incomplete = units.clone();
    incomplete[at("3105")].introduction_result_rate = None;
    let error = distribute_region(400, 0, &incomplete, &norway).unwrap_err();
    assert!(
        matches!(&error, QuotaError::MissingValue { unit, field: "introduction_result_rate" } if unit == "3105"),
        "{error}"
    );
}
