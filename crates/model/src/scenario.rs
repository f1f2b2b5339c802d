use crate::{
    Capacity, Country, CriterionWeight, Dwelling, Household, MunicipalDecision, Municipality,
    MunicipalityPriority, Person, Preference, Region, RequestRound, Score,
};

/// What `scenario.toml` says about a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioMeta {
    pub name: String,
    pub country: Country,
    pub year: i32,
    /// Persons the state expects to settle this year, where given.
    pub national_total: Option<u32>,
}

/// A whole scenario: the geography, the year's numbers and decisions, and the batch of
/// households to place. Importers hand one over only when every reference in it resolves
/// (households' ties, capacities, dwellings, scores and persons name known units).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub meta: ScenarioMeta,
    pub regions: Vec<Region>,
    pub municipalities: Vec<Municipality>,
    pub households: Vec<Household>,
    pub persons: Vec<Person>,
    pub capacities: Vec<Capacity>,
    pub dwellings: Vec<Dwelling>,
    pub scores: Vec<Score>,
    pub request_rounds: Vec<RequestRound>,
    pub decisions: Vec<MunicipalDecision>,
    /// Households' rankings of municipalities (empty: nobody stated one).
    pub preferences: Vec<Preference>,
    /// Municipalities' priority groups (empty: arrival order only).
    pub priorities: Vec<MunicipalityPriority>,
    /// What households that rank no municipality weigh instead (`Scenario::rankings`).
    pub criteria: Vec<CriterionWeight>,
}
