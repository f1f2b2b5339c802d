//! Households and their members, drawn one at a time by [`HouseholdSampler`] so that later
//! generators (a synthetic placement history) can draw more of the same population.

use crate::draw::{normal, weighted_index};
use crate::geography::Profile;
use crate::{calendar_date, GenerateError};
use chrono::{Duration, NaiveDate};
use landa_model::{
    EducationLevel, Household, HouseholdId, LanguageCode, Municipality, MunicipalityCode, Person,
    ServiceName, Sex,
};
use rand::Rng;
use std::collections::BTreeSet;

/// Service needed by households that must live in an accessible dwelling.
pub const ACCESSIBLE_HOUSING: &str = "accessible_housing";
/// Service needed by households with a member in specialist health care.
pub const SPECIALIST_CARE: &str = "specialist_care";

/// A group of origin: the languages its households speak and what shifts their education
/// and outcomes. Shares are loosely shaped on recent Nordic settlement, not taken from it.
#[derive(Debug)]
pub(crate) struct OriginGroup {
    /// As a history's `origin` names it.
    pub name: &'static str,
    pub share: f64,
    pub language: &'static str,
    /// A second language spoken by part of the group, with the probability a household has it.
    pub second_language: Option<(&'static str, f64)>,
    /// Weights of no schooling, primary, secondary and tertiary education among adults.
    pub education: [f64; 4],
    /// Additive effect on the employment log-odds.
    pub employment_effect: f64,
    /// Share of a municipality's inhabitants who already speak the group's language.
    pub community_share: f64,
}

pub(crate) const ORIGIN_GROUPS: &[OriginGroup] = &[
    // Syria and Iraq
    OriginGroup {
        name: "Syria/Iraq",
        share: 0.28,
        language: "ar",
        second_language: Some(("ku", 0.15)),
        education: [0.15, 0.35, 0.32, 0.18],
        employment_effect: 0.0,
        community_share: 0.025,
    },
    // Afghanistan
    OriginGroup {
        name: "Afghanistan",
        share: 0.14,
        language: "fa",
        second_language: Some(("ps", 0.30)),
        education: [0.35, 0.30, 0.25, 0.10],
        employment_effect: -0.1,
        community_share: 0.006,
    },
    // Eritrea
    OriginGroup {
        name: "Eritrea",
        share: 0.12,
        language: "ti",
        second_language: Some(("ar", 0.30)),
        education: [0.20, 0.40, 0.30, 0.10],
        employment_effect: 0.2,
        community_share: 0.004,
    },
    // Somalia
    OriginGroup {
        name: "Somalia",
        share: 0.10,
        language: "so",
        second_language: Some(("ar", 0.25)),
        education: [0.40, 0.30, 0.22, 0.08],
        employment_effect: -0.35,
        community_share: 0.007,
    },
    // Ukraine
    OriginGroup {
        name: "Ukraine",
        share: 0.16,
        language: "uk",
        second_language: Some(("ru", 0.60)),
        education: [0.02, 0.08, 0.45, 0.45],
        employment_effect: 0.35,
        community_share: 0.003,
    },
    // Kurdish-speaking regions
    OriginGroup {
        name: "Kurdish-speaking",
        share: 0.06,
        language: "ku",
        second_language: Some(("ar", 0.50)),
        education: [0.25, 0.35, 0.28, 0.12],
        employment_effect: 0.0,
        community_share: 0.005,
    },
    // Ethiopia
    OriginGroup {
        name: "Ethiopia",
        share: 0.04,
        language: "am",
        second_language: None,
        education: [0.25, 0.35, 0.28, 0.12],
        employment_effect: 0.1,
        community_share: 0.001,
    },
    // Central Africa (DR Congo, Burundi)
    OriginGroup {
        name: "Central Africa",
        share: 0.05,
        language: "fr",
        second_language: Some(("sw", 0.40)),
        education: [0.25, 0.35, 0.28, 0.12],
        employment_effect: 0.0,
        community_share: 0.001,
    },
    // Iran
    OriginGroup {
        name: "Iran",
        share: 0.05,
        language: "fa",
        second_language: None,
        education: [0.05, 0.20, 0.40, 0.35],
        employment_effect: 0.2,
        community_share: 0.008,
    },
];

/// Household compositions and their shares of all households (sum 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Composition {
    UnaccompaniedMinor,
    SingleAdult,
    Couple,
    SingleParent,
    CoupleWithChildren,
}

const COMPOSITIONS: [(Composition, f64); 5] = [
    (Composition::UnaccompaniedMinor, 0.10),
    (Composition::SingleAdult, 0.35),
    (Composition::Couple, 0.10),
    (Composition::SingleParent, 0.12),
    (Composition::CoupleWithChildren, 0.33),
];
/// Weights of 1, 2, 3 ... children.
const SINGLE_PARENT_CHILDREN: [f64; 4] = [0.35, 0.30, 0.20, 0.15];
const COUPLE_CHILDREN: [f64; 6] = [0.22, 0.28, 0.22, 0.14, 0.09, 0.05];
/// Weights of ages 14, 15, 16, 17 among unaccompanied minors.
const MINOR_AGES: [f64; 4] = [0.15, 0.25, 0.30, 0.30];
const UNACCOMPANIED_SIBLINGS: f64 = 0.05;
/// Families with children where a grandparent or an adult child travels along.
const EXTRA_ADULT: f64 = 0.10;
const TIE_SHARE: f64 = 0.20;
const ACCESSIBLE_HOUSING_SHARE: f64 = 0.04;
const SPECIALIST_CARE_SHARE: f64 = 0.07;
const UNKNOWN_EDUCATION: f64 = 0.05;
const OLDEST_ADULT: u32 = 65;

/// A member and the age (on 1 January of the scenario year) the outcome model reads.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub person: Person,
    pub age: u32,
}

/// A household with what was drawn alongside it.
#[derive(Debug, Clone)]
pub(crate) struct SampledHousehold {
    pub household: Household,
    pub origin: usize,
    pub members: Vec<Member>,
}

impl SampledHousehold {
    pub fn has_child_under(&self, age: u32) -> bool {
        self.members
            .iter()
            .skip(self.household.adults() as usize)
            .any(|m| m.age < age)
    }
}

/// Draws households waiting for settlement in `year`.
pub(crate) struct HouseholdSampler {
    year: i32,
    waiting_from: NaiveDate,
    waiting_days: i64,
    tie_codes: Vec<MunicipalityCode>,
    tie_weights: Vec<f64>,
    origin_shares: Vec<f64>,
    accessible_housing: ServiceName,
    specialist_care: ServiceName,
}

impl HouseholdSampler {
    pub fn new(
        year: i32,
        municipalities: &[Municipality],
        profiles: &[Profile],
    ) -> Result<Self, GenerateError> {
        let first_of_year = calendar_date(year, 1, 1)?;
        let waiting_from = calendar_date(year - 1, 1, 1)?;
        Ok(HouseholdSampler {
            year,
            waiting_from,
            waiting_days: (first_of_year - waiting_from).num_days(),
            tie_codes: municipalities.iter().map(|m| m.code.clone()).collect(),
            tie_weights: profiles.iter().map(|p| p.population).collect(),
            origin_shares: ORIGIN_GROUPS.iter().map(|g| g.share).collect(),
            accessible_housing: ACCESSIBLE_HOUSING.parse()?,
            specialist_care: SPECIALIST_CARE.parse()?,
        })
    }

    /// Draws household number `index` (ids are `h000001`, `h000002` ... from index 0).
    pub fn sample<R: Rng>(
        &self,
        rng: &mut R,
        index: usize,
    ) -> Result<SampledHousehold, GenerateError> {
        let id: HouseholdId = format!("h{:06}", index + 1).parse()?;
        let origin = weighted_index(rng, &self.origin_shares).unwrap_or(0);
        let group = &ORIGIN_GROUPS[origin];
        let composition =
            COMPOSITIONS[weighted_index(rng, &COMPOSITIONS.map(|c| c.1)).unwrap_or(0)].0;
        let people = self.draw_people(rng, composition, group);
        let adults = people.iter().filter(|p| p.age >= 18).count() as u32;
        let children = people.len() as u32 - adults;
        let waiting_since = self.waiting_from + Duration::days(rng.gen_range(0..self.waiting_days));
        let unaccompanied = composition == Composition::UnaccompaniedMinor;
        let mut household =
            Household::new(id.clone(), adults, children, unaccompanied, waiting_since)?;

        if !unaccompanied && rng.gen_bool(TIE_SHARE) {
            household.tie =
                weighted_index(rng, &self.tie_weights).map(|i| self.tie_codes[i].clone());
        }
        if rng.gen_bool(ACCESSIBLE_HOUSING_SHARE) {
            household.needs.insert(self.accessible_housing.clone());
        }
        if rng.gen_bool(SPECIALIST_CARE_SHARE) {
            household.needs.insert(self.specialist_care.clone());
        }
        household.languages = draw_languages(rng, group, &people)?;

        let members = people
            .into_iter()
            .enumerate()
            .map(|(n, p)| {
                Ok(Member {
                    person: Person {
                        id: format!("{id}-p{}", n + 1).parse()?,
                        household: id.clone(),
                        birth_year: u16::try_from(self.year - p.age as i32)
                            .map_err(|_| GenerateError::invalid_year(self.year))?,
                        sex: p.sex,
                        education: p.education,
                        languages: household.languages.clone(),
                    },
                    age: p.age,
                })
            })
            .collect::<Result<Vec<_>, GenerateError>>()?;
        Ok(SampledHousehold {
            household,
            origin,
            members,
        })
    }

    /// Adults first, then children, with ages that fit together (a parent is at least 17
    /// years older than each child).
    fn draw_people<R: Rng>(
        &self,
        rng: &mut R,
        composition: Composition,
        group: &OriginGroup,
    ) -> Vec<Drawn> {
        let adult = |rng: &mut R, age: u32, sex: Sex| Drawn {
            age,
            sex,
            education: adult_education(rng, group),
        };
        let mut people = Vec::new();
        match composition {
            Composition::UnaccompaniedMinor => {
                let count = if rng.gen_bool(UNACCOMPANIED_SIBLINGS) {
                    2
                } else {
                    1
                };
                for _ in 0..count {
                    let age = 14 + weighted_index(rng, &MINOR_AGES).unwrap_or(0) as u32;
                    let sex = if rng.gen_bool(0.85) {
                        Sex::Male
                    } else {
                        Sex::Female
                    };
                    people.push(Drawn {
                        age,
                        sex,
                        education: child_education(rng, age, group),
                    });
                }
            }
            Composition::SingleAdult => {
                let age = age_between(18.0 + normal(rng, 0.0, 14.0).abs(), 18, OLDEST_ADULT);
                let sex = if rng.gen_bool(0.70) {
                    Sex::Male
                } else {
                    Sex::Female
                };
                people.push(adult(rng, age, sex));
            }
            Composition::Couple => {
                let age = age_between(normal(rng, 34.0, 9.0), 19, OLDEST_ADULT);
                let partner = age_between(age as f64 + normal(rng, -2.0, 4.0), 18, OLDEST_ADULT);
                let sex = random_sex(rng);
                people.push(adult(rng, age, sex));
                people.push(adult(rng, partner, opposite(sex)));
            }
            Composition::SingleParent | Composition::CoupleWithChildren => {
                let single = composition == Composition::SingleParent;
                let age = age_between(normal(rng, 36.0, 7.0), 20, 60);
                let mut youngest_parent = age;
                let sex = if single {
                    if rng.gen_bool(0.85) {
                        Sex::Female
                    } else {
                        Sex::Male
                    }
                } else {
                    random_sex(rng)
                };
                people.push(adult(rng, age, sex));
                if !single {
                    let partner = age_between(age as f64 + normal(rng, -2.0, 4.0), 20, 60);
                    youngest_parent = youngest_parent.min(partner);
                    people.push(adult(rng, partner, opposite(sex)));
                }
                if rng.gen_bool(EXTRA_ADULT) {
                    // A grandparent with younger parents, an adult child with older ones.
                    let extra = if age <= 45 {
                        rng.gen_range((age + 18).max(50)..=OLDEST_ADULT)
                    } else {
                        rng.gen_range(18..=25.min(age - 17))
                    };
                    let sex = random_sex(rng);
                    people.push(adult(rng, extra, sex));
                }
                let weights: &[f64] = if single {
                    &SINGLE_PARENT_CHILDREN
                } else {
                    &COUPLE_CHILDREN
                };
                let count = 1 + weighted_index(rng, weights).unwrap_or(0);
                let oldest_child = 17.min(youngest_parent - 17);
                for _ in 0..count {
                    let child_age = rng.gen_range(0..=oldest_child);
                    let child = Drawn {
                        age: child_age,
                        sex: random_sex(rng),
                        education: child_education(rng, child_age, group),
                    };
                    people.push(child);
                }
            }
        }
        people
    }
}

/// A member before ids are attached.
struct Drawn {
    age: u32,
    sex: Sex,
    education: EducationLevel,
}

fn adult_education<R: Rng>(rng: &mut R, group: &OriginGroup) -> EducationLevel {
    if rng.gen_bool(UNKNOWN_EDUCATION) {
        return EducationLevel::Unknown;
    }
    match weighted_index(rng, &group.education) {
        Some(0) => EducationLevel::None,
        Some(1) => EducationLevel::Primary,
        Some(2) => EducationLevel::Secondary,
        _ => EducationLevel::Tertiary,
    }
}

/// Highest completed level: nothing before 13, then primary unless schooling was missed
/// (as often as the group's adults have none).
fn child_education<R: Rng>(rng: &mut R, age: u32, group: &OriginGroup) -> EducationLevel {
    let no_schooling = group.education[0] / group.education.iter().sum::<f64>();
    if age < 13 || rng.gen_bool(no_schooling) {
        EducationLevel::None
    } else {
        EducationLevel::Primary
    }
}

/// The group's language, sometimes a second one, and English where an adult has secondary
/// or tertiary education (half and a fifth of them respectively).
fn draw_languages<R: Rng>(
    rng: &mut R,
    group: &OriginGroup,
    people: &[Drawn],
) -> Result<BTreeSet<LanguageCode>, GenerateError> {
    let mut codes = vec![group.language];
    if let Some((second, probability)) = group.second_language {
        if rng.gen_bool(probability) {
            codes.push(second);
        }
    }
    let english = people
        .iter()
        .filter(|p| p.age >= 18)
        .any(|p| match p.education {
            EducationLevel::Tertiary => rng.gen_bool(0.5),
            EducationLevel::Secondary => rng.gen_bool(0.2),
            _ => false,
        });
    if english {
        codes.push("en");
    }
    Ok(codes
        .into_iter()
        .map(str::parse)
        .collect::<Result<_, _>>()?)
}

fn age_between(value: f64, low: u32, high: u32) -> u32 {
    value.round().clamp(low as f64, high as f64) as u32
}

fn random_sex<R: Rng>(rng: &mut R) -> Sex {
    if rng.gen_bool(0.5) {
        Sex::Female
    } else {
        Sex::Male
    }
}

fn opposite(sex: Sex) -> Sex {
    match sex {
        Sex::Female => Sex::Male,
        Sex::Male | Sex::Unknown => Sex::Female,
    }
}
