//! Synthetic national settlement scenarios for trying landa at full scale.
//!
//! **Everything this crate produces is synthetic**, except the list of the 290 Swedish
//! municipalities and 21 counties (SCB codes and names, embedded from `data/se/`) and of
//! the 357 Norwegian municipalities and 15 counties of 2025 with their population and
//! language form (`data/no/`). The scenario name says so (`synthetic-se-2026-n12000-s7`).
//! Norway's differences (real population, its metropolitan counties, the minors' opt-in,
//! IMDi's minimum request of 10 and its other criteria) are in `crates/generate/README.md`. No number in a generated
//! scenario is a statistic about a real municipality or person.
//!
//! [`generate`] is a pure, deterministic function of [`GenerateOptions`]: the same options
//! and seed give the same [`Scenario`]. Each step draws from its own ChaCha8 stream, so
//! switching persons or dwellings off leaves everything else unchanged.
//!
//! # What is drawn, and from what
//!
//! **Municipalities.** Population is log-normal around a median that depends on the SCB code:
//! twelve large cities are anchored near their real size (Stockholm 0180 ~980 000, Göteborg
//! 1480, Malmö 1280, Uppsala 0380 ...; σ = 0.08 on the log scale), other county seats (codes
//! ending 80) ~70 000 (σ 0.35), old towns (81-99) ~30 000 (σ 0.5), Stockholm county's suburbs
//! ~45 000 (σ 0.5), the rest ~11 000 (σ 0.55); clamped to 2 400-1 100 000. With `z` the
//! standardised log population: employment rate ~ N(0.775 + 0.02 z, 0.02) clamped to
//! 0.70-0.86; reception per 1000 log-normal with median 7·e^(-0.25 z), σ 0.6, capped at 30
//! (smaller places have carried more); housing market from a latent growth
//! 0.6 z + 0.5 (metropolitan county) + N(0, 0.8): shortage above 0, surplus below -1.2.
//!
//! **Households** (drawn one by one by `HouseholdSampler`): 10 % unaccompanied minors (one child
//! aged 14-17, 5 % two siblings), 35 % single adults, 10 % couples, 12 % single parents with
//! 1-4 children, 33 % couples with 1-6 children (10 % of families bring a grandparent or an
//! adult child); mean size about 2.65 persons. Waiting since a uniform day of the year before
//! `year`. 20 % of the others have a tie to a municipality drawn in proportion to population.
//! Needs: `accessible_housing` 4 %, `specialist_care` 7 %, independently. Nine origin groups
//! (Syria/Iraq 28 %, Ukraine 16 %, Afghanistan 14 %, Eritrea 12 %, Somalia 10 % ...) set
//! the languages (ISO 639-1: ar, uk, ru, fa, ps, ti, so, ku, am, fr, sw; English where an
//! adult has secondary or tertiary education) and the adults' education.
//!
//! **Persons**: one per member, adults 18-65, children 0-17 at least 17 years younger than
//! their parents, unaccompanied minors 14-17; everyone shares the household's languages.
//!
//! **Capacities** (the decided numbers): persons in proportion to
//! population × (employment rate / 0.78)² / (1 + reception per 1000 / 10) × e^N(0, 0.15),
//! totalling 102-105 % of the batch's persons (largest remainder). Unaccompanied-minor places
//! in about 60 % of municipalities (larger ones more often), 104-106 % of the minors, never
//! above the municipality's persons. Each needed service in the larger municipalities,
//! 108-112 % of the households needing it, never above persons. The municipality with the
//! largest weight (the hub) always offers everything and can take the largest household,
//! so every household has somewhere to go even in a tiny batch.
//!
//! **Request round 1 and decisions**: every decision equals the capacity. 82 % of the
//! municipalities were asked exactly that; 15 % were asked 10-50 % more (and decided less);
//! 3 % were asked 5-30 % less (and decided more). Decided in the spring before `year` by the
//! municipal council (55 %) or the executive board.
//!
//! **Scores** (eligible pairs only): each household is eligible in a random
//! `eligible_share` of the municipalities, in its tie municipality, and in at least three
//! municipalities whose capacity could take it. The score is the sum over adults of a
//! logistic employment probability whose log-odds add up:
//!
//! * intercept -0.8; education none -0.6, primary -0.25, secondary +0.2, tertiary +0.5,
//!   unknown -0.2; origin group -0.35 to +0.35;
//! * women -0.5 (and -0.3 more with a child under 7); age -0.0015 (age - 35)²; single
//!   parents -0.3;
//! * municipality: 3 × (employment rate - 0.78); housing shortage -0.2, surplus -0.15;
//! * interactions: 0.08 × ln(1 + speakers of the household's language / 500), education
//!   (-1 none ... +1 tertiary) × 0.25 z, and a random municipality × origin-group effect
//!   N(0, 0.3);
//! * +0.2 in the tie municipality.
//!
//! The interactions make the best municipality depend on the household. For unaccompanied
//! minors the score is the probability of completing upper-secondary school: log-odds
//! 0.6 - 0.35 (age - 14), primary school done +0.2 (else -0.3), girls +0.2,
//! 2 × (employment rate - 0.78), 0.1 z, the same community (× 0.08), random and tie effects.
//! Scores are rounded to 4 decimals.
//!
//! The adults' coefficients are public as [`EMPLOYMENT`] (and the origin groups' effects
//! as [`origin_effects`]); one function gives each member's log-odds, for the scores and for
//! the history alike.
//!
//! **History** ([`generate_history`], synthetic like the rest): for the same options the
//! same municipalities, profiles and outcome-model draws as [`generate`], so a model
//! trained on the history can be scored on the generated bundle and compared with its true
//! scores. Each of the `years` before `year`, `households_per_year` households are drawn
//! by the same sampler (ids `y2023-h000123`, persons `y2023-h000123-p1`), capacities are
//! decided for them as for the bundle, and practice places them blind to outcomes: in the
//! tie municipality with probability 0.5 when it has room left, otherwise in a
//! municipality drawn in proportion to its remaining persons capacity among those that can
//! still take the whole household (unaccompanied minors only where minors places remain);
//! a household that fits nowhere any more is left out ([`SyntheticHistory::unplaced`]).
//! Placement is on a uniform day of the year. Every adult aged 18-64 at placement gets
//! `employed_2y` ~ Bernoulli(p2), p2 = logistic(member log-odds + shift₂), and
//! `employed_1y` ~ Bernoulli(p1 / p2) when employed within two years (else false), p1 =
//! logistic(member log-odds + shift₁), so employed within one year implies within two and
//! happens with p1. The shifts are found by bisection so that the mean of p2 over the
//! history's adults is 0.24, the employment rate of refugees 0-2 years after arrival in
//! Dalarna in 2018 (`data/se/dalarna_refugee_employment_rate.csv`), and the mean of p1 half
//! of it. Children, people over 64 and unaccompanied minors have no outcomes.
//! [`SyntheticHistory::true_probability`] gives the true probability of an outcome for any
//! history person in any municipality, for counterfactual placements.
//!
//! **Dwellings**: per municipality with a decided number, (persons / mean household size) ×
//! 1.08-1.12 dwellings, beds drawn from the batch's household sizes, 8-12 % accessible (at
//! least as many as its `accessible_housing` places), available over January-April of
//! `year`, 70 % first-hand contracts, the rest sublet. Rent 3 000 kr a month plus 1 200 a
//! bed; a first-hand contract passes to the household a year after it is available.

mod capacity;
mod draw;
mod dwellings;
mod geography;
mod history;
mod households;
mod outcomes;
mod planning;
mod preferences;
mod reference;
mod settled;

pub use history::{
    generate_history, HistoryOptions, SyntheticHistory, CALIBRATION_YEAR, EMPLOYED_1Y, EMPLOYED_2Y,
    OUTCOMES, OUTCOME_AGES, TIE_PLACEMENT,
};
pub use households::{ACCESSIBLE_HOUSING, SPECIALIST_CARE};
pub use outcomes::{origin_effects, EmploymentCoefficients, EMPLOYMENT};
pub use settled::{settled_years, PersonRegisterEntries, SettledYear};

use landa_model::{Country, NaiveDate, Scenario, ScenarioMeta, ValueError};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub country: Country,
    /// Households waiting for settlement.
    pub households: usize,
    pub seed: u64,
    /// The settlement year; households waited during the year before.
    pub year: i32,
    /// Share of the municipalities each household is eligible for, in (0, 1].
    pub eligible_share: f64,
    pub with_persons: bool,
    pub with_dwellings: bool,
    /// Households' rankings and municipalities' priority groups (see `preferences.rs`).
    pub with_preferences: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            country: Country::Sweden,
            households: 12_000,
            seed: 7,
            year: 2026,
            eligible_share: 0.25,
            with_persons: true,
            with_dwellings: true,
            with_preferences: false,
        }
    }
}

/// Largest batch accepted, so a typo cannot ask for more memory than a machine has.
pub const MAX_HOUSEHOLDS: usize = 2_000_000;
const YEARS: std::ops::RangeInclusive<i32> = 1950..=2200;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum GenerateError {
    #[error("option {field}: expected {expected}, got {got}")]
    InvalidOption {
        field: &'static str,
        expected: &'static str,
        got: String,
    },
    #[error("embedded reference data {file}, line {line}: {message}")]
    ReferenceData {
        file: &'static str,
        line: usize,
        message: String,
    },
    #[error("the municipality list is empty")]
    NoMunicipalities,
    /// A drawn value failed a model check; a bug in this crate, reported instead of a panic.
    #[error("generated data failed a model check: {0}")]
    Model(String),
}

impl GenerateError {
    fn invalid_year(year: i32) -> Self {
        GenerateError::InvalidOption {
            field: "year",
            expected: "a year between 1950 and 2200",
            got: year.to_string(),
        }
    }
}

impl From<ValueError> for GenerateError {
    fn from(err: ValueError) -> Self {
        GenerateError::Model(err.to_string())
    }
}

/// Independent random streams, one per step, all from the one seed.
#[derive(Clone, Copy)]
enum Step {
    Geography = 1,
    Households,
    Capacities,
    Planning,
    Outcomes,
    Eligibility,
    Dwellings,
    // The history's own streams, after the scenario's so that those keep their numbers.
    HistoryHouseholds,
    HistoryCapacities,
    HistoryPlacement,
    HistoryOutcomes,
    RequestCriteria,
    Preferences,
    Criteria,
    Register,
}

fn stream(seed: u64, step: Step) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(step as u64);
    rng
}

fn calendar_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, GenerateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(GenerateError::invalid_year(year))
}

/// Generates a synthetic scenario; see the crate documentation for the distributions.
pub fn generate(options: &GenerateOptions) -> Result<Scenario, GenerateError> {
    validate(options)?;
    let (seed, year) = (options.seed, options.year);
    let regions = reference::regions(options.country)?;
    let listed = reference::municipalities(options.country)?;
    let (mut municipalities, profiles) =
        geography::synthesize(&mut stream(seed, Step::Geography), &listed);

    let sampler = households::HouseholdSampler::new(year, &municipalities, &profiles)?;
    let mut rng = stream(seed, Step::Households);
    let sampled = (0..options.households)
        .map(|index| sampler.sample(&mut rng, index))
        .collect::<Result<Vec<_>, _>>()?;

    let capacities = capacity::decide(
        &mut stream(seed, Step::Capacities),
        &municipalities,
        &profiles,
        &sampled,
    )?;
    if options.country == Country::Norway {
        // IMDi asks for unaccompanied minors only where a municipality said it takes them:
        // here, those given places for them.
        for (municipality, capacity) in municipalities.iter_mut().zip(&capacities) {
            municipality.takes_unaccompanied_minors = Some(capacity.unaccompanied_minors() > 0);
        }
        geography::request_criteria(
            &mut stream(seed, Step::RequestCriteria),
            &mut municipalities,
            &profiles,
        );
    }
    let (round, decisions) = planning::requests_and_decisions(
        &mut stream(seed, Step::Planning),
        options.country,
        year,
        &capacities,
    )?;
    let model = outcomes::OutcomeModel::draw(&mut stream(seed, Step::Outcomes), &profiles);
    let scores = outcomes::eligible_scores(
        &mut stream(seed, Step::Eligibility),
        &model,
        &sampled,
        &municipalities,
        &profiles,
        &capacities,
        options.eligible_share,
    )?;
    let dwellings = if options.with_dwellings {
        dwellings::offer(
            &mut stream(seed, Step::Dwellings),
            year,
            &capacities,
            &sampled,
        )?
    } else {
        Vec::new()
    };
    let (preferences, priorities, criteria) = if options.with_preferences {
        let rng = &mut stream(seed, Step::Preferences);
        let rankings =
            preferences::rankings(rng, &model, &sampled, &municipalities, &profiles, &scores)?;
        let priorities = preferences::priorities(rng, &municipalities)?;
        let criteria =
            preferences::criteria(&mut stream(seed, Step::Criteria), &sampled, &rankings)?;
        (rankings, priorities, criteria)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let persons = if options.with_persons {
        sampled
            .iter()
            .flat_map(|s| s.members.iter().map(|m| m.person.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let households: Vec<_> = sampled.into_iter().map(|s| s.household).collect();
    let national_total = households.iter().map(|h| h.size()).sum();

    Ok(Scenario {
        meta: ScenarioMeta {
            name: format!(
                "synthetic-{}-{year}-n{}-s{seed}",
                options.country.code().to_ascii_lowercase(),
                options.households
            ),
            country: options.country,
            year,
            national_total: Some(national_total),
        },
        regions,
        municipalities,
        households,
        persons,
        capacities,
        dwellings,
        scores,
        request_rounds: vec![round],
        decisions,
        preferences,
        priorities,
        criteria,
    })
}

fn validate(options: &GenerateOptions) -> Result<(), GenerateError> {
    if options.households > MAX_HOUSEHOLDS {
        return Err(GenerateError::InvalidOption {
            field: "households",
            expected: "at most 2 000 000",
            got: options.households.to_string(),
        });
    }
    if !YEARS.contains(&options.year) {
        return Err(GenerateError::invalid_year(options.year));
    }
    if !(options.eligible_share > 0.0 && options.eligible_share <= 1.0) {
        return Err(GenerateError::InvalidOption {
            field: "eligible_share",
            expected: "a share above 0 and at most 1",
            got: options.eligible_share.to_string(),
        });
    }
    Ok(())
}
