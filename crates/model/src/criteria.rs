//! What a household weighs when it cannot rank municipalities it does not know: the size
//! of the place, being near its tie, near people who speak its language, a region, work.
//! landa turns the weights into a ranking with the municipalities' facts and its own data
//! ([`Scenario::rankings`]), so that every mechanism of placement reads one kind of
//! preference.

use crate::{
    Household, HouseholdId, LanguageCode, MunicipalityCode, Preference, RegionCode, Scenario,
    ValueError,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// Inhabitants from which a municipality counts as a city, and as a town.
pub const CITY_INHABITANTS: u32 = 50_000;
pub const TOWN_INHABITANTS: u32 = 10_000;
/// How many municipalities a ranking made from criteria holds.
pub const RANKED_FROM_CRITERIA: usize = 5;
/// Largest weight taken: the weights count relative to each other.
pub const MAX_CRITERION_WEIGHT: f64 = 100.0;

/// One thing a household weighs, each worth 0 to 1 in a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    /// A city: [`CITY_INHABITANTS`] or more.
    City,
    /// A town: from [`TOWN_INHABITANTS`] to a city.
    Town,
    /// Rural: fewer than [`TOWN_INHABITANTS`].
    Rural,
    /// Near its tie: the tie municipality itself 1, another of the tie's region ½.
    NearTie,
    /// Near people who speak one of its languages: the year's other households of that
    /// language tied to or settled in the municipality, against where most of them are.
    Language,
    /// In this region.
    Region(RegionCode),
    /// Work: the municipality's employment rate, from the year's lowest (0) to its highest (1).
    Work,
}

impl Criterion {
    /// The names, as the bundle file and the forms write them.
    pub const NAMES: &'static str = "city, town, rural, tie, language, work or region:<code>";
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Criterion::City => f.write_str("city"),
            Criterion::Town => f.write_str("town"),
            Criterion::Rural => f.write_str("rural"),
            Criterion::NearTie => f.write_str("tie"),
            Criterion::Language => f.write_str("language"),
            Criterion::Region(code) => write!(f, "region:{code}"),
            Criterion::Work => f.write_str("work"),
        }
    }
}

impl FromStr for Criterion {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        let text = text.trim();
        Ok(match text {
            "city" => Criterion::City,
            "town" => Criterion::Town,
            "rural" => Criterion::Rural,
            "tie" => Criterion::NearTie,
            "language" => Criterion::Language,
            "work" => Criterion::Work,
            _ => match text.strip_prefix("region:") {
                Some(code) => Criterion::Region(code.parse()?),
                None => return Err(ValueError::expected(Criterion::NAMES, text)),
            },
        })
    }
}

/// How much a household weighs one criterion (more than 0, at most [`MAX_CRITERION_WEIGHT`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionWeight {
    pub household: HouseholdId,
    pub criterion: Criterion,
    weight: f64,
}

impl CriterionWeight {
    pub fn new(
        household: HouseholdId,
        criterion: Criterion,
        weight: f64,
    ) -> Result<Self, ValueError> {
        if !(weight > 0.0 && weight <= MAX_CRITERION_WEIGHT) {
            return Err(ValueError(format!(
                "a weight is more than 0 and at most {MAX_CRITERION_WEIGHT}, got {weight}"
            )));
        }
        Ok(CriterionWeight {
            household,
            criterion,
            weight,
        })
    }
    pub fn weight(&self) -> f64 {
        self.weight
    }
}

impl Scenario {
    /// Every household's ranking: its own where it gave one, else the one its criteria
    /// make ([`Scenario::rankings_from_criteria`]).
    pub fn rankings(&self) -> Vec<Preference> {
        let mut rankings = self.preferences.clone();
        rankings.extend(self.rankings_from_criteria());
        rankings
    }

    /// For each household that weighs criteria and ranks no municipality itself, its
    /// [`RANKED_FROM_CRITERIA`] municipalities of highest weighted worth (ties by code),
    /// leaving out those worth nothing to it.
    pub fn rankings_from_criteria(&self) -> Vec<Preference> {
        let ranking_own: HashSet<&HouseholdId> =
            self.preferences.iter().map(|p| &p.household).collect();
        let mut weighed: BTreeMap<&HouseholdId, Vec<&CriterionWeight>> = BTreeMap::new();
        for weight in self
            .criteria
            .iter()
            .filter(|w| !ranking_own.contains(&w.household))
        {
            weighed.entry(&weight.household).or_default().push(weight);
        }
        if weighed.is_empty() {
            return Vec::new();
        }
        let facts = Facts::of(self);
        weighed
            .into_iter()
            .flat_map(|(household, weights)| facts.ranking(household, &weights))
            .collect()
    }

    /// The ranking `weights` make for `household` (one of the scenario's), whether or not
    /// it ranks municipalities itself: what a form shows before it is saved.
    pub fn ranking_from(
        &self,
        household: &HouseholdId,
        weights: &[CriterionWeight],
    ) -> Vec<Preference> {
        let weights: Vec<&CriterionWeight> = weights.iter().collect();
        Facts::of(self).ranking(household, &weights)
    }
}

/// Where a household of the year is, for its language's community: its tie, else the
/// municipality it settled in by itself.
fn place_of(household: &Household) -> Option<&MunicipalityCode> {
    household.tie.as_ref().or(household.intake.settled_in())
}

/// What the criteria are valued from: each municipality's size, region and employment,
/// and where the year's households of each language are.
struct Facts<'s> {
    households: HashMap<&'s HouseholdId, usize>,
    scenario: &'s Scenario,
    region: HashMap<&'s MunicipalityCode, &'s RegionCode>,
    population: HashMap<&'s MunicipalityCode, u32>,
    employment: HashMap<&'s MunicipalityCode, f64>,
    employment_range: (f64, f64),
    speakers: HashMap<(&'s LanguageCode, &'s MunicipalityCode), u32>,
    most_speakers: HashMap<&'s LanguageCode, u32>,
}

impl<'s> Facts<'s> {
    fn of(scenario: &'s Scenario) -> Self {
        let mut speakers: HashMap<(&LanguageCode, &MunicipalityCode), u32> = HashMap::new();
        for h in &scenario.households {
            if let Some(place) = place_of(h) {
                for language in &h.languages {
                    *speakers.entry((language, place)).or_default() += 1;
                }
            }
        }
        let mut most_speakers: HashMap<&LanguageCode, u32> = HashMap::new();
        for ((language, _), count) in &speakers {
            let most = most_speakers.entry(language).or_default();
            *most = (*most).max(*count);
        }
        let employment: HashMap<_, _> = scenario
            .municipalities
            .iter()
            .filter_map(|m| Some((&m.code, m.employment_rate()?)))
            .collect();
        let employment_range = employment
            .values()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &rate| {
                (low.min(rate), high.max(rate))
            });
        Facts {
            households: scenario
                .households
                .iter()
                .enumerate()
                .map(|(i, h)| (&h.id, i))
                .collect(),
            scenario,
            region: scenario
                .municipalities
                .iter()
                .map(|m| (&m.code, &m.region))
                .collect(),
            population: scenario
                .municipalities
                .iter()
                .filter_map(|m| Some((&m.code, m.population?)))
                .collect(),
            employment,
            employment_range,
            speakers,
            most_speakers,
        }
    }

    /// The household's [`RANKED_FROM_CRITERIA`] municipalities of highest weighted worth
    /// (ties by code), leaving out those worth nothing to it.
    fn ranking(&self, household: &HouseholdId, weights: &[&CriterionWeight]) -> Vec<Preference> {
        let Some(&h) = self.households.get(household) else {
            return Vec::new();
        };
        let mut worth: Vec<(f64, &MunicipalityCode)> = self
            .scenario
            .municipalities
            .iter()
            .map(|m| {
                let value = weights
                    .iter()
                    .map(|w| w.weight * self.value(&w.criterion, h, &m.code))
                    .sum::<f64>();
                (value, &m.code)
            })
            .filter(|(value, _)| *value > 0.0)
            .collect();
        worth.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        worth
            .into_iter()
            .take(RANKED_FROM_CRITERIA)
            .zip(1..)
            .filter_map(|((_, code), rank)| {
                Preference::new(household.clone(), code.clone(), rank).ok()
            })
            .collect()
    }

    /// The criterion's worth (0 to 1) in `municipality` for the household at `index`.
    fn value(&self, criterion: &Criterion, index: usize, municipality: &MunicipalityCode) -> f64 {
        let household = &self.scenario.households[index];
        let population = self.population.get(municipality).copied();
        let flag = |yes: bool| if yes { 1.0 } else { 0.0 };
        match criterion {
            Criterion::City => flag(population.is_some_and(|p| p >= CITY_INHABITANTS)),
            Criterion::Town => {
                flag(population.is_some_and(|p| (TOWN_INHABITANTS..CITY_INHABITANTS).contains(&p)))
            }
            Criterion::Rural => flag(population.is_some_and(|p| p < TOWN_INHABITANTS)),
            Criterion::NearTie => match &household.tie {
                Some(tie) if tie == municipality => 1.0,
                Some(tie)
                    if self.region.contains_key(tie)
                        && self.region.get(tie) == self.region.get(municipality) =>
                {
                    0.5
                }
                _ => 0.0,
            },
            Criterion::Language => {
                let own = place_of(household);
                household
                    .languages
                    .iter()
                    .map(|language| {
                        let here = self
                            .speakers
                            .get(&(language, municipality))
                            .copied()
                            .unwrap_or(0);
                        // The household itself is not its own community.
                        let others = here.saturating_sub(u32::from(own == Some(municipality)));
                        let most = self.most_speakers.get(language).copied().unwrap_or(0);
                        if most == 0 {
                            0.0
                        } else {
                            f64::from(others) / f64::from(most)
                        }
                    })
                    .fold(0.0, f64::max)
            }
            Criterion::Region(region) => flag(self.region.get(municipality) == Some(&region)),
            Criterion::Work => {
                let (low, high) = self.employment_range;
                match self.employment.get(municipality) {
                    Some(rate) if high > low => (rate - low) / (high - low),
                    Some(_) => 1.0,
                    None => 0.0,
                }
            }
        }
    }
}
