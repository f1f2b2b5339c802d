use crate::{DwellingId, HouseholdId, MunicipalityCode, ServiceName, ValueError};
use std::collections::BTreeMap;

/// What a municipality can receive this year: its decided number of persons (including
/// unaccompanied minors, as in "331 decided, of which 25 minors"), how many of those may be
/// unaccompanied minors, and how many households needing each service it can take.
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub municipality: MunicipalityCode,
    persons: u32,
    unaccompanied_minors: u32,
    /// A service not listed means the municipality cannot take households needing it.
    pub services: BTreeMap<ServiceName, u32>,
}

impl Capacity {
    pub fn new(
        municipality: MunicipalityCode,
        persons: u32,
        unaccompanied_minors: u32,
    ) -> Result<Self, ValueError> {
        if unaccompanied_minors > persons {
            return Err(ValueError(format!(
                "unaccompanied_minors ({unaccompanied_minors}) is part of persons ({persons}) and cannot exceed it"
            )));
        }
        Ok(Capacity {
            municipality,
            persons,
            unaccompanied_minors,
            services: BTreeMap::new(),
        })
    }
    pub fn persons(&self) -> u32 {
        self.persons
    }
    pub fn unaccompanied_minors(&self) -> u32 {
        self.unaccompanied_minors
    }
    /// Households needing `service` this municipality can take (0 when not offered).
    pub fn service(&self, service: &ServiceName) -> u32 {
        self.services.get(service).copied().unwrap_or(0)
    }
}

/// Expected outcome of placing a household in a municipality (e.g. employment probability
/// summed over its members). A pair without a score is not eligible.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    value: f64,
}

impl Score {
    pub fn new(
        household: HouseholdId,
        municipality: MunicipalityCode,
        value: f64,
    ) -> Result<Self, ValueError> {
        if !value.is_finite() {
            return Err(ValueError(format!(
                "score must be a finite number, got {value}"
            )));
        }
        Ok(Score {
            household,
            municipality,
            value,
        })
    }
    pub fn value(&self) -> f64 {
        self.value
    }
}

/// One household placed (anvisad / utsøkt) in a municipality, and in a dwelling where known.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    pub dwelling: Option<DwellingId>,
    pub score: f64,
}

/// How one municipality stood for a household when a placement run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The household was placed here.
    Placed,
    /// It would have fitted here as the others were placed; the optimiser chose elsewhere.
    Fits,
    /// A capacity here was used up or missing (the alternative's detail names it).
    Blocked,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Placed => "placed",
            Standing::Fits => "fits",
            Standing::Blocked => "blocked",
        }
    }
}

impl std::str::FromStr for Standing {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        match text {
            "placed" => Ok(Standing::Placed),
            "fits" => Ok(Standing::Fits),
            "blocked" => Ok(Standing::Blocked),
            other => Err(ValueError(format!(
                "standing must be placed, fits or blocked, got {other:?}"
            ))),
        }
    }
}

/// One of a household's best municipalities in a placement run, and why it was or was not
/// used: the run's explanation of its choice, kept with the run because capacities change
/// afterwards and an explanation made later would explain another problem.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementAlternative {
    pub household: HouseholdId,
    pub municipality: MunicipalityCode,
    /// The household's value there as the optimiser counted it (score plus any bonus).
    pub value: f64,
    pub standing: Standing,
    /// What blocked it, e.g. "full (persons 120/120)"; empty when placed or fitting.
    pub detail: String,
}
