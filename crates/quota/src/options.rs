//! What a distribution is run over (units) and how (weights, method, adjustments).

use crate::{Method, QuotaError};
use landa_model::{Country, HousingMarket, Municipality, MunicipalityCode};
use std::fmt;

/// One of the facts the distribution weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Factor {
    /// Size: inhabitants.
    Population,
    /// Labour-market conditions: employed inhabitants.
    LabourMarket,
    /// Newcomers and asylum seekers already received; more received, smaller share.
    Reception,
    /// Housing situation (bostadsmarknad), weighed only by the county step.
    Housing,
    /// How well newcomers fare after the introduction programme there: inhabitants times
    /// the share in work or education a year after it (IMDi's criterion
    /// resultater i introduksjonsprogrammet).
    IntroductionResults,
    /// Places in upper-secondary school open to newly arrived young people (IMDi's
    /// criterion kapasitet i videregående opplæring).
    SchoolCapacity,
}

impl Factor {
    pub const ALL: [Factor; 6] = [
        Factor::Population,
        Factor::LabourMarket,
        Factor::Reception,
        Factor::Housing,
        Factor::IntroductionResults,
        Factor::SchoolCapacity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Population => "population",
            Factor::LabourMarket => "labour_market",
            Factor::Reception => "reception",
            Factor::Housing => "housing",
            Factor::IntroductionResults => "introduction_results",
            Factor::SchoolCapacity => "school_capacity",
        }
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A region or municipality that receives part of a total, with the facts the
/// distribution weighs. Unknown facts are `None`; a unit lacking a fact whose factor
/// has weight is an error that names it, never a silent zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<K> {
    pub key: K,
    pub population: Option<u32>,
    /// Share employed among inhabitants of working age, in 0..=1.
    pub employment_rate: Option<f64>,
    /// Newcomers and asylum seekers already received per 1000 inhabitants (>= 0).
    pub reception_per_1000: Option<f64>,
    pub housing_market: Option<HousingMarket>,
    /// Share of the introduction programme's participants in work or education a year
    /// after it, in 0..=1.
    pub introduction_result_rate: Option<f64>,
    /// Upper-secondary school places open to newly arrived young people.
    pub upper_secondary_places: Option<u32>,
    /// The unit gets at least this many persons (default 0).
    pub floor: u32,
    /// The unit gets at most this many persons, where set.
    pub ceiling: Option<u32>,
    /// The unit is asked for unaccompanied minors. In Sweden every municipality is; in
    /// Norway IMDi asks only those that said they take them (enslige mindreårige).
    pub takes_unaccompanied_minors: bool,
}

impl<K> Unit<K> {
    /// A unit with no facts, floor 0 and no ceiling.
    pub fn new(key: K) -> Self {
        Unit {
            key,
            population: None,
            employment_rate: None,
            reception_per_1000: None,
            housing_market: None,
            introduction_result_rate: None,
            upper_secondary_places: None,
            floor: 0,
            ceiling: None,
            takes_unaccompanied_minors: true,
        }
    }
}

impl From<&Municipality> for Unit<MunicipalityCode> {
    fn from(municipality: &Municipality) -> Self {
        Unit {
            key: municipality.code.clone(),
            population: municipality.population,
            employment_rate: municipality.employment_rate(),
            reception_per_1000: municipality.reception_per_1000(),
            housing_market: municipality.housing_market,
            introduction_result_rate: municipality.introduction_result_rate(),
            upper_secondary_places: municipality.upper_secondary_places,
            floor: 0,
            ceiling: None,
            takes_unaccompanied_minors: municipality.takes_unaccompanied_minors != Some(false),
        }
    }
}

/// How much each factor counts. Only the ratios matter: weights are normalised to sum
/// to 1 before use.
///
/// The default, population 0.4, labour market 0.3, reception 0.3, housing 0: size is the
/// base every rule names first (a share proportional to inhabitants is the neutral
/// reference); labour market and reception modulate it with equal force, as Swedish practice
/// names them side by side; housing is off because only the county step may
/// weigh it and public data on it are rarely complete. Counties that weigh housing set
/// it explicitly. Introduction results and school capacity are Norway's criteria and
/// off by default; [`Weights::for_country`] gives Norway's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub population: f64,
    pub labour_market: f64,
    pub reception: f64,
    pub housing: f64,
    pub introduction_results: f64,
    pub school_capacity: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            population: 0.4,
            labour_market: 0.3,
            reception: 0.3,
            housing: 0.0,
            introduction_results: 0.0,
            school_capacity: 0.0,
        }
    }
}

impl Weights {
    /// The weights of a country's practice. Sweden's are the default. IMDi names four
    /// criteria for its requests (population, employment, introduction programme results,
    /// upper-secondary capacity) without publishing weights; landa reads them as
    /// population 0.4, the base as in Sweden, and 0.2 for each of the other three.
    /// Reception is not among IMDi's criteria.
    pub fn for_country(country: Country) -> Weights {
        match country {
            Country::Sweden => Weights::default(),
            Country::Norway => Weights {
                population: 0.4,
                labour_market: 0.2,
                reception: 0.0,
                housing: 0.0,
                introduction_results: 0.2,
                school_capacity: 0.2,
            },
        }
    }

    /// Inhabitants alone: the neutral reference every other weighing is compared with.
    pub fn population_only() -> Weights {
        Weights {
            population: 1.0,
            labour_market: 0.0,
            reception: 0.0,
            housing: 0.0,
            introduction_results: 0.0,
            school_capacity: 0.0,
        }
    }

    pub fn get(&self, factor: Factor) -> f64 {
        match factor {
            Factor::Population => self.population,
            Factor::LabourMarket => self.labour_market,
            Factor::Reception => self.reception,
            Factor::Housing => self.housing,
            Factor::IntroductionResults => self.introduction_results,
            Factor::SchoolCapacity => self.school_capacity,
        }
    }

    /// The same weights scaled to sum to 1; an error for a negative or non-finite
    /// weight, or when all are 0.
    pub fn normalised(&self) -> Result<Weights, QuotaError> {
        let mut sum = 0.0;
        for factor in Factor::ALL {
            let value = self.get(factor);
            if !(value.is_finite() && value >= 0.0) {
                return Err(QuotaError::InvalidWeight { factor, value });
            }
            sum += value;
        }
        if sum <= 0.0 || !sum.is_finite() {
            return Err(QuotaError::AllWeightsZero);
        }
        Ok(Weights {
            population: self.population / sum,
            labour_market: self.labour_market / sum,
            reception: self.reception / sum,
            housing: self.housing / sum,
            introduction_results: self.introduction_results / sum,
            school_capacity: self.school_capacity / sum,
        })
    }
}

/// A manual change to one unit's number (e.g. the county board agreed a different
/// kommuntal with a municipality). The unit is fixed at `value` and the rest of the
/// total is re-balanced over the other units. A written reason is required.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment<K> {
    pub key: K,
    pub value: u32,
    pub reason: String,
}

/// How one distribution is run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options<K> {
    pub weights: Weights,
    pub method: Method,
    /// Receptions per 1000 inhabitants at which a unit's reception factor is halved:
    /// the factor per inhabitant is `1 / (1 + reception_per_1000 / reception_scale)`.
    /// Default 10: Swedish municipalities carried from a few to several tens per 1000
    /// in 2015-2016, so 10 separates light from heavy reception without letting the
    /// heaviest fall to nothing.
    pub reception_scale: f64,
    /// Adjustments of persons.
    pub adjustments: Vec<Adjustment<K>>,
    /// Adjustments of unaccompanied minors (ensamkommande barn / enslige mindreårige).
    pub minor_adjustments: Vec<Adjustment<K>>,
    /// The fewest persons a unit is asked for: a unit whose number would fall below it
    /// (and above 0) is asked for none, and its share goes to the others. IMDi sends, as a
    /// rule, no request below 10 persons ([`NORWEGIAN_MINIMUM_REQUEST`]); Sweden has no
    /// minimum (0). A unit held up by a floor or an adjustment keeps its number.
    pub minimum: u32,
}

/// IMDi's rule: as a rule, no municipality is asked to settle fewer than 10 persons.
pub const NORWEGIAN_MINIMUM_REQUEST: u32 = 10;

impl<K> Options<K> {
    /// The defaults of a country's practice: its weights, and Norway's minimum request
    /// (none in Sweden).
    pub fn for_country(country: Country) -> Self {
        Options {
            weights: Weights::for_country(country),
            minimum: match country {
                Country::Sweden => 0,
                Country::Norway => NORWEGIAN_MINIMUM_REQUEST,
            },
            ..Options::default()
        }
    }
}

/// See [`Options::reception_scale`].
pub const DEFAULT_RECEPTION_SCALE: f64 = 10.0;

impl<K> Default for Options<K> {
    fn default() -> Self {
        Options {
            weights: Weights::default(),
            method: Method::default(),
            reception_scale: DEFAULT_RECEPTION_SCALE,
            adjustments: Vec::new(),
            minor_adjustments: Vec::new(),
            minimum: 0,
        }
    }
}
