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
