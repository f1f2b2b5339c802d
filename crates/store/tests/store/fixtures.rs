//! Scenarios to store: one built by hand that uses every optional field both set and
//! unset, and generated national ones.

use landa_generate::GenerateOptions;
use landa_model::{
    Capacity, Contract, Country, DecidingBody, Dwelling, EducationLevel, Household, HousingMarket,
    LanguageForm, MunicipalDecision, MunicipalRequest, Municipality, NaiveDate, Person, Region,
    RequestRound, Scenario, ScenarioMeta, Score, Sex,
};
use std::str::FromStr;

/// Parses a value the fixtures know to be valid.
pub fn parse<T: FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a valid fixture value")
}

pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// A small Norwegian scenario using every kind of row and every optional field both
/// set and unset.
pub fn sample_scenario(name: &str) -> Scenario {
    let municipality =
        |code: &str, name: &str, region: &str| Municipality::new(parse(code), name, parse(region));
    let halden = municipality("0101", "Halden", "01")
        .with_population(Some(30_790))
        .with_housing_market(Some(HousingMarket::Balance))
        .with_employment_rate(Some(0.1 + 0.2))
        .and_then(|m| m.with_reception_per_1000(Some(4.25)))
        .and_then(|m| m.with_introduction_result_rate(Some(0.1 + 0.5)))
        .expect("facts in range");
    let halden = halden
        .with_upper_secondary_places(Some(61))
        .with_unaccompanied_minors(Some(true))
        .with_language_form(Some(LanguageForm::Bokmal));
    let moss = municipality("0104", "Moss", "01")
        .with_unaccompanied_minors(Some(false))
        .with_upper_secondary_places(Some(0));
    let mut oslo = municipality("0301", "Oslo", "03");
    oslo.housing_market = Some(HousingMarket::Shortage);
    oslo.language_form = Some(LanguageForm::Neutral);

    let mut family = Household::new(parse("h-1"), 2, 3, false, day(2015, 3, 1)).unwrap();
    family.tie = Some(parse("0104"));
    family.needs.insert(parse("wheelchair"));
    family.needs.insert(parse("dialysis"));
    family.languages.insert(parse("ar"));
    family.languages.insert(parse("en"));
    let mut minor = Household::new(parse("h-2"), 0, 1, true, day(2015, 4, 12)).unwrap();
    minor.languages.insert(parse("ti"));
    let single = Household::new(parse("h:3/x"), 1, 0, false, day(2014, 12, 31)).unwrap();

    let person =
        |id: &str, household: &str, birth_year, sex, education, languages: &[&str]| Person {
            id: parse(id),
            household: parse(household),
            birth_year,
            sex,
            education,
            languages: languages.iter().map(|l| parse(l)).collect(),
        };
    let mut halden_capacity = Capacity::new(parse("0101"), 40, 5).unwrap();
    halden_capacity.services.insert(parse("wheelchair"), 2);
    halden_capacity.services.insert(parse("trauma_care"), 0);

    Scenario {
        meta: ScenarioMeta {
            name: name.into(),
            country: Country::Norway,
            year: 2015,
            national_total: Some(435),
        },
        regions: vec![
            Region {
                code: parse("01"),
                name: "Østfold".into(),
            },
            Region {
                code: parse("03"),
                name: "Oslo".into(),
            },
        ],
        municipalities: vec![halden, moss, oslo],
        households: vec![family, minor, single],
        persons: vec![
            person(
                "p-1",
                "h-1",
                1980,
                Sex::Female,
                EducationLevel::Tertiary,
                &["ar", "en"],
            ),
            person(
                "p-2",
                "h-1",
                1978,
                Sex::Male,
                EducationLevel::Secondary,
                &["ar"],
            ),
            person(
                "p-3",
                "h-2",
                2001,
                Sex::Unknown,
                EducationLevel::Unknown,
                &[],
            ),
        ],
        capacities: vec![
            halden_capacity,
            Capacity::new(parse("0301"), 10, 0).unwrap(),
        ],
        dwellings: vec![
            Dwelling::new(
                parse("d-1"),
                parse("0101"),
                5,
                day(2015, 6, 1),
                true,
                Contract::FirstHand,
            )
            .unwrap(),
            Dwelling::new(
                parse("d-2"),
                parse("0301"),
                1,
                day(2015, 7, 1),
                false,
                Contract::Sublet,
            )
            .unwrap(),
        ],
        scores: vec![
            Score::new(parse("h-1"), parse("0101"), 1.75).unwrap(),
            Score::new(parse("h-1"), parse("0301"), -0.5).unwrap(),
            Score::new(parse("h-2"), parse("0101"), 1e-300).unwrap(),
        ],
        request_rounds: vec![
            RequestRound {
                year: 2015,
                round: 1,
                sent_on: Some(day(2014, 10, 15)),
                sent_by: "IMDi og Fylkesmannen i Østfold".into(),
                requests: vec![request("0104", 35, 0), request("0101", 40, 10)],
            },
            RequestRound {
                year: 2015,
                round: 2,
                sent_on: None,
                sent_by: "IMDi".into(),
                requests: vec![request("0101", 45, 10)],
            },
        ],
        preferences: Vec::new(),
        priorities: Vec::new(),
        criteria: Vec::new(),
        decisions: vec![
            MunicipalDecision {
                year: 2015,
                municipality: parse("0101"),
                persons: 40,
                unaccompanied_minors: 5,
                body: Some(DecidingBody::MunicipalCouncil),
                decided_on: Some(day(2014, 12, 11)),
                registration_number: Some("14/2031".into()),
                document_url: Some("https://example.org/vedtak?id=1".into()),
            },
            MunicipalDecision {
                year: 2015,
                municipality: parse("0104"),
                persons: 20,
                unaccompanied_minors: 0,
                body: None,
                decided_on: None,
                registration_number: None,
                document_url: None,
            },
        ],
    }
}

pub fn request(municipality: &str, persons: u32, unaccompanied_minors: u32) -> MunicipalRequest {
    MunicipalRequest {
        municipality: parse(municipality),
        persons,
        unaccompanied_minors,
    }
}

/// A synthetic national scenario with every kind of row, large enough that imports
/// are split into several statements per table.
pub fn generated_scenario(households: usize) -> Scenario {
    landa_generate::generate(&GenerateOptions {
        households,
        seed: 11,
        ..GenerateOptions::default()
    })
    .expect("a generated scenario")
}
