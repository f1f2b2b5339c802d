//! From a person and a municipality to the model's features: the person's own (age, sex,
//! education, household, languages), the municipality's (labour market, size, reception
//! already carried, housing), one interaction (education × size: skilled jobs concentrate
//! in large places), one indicator per municipality seen in training, and one per language
//! community and municipality (people do better where their community does, and that
//! differs by place); the fit shrinks both towards zero so that a municipality or a
//! community with few past placements is not noise.

use landa_model::{
    EducationLevel, HousingMarket, LanguageCode, Municipality, MunicipalityCode, Sex, ADULT_AGE,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Ages whose employment the model predicts: working age at placement.
pub const WORKING_AGE: std::ops::RangeInclusive<i32> = 18..=64;
/// A language becomes a feature when at least this many training persons speak it.
const MIN_LANGUAGE_SPEAKERS: usize = 50;
/// At most this many language features, the most spoken first.
const MAX_LANGUAGES: usize = 12;
/// A child under this age keeps a parent (mostly mothers) at home longer.
const YOUNG_CHILD_AGE: i32 = 7;

/// The fixed features, in column order; language and municipality columns follow.
pub const FIXED_FEATURES: [&str; 17] = [
    "intercept",
    "age",
    "age_squared",
    "female",
    "female_with_young_child",
    "single_parent",
    "education_primary",
    "education_secondary",
    "education_tertiary",
    "education_unknown",
    "municipal_employment_rate",
    "municipal_size",
    "municipal_reception",
    "housing_shortage",
    "housing_surplus",
    "municipal_facts_missing",
    "education_x_municipal_size",
];
/// Columns of the fixed features that describe the municipality, not the person.
const MUNICIPAL_FIRST: usize = 10;
/// The column of education × municipal size, the last fixed feature.
const INTERACTION: usize = FIXED_FEATURES.len() - 1;

/// What the model knows of a person when placing them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub age: i32,
    pub sex: Sex,
    pub education: EducationLevel,
    pub languages: BTreeSet<LanguageCode>,
    /// The only adult of a household with children.
    pub single_parent: bool,
    /// A child under seven in the household.
    pub young_child: bool,
}

impl PersonFacts {
    /// Whether the model predicts an outcome for this person (working age).
    pub fn in_population(&self) -> bool {
        WORKING_AGE.contains(&self.age)
    }
}

/// The household context of each member, from the members' ages: `(single_parent,
/// young_child)` for an adult at `age` among `ages`.
pub fn household_context(ages: &[i32], age: i32) -> (bool, bool) {
    let adults = ages.iter().filter(|&&a| a >= ADULT_AGE).count();
    let children = ages.len() - adults;
    let young_child = ages.iter().any(|&a| a < YOUNG_CHILD_AGE);
    (age >= ADULT_AGE && adults == 1 && children > 0, young_child)
}

/// The encoding learned from the training data; part of a saved model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSpace {
    pub languages: Vec<String>,
    /// Municipalities with an effect of their own, in column order.
    pub municipalities: Vec<String>,
    pub employment_rate_mean: f64,
    pub log_population_mean: f64,
    pub log_population_sd: f64,
    pub reception_mean: f64,
}

/// A municipality's part of every row: its dense features and its own column.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedMunicipality {
    /// The municipal columns from `MUNICIPAL_FIRST`, before the interaction.
    dense: [f64; INTERACTION - MUNICIPAL_FIRST],
    size: f64,
    column: Option<u32>,
}

fn log_population(m: &Municipality) -> Option<f64> {
    m.population.map(|p| f64::from(p.max(1)).ln())
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

impl FeatureSpace {
    /// Learns the encoding: the municipal facts' centres from the geography (every
    /// municipality counts once), the languages spoken by enough training persons, and a
    /// column for each municipality where someone in training was placed.
    pub fn learn<'a>(
        geography: &[Municipality],
        training: impl Iterator<Item = (&'a PersonFacts, &'a MunicipalityCode)>,
    ) -> FeatureSpace {
        let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
        let mut placed: BTreeSet<String> = BTreeSet::new();
        for (person, municipality) in training {
            for language in &person.languages {
                *speakers.entry(language.as_str().to_owned()).or_default() += 1;
            }
            placed.insert(municipality.as_str().to_owned());
        }
        let mut languages: Vec<(String, usize)> = speakers
            .into_iter()
            .filter(|(_, n)| *n >= MIN_LANGUAGE_SPEAKERS)
            .collect();
        languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        languages.truncate(MAX_LANGUAGES);
        let log_population_mean = mean(geography.iter().filter_map(log_population));
        let variance = mean(
            geography
                .iter()
                .filter_map(log_population)
                .map(|l| (l - log_population_mean).powi(2)),
        );
        FeatureSpace {
            languages: languages.into_iter().map(|(l, _)| l).collect(),
            municipalities: placed.into_iter().collect(),
            employment_rate_mean: mean(geography.iter().filter_map(|m| m.employment_rate())),
            log_population_mean,
            log_population_sd: if variance > 0.0 { variance.sqrt() } else { 1.0 },
            reception_mean: mean(
                geography
                    .iter()
                    .filter_map(|m| m.reception_per_1000())
                    .map(f64::ln_1p),
            ),
        }
    }

    pub fn dense_len(&self) -> usize {
        FIXED_FEATURES.len() + self.languages.len()
    }

    /// Every column: the joint block, then the language × municipality effects.
    pub(crate) fn len(&self) -> usize {
        self.joint_len() + self.languages.len() * self.municipalities.len()
    }

    /// Column names, for reports.
    pub fn names(&self) -> Vec<String> {
        FIXED_FEATURES
            .iter()
            .map(|s| (*s).to_owned())
            .chain(self.languages.iter().map(|l| format!("language_{l}")))
            .chain(
                self.municipalities
                    .iter()
                    .map(|m| format!("municipality_{m}")),
            )
            .chain(self.languages.iter().flat_map(|l| {
                self.municipalities
                    .iter()
                    .map(move |m| format!("language_{l}_in_{m}"))
            }))
            .collect()
    }

    /// Index of the first municipality column.
    pub fn municipality_offset(&self) -> usize {
        self.dense_len()
    }

    /// Columns fitted jointly: everything before the language × municipality effects.
    pub fn joint_len(&self) -> usize {
        self.dense_len() + self.municipalities.len()
    }

    /// The language that marks a person's group for the language × municipality effects:
    /// the least spoken of their feature languages (Tigrinya rather than English), so
    /// that it names their community.
    fn group_of(&self, person: &PersonFacts) -> Option<usize> {
        (0..self.languages.len()).rev().find(|&i| {
            person
                .languages
                .iter()
                .any(|l| l.as_str() == self.languages[i])
        })
    }

    /// The municipality's part of a row. A fact that is not known takes the centre (so
    /// adds nothing) and raises the `municipal_facts_missing` indicator; a municipality
    /// without placements in training has no column of its own (its effect is zero, the
    /// prior's centre).
    pub fn encode_municipality(&self, m: &Municipality) -> EncodedMunicipality {
        let missing = m.employment_rate().is_none()
            || m.population.is_none()
            || m.reception_per_1000().is_none()
            || m.housing_market.is_none();
        let size = log_population(m)
            .map(|l| (l - self.log_population_mean) / self.log_population_sd)
            .unwrap_or(0.0);
        let column = self
            .municipalities
            .binary_search_by(|c| c.as_str().cmp(m.code.as_str()))
            .ok()
            .map(|i| (self.dense_len() + i) as u32);
        EncodedMunicipality {
            dense: [
                m.employment_rate()
                    .map(|r| (r - self.employment_rate_mean) * 10.0)
                    .unwrap_or(0.0),
                size,
                m.reception_per_1000()
                    .map(|r| r.ln_1p() - self.reception_mean)
                    .unwrap_or(0.0),
                f64::from(u8::from(m.housing_market == Some(HousingMarket::Shortage))),
                f64::from(u8::from(m.housing_market == Some(HousingMarket::Surplus))),
                f64::from(u8::from(missing)),
            ],
            size,
            column,
        }
    }

    /// Every municipality of the geography, encoded, by code.
    pub fn encode_geography(
        &self,
        geography: &[Municipality],
    ) -> HashMap<MunicipalityCode, EncodedMunicipality> {
        geography
            .iter()
            .map(|m| (m.code.clone(), self.encode_municipality(m)))
            .collect()
    }

    /// The sparse row of `person` placed in `municipality`: (column, value) pairs.
    pub fn encode(
        &self,
        person: &PersonFacts,
        municipality: &EncodedMunicipality,
        row: &mut Vec<(u32, f64)>,
    ) {
        row.clear();
        let age = f64::from(person.age - 35) / 10.0;
        let female = person.sex == Sex::Female;
        let education_centred = match person.education {
            EducationLevel::None => -1.0,
            EducationLevel::Primary => -0.5,
            EducationLevel::Secondary => 0.3,
            EducationLevel::Tertiary => 1.0,
            EducationLevel::Unknown => -0.3,
        };
        row.push((0, 1.0));
        row.push((1, age));
        row.push((2, age * age));
        if female {
            row.push((3, 1.0));
            if person.young_child {
                row.push((4, 1.0));
            }
        }
        if person.single_parent {
            row.push((5, 1.0));
        }
        let education_column = match person.education {
            EducationLevel::None => None,
            EducationLevel::Primary => Some(6),
            EducationLevel::Secondary => Some(7),
            EducationLevel::Tertiary => Some(8),
            EducationLevel::Unknown => Some(9),
        };
        if let Some(c) = education_column {
            row.push((c, 1.0));
        }
        let municipal = municipality
            .dense
            .iter()
            .copied()
            .chain(std::iter::once(education_centred * municipality.size));
        for (i, value) in municipal.enumerate() {
            if value != 0.0 {
                row.push(((MUNICIPAL_FIRST + i) as u32, value));
            }
        }
        for (i, language) in self.languages.iter().enumerate() {
            if person.languages.iter().any(|l| l.as_str() == language) {
                row.push(((FIXED_FEATURES.len() + i) as u32, 1.0));
            }
        }
        if let Some(column) = municipality.column {
            row.push((column, 1.0));
            if let Some(group) = self.group_of(person) {
                let m = column as usize - self.dense_len();
                let interaction = self.joint_len() + group * self.municipalities.len() + m;
                row.push((interaction as u32, 1.0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn municipality(code: &str, population: Option<u32>) -> Municipality {
        Municipality::new(
            code.parse().expect("code"),
            code,
            "20".parse().expect("region"),
        )
        .with_population(population)
        .with_housing_market(Some(HousingMarket::Shortage))
        .with_employment_rate(Some(0.8))
        .and_then(|m| m.with_reception_per_1000(Some(5.0)))
        .expect("facts in range")
    }

    fn adult() -> PersonFacts {
        PersonFacts {
            age: 35,
            sex: Sex::Female,
            education: EducationLevel::Tertiary,
            languages: ["ar".parse().expect("language")].into_iter().collect(),
            single_parent: false,
            young_child: true,
        }
    }

    #[test]
    fn a_row_holds_the_person_the_place_and_its_own_column() {
        let geography = vec![
            municipality("2080", Some(60_000)),
            municipality("2081", None),
        ];
        let person = adult();
        let code: MunicipalityCode = "2080".parse().expect("code");
        let space = FeatureSpace::learn(&geography, std::iter::once((&person, &code)));
        assert_eq!(space.municipalities, vec!["2080".to_owned()]);
        assert_eq!(space.names().len(), space.len());
        let mut row = Vec::new();
        space.encode(&person, &space.encode_municipality(&geography[0]), &mut row);
        let columns: Vec<u32> = row.iter().map(|(c, _)| *c).collect();
        assert!(columns.contains(&3) && columns.contains(&4) && columns.contains(&8));
        assert!(columns.contains(&13), "housing shortage");
        assert_eq!(
            *columns.last().expect("columns"),
            space.municipality_offset() as u32
        );
        // Unknown population: the missing indicator, and no column of its own.
        let unknown = space.encode_municipality(&geography[1]);
        space.encode(&person, &unknown, &mut row);
        assert!(row.iter().any(|&(c, v)| c == 15 && v == 1.0));
        assert!(row
            .iter()
            .all(|&(c, _)| (c as usize) < space.municipality_offset()));
    }

    #[test]
    fn single_parents_and_young_children_come_from_the_ages() {
        assert_eq!(household_context(&[30, 5], 30), (true, true));
        assert_eq!(household_context(&[30, 31, 9], 30), (false, false));
        assert_eq!(household_context(&[30, 9], 9), (false, false));
    }
}
