//! The domain model of landa: settlement of refugees from the state down to the municipality.
//!
//! Architecture invariant: this crate does no IO and knows nothing of SQL, HTTP, CSV or JSON.
//! Every type here is constructed through a checked constructor or `FromStr`, so a value that
//! exists is valid; importers and the store convert at their edges.

mod access;
mod codes;
mod criteria;
mod error;
mod forecast;
mod geography;
mod history;
mod lifecycle;
mod people;
mod placement;
mod planning;
mod preferences;
mod register;
mod scenario;
mod succession;

pub use access::{HousingCompany, Role};
pub use codes::{
    Country, DwellingId, HouseholdId, LanguageCode, MunicipalityCode, Origin, OutcomeName,
    PersonId, RegionCode, ServiceName,
};
pub use criteria::{
    Criterion, CriterionWeight, CITY_INHABITANTS, MAX_CRITERION_WEIGHT, RANKED_FROM_CRITERIA,
    TOWN_INHABITANTS,
};
pub use error::ValueError;
pub use forecast::{expected_after, expected_by_pace, expected_later, Expected, ForecastPeriod};
pub use geography::{HousingMarket, LanguageForm, Municipality, Region};
pub use history::{History, HouseholdType, PastHousehold, PastPerson, ADULT_AGE};
pub use lifecycle::{
    Destination, HouseholdState, Intake, IntakeCategory, Lifecycle, StateName, Step,
};
pub use people::{Contract, Dwelling, EducationLevel, Household, Person, Sex};
pub use placement::{Capacity, Placement, PlacementAlternative, Score, Standing};
pub use planning::{DecidingBody, MunicipalDecision, MunicipalRequest, RequestRound};
pub use preferences::{
    Mechanism, MunicipalityPriority, Preference, PriorityGroup, LARGE_FAMILY_PERSONS,
};
pub use register::{Activity, Checkpoint, EndReason, PersonStatus, Programme, ProgrammeGoal};
pub use scenario::{Scenario, ScenarioMeta};
pub use succession::{
    absence_explained, code_changes, formerly, not_in_year, today_of, CodeChange,
};

/// Re-exported so that callers name dates the same way the model does.
pub use chrono::NaiveDate;
