//! A synthetic history of past placements whose true outcome model is known: the years
//! before the scenario's, placed as practice placed (blind to outcomes), with employment
//! within one and two years drawn from the same [`OutcomeModel`] that gives the generated
//! bundle its scores, calibrated to the employment rate of refugees in Dalarna.

use crate::draw::{logistic, weighted_index};
use crate::geography::Profile;
use crate::households::{HouseholdSampler, SampledHousehold, ORIGIN_GROUPS};
use crate::outcomes::OutcomeModel;
use crate::{calendar_date, capacity, reference, stream, validate, GenerateError, GenerateOptions};
use crate::{Step, MAX_HOUSEHOLDS};
use chrono::{Duration, NaiveDate};
use landa_model::{
    Capacity, History, HouseholdId, Municipality, MunicipalityCode, Origin, OutcomeName,
    PastHousehold, PastPerson,
};
use rand::Rng;
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// Employed at some point within one year of placement.
pub const EMPLOYED_1Y: &str = "employed_1y";
/// Employed at some point within two years of placement.
pub const EMPLOYED_2Y: &str = "employed_2y";
/// The history's outcomes, in the order of every person's `outcomes`.
pub const OUTCOMES: [&str; 2] = [EMPLOYED_1Y, EMPLOYED_2Y];
/// Ages at placement that have outcomes: working age.
pub const OUTCOME_AGES: RangeInclusive<u32> = 18..=64;
/// The share of the history's working-age adults employed within two years is calibrated
/// to the employment rate of refugees 0-2 years after arrival in Dalarna in this year
/// (`data/se/dalarna_refugee_employment_rate.csv`): 0.24. Within one year: half of it.
pub const CALIBRATION_YEAR: i32 = 2018;
/// Probability that a household with a tie municipality that has room is placed there.
pub const TIE_PLACEMENT: f64 = 0.5;
const MAX_YEARS: u32 = 30;
/// The earliest history year, so that every birth year (adults are up to 65) is 1900 or later.
const FIRST_YEAR: i32 = 1966;

/// How much history to draw before the scenario's year.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryOptions {
    /// Years of history: `year - years` to `year - 1`.
    pub years: u32,
    pub households_per_year: usize,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            years: 4,
            households_per_year: 3_000,
        }
    }
}

/// A generated history and the truth behind it.
pub struct SyntheticHistory {
    pub history: History,
    truth: Truth,
}

/// What the history was drawn from, kept to answer counterfactual questions.
struct Truth {
    model: OutcomeModel,
    profiles: Vec<Profile>,
    position: HashMap<MunicipalityCode, usize>,
    /// Per household of the history, as drawn.
    sampled: Vec<SampledHousehold>,
    /// Added to the log-odds, per outcome of [`OUTCOMES`].
    shifts: [f64; 2],
    targets: [f64; 2],
    capacities: Vec<(i32, Vec<Capacity>)>,
    unplaced: usize,
    municipalities: Vec<Municipality>,
}

impl SyntheticHistory {
    /// The true probability that member `member` (in the order of the household's
    /// `members()`) of history household `household` has `outcome` had the household been
    /// placed in `municipality` (its tie counted where it has one). `None` for persons
    /// without that outcome (children, over 64, unaccompanied minors), unknown outcomes,
    /// households, members or municipalities.
    pub fn true_probability(
        &self,
        household: usize,
        member: usize,
        municipality: &MunicipalityCode,
        outcome: &str,
    ) -> Option<f64> {
        let t = &self.truth;
        let sampled = t.sampled.get(household)?;
        let k = OUTCOMES.iter().position(|o| *o == outcome)?;
        let m = *t.position.get(municipality)?;
        if !has_outcomes(sampled, member) {
            return None;
        }
        let tie = sampled.household.tie.as_ref() == Some(municipality);
        let logit = t
            .model
            .member_logit(sampled, member, m, &t.profiles[m], tie);
        Some(logistic(logit + t.shifts[k]))
    }

    /// The calibration shift added to every log-odds of `outcome` (on top of
    /// [`crate::EMPLOYMENT`]'s intercept).
    pub fn shift(&self, outcome: &str) -> Option<f64> {
        let k = OUTCOMES.iter().position(|o| *o == outcome)?;
        Some(self.truth.shifts[k])
    }

    /// The mean probability of `outcome` over the history's working-age adults that the
    /// shift was found for: 0.24 for [`EMPLOYED_2Y`], 0.12 for [`EMPLOYED_1Y`].
    pub fn target(&self, outcome: &str) -> Option<f64> {
        let k = OUTCOMES.iter().position(|o| *o == outcome)?;
        Some(self.truth.targets[k])
    }

    /// The capacities (persons, unaccompanied minors) practice placed within in `year`.
    pub fn capacities(&self, year: i32) -> Option<&[Capacity]> {
        self.truth
            .capacities
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, c)| c.as_slice())
    }

    /// The municipalities the history was placed in: those of [`crate::generate`] with the
    /// same options.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.truth.municipalities
    }

    /// Households drawn that fitted nowhere any more once capacity ran out; they are not
    /// in the history.
    pub fn unplaced(&self) -> usize {
        self.truth.unplaced
    }
}

/// Whether member number `member` has outcomes: an adult of working age at placement (the
/// sampler draws ages at placement), not an unaccompanied minor.
fn has_outcomes(sampled: &SampledHousehold, member: usize) -> bool {
    let household = &sampled.household;
    !household.is_unaccompanied_minor()
        && member < household.adults() as usize
        && sampled
            .members
            .get(member)
            .is_some_and(|m| OUTCOME_AGES.contains(&m.age))
}

/// Generates the history before `options.year`: the same municipalities, profiles and
/// outcome model as [`crate::generate`] with the same options, households from streams of
/// their own (so `generate` draws exactly what it drew without a history).
pub fn generate_history(
    options: &GenerateOptions,
    history: &HistoryOptions,
) -> Result<SyntheticHistory, GenerateError> {
    validate(options)?;
    validate_history(options.year, history)?;
    let seed = options.seed;
    let listed = reference::municipalities(options.country)?;
    let (municipalities, profiles) =
        crate::geography::synthesize(&mut stream(seed, Step::Geography), &listed);
    let model = OutcomeModel::draw(&mut stream(seed, Step::Outcomes), &profiles);
    let position: HashMap<MunicipalityCode, usize> = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (m.code.clone(), i))
        .collect();

    let mut household_rng = stream(seed, Step::HistoryHouseholds);
    let mut capacity_rng = stream(seed, Step::HistoryCapacities);
    let mut placement_rng = stream(seed, Step::HistoryPlacement);
    let mut placed: Vec<(SampledHousehold, usize, NaiveDate)> = Vec::new();
    let mut capacities = Vec::new();
    let mut unplaced = 0;
    for year in options.year - history.years as i32..options.year {
        let sampler = HouseholdSampler::new(year, &municipalities, &profiles)?;
        let sampled = (0..history.households_per_year)
            .map(|index| {
                let drawn = sampler.sample(&mut household_rng, index)?;
                with_history_ids(drawn, year)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let decided = capacity::decide(&mut capacity_rng, &municipalities, &profiles, &sampled)?;
        let places = place_as_practice(&mut placement_rng, &decided, &sampled, &position);
        let first_day = calendar_date(year, 1, 1)?;
        let days = (calendar_date(year + 1, 1, 1)? - first_day).num_days();
        for (drawn, place) in sampled.into_iter().zip(places) {
            match place {
                Some(m) => {
                    let day = first_day + Duration::days(placement_rng.gen_range(0..days));
                    placed.push((drawn, m, day));
                }
                None => unplaced += 1,
            }
        }
        capacities.push((year, decided));
    }

    // The log-odds of every outcome-bearing adult where practice placed them.
    let logits: Vec<f64> = placed
        .iter()
        .flat_map(|(drawn, m, _)| {
            let tie = drawn.household.tie.as_ref() == Some(&municipalities[*m].code);
            (0..drawn.members.len())
                .filter(|&i| has_outcomes(drawn, i))
                .map(|i| model.member_logit(drawn, i, *m, &profiles[*m], tie))
                .collect::<Vec<_>>()
        })
        .collect();
    let rate_2y = reference::dalarna_employment_rate("0-2", CALIBRATION_YEAR)?;
    let targets = [rate_2y / 2.0, rate_2y];
    let shifts = targets.map(|target| calibrate(&logits, target));

    let names = OUTCOMES
        .iter()
        .map(|o| o.parse::<OutcomeName>())
        .collect::<Result<Vec<_>, _>>()?;
    let mut outcome_rng = stream(seed, Step::HistoryOutcomes);
    let mut next_logit = logits.iter();
    let mut households = Vec::with_capacity(placed.len());
    for (drawn, m, placed_on) in &placed {
        let origin: Origin = ORIGIN_GROUPS[drawn.origin].name.parse()?;
        let members = drawn
            .members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                // The logits were computed in this order, for these members.
                let logit = has_outcomes(drawn, i).then(|| next_logit.next()).flatten();
                let outcomes = match logit {
                    Some(&logit) => draw_employment(&mut outcome_rng, logit, shifts).to_vec(),
                    None => vec![None; OUTCOMES.len()],
                };
                let person = &member.person;
                PastPerson {
                    id: person.id.clone(),
                    birth_year: person.birth_year,
                    sex: person.sex,
                    education: person.education,
                    origin: Some(origin.clone()),
                    languages: person.languages.clone(),
                    outcomes,
                }
            })
            .collect();
        households.push(PastHousehold::new(
            drawn.household.id.clone(),
            municipalities[*m].code.clone(),
            *placed_on,
            members,
        )?);
    }
    Ok(SyntheticHistory {
        history: History {
            outcomes: names,
            households,
        },
        truth: Truth {
            model,
            profiles,
            position,
            sampled: placed.into_iter().map(|(drawn, ..)| drawn).collect(),
            shifts,
            targets,
            capacities,
            unplaced,
            municipalities,
        },
    })
}

fn validate_history(year: i32, history: &HistoryOptions) -> Result<(), GenerateError> {
    if !(1..=MAX_YEARS).contains(&history.years) || year - (history.years as i32) < FIRST_YEAR {
        return Err(GenerateError::InvalidOption {
            field: "history years",
            expected: "1 to 30 years, none before 1966",
            got: history.years.to_string(),
        });
    }
    if history.households_per_year > MAX_HOUSEHOLDS / history.years as usize {
        return Err(GenerateError::InvalidOption {
            field: "history households per year",
            expected: "at most 2 000 000 households over all years",
            got: history.households_per_year.to_string(),
        });
    }
    Ok(())
}

/// Household `h000123` drawn for `year` becomes `y2023-h000123` (its members
/// `y2023-h000123-p1` ...), so history ids never clash with a bundle's.
fn with_history_ids(
    mut drawn: SampledHousehold,
    year: i32,
) -> Result<SampledHousehold, GenerateError> {
    let id: HouseholdId = format!("y{year}-{}", drawn.household.id).parse()?;
    for member in &mut drawn.members {
        member.person.id = format!("y{year}-{}", member.person.id).parse()?;
        member.person.household = id.clone();
    }
    drawn.household.id = id;
    Ok(drawn)
}

/// Where practice placed each household, in the order drawn, blind to outcomes: in its
/// tie municipality with probability [`TIE_PLACEMENT`] when that still has room, otherwise
/// in a municipality drawn in proportion to its remaining persons capacity among those
/// that can still take the whole household (unaccompanied minors only where minors places
/// remain). `None` where no municipality has room left.
fn place_as_practice<R: Rng>(
    rng: &mut R,
    capacities: &[Capacity],
    households: &[SampledHousehold],
    position: &HashMap<MunicipalityCode, usize>,
) -> Vec<Option<usize>> {
    let mut persons: Vec<u32> = capacities.iter().map(Capacity::persons).collect();
    let mut minors: Vec<u32> = capacities
        .iter()
        .map(Capacity::unaccompanied_minors)
        .collect();
    let mut weights = vec![0.0; capacities.len()];
    households
        .iter()
        .map(|drawn| {
            let household = &drawn.household;
            let size = household.size();
            let minor = household.is_unaccompanied_minor();
            let fits = |m: usize, persons: &[u32], minors: &[u32]| {
                persons[m] >= size && (!minor || minors[m] >= size)
            };
            let tie = household
                .tie
                .as_ref()
                .and_then(|code| position.get(code).copied())
                .filter(|&t| fits(t, &persons, &minors));
            let chosen = match tie {
                Some(t) if rng.gen_bool(TIE_PLACEMENT) => Some(t),
                _ => {
                    for (m, weight) in weights.iter_mut().enumerate() {
                        *weight = if fits(m, &persons, &minors) {
                            f64::from(persons[m])
                        } else {
                            0.0
                        };
                    }
                    weighted_index(rng, &weights)
                }
            };
            if let Some(m) = chosen {
                persons[m] -= size;
                if minor {
                    minors[m] -= size;
                }
            }
            chosen
        })
        .collect()
}

/// The shift `s` for which the mean of logistic(logit + s) is `target`, by bisection (the
/// mean increases with `s`); 0 without logits.
fn calibrate(logits: &[f64], target: f64) -> f64 {
    if logits.is_empty() {
        return 0.0;
    }
    let mean =
        |shift: f64| logits.iter().map(|l| logistic(l + shift)).sum::<f64>() / logits.len() as f64;
    let (mut low, mut high) = (-30.0, 30.0);
    for _ in 0..100 {
        let middle = (low + high) / 2.0;
        if mean(middle) < target {
            low = middle;
        } else {
            high = middle;
        }
    }
    (low + high) / 2.0
}

/// Employed within one and within two years, for a member with log-odds `logit`: within two
/// years with p2 = logistic(logit + shift₂); within one year only if within two, with
/// probability p1 / p2, so that it happens with p1 = logistic(logit + shift₁) overall.
fn draw_employment<R: Rng>(rng: &mut R, logit: f64, shifts: [f64; 2]) -> [Option<bool>; 2] {
    let p1 = logistic(logit + shifts[0]);
    let p2 = logistic(logit + shifts[1]);
    let within_2y = rng.gen_bool(p2.clamp(0.0, 1.0));
    let within_1y = within_2y && rng.gen_bool((p1 / p2).clamp(0.0, 1.0));
    [Some(within_1y), Some(within_2y)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn small(seed: u64) -> (GenerateOptions, HistoryOptions) {
        let options = GenerateOptions {
            households: 50,
            seed,
            ..Default::default()
        };
        let history = HistoryOptions {
            years: 2,
            households_per_year: 400,
        };
        (options, history)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6))]

        #[test]
        fn practice_places_within_capacity(seed in 0u64..1_000) {
            let (options, history) = small(seed);
            let generated = generate_history(&options, &history).expect("valid options");
            let h = &generated.history;
            prop_assert_eq!(h.households.len() + generated.unplaced(), 800);
            for year in [2024, 2025] {
                let capacities = generated.capacities(year).expect("a year of history");
                let mut persons: HashMap<&str, u32> = HashMap::new();
                let mut minors: HashMap<&str, u32> = HashMap::new();
                for household in h.households.iter().filter(|x| x.placed_on.year() == year) {
                    let size = household.members().len() as u32;
                    *persons.entry(household.municipality.as_str()).or_default() += size;
                    if household.adults() == 0 {
                        *minors.entry(household.municipality.as_str()).or_default() += size;
                    }
                }
                for c in capacities {
                    let code = c.municipality.as_str();
                    prop_assert!(persons.get(code).copied().unwrap_or(0) <= c.persons());
                    prop_assert!(minors.get(code).copied().unwrap_or(0) <= c.unaccompanied_minors());
                }
            }
        }
    }

    #[test]
    fn calibration_finds_the_shift_of_a_known_mean() {
        let logits = [-2.0, -1.0, 0.0, 1.5];
        let shift = calibrate(&logits, 0.3);
        let mean = logits.iter().map(|l| logistic(l + shift)).sum::<f64>() / 4.0;
        assert!((mean - 0.3).abs() < 1e-9, "{mean}");
        assert_eq!(calibrate(&[], 0.3), 0.0);
    }

    #[test]
    fn employment_within_one_year_implies_within_two() {
        let mut rng = stream(1, Step::HistoryOutcomes);
        let (mut one, mut two) = (0, 0);
        for _ in 0..20_000 {
            let [within_1y, within_2y] = draw_employment(&mut rng, 0.0, [-1.0, 0.5]);
            assert!(!(within_1y == Some(true) && within_2y == Some(false)));
            one += usize::from(within_1y == Some(true));
            two += usize::from(within_2y == Some(true));
        }
        // P(within 1 year) = logistic(-1), P(within 2 years) = logistic(0.5).
        assert!((one as f64 / 20_000.0 - logistic(-1.0)).abs() < 0.015);
        assert!((two as f64 / 20_000.0 - logistic(0.5)).abs() < 0.015);
    }
}
