//! The synthetic outcome model behind the scores, and which municipalities each household
//! is eligible for. Scores are expected outcomes: employment probabilities summed over a
//! household's adults, or for unaccompanied minors the probability of completing
//! upper-secondary school summed over the minors.

use crate::draw::{log_normal, logistic, normal, round_to};
use crate::geography::Profile;
use crate::households::{SampledHousehold, ORIGIN_GROUPS};
use crate::GenerateError;
use landa_model::{
    Capacity, EducationLevel, Household, HousingMarket, Municipality, MunicipalityCode, Score, Sex,
};
use rand::seq::index;
use rand::Rng;
use std::collections::HashMap;

/// Every household is eligible in at least this many municipalities that could take it.
const MIN_FEASIBLE: usize = 3;

/// The true coefficients of the synthetic employment model: each adult's log-odds of being
/// employed is the sum of the terms that apply (see the crate documentation). A model
/// fitted on a [`crate::SyntheticHistory`] should recover the person-level ones (the
/// history adds a calibration shift to the intercept, [`crate::SyntheticHistory::shift`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmploymentCoefficients {
    pub intercept: f64,
    /// Highest completed education: none, primary, secondary, tertiary, unknown.
    pub education_none: f64,
    pub education_primary: f64,
    pub education_secondary: f64,
    pub education_tertiary: f64,
    pub education_unknown: f64,
    /// Women (sex `f`); men and `x` are the reference.
    pub female: f64,
    /// Women in a household with a child under 7, on top of `female`.
    pub female_with_child_under_7: f64,
    /// Times (age − `age_centre`)², age at placement.
    pub age_squared: f64,
    pub age_centre: f64,
    /// The only adult of a household with children.
    pub single_parent: f64,
    /// Times (municipal employment rate − 0.78).
    pub employment_rate: f64,
    pub housing_shortage: f64,
    pub housing_surplus: f64,
    /// Times ln(1 + speakers of the group's language in the municipality / 500).
    pub community: f64,
    /// Times the centred education (−1 none, −0.5 primary, 0.3 secondary, 1 tertiary,
    /// −0.3 unknown) times the municipality's standardised log population.
    pub education_by_size: f64,
    /// In the municipality the household has ties to.
    pub tie: f64,
    /// Standard deviation of the random municipality × origin-group effect.
    pub origin_effect_sd: f64,
}

/// The coefficients every generated score and history outcome is drawn with.
pub const EMPLOYMENT: EmploymentCoefficients = EmploymentCoefficients {
    intercept: -0.8,
    education_none: -0.6,
    education_primary: -0.25,
    education_secondary: 0.2,
    education_tertiary: 0.5,
    education_unknown: -0.2,
    female: -0.5,
    female_with_child_under_7: -0.3,
    age_squared: -0.0015,
    age_centre: 35.0,
    single_parent: -0.3,
    employment_rate: 3.0,
    housing_shortage: -0.2,
    housing_surplus: -0.15,
    community: 0.08,
    education_by_size: 0.25,
    tie: 0.2,
    origin_effect_sd: 0.3,
};

/// Each origin group's name (the history's `origin`) and its true additive effect on the
/// employment log-odds.
pub fn origin_effects() -> impl Iterator<Item = (&'static str, f64)> {
    ORIGIN_GROUPS.iter().map(|g| (g.name, g.employment_effect))
}

/// Municipality-level draws of the outcome model.
pub(crate) struct OutcomeModel {
    /// ln(1 + speakers / 500) of each origin group's language, per municipality.
    community: Vec<Vec<f64>>,
    /// A random municipality × origin-group effect on the log-odds.
    origin_effect: Vec<Vec<f64>>,
}

impl OutcomeModel {
    pub fn draw<R: Rng>(rng: &mut R, profiles: &[Profile]) -> Self {
        let community = profiles
            .iter()
            .map(|p| {
                ORIGIN_GROUPS
                    .iter()
                    .map(|g| {
                        // Communities grow where many already were received.
                        let speakers = log_normal(rng, p.population * g.community_share, 0.9)
                            * (1.0 + p.reception_per_1000 / 15.0);
                        (1.0 + speakers / 500.0).ln()
                    })
                    .collect()
            })
            .collect();
        let origin_effect = profiles
            .iter()
            .map(|_| {
                ORIGIN_GROUPS
                    .iter()
                    .map(|_| normal(rng, 0.0, EMPLOYMENT.origin_effect_sd))
                    .collect()
            })
            .collect();
        OutcomeModel {
            community,
            origin_effect,
        }
    }

    /// ln(1 + speakers / 500) of origin group `origin`'s language in municipality `m`.
    pub fn community(&self, m: usize, origin: usize) -> f64 {
        self.community[m][origin]
    }

    /// Expected outcome of settling `sampled` in municipality `m`, rounded to 4 decimals:
    /// the probability over the members [`scored`] of [`Self::member_logit`].
    pub fn score(&self, sampled: &SampledHousehold, m: usize, profile: &Profile, tie: bool) -> f64 {
        let total: f64 = (0..scored(sampled))
            .map(|member| logistic(self.member_logit(sampled, member, m, profile, tie)))
            .sum();
        round_to(total, 4)
    }

    /// Log-odds of the outcome of member number `member` of `sampled` (adults first) if
    /// settled in municipality `m`: employment for an adult, completing upper-secondary
    /// school for an unaccompanied minor.
    pub fn member_logit(
        &self,
        sampled: &SampledHousehold,
        member: usize,
        m: usize,
        profile: &Profile,
        tie: bool,
    ) -> f64 {
        let c = &EMPLOYMENT;
        let shared = self.origin_effect[m][sampled.origin] + if tie { c.tie } else { 0.0 };
        let community = self.community[m][sampled.origin];
        let household = &sampled.household;
        let member = &sampled.members[member];
        let person = &member.person;
        let age = f64::from(member.age);
        if household.is_unaccompanied_minor() {
            return 0.6 - 0.35 * (age - 14.0)
                + match person.education {
                    EducationLevel::Primary => 0.2,
                    _ => -0.3,
                }
                + if person.sex == Sex::Female { 0.2 } else { 0.0 }
                + 2.0 * (profile.employment_rate - 0.78)
                + 0.1 * profile.size_z
                + c.community * community
                + shared;
        }
        let group_effect = ORIGIN_GROUPS[sampled.origin].employment_effect;
        let single_parent = household.adults() == 1 && household.children() > 0;
        let (education, education_centred) = education_effects(person.education);
        c.intercept
            + education
            + group_effect
            + if person.sex == Sex::Female {
                c.female
                    + if sampled.has_child_under(7) {
                        c.female_with_child_under_7
                    } else {
                        0.0
                    }
            } else {
                0.0
            }
            + c.age_squared * (age - c.age_centre).powi(2)
            + if single_parent { c.single_parent } else { 0.0 }
            + c.employment_rate * (profile.employment_rate - 0.78)
            + housing_effect(profile.housing_market)
            + c.community * community
            // Skilled jobs concentrate in large cities; low-skill jobs in care and
            // industry are easier to find in smaller places.
            + c.education_by_size * education_centred * profile.size_z
            + shared
    }
}

/// How many members (from the first) a score sums over: every unaccompanied minor, or the
/// adults of any other household.
fn scored(sampled: &SampledHousehold) -> usize {
    let household = &sampled.household;
    if household.is_unaccompanied_minor() {
        sampled.members.len()
    } else {
        household.adults() as usize
    }
}

/// (main effect, centred value for the interaction with municipality size).
fn education_effects(education: EducationLevel) -> (f64, f64) {
    let c = &EMPLOYMENT;
    match education {
        EducationLevel::None => (c.education_none, -1.0),
        EducationLevel::Primary => (c.education_primary, -0.5),
        EducationLevel::Secondary => (c.education_secondary, 0.3),
        EducationLevel::Tertiary => (c.education_tertiary, 1.0),
        EducationLevel::Unknown => (c.education_unknown, -0.3),
    }
}

fn housing_effect(market: HousingMarket) -> f64 {
    match market {
        HousingMarket::Shortage => EMPLOYMENT.housing_shortage,
        HousingMarket::Balance => 0.0,
        HousingMarket::Surplus => EMPLOYMENT.housing_surplus,
    }
}

/// Whether a municipality's decided capacity alone could take the household.
pub(crate) fn can_take(capacity: &Capacity, household: &Household) -> bool {
    capacity.persons() >= household.size()
        && (!household.is_unaccompanied_minor()
            || capacity.unaccompanied_minors() >= household.size())
        && household.needs.iter().all(|s| capacity.service(s) >= 1)
}

/// Scores of every eligible pair: a random subset of about `eligible_share` of the
/// municipalities, plus the tie municipality, plus enough municipalities that could take
/// the household to reach [`MIN_FEASIBLE`] of them.
pub(crate) fn eligible_scores<R: Rng>(
    rng: &mut R,
    model: &OutcomeModel,
    households: &[SampledHousehold],
    municipalities: &[Municipality],
    profiles: &[Profile],
    capacities: &[Capacity],
    eligible_share: f64,
) -> Result<Vec<Score>, GenerateError> {
    let count = municipalities.len();
    let subset_size = ((eligible_share * count as f64).round() as usize).clamp(1, count.max(1));
    let mut scores = Vec::with_capacity(households.len() * (subset_size + MIN_FEASIBLE));
    let mut eligible = vec![false; count];
    let position: HashMap<&MunicipalityCode, usize> = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (&m.code, i))
        .collect();
    for sampled in households {
        let household = &sampled.household;
        eligible.iter_mut().for_each(|e| *e = false);
        for m in index::sample(rng, count, subset_size.min(count)) {
            eligible[m] = true;
        }
        let tie = household
            .tie
            .as_ref()
            .and_then(|code| position.get(code).copied());
        if let Some(t) = tie {
            eligible[t] = true;
        }
        let feasible: Vec<usize> = (0..count)
            .filter(|&m| can_take(&capacities[m], household))
            .collect();
        let already = feasible.iter().filter(|&&m| eligible[m]).count();
        let mut missing = MIN_FEASIBLE.min(feasible.len()).saturating_sub(already);
        let mut candidates: Vec<usize> = feasible.into_iter().filter(|&m| !eligible[m]).collect();
        while missing > 0 && !candidates.is_empty() {
            let pick = candidates.swap_remove(rng.gen_range(0..candidates.len()));
            eligible[pick] = true;
            missing -= 1;
        }
        for (m, _) in eligible.iter().enumerate().filter(|(_, &e)| e) {
            let value = model.score(sampled, m, &profiles[m], tie == Some(m));
            scores.push(Score::new(
                household.id.clone(),
                municipalities[m].code.clone(),
                value,
            )?);
        }
    }
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::households::HouseholdSampler;
    use crate::{geography, reference};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Profiles of the real list and a single adult with the given education.
    fn single_adult(education: EducationLevel) -> (Vec<Profile>, SampledHousehold) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let listed =
            reference::municipalities(landa_model::Country::Sweden).expect("embedded list");
        let (municipalities, profiles) = geography::synthesize(&mut rng, &listed);
        let sampler = HouseholdSampler::new(2026, &municipalities, &profiles).expect("valid year");
        let mut sampled = (0..)
            .map(|i| sampler.sample(&mut rng, i).expect("valid draw"))
            .find(|s| s.household.adults() == 1 && s.household.children() == 0)
            .expect("single adults are common");
        sampled.members[0].person.education = education;
        (profiles, sampled)
    }

    #[test]
    fn a_tie_raises_the_score_everywhere() {
        let (profiles, household) = single_adult(EducationLevel::Secondary);
        let model = OutcomeModel::draw(&mut ChaCha8Rng::seed_from_u64(2), &profiles);
        for (m, profile) in profiles.iter().enumerate() {
            assert!(
                model.score(&household, m, profile, true)
                    > model.score(&household, m, profile, false)
            );
        }
    }

    #[test]
    fn education_gains_more_in_large_municipalities() {
        let (profiles, tertiary) = single_adult(EducationLevel::Tertiary);
        let (_, unschooled) = single_adult(EducationLevel::None);
        let model = OutcomeModel::draw(&mut ChaCha8Rng::seed_from_u64(3), &profiles);
        let largest = (0..profiles.len())
            .max_by(|&a, &b| profiles[a].size_z.total_cmp(&profiles[b].size_z))
            .expect("municipalities");
        let smallest = (0..profiles.len())
            .min_by(|&a, &b| profiles[a].size_z.total_cmp(&profiles[b].size_z))
            .expect("municipalities");
        let gain = |m: usize| {
            model.score(&tertiary, m, &profiles[m], false)
                - model.score(&unschooled, m, &profiles[m], false)
        };
        assert!(gain(largest) > gain(smallest));
    }
}
