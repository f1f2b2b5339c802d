//! write_bundle then read_bundle gives back the scenario written, for generated valid
//! scenarios that use every file and every optional field.

use landa_bundle::{read_bundle, write_bundle};
use landa_model::*;
use proptest::collection::{btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use std::collections::{BTreeMap, BTreeSet};

const SERVICES: [&str; 4] = ["wheelchair", "trauma_care", "dialysis", "x-1"];
const LANGUAGES: [&str; 5] = ["ar", "so", "ti", "sv", "nb"];

/// Names with the characters CSV and TOML must quote or escape: commas, quotes, line breaks,
/// non-ASCII letters. No whitespace at either end: the reader trims it.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÅÄÖåäøæ0-9]([A-Za-zÅÄÖåäøæ0-9 ,;\"'\n-]{0,12}[A-Za-zåø.])?"
}

/// Dates from about 1950 to 2110.
fn date() -> impl Strategy<Value = NaiveDate> {
    (712_000i32..770_000)
        .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).expect("a valid date"))
}

fn parsed<T>(items: &[&str]) -> BTreeSet<T>
where
    T: std::str::FromStr + Ord,
    T::Err: std::fmt::Debug,
{
    items
        .iter()
        .map(|s| s.parse().expect("a valid name"))
        .collect()
}

fn services() -> impl Strategy<Value = BTreeSet<ServiceName>> {
    subsequence(SERVICES.to_vec(), 0..=SERVICES.len()).prop_map(|s| parsed(&s))
}

fn languages() -> impl Strategy<Value = BTreeSet<LanguageCode>> {
    subsequence(LANGUAGES.to_vec(), 0..=LANGUAGES.len()).prop_map(|s| parsed(&s))
}

fn score_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1.0e3..1.0e3f64,
        proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
    ]
}

fn meta() -> impl Strategy<Value = ScenarioMeta> {
    (
        text(),
        select(vec![Country::Sweden, Country::Norway]),
        1990i32..2100,
        option::of(0u32..100_000),
    )
        .prop_map(|(name, country, year, national_total)| ScenarioMeta {
            name,
            country,
            year,
            national_total,
        })
}

fn region_codes() -> impl Strategy<Value = Vec<RegionCode>> {
    btree_set(0u8..100, 1..4).prop_map(|codes| {
        codes
            .into_iter()
            .map(|c| format!("{c:02}").parse().expect("two digits"))
            .collect()
    })
}

type MunicipalitySeed = (
    String,
    Index,
    Option<u32>,
    Option<f64>,
    Option<f64>,
    Option<HousingMarket>,
    (Option<bool>, Option<LanguageForm>, Option<f64>, Option<u32>),
);

fn municipality_seed() -> impl Strategy<Value = MunicipalitySeed> {
    (
        text(),
        any::<Index>(),
        option::of(any::<u32>()),
        option::of(0.0..=1.0f64),
        option::of(0.0..1.0e4f64),
        option::of(select(vec![
            HousingMarket::Shortage,
            HousingMarket::Balance,
            HousingMarket::Surplus,
        ])),
        (
            option::of(any::<bool>()),
            option::of(select(vec![
                LanguageForm::Bokmal,
                LanguageForm::Nynorsk,
                LanguageForm::Neutral,
            ])),
            option::of(0.0..=1.0f64),
            option::of(any::<u32>()),
        ),
    )
}

/// (unaccompanied minor?, adults, children, waiting since, tie, needs, languages)
type HouseholdSeed = (
    bool,
    u32,
    u32,
    NaiveDate,
    Option<Index>,
    BTreeSet<ServiceName>,
    BTreeSet<LanguageCode>,
);

fn household_seed() -> impl Strategy<Value = HouseholdSeed> {
    (
        any::<bool>(),
        1u32..4,
        0u32..6,
        date(),
        option::of(any::<Index>()),
        services(),
        languages(),
    )
}

fn household(i: usize, seed: HouseholdSeed, municipalities: &[Municipality]) -> Household {
    let (minor, adults, children, since, tie, needs, languages) = seed;
    let id: HouseholdId = format!("h{i}").parse().expect("an identifier");
    let (adults, children) = if minor {
        (0, children.max(1))
    } else {
        (adults, children)
    };
    let mut household =
        Household::new(id, adults, children, minor, since).expect("a possible composition");
    household.tie = tie.map(|t| t.get(municipalities).code.clone());
    household.needs = needs;
    household.languages = languages;
    household
}

/// (intake category, where a self-settled one settled, days from permit to waiting_since)
type IntakeSeed = (IntakeCategory, Index, Option<u16>);

fn intake_seed() -> impl Strategy<Value = IntakeSeed> {
    (
        select(IntakeCategory::ALL.to_vec()),
        any::<Index>(),
        option::of(0u16..2000),
    )
}

fn with_intake(
    mut household: Household,
    (category, settled, days): IntakeSeed,
    municipalities: &[Municipality],
) -> Household {
    let settled_in =
        (category == IntakeCategory::SelfSettled).then(|| settled.get(municipalities).code.clone());
    household.intake = Intake::new(category, settled_in).expect("a municipality when self-settled");
    household.permit_date = days.map(|d| household.waiting_since - chrono::Days::new(u64::from(d)));
    household
}

type PersonSeed = (u16, Sex, EducationLevel, BTreeSet<LanguageCode>);

fn person_seed() -> impl Strategy<Value = PersonSeed> {
    (
        1900u16..=2100,
        select(vec![Sex::Female, Sex::Male, Sex::Unknown]),
        select(vec![
            EducationLevel::None,
            EducationLevel::Primary,
            EducationLevel::Secondary,
            EducationLevel::Tertiary,
            EducationLevel::Unknown,
        ]),
        languages(),
    )
}

type CapacitySeed = (Index, u32, u32, Vec<(Index, u32)>);

fn capacity_seed() -> impl Strategy<Value = CapacitySeed> {
    (
        any::<Index>(),
        0u32..5000,
        any::<u32>(),
        vec((any::<Index>(), 0u32..100), 0..3),
    )
}

/// Municipality, beds, available from, accessible, contract, rent, and the days after it
/// is available that a first-hand contract passes over.
type DwellingSeed = (
    Index,
    u32,
    NaiveDate,
    bool,
    Contract,
    Option<u32>,
    Option<u16>,
);

fn dwelling_seed() -> impl Strategy<Value = DwellingSeed> {
    (
        any::<Index>(),
        1u32..12,
        date(),
        any::<bool>(),
        select(vec![Contract::FirstHand, Contract::Sublet]),
        option::of(0u32..20_000),
        option::of(0u16..800),
    )
}

/// (sent on, sent by, requests as (municipality, persons, minors)); numbers are drawn apart.
type RoundSeed = (Option<NaiveDate>, String, Vec<(Index, u32, u32)>);

fn round_seed() -> impl Strategy<Value = RoundSeed> {
    (
        option::of(date()),
        text(),
        vec((any::<Index>(), 0u32..1000, any::<u32>()), 1..4),
    )
}

type DecisionSeed = (
    Index,
    u32,
    u32,
    Option<DecidingBody>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

fn decision_seed() -> impl Strategy<Value = DecisionSeed> {
    let body = prop_oneof![
        Just(DecidingBody::MunicipalCouncil),
        Just(DecidingBody::ExecutiveBoard),
        text().prop_map(DecidingBody::Other),
    ];
    (
        any::<Index>(),
        0u32..1000,
        any::<u32>(),
        option::of(body),
        option::of(date()),
        option::of(text()),
        option::of("https://[a-z]{1,8}\\.example/[a-z0-9/]{0,10}"),
    )
}

/// Keeps the first of each key, so that codes and pairs stay unique.
fn unique_by<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(key(item)))
        .collect()
}

/// `minors` scaled into 0..=persons.
fn within(persons: u32, minors: u32) -> u32 {
    minors % (persons + 1)
}

prop_compose! {
    fn scenario()(
        meta in meta(),
        region_codes in region_codes(),
        region_names in vec(text(), 4),
        municipality_codes in btree_set(0u16..10_000, 1..7),
        municipality_seeds in vec(municipality_seed(), 7),
        household_seeds in vec((household_seed(), intake_seed()), 0..6),
        person_seeds in option::of(vec(person_seed(), 1..4)),
        capacity_seeds in vec(capacity_seed(), 0..4),
        dwelling_seeds in vec(dwelling_seed(), 0..4),
        score_seeds in vec((any::<Index>(), any::<Index>(), score_value()), 0..8),
        round_numbers in btree_set(1u32..20, 0..3),
        round_seeds in vec(round_seed(), 3),
        decision_seeds in vec(decision_seed(), 0..4),
        preference_seeds in vec((any::<Index>(), any::<Index>(), 1u32..4), 0..8),
        priority_seeds in vec((any::<Index>(), 0usize..6), 0..5),
    ) -> Scenario {
        let regions: Vec<Region> = region_codes
            .into_iter()
            .zip(region_names)
            .map(|(code, name)| Region { code, name })
            .collect();
        let municipalities: Vec<Municipality> = municipality_codes
            .into_iter()
            .zip(municipality_seeds)
            .map(|(code, (name, region, population, employment_rate, reception_per_1000, housing_market, (takes_minors, language_form, introduction_results, school_places)))| {
                Municipality::new(
                    format!("{code:04}").parse().expect("four digits"),
                    name,
                    region.get(&regions).code.clone(),
                )
                .with_population(population)
                .with_housing_market(housing_market)
                .with_unaccompanied_minors(takes_minors)
                .with_language_form(language_form)
                .with_upper_secondary_places(school_places)
                .with_employment_rate(employment_rate)
                .and_then(|m| m.with_reception_per_1000(reception_per_1000))
                .and_then(|m| m.with_introduction_result_rate(introduction_results))
                .expect("the strategy draws facts in range")
            })
            .collect();
        let code_of = |i: &Index| i.get(&municipalities).code.clone();
        let households: Vec<Household> = household_seeds
            .into_iter()
            .enumerate()
            .map(|(i, (seed, intake))| {
                with_intake(household(i, seed, &municipalities), intake, &municipalities)
            })
            .collect();
        let persons: Vec<Person> = match person_seeds {
            None => Vec::new(),
            Some(seeds) => households
                .iter()
                .flat_map(|h| (0..h.size() as usize).map(move |k| (h, k)))
                .map(|(h, k)| {
                    let (birth_year, sex, education, languages) = seeds[k % seeds.len()].clone();
                    Person {
                        id: format!("{}-p{k}", h.id).parse().expect("an identifier"),
                        household: h.id.clone(),
                        birth_year,
                        sex,
                        education,
                        languages,
                    }
                })
                .collect(),
        };
        let capacities = unique_by(capacity_seeds, |(m, ..)| m.index(municipalities.len()))
            .into_iter()
            .map(|(m, persons, minors, services)| {
                let mut capacity = Capacity::new(code_of(&m), persons, within(persons, minors))
                    .expect("minors within persons");
                for (service, count) in services {
                    let name = service.get(&SERVICES).parse().expect("a service name");
                    capacity.services.insert(name, count);
                }
                capacity
            })
            .collect();
        let dwellings = dwelling_seeds
            .into_iter()
            .enumerate()
            .map(|(i, (m, beds, available_from, accessible, contract, rent, passing))| {
                let mut dwelling = Dwelling::new(
                    format!("d{i}").parse().expect("an identifier"),
                    code_of(&m),
                    beds,
                    available_from,
                    accessible,
                    contract,
                )
                .expect("at least one bed");
                dwelling.rent = rent;
                let passes_over_on = passing
                    .filter(|_| contract == Contract::FirstHand)
                    .map(|days| available_from + chrono::Duration::days(i64::from(days)));
                dwelling
                    .set_passes_over_on(passes_over_on)
                    .expect("a first-hand contract passing over after it is available");
                // Every other one with an address, with a comma and a Swedish letter.
                if i % 2 == 0 {
                    dwelling
                        .set_address(Some(&format!("Åsgatan {i}, 791 71 Falun")))
                        .expect("an address");
                }
                dwelling
            })
            .collect();
        let scores = if households.is_empty() {
            Vec::new()
        } else {
            let pairs = unique_by(score_seeds, |(h, m, _)| {
                (h.index(households.len()), m.index(municipalities.len()))
            });
            pairs
                .into_iter()
                .map(|(h, m, value)| {
                    Score::new(h.get(&households).id.clone(), code_of(&m), value)
                        .expect("a finite score")
                })
                .collect()
        };
        let request_rounds = round_numbers
            .into_iter()
            .rev() // rounds need not be in order; their order is kept
            .zip(round_seeds)
            .map(|(round, (sent_on, sent_by, requests))| RequestRound {
                year: meta.year,
                round,
                sent_on,
                sent_by,
                requests: unique_by(requests, |(m, ..)| m.index(municipalities.len()))
                    .into_iter()
                    .map(|(m, persons, minors)| MunicipalRequest {
                        municipality: code_of(&m),
                        persons,
                        unaccompanied_minors: within(persons, minors),
                    })
                    .collect(),
            })
            .collect();
        let decisions = unique_by(decision_seeds, |(m, ..)| m.index(municipalities.len()))
            .into_iter()
            .map(|(m, persons, minors, body, decided_on, registration_number, document_url)| {
                MunicipalDecision {
                    year: meta.year,
                    municipality: code_of(&m),
                    persons,
                    unaccompanied_minors: within(persons, minors),
                    body,
                    decided_on,
                    registration_number,
                    document_url,
                }
            })
            .collect();
        // Ranks need not be 1, 2, 3: a gap (1, 3) reads back as written.
        let mut next_rank: BTreeMap<usize, u32> = BTreeMap::new();
        let preferences = if households.is_empty() {
            Vec::new()
        } else {
            unique_by(preference_seeds, |(h, m, _)| {
                (h.index(households.len()), m.index(municipalities.len()))
            })
            .into_iter()
            .map(|(h, m, step)| {
                let rank = next_rank.entry(h.index(households.len())).or_insert(0);
                *rank += step;
                Preference::new(h.get(&households).id.clone(), code_of(&m), *rank)
                    .expect("a rank from 1")
            })
            .collect()
        };
        let groups = ["large_families", "families_with_children", "single_adults", "unaccompanied_minors", "ties", "need:specialist_care"];
        let mut next_priority: BTreeMap<usize, u32> = BTreeMap::new();
        let priorities = unique_by(priority_seeds, |(m, g)| (m.index(municipalities.len()), *g))
            .into_iter()
            .map(|(m, g)| {
                let rank = next_priority.entry(m.index(municipalities.len())).or_insert(0);
                *rank += 1;
                let group: PriorityGroup = groups[g].parse().expect("a priority group");
                MunicipalityPriority::new(code_of(&m), group, *rank).expect("a rank from 1")
            })
            .collect();
        // Every third household weighs criteria, one of them a region, with weights that
        // are not whole numbers.
        let criteria = households
            .iter()
            .step_by(3)
            .flat_map(|h| {
                let region = Criterion::Region(regions[0].code.clone());
                [(Criterion::NearTie, 2.5), (region, 0.75)].map(|(criterion, weight)| {
                    CriterionWeight::new(h.id.clone(), criterion, weight).expect("a weight above 0")
                })
            })
            .collect();
        Scenario {
            meta,
            regions,
            municipalities,
            households,
            persons,
            capacities,
            dwellings,
            scores,
            request_rounds,
            decisions,
            preferences,
            priorities,
            criteria,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn written_bundles_read_back_equal(scenario in scenario()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_bundle(&scenario, dir.path()).expect("the bundle is written");
        let read = read_bundle(dir.path());
        prop_assert_eq!(read, Ok(scenario));
    }
}

#[test]
fn writing_refuses_decisions_of_another_year() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let scenario = Scenario {
        meta: ScenarioMeta {
            name: "x".into(),
            country: Country::Norway,
            year: 2016,
            national_total: None,
        },
        regions: Vec::new(),
        municipalities: Vec::new(),
        households: Vec::new(),
        persons: Vec::new(),
        capacities: Vec::new(),
        dwellings: Vec::new(),
        scores: Vec::new(),
        request_rounds: Vec::new(),
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
        decisions: vec![MunicipalDecision {
            year: 2015,
            municipality: "0101".parse().expect("a code"),
            persons: 1,
            unaccompanied_minors: 0,
            body: None,
            decided_on: None,
            registration_number: None,
            document_url: None,
        }],
    };
    let err = write_bundle(&scenario, dir.path()).expect_err("another year is refused");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
