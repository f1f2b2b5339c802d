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
const TIE_EFFECT: f64 = 0.2;
const ORIGIN_EFFECT_SD: f64 = 0.3;

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
                    .map(|_| normal(rng, 0.0, ORIGIN_EFFECT_SD))
                    .collect()
            })
            .collect();
        OutcomeModel {
            community,
            origin_effect,
        }
    }

    /// Expected outcome of settling `sampled` in municipality `m`, rounded to 4 decimals.
    pub fn score(&self, sampled: &SampledHousehold, m: usize, profile: &Profile, tie: bool) -> f64 {
        let shared = self.origin_effect[m][sampled.origin] + if tie { TIE_EFFECT } else { 0.0 };
        let community = self.community[m][sampled.origin];
        let household = &sampled.household;
        let total: f64 = if household.is_unaccompanied_minor() {
            sampled
                .members
                .iter()
                .map(|member| {
                    let person = &member.person;
                    let logit = 0.6 - 0.35 * (f64::from(member.age) - 14.0)
                        + match person.education {
                            EducationLevel::Primary => 0.2,
                            _ => -0.3,
                        }
                        + if person.sex == Sex::Female { 0.2 } else { 0.0 }
                        + 2.0 * (profile.employment_rate - 0.78)
                        + 0.1 * profile.size_z
                        + 0.08 * community
                        + shared;
                    logistic(logit)
                })
                .sum()
        } else {
            let group_effect = ORIGIN_GROUPS[sampled.origin].employment_effect;
            let single_parent = household.adults() == 1 && household.children() > 0;
            let young_children = sampled.has_child_under(7);
            sampled
                .members
                .iter()
                .take(household.adults() as usize)
                .map(|member| {
                    let person = &member.person;
                    let (education, education_centred) = education_effects(person.education);
                    let age = f64::from(member.age);
                    let logit = -0.8
                        + education
                        + group_effect
                        + if person.sex == Sex::Female {
                            -0.5 - if young_children { 0.3 } else { 0.0 }
                        } else {
                            0.0
                        }
                        - 0.0015 * (age - 35.0).powi(2)
                        - if single_parent { 0.3 } else { 0.0 }
                        + 3.0 * (profile.employment_rate - 0.78)
                        + housing_effect(profile.housing_market)
                                                + 0.08 * community
                        // Skilled jobs concentrate in large cities; low-skill jobs in care and
                        // industry are easier to find in smaller places.
                        + 0.25 * education_centred * profile.size_z
                        + shared;
                    logistic(logit)
                })
                .sum()
        };
        round_to(total, 4)
    }
}

/// (main effect, centred value for the interaction with municipality size).
fn education_effects(education: EducationLevel) -> (f64, f64) {
    match education {
        EducationLevel::None => (-0.6, -1.0),
        EducationLevel::Primary => (-0.25, -0.5),
        EducationLevel::Secondary => (0.2, 0.3),
        EducationLevel::Tertiary => (0.5, 1.0),
        EducationLevel::Unknown => (-0.2, -0.3),
    }
}

fn housing_effect(market: HousingMarket) -> f64 {
    match market {
        HousingMarket::Shortage => -0.2,
        HousingMarket::Balance => 0.0,
        HousingMarket::Surplus => -0.15,
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
        let listed = reference::swedish_municipalities().expect("embedded list");
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
