//! Synthetic preferences: which municipalities households rank, and what municipalities
//! say they are prepared for first.
//!
//! A household ranks with probability [`RANKING_SHARE`]; it ranks 1 to 5 of the
//! municipalities where it is eligible, by a random utility: +4 for its tie municipality
//! (relatives), +1 per unit of the outcome model's language community (ln(1 + speakers /
//! 500) of its origin group's language: it wants to live near people who speak it), +0.3
//! per standard deviation of log population (towns over villages), plus Gumbel noise, so
//! that households of one origin agree on where their community is and rankings cluster
//! there, as they do in practice. A municipality states 1 or 2 priority groups with
//! probability [`PRIORITY_SHARE`], drawn from large families, families with children,
//! single adults, ties and specialist care. Of the households that rank nothing, a share
//! [`CRITERIA_SHARE`] weighs 1 to 3 criteria instead (its tie if it has one, its language,
//! a size of place, work), each with a weight of 1 to 3.

use crate::draw::round_to;
use crate::geography::Profile;
use crate::households::{SampledHousehold, SPECIALIST_CARE};
use crate::outcomes::OutcomeModel;
use crate::GenerateError;
use landa_model::{
    Criterion, CriterionWeight, Municipality, MunicipalityCode, MunicipalityPriority, Preference,
    PriorityGroup, Score,
};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::{HashMap, HashSet};

pub(crate) const RANKING_SHARE: f64 = 0.6;
pub(crate) const PRIORITY_SHARE: f64 = 0.3;
pub(crate) const CRITERIA_SHARE: f64 = 0.5;
const MOST_RANKED: usize = 5;

fn gumbel<R: Rng>(rng: &mut R) -> f64 {
    let u: f64 = rng.gen_range(1e-12..1.0);
    -(-u.ln()).ln()
}

pub(crate) fn rankings<R: Rng>(
    rng: &mut R,
    model: &OutcomeModel,
    households: &[SampledHousehold],
    municipalities: &[Municipality],
    profiles: &[Profile],
    scores: &[Score],
) -> Result<Vec<Preference>, GenerateError> {
    let position: HashMap<&MunicipalityCode, usize> = municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (&m.code, i))
        .collect();
    let mut eligible: HashMap<&str, Vec<usize>> = HashMap::new();
    for score in scores {
        if let Some(&m) = position.get(&score.municipality) {
            eligible
                .entry(score.household.as_str())
                .or_default()
                .push(m);
        }
    }
    let mut preferences = Vec::new();
    for sampled in households {
        let household = &sampled.household;
        if !rng.gen_bool(RANKING_SHARE) {
            continue;
        }
        let Some(options) = eligible.get(household.id.as_str()) else {
            continue;
        };
        let mut utilities: Vec<(f64, usize)> = options
            .iter()
            .map(|&m| {
                let tie = household.tie.as_ref() == Some(&municipalities[m].code);
                let utility = if tie { 4.0 } else { 0.0 }
                    + model.community(m, sampled.origin)
                    + 0.3 * profiles[m].size_z
                    + gumbel(rng);
                (round_to(utility, 9), m)
            })
            .collect();
        utilities.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let count = rng.gen_range(1..=MOST_RANKED).min(utilities.len());
        for (rank, &(_, m)) in (1u32..).zip(utilities.iter().take(count)) {
            preferences.push(Preference::new(
                household.id.clone(),
                municipalities[m].code.clone(),
                rank,
            )?);
        }
    }
    Ok(preferences)
}

pub(crate) fn priorities<R: Rng>(
    rng: &mut R,
    municipalities: &[Municipality],
) -> Result<Vec<MunicipalityPriority>, GenerateError> {
    let groups = [
        PriorityGroup::LargeFamilies,
        PriorityGroup::FamiliesWithChildren,
        PriorityGroup::SingleAdults,
        PriorityGroup::Ties,
        PriorityGroup::Need(SPECIALIST_CARE.parse()?),
    ];
    let mut priorities = Vec::new();
    for municipality in municipalities {
        if !rng.gen_bool(PRIORITY_SHARE) {
            continue;
        }
        let first = rng.gen_range(0..groups.len());
        let mut chosen = vec![first];
        if rng.gen_bool(0.5) {
            let second = (first + rng.gen_range(1..groups.len())) % groups.len();
            chosen.push(second);
        }
        for (rank, g) in (1u32..).zip(chosen) {
            priorities.push(MunicipalityPriority::new(
                municipality.code.clone(),
                groups[g].clone(),
                rank,
            )?);
        }
    }
    Ok(priorities)
}

pub(crate) fn criteria<R: Rng>(
    rng: &mut R,
    households: &[SampledHousehold],
    rankings: &[Preference],
) -> Result<Vec<CriterionWeight>, GenerateError> {
    let ranking: HashSet<&str> = rankings.iter().map(|p| p.household.as_str()).collect();
    let mut weights = Vec::new();
    for sampled in households {
        let household = &sampled.household;
        if ranking.contains(household.id.as_str()) || !rng.gen_bool(CRITERIA_SHARE) {
            continue;
        }
        let size =
            [Criterion::City, Criterion::Town, Criterion::Rural][rng.gen_range(0..3)].clone();
        let mut candidates = vec![size, Criterion::Language, Criterion::Work];
        if household.tie.is_some() {
            candidates.push(Criterion::NearTie);
        }
        candidates.shuffle(rng);
        let count = rng.gen_range(1..=3);
        for criterion in candidates.into_iter().take(count) {
            let weight = f64::from(rng.gen_range(1..=3u8));
            weights.push(CriterionWeight::new(
                household.id.clone(),
                criterion,
                weight,
            )?);
        }
    }
    Ok(weights)
}
